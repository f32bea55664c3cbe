package dev.bellman.distributions;

import dev.bellman.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient checks for the distributions: the reverse-mode gradient of {@code Σ_b w_b·out_b} against central
 * finite differences. The float32 outputs are combined in double and the quotient uses the step actually
 * taken in float ({@code (x+h) − (x−h)} evaluated in double), so the only float error is in the outputs.
 */
final class DistGradCheck {
    private DistGradCheck() {}

    /**
     * @param params leaves requiring grad that {@code f} reads (perturbed in place, restored afterwards)
     * @param f      recomputes the output from the current parameter values
     * @param w      weights of the output elements (length = output size)
     */
    static void check(String what, List<Tensor> params, Supplier<Tensor> f, double[] w, double step, double atol, double rtol) {
        for (Tensor p : params) p.zeroGrad();
        Tensor out = f.get();
        float[] wf = new float[w.length];
        for (int k = 0; k < w.length; k++) wf[k] = (float) w[k];
        out.backward(wf);
        double worst = 0;
        String worstAt = "";
        for (int pi = 0; pi < params.size(); pi++) {
            Tensor p = params.get(pi);
            float[] g = p.grad() == null ? new float[p.size()] : p.grad().clone();
            float[] d = p.data();
            for (int k = 0; k < p.size(); k++) {
                int idx = p.offset() + k;
                float x = d[idx];
                float hi = (float) (x + step), lo = (float) (x - step);
                d[idx] = hi;
                double fHi = weighted(f.get(), w);
                d[idx] = lo;
                double fLo = weighted(f.get(), w);
                d[idx] = x;
                double numeric = (fHi - fLo) / ((double) hi - (double) lo);
                double err = Math.abs(numeric - g[k]);
                double allowed = atol + rtol * Math.abs(numeric);
                if (err / allowed > worst) {
                    worst = err / allowed;
                    worstAt = "param " + pi + " element " + k + ": analytic " + g[k] + " numeric " + numeric;
                }
            }
        }
        for (Tensor p : params) p.zeroGrad();
        assertTrue(worst <= 1.0, what + ": gradient mismatch at " + worstAt + " (error/allowed = " + worst + ")");
    }

    static double weighted(Tensor out, double[] w) {
        float[] v = out.toArray();
        if (v.length != w.length) throw new IllegalArgumentException("output size " + v.length + " vs weights " + w.length);
        double s = 0;
        for (int k = 0; k < v.length; k++) s += w[k] * v[k];
        return s;
    }

    static double[] weights(long seed, int n) {
        java.util.Random r = new java.util.Random(seed);
        double[] w = new double[n];
        for (int k = 0; k < n; k++) w[k] = (float) (0.5 + r.nextDouble());
        return w;
    }

    static float[] randomFloats(long seed, int n, double scale) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int k = 0; k < n; k++) v[k] = (float) (scale * r.nextGaussian());
        return v;
    }
}
