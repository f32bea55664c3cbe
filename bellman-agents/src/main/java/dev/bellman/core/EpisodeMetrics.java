package dev.bellman.core;

import dev.bellman.env.Env;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Objects;

/**
 * An env wrapper that reports every finished episode to a {@link MetricsSink} as it happens:
 * {@link MetricsSink#EPISODIC_RETURN} and {@link MetricsSink#EPISODIC_LENGTH} at the global step where
 * the episode ended (terminated or truncated), as Gymnasium's {@code RecordEpisodeStatistics} plus
 * CleanRL's logging do.
 *
 * <p>The global step counts every {@link #step} since the wrapper was made, including the one that
 * ended the episode. Lets the command line show progress and learning curves for algorithms that
 * keep their own loop and know nothing of sinks.
 */
public final class EpisodeMetrics<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private final MetricsSink sink;
    private long globalStep;
    private double episodeReturn;
    private long episodeLength;

    public EpisodeMetrics(Env<O, A> env, MetricsSink sink) {
        super(env);
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public Step<O> step(A action) {
        Step<O> step = env.step(action);
        globalStep++;
        episodeReturn += step.reward();
        episodeLength++;
        if (step.terminated() || step.truncated()) {
            sink.record(globalStep, MetricsSink.EPISODIC_RETURN, episodeReturn);
            sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, episodeLength);
            episodeReturn = 0;
            episodeLength = 0;
        }
        return step;
    }

    @Override
    public dev.bellman.env.Reset<O> reset(Long seed, java.util.Map<String, Object> options) {
        episodeReturn = 0;
        episodeLength = 0;
        return env.reset(seed, options);
    }

    /** Environment steps taken through this wrapper. */
    public long globalStep() {
        return globalStep;
    }

    /** The global step, the running episode's return (raw bits) and length. */
    @Override
    public long[] snapshot() {
        return new long[] {globalStep, Double.doubleToRawLongBits(episodeReturn), episodeLength};
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 3, this);
        globalStep = v[0];
        episodeReturn = Double.longBitsToDouble(v[1]);
        episodeLength = v[2];
    }
}
