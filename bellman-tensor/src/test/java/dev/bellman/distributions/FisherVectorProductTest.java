package dev.bellman.distributions;

import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the exact Fisher-vector product against two independent references computed in double precision
 * on the same tiny networks: (1) the Fisher matrix {@code (1/B) Σ_b J_bᵀ M_b J_b} built explicitly from a
 * Jacobian taken by central differences of a double re-implementation of the network, and (2) the Hessian
 * of the mean KL(π_old ‖ π_θ) at θ_old by second differences.
 */
class FisherVectorProductTest {

    static final int B = 5, IN = 3, HID = 4;

    /** Float32 parameters of a tiny tanh MLP plus a double twin that reads the same values. */
    static final class TinyNet {
        final int out;
        final boolean logStdParam; // Gaussian: the output is the mean, plus a state-independent log-std parameter [out]
        final List<Tensor> params = new ArrayList<>();
        final float[] x;

        TinyNet(long seed, int out, boolean logStdParam) {
            this.out = out;
            this.logStdParam = logStdParam;
            params.add(Tensor.parameter(DistGradCheck.randomFloats(seed, HID * IN, 0.7), HID, IN));
            params.add(Tensor.parameter(DistGradCheck.randomFloats(seed + 1, HID, 0.3), HID));
            params.add(Tensor.parameter(DistGradCheck.randomFloats(seed + 2, out * HID, 0.7), out, HID));
            params.add(Tensor.parameter(DistGradCheck.randomFloats(seed + 3, out, 0.3), out));
            if (logStdParam) params.add(Tensor.parameter(DistGradCheck.randomFloats(seed + 4, out, 0.3), out));
            x = DistGradCheck.randomFloats(seed + 5, B * IN, 1.0);
        }

        int dimension() {
            int n = 0;
            for (Tensor p : params) n += p.size();
            return n;
        }

        /** The network output [B, out] in float32 with the tape. */
        Tensor forward() {
            Tensor h = Tensor.linear(Tensor.of(x.clone(), B, IN), params.get(0), params.get(1)).tanh();
            return Tensor.linear(h, params.get(2), params.get(3));
        }

        double[] theta() {
            double[] t = new double[dimension()];
            int k = 0;
            for (Tensor p : params) for (float v : p.toArray()) t[k++] = v;
            return t;
        }

