package dev.bellman.cli;

import dev.bellman.core.MetricsSink;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Watches {@code charts/episodic_return} and notes the first step at which the mean of the last
 * {@link #WINDOW} training episodes reaches the env's reward threshold (the full window is required,
 * so that one lucky first episode does not count).
 */
final class ThresholdTracker implements MetricsSink {
    static final int WINDOW = 20;

    private final Double threshold;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final ArrayDeque<Double> recent = new ArrayDeque<>();
    private double sum;
    private Long firstStep;
    private Double firstTime;

    ThresholdTracker(Double threshold, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    private double wallOffset;

    @Override
    public void record(long globalStep, String key, double value) {
        record(globalStep, key, value, wallOffset + (nanoClock.getAsLong() - startNanos) / 1e9);
    }

    /** Seconds of training before this process began (a resumed run's earlier segments). */
    void setWallOffset(double seconds) {
        wallOffset = seconds;
    }

    /** Records a value observed {@code wallTime} seconds into training (replaying a resumed run's rows). */
    void record(long globalStep, String key, double value, double wallTime) {
        if (!EPISODIC_RETURN.equals(key)) {
            return;
        }
        recent.addLast(value);
        sum += value;
        if (recent.size() > WINDOW) {
            sum -= recent.removeFirst();
        }
        if (threshold != null && firstStep == null && recent.size() == WINDOW && sum / WINDOW >= threshold) {
            firstStep = globalStep;
            firstTime = wallTime;
        }
    }

    /** Mean of the last (up to) 20 episode returns, or NaN before the first episode. */
    double recentMean() {
        return recent.isEmpty() ? Double.NaN : sum / recent.size();
    }

    int recentCount() {
        return recent.size();
    }

    Long firstStepAtThreshold() {
        return firstStep;
    }

    Double timeToThresholdSeconds() {
        return firstTime;
    }
}
