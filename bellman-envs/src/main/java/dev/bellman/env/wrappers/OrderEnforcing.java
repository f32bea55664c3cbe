package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Enforces the call order ({@code gymnasium.wrappers.OrderEnforcing}): {@code step} before the first {@code reset}
 * throws {@link IllegalStateException}, and so does {@code step} after an episode ended (terminated or truncated)
 * without a new {@code reset} (Gymnasium leaves that case undefined; Bellman rejects it), and any call after
 * {@code close}.
 */
public final class OrderEnforcing<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private boolean hasReset;
    private boolean episodeOver;
    private boolean closed;

    public OrderEnforcing(Env<O, A> env) {
        super(env);
    }

    /** Whether {@code reset} has been called. */
    public boolean hasReset() {
        return hasReset;
    }

    /** {@link Snapshottable}: whether reset was called and whether the current episode is over. */
    @Override
    public long[] snapshot() {
        return new long[] {hasReset ? 1 : 0, episodeOver ? 1 : 0};
    }

    @Override
    public void restore(long[] snapshot) {
        Snapshottable.checkLength(snapshot, 2, this);
        hasReset = snapshot[0] != 0;
        episodeOver = snapshot[1] != 0;
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        if (closed) {
            throw new IllegalStateException("cannot reset " + env + ": the environment is closed");
        }
        Reset<O> r = env.reset(seed, options);
        hasReset = true;
        episodeOver = false;
        return r;
    }

    @Override
    public Step<O> step(A action) {
        if (closed) {
            throw new IllegalStateException("cannot step " + env + ": the environment is closed");
        }
        if (!hasReset) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first (env "
                    + env.unwrapped().getClass().getSimpleName() + ")");
        }
        if (episodeOver) {
            throw new IllegalStateException("cannot call step after the episode ended (terminated or truncated): "
                    + "call reset() first (env " + env.unwrapped().getClass().getSimpleName() + ")");
        }
        Step<O> s = env.step(action);
        episodeOver = s.terminated() || s.truncated();
        return s;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            env.close();
        }
    }
}
