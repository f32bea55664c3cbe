package dev.bellman.core;

/**
 * A {@link Policy} over a discrete action space that can evaluate a batch of observations in one forward pass and
 * expose its action distribution (and its value head, where it has one), as {@code bellman serve} needs for
 * micro-batching and for {@code "return": ["value", "probabilities"]}.
 *
 * <p>Row {@code b} of a batch gives exactly what the policy gives for that observation alone: the greedy action is the
 * same one {@link #act} returns.
 */
public interface BatchPolicy extends Policy {

    /** The number of floats in one (flattened) observation. */
    int observationSize();

    /** The number of actions, the width of {@link Output#probabilities}. */
    int numActions();

    /** The first action id ({@code Discrete.start}): row {@code b}'s action is {@code start + index}. */
    int actionStart();

    /** Whether the policy has a value head ({@link Output#values} is not null). */
    boolean hasValues();

    /**
     * Evaluates {@code batch} observations laid out row-major in {@code observations} ({@code [batch,
     * observationSize()]}; uint8 images as their unsigned values, as in training).
     */
    Output evaluate(float[] observations, int batch);

    /**
     * One batch's outputs: {@code actions} the greedy actions (env ids, {@code [batch]}), {@code probabilities} the
     * action distribution ({@code [batch, numActions()]} row-major), {@code values} the state values ({@code [batch]})
     * or null without a value head.
     */
    record Output(int[] actions, float[] probabilities, float[] values) {}
}
