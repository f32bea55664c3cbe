package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;

/**
 * What a sampling-based MPC planner needs from a model: the predicted return of candidate action sequences from the
 * current observation. Implemented over a learned ensemble ({@link EnsembleRollouts}), over the true dynamics as pure
 * functions ({@link PendulumModel}), and over a copy of the real env moved by snapshots ({@link SnapshotRollouts}).
 */
public interface RolloutModel {

    int obsDim();

    int actDim();

    /**
     * Writes into {@code returns[i]} the predicted (undiscounted) return of action sequence i, {@code i < n}, from
     * {@code obs}. Sequence i occupies {@code actions[i·horizon·actDim ..]}, step-major; actions are in the env's units.
     * Rewards after a predicted termination are 0.
     */
    void returns(float[] obs, float[] actions, int n, int horizon, Rng rng, double[] returns);
}
