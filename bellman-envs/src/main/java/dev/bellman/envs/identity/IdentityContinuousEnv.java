package dev.bellman.envs.identity;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;

import java.util.Map;

/**
 * The continuous identity task, a sanity check for continuous-action algorithms (after
 * Stable-Baselines3's {@code IdentityEnvBox}, with a dense reward).
 *
 * <h2>Description</h2>
 * Each step shows a target {@code x} drawn uniformly from [−1, 1]; the agent should answer with
 * the action {@code a = x}. The next target does not depend on the action.
 *
 * <h2>Action space</h2> {@code Box(-1, 1, (1,))}.
 * <h2>Observation space</h2> {@code Box(-1, 1, (1,))}, the current target.
 * <h2>Rewards</h2> {@code −(a − x)²}: 0 for a perfect answer; a uniformly random policy averages −2/3
 * per step.
 * <h2>Starting state</h2> a uniformly drawn target.
 * <h2>Episode end</h2> never terminates; the registered time limit (100 steps) truncates.
 * <h2>Version history</h2> v0: first version.
 */
public final class IdentityContinuousEnv implements Snapshottable, Env<float[], float[]> {
    private final Box space = new Box(-1f, 1f, 1);
    private NpRandom rng;
    private float target = Float.NaN;

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        if (seed != null) rng = new NpRandom(seed);
        else if (rng == null) rng = NpRandom.fromEntropy();
        target = (float) rng.uniform(-1, 1);
        return new Reset<>(new float[]{target}, Map.of());
    }

    @Override
    public Step<float[]> step(float[] action) {
        if (Float.isNaN(target)) throw new IllegalStateException("step() before reset()");
        if (action == null || !space.contains(action)) {
            throw new IllegalArgumentException("action " + java.util.Arrays.toString(action)
                    + " is outside the action space " + space);
        }
        double d = action[0] - target;
        target = (float) rng.uniform(-1, 1);
        return new Step<>(new float[]{target}, -d * d, false, false, Map.of());
    }

    @Override
    public Space<float[]> observationSpace() { return space; }

    @Override
    public Space<float[]> actionSpace() { return space; }

    @Override
    public void close() {}

    /** Snapshot: generator present (0/1), its 8 longs, the current target. */
    @Override
    public long[] snapshot() {
        long[] out = new long[10];
        RngSlots.write(rng, out);
        out[9] = Float.floatToRawIntBits(target);
        return out;
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 10, this);
        rng = RngSlots.read(v);
        target = Float.intBitsToFloat((int) v[9]);
    }
}
