package dev.bellman.tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Jacobian-vector (forward mode) and vector-Jacobian (reverse mode) products over a list of
 * parameters, flattened in list order; the building blocks of exact Fisher-vector products for
 * TRPO (Schulman et al. 2015): {@code F·v = Jᵀ·M·(J·v)} with {@code J·v} from {@link #jvp},
 * M the Fisher metric of the output distribution, and {@code Jᵀ·u} from {@link #vjp}.
 */
public final class Autodiff {
    private Autodiff() {}

    private static int totalSize(List<Tensor> params) {
        int n = 0;
        for (Tensor p : params) n += p.size;
        return n;
    }

    /**
     * Forward-mode JVP: evaluates {@code f} with each parameter's tangent set to its slice of
     * {@code v} and returns the output's tangent (zeros if the output does not depend on the
     * parameters). Runs without recording a tape; the parameters' tangents are cleared afterwards.
     */
    public static float[] jvp(Supplier<Tensor> f, List<Tensor> params, float[] v) {
        int total = totalSize(params);
        if (v.length != total) {
            throw new IllegalArgumentException("jvp: tangent of length " + v.length + " for parameters of total size " + total);
        }
        float[][] saved = new float[params.size()][];
        int off = 0;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            saved[i] = p.tangent;
            float[] t = new float[p.size];
            System.arraycopy(v, off, t, 0, p.size);
            p.tangent = t;
            off += p.size;
        }
        try (var fw = Tensor.forwardAD(); var ng = Tensor.noGrad()) {
            Tensor out = f.get();
            return out.tangent == null ? new float[out.size] : out.tangent.clone();
        } finally {
            for (int i = 0; i < params.size(); i++) params.get(i).tangent = saved[i];
        }
    }

    /**
     * Reverse-mode VJP: {@code uᵀ·∂out/∂params}, flattened in params order (zeros for parameters
     * the output does not depend on). Leaves the parameters' accumulated {@code grad()} as it was.
     */
    public static float[] vjp(Tensor out, List<Tensor> params, float[] u) {
        float[][] saved = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            saved[i] = params.get(i).grad;
            params.get(i).grad = null;
        }
        try {
            out.backward(u);
            return flatGrad(params);
        } finally {
            for (int i = 0; i < params.size(); i++) params.get(i).grad = saved[i];
        }
    }

    /** The parameters' gradients concatenated in list order (zeros where none has accumulated). */
    public static float[] flatGrad(List<Tensor> params) {
        float[] out = new float[totalSize(params)];
        int off = 0;
        for (Tensor p : params) {
            if (p.grad != null) System.arraycopy(p.grad, 0, out, off, p.size);
            off += p.size;
        }
        return out;
    }
}
