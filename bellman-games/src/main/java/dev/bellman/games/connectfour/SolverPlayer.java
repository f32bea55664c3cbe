package dev.bellman.games.connectfour;

import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import java.util.SplittableRandom;

/**
 * A Connect Four player built on {@link ConnectFourSolver}: perfect (every move scored exactly, the best one played) or
 * depth-limited (each move searched {@code depth} plies, the horizon scoring 0, so it sees wins and losses that close
 * within the horizon and is otherwise indifferent). Ties between equally scored moves are broken by a generator
 * seeded at construction, so the same seed gives the same moves in the same positions.
 *
 * <p>Cost: the perfect player solves every legal move exactly, which in the opening takes as long as solving the
 * position itself (over 10 CPU-minutes on the empty board); its solver keeps its transposition table
 * across moves and games, so later moves are quick.
 */
public final class SolverPlayer implements GamePlayer {
    private final int depth;
    private final ConnectFourSolver solver;
    private final SplittableRandom random;

    private SolverPlayer(int depth, ConnectFourSolver solver, long seed) {
        this.depth = depth;
        this.solver = solver;
        this.random = new SplittableRandom(seed);
    }

    /** A perfect player with its own solver (a {@code 2^23}-slot table, about 72 MB). */
    public static SolverPlayer perfect(long seed) {
        return new SolverPlayer(0, new ConnectFourSolver(), seed);
    }

    /** A perfect player using {@code solver} (not shared between threads). */
    public static SolverPlayer perfect(ConnectFourSolver solver, long seed) {
        return new SolverPlayer(0, solver, seed);
    }

    /** A player that searches {@code depth >= 1} plies (the move itself is the first). */
    public static SolverPlayer depthLimited(int depth, long seed) {
        if (depth < 1) throw new IllegalArgumentException("solver depth must be at least 1 but was " + depth);
        return new SolverPlayer(depth, new ConnectFourSolver(10), seed);
    }

    /** The search depth in plies, or 0 for the perfect player. */
    public int depth() {
        return depth;
    }

    /** The score of every move from the mover's side, as {@link ConnectFourSolver#analyze} (null for a full column). */
    public Integer[] scores(ConnectFourState state) {
        return depth == 0 ? solver.analyze(state) : solver.analyzeDepth(state, depth);
    }

    @Override
    public int chooseAction(State state) {
        if (!(state instanceof ConnectFourState c4)) {
            throw new IllegalArgumentException("the Connect Four solver cannot play " + state.game().id());
        }
        Integer[] scores = scores(c4);
        int best = Integer.MIN_VALUE;
        int ties = 0;
        int choice = -1;
        for (int c = 0; c < scores.length; c++) {
            if (scores[c] == null) continue;
            if (scores[c] > best) {
                best = scores[c];
                ties = 1;
                choice = c;
            } else if (scores[c] == best && random.nextInt(++ties) == 0) { // reservoir sampling over the ties
                choice = c;
            }
        }
        return choice;
    }

    @Override
    public String name() {
        return depth == 0 ? "solver" : "solver:" + depth;
    }
}
