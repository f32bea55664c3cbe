package dev.bellman.search;

import dev.bellman.games.State;

/**
 * Evaluates the leaves an {@link Mcts} reaches, in batches: the search calls {@link #add} once per leaf (with the
 * state positioned at that leaf) and then {@link #evaluate} once for the whole batch, so a network sees one call of
 * B positions instead of B calls of one. Several searches (several self-play games) may fill the slots of one
 * batch.
 */
public interface Evaluator {

    /** The number of slots a batch has: {@link #add} takes slots in {@code [0, capacity())}. */
    int capacity();

    /**
     * Records the non-terminal leaf {@code state} as entry {@code slot} of the next batch (a network evaluator copies
     * its observation; a rollout evaluator plays its rollout now). Must leave {@code state} as it found it.
     */
    void add(int slot, State state);

    /**
     * Evaluates entries {@code 0..n-1}: writes prior probabilities to {@code priors[slot * numDistinctActions + a]}
     * (only the legal actions are read; the search renormalises them) and the value of the position, in [-1, 1] from
     * the point of view of the player to move there, to {@code values[slot]}.
     */
    void evaluate(int n, float[] priors, float[] values);

    /**
     * Fills {@code priors[i·k .. i·k + k)} with the softmax of {@code logits}' row i, for the rows {@code i < n}
     * (max-shifted, summed in double): the prior of a policy network's logits, shared by the network evaluators.
     */
    static void softmaxPriors(float[] logits, int n, int k, float[] priors) {
        for (int i = 0; i < n; i++) {
            int o = i * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int a = 0; a < k; a++) max = Math.max(max, logits[o + a]);
            double sum = 0;
            for (int a = 0; a < k; a++) sum += Math.exp(logits[o + a] - max);
            for (int a = 0; a < k; a++) priors[o + a] = (float) (Math.exp(logits[o + a] - max) / sum);
        }
    }
}
