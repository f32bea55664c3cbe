package dev.bellman.cli;

import dev.bellman.core.MetricsSink;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Periodic progress lines while training: steps done of the budget, steps per second and the mean
 * return of the recent training episodes. On a terminal the line is redrawn in place; otherwise (a
 * log file, CI) a plain line is printed every interval.
 */
final class Progress implements MetricsSink {
    private final PrintWriter out;
    private final long totalSteps;
    private final ThresholdTracker recent;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final boolean terminal;
    private final long startNanos;
    private long lastPrint;
    private long step;
    private boolean drewInPlace;

    Progress(PrintWriter out, long totalSteps, ThresholdTracker recent, LongSupplier nanoClock, double intervalSeconds,
             boolean terminal) {
        this.out = out;
        this.totalSteps = totalSteps;
        this.recent = recent;
        this.nanoClock = nanoClock;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.terminal = terminal;
        this.startNanos = nanoClock.getAsLong();
        this.lastPrint = startNanos;
    }

    @Override
    public void record(long globalStep, String key, double value) {
        step = Math.max(step, globalStep);
        long now = nanoClock.getAsLong();
        if (now - lastPrint >= intervalNanos) {
            lastPrint = now;
            print(now);
        }
    }

    private void print(long now) {
        String line = line(now);
        if (terminal) {
            out.print("\r" + line + "   ");
            drewInPlace = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double mean = recent.recentMean();
        return String.format(Locale.ROOT, "step %d/%d (%.0f%%)  %.0f steps/s  mean return (last %d episodes) %s",
                step, totalSteps, 100.0 * step / totalSteps, step / seconds, recent.recentCount(),
                Double.isNaN(mean) ? "-" : String.format(Locale.ROOT, "%.3f", mean));
    }

    /** Ends an in-place line so that what follows starts on its own line. */
    void finish() {
        if (drewInPlace) {
            out.println();
            out.flush();
        }
    }
}
