package dev.bellman.envs.identity;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;

import java.util.Map;

/**
 * The discrete identity task, a sanity check that an algorithm can learn at all (after
 * Stable-Baselines3's {@code IdentityEnv}).
 *
 * <h2>Description</h2>
 * Each step shows a target class {@code c} drawn uniformly from {@code 0..n-1}, one-hot encoded; the
 * agent should answer with action {@code c}. The next target does not depend on the action.
 *
 * <h2>Action space</h2> {@code Discrete(n)}.
 * <h2>Observation space</h2> {@code Box(0, 1, (n,))}, the one-hot code of the current target.
 * <h2>Rewards</h2> 1 for the right answer, 0 otherwise; an optimal policy earns one per step.
 * <h2>Starting state</h2> a uniformly drawn target.
 * <h2>Episode end</h2> never terminates; the registered time limit (100 steps) truncates.
 * <h2>Arguments</h2> {@code n} (default 4).
 * <h2>Version history</h2> v0: first version.
 */
public final class IdentityEnv implements Snapshottable, Env<float[], Integer> {
    private final int n;
    private final Box observationSpace;
    private final Discrete actionSpace;
    private NpRandom rng;
    private int target = -1;

    public IdentityEnv(int n) {
        if (n < 2) throw new IllegalArgumentException("n must be at least 2 but was " + n);
        this.n = n;
        this.observationSpace = new Box(0f, 1f, n);
        this.actionSpace = new Discrete(n);
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        if (seed != null) rng = new NpRandom(seed);
        else if (rng == null) rng = NpRandom.fromEntropy();
        target = (int) rng.integers(n);
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<float[]> step(Integer action) {
        if (target < 0) throw new IllegalStateException("step() before reset()");
        if (action == null || !actionSpace.contains(action)) {
            throw new IllegalArgumentException("action " + action + " is outside the action space " + actionSpace);
        }
        double reward = action == target ? 1.0 : 0.0;
        target = (int) rng.integers(n);
        return new Step<>(observation(), reward, false, false, Map.of());
    }

    private float[] observation() {
        float[] o = new float[n];
        o[target] = 1f;
        return o;
    }

    @Override
    public Space<float[]> observationSpace() { return observationSpace; }

    @Override
    public Space<Integer> actionSpace() { return actionSpace; }

    @Override
    public void close() {}

    /** Snapshot: generator present (0/1), its 8 longs, the current target. */
    @Override
    public long[] snapshot() {
        long[] out = new long[10];
        RngSlots.write(rng, out);
        out[9] = target;
        return out;
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 10, this);
        rng = RngSlots.read(v);
        target = (int) v[9];
    }
}
