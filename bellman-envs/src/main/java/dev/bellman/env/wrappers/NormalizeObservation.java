package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Normalizes {@code float[]} observations by a running mean and variance ({@code gymnasium.wrappers.NormalizeObservation}):
 * each observation first updates the statistics (while {@link #setUpdating} is on), then is returned as
 * {@code (obs - mean) / sqrt(var + epsilon)}. The statistics are readable and can be saved and restored through
 * {@link #statistics()} so that evaluation uses the training-time normalization.
 */
public final class NormalizeObservation<A> extends Wrapper<float[], A, float[], A> implements Snapshottable {
    private final RunningMeanStd rms;
    private final double epsilon;
    private final Box space;
    private boolean updating = true;

    public NormalizeObservation(Env<float[], A> env) {
        this(env, 1e-8);
    }

    public NormalizeObservation(Env<float[], A> env, double epsilon) {
        super(env);
        if (!(env.observationSpace() instanceof Box b)) {
            throw new IllegalArgumentException("NormalizeObservation needs a Box observation space but got "
                    + env.observationSpace());
        }
        this.rms = new RunningMeanStd(b.size());
        this.epsilon = epsilon;
        this.space = new Box(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, b.shape());
    }

    /** The running statistics (live object: {@code toArray()} saves, {@code fromArray} restores). */
    public RunningMeanStd statistics() {
        return rms;
    }

    /** Whether observations update the statistics (turn off for evaluation). */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    @Override
    public Space<float[]> observationSpace() {
        return space;
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        Reset<float[]> r = env.reset(seed, options);
        return new Reset<>(normalize(r.observation()), r.info());
    }

    @Override
    public Step<float[]> step(A action) {
        Step<float[]> s = env.step(action);
        return new Step<>(normalize(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    private float[] normalize(float[] obs) {
        if (updating) {
            rms.update(obs);
        }
        float[] out = new float[obs.length];
        for (int i = 0; i < obs.length; i++) {
            out[i] = (float) ((obs[i] - rms.mean(i)) / Math.sqrt(rms.var(i) + epsilon));
        }
        return out;
    }

    @Override
    public long[] snapshot() {
        return RunningMeanStd.snapshot(rms, updating);
    }

    @Override
    public void restore(long[] v) {
        updating = RunningMeanStd.restore(rms, v, this);
    }
}
