package dev.bellman.search;

import dev.bellman.games.State;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MctsTest {
    /** Positions (cells 1..9, row-major) with a mix of wins, forced blocks, and draws for the player to move. */
    static final List<String> POSITIONS = List.of("", "5", "1", "12", "15", "1529", "5137", "12547", "153", "9573");

    private static void assertConverges(String moves, Mcts mcts, Evaluator ev) {
        State s = TestTicTacToe.GAME.stateFromMoves(moves);
        int exact = TestTicTacToe.minimax(s);
        int[] moveValues = TestTicTacToe.moveValues(s);
        mcts.search(s, ev);
        int chosen = mcts.chooseAction(s.moveNumber());
        assertEquals(exact, moveValues[chosen], "position '" + moves + "': MCTS chose " + (chosen + 1)
                + " worth " + moveValues[chosen] + " but the minimax value is " + exact + "; visits "
                + Arrays.toString(mcts.rootVisits()));
        assertEquals(exact, mcts.childValue(chosen), 0.35, "position '" + moves + "': the chosen move's value "
                + mcts.childValue(chosen) + ", minimax " + exact);
        assertEquals(TestTicTacToe.GAME.stateFromMoves(moves).serialize(), s.serialize(), "the search left the state changed");
    }

    @Test
    void uctWithRolloutsConvergesToTheMinimaxValue() {
        for (String p : POSITIONS) {
            Mcts mcts = new Mcts(TestTicTacToe.GAME, Mcts.Config.greedy(Selection.uct(1.0), 20000, 7));
            assertConverges(p, mcts, new RolloutEvaluator(TestTicTacToe.GAME, 1, 1, 11));
        }
    }

    @Test
    void puctWithAUniformEvaluatorConvergesToTheMinimaxValue() {
        for (String p : POSITIONS) {
            Mcts mcts = new Mcts(TestTicTacToe.GAME, Mcts.Config.greedy(Selection.puct(19652, 1.25, 0), 4000, 7));
            assertConverges(p, mcts, new UniformEvaluator(TestTicTacToe.GAME, 1));
        }
    }

    @Test
    void batchedLeavesWithVirtualLossStillConverge() {
        for (String p : POSITIONS) {
            Mcts.Config cfg = Mcts.Config.greedy(Selection.puct(19652, 1.25, 0), 4000, 7).withBatch(8, 3);
            Mcts mcts = new Mcts(TestTicTacToe.GAME, cfg);
            CountingEvaluator ev = new CountingEvaluator(new RolloutEvaluator(TestTicTacToe.GAME, 8, 1, 11));
            assertConverges(p, mcts, ev);
            assertTrue(ev.calls < 4000 / 2, "position '" + p + "': " + ev.calls + " evaluator calls for " + ev.leaves
                    + " leaves: batching should need far fewer calls than leaves");
        }
    }

    /** The discounted negamax value of the unfinished {@code s} for its mover: +-discount^(plies to the end). */
    static double discountedValue(State s, double discount) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : discountedMoveValues(s, discount)) if (!Double.isNaN(v)) best = Math.max(best, v);
        return best;
    }

    /** Per action: the discounted value of playing it (NaN when illegal), for the player to move. */
    static double[] discountedMoveValues(State s, double discount) {
        double[] out = new double[9];
        Arrays.fill(out, Double.NaN);
        int me = s.currentPlayer();
        for (int a : s.legalActions()) {
            s.apply(a);
            out[a] = s.isTerminal() ? s.returnFor(me) : -discount * discountedValue(s, discount);
            s.undo();
        }
        return out;
    }

    /**
     * Positions where the moves of the best outcome are not all equally fast: wins for the player to move (1529: 3 wins
     * at once, 4 and 7 later) and losses (8527: only 3 delays the loss).
     */
    static final List<String> SPEED_POSITIONS = List.of("1529", "9573", "41798", "23458", "65214", "8527", "86193",
            "12438", "36492");

    /** Uniform priors and the exact discounted value of every leaf: a perfect value network for that discount. */
    static final class DiscountedOracle implements Evaluator {
        final double discount;
        final float[] pending = new float[1];

        DiscountedOracle(double discount) {
            this.discount = discount;
        }

        @Override public int capacity() { return 1; }
        @Override public void add(int slot, State state) { pending[slot] = (float) discountedValue(state, discount); }

        @Override
        public void evaluate(int n, float[] priors, float[] values) {
            Arrays.fill(priors, 0, n * 9, 1f);
            System.arraycopy(pending, 0, values, 0, n);
        }
    }

    /** The move a search with {@code discount} and a perfect value network for it chooses in {@code s}. */
    static int perfectSearchMove(State s, double discount) {
        Mcts mcts = new Mcts(TestTicTacToe.GAME,
                Mcts.Config.greedy(Selection.puct(19652, 1.25, 0), 400, 7).withDiscount(discount));
        mcts.search(s, new DiscountedOracle(discount));
        return mcts.chooseAction(s.moveNumber());
    }

    @Test
    void aDiscountedSearchPrefersTheFastestWinAndTheSlowestLoss() {
        double discount = 0.9;
        int undiscountedSlower = 0;
        for (String p : SPEED_POSITIONS) {
            State s = TestTicTacToe.GAME.stateFromMoves(p);
            double[] exact = discountedMoveValues(s, discount);
            double best = discountedValue(s, discount);
            int[] outcome = TestTicTacToe.moveValues(s);
            int bestOutcome = TestTicTacToe.minimax(s), sameOutcome = 0, fastest = 0;
            for (int a = 0; a < 9; a++) {
                if (!Double.isNaN(exact[a]) && outcome[a] == bestOutcome) sameOutcome++;
                if (!Double.isNaN(exact[a]) && Math.abs(exact[a] - best) < 1e-9) fastest++;
            }
            assertTrue(fastest < sameOutcome, "position '" + p + "' does not tell a faster from a slower "
                    + (bestOutcome > 0 ? "win" : "loss") + ": " + Arrays.toString(exact));

            int chosen = perfectSearchMove(s, discount);
            assertEquals(best, exact[chosen], 1e-9, "position '" + p + "': the discounted search chose "
                    + (chosen + 1) + " worth " + exact[chosen] + " but the best move is worth " + best + " "
                    + Arrays.toString(exact));
            // the same search undiscounted, with a perfect undiscounted value network, sees only the outcome
            int plain = perfectSearchMove(s, 1);
            assertEquals(bestOutcome, outcome[plain], "position '" + p + "': the undiscounted search lost the outcome");
            if (Math.abs(exact[plain] - best) > 1e-9) undiscountedSlower++;
        }
        assertTrue(undiscountedSlower > 0, "without the discount the search should pick a slower win or a faster"
                + " loss in some of these positions");
    }

    @Test
    void theBackupMultipliesTheValueByTheDiscountPerPly() {
        // every leaf is worth +1 to its player to move; 10 simulations expand the root and visit its 9 children once
        // (each then worth -1 to the root player), the 11th reaches a grandchild: +1 to the root player two plies down,
        // so that child holds -1 + discount over 2 visits
        Evaluator plusOne = new Evaluator() {
            @Override public int capacity() { return 1; }
            @Override public void add(int slot, State state) {}
            @Override public void evaluate(int n, float[] priors, float[] values) {
                Arrays.fill(priors, 0, n * 9, 1f);
                Arrays.fill(values, 0, n, 1f);
            }
        };
        for (double discount : new double[] {1, 0.9, 0.5}) {
            Mcts mcts = new Mcts(TestTicTacToe.GAME,
                    Mcts.Config.greedy(Selection.puct(19652, 1.25, 0), 11, 7).withDiscount(discount));
            mcts.search(TestTicTacToe.GAME.newInitialState(), plusOne);
            int twice = 0;
            for (int a = 0; a < 9; a++) {
                int n = mcts.rootVisits()[a];
                assertTrue(n == 1 || n == 2, "visits " + Arrays.toString(mcts.rootVisits()));
                double expected = n == 1 ? -1 : (-1 + (float) discount) / 2;
                assertEquals(expected, mcts.childValue(a), 1e-6, "discount " + discount + ", move " + (a + 1));
                if (n == 2) twice++;
            }
            assertEquals(1, twice, "visits " + Arrays.toString(mcts.rootVisits()));
        }
    }

    @Test
    void aDiscountOutsideZeroToOneIsRefused() {
        Mcts.Config plain = Mcts.Config.greedy(Selection.puct(19652, 1.25, 0), 10, 1);
        for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.withDiscount(bad));
            String m = e.getMessage();
            assertTrue(m.contains("(0, 1]") && m.contains(Double.toString(bad)), m);
        }
    }

    @Test
    void aSeededSearchIsIdenticalRunToRun() {
        Mcts.Config cfg = new Mcts.Config(Selection.puct(19652, 1.25, 0), 300, 4, 1, 0.3, 0.25, 1.0, 4, true, 42, 1);
        assertArrayEquals(playOut(cfg, 5), playOut(cfg, 5));
        Mcts.Config other = cfg.withSeed(43);
        assertTrue(!Arrays.equals(playOut(cfg, 5), playOut(other, 5)), "a different seed should change the games");
    }

    /** Self-play with noise, temperature and tree reuse; returns the visit counts of every search, concatenated. */
    private static int[] playOut(Mcts.Config cfg, long evalSeed) {
        Mcts mcts = new Mcts(TestTicTacToe.GAME, cfg);
        RolloutEvaluator ev = new RolloutEvaluator(TestTicTacToe.GAME, cfg.batchSize(), 1, evalSeed);
        int[] all = new int[0];
        for (int game = 0; game < 3; game++) {
            State s = TestTicTacToe.GAME.newInitialState();
            mcts.reset();
            while (!s.isTerminal()) {
                int[] v = mcts.search(s, ev);
                int a = mcts.chooseAction(s.moveNumber());
                all = concat(all, v);
                s.apply(a);
                mcts.advance(a);
            }
        }
        return all;
    }

    @Test
    void treeReuseKeepsThePlayedMovesSubtree() {
        Mcts mcts = new Mcts(TestTicTacToe.GAME, Mcts.Config.greedy(Selection.uct(1.0), 2000, 3));
        State s = TestTicTacToe.GAME.newInitialState();
        RolloutEvaluator ev = new RolloutEvaluator(TestTicTacToe.GAME, 1, 1, 5);
        mcts.search(s, ev);
        int a = mcts.chooseAction(0);
        int kept = mcts.rootVisits()[a];
        s.apply(a);
        mcts.advance(a);
        mcts.startSearch(s);
        int sum = Arrays.stream(mcts.rootVisits()).sum();
        assertEquals(kept - 1, sum, "the new root's children should keep the visits below the played move");
        int[] after = mcts.search(s, ev);
        assertEquals(kept - 1 + 2000, Arrays.stream(after).sum(), "a reused tree adds the new simulations");
    }

    @Test
    void temperatureOneSamplesInProportionToVisits() {
        dev.bellman.nn.Rng rng = new dev.bellman.nn.Rng(1);
        int[] visits = {0, 30, 10, 0, 60, 0, 0, 0, 0};
        int[] counts = new int[9];
        for (int i = 0; i < 20000; i++) counts[Mcts.chooseAction(visits, 1.0, rng, new float[9])]++;
        assertEquals(0.3, counts[1] / 20000.0, 0.02);
        assertEquals(0.1, counts[2] / 20000.0, 0.02);
        assertEquals(0.6, counts[4] / 20000.0, 0.02);
        assertEquals(4, Mcts.chooseAction(visits, 0.0, rng, new float[9]));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static final class CountingEvaluator implements Evaluator {
        final Evaluator inner;
        int calls, leaves;

        CountingEvaluator(Evaluator inner) {
            this.inner = inner;
        }

        @Override public int capacity() { return inner.capacity(); }
        @Override public void add(int slot, State state) { inner.add(slot, state); }

        @Override
        public void evaluate(int n, float[] priors, float[] values) {
            calls++;
            leaves += n;
            inner.evaluate(n, priors, values);
        }
    }
}
