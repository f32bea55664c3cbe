package dev.bellman.cli;

import dev.bellman.core.MetricsSink;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Periodic progress lines while training: steps done of the budget, steps per second and the time left at that rate,
 * and the mean return of the recent training episodes (once one has ended). The rate is that of the last {@value
 * #WINDOW_SECONDS} seconds or so (from the newest printed point at least that old), so a fast first phase (random
 * actions before learning starts, which off-policy algorithms run at many times their training speed) does not
 * shorten the time left for long after it; it is the rate over all of this process's steps until the window fills,
 * and where the window saw no step (an iteration longer than it). A resumed run counts from its checkpoint's step.
 * On a terminal the line is redrawn in place; otherwise (a log file, CI) a plain line is printed every interval.
 */
final class Progress implements MetricsSink {
    /** The span, in seconds, over which the rate is measured once the run is that old. */
    static final int WINDOW_SECONDS = 120;

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
    /** Printed points (nanos, step), oldest first: the newest one at least the window old, then the later ones. */
    private final ArrayDeque<long[]> points = new ArrayDeque<>();

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
        points.add(new long[] {startNanos, startStep});
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
        double mean = recent.recentMean();
        double rate = rate(now);
        String line = String.format(Locale.ROOT, "step %d/%d (%.0f%%)  %.0f steps/s  %s left", step, totalSteps,
                100.0 * step / totalSteps, rate, rate > 0 ? duration((totalSteps - step) / rate) : "?");
        // no episode yet, or none ever (self-play on a game logs games, not episodes): no return to show
        return recent.recentCount() == 0 || Double.isNaN(mean) ? line
                : line + String.format(Locale.ROOT, "  mean return (last %d episodes) %.3f", recent.recentCount(), mean);
    }

    /** Steps a second over the window ending {@code now} (see the class comment); records {@code now}'s point. */
    private double rate(long now) {
        long windowNanos = WINDOW_SECONDS * 1_000_000_000L;
        while (points.size() > 1 && now - secondOldest()[0] >= windowNanos) points.removeFirst();
        long[] from = points.peekFirst();
        points.addLast(new long[] {now, step});
        if (step == from[1]) from = new long[] {startNanos, startStep}; // no step in the window: the whole run's rate
        return (step - from[1]) / Math.max(1e-9, (now - from[0]) / 1e9);
    }

    private long[] secondOldest() {
        var it = points.iterator();
        it.next();
        return it.next();
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
