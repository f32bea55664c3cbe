package dev.bellman.nn;

import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.GradCheck;
import dev.bellman.tensor.Ops;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** ImpalaCnn: CleanRL's parameter names and shapes, the Fig. 3 wiring written out by hand, gradients, byte input. */
class ImpalaCnnTest {

    @Test
    void standardTorso_hasCleanRlParameterNamesAndShapes() {
        ImpalaCnn net = new ImpalaCnn(3, new Rng(0));
        Map<String, Tensor> p = net.namedParameters();
        assertEquals(List.of(
                "0.conv.weight", "0.conv.bias",
                "0.res_block0.conv0.weight", "0.res_block0.conv0.bias", "0.res_block0.conv1.weight", "0.res_block0.conv1.bias",
                "0.res_block1.conv0.weight", "0.res_block1.conv0.bias", "0.res_block1.conv1.weight", "0.res_block1.conv1.bias",
                "1.conv.weight", "1.conv.bias",
                "1.res_block0.conv0.weight", "1.res_block0.conv0.bias", "1.res_block0.conv1.weight", "1.res_block0.conv1.bias",
                "1.res_block1.conv0.weight", "1.res_block1.conv0.bias", "1.res_block1.conv1.weight", "1.res_block1.conv1.bias",
                "2.conv.weight", "2.conv.bias",
                "2.res_block0.conv0.weight", "2.res_block0.conv0.bias", "2.res_block0.conv1.weight", "2.res_block0.conv1.bias",
                "2.res_block1.conv0.weight", "2.res_block1.conv0.bias", "2.res_block1.conv1.weight", "2.res_block1.conv1.bias",
                "5.weight", "5.bias"), List.copyOf(p.keySet()));
        assertArrayEquals(new int[]{16, 3, 3, 3}, p.get("0.conv.weight").shape());
        assertArrayEquals(new int[]{32, 16, 3, 3}, p.get("1.conv.weight").shape());
        assertArrayEquals(new int[]{32, 32, 3, 3}, p.get("2.res_block1.conv1.weight").shape());
        assertArrayEquals(new int[]{256, 32 * 8 * 8}, p.get("5.weight").shape());
        assertEquals(256, net.outputDim());
        assertArrayEquals(new int[]{2, 256}, net.forward(Tensor.zeros(2, 3, 64, 64)).shape());
    }

    /** Fig. 3 written out with ops and the state dict's names. */
    private static Tensor reference(Map<String, Tensor> p, Tensor x, int stacks) {
        Tensor h = x;
        for (int k = 0; k < stacks; k++) {
            h = Ops.conv2d(h, p.get(k + ".conv.weight"), p.get(k + ".conv.bias"), 1, 1);
            h = Ops.maxPool2d(h, 3, 2, 1);
            for (String blk : new String[]{".res_block0", ".res_block1"}) {
                Tensor r = Ops.conv2d(h.relu(), p.get(k + blk + ".conv0.weight"), p.get(k + blk + ".conv0.bias"), 1, 1);
                r = Ops.conv2d(r.relu(), p.get(k + blk + ".conv1.weight"), p.get(k + blk + ".conv1.bias"), 1, 1);
                h = h.add(r);
            }
        }
        String fc = Integer.toString(stacks + 2);
        return Tensor.linear(h.relu().flatten(1), p.get(fc + ".weight"), p.get(fc + ".bias")).relu();
    }

    @Test
    void forward_isFig3WiringWithScaledInput_andBytesGiveTheSameBits() {
        Rng rng = new Rng(5);
        ImpalaCnn net = new ImpalaCnn(2, 11, 9, new int[]{4, 3}, 6, true, LayerInit.torchDefault(), rng);
        byte[] b = new byte[2 * 2 * 11 * 9];
        for (int i = 0; i < b.length; i++) b[i] = (byte) rng.nextInt(256);
        ByteImages img = new ByteImages(b, 0, 2, 2, 11, 9);
        Tensor x = img.toTensor(1f);
        float[] expected = reference(net.namedParameters(), x.div(255f), 2).toArray();
        float[] viaFloats = net.forward(x).toArray(), viaBytes = net.forward(img).toArray();
        assertArrayEquals(expected, viaFloats, 0f);
        assertArrayEquals(expected, viaBytes, 0f);
        assertArrayEquals(new int[]{2, 6}, net.forward(img).shape()); // 11x9 → 6x5 → 3x3: 3·3·3 = 27 inputs to the linear layer
    }

    /**
     * Every parameter against one-sided differences. As a function of one weight the torso is piecewise
     * linear (convolutions, sums, ReLU, max pooling, linear), so away from a kink the left and right
     * quotients both equal the derivative, and at a kink within ε the analytic gradient must equal one
     * of them. GradCheck's central difference does not fit: ten layers of ReLU and max pooling put kinks
     * within ε of several weights (for {@code 0.conv.weight[44]} the central quotient is −0.0289, −0.0301,
     * −0.0313, −0.0315 at ε = 3e-2, 1e-2, 3e-3, 1e-3 against the analytic −0.03155).
     */
    @Test
    void parameterGradients_matchFiniteDifferences() {
        ImpalaCnn net = new ImpalaCnn(2, 6, 5, new int[]{3, 2}, 4, false, LayerInit.torchDefault(), new Rng(8));
        Tensor x = GradCheck.randn(new Rng(9), 2, 2, 6, 5);
        Rng rng = new Rng(42);
        float[] w = new float[2 * 4];
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian();
        net.zeroGrad();
        net.forward(x).backward(w);
        double eps = 1e-3;
        int checked = 0;
        for (var e : net.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            float[] d = p.data();
            for (int i = 0; i < p.size(); i++) {
                int k = p.offset() + i;
                float orig = d[k], plus = (float) (orig + eps), minus = (float) (orig - eps);
                double lp, lm, l0;
                try (var ng = Tensor.noGrad()) {
                    l0 = project(net.forward(x), w);
                    d[k] = plus;
                    lp = project(net.forward(x), w);
                    d[k] = minus;
                    lm = project(net.forward(x), w);
                } finally {
                    d[k] = orig;
                }
                double right = (lp - l0) / ((double) plus - orig), left = (l0 - lm) / ((double) orig - minus);
                double analytic = p.grad()[i];
                assertTrue(close(analytic, right) || close(analytic, left),
                        "d/d " + e.getKey() + "[" + i + "]: analytic " + analytic + ", one-sided " + left + " and " + right);
                checked++;
            }
        }
        assertEquals(net.numParameters(), checked);
    }

    private static boolean close(double a, double n) {
        return Math.abs(a - n) <= 1e-3 + 1e-2 * Math.max(Math.abs(a), Math.abs(n));
    }

    private static double project(Tensor t, float[] w) {
        float[] d = t.toArray();
        double s = 0;
        for (int i = 0; i < d.length; i++) s += (double) d[i] * w[i];
        return s;
    }
}
