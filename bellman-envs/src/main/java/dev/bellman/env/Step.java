package dev.bellman.env;

import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link Env#step}, as Gymnasium's five-tuple.
 *
 * @param observation the next observation
 * @param reward      the reward for the transition
 * @param terminated  the MDP reached a terminal state (bootstrapping from it must use value 0)
 * @param truncated   the episode was cut by a condition outside the MDP, typically a time limit (bootstrap normally)
 * @param info        auxiliary diagnostics; never null (often {@link Map#of()})
 */
public record Step<O>(O observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {
    public Step {
        Objects.requireNonNull(observation, "observation must not be null");
        Objects.requireNonNull(info, "info must not be null (use Map.of())");
    }

    /** {@code terminated || truncated}: the episode is over and the next call must be {@code reset}. */
    public boolean done() {
        return terminated || truncated;
    }
}
