package dev.bellman.env.wrappers;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Spaces;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Checks an environment's outputs without changing them ({@code gymnasium.wrappers.PassiveEnvChecker}): the spaces
 * exist at construction; the first {@code reset} and the first {@code step} return observations inside the observation
 * space, a finite reward and a non-null info. Every {@code step} checks its action against the action space (a NaN or an
 * out-of-space action fails naming the value and the space). Violations throw {@link IllegalStateException}
 * (environment bugs) or {@link IllegalArgumentException} (bad actions).
 */
public final class PassiveChecker<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private boolean checkedReset;
    private boolean checkedStep;

    public PassiveChecker(Env<O, A> env) {
        super(env);
        if (env.observationSpace() == null) {
            throw new IllegalStateException(env + " has no observation space");
        }
        if (env.actionSpace() == null) {
            throw new IllegalStateException(env + " has no action space");
        }
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        Reset<O> r = env.reset(seed, options);
        if (!checkedReset) {
            checkedReset = true;
            checkObservation(r.observation(), "reset");
        }
        return r;
    }

    @Override
    public Step<O> step(A action) {
        checkAction(action, env.actionSpace());
        Step<O> s = env.step(action);
        if (!checkedStep) {
            checkedStep = true;
            checkObservation(s.observation(), "step");
            if (!Double.isFinite(s.reward())) {
                throw new IllegalStateException("step returned a non-finite reward " + s.reward());
            }
        }
        return s;
    }

    private void checkObservation(O obs, String where) {
        Space<O> space = env.observationSpace();
        if (!space.contains(obs)) {
            throw new IllegalStateException(where + " returned observation " + Spaces.describe(obs)
                    + " outside the observation space " + space);
        }
    }

    /** Throws {@link IllegalArgumentException} naming the value and the space if {@code action} is not in {@code space}. */
    public static void checkAction(Object action, Space<?> space) {
        if (space.contains(action)) {
            return;
        }
        if (action instanceof float[] a) {
            for (int i = 0; i < a.length; i++) {
                if (Float.isNaN(a[i])) {
                    throw new IllegalArgumentException("action " + Spaces.describe(action) + " contains NaN at index "
                            + i + "; expected an element of " + space);
                }
            }
        }
        throw new IllegalArgumentException("action " + Spaces.describe(action) + " is not in the action space " + space);
    }

    @Override
    public long[] snapshot() {
        return new long[] {checkedReset ? 1 : 0, checkedStep ? 1 : 0};
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 2, this);
        checkedReset = v[0] != 0;
        checkedStep = v[1] != 0;
    }
}
