package dev.bellman.core;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A {@link Policy} that also gives, for one observation, the named numbers behind its action: a DQN's Q-values, a
 * Gaussian policy's mean and standard deviation and its state value. {@code bellman serve} returns them on request
 * ({@code "return": [NAME, ...]}); a {@linkplain #stochastic() stochastic} one also samples its action distribution for
 * {@code "deterministic": false}. (Discrete PPO, which evaluates whole batches, is a {@link BatchPolicy} instead.)
 */
public interface PolicyOutputs extends Policy {

    /** The names {@link #outputs} gives, in a fixed order; {@code "value"} is the state value, one number. */
    List<String> outputNames();

    /** Every output for one observation (as {@link #act} takes it), by name, in {@link #outputNames} order. */
    Map<String, float[]> outputs(Object observation);

    /** Whether {@link #sample} draws from an action distribution. */
    default boolean stochastic() {
        return false;
    }

    /**
     * An action drawn from the policy's distribution for {@code observation}, with {@code rng}'s draws.
     *
     * @throws UnsupportedOperationException when the policy is not {@linkplain #stochastic() stochastic}
     */
    default Object sample(Object observation, SplittableRandom rng) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no action distribution to sample");
    }
}
