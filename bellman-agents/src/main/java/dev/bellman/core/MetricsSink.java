package dev.bellman.core;

import java.util.Objects;

/**
 * Receives the scalar metrics an algorithm logs while it trains: one call per (step, key, value).
 *
 * <p>Keys follow CleanRL's, so curves from different algorithms compare directly:
 * {@link #EPISODIC_RETURN charts/episodic_return}, {@link #EPISODIC_LENGTH charts/episodic_length},
 * {@link #SPS charts/SPS}, {@code losses/value_loss}, {@code losses/td_loss}, ... The step is the
 * global environment step (summed over vector copies) at which the value was observed.
 *
 * <p>The plug-in point between an algorithm and whoever records its progress (a CSV file, a
 * progress line, a test's list). Implementations must not throw for unknown keys.
 */
@FunctionalInterface
public interface MetricsSink {
    /** Undiscounted return of one finished training episode. */
    String EPISODIC_RETURN = "charts/episodic_return";
    /** Length, in steps, of one finished training episode. */
    String EPISODIC_LENGTH = "charts/episodic_length";
    /** Environment steps per second since training began. */
    String SPS = "charts/SPS";
    /** The current learning rate (step size) where it changes over training. */
    String LEARNING_RATE = "charts/learning_rate";
    /** The current exploration rate of epsilon-greedy algorithms. */
    String EPSILON = "charts/epsilon";

    /**
     * Records one value.
     *
     * @param globalStep environment steps taken so far (0-based count, never decreasing within a run)
     * @param key a CleanRL-style key such as {@code charts/episodic_return}
     * @param value the value; NaN and infinities are passed through as they are
     */
    void record(long globalStep, String key, double value);

    /** A sink that drops everything. */
    static MetricsSink none() {
        return (step, key, value) -> { };
    }

    /** A sink that sends each value to this sink, then to {@code next}. */
    default MetricsSink andThen(MetricsSink next) {
        Objects.requireNonNull(next, "next");
        return (step, key, value) -> {
            record(step, key, value);
            next.record(step, key, value);
        };
    }
}
