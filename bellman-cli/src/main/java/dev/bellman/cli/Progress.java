package dev.bellman.cli;

import dev.bellman.core.MetricsSink;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Periodic progress lines while training: steps done of the budget, steps per second and the time
 * left at that rate (both over the steps of this process: a resumed run counts from its checkpoint's
 * step), and the mean return of the recent training episodes. On a terminal the line is redrawn in
 * place; otherwise (a log file, CI) a plain line is printed every interval.
 */
final class Progress implements MetricsSink {
    private final PrintWriter out;
    private final long totalSteps;
    private final ThresholdTracker recent;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final boolean terminal;
    private final long startNanos;
    private final long startStep;
    private long lastPrint;
    private long step;
    private boolean drewInPlace;

    /** @param startStep the step this process starts from: 0, or a resumed checkpoint's */
    Progress(PrintWriter out, long totalSteps, long startStep, ThresholdTracker recent, LongSupplier nanoClock,
             double intervalSeconds, boolean terminal) {
        this.out = out;
        this.startStep = startStep;
        this.step = startStep;
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
        double rate = (step - startStep) / seconds;
        return String.format(Locale.ROOT,
                "step %d/%d (%.0f%%)  %.0f steps/s  %s left  mean return (last %d episodes) %s",
                step, totalSteps, 100.0 * step / totalSteps, rate,
                rate > 0 ? duration((totalSteps - step) / rate) : "?", recent.recentCount(),
                Double.isNaN(mean) ? "-" : String.format(Locale.ROOT, "%.3f", mean));
    }

    /** "42s", "7m05s", "2h13m": a time left to read at a glance. */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    /** Ends an in-place line so that what follows starts on its own line. */
    void finish() {
        if (drewInPlace) {
            out.println();
            out.flush();
        }
    }
}
