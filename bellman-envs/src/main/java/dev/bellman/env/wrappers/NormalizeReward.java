package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Scales rewards by the running standard deviation of the discounted return ({@code gymnasium.wrappers.NormalizeReward},
 * after Engstrom et al. 2020, "Implementation Matters in Deep Policy Gradients"):
 * {@code G ← G·γ·(1 − terminated) + r}, the statistics absorb G, and the reward returned is {@code r / sqrt(var + ε)}.
 */
public final class NormalizeReward<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private final RunningMeanStd rms = new RunningMeanStd(1);
    private final double gamma;
    private final double epsilon;
    private double discountedReward;
    private boolean updating = true;

    public NormalizeReward(Env<O, A> env) {
        this(env, 0.99, 1e-8);
    }

    public NormalizeReward(Env<O, A> env, double gamma, double epsilon) {
        super(env);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
        }
        this.gamma = gamma;
        this.epsilon = epsilon;
    }

    /** The running statistics of the discounted return (live object: {@code toArray()}/{@code fromArray}). */
    public RunningMeanStd statistics() {
        return rms;
    }

    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        return env.reset(seed, options);
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        discountedReward = discountedReward * gamma * (s.terminated() ? 0 : 1) + s.reward();
        if (updating) {
            rms.update(discountedReward);
        }
        double r = s.reward() / Math.sqrt(rms.var(0) + epsilon);
        return new Step<>(s.observation(), r, s.terminated(), s.truncated(), s.info());
    }

    @Override
    public long[] snapshot() {
        long[] r = RunningMeanStd.snapshot(rms, updating);
        long[] out = java.util.Arrays.copyOf(r, r.length + 1);
        out[r.length] = Double.doubleToRawLongBits(discountedReward);
        return out;
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 5, this);
        updating = RunningMeanStd.restore(rms, java.util.Arrays.copyOf(v, 4), this);
        discountedReward = Double.longBitsToDouble(v[4]);
    }
}
