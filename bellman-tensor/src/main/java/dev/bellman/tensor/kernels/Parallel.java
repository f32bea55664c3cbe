package dev.bellman.tensor.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Optional intra-op parallelism over a fixed partition.
 *
 * <p>A kernel splits its output into {@code numTasks} disjoint blocks whose boundaries depend only
 * on the problem shape (never on the thread count or timing), and computes each block exactly as
 * the single-threaded kernel would. Task {@code t} runs on thread {@code t % threads} (the caller is
 * thread 0), so which thread computes a block is fixed as well; since blocks are disjoint and each
 * output element is summed in the same order whatever thread computes it, results are bitwise
 * identical for every thread count.
 *
 * <p>Threads: {@code -Dbellman.threads=N} (default 1) or {@link #setThreads(int)}. Workers are a
 * small persistent pool of daemon threads, created on first parallel use.
 */
public final class Parallel {
    private Parallel() {}

    private static volatile int threads = initialThreads();
    private static ExecutorService pool;
    private static int poolSize;

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
     * Runs {@code body.accept(t)} for every task {@code t} in {@code [0, numTasks)}, task {@code t}
     * on thread {@code t % threads()}; returns when all have finished, rethrowing the first failure.
     * Tasks must write disjoint outputs.
     */
    public static void forEachTask(int numTasks, IntConsumer body) {
        int t = Math.min(threads, numTasks);
        if (t <= 1 || Thread.currentThread() instanceof Worker) {
            // nested use from inside a task runs inline: a worker never waits on its own pool
            for (int i = 0; i < numTasks; i++) body.accept(i);
            return;
        }
        ExecutorService ex = pool(t - 1);
        List<Future<?>> futures = new ArrayList<>(t - 1);
        for (int w = 1; w < t; w++) {
            final int worker = w;
            final int stride = t;
            futures.add(ex.submit(() -> {
                for (int i = worker; i < numTasks; i += stride) body.accept(i);
            }));
        }
        Throwable failure = null;
        try {
            for (int i = 0; i < numTasks; i += t) body.accept(i);
        } catch (Throwable e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("parallel task failed", failure);
    }

    private static synchronized ExecutorService pool(int workers) {
        if (pool == null || poolSize < workers) {
            if (pool != null) pool.shutdown();
            poolSize = workers;
            pool = Executors.newFixedThreadPool(workers, Worker::new);
        }
        return pool;
    }

    /** Pool threads: daemons, recognisable so that nested parallel calls run inline. */
    private static final class Worker extends Thread {
        Worker(Runnable r) {
            super(r, "bellman-kernel-worker");
            setDaemon(true);
        }
    }
}
