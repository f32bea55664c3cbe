package dev.bellman.optim;

import dev.bellman.tensor.Tensor;

import java.util.List;

/** Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. */
public final class GradClip {
    private GradClip() {}

    /**
     * Rescales the gradients of {@code params} in place so that their global L2 norm (over all
     * parameters together) is at most {@code maxNorm}, and returns the norm before clipping.
     *
     * <p>As PyTorch: {@code total = ‖(‖g₁‖, …, ‖gₙ‖)‖₂}, {@code coef = maxNorm / (total + 1e-6)},
     * and every gradient is multiplied by {@code min(coef, 1)}. Parameters without a gradient are
     * skipped. A non-finite norm is returned as is and (as PyTorch by default) the gradients are
     * multiplied by the resulting non-finite factor; use {@link #clipGradNorm(List, float, boolean)}
     * to fail instead.
     */
    public static float clipGradNorm(List<Tensor> params, float maxNorm) {
        return clipGradNorm(params, maxNorm, false);
    }

    /**
     * As {@link #clipGradNorm(List, float)}; with {@code errorIfNonfinite} a NaN or infinite total
     * norm throws {@link ArithmeticException} and leaves the gradients unchanged.
     */
    public static float clipGradNorm(List<Tensor> params, float maxNorm, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("maxNorm must be >= 0 but was " + maxNorm);
        double sq = 0;
        for (Tensor p : params) {
            float[] g = p.grad();
            if (g == null) continue;
            for (float v : g) sq += (double) v * v;
        }
        float total = (float) Math.sqrt(sq);
        if (errorIfNonfinite && !Float.isFinite(total)) {
            throw new ArithmeticException("the total gradient norm is " + total + " (non-finite) over " + params.size()
                    + " parameters; gradients were left unchanged");
        }
        float coef = maxNorm / (total + 1e-6f);
        if (coef < 1f || Float.isNaN(coef)) {
            for (Tensor p : params) {
                float[] g = p.grad();
                if (g == null) continue;
                for (int i = 0; i < g.length; i++) g[i] *= coef;
            }
        }
        return total;
    }

    /** Clamps every gradient element into {@code [-clipValue, clipValue]}, as {@code clip_grad_value_}. */
    public static void clipGradValue(List<Tensor> params, float clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipValue must be >= 0 but was " + clipValue);
        for (Tensor p : params) {
            float[] g = p.grad();
            if (g == null) continue;
            for (int i = 0; i < g.length; i++) g[i] = Math.max(-clipValue, Math.min(clipValue, g[i]));
        }
    }
}
