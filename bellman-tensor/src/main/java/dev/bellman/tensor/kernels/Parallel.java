package dev.bellman.tensor.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Optional intra-op parallelism over a fixed partition.
 *
 * <p>A kernel splits its output into {@code numTasks} disjoint blocks whose boundaries depend only
 * on the problem shape (never on the thread count or timing), and computes each block exactly as
 * the single-threaded kernel would, whatever thread runs it. The calling thread and up to
 * {@code threads − 1} workers take the tasks in increasing order from a shared counter, so which
 * thread runs a block depends on timing (a worker that the OS has not scheduled yet leaves its share
 * to the others rather than holding the call up); since blocks are disjoint and each output element
 * is summed in the same order whatever thread computes it, results are bitwise identical for every
 * thread count.
 *
 * <p>Threads: {@code -Dbellman.threads=N} (default 1) or {@link #setThreads(int)}. Workers are
 * persistent daemon threads, created on first parallel use. A call hands each worker the job
 * through an atomic slot; a worker that has just finished spins for about {@value #SPIN_NANOS} ns
 * waiting for the next call (so a run of kernel calls costs about a microsecond each to hand over)
 * and then parks, costing nothing while idle. After the first {@value #HOT_SPIN_NANOS} ns of that wait the
 * worker yields its core on every turn ({@link Thread#yield()}), so that other runnable threads of the process
 * (the JIT compilers, the collector) or of the machine are not held off by a worker that has nothing to do: a worker
 * that only spun kept the second core of a two-core machine busy through whole PPO and DQN runs (their calls come
 * less than 50 µs apart), the core the JIT needs most in such short runs. With nothing else runnable a yield
 * returns at once; on a busy machine a yielding worker seldom runs, and the caller then takes all the tasks. One caller uses the workers at a time: a call made
 * while they serve another thread, or from inside a task, runs all its tasks inline on the calling
 * thread (the same blocks, the same results), so nested and concurrent use never deadlocks.
 */
public final class Parallel {
    private Parallel() {}

    /** How long an idle worker, or a caller waiting for the workers, spins before it parks. */
    static final long SPIN_NANOS = 50_000;
    /** How long an idle worker spins without yielding its core (a hand-over within this costs no system call). */
    static final long HOT_SPIN_NANOS = 5_000;

    private static volatile int threads = initialThreads();
    /** Held by the one caller whose tasks the workers run. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** Workers 1, 2, … at index 0, 1, …; grows when more threads are asked for, never shrinks. */
    private static volatile Worker[] workers = new Worker[0];

    private static int initialThreads() {
        String s = System.getProperty("bellman.threads", "1").trim();
        int t;
        try {
            t = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            t = 0;
        }
        if (t < 1) {
            throw new IllegalArgumentException("bellman.threads must be a positive integer but was '" + s + "'");
        }
        return t;
    }

    /** Threads kernels may use. */
    public static int threads() {
        return threads;
    }

    /** Sets the thread count (at least 1). */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1 but was " + n);
        threads = n;
    }

    /**
     * Runs {@code body.accept(t)} once for every task {@code t} in {@code [0, numTasks)}, on the calling thread
     * or a worker (see the class comment), and returns when all have finished. Once a task has failed no
     * further task is started (those already running finish); of the failures, the one of the lowest task is
     * rethrown (an {@link Error} or {@link RuntimeException} as it is, any other {@code Throwable} wrapped in
     * an {@link IllegalStateException}). Tasks must write disjoint outputs and must not depend on which
     * thread runs them (thread-local scratch is fine).
     */
    public static void forEachTask(int numTasks, IntConsumer body) {
        int t = Math.min(threads, numTasks);
        if (t <= 1 || Thread.currentThread() instanceof Worker || !BUSY.compareAndSet(false, true)) {
            for (int i = 0; i < numTasks; i++) body.accept(i);
            return;
        }
        Job job;
        try {
            Worker[] ws = workers(t - 1);
            job = new Job(body, numTasks, Thread.currentThread());
            for (int w = 0; w < t - 1; w++) ws[w].hand(job);
            job.runTasks();
            job.awaitAll();
        } finally {
            BUSY.set(false);
        }
        job.rethrow();
    }

    private static Worker[] workers(int needed) {
        Worker[] ws = workers;
        if (ws.length >= needed) return ws;
        synchronized (Parallel.class) {
            ws = workers;
            if (ws.length < needed) {
                Worker[] grown = java.util.Arrays.copyOf(ws, needed);
                for (int i = ws.length; i < needed; i++) {
                    grown[i] = new Worker(i + 1);
                    grown[i].start();
                }
                workers = grown;
                ws = grown;
            }
            return ws;
        }
    }

    /** One call's tasks, taken in order from a shared counter by the caller and the workers. */
    private static final class Job {
        final IntConsumer body;
        final int numTasks;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        volatile boolean callerParked;
        private Throwable failure;
        private int failedTask = Integer.MAX_VALUE;

        Job(IntConsumer body, int numTasks, Thread caller) {
            this.body = body;
            this.numTasks = numTasks;
            this.caller = caller;
        }

        /** Takes and runs tasks until none is left; after a failure no task is started any more. */
        void runTasks() {
            int i;
            while ((i = next.getAndIncrement()) < numTasks) {
                int done = 1;
                try {
                    body.accept(i);
                } catch (Throwable e) {
                    recordFailure(i, e);
                    // the tasks nobody has taken yet are skipped: count them as finished
                    int rest = next.getAndSet(numTasks);
                    if (rest < numTasks) done += numTasks - rest;
                }
                // the task's writes happen-before the caller's read of the count that includes it
                if (finished.addAndGet(done) == numTasks && callerParked) LockSupport.unpark(caller);
            }
        }

        private synchronized void recordFailure(int task, Throwable e) {
            if (task < failedTask) {
                failure = e;
                failedTask = task;
            }
        }

        /** Returns once every task has finished. */
        void awaitAll() {
            if (finished.get() == numTasks) return;
            long start = System.nanoTime();
            while (System.nanoTime() - start < SPIN_NANOS) {
                if (finished.get() == numTasks) return;
                Thread.onSpinWait();
            }
            callerParked = true;
            while (finished.get() != numTasks) LockSupport.park(this);
        }

        synchronized void rethrow() {
            Throwable first = failure;
            if (first instanceof RuntimeException re) throw re;
            if (first instanceof Error err) throw err;
            if (first != null) throw new IllegalStateException("parallel task " + failedTask + " failed", first);
        }
    }

    /** A persistent daemon thread taking tasks of each job handed to it. */
    private static final class Worker extends Thread {
        private final AtomicReference<Job> slot = new AtomicReference<>();
        private volatile boolean parked;

        Worker(int index) {
            super("bellman-kernel-worker-" + index);
            setDaemon(true);
        }

        void hand(Job j) {
            slot.set(j);
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) next().runTasks();
        }

        private Job next() {
            Job j;
            long start = System.nanoTime();
            long waited;
            while ((waited = System.nanoTime() - start) < SPIN_NANOS) {
                if (slot.get() != null && (j = slot.getAndSet(null)) != null) return j;
                if (waited < HOT_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            parked = true;
            while ((j = slot.getAndSet(null)) == null) LockSupport.park(this);
            parked = false;
            return j;
        }
    }
}
