package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;

/**
 * Clips rewards into [minReward, maxReward] ({@code gymnasium.wrappers.ClipReward}, {@code np.clip}; e.g. [-1, 1] for
 * Atari DQN). A side Gymnasium leaves unbounded ({@code None}) is {@code Double.NEGATIVE_INFINITY} or
 * {@code Double.POSITIVE_INFINITY} here; a NaN reward stays NaN, as with {@code np.clip}.
 */
public final class ClipReward<O, A> extends Wrapper<O, A, O, A> {
    private final double minReward;
    private final double maxReward;

    public ClipReward(Env<O, A> env, double minReward, double maxReward) {
        super(env);
        if (!(minReward <= maxReward)) {
            throw new IllegalArgumentException("ClipReward needs minReward <= maxReward but got " + minReward + ", " + maxReward);
        }
        this.minReward = minReward;
        this.maxReward = maxReward;
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        double r = Math.min(Math.max(s.reward(), minReward), maxReward);
        return new Step<>(s.observation(), r, s.terminated(), s.truncated(), s.info());
    }
}
