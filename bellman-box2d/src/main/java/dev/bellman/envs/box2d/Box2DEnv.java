package dev.bellman.envs.box2d;

import dev.bellman.env.Env;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Spaces;
import java.util.Map;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.World;

/**
 * Shared plumbing of the Box2D environments: the seeded generator (Gymnasium's {@code self.np_random}, reseeded only
 * when {@code reset} gets a seed), the JBox2D world rebuilt on every reset, idempotent close, action validation and
 * keyword-argument parsing.
 *
 * <p>Snapshots ({@link Snapshottable}, for training checkpoints) do not serialise the physics world: they hold the
 * generator's state at the start of the episode and the episode's actions, and {@link #restore} rebuilds the world and
 * replays the actions. JBox2D is deterministic, so the replay reaches the very state that was snapshotted; restoring
 * costs one episode prefix of simulation.
 */
abstract class Box2DEnv<A> implements Env<float[], A>, Snapshottable {
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
    /** The generator's state when the current episode's world was built (null before the first reset). */
    private long[] episodeStart;
    /** The current episode's actions, encoded by {@link #encode}; replayed by {@link #restore}. */
    private long[] actionLog = new long[64];
    private int actionCount;

    /** Builds the episode's world from {@code rng} and returns the first observation (after the no-op step). */
    abstract float[] buildEpisode(NpRandom rng);

    /** Advances the world by one step with a validated action and returns the observation. */
    abstract float[] advance(A action);

    /** Longs per encoded action. */
    abstract int actionWidth();

    /** Writes {@code action} into {@code out[at .. at + actionWidth())}. */
    abstract void encode(A action, long[] out, int at);

    /** The action encoded at {@code in[at]}. */
    abstract A decode(long[] in, int at);

    /** Starts an episode: reseeds when asked, remembers the generator's state, builds the world. */
    final float[] startEpisode(Long seed) {
        NpRandom rng = seedOnReset(seed);
        episodeStart = rng.snapshot();
        actionCount = 0;
        return buildEpisode(rng);
    }

    /** Logs a validated action for snapshots, then advances. */
    final float[] stepLogged(A action) {
        int w = actionWidth();
        if ((actionCount + 1) * w > actionLog.length) {
            actionLog = java.util.Arrays.copyOf(actionLog, actionLog.length * 2);
        }
        encode(action, actionLog, actionCount * w);
        actionCount++;
        return advance(action);
    }

    /** Layout: started flag; if started, the 8-long generator state at the episode's start, the count, the actions. */
    @Override
    public final long[] snapshot() {
        if (world == null || episodeStart == null) {
            return new long[] {0};
        }
        int w = actionWidth();
        long[] out = new long[10 + actionCount * w];
        out[0] = 1;
        System.arraycopy(episodeStart, 0, out, 1, 8);
        out[9] = actionCount;
        System.arraycopy(actionLog, 0, out, 10, actionCount * w);
        return out;
    }

    @Override
    public final void restore(long[] snapshot) {
        if (snapshot == null || snapshot.length == 0 || snapshot[0] != 0 && snapshot[0] != 1) {
            throw new IllegalArgumentException("a snapshot of " + getClass().getSimpleName()
                    + " must start with 0 (not started) or 1 (started) but was "
                    + (snapshot == null || snapshot.length == 0 ? "empty" : String.valueOf(snapshot[0])));
        }
        if (snapshot[0] == 0) {
            Snapshottable.checkLength(snapshot, 1, this);
            world = null;
            episodeStart = null;
            actionCount = 0;
            return;
        }
        int w = actionWidth();
        if (snapshot.length < 10 || snapshot[9] < 0 || snapshot.length != 10 + snapshot[9] * w) {
            throw new IllegalArgumentException("a snapshot of " + getClass().getSimpleName() + " holding "
                    + (snapshot.length < 10 ? "?" : String.valueOf(snapshot[9])) + " actions must have 10 + "
                    + w + " values per action but has " + snapshot.length);
        }
        NpRandom rng = new NpRandom(0);
        rng.restore(java.util.Arrays.copyOfRange(snapshot, 1, 9));
        random = rng;
        closed = false;
        episodeStart = rng.snapshot();
        actionCount = 0;
        buildEpisode(rng);
        int n = (int) snapshot[9];
        for (int i = 0; i < n; i++) {
            stepLogged(decode(snapshot, 10 + i * w));
        }
    }

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

    /**
     * Tests only: build worlds with JBox2D's own revolute joints instead of {@link ScalarRevoluteJoint}s (the same bits,
     * slower), to compare the two.
     */
    boolean jbox2dJoints;

    /** A fresh world with gravity {@code (0, gravityY)}. */
    static World newWorld(double gravityY) {
        return new Box2DWorld(new Vec2(0f, (float) gravityY));
    }

    /** The episode's fresh world with gravity {@code (0, gravityY)}, with JBox2D's joints if {@link #jbox2dJoints}. */
    final World episodeWorld(double gravityY) {
        return new Box2DWorld(new Vec2(0f, (float) gravityY), !jbox2dJoints);
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
