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

    @Override
    public void record(long globalStep, String key, double value) {
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
            firstTime = (nanoClock.getAsLong() - startNanos) / 1e9;
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
