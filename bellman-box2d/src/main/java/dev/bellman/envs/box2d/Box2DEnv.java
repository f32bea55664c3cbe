package dev.bellman.envs.box2d;

import dev.bellman.env.Env;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Space;
import dev.bellman.env.Spaces;
import java.util.Map;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.World;

/**
 * Shared plumbing of the Box2D environments: the seeded generator (Gymnasium's {@code self.np_random}, reseeded only
 * when {@code reset} gets a seed), the JBox2D world rebuilt on every reset, idempotent close, action validation and
 * keyword-argument parsing.
 */
abstract class Box2DEnv<A> implements Env<float[], A> {
    /** Simulation rate of both tasks (Gymnasium's {@code FPS}). */
    static final int FPS = 50;
    /** Pixels per world metre (Gymnasium's {@code SCALE}). */
    static final double SCALE = 30.0;
    static final int VIEWPORT_W = 600;
    static final int VIEWPORT_H = 400;
    /** Box2D solver iterations per step, as Gymnasium's {@code world.Step(1/FPS, 6*30, 2*30)}. */
    static final int VELOCITY_ITERATIONS = 6 * 30;
    static final int POSITION_ITERATIONS = 2 * 30;

    private NpRandom random;
    private boolean closed;
    World world;

    /** Gymnasium's {@code super().reset(seed=seed)}: reseed when a seed is given, seed from entropy on first use. */
    final NpRandom seedOnReset(Long seed) {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        if (seed != null) {
            random = new NpRandom(seed);
        } else if (random == null) {
            random = NpRandom.fromEntropy();
        }
        return random;
    }

    /** The environment's generator. */
    final NpRandom npRandom() {
        if (random == null) {
            random = NpRandom.fromEntropy();
        }
        return random;
    }

    /** A fresh world with gravity {@code (0, gravityY)}. */
    static World newWorld(double gravityY) {
        return new World(new Vec2(0f, (float) gravityY));
    }

    final void requireStarted() {
        if (world == null) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first ("
                    + getClass().getSimpleName() + ")");
        }
    }

    final void requireAction(boolean valid, Object action) {
        if (!valid) {
            Space<A> space = actionSpace();
            String nan = action instanceof float[] a && a.length > 0 && Float.isNaN(a[0]) ? " (NaN)" : "";
            throw new IllegalArgumentException("action " + Spaces.describe(action) + nan
                    + " is not in the action space " + space + " of " + getClass().getSimpleName());
        }
    }

    static double kwarg(Map<String, Object> kwargs, String key, double dflt) {
        Object v = kwargs == null ? null : kwargs.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("keyword argument '" + key + "' must be a number but was "
                + Spaces.describe(v));
    }

    static boolean kwargBool(Map<String, Object> kwargs, String key, boolean dflt) {
        Object v = kwargs == null ? null : kwargs.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("keyword argument '" + key + "' must be a boolean but was "
                + Spaces.describe(v));
    }

    /** Rejects a non-finite or non-positive physical parameter with a message naming it. */
    static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive finite number but was " + v);
        }
        return v;
    }

    /** Rejects a non-finite or negative physical parameter with a message naming it. */
    static double nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0 but was " + v);
        }
        return v;
    }

    @Override
    public final void close() {
        closed = true;
        world = null;
    }

    @Override
    public int renderFps() {
        return FPS;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
