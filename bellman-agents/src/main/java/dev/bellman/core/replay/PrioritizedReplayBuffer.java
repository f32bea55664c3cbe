package dev.bellman.core.replay;

import dev.bellman.core.TrainingState;
import dev.bellman.nn.Rng;

/**
 * Proportional prioritized experience replay (Schaul et al. 2016, "Prioritized Experience Replay",
 * ICLR; Algorithm 1): a {@link ReplayBuffer} whose transitions are sampled with probability
 * <pre>
 *   P(i) = p_i^α / Σ_k p_k^α,      p_i = |δ_i| + ε          (eq. 1, proportional variant)
 * </pre>
 * and corrected with importance-sampling weights
 * <pre>
 *   w_i = (N · P(i))^(−β) / max_j w_j                       (Sec. 3.4)
 * </pre>
 * where N is the number of stored transitions and the caller anneals β from β₀ to 1 over training.
 * New transitions get the largest priority seen so far, so each is replayed at least once with high
 * probability (Algorithm 1, line 6).
 *
 * <p>Sampling is stratified as in the paper (Appendix B.2.1): {@code [0, total)} is cut into
 * {@code batchSize} equal segments and one mass is drawn uniformly in each. The normaliser
 * {@code max_j w_j} is taken over the sampled batch (as Dopamine does). Normalising over the whole
 * buffer (OpenAI Baselines, from the minimum priority) lets one transition with a near-zero TD error,
 * priority about ε^α, shrink every weight (and so the step size) by orders of magnitude as β nears 1.
 *
 * <p>Symbols: {@code alpha} = α, {@code eps} = ε, {@code beta} = β, {@code tdErrors} = δ.
 */
public final class PrioritizedReplayBuffer {
    private final ReplayBuffer storage;
    private final SumTree tree;
    private final double alpha;
    private final double eps;
    private double maxPriority = 1.0;

    /**
     * @param storage the transitions (empty; its capacity is the tree's)
     * @param alpha priority exponent α in [0, 1] (0 = uniform)
     * @param eps ε &gt; 0 added to |δ| so no transition gets priority zero
     */
    public PrioritizedReplayBuffer(ReplayBuffer storage, double alpha, double eps) {
        if (storage.size() != 0) throw new IllegalArgumentException("storage must be empty but holds " + storage.size());
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in [0, 1] but was " + alpha);
        if (!(eps > 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("eps must be positive but was " + eps);
        this.storage = storage;
        this.tree = new SumTree(storage.capacity());
        this.alpha = alpha;
        this.eps = eps;
    }

    public ReplayBuffer storage() { return storage; }
    public int size() { return storage.size(); }
    public double alpha() { return alpha; }

    /** Stores a discrete transition with the maximal priority; returns its slot. */
    public int add(float[] obs, int obsOff, int action, float reward, float[] nextObs, int nextOff,
                   boolean terminated, int horizon) {
        int slot = storage.add(obs, obsOff, action, reward, nextObs, nextOff, terminated, horizon);
        tree.set(slot, Math.pow(maxPriority, alpha));
        return slot;
    }

    /** Stores a continuous transition with the maximal priority; returns its slot. */
    public int add(float[] obs, int obsOff, float[] action, int actOff, float reward, float[] nextObs, int nextOff,
                   boolean terminated, int horizon) {
        int slot = storage.add(obs, obsOff, action, actOff, reward, nextObs, nextOff, terminated, horizon);
        tree.set(slot, Math.pow(maxPriority, alpha));
        return slot;
    }

    /** The sampling probability P(i) of slot {@code i}. */
    public double probability(int i) {
        return tree.get(i) / tree.total();
    }

    /**
     * Fills {@code batch} with transitions sampled in proportion to priority, their slots in
     * {@code batch.indices()} and importance-sampling weights in {@code batch.weights()}.
     *
     * @param beta importance-sampling exponent β in [0, 1]
     */
    public void sample(Rng rng, ReplayBuffer.Batch batch, double beta) {
        if (!(beta >= 0 && beta <= 1)) throw new IllegalArgumentException("beta must be in [0, 1] but was " + beta);
        if (storage.size() == 0) throw new IllegalStateException("cannot sample from an empty replay buffer");
        int b = batch.size();
        double total = tree.total();
        double segment = total / b;
        int n = storage.size();
        double maxWeight = 0;
        for (int k = 0; k < b; k++) {
            double mass = (k + rng.nextDouble()) * segment;
            int i = tree.find(mass);
            batch.indices[k] = i;
            double w = Math.pow(n * tree.get(i) / total, -beta);
            batch.weights[k] = (float) w;
            maxWeight = Math.max(maxWeight, w);
        }
        float inv = (float) (1 / maxWeight);
        for (int k = 0; k < b; k++) batch.weights[k] *= inv;
        storage.gather(batch);
    }

    /** Writes the transitions ({@link ReplayBuffer#save}), every priority and the largest priority under {@code prefix}. */
    public void save(TrainingState.Writer w, String prefix) {
        storage.save(w, prefix);
        w.put(prefix + "priorities", tree.leaves());
        w.putDouble(prefix + "max_priority", maxPriority);
    }

    /** Puts back what {@link #save} wrote under {@code prefix}. */
    public void restore(TrainingState.Reader r, String prefix) {
        storage.restore(r, prefix);
        tree.setLeaves(r.doubles(prefix + "priorities"));
        maxPriority = r.getDouble(prefix + "max_priority");
    }

    /**
     * Sets the priorities of the transitions in {@code indices[0 .. count)} to
     * {@code (|tdErrors[k]| + eps)^alpha}.
     */
    public void updatePriorities(int[] indices, float[] tdErrors, int count) {
        for (int k = 0; k < count; k++) {
            double p = Math.abs((double) tdErrors[k]) + eps;
            if (!Double.isFinite(p)) {
                throw new IllegalArgumentException("TD error at " + k + " must be finite but was " + tdErrors[k]);
            }
            if (p > maxPriority) maxPriority = p;
            tree.set(indices[k], Math.pow(p, alpha));
        }
    }
}
