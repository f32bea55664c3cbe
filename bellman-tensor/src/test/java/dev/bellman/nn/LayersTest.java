package dev.bellman.nn;

import dev.bellman.tensor.GradCheck;
import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Tensor;
import dev.bellman.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LayersTest {

    /**
     * Central-difference check of d(Σ w·module(x))/dθ for every element of every parameter
     * (float32 perturbation of size eps; tolerances as GradCheck's: atol + rtol·max(|a|, |n|)).
     */
    static void checkParameterGradients(String name, Module m, Tensor x) {
        Rng rng = new Rng(42);
        Tensor out0 = m.forward(x);
        float[] w = new float[out0.size()];
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian();
        m.zeroGrad();
        m.forward(x).backward(w);
        for (var e : m.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            float[] g = p.grad().clone();
            float[] d = p.data();
            for (int i = 0; i < p.size(); i++) {
                int k = p.offset() + i;
                float orig = d[k];
                float plus = orig + (float) GradCheck.EPS, minus = orig - (float) GradCheck.EPS;
                double lp, lm;
                try (var ng = Tensor.noGrad()) {
                    d[k] = plus;
                    lp = project(m.forward(x), w);
                    d[k] = minus;
                    lm = project(m.forward(x), w);
                } finally {
                    d[k] = orig;
                }
                double num = (lp - lm) / ((double) plus - minus);
                double tol = GradCheck.ATOL + GradCheck.RTOL * Math.max(Math.abs(num), Math.abs(g[i]));
                assertEquals(num, g[i], tol, name + ": d/d " + e.getKey() + "[" + i + "]");
            }
        }
    }

    static double project(Tensor t, float[] w) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) s += (double) w[i] * t.data()[t.offset() + i];
        return s;
    }

    @Test
    void linear_forwardIsXWtPlusB_withPyTorchLayout() {
        Linear l = new Linear(3, 2, LayerInit.constant(0f, 0f), new Rng(0));
        float[] wd = l.weight().data();
        float[] vals = {1, 2, 3, 4, 5, 6}; // W = [[1,2,3],[4,5,6]]
        System.arraycopy(vals, 0, wd, l.weight().offset(), 6);
        l.bias().data()[l.bias().offset()] = 0.5f;
        Tensor y = l.forward(Tensor.of(new float[]{1, 0, -1, 2, 1, 0}, 2, 3));
        assertArrayEquals(new int[]{2, 2}, y.shape());
        assertArrayEquals(new float[]{-1.5f, -2f, 4.5f, 13f}, y.toArray(), 1e-6f);
        assertEquals(List.of("weight", "bias"), List.copyOf(l.namedParameters().keySet()));
        assertArrayEquals(new int[]{2, 3}, l.weight().shape());
        assertNull(new Linear(3, 2, false, LayerInit.torchDefault(), new Rng(0)).bias());
    }

    @Test
    void linear_defaultInitIsWithinPyTorchBounds() {
        Linear l = new Linear(64, 256, new Rng(7));
        double b = 1 / Math.sqrt(64);
        for (float v : l.weight().toArray()) assertTrue(v >= -b && v < b);
        for (float v : l.bias().toArray()) assertTrue(v >= -b && v < b);
        float max = 0;
        for (float v : l.weight().toArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max > 0.95 * b);
    }

    @Test
    void linear_gradients_matchFiniteDifferences() {
        Linear l = new Linear(4, 3, new Rng(1));
        Tensor x = GradCheck.randn(new Rng(2), 5, 4);
        checkParameterGradients("Linear", l, x);
        GradCheck.defaults().gradients("Linear input", in -> l.forward(in[0]), x);
    }

    @Test
    void conv2d_gradients_matchFiniteDifferences() {
        Conv2d c = new Conv2d(2, 3, 3, 2, 1, LayerInit.torchDefault(), new Rng(3));
        Tensor x = GradCheck.randn(new Rng(4), 2, 2, 5, 5);
        assertArrayEquals(new int[]{2, 3, 3, 3}, c.forward(x).shape());
        assertArrayEquals(new int[]{3, 2, 3, 3}, c.weight().shape());
        checkParameterGradients("Conv2d", c, x);
        GradCheck.defaults().gradients("Conv2d input", in -> c.forward(in[0]), x);
    }

    @Test
    void layerNorm_normalisesAndHasCheckedGradients() {
        LayerNormModule ln = new LayerNormModule(6);
        Tensor x = GradCheck.randn(new Rng(5), 3, 6);
        float[] y = ln.forward(x).toArray();
        for (int r = 0; r < 3; r++) {
            double s = 0, s2 = 0;
            for (int j = 0; j < 6; j++) {
                s += y[r * 6 + j];
                s2 += y[r * 6 + j] * y[r * 6 + j];
            }
            assertEquals(0, s / 6, 1e-5);
            assertEquals(1, s2 / 6, 1e-3); // var/(var+eps)
        }
        // move weight and bias away from their initial 1/0 so their gradients are exercised generally
        Init.normal(ln.namedParameters().get("weight"), 1, 0.5, new Rng(6));
        Init.normal(ln.namedParameters().get("bias"), 0, 0.5, new Rng(7));
        checkParameterGradients("LayerNorm", ln, x);
        GradCheck.defaults().gradients("LayerNorm input", in -> ln.forward(in[0]), x);
        assertEquals(0, new LayerNormModule(4, 1e-5f, false).numParameters());
    }

    @Test
    void sequential_namesChildrenByPosition_likePyTorch() {
        Sequential s = new Sequential(new Linear(3, 4, new Rng(0)), Activation.relu(), new Linear(4, 2, new Rng(1)));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(s.namedParameters().keySet()));
        assertEquals(3, s.size());
        Tensor x = Tensor.of(new float[]{1, -2, 3}, 1, 3);
        Tensor manual = ((Linear) s.get(2)).forward(s.get(0).forward(x).relu());
        assertArrayEquals(manual.toArray(), s.forward(x).toArray());
    }

    @Test
    void mlp_buildsCleanRlActorLayout() {
        Sequential actor = Mlp.builder(4, 64, 64, 2).activation(Activation::tanh)
                .init(LayerInit.orthogonal(Math.sqrt(2), 0)).outputInit(LayerInit.orthogonal(0.01, 0)).build(new Rng(1));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(actor.namedParameters().keySet()));
        assertEquals(4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2, actor.numParameters());
        assertEquals("Tanh", ((Activation) actor.get(1)).name());
        InitTest.assertOrthogonal(actor.namedParameters().get("4.weight"), 0.01);
        InitTest.assertOrthogonal(actor.namedParameters().get("0.weight"), Math.sqrt(2));
        assertEquals(0f, actor.namedParameters().get("2.bias").get(5));
        assertArrayEquals(new int[]{7, 2}, actor.forward(Tensor.zeros(7, 4)).shape());

        Sequential withLn = Mlp.builder(3, 8, 1).layerNorm(true).outputActivation(Activation::sigmoid).build(new Rng(2));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"),
                List.copyOf(withLn.namedParameters().keySet()));
        assertEquals(5, withLn.size());
        float out = withLn.forward(Tensor.of(new float[]{1, 2, 3}, 1, 3)).item();
        assertTrue(out > 0 && out < 1);
    }

    @Test
    void mlp_sameSeedSameWeights() {
        Sequential a = Mlp.builder(5, 16, 3).build(new Rng(9)), b = Mlp.builder(5, 16, 3).build(new Rng(9));
        for (var e : a.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), b.namedParameters().get(e.getKey()).toArray(), e.getKey());
        }
    }

    @Test
    void natureCnn_hasTheNatureArchitecture() {
        NatureCnn net = new NatureCnn(new Rng(0));
        Map<String, Tensor> p = net.namedParameters();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "7.weight", "7.bias"),
                List.copyOf(p.keySet()));
        assertArrayEquals(new int[]{32, 4, 8, 8}, p.get("0.weight").shape());
        assertArrayEquals(new int[]{64, 32, 4, 4}, p.get("2.weight").shape());
        assertArrayEquals(new int[]{64, 64, 3, 3}, p.get("4.weight").shape());
        assertArrayEquals(new int[]{512, 3136}, p.get("7.weight").shape());
        assertEquals(8224 + 32832 + 36928 + 1606144, net.numParameters());
        Tensor x = GradCheck.uniform(new Rng(1), 0, 255, 2, 4, 84, 84);
        Tensor y = net.forward(x);
        assertArrayEquals(new int[]{2, 512}, y.shape());
        for (float v : y.toArray()) assertTrue(v >= 0, "ends with ReLU");
        // scaling by 1/255 inside equals feeding pre-scaled input to an unscaled copy
        NatureCnn unscaled = new NatureCnn(4, 84, 84, false, LayerInit.torchDefault(), new Rng(0));
        assertArrayEquals(y.toArray(), unscaled.forward(x.div(255f)).toArray(), 1e-5f);
        assertEquals(512, net.outputDim());
    }

    @Test
    void minAtarCnn_hasTheMinAtarArchitecture() {
        MinAtarCnn net = new MinAtarCnn(6, new Rng(0));
        Map<String, Tensor> p = net.namedParameters();
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), List.copyOf(p.keySet()));
        assertArrayEquals(new int[]{16, 6, 3, 3}, p.get("0.weight").shape());
        assertArrayEquals(new int[]{128, 1024}, p.get("3.weight").shape());
        Tensor y = net.forward(GradCheck.uniform(new Rng(1), 0, 1, 3, 6, 10, 10));
        assertArrayEquals(new int[]{3, 128}, y.shape());
        assertEquals(128, net.outputDim());
    }

    @Test
    void adam_fitsSmallRegression_endToEnd() {
        // y = sin(2x₀) + 0.5·x₁ on 128 fixed points; a 2-32-32-1 tanh MLP with Adam(1e-2)
        Rng rng = new Rng(123);
        int n = 128;
        float[] xs = new float[2 * n], ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[2 * i] = (float) (rng.nextDouble() * 2 - 1);
            xs[2 * i + 1] = (float) (rng.nextDouble() * 2 - 1);
            ys[i] = (float) (Math.sin(2 * xs[2 * i]) + 0.5 * xs[2 * i + 1]);
        }
        Tensor x = Tensor.of(xs, n, 2), y = Tensor.of(ys, n, 1);
        Sequential net = Mlp.builder(2, 32, 32, 1).activation(Activation::tanh).build(new Rng(5));
        Adam opt = new Adam(net.parameters(), 1e-2);
        float first = 0, last = 0;
        for (int step = 0; step < 400; step++) {
            Tensor loss = Losses.mse(net.forward(x), y);
            if (step == 0) first = loss.item();
            last = loss.item();
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        System.out.printf("adam regression: mse %.5f -> %.6f after 400 steps%n", first, last);
        assertTrue(first > 0.1f, "initial loss " + first);
        assertTrue(last < 2e-3f, "final loss " + last + " (initial " + first + ")");
    }
}
