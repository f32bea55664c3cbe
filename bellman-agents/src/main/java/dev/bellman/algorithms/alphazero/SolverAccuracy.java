package dev.bellman.algorithms.alphazero;

import dev.bellman.games.State;
import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.connectfour.ConnectFourPositions.Position;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.search.Mcts;

import java.util.ArrayList;
import java.util.List;

/**
 * How often a Connect Four network's moves are right according to the exact solver, on positions whose every move is
 * scored ({@link dev.bellman.games.connectfour.ConnectFourPositions}): the share of positions where the move is
 * <i>optimal</i> (scores as well as the best move) and the share where it <i>keeps the outcome</i> (wins, draws or loses
 * like the best move), for the move of a greedy PUCT search and for the raw policy (the legal move with the largest
 * prior). The measure (a) of AlphaZero on Connect Four. Deterministic: the search has no noise, picks the most
 * visited move (ties to the lowest column), and a fresh tree per position.
 */
public final class SolverAccuracy {
    /** The bands of stones on the board the result is broken down by: 0-9, 10-19, 20-29, 30-41. */
    public static final int BAND_WIDTH = 10;
    public static final int BANDS = 4;

    private SolverAccuracy() {}

    /**
     * Counts over a group of positions.
     *
     * @param positions positions counted
     * @param searchOptimal positions where the search's move is optimal
     * @param searchOutcome positions where the search's move keeps the outcome
     * @param rawOptimal positions where the raw policy's move is optimal
     * @param rawOutcome positions where the raw policy's move keeps the outcome
     */
    public record Counts(int positions, int searchOptimal, int searchOutcome, int rawOptimal, int rawOutcome) {
        Counts plus(boolean so, boolean sk, boolean ro, boolean rk) {
            return new Counts(positions + 1, searchOptimal + (so ? 1 : 0), searchOutcome + (sk ? 1 : 0),
                    rawOptimal + (ro ? 1 : 0), rawOutcome + (rk ? 1 : 0));
        }

        public double searchOptimalShare() {
            return share(searchOptimal);
        }

        public double searchOutcomeShare() {
            return share(searchOutcome);
        }

        public double rawOptimalShare() {
            return share(rawOptimal);
        }

        public double rawOutcomeShare() {
            return share(rawOutcome);
        }

        private double share(int n) {
            return positions == 0 ? Double.NaN : (double) n / positions;
        }
    }

    /** The labels of {@link Result#byValue()}: the position's game-theoretic value for the player to move. */
    public static final List<String> VALUES = List.of("won", "drawn", "lost");

    /**
     * A position where the measured move (the search's; the raw policy's when only it was measured) is not optimal.
     *
     * @param moves the position (column sequence from 1)
     * @param move the move played, a column from 0
     * @param moveScore the solver's score of that move, from the mover's side
     * @param bestScore the score of the best move
     */
    public record Miss(String moves, int move, int moveScore, int bestScore) {
        /** True when the move keeps the outcome (a slower win or a quicker loss than the best move's). */
        public boolean keepsOutcome() {
            return Integer.signum(moveScore) == Integer.signum(bestScore);
        }
    }

    /**
     * The result.
     *
     * @param all every position
     * @param bands by stones on the board, band {@code i} holding {@code 10 i} to {@code 10 i + 9} stones (the last
     *              band 30-41)
     * @param byValue by the position's value for the player to move, in the order of {@link #VALUES}: won (best score
     *                above 0), drawn, lost (every move loses); in a drawn position every move that keeps the outcome
     *                is optimal, in the others the exact score also asks for the fastest win or the slowest loss
     * @param misses the positions whose measured move is not optimal, in the order measured
     * @param simulations the search's simulations per position, 0 when only the raw policy was measured
     */
    public record Result(Counts all, List<Counts> bands, List<Counts> byValue, List<Miss> misses, int simulations) {
        /** The label of band {@code i}, such as {@code "10-19"}. */
        public static String bandLabel(int i) {
            return (i * BAND_WIDTH) + "-" + (i == BANDS - 1 ? ConnectFour.CELLS - 1 : i * BAND_WIDTH + BAND_WIDTH - 1);
        }
    }

    /** The index in {@link #VALUES} of a position whose best move scores {@code bestScore}. */
    public static int value(int bestScore) {
        return bestScore > 0 ? 0 : bestScore == 0 ? 1 : 2;
    }

    /** The band of a position with {@code stones} stones. */
    public static int band(int stones) {
        return Math.min(BANDS - 1, stones / BAND_WIDTH);
    }

    /**
     * Measures {@code tower} on {@code positions}: the raw policy always, the search when {@code search} is not null
     * (its move by {@link Mcts#chooseAction} at temperature 0; give a noiseless config such as
     * {@link AlphaZeroPolicy#search}).
     */
    public static Result measure(AlphaZeroTower tower, List<Position> positions, Mcts.Config search) {
        ConnectFour game = new ConnectFour();
        int batch = 64;
        NetEvaluator raw = new NetEvaluator(game, tower, batch);
        NetEvaluator searchEval = search == null ? null : new NetEvaluator(game, tower, search.batchSize());
        int numActions = game.numDistinctActions();
        float[] priors = new float[batch * numActions];
        float[] values = new float[batch];
        Counts all = new Counts(0, 0, 0, 0, 0);
        List<Counts> bands = new ArrayList<>();
        for (int i = 0; i < BANDS; i++) bands.add(new Counts(0, 0, 0, 0, 0));
        List<Counts> byValue = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) byValue.add(new Counts(0, 0, 0, 0, 0));
        List<Miss> misses = new ArrayList<>();
        for (int from = 0; from < positions.size(); from += batch) {
            int n = Math.min(batch, positions.size() - from);
            State[] states = new State[n];
            for (int i = 0; i < n; i++) {
                states[i] = game.stateFromMoves(positions.get(from + i).moves());
                raw.add(i, states[i]);
            }
            raw.evaluate(n, priors, values);
            for (int i = 0; i < n; i++) {
                Position p = positions.get(from + i);
                int rawMove = -1;
                for (int a = 0; a < numActions; a++) {
                    if (states[i].isLegal(a) && (rawMove < 0 || priors[i * numActions + a] > priors[i * numActions + rawMove])) {
                        rawMove = a;
                    }
                }
                int searchMove = rawMove;
                if (search != null) {
                    Mcts mcts = new Mcts(game, search);
                    mcts.search(states[i], searchEval);
                    searchMove = mcts.chooseAction(Integer.MAX_VALUE); // past any temperature moves: greedy
                }
                boolean so = search != null && p.isOptimal(searchMove);
                boolean sk = search != null && p.keepsOutcome(searchMove);
                boolean ro = p.isOptimal(rawMove);
                boolean rk = p.keepsOutcome(rawMove);
                all = all.plus(so, sk, ro, rk);
                int b = band(p.stones());
                bands.set(b, bands.get(b).plus(so, sk, ro, rk));
                int v = value(p.bestScore());
                byValue.set(v, byValue.get(v).plus(so, sk, ro, rk));
                if (!p.isOptimal(searchMove)) {
                    misses.add(new Miss(p.moves(), searchMove, p.scores()[searchMove], p.bestScore()));
                }
            }
        }
        return new Result(all, List.copyOf(bands), List.copyOf(byValue), List.copyOf(misses),
                search == null ? 0 : search.simulations());
    }
}
