package dev.bellman.distributions;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * A batch of categorical distributions over {@code K} actions, parameterised by unnormalised logits
 * {@code [B, K]}, optionally with an action mask.
 *
 * <p>{@code log p(a) = logits[a] − logsumexp(logits)}; entropy {@code H = −Σ_k p_k log p_k};
 * {@code KL(p‖q) = Σ_k p_k (log p_k − log q_k)}. All three are built from differentiable tensor ops
 * ({@code logSoftmax}, {@code gather}, {@code exp}, {@code mul}, {@code sum}), so gradients flow into the logits.
 *
 * <h2>Masking</h2>
 * Invalid-action masking as in Huang and Ontañón (2020) and sb3-contrib's {@code MaskableCategorical}: a
 * masked logit is replaced by {@code logit + MASKED_LOGIT} ({@value #MASKED_LOGIT}), so after the softmax
 * its probability is exactly {@code 0f}, it is never sampled, it contributes {@code 0} to the entropy, and
 * the gradient reaching the original logit is exactly zero. A row whose actions are all masked is rejected.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>Sampling is inverse-CDF in double precision: one {@link Rng#nextDouble()} per row, compared
 *       against the running sum of the probabilities recomputed in double from the logits.</li>
 *   <li>{@link #logProb} of a masked action throws (PyTorch would return {@code −inf}); storing such an
 *       action is always a bug in the caller.</li>
 *   <li>{@link #kl} against a distribution that masks an action this one allows is about {@code 1e8}
 *       (mathematically infinite), as with sb3-contrib's finite mask value.</li>
 * </ol>
 */
public final class Categorical {

    /** Added to masked logits; finite so that {@code 0 · log 0} terms stay {@code 0} instead of NaN. */
    public static final float MASKED_LOGIT = -1e8f;

    private final Tensor logits;
    private final boolean[] mask; // null: all allowed; else length B*K, true = allowed
    private final int batch;
    private final int numActions;
    private Tensor logProbs;

    /** Unmasked distributions with logits {@code [B, K]}. */
    public Categorical(Tensor logits) {
        this(logits, (boolean[]) null);
    }

    /**
     * Masked distributions. {@code mask} has length {@code B·K} (row-major, one row per batch element) or
     * {@code K} (the same mask for every row); {@code true} marks an allowed action.
     *
     * @throws IllegalArgumentException if a row has no allowed action (naming the row), or on a shape mismatch
     */
    public Categorical(Tensor logits, boolean[] mask) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("Categorical: logits must have shape [B, K] but had shape "
                    + Arrays.toString(logits.shape()));
        }
        this.batch = logits.dim(0);
        this.numActions = logits.dim(1);
        if (numActions < 1) throw new IllegalArgumentException("Categorical: need at least one action but K was 0");
        if (mask == null) {
            this.mask = null;
            this.logits = logits;
        } else {
            this.mask = expandMask(mask, batch, numActions);
            float[] bias = new float[batch * numActions];
            for (int i = 0; i < bias.length; i++) if (!this.mask[i]) bias[i] = MASKED_LOGIT;
            this.logits = logits.add(Tensor.of(bias, batch, numActions));
        }
    }

    /**
     * Masked distributions with an integer mask as Gymnasium produces ({@code np.int8}): nonzero marks an
     * allowed action. Length {@code B·K} or {@code K}, as for {@link #Categorical(Tensor, boolean[])}.
     */
    public Categorical(Tensor logits, int[] mask) {
        this(logits, toBoolean(mask));
    }

    private static boolean[] toBoolean(int[] mask) {
        if (mask == null) return null;
        boolean[] m = new boolean[mask.length];
        for (int i = 0; i < m.length; i++) m[i] = mask[i] != 0;
        return m;
    }

    private static boolean[] expandMask(boolean[] mask, int batch, int k) {
        boolean[] full;
        if (mask.length == batch * k) {
            full = mask.clone();
        } else if (mask.length == k) {
            full = new boolean[batch * k];
            for (int b = 0; b < batch; b++) System.arraycopy(mask, 0, full, b * k, k);
        } else {
            throw new IllegalArgumentException("Categorical: mask of length " + mask.length + " does not fit logits ["
                    + batch + ", " + k + "]; expected length " + (batch * k) + " (one row per batch element) or " + k);
        }
        for (int b = 0; b < batch; b++) {
            boolean any = false;
            for (int j = 0; j < k && !any; j++) any = full[b * k + j];
            if (!any) {
                throw new IllegalArgumentException("Categorical: every action of row " + b + " is masked; at least one of the "
                        + k + " actions must be allowed");
            }
        }
        return full;
    }

    /** The batch size {@code B}. */
    public int batchSize() { return batch; }

    /** The number of actions {@code K}. */
    public int numActions() { return numActions; }

    /** The logits {@code [B, K]} after masking (masked entries shifted by {@link #MASKED_LOGIT}). */
    public Tensor logits() { return logits; }

    /** Whether action {@code a} is allowed in row {@code b}. */
    public boolean isAllowed(int b, int a) {
        return mask == null || mask[b * numActions + a];
    }

    /** Normalised log-probabilities {@code [B, K]} (masked entries about {@code −1e8}). */
    public Tensor logProbs() {
        if (logProbs == null) logProbs = logits.logSoftmax(-1);
        return logProbs;
    }

    /** Probabilities {@code [B, K]}; masked entries are exactly 0. */
    public Tensor probs() {
        return logProbs().exp();
    }

    /** {@code log p(actions[b])} for each row, shape {@code [B]}. */
    public Tensor logProb(int[] actions) {
        if (actions.length != batch) {
            throw new IllegalArgumentException("Categorical.logProb: got " + actions.length + " actions for a batch of " + batch);
        }
        for (int b = 0; b < batch; b++) {
            int a = actions[b];
            if (a < 0 || a >= numActions) {
                throw new IllegalArgumentException("Categorical.logProb: action " + a + " in row " + b
                        + " is outside [0, " + numActions + ")");
            }
            if (!isAllowed(b, a)) {
                throw new IllegalArgumentException("Categorical.logProb: action " + a + " in row " + b + " is masked");
            }
        }
        return logProbs().gather(1, actions).reshape(batch);
    }

    /** Entropy {@code −Σ_k p_k log p_k} per row, shape {@code [B]}. */
    public Tensor entropy() {
        Tensor lp = logProbs();
        return lp.exp().mul(lp).sum(-1, false).neg();
    }

    /** {@code KL(this ‖ other) = Σ_k p_k (log p_k − log q_k)} per row, shape {@code [B]}. */
    public Tensor kl(Categorical other) {
        if (other.batch != batch || other.numActions != numActions) {
            throw new IllegalArgumentException("Categorical.kl: shapes [" + batch + ", " + numActions + "] and ["
                    + other.batch + ", " + other.numActions + "] differ");
        }
        Tensor lp = logProbs();
        return lp.exp().mul(lp.sub(other.logProbs())).sum(-1, false);
    }

    /** The most probable allowed action of each row (the first on ties). */
    public int[] mode() {
        float[] d = logits.data();
        int off = logits.offset();
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            int best = -1;
            float bestV = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < numActions; j++) {
                if (!isAllowed(b, j)) continue;
                float v = d[off + b * numActions + j];
                if (best < 0 || v > bestV) {
                    best = j;
                    bestV = v;
                }
            }
            out[b] = best;
        }
        return out;
    }

    /**
     * One action per row by inverse-CDF sampling: {@code u = rng.nextDouble()}, the action is the first
     * {@code k} with {@code u < Σ_{j≤k} p_j}. Masked actions have probability 0 and are never returned.
     */
    public int[] sample(Rng rng) {
        float[] d = logits.data();
        int off = logits.offset();
        int[] out = new int[batch];
        double[] p = new double[numActions];
        for (int b = 0; b < batch; b++) {
            int row = off + b * numActions;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < numActions; j++) if (isAllowed(b, j)) max = Math.max(max, d[row + j]);
            double total = 0;
            int last = -1;
            for (int j = 0; j < numActions; j++) {
                p[j] = isAllowed(b, j) ? Math.exp(d[row + j] - max) : 0.0;
                total += p[j];
                if (p[j] > 0) last = j;
            }
            double u = rng.nextDouble() * total;
            double cum = 0;
            int chosen = last; // if rounding leaves u ≥ the final sum, the last action with p > 0
            for (int j = 0; j < numActions; j++) {
                cum += p[j];
                if (u < cum) {
                    chosen = j;
                    break;
                }
            }
            out[b] = chosen;
        }
        return out;
    }
}
