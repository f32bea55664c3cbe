package dev.bellman.tensor;

import java.util.Arrays;

/**
 * Losses. The regression losses ({@link #mse}, {@link #huber}) are the mean over all elements and
 * require {@code pred} and {@code target} to have the same shape: broadcasting a [B, 1] prediction
 * against a [B] target silently builds a [B, B] loss, a classic DQN bug, so it is rejected instead.
 * The classification losses ({@link #crossEntropy(Tensor, int[])} with class indices,
 * {@link #crossEntropy(Tensor, Tensor)} with class probabilities, as MuZero's categorical value and
 * reward heads use) take logits {@code [N, K]} and are the mean over the N rows, as PyTorch's
 * {@code F.cross_entropy}.
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

    // ------------------------------------------------------------------ cross-entropy

    /**
     * Cross-entropy of logits {@code [N, K]} against class indices {@code targets[N]} in [0, K), the mean over
     * the rows: {@code mean_n(logsumexp(z_n) − z_n[t_n])}, as {@code F.cross_entropy(logits, targets)}. The
     * log-softmax subtracts each row's maximum first (stable for any finite logits); the backward is fused,
     * {@code (softmax(z) − onehot(t)) / N} per row.
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        int[] nk = rows2d("crossEntropy", logits);
        int n = nk[0], k = nk[1];
        if (targets.length != n) {
            throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for logits "
                    + Arrays.toString(logits.shape) + " (one class index per row expected)");
        }
        for (int r = 0; r < n; r++) {
            if (targets[r] < 0 || targets[r] >= k) {
                throw new IllegalArgumentException("crossEntropy: target " + targets[r] + " at row " + r
                        + " is not a class index in [0, " + k + ") of logits " + Arrays.toString(logits.shape));
            }
        }
        int[] t = targets.clone();
        float[] logp = logSoftmaxRows(logits, n, k);
        double sum = 0;
        for (int r = 0; r < n; r++) sum -= logp[r * k + t[r]];
        float inv = 1f / n;
        Tensor res = Tensor.result("crossEntropy", new float[]{(float) (sum / n)}, new int[0], (o, g) -> {
            float[] gl = logits.gradBuffer();
            float scale = g[0] * inv;
            for (int r = 0; r < n; r++) {
                int ro = r * k;
                for (int j = 0; j < k; j++) gl[ro + j] += scale * (float) Math.exp(logp[ro + j]);
                gl[ro + t[r]] -= scale;
            }
        }, logits);
        if (Elementwise.hasTangent(logits)) { // Σ_n Σ_j (softmax − onehot)_nj ż_nj / N
            double s = 0;
            for (int r = 0; r < n; r++) {
                int ro = r * k;
                for (int j = 0; j < k; j++) s += Math.exp(logp[ro + j]) * logits.tangent[ro + j];
                s -= logits.tangent[ro + t[r]];
            }
            res.tangent = new float[]{(float) (s / n)};
        }
        return res;
    }

    /**
     * Cross-entropy of logits {@code [N, K]} against class probabilities {@code probs [N, K]} (soft targets, e.g.
     * MuZero's two-hot value targets or a search policy), the mean over the rows:
     * {@code mean_n(−Σ_k p_nk · log_softmax(z_n)_k)}, as {@code F.cross_entropy(logits, probs)} with probability
     * targets. Rows of {@code probs} need not sum to 1 (as in PyTorch). The backward is fused:
     * {@code (softmax(z_n)·Σ_k p_nk − p_n) / N} for the logits and {@code −log_softmax(z_n) / N} for the
     * probabilities, if they require grad.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor probs) {
        int[] nk = rows2d("crossEntropy", logits);
        int n = nk[0], k = nk[1];
        if (!Arrays.equals(logits.shape, probs.shape)) {
            throw new IllegalArgumentException("crossEntropy: target probabilities " + Arrays.toString(probs.shape)
                    + " must have the shape of the logits " + Arrays.toString(logits.shape));
        }
        float[] logp = logSoftmaxRows(logits, n, k);
        float[] p = probs.data;
        int po = probs.offset;
        double sum = 0;
        for (int i = 0; i < n * k; i++) sum -= (double) p[po + i] * logp[i];
        float inv = 1f / n;
        Tensor res = Tensor.result("crossEntropy", new float[]{(float) (sum / n)}, new int[0], (o, g) -> {
            float scale = g[0] * inv;
            if (logits.requiresGrad) {
                float[] gl = logits.gradBuffer();
                for (int r = 0; r < n; r++) {
                    int ro = r * k;
                    float mass = 0f;
                    for (int j = 0; j < k; j++) mass += p[po + ro + j];
                    for (int j = 0; j < k; j++) gl[ro + j] += scale * ((float) Math.exp(logp[ro + j]) * mass - p[po + ro + j]);
                }
            }
            if (probs.requiresGrad) {
                float[] gp = probs.gradBuffer();
                for (int i = 0; i < n * k; i++) gp[i] -= scale * logp[i];
            }
        }, logits, probs);
        if (Elementwise.hasTangent(logits, probs)) {
            double s = 0;
            for (int r = 0; r < n; r++) {
                int ro = r * k;
                double mass = 0;
                for (int j = 0; j < k; j++) mass += p[po + ro + j];
                for (int j = 0; j < k; j++) {
                    if (logits.tangent != null) s += (Math.exp(logp[ro + j]) * mass - p[po + ro + j]) * logits.tangent[ro + j];
                    if (probs.tangent != null) s -= (double) logp[ro + j] * probs.tangent[ro + j];
                }
            }
            res.tangent = new float[]{(float) (s / n)};
        }
        return res;
    }

    private static int[] rows2d(String op, Tensor logits) {
        if (logits.rank() != 2 || logits.shape[0] == 0 || logits.shape[1] == 0) {
            throw new IllegalArgumentException(op + ": logits must be [N, K] with N, K > 0 but were "
                    + Arrays.toString(logits.shape));
        }
        return logits.shape;
    }

    /** Row-wise log-softmax of a contiguous [n, k] block: z − max − log Σ exp(z − max), sums in double. */
    static float[] logSoftmaxRows(Tensor z, int n, int k) {
        float[] out = new float[n * k];
        float[] d = z.data;
        int zo = z.offset;
        for (int r = 0; r < n; r++) {
            int ro = zo + r * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, d[ro + j]);
            if (max == Float.NEGATIVE_INFINITY) max = 0f; // a row of −∞: NaN results, as PyTorch
            double se = 0;
            for (int j = 0; j < k; j++) se += Math.exp(d[ro + j] - max);
            float logSe = (float) Math.log(se);
            for (int j = 0; j < k; j++) out[r * k + j] = (d[ro + j] - max) - logSe;
        }
        return out;
    }
}
