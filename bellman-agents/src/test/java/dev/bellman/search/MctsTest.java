package dev.bellman.search;

import dev.bellman.games.State;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aSeededSearchIsIdenticalRunToRun() {
        Mcts.Config cfg = new Mcts.Config(Selection.puct(19652, 1.25, 0), 300, 4, 1, 0.3, 0.25, 1.0, 4, true, 42);
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