        /** Distribution parameters per row in double: [B, P] flattened (Gaussian: mean then log-std). */
        double[] eta(double[] th) {
            int w1 = 0, b1 = w1 + HID * IN, w2 = b1 + HID, b2 = w2 + out * HID, ls = b2 + out;
            int p = logStdParam ? 2 * out : out;
            double[] e = new double[B * p];
            double[] h = new double[HID];
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < HID; j++) {
                    double s = th[b1 + j];
                    for (int i = 0; i < IN; i++) s += th[w1 + j * IN + i] * x[b * IN + i];
                    h[j] = Math.tanh(s);
                }
                for (int o = 0; o < out; o++) {
                    double s = th[b2 + o];
                    for (int j = 0; j < HID; j++) s += th[w2 + o * HID + j] * h[j];
                    e[b * p + o] = s;
                }
                if (logStdParam) for (int d = 0; d < out; d++) e[b * p + out + d] = th[ls + d];
            }
            return e;
        }
    }

    // ---------------------------------------------------------------- policies

    /** Categorical over 3 actions from the 3→4→3 net. */
    static Categorical categorical(TinyNet net) {
        return new Categorical(net.forward());
    }

    /** Gaussian over 2 dims: the net's output is the mean; log-std is a free [2] parameter. */
    static DiagGaussian gaussianShared(TinyNet net) {
        return new DiagGaussian(net.forward(), net.params.get(4));
    }

    /** Gaussian over 2 dims with a state-dependent log-std: the net outputs [mean, logStd]. */
    static DiagGaussian gaussianHead(TinyNet net) {
        Tensor[] parts = net.forward().split(1, 2, 2);
        return new DiagGaussian(parts[0], parts[1]);
    }

    // ---------------------------------------------------------------- double references

    /** Fisher of the distribution in its own parameters for one row (P×P). */
    interface RowMetric {
        double[][] at(double[] etaRow);
    }

    static final RowMetric CATEGORICAL_METRIC = e -> {
        double[] p = softmax(e);
        double[][] m = new double[p.length][p.length];
        for (int i = 0; i < p.length; i++) for (int j = 0; j < p.length; j++) m[i][j] = (i == j ? p[i] : 0) - p[i] * p[j];
        return m;
    };

    static final RowMetric GAUSSIAN_METRIC = e -> {
        int d = e.length / 2;
        double[][] m = new double[e.length][e.length];
        for (int j = 0; j < d; j++) {
            m[j][j] = Math.exp(-2 * e[d + j]);
            m[d + j][d + j] = 2;
        }
        return m;
    };

    /** (1/B) Σ_b J_bᵀ M_b J_b with J by central differences in double. */
    static double[][] explicitFisher(Function<double[], double[]> eta, double[] theta, int p, RowMetric metric) {
        int n = theta.length;
        double h = 1e-6;
        double[][] jac = new double[B * p][n];
        for (int c = 0; c < n; c++) {
            double[] tp = theta.clone(), tm = theta.clone();
            tp[c] += h;
            tm[c] -= h;
            double[] ep = eta.apply(tp), em = eta.apply(tm);
            for (int r = 0; r < B * p; r++) jac[r][c] = (ep[r] - em[r]) / (2 * h);
        }
        double[] e0 = eta.apply(theta);
        double[][] f = new double[n][n];
        for (int b = 0; b < B; b++) {
            double[][] m = metric.at(java.util.Arrays.copyOfRange(e0, b * p, (b + 1) * p));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int r = 0; r < p; r++) for (int q = 0; q < p; q++) s += jac[b * p + r][i] * m[r][q] * jac[b * p + q][j];
                    f[i][j] += s / B;
                }
            }
        }
        return f;
    }

    /** The Hessian of a scalar function by second central differences in double. */
    static double[][] hessian(ToDoubleFunction<double[]> fn, double[] theta) {
        int n = theta.length;
        double h = 1e-4;
        double[][] hs = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double[] pp = theta.clone(), pm = theta.clone(), mp = theta.clone(), mm = theta.clone();
                pp[i] += h; pp[j] += h;
                pm[i] += h; pm[j] -= h;
                mp[i] -= h; mp[j] += h;
                mm[i] -= h; mm[j] -= h;
                hs[i][j] = (fn.applyAsDouble(pp) - fn.applyAsDouble(pm) - fn.applyAsDouble(mp) + fn.applyAsDouble(mm)) / (4 * h * h);
            }
        }
        return hs;
    }

    static double meanKlCategorical(double[] etaOld, double[] eta, int k) {
        double s = 0;
        for (int b = 0; b < B; b++) {
            double[] lp = logSoftmax(java.util.Arrays.copyOfRange(etaOld, b * k, (b + 1) * k));
            double[] lq = logSoftmax(java.util.Arrays.copyOfRange(eta, b * k, (b + 1) * k));
            for (int j = 0; j < k; j++) s += Math.exp(lp[j]) * (lp[j] - lq[j]);
        }
        return s / B;
    }

    static double meanKlGaussian(double[] etaOld, double[] eta, int d) {
        double s = 0;
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < d; j++) {
                double m0 = etaOld[b * 2 * d + j], l0 = etaOld[b * 2 * d + d + j];
                double m1 = eta[b * 2 * d + j], l1 = eta[b * 2 * d + d + j];
                s += l1 - l0 + (Math.exp(2 * l0) + (m0 - m1) * (m0 - m1)) / (2 * Math.exp(2 * l1)) - 0.5;
            }
        }
        return s / B;
    }

    // ---------------------------------------------------------------- checks

    /** Compares every column F·e_i and a few random F·v against the reference matrix. */
    static void assertMatches(String what, FisherVectorProduct fvp, double[][] ref, double rtol) {
        int n = ref.length;
        assertEquals(n, fvp.dimension());
        double scale = 0;
        for (double[] row : ref) for (double v : row) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 1e-3, what + ": reference Fisher is degenerate");
        for (int c = 0; c < n; c++) {
            float[] e = new float[n];
            e[c] = 1f;
            float[] col = fvp.apply(e);
            for (int r = 0; r < n; r++) {
                assertEquals(ref[r][c], col[r], rtol * scale, what + ": F[" + r + "][" + c + "]");
            }
        }
        java.util.Random rnd = new java.util.Random(17);
        for (int t = 0; t < 3; t++) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) rnd.nextGaussian();
            float[] got = fvp.apply(v);
            double err = 0, norm = 0;
            for (int r = 0; r < n; r++) {
                double s = 0;
                for (int c = 0; c < n; c++) s += ref[r][c] * v[c];
                err += (got[r] - s) * (got[r] - s);
                norm += s * s;
            }
            assertTrue(Math.sqrt(err) <= rtol * Math.sqrt(norm),
                    what + ": ‖F·v − ref‖ / ‖ref‖ = " + Math.sqrt(err / norm) + " for random v " + t);
        }
    }

    static void assertMatricesClose(String what, double[][] a, double[][] b, double rtol) {
        double scale = 0;
        for (double[] row : b) for (double v : row) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) assertEquals(b[i][j], a[i][j], rtol * scale, what + "[" + i + "][" + j + "]");
        }
    }

    @Test
    void categorical_equalsExplicitFisherAndHessianOfMeanKl() {
        TinyNet net = new TinyNet(100, 3, false);
        double[] theta = net.theta();
        double[][] fisher = explicitFisher(net::eta, theta, 3, CATEGORICAL_METRIC);
        double[] etaOld = net.eta(theta);
        double[][] klHessian = hessian(th -> meanKlCategorical(etaOld, net.eta(th), 3), theta);
        assertMatricesClose("categorical: explicit Fisher vs KL Hessian", fisher, klHessian, 1e-5);

        FisherVectorProduct fvp = FisherVectorProduct.categorical(net.params, () -> categorical(net), 0f);
        assertMatches("categorical vs explicit Fisher", fvp, fisher, 1e-4);
        assertMatches("categorical vs KL Hessian", fvp, klHessian, 1e-4);
    }

    @Test
    void diagGaussian_sharedLogStd_equalsExplicitFisherAndHessianOfMeanKl() {
        TinyNet net = new TinyNet(200, 2, true);
        double[] theta = net.theta();
        double[][] fisher = explicitFisher(net::eta, theta, 4, GAUSSIAN_METRIC);
        double[] etaOld = net.eta(theta);
        double[][] klHessian = hessian(th -> meanKlGaussian(etaOld, net.eta(th), 2), theta);
        assertMatricesClose("gaussian: explicit Fisher vs KL Hessian", fisher, klHessian, 1e-5);

        FisherVectorProduct fvp = FisherVectorProduct.diagGaussian(net.params, () -> gaussianShared(net), 0f);
        assertMatches("gaussian (shared log-std) vs explicit Fisher", fvp, fisher, 1e-4);
        assertMatches("gaussian (shared log-std) vs KL Hessian", fvp, klHessian, 1e-4);
    }

    @Test
    void diagGaussian_stateDependentLogStd_equalsExplicitFisher() {
        TinyNet net = new TinyNet(300, 4, false); // outputs [mean(2), logStd(2)]
        double[] theta = net.theta();
        double[][] fisher = explicitFisher(net::eta, theta, 4, GAUSSIAN_METRIC);
        FisherVectorProduct fvp = FisherVectorProduct.diagGaussian(net.params, () -> gaussianHead(net), 0f);
        assertMatches("gaussian (log-std head) vs explicit Fisher", fvp, fisher, 1e-4);
    }

    @Test
    void damping_addsLambdaTimesV() {
        TinyNet net = new TinyNet(400, 3, false);
        FisherVectorProduct plain = FisherVectorProduct.categorical(net.params, () -> categorical(net), 0f);
        FisherVectorProduct damped = FisherVectorProduct.categorical(net.params, () -> categorical(net), 0.1f);
        float[] v = DistGradCheck.randomFloats(5, plain.dimension(), 1.0);
        float[] a = plain.apply(v), b = damped.apply(v);
        for (int i = 0; i < v.length; i++) assertEquals(a[i] + 0.1f * v[i], b[i], 1e-6f);
        assertThrows(IllegalArgumentException.class,
                () -> FisherVectorProduct.categorical(net.params, () -> categorical(net), -1f));
        assertThrows(IllegalArgumentException.class, () -> plain.apply(new float[3]));
    }

    @Test
    void apply_leavesParameterGradientsUntouched() {
        TinyNet net = new TinyNet(500, 3, false);
        FisherVectorProduct fvp = FisherVectorProduct.categorical(net.params, () -> categorical(net), 0f);
        fvp.apply(DistGradCheck.randomFloats(6, fvp.dimension(), 1.0));
        for (Tensor p : net.params) {
            float[] g = p.grad();
            if (g != null) for (float v : g) assertEquals(0f, v, "a parameter gradient was left behind");
        }
    }

    @Test
    void construction_underNoGrad_throwsExplaining() {
        TinyNet net = new TinyNet(600, 3, false);
        try (var g = Tensor.noGrad()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> FisherVectorProduct.categorical(net.params, () -> categorical(net), 0f));
            assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        }
    }

    @Test
    void maskedCategorical_fisherIgnoresMaskedActions() {
        // With action 0 masked in every row, F equals the Fisher of the 2-action softmax over the other logits.
        TinyNet net = new TinyNet(700, 3, false);
        boolean[] mask = {false, true, true};
        double[] theta = net.theta();
        RowMetric reduced = e -> {
            double[][] m2 = CATEGORICAL_METRIC.at(new double[]{e[1], e[2]});
            return new double[][]{{0, 0, 0}, {0, m2[0][0], m2[0][1]}, {0, m2[1][0], m2[1][1]}};
        };
        double[][] fisher = explicitFisher(net::eta, theta, 3, reduced);
        FisherVectorProduct fvp = FisherVectorProduct.categorical(net.params, () -> new Categorical(net.forward(), mask), 0f);
        assertMatches("masked categorical vs explicit Fisher", fvp, fisher, 1e-4);
    }

    static double[] logSoftmax(double[] l) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) max = Math.max(max, v);
        double s = 0;
        for (double v : l) s += Math.exp(v - max);
        double lse = max + Math.log(s);
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) out[i] = l[i] - lse;
        return out;
    }

    static double[] softmax(double[] l) {
        double[] lp = logSoftmax(l);
        for (int i = 0; i < lp.length; i++) lp[i] = Math.exp(lp[i]);
        return lp;
    }
}
