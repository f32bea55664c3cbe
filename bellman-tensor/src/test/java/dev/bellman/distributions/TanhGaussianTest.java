package dev.bellman.distributions;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.bellman.distributions.CategoricalTest.assertClose;
import static dev.bellman.distributions.CategoricalTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TanhGaussianTest {

    /** The change-of-variables density in double: N(atanh a; μ, σ) / (1 − a²). */
    static double density(double a, double mu, double sigma) {
        double u = 0.5 * Math.log((1 + a) / (1 - a));
        double z = (u - mu) / sigma;
        return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI)) / (1 - a * a);
    }

    @Test
    void logProb_matchesTorchTransformedDistribution() {
        Map<String, Object> f = fixture("tanh_gaussian");
        int b = MiniJson.integer(f, "B"), d = MiniJson.integer(f, "D");
        TanhGaussian g = new TanhGaussian(Tensor.of(MiniJson.floats(f, "mean"), b, d),
                Tensor.of(MiniJson.floats(f, "log_std"), b, d));
        double[] expected = MiniJson.doubles(f, "log_prob");
        assertClose("logProbPreTanh", expected, g.logProbPreTanh(Tensor.of(MiniJson.floats(f, "pre_tanh"), b, d)).toArray(), 1e-4, 2e-6);
        // From the squashed action the float32 atanh loses precision near ±1 (the fixture has u = 4.5): looser.
        assertClose("logProb(action)", expected, g.logProb(Tensor.of(MiniJson.floats(f, "actions"), b, d)).toArray(), 2e-2, 1e-3);
    }

    @Test
    void density_integratesToOne_andMatchesChangeOfVariablesAtPoints() {
        double[][] cases = {{0.3, 0.8}, {-1.2, 0.5}, {0.0, 1.5}, {2.0, 0.3}};
        int n = 200_000; // midpoint rule on a grid over (−1, 1)
        for (double[] c : cases) {
            double mu = c[0], sigma = c[1];
            float[] u = new float[n];
            float[] means = new float[n];
            for (int i = 0; i < n; i++) {
                double a = -1 + (i + 0.5) * 2.0 / n;
                u[i] = (float) (0.5 * Math.log((1 + a) / (1 - a)));
                means[i] = (float) mu;
            }
            TanhGaussian g = new TanhGaussian(Tensor.of(means, n, 1), Tensor.of(new float[]{(float) Math.log(sigma)}, 1));
            float[] lp = g.logProbPreTanh(Tensor.of(u, n, 1)).toArray();
            double integral = 0;
            for (int i = 0; i < n; i++) integral += Math.exp(lp[i]) * (2.0 / n);
            assertEquals(1.0, integral, 2e-3, "∫ π(a) da over (−1, 1) for μ=" + mu + " σ=" + sigma);
            for (int i = 1370; i < n; i += 19310) {
                double a = Math.tanh(u[i]); // the point the float pre-tanh value actually represents
                double ref = density(a, (float) mu, (float) Math.exp((float) Math.log(sigma)));
                if (ref < 1e-30) continue;
                assertEquals(Math.log(ref), lp[i], 2e-4 + 1e-5 * Math.abs(Math.log(ref)),
                        "log-density at a=" + a + " for μ=" + mu + " σ=" + sigma);
            }
        }
    }

    @Test
    void logProb_staysFiniteAndExactWhenSaturated() {
        // 1 − tanh²(12) underflows to 0 in float32; the stable form still gives the exact Jacobian −2(12 − log 2 + log1p(e^−24)).
        float u = 12f;
        TanhGaussian g = new TanhGaussian(Tensor.of(new float[]{11f}, 1, 1), Tensor.zeros(1));
        float lp = g.logProbPreTanh(Tensor.of(new float[]{u}, 1, 1)).item();
        double expected = -0.5 - 0.5 * Math.log(2 * Math.PI) - 2 * (Math.log(2) - u - Math.log1p(Math.exp(-2.0 * u)));
        assertEquals(expected, lp, 1e-4);
        Tensor mean = Tensor.parameter(new float[]{11f}, 1, 1);
        Tensor logStd = Tensor.parameter(new float[]{0f}, 1);
        new TanhGaussian(mean, logStd).logProbPreTanh(Tensor.of(new float[]{u}, 1, 1)).sum().backward();
        assertEquals(1.0, mean.grad()[0], 1e-5, "d logN/dμ = (u − μ)/σ²");
        assertTrue(Float.isFinite(logStd.grad()[0]));
    }

    @Test
    void gradients_ofRsampleActionAndLogProb_matchFiniteDifferences() {
        int b = 3, d = 2;
        Tensor mean = Tensor.parameter(DistGradCheck.randomFloats(41, b * d, 0.8), b, d);
        Tensor logStd = Tensor.parameter(DistGradCheck.randomFloats(42, b * d, 0.3), b, d);
        Tensor sharedLogStd = Tensor.parameter(DistGradCheck.randomFloats(43, d, 0.3), d);
        double[] w = DistGradCheck.weights(44, b);
        DistGradCheck.check("rsample action", List.of(mean, logStd),
                () -> new TanhGaussian(mean, logStd).rsample(new Rng(5)).action(), DistGradCheck.weights(45, b * d), 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("rsample logProb", List.of(mean, logStd),
                () -> new TanhGaussian(mean, logStd).rsample(new Rng(6)).logProb(), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("rsample logProb, shared logStd", List.of(mean, sharedLogStd),
                () -> new TanhGaussian(mean, sharedLogStd).rsample(new Rng(7)).logProb(), w, 1e-2, 1e-3, 1e-2);
        Tensor u = Tensor.parameter(DistGradCheck.randomFloats(46, b * d, 1.0), b, d);
        DistGradCheck.check("logProbPreTanh wrt u, μ, logσ", List.of(u, mean, logStd),
                () -> new TanhGaussian(mean, logStd).logProbPreTanh(u), w, 1e-2, 1e-3, 1e-2);
        Tensor a = Tensor.parameter(new float[]{0.3f, -0.5f, 0.1f, 0.7f, -0.2f, 0.05f}, b, d);
        DistGradCheck.check("logProb wrt action", List.of(a, mean), () -> new TanhGaussian(mean, logStd).logProb(a),
                w, 1e-3, 1e-2, 1e-2);
    }

    @Test
    void rsample_logProb_equalsLogProbOfItsPreTanhSample_andActionIsTanh() {
        Tensor mean = Tensor.of(new float[]{0.2f, -0.4f, 1.0f, 0.0f}, 2, 2);
        TanhGaussian g = new TanhGaussian(mean, Tensor.of(new float[]{-0.5f, 0.2f}, 2));
        TanhGaussian.Sample s = g.rsample(new Rng(8));
        assertArrayEquals(g.logProbPreTanh(s.preTanh()).toArray(), s.logProb().toArray(), 1e-6f);
        float[] u = s.preTanh().toArray(), a = s.action().toArray();
        for (int i = 0; i < u.length; i++) assertEquals(Math.tanh(u[i]), a[i], 1e-6);
    }

    @Test
    void sample_isInsideTheBox_andHasTheRightMoments() {
        int n = 20_000;
        double mu = 0.5, sigma = 0.7;
        float[] means = new float[n];
        java.util.Arrays.fill(means, (float) mu);
        TanhGaussian g = new TanhGaussian(Tensor.of(means, n, 1), Tensor.of(new float[]{(float) Math.log(sigma)}, 1));
        float[] a = g.sample(new Rng(12)).toArray();
        double m1 = 0, m2 = 0;
        for (float v : a) {
            assertTrue(v > -1f && v < 1f, "action " + v + " outside (−1, 1)");
            m1 += v;
            m2 += (double) v * v;
        }
        m1 /= n;
        m2 /= n;
        // E[tanh(u)] and E[tanh²(u)] by quadrature over u.
        double e1 = 0, e2 = 0, h = 1e-3;
        for (double u = mu - 10 * sigma; u <= mu + 10 * sigma; u += h) {
            double z = (u - mu) / sigma;
            double pdf = Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
            e1 += Math.tanh(u) * pdf * h;
            e2 += Math.tanh(u) * Math.tanh(u) * pdf * h;
        }
        double sd = Math.sqrt(e2 - e1 * e1);
        assertEquals(e1, m1, 5 * sd / Math.sqrt(n), "E[a]");
        assertEquals(e2, m2, 5 * Math.sqrt(e2) / Math.sqrt(n), "E[a²]");
    }

    @Test
    void mode_isTanhOfTheMean() {
        Tensor mean = Tensor.of(new float[]{-2f, 0f, 0.5f}, 1, 3);
        float[] m = new TanhGaussian(mean, Tensor.zeros(3)).mode().toArray();
        assertEquals(Math.tanh(-2), m[0], 1e-6);
        assertEquals(0.0, m[1], 1e-7);
        assertEquals(Math.tanh(0.5), m[2], 1e-6);
    }
}
