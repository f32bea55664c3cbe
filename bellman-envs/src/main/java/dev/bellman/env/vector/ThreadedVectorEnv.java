package dev.bellman.env.vector;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Steps its sub-environments on a fixed pool of worker threads (the in-process counterpart of Gymnasium's
 * {@code AsyncVectorEnv}), with results identical to {@link SyncVectorEnv}.
 *
 * <p>Determinism: worker {@code w} of {@code T} always owns the contiguous slots
 * {@code [w * n / T, (w + 1) * n / T)}; each slot's environment is only ever stepped by its owner, each write goes to
 * that slot's part of the shared buffers, and the caller waits for all workers before returning. The result is
 * therefore independent of scheduling and equal to the sequential one. If a sub-environment throws, the other
 * workers still finish their slots for that call (the sequential env would stop at the first failure), and the
 * first failure in slot order is rethrown.
 */
public final class ThreadedVectorEnv implements VectorEnv, Snapshottable {

    private static final AtomicInteger POOL_ID = new AtomicInteger();

    private final SubEnvs subEnvs;
    private final ExecutorService pool;
    private final List<Callable<Void>> stepTasks = new ArrayList<>();
    private final List<Callable<Void>> resetTasks = new ArrayList<>();

    /**
     * @param numThreads worker threads; capped at the number of sub-environments
     */
    public ThreadedVectorEnv(List<? extends Env<float[], ?>> envs, AutoresetMode mode, int numThreads) {
        if (numThreads <= 0) {
            throw new IllegalArgumentException("numThreads must be positive but was " + numThreads);
        }
        this.subEnvs = new SubEnvs(envs, mode);
        int n = subEnvs.numEnvs;
        int t = Math.min(numThreads, n);
        int id = POOL_ID.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "bellman-vector-" + id + "-" + thread.getAndIncrement());
            th.setDaemon(true);
            return th;
        });
        for (int w = 0; w < t; w++) {
            int from = (int) ((long) w * n / t);
            int to = (int) ((long) (w + 1) * n / t);
            stepTasks.add(() -> {
                for (int i = from; i < to; i++) {
                    subEnvs.stepOne(i);
                }
                return null;
            });
            resetTasks.add(() -> {
                for (int i = from; i < to; i++) {
                    subEnvs.resetOne(i);
                }
                return null;
            });
        }
    }

    /** {@code numEnvs} environments from {@code factory} on {@code numThreads} workers. */
    public static ThreadedVectorEnv of(
            Supplier<? extends Env<float[], ?>> factory, int numEnvs, AutoresetMode mode, int numThreads) {
        return new ThreadedVectorEnv(SyncVectorEnv.build(factory, numEnvs), mode, numThreads);
    }

    /** Number of worker threads. */
    public int numThreads() {
        return stepTasks.size();
    }

    @Override
    public int numEnvs() {
        return subEnvs.numEnvs;
    }

    @Override
    public int observationSize() {
        return subEnvs.observationSize;
    }

    @Override
    public Box singleObservationSpace() {
        return subEnvs.observationSpace;
    }

    @Override
    public ByteBox singleByteObservationSpace() {
        return subEnvs.byteObservationSpace;
    }

    @Override
    public Space<?> singleActionSpace() {
        return subEnvs.actionSpace;
    }

    @Override
    public AutoresetMode autoresetMode() {
        return subEnvs.mode;
    }

    @Override
    public VectorStep reset(long seed) {
        return reset(Long.valueOf(seed), null);
    }

    @Override
    public VectorStep reset() {
        return reset(null, null);
    }

    @Override
    public VectorStep reset(Long seed, boolean[] mask) {
        subEnvs.beginReset(seed, mask);
        runAll(resetTasks);
        return subEnvs.out;
    }

    @Override
    public VectorStep step(int[] actions) {
        subEnvs.beginStep(actions);
        runAll(stepTasks);
        return subEnvs.out;
    }

    @Override
    public VectorStep step(float[] actions) {
        subEnvs.beginStep(actions);
        runAll(stepTasks);
        return subEnvs.out;
    }

    private void runAll(List<Callable<Void>> tasks) {
        List<Future<Void>> futures;
        try {
            futures = pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stepping sub-environments", e);
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stepping sub-environments", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(c);
            }
        }
    }

    @Override
    public void close() {
        if (pool.isShutdown()) {
            return;
        }
        pool.shutdownNow();
        subEnvs.closeAll();
    }

    /** Every copy's state and episode bookkeeping (see {@link Snapshottable}); call between steps. */
    @Override
    public long[] snapshot() {
        return subEnvs.snapshot();
    }

    @Override
    public void restore(long[] snapshot) {
        subEnvs.restore(snapshot);
    }
}
