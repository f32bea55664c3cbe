package dev.bellman.cli;

import dev.bellman.games.State;
import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoPlayoutBoard;
import dev.bellman.games.go.GoPlayouts;
import dev.bellman.games.go.GoState;
import dev.bellman.search.Evaluator;
import dev.bellman.search.Mcts;
import dev.bellman.search.Selection;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The move choice of {@code bellman gtp}: an {@link Mcts} search of at most {@code simulations} simulations that also
 * stops when its clock budget runs out, and resigns when the searched value of the position for the player to move is
 * below {@code resignBelow}. Two evaluators: pure UCT with one Go random playout per leaf ({@link GoPlayouts}: no
 * filling of one's own eye-like points, so playouts end with two passes) and a trained AlphaZero network.
 */
final class GoSearch {
    /** What {@link #choose} decided. */
    record Choice(int action, boolean resign, double value, int simulations) {}

    private final Mcts.Config config;
    private final Function<GoGame, Evaluator> evaluators;
    private final double resignBelow;
    private final String name;
    private final int size;
    private GoGame game;
    private Mcts mcts;
    private Evaluator evaluator;

    /**
     * @param config the search settings; {@link Mcts.Config#simulations()} is the most simulations per move
     * @param evaluators the leaf evaluator for a game
     * @param resignBelow resign when the root value (in [-1, 1], the mover's side) is below this; -1 or less never
     * @param name the engine's description, e.g. {@code "mcts:1000"}
     * @param size the board size the evaluator plays (a network's), or 0 for any
     */
    GoSearch(Mcts.Config config, Function<GoGame, Evaluator> evaluators, double resignBelow, String name, int size) {
        this.size = size;
        this.config = config;
        this.evaluators = evaluators;
        this.resignBelow = resignBelow;
        this.name = name;
    }

    /** Pure UCT (c = √2) with {@code simulations} Go playouts per move at most. */
    static GoSearch uct(int simulations, double resignBelow, long seed) {
        Mcts.Config cfg = Mcts.Config.greedy(Selection.uct(Math.sqrt(2)), simulations, seed);
        return new GoSearch(cfg, g -> new PlayoutEvaluator(g, seed ^ 0x9E3779B97F4A7C15L), resignBelow,
                "mcts:" + simulations, 0);
    }

    /** The board size the evaluator is limited to, or 0. */
    int size() {
        return size;
    }

    String name() {
        return name;
    }

    /**
     * Searches {@code state} (not changed) for at most {@code budgetNanos} nanoseconds ({@code <= 0}: no clock, only
     * the simulation count) and returns the most visited move, or resignation.
     */
    Choice choose(GoState state, long budgetNanos) {
        long deadline = budgetNanos > 0 ? System.nanoTime() + budgetNanos : Long.MAX_VALUE;
        if (game == null || !game.config().equals(state.game().config())) { // same rules: keep the random streams going
            game = state.game();
            mcts = new Mcts(game, config);
            evaluator = evaluators.apply(game);
        }
        mcts.reset();
        int batch = Math.min(config.batchSize(), evaluator.capacity());
        float[] priors = new float[batch * game.numDistinctActions()];
        float[] values = new float[batch];
        State s = state.copy();
        mcts.startSearch(s);
        int done = 0;
        while (!mcts.searchDone()) {
            int n = mcts.collect(s, evaluator, 0, batch);
            if (n > 0) evaluator.evaluate(n, priors, values);
            mcts.backup(priors, values, 0);
            done += n;
            if (System.nanoTime() >= deadline) break;
        }
        double value = mcts.rootValue();
        int action = mcts.chooseAction(state.moveNumber());
        boolean resign = done >= 16 && value < resignBelow;
        return new Choice(action, resign, value, done);
    }

    /** Uniform priors and the outcome of one {@link GoPlayouts} random game from the leaf (on a playout board). */
    static final class PlayoutEvaluator implements Evaluator {
        private final int numActions;
        private final SplittableRandom random;
        private final GoPlayoutBoard board;
        private float result;

        PlayoutEvaluator(GoGame game, long seed) {
            numActions = game.numDistinctActions();
            random = new SplittableRandom(seed);
            board = new GoPlayoutBoard(game);
        }

        @Override
        public int capacity() {
            return 1;
        }

        @Override
        public void add(int slot, State state) {
            GoState g = (GoState) state;
            board.reset(g);
            board.playToEnd(random);
            result = (float) board.returnFor(g.currentPlayer());
        }

        @Override
        public void evaluate(int n, float[] priors, float[] values) {
            java.util.Arrays.fill(priors, 0, n * numActions, 1f);
            values[0] = result;
        }
    }
}
