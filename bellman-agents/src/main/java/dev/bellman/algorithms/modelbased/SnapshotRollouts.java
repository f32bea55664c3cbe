package dev.bellman.algorithms.modelbased;

import dev.bellman.env.Env;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.nn.Rng;
import java.util.List;
import java.util.function.Supplier;

/**
 * The true dynamics of any {@link Snapshottable} env as a {@link RolloutModel}: a private copy of the env is put into
 * the real env's state ({@link Snapshottable#snapshotChain}) before each candidate and stepped through it; the
 * candidate's return is the sum of the copy's rewards up to termination or truncation. For checking planners
 * separately from learned models (exact, but as slow as the env).
 */
public final class SnapshotRollouts implements RolloutModel {
    private final Env<float[], float[]> copy;
    private final Supplier<List<long[]>> source;
    private final int obsDim, actDim;

    /**
     * @param copy   an env made exactly as the real one (its own instance), stepped by the planner
     * @param source the real env's current snapshots, e.g. {@code () -> Snapshottable.snapshotChain(realEnv)}
     */
    public SnapshotRollouts(Env<float[], float[]> copy, Supplier<List<long[]>> source) {
        this.copy = copy;
        this.source = source;
        this.obsDim = copy.observationSpace().flatDim();
        this.actDim = copy.actionSpace().flatDim();
    }

    @Override
    public int obsDim() { return obsDim; }

    @Override
    public int actDim() { return actDim; }

    @Override
    public void returns(float[] obs, float[] actions, int n, int horizon, Rng rng, double[] returns) {
        List<long[]> start = source.get();
        float[] a = new float[actDim];
        for (int i = 0; i < n; i++) {
            Snapshottable.restoreChain(copy, start);
            double ret = 0;
            for (int t = 0; t < horizon; t++) {
                System.arraycopy(actions, (i * horizon + t) * actDim, a, 0, actDim);
                Step<float[]> step = copy.step(a);
                ret += step.reward();
                if (step.terminated() || step.truncated()) break;
            }
            returns[i] = ret;
        }
    }
}
