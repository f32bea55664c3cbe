package dev.bellman.tensor;

import java.util.Arrays;

/**
 * Regression losses, each the mean over all elements. Both require {@code pred} and
 * {@code target} to have the same shape: broadcasting a [B, 1] prediction against a [B] target
 * silently builds a [B, B] loss, a classic DQN bug, so it is rejected instead.
 */
public final class Losses {
    private Losses() {}

    private static void sameShape(String op, Tensor pred, Tensor target) {
        if (!Arrays.equals(pred.shape, target.shape)) {
            throw new IllegalArgumentException(op + ": pred " + Arrays.toString(pred.shape) + " and target "
                    + Arrays.toString(target.shape) + " must have the same shape");
        }
    }

    /** Mean squared error {@code mean((pred − target)²)}. */
    public static Tensor mse(Tensor pred, Tensor target) {
        sameShape("mse", pred, target);
        return pred.sub(target).square().mean();
    }

    /**
     * Huber loss with PyTorch {@code smooth_l1_loss} semantics, {@code beta = delta}: for
     * {@code d = pred − target}, {@code 0.5·d²/delta} where {@code |d| < delta}, else
     * {@code |d| − 0.5·delta}; the mean over all elements. Its gradient is {@code clip(d/delta, −1, 1)}.
     *
     * <p>Note this differs from PyTorch's {@code huber_loss(delta)} by the factor {@code delta}
     * ({@code huber = delta · smooth_l1}); the two agree at delta = 1, which is what CleanRL and
     * Stable-Baselines3 DQN use ({@code F.smooth_l1_loss} with the default beta 1).
     *
     * @param delta the transition point beta, must be positive
     */
    public static Tensor huber(Tensor pred, Tensor target, float delta) {
        sameShape("huber", pred, target);
        if (!(delta > 0f)) throw new IllegalArgumentException("huber: delta must be positive but was " + delta);
        int n = pred.size;
        double sum = 0;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            float di = pred.data[pred.offset + i] - target.data[target.offset + i];
            d[i] = di;
            float a = Math.abs(di);
            sum += a < delta ? 0.5 * di * di / delta : a - 0.5 * delta;
        }
        float inv = 1f / n;
        Tensor r = Tensor.result("huber", new float[]{(float) (sum / n)}, new int[0], (o, g) -> {
            float scale = g[0] * inv;
            float[] gp = pred.requiresGrad ? pred.gradBuffer() : null;
            float[] gt = target.requiresGrad ? target.gradBuffer() : null;
            for (int i = 0; i < n; i++) {
                float gi = scale * Math.max(-1f, Math.min(1f, d[i] / delta));
                if (gp != null) gp[i] += gi;
                if (gt != null) gt[i] -= gi;
            }
        }, pred, target);
        if (Elementwise.hasTangent(pred, target)) {
            double t = 0;
            for (int i = 0; i < n; i++) {
                float dd = (pred.tangent == null ? 0f : pred.tangent[i]) - (target.tangent == null ? 0f : target.tangent[i]);
                t += dd * Math.max(-1f, Math.min(1f, d[i] / delta));
            }
            r.tangent = new float[]{(float) (t / n)};
        }
        return r;
    }
}
