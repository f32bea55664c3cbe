package dev.bellman.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The measuring protocol of the bench tables: warm a workload up, calibrate a count of calls that takes
 * about 0.3 s, then time five repeats of that count and keep the median wall and CPU time per call.
 */
final class Timing {
    /** CPU time of the calling thread, in nanoseconds. */
    static final LongSupplier THREAD_CPU = ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime;
    /** CPU time of the whole process (all threads), in nanoseconds. */
    static final LongSupplier PROCESS_CPU =
            ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())::getProcessCpuTime;
    /** Wall time, in nanoseconds. */
    static final LongSupplier WALL = System::nanoTime;

    private static final int REPEATS = 5;

    private Timing() {}

    /** Median time of one call, in nanoseconds. */
    record PerCall(double wallNanos, double cpuNanos) {
        double wallMicros() { return wallNanos / 1e3; }
        double cpuMicros() { return cpuNanos / 1e3; }
        double wallMillis() { return wallNanos / 1e6; }
        double cpuMillis() { return cpuNanos / 1e6; }
    }

    /** Runs {@code work} at least {@code minCalls} times and until {@code clock} has advanced {@code nanos}. */
    static void warmUp(Runnable work, LongSupplier clock, long nanos, int minCalls) {
        long start = clock.getAsLong();
        for (int i = 0; i < minCalls || clock.getAsLong() - start < nanos; i++) work.run();
    }

    /** Warms {@code work} up as {@link #warmUp} does, calibrates the count of calls, and times it. */
    static PerCall measure(Runnable work, LongSupplier warmClock, long warmNanos, int minWarmCalls,
                           LongSupplier cpuClock) {
        warmUp(work, warmClock, warmNanos, minWarmCalls);
        return median(work, callsFor(work, 300_000_000L), cpuClock);
    }

    /** The number of calls of {@code work} that fit in {@code nanos} of wall time (at least one). */
    static int callsFor(Runnable work, long nanos) {
        long t0 = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - t0 < nanos) {
            work.run();
            n++;
        }
        return n;
    }

    /** Times five repeats of {@code calls} calls of {@code work}; the median of each clock, per call. */
    static PerCall median(Runnable work, int calls, LongSupplier cpuClock) {
        double[] cpu = new double[REPEATS], wall = new double[REPEATS];
        for (int rep = 0; rep < REPEATS; rep++) {
            long c0 = cpuClock.getAsLong(), w0 = System.nanoTime();
            for (int i = 0; i < calls; i++) work.run();
            cpu[rep] = (double) (cpuClock.getAsLong() - c0) / calls;
            wall[rep] = (double) (System.nanoTime() - w0) / calls;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new PerCall(wall[REPEATS / 2], cpu[REPEATS / 2]);
    }
}
