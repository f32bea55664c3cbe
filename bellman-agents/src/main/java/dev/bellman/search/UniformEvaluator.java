package dev.bellman.search;

import dev.bellman.games.Game;
import dev.bellman.games.State;

/** Uniform priors and value 0 everywhere: PUCT with it is a search guided by terminal outcomes alone. */
public final class UniformEvaluator implements Evaluator {
    private final int numActions, capacity;

    public UniformEvaluator(Game game, int capacity) {
        this.numActions = game.numDistinctActions();
        this.capacity = capacity;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void add(int slot, State state) {
    }

    @Override
    public void evaluate(int n, float[] priors, float[] values) {
        java.util.Arrays.fill(priors, 0, n * numActions, 1f);
        java.util.Arrays.fill(values, 0, n, 0f);
    }
}
