package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Arrays;

/**
 * Clips continuous actions into the inner {@link Box} ({@code gymnasium.wrappers.ClipAction}); the wrapper's own
 * action space is unbounded. NaN stays NaN (and the inner environment rejects it).
 */
public final class ClipAction<O> extends Wrapper<O, float[], O, float[]> {
    private final Box inner;
    private final Box outer;

    public ClipAction(Env<O, float[]> env) {
        super(env);
        if (!(env.actionSpace() instanceof Box b)) {
            throw new IllegalArgumentException("ClipAction needs a Box action space but got " + env.actionSpace());
        }
        inner = b;
        float[] hi = new float[b.size()];
        Arrays.fill(hi, Float.POSITIVE_INFINITY);
        float[] lo = new float[b.size()];
        Arrays.fill(lo, Float.NEGATIVE_INFINITY);
        outer = new Box(lo, hi, b.shape());
    }

    @Override
    public Space<float[]> actionSpace() {
        return outer;
    }

    @Override
    public Step<O> step(float[] action) {
        float[] a = new float[action.length];
        for (int i = 0; i < a.length && i < inner.size(); i++) {
            a[i] = Float.isNaN(action[i]) ? action[i] : Math.min(Math.max(action[i], inner.low(i)), inner.high(i));
        }
        return env.step(a);
    }
}
