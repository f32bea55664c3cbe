package dev.bellman.tensor;

import dev.bellman.nn.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finite-difference checks of reverse-mode gradients and forward-mode tangents.
 *
 * <p>Method: the function's output is projected on fixed random weights w, giving a scalar
 * {@code L = Σ w·f(x)}. The analytic gradient is {@code f(x).backward(w)}; the numerical one is
 * the central difference {@code (L(x + ε) − L(x − ε)) / (x₊ − x₋)} per input element. Tangents
 * (JVP) are compared with {@code (f(x + ε·v) − f(x − ε·v)) / 2ε} for a random direction v.
 *
 * <p><b>float32 limitation.</b> The engine computes in float32, so the perturbation is applied to
 * float32 inputs; the perturbed values are rounded, and the quotient divides by the difference of
 * the rounded values ({@code x₊ − x₋} in double), not by 2ε. Projections and quotients are
 * computed in double. Rounding of f in float32 (relative ~6e-8) divided by ε ≈ 1e-2 gives errors
 * ~1e-5 relative to |L|, and the truncation error is O(ε²·f'''); hence the defaults
 * {@code eps = 1e-2}, {@code rtol = 1e-2}, {@code atol = 1e-3}, compared as
 * {@code |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|)}. Smaller ε (1e-3) would
 * amplify float32 rounding tenfold. Inputs must stay at least a few ε away from kinks (relu, abs,
 * max, clamp, huber's switch point) or the central difference straddles the kink.
 */
public final class GradCheck {
    public static final double EPS = 1e-2, RTOL = 1e-2, ATOL = 1e-3;

    private final double eps, rtol, atol;

    private GradCheck(double eps, double rtol, double atol) {
        this.eps = eps;
        this.rtol = rtol;
        this.atol = atol;
    }

    /** A checker with the default tolerances. */
    public static GradCheck defaults() { return new GradCheck(EPS, RTOL, ATOL); }

    /** A checker with custom tolerances. */
    public static GradCheck of(double eps, double rtol, double atol) { return new GradCheck(eps, rtol, atol); }

    /** Checks both gradients and tangents of {@code f} with respect to every input; throws AssertionError on mismatch. */
    public static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        defaults().gradients(name, f, inputs);
        defaults().tangents(name, f, inputs);
    }

    /**
     * Checks gradients and tangents of {@code f} with respect to existing parameter tensors (for
     * example a module's {@code parameters()}), perturbing them in place. Their values, gradients
     * and tangents are restored afterwards.
     */
    public static void checkParams(String name, Supplier<Tensor> f, List<Tensor> params) {
        Tensor[] ps = params.toArray(new Tensor[0]);
        for (Tensor p : ps) {
            if (!p.requiresGrad()) throw new IllegalArgumentException(name + ": parameter of shape " + Arrays.toString(p.shape()) + " does not require grad");
        }
        defaults().gradientsOn(name, f, ps);
        defaults().tangentsOn(name, f, ps);
    }

    /** Copies inputs as fresh parameter leaves (own storage). */
    private static Tensor[] params(Tensor[] inputs) {
        Tensor[] ps = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) ps[i] = Tensor.parameter(inputs[i].toArray(), inputs[i].shape());
        return ps;
    }

    private static double project(Tensor out, float[] w) {
        double s = 0;
        for (int i = 0; i < out.size(); i++) s += (double) w[i] * out.data()[out.offset() + i];
        return s;
    }

    private boolean close(double a, double n) {
        return Math.abs(a - n) <= atol + rtol * Math.max(Math.abs(a), Math.abs(n));
    }

    /** Reverse-mode gradients of every input against central differences. */
    public void gradients(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] ps = params(inputs);
        gradientsOn(name, () -> f.apply(ps), ps);
    }

    /** Forward-mode tangents (all inputs perturbed along a random direction) against central differences. */
    public void tangents(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] ps = params(inputs);
        tangentsOn(name, () -> f.apply(ps), ps);
    }

    private void gradientsOn(String name, Supplier<Tensor> f, Tensor[] ps) {
        float[][] savedGrad = new float[ps.length][];
        for (int p = 0; p < ps.length; p++) {
            savedGrad[p] = ps[p].grad;
            ps[p].grad = null;
        }
        List<String> bad = new ArrayList<>();
        try {
            Tensor out = f.get();
            Rng rng = new Rng(out.size() * 31L + 7);
            float[] w = new float[out.size()];
            for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian();
            out.backward(w);
            for (int p = 0; p < ps.length; p++) {
                float[] grad = ps[p].grad() == null ? new float[ps[p].size()] : ps[p].grad();
                float[] data = ps[p].data();
                int off = ps[p].offset();
                for (int j = 0; j < ps[p].size(); j++) {
                    float orig = data[off + j];
                    float xp = (float) (orig + eps), xm = (float) (orig - eps);
                    double lp, lm;
                    try (var g = Tensor.noGrad()) {
                        data[off + j] = xp;
                        lp = project(f.get(), w);
                        data[off + j] = xm;
                        lm = project(f.get(), w);
                    } finally {
                        data[off + j] = orig;
                    }
                    double num = (lp - lm) / ((double) xp - (double) xm);
                    if (!close(grad[j], num) && bad.size() < 10) {
                        bad.add("input " + p + " element " + j + ": analytic " + grad[j] + " numeric " + num);
                    }
                }
            }
        } finally {
            for (int p = 0; p < ps.length; p++) ps[p].grad = savedGrad[p];
        }
        if (!bad.isEmpty()) throw new AssertionError(name + ": gradient mismatch\n  " + String.join("\n  ", bad));
    }

    private void tangentsOn(String name, Supplier<Tensor> f, Tensor[] ps) {
        Rng rng = new Rng(ps.length * 131L + 11);
        float[][] v = new float[ps.length][];
        float[][] savedTangent = new float[ps.length][];
        for (int p = 0; p < ps.length; p++) {
            savedTangent[p] = ps[p].tangent;
            v[p] = new float[ps[p].size()];
            for (int j = 0; j < v[p].length; j++) v[p][j] = (float) rng.nextGaussian();
        }
        float[] analytic;
        try (var fw = Tensor.forwardAD(); var ng = Tensor.noGrad()) {
            for (int p = 0; p < ps.length; p++) ps[p].setTangent(v[p]);
            Tensor out = f.get();
            analytic = out.tangent() == null ? new float[out.size()] : out.tangent().clone();
        } finally {
            for (int p = 0; p < ps.length; p++) ps[p].tangent = savedTangent[p];
        }
        float[][] orig = new float[ps.length][];
        for (int p = 0; p < ps.length; p++) orig[p] = ps[p].toArray();
        float[] plus, minus;
        try (var g = Tensor.noGrad()) {
            shift(ps, orig, v, eps);
            plus = f.get().toArray();
            shift(ps, orig, v, -eps);
            minus = f.get().toArray();
        } finally {
            shift(ps, orig, v, 0);
        }
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < analytic.length; i++) {
            double num = ((double) plus[i] - minus[i]) / (2 * eps);
            if (!close(analytic[i], num) && bad.size() < 10) {
                bad.add("output element " + i + ": tangent " + analytic[i] + " numeric " + num);
            }
        }
        if (!bad.isEmpty()) throw new AssertionError(name + ": tangent (JVP) mismatch\n  " + String.join("\n  ", bad));
    }

    /** Sets each parameter to orig + scale·v (float32). */
    private static void shift(Tensor[] ps, float[][] orig, float[][] v, double scale) {
        for (int p = 0; p < ps.length; p++) {
            float[] d = ps[p].data();
            int off = ps[p].offset();
            for (int j = 0; j < orig[p].length; j++) d[off + j] = (float) (orig[p][j] + scale * v[p][j]);
        }
    }

    // ------------------------------------------------------------------ random inputs

    /** Standard normal entries. */
    public static Tensor randn(Rng rng, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return Tensor.of(d, shape);
    }

    /** Uniform entries in [lo, hi). */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
        return Tensor.of(d, shape);
    }

    /** Normal entries pushed at least {@code margin} away from each kink in {@code kinks}. */
    public static Tensor awayFrom(Rng rng, float margin, float[] kinks, int... shape) {
        Tensor t = randn(rng, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            for (float k : kinks) {
                if (Math.abs(d[i] - k) < margin) d[i] = k + (d[i] >= k ? margin : -margin) * (1 + rng.nextFloat());
            }
        }
        return t;
    }
}
