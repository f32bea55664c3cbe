package dev.bellman.algorithms.preference;

import java.util.Objects;

/**
 * A fixed-length clip of one episode as the reward model and the labellers see it: {@code length} steps of
 * {@code inputSize} reward-model features each (observation, the action where the model reads it, and an absorbing
 * flag), the observations for rendering, and the true return for synthetic labellers and metrics.
 *
 * <p>A clip whose episode terminated before its end continues in the absorbing state: those steps have zero
 * observation and action features, the absorbing flag (the last feature) set, and no true reward, so clips of an
 * episode that failed early compare as worse without special cases (Christiano et al. 2017 compare clips of equal
 * length; the absorbing step is this implementation's way of keeping them equal).
 *
 * @param features {@code length * inputSize} reward-model inputs, step-major
 * @param length steps in the clip
 * @param inputSize features per step
 * @param observations {@code length * observationSize} observations (zeros on absorbing steps), for rendering
 * @param aliveSteps steps before the absorbing state (equal to {@code length} when the episode did not end)
 * @param trueReturn the env's undiscounted reward summed over the clip
 */
public record Segment(float[] features, int length, int inputSize, float[] observations, int aliveSteps,
                      double trueReturn) {
    public Segment {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(observations, "observations");
        if (length <= 0 || inputSize <= 0) {
            throw new IllegalArgumentException("length and inputSize must be positive but were " + length + " and "
                    + inputSize);
        }
        if (features.length != length * inputSize) {
            throw new IllegalArgumentException("features must hold length * inputSize = " + length * inputSize
                    + " values but held " + features.length);
        }
        if (aliveSteps < 0 || aliveSteps > length) {
            throw new IllegalArgumentException("aliveSteps must be in [0, " + length + "] but was " + aliveSteps);
        }
    }

    /** Observation values per step. */
    public int observationSize() {
        return observations.length / length;
    }
}
