package dev.bellman.server;

import dev.bellman.core.BatchPolicy;
import dev.bellman.core.Policy;
import dev.bellman.core.PolicyOutputs;
import dev.bellman.env.ByteBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects the observations of concurrent requests for up to a short window (or until {@code maxBatch} rows are
 * waiting) and evaluates them together: one {@link BatchPolicy#evaluate} call, or {@link Policy#act} (and
 * {@link PolicyOutputs#outputs}, {@link PolicyOutputs#sample}) row by row for any other policy. One thread evaluates, so the policy is never used concurrently; each row's result is what the
 * policy gives for that observation alone.
 */
final class MicroBatcher implements AutoCloseable {

    /**
     * One request's rows: observations as the env's types ({@code float[]}, {@code byte[]}, {@code Integer}); with
     * {@code outputs}, a {@link PolicyOutputs} policy's named outputs are evaluated too.
     */
    record Job(List<Object> observations, boolean deterministic, boolean outputs, CompletableFuture<List<Row>> result) {}

    /**
     * One observation's result; {@code probabilities} and {@code value} are null where the policy has none;
     * {@code outputs} a {@link PolicyOutputs} policy's outputs when the job asked for them, else null.
     */
    record Row(Object action, float[] probabilities, Float value, Map<String, float[]> outputs) {}

    private final Policy policy;
    private final BatchPolicy batched;
    private final long windowNanos;
    private final int maxBatch;
    private final SplittableRandom rng;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private volatile boolean closed;

    MicroBatcher(Policy policy, long windowMicros, int maxBatch, long seed) {
        this.policy = policy;
        this.batched = policy instanceof BatchPolicy b ? b : null;
        this.windowNanos = TimeUnit.MICROSECONDS.toNanos(windowMicros);
        this.maxBatch = maxBatch;
        this.rng = new SplittableRandom(seed);
        this.worker = Thread.ofPlatform().name("bellman-serve-batcher").daemon().start(this::loop);
    }

    /** Queues {@code job}; its future completes once its rows are evaluated. */
    void submit(Job job) {
        if (closed) {
            job.result().completeExceptionally(new IllegalStateException("the server is stopping"));
            return;
        }
        queue.add(job);
    }

    /** Batches evaluated so far (one {@link BatchPolicy#evaluate} call, or one round of {@code act} calls, each). */
    long batches() {
        return batches.get();
    }

    /** Observations evaluated so far. */
    long rows() {
        return rows.get();
    }

    private void loop() {
        List<Job> jobs = new ArrayList<>();
        while (!closed) {
            try {
                Job first = queue.take();
                jobs.add(first);
                int n = first.observations().size();
                long deadline = System.nanoTime() + windowNanos;
                while (n < maxBatch) {
                    Job next = queue.peek();
                    if (next != null && n + next.observations().size() > maxBatch) {
                        break; // it starts the next batch
                    }
                    long left = deadline - System.nanoTime();
                    next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    jobs.add(next);
                    n += next.observations().size();
                }
                evaluate(jobs, n);
            } catch (InterruptedException e) {
                break;
            } finally {
                jobs.clear();
            }
        }
        for (Job j; (j = queue.poll()) != null; ) {
            j.result().completeExceptionally(new IllegalStateException("the server is stopping"));
        }
    }

    private void evaluate(List<Job> jobs, int n) {
        try {
            if (batched != null) {
                int size = batched.observationSize();
                float[] x = new float[n * size];
                int r = 0;
                for (Job j : jobs) {
                    for (Object o : j.observations()) {
                        float[] f = o instanceof byte[] b ? ByteBox.toFloats(b) : (float[]) o;
                        System.arraycopy(f, 0, x, r++ * size, size);
                    }
                }
                BatchPolicy.Output out = batched.evaluate(x, n);
                int k = batched.numActions();
                r = 0;
                for (Job j : jobs) {
                    List<Row> result = new ArrayList<>(j.observations().size());
                    for (int i = 0; i < j.observations().size(); i++, r++) {
                        float[] p = java.util.Arrays.copyOfRange(out.probabilities(), r * k, (r + 1) * k);
                        int action = j.deterministic() ? out.actions()[r] : batched.actionStart() + sample(p);
                        result.add(new Row(action, p, out.values() == null ? null : out.values()[r], null));
                    }
                    j.result().complete(result);
                }
            } else {
                for (Job j : jobs) {
                    List<Row> result = new ArrayList<>(j.observations().size());
                    for (Object o : j.observations()) {
                        PolicyOutputs po = policy instanceof PolicyOutputs p ? p : null;
                        Object action = !j.deterministic() && po != null ? po.sample(o, rng) : policy.act(o);
                        result.add(new Row(action, null, null, j.outputs() && po != null ? po.outputs(o) : null));
                    }
                    j.result().complete(result);
                }
            }
            batches.incrementAndGet();
            rows.addAndGet(n);
        } catch (RuntimeException e) {
            for (Job j : jobs) {
                j.result().completeExceptionally(e);
            }
        }
    }

    /** An index drawn from {@code p} (inverse CDF; the last action with positive mass takes rounding's rest). */
    private int sample(float[] p) {
        double u = rng.nextDouble();
        double c = 0;
        int last = 0;
        for (int a = 0; a < p.length; a++) {
            if (p[a] > 0) {
                last = a;
                c += p[a];
                if (u < c) {
                    return a;
                }
            }
        }
        return last;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Job j; (j = queue.poll()) != null; ) {
            j.result().completeExceptionally(new IllegalStateException("the server is stopping"));
        }
    }
}
