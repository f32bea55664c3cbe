package dev.bellman.algorithms.pg;

import dev.bellman.distributions.FisherVectorProduct;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Fisher-vector product exactly as {@link Trpo} builds it, on the {@link PolicyNet} it uses (tanh trunk, policy
 * head, state-independent log-std for Gaussians), against the Fisher matrix (1/B) Σ_b J_bᵀ M_b J_b built explicitly
 * from a Jacobian by central differences of a double-precision twin of the network.
 */
class TrpoFisherTest {
    static final int B = 6, OBS = 3, HID = 5;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fisherVectorProduct_onTrpoPolicyNet_equalsExplicitFisher(boolean discrete) {
        int a = discrete ? 3 : 2;
        Rng rng = new Rng(11);
        PolicyNet net = new PolicyNet(OBS, discrete, a, new int[]{HID}, false, -0.3f, rng);
        List<Tensor> params = net.parameters();
        for (Tensor p : params) { // away from the tiny policy-head init, so that the Fisher is well scaled
            float[] d = p.data();
            for (int i = 0; i < p.size(); i++) d[p.offset() + i] = (float) (0.6 * rng.nextGaussian());
        }
        float[] x = new float[B * OBS];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        Tensor obs = Tensor.of(x, B, OBS);
        FisherVectorProduct fvp = discrete
                ? FisherVectorProduct.categorical(params, () -> net.pi(obs).categorical, 0f)
                : FisherVectorProduct.diagGaussian(params, () -> net.pi(obs).gaussian, 0f);

        double[] theta = new double[fvp.dimension()];
        int k = 0;
        for (Tensor p : params) for (float v : p.toArray()) theta[k++] = v;
        int pDim = discrete ? a : 2 * a;
        int n = theta.length;
        // J by central differences of the double twin
        double h = 1e-6;
        double[][] jac = new double[B * pDim][n];
        for (int c = 0; c < n; c++) {
            double[] tp = theta.clone(), tm = theta.clone();
            tp[c] += h;
            tm[c] -= h;
            double[] ep = eta(tp, x, discrete, a), em = eta(tm, x, discrete, a);
            for (int r = 0; r < B * pDim; r++) jac[r][c] = (ep[r] - em[r]) / (2 * h);
        }
        double[] e0 = eta(theta, x, discrete, a);
        double[][] fisher = new double[n][n];
        for (int b = 0; b < B; b++) {
            double[][] m = new double[pDim][pDim];
            if (discrete) {
                double max = Double.NEGATIVE_INFINITY, s = 0;
                for (int j = 0; j < a; j++) max = Math.max(max, e0[b * a + j]);
                double[] pr = new double[a];
                for (int j = 0; j < a; j++) s += pr[j] = Math.exp(e0[b * a + j] - max);
                for (int j = 0; j < a; j++) pr[j] /= s;
                for (int i = 0; i < a; i++) for (int j = 0; j < a; j++) m[i][j] = (i == j ? pr[i] : 0) - pr[i] * pr[j];
            } else {
                for (int j = 0; j < a; j++) {
                    m[j][j] = Math.exp(-2 * e0[b * pDim + a + j]); // 1/σ² for the mean
                    m[a + j][a + j] = 2;                           // 2 for log σ
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int r = 0; r < pDim; r++) for (int q = 0; q < pDim; q++) s += jac[b * pDim + r][i] * m[r][q] * jac[b * pDim + q][j];
                    fisher[i][j] += s / B;
                }
            }
        }
        double scale = 0;
        for (double[] row : fisher) for (double v : row) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 1e-2, "degenerate reference Fisher");
        for (int c = 0; c < n; c++) {
            float[] e = new float[n];
            e[c] = 1f;
            float[] col = fvp.apply(e);
            for (int r = 0; r < n; r++) assertEquals(fisher[r][c], col[r], 2e-4 * scale, "F[" + r + "][" + c + "]");
        }
    }

    /** Distribution parameters per row in double, in {@code namedParameters()} order: log_std (own parameter, Gaussian only), trunk.0.weight, trunk.0.bias, pi.weight, pi.bias. */
    static double[] eta(double[] th, float[] x, boolean discrete, int a) {
        int ls = 0, w1 = discrete ? 0 : a, b1 = w1 + HID * OBS, w2 = b1 + HID, b2 = w2 + a * HID; // own log_std first, then children
        int p = discrete ? a : 2 * a;
        double[] e = new double[B * p];
        double[] hid = new double[HID];
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < HID; j++) {
                double s = th[b1 + j];
                for (int i = 0; i < OBS; i++) s += th[w1 + j * OBS + i] * x[b * OBS + i];
                hid[j] = Math.tanh(s);
            }
            for (int o = 0; o < a; o++) {
                double s = th[b2 + o];
                for (int j = 0; j < HID; j++) s += th[w2 + o * HID + j] * hid[j];
                e[b * p + o] = s;
            }
            if (!discrete) for (int d = 0; d < a; d++) e[b * p + a + d] = th[ls + d];
        }
        return e;
    }
}
