package dev.bellman.core;

import java.util.Map;
import java.util.Objects;

/**
 * What to train: env id, seed, budget and resolved hyperparameters.
 *
 * @param envId a registered env id, e.g. {@code FrozenLake-v1}
 * @param seed the run's seed; every random draw of the run derives from it
 * @param totalTimesteps environment steps to train for (for planning algorithms such as value
 *     iteration, the budget of model look-ups, as each algorithm documents)
 * @param hyperparameters the algorithm's resolved hyperparameters
 * @param envKwargs keyword arguments passed to {@code Envs.make} (empty for the registered defaults)
 */
public record TrainRequest(String envId, long seed, long totalTimesteps, Hyperparameters hyperparameters,
                           Map<String, Object> envKwargs) {
    public TrainRequest {
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(hyperparameters, "hyperparameters");
        if (totalTimesteps <= 0) {
            throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
        }
        envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
    }

    /** A request with the env's registered keyword arguments. */
    public TrainRequest(String envId, long seed, long totalTimesteps, Hyperparameters hyperparameters) {
        this(envId, seed, totalTimesteps, hyperparameters, Map.of());
    }
}
