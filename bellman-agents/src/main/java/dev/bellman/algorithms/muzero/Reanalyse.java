package dev.bellman.algorithms.muzero;

import dev.bellman.nn.Rng;
import dev.bellman.search.LatentTree;

import java.util.HashMap;
import java.util.Map;

/**
 * MuZero Reanalyze (Schrittwieser et al. 2020, Appendix H): fresh targets for stored positions from a new search with
 * the current network. For each of the first {@code rows} sampled positions t of a batch, every position
 * {@code t + k} (k = 0 … K) of the unroll and every bootstrap position {@code t + k + n} inside its episode is searched
 * again from its stored observation ({@link MuZero.Config#simulations()} simulations, no root noise, the stored legal
 * actions at the root of a game); the training step then takes the new visit distribution as the policy target and
 * the new root value as the bootstrap value ν of the n-step value target. The stored statistics stay as they were (a
 * later batch that samples the position again searches again). The paper's Reanalyze also keeps a target network for
 * the values and runs on separate workers; here the search runs inline, with the network being trained.
 */
final class Reanalyse {
    private final LatentTree tree;
    private final MuZero.Inference inf;
    private final MuZero.Config c;
    private final Rng unused = new Rng(0); // no noise: the search draws nothing from it
    private final Map<Long, float[]> policies = new HashMap<>();
    private final Map<Long, Float> values = new HashMap<>();
    private final int[] visits;
    private final boolean[] legal;
    private final float[] obs;
    private long searches;

    Reanalyse(LatentTree tree, MuZero.Inference inf, MuZero.Config c) {
        this.tree = tree;
        this.inf = inf;
        this.c = c;
        int numActions = inf.net.arch.numActions();
        visits = new int[numActions];
        legal = new boolean[numActions];
        obs = new float[inf.net.arch.obsSize()];
    }

    /** Searches again every position the first {@code rows} of the positions {@code t} need (forgetting the last batch's). */
    void prepare(MuZero.Replay r, long[] t, int rows) {
        policies.clear();
        values.clear();
        for (int i = 0; i < rows; i++) {
            long end = r.episodeEnd[r.slot(t[i])];
            for (int k = 0; k <= c.unrollSteps() && t[i] + k < end; k++) {
                search(r, t[i] + k);
                if (t[i] + k + c.tdSteps() < end) search(r, t[i] + k + c.tdSteps());
            }
        }
    }

    private void search(MuZero.Replay r, long g) {
        if (policies.containsKey(g)) return;
        int s = r.slot(g), n = r.numActions;
        System.arraycopy(r.obs, s * r.obsSize, obs, 0, r.obsSize);
        if (r.legal != null) System.arraycopy(r.legal, s * n, legal, 0, n);
        MuZero.search(tree, inf, obs, r.legal != null ? legal : null, c.simulations(), 1, 0, unused);
        tree.rootVisits(visits);
        float[] pi = new float[n];
        int total = 0;
        for (int v : visits) total += v;
        for (int a = 0; a < n; a++) pi[a] = visits[a] / (float) total;
        policies.put(g, pi);
        values.put(g, (float) tree.rootValue());
        searches++;
    }

    /** Whether position {@code g} was searched again for this batch. */
    boolean has(long g) {
        return policies.containsKey(g);
    }

    /** The fresh visit distribution of position {@code g}. */
    float[] policy(long g) {
        return policies.get(g);
    }

    /** The fresh root value of position {@code g}. */
    float rootValue(long g) {
        return values.get(g);
    }

    /** Searches run so far. */
    long searches() {
        return searches;
    }
}
