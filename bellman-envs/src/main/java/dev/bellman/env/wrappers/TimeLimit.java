package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Ends episodes after {@code maxEpisodeSteps} steps by setting {@code truncated} ({@code gymnasium.wrappers.TimeLimit}).
 * It never sets {@code terminated}: running out of time is not a terminal state of the MDP, so value bootstrapping
 * must continue through it (Pardo et al. 2018, "Time Limits in Reinforcement Learning"). Stepping past the limit
 * without a reset throws {@link IllegalStateException}.
 */
public final class TimeLimit<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private final int maxEpisodeSteps;
    private int elapsedSteps;

    public TimeLimit(Env<O, A> env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be positive but was " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken since the last reset. */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    /** {@link Snapshottable}: the steps elapsed in the current episode. */
    @Override
    public long[] snapshot() {
        return new long[] {elapsedSteps};
    }

    @Override
    public void restore(long[] snapshot) {
        Snapshottable.checkLength(snapshot, 1, this);
        if (snapshot[0] < 0 || snapshot[0] > maxEpisodeSteps) {
            throw new IllegalArgumentException("elapsed steps must be in [0, " + maxEpisodeSteps + "] but was " + snapshot[0]);
        }
        elapsedSteps = (int) snapshot[0];
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        elapsedSteps = 0;
        return env.reset(seed, options);
    }

    @Override
    public Step<O> step(A action) {
        if (elapsedSteps >= maxEpisodeSteps) {
            throw new IllegalStateException("cannot call step after the episode ended (truncated at the time limit of "
                    + maxEpisodeSteps + " steps): call reset() first");
        }
        Step<O> s = env.step(action);
        elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps && !s.truncated()) {
            return new Step<>(s.observation(), s.reward(), s.terminated(), true, s.info());
        }
        return s;
    }
}
