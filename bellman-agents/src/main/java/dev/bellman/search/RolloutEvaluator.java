package dev.bellman.search;

import dev.bellman.games.Game;
import dev.bellman.games.State;
import dev.bellman.nn.Rng;

/**
 * The evaluator of classic UCT (Kocsis and Szepesvari 2006): uniform priors and, as the value, the outcome of
 * {@code rollouts} games played on from the leaf with uniformly random moves, averaged. Seeded, so deterministic.
 */
public final class RolloutEvaluator implements Evaluator {
    private final int numActions, rollouts;
    private final Rng rng;
    private final float[] results;

    public RolloutEvaluator(Game game, int capacity, int rollouts, long seed) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        if (rollouts < 1) throw new IllegalArgumentException("rollouts must be >= 1 but was " + rollouts);
        this.numActions = game.numDistinctActions();
        this.rollouts = rollouts;
        this.rng = new Rng(seed);
        this.results = new float[capacity];
    }

    @Override
    public int capacity() {
        return results.length;
    }

    @Override
    public void add(int slot, State state) {
        int player = state.currentPlayer();
        double total = 0;
        for (int r = 0; r < rollouts; r++) {
            int depth = 0;
            while (!state.isTerminal()) {
                int[] legal = state.legalActions();
                state.apply(legal[rng.nextInt(legal.length)]);
                depth++;
            }
            total += state.returnFor(player);
            for (int i = 0; i < depth; i++) state.undo();
        }
        results[slot] = (float) (total / rollouts);
    }

    @Override
    public void evaluate(int n, float[] priors, float[] values) {
        java.util.Arrays.fill(priors, 0, n * numActions, 1f);
        System.arraycopy(results, 0, values, 0, n);
    }
}
