package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;

/**
 * Affinely maps actions from [minAction, maxAction] onto the inner {@link Box}'s [low, high]
 * ({@code gymnasium.wrappers.RescaleAction}): {@code low + (high - low) * (a - min) / (max - min)}, clipped to the box.
 */
public final class RescaleAction<O> extends Wrapper<O, float[], O, float[]> {
    private final Box inner;
    private final Box outer;
    private final float minAction;
    private final float maxAction;

    public RescaleAction(Env<O, float[]> env, float minAction, float maxAction) {
        super(env);
        if (!(env.actionSpace() instanceof Box b) || !b.isBounded()) {
            throw new IllegalArgumentException("RescaleAction needs a bounded Box action space but got " + env.actionSpace());
        }
        if (!(minAction < maxAction)) {
            throw new IllegalArgumentException("RescaleAction needs minAction < maxAction but got " + minAction + ", " + maxAction);
        }
        inner = b;
        this.minAction = minAction;
        this.maxAction = maxAction;
        outer = new Box(minAction, maxAction, b.shape());
    }

    @Override
    public Space<float[]> actionSpace() {
        return outer;
    }

    @Override
    public Step<O> step(float[] action) {
        PassiveChecker.checkAction(action, outer);
        float[] a = new float[action.length];
        for (int i = 0; i < a.length; i++) {
            double lo = inner.low(i);
            double hi = inner.high(i);
            double v = lo + (hi - lo) * ((action[i] - (double) minAction) / ((double) maxAction - minAction));
            a[i] = (float) Math.min(Math.max(v, lo), hi);
        }
        return env.step(a);
    }
}
