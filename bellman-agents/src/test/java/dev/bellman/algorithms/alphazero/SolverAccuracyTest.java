package dev.bellman.algorithms.alphazero;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.games.State;
import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.connectfour.ConnectFourPositions.Position;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.search.Mcts;
import dev.bellman.search.Selection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SolverAccuracy} and the solver evaluation of AlphaZero training on Connect Four. */
class SolverAccuracyTest {
    private static final ConnectFour GAME = new ConnectFour();

    private static AlphaZeroTower tower(long seed) {
        return new AlphaZeroTower(new AlphaZeroTower.Config(3, 7, 0, 4, 7, 8), new Rng(seed));
    }

    /** The raw policy's move (legal move of largest prior), computed here with the evaluator directly. */
    private static int rawMove(AlphaZeroTower tower, String moves) {
        NetEvaluator e = new NetEvaluator(GAME, tower, 1);
        State s = GAME.stateFromMoves(moves);
        e.add(0, s);
        float[] priors = new float[7];
        e.evaluate(1, priors, new float[1]);
        int best = -1;
        for (int a = 0; a < 7; a++) if (s.isLegal(a) && (best < 0 || priors[a] > priors[best])) best = a;
        return best;
    }

    /**
     * Scores made up around the raw policy's move so the expected counts are known: position i gives that move the best
     * score (i % 3 == 0), a draw below another move's win (i % 3 == 1: neither optimal nor the outcome), or a shorter
     * win than another move's (i % 3 == 2: the outcome but not optimal).
     */
    @Test
    void rawPolicy_countsOptimalAndOutcomeKeepingMovesByBand() {
        AlphaZeroTower tower = tower(5);
        // positions of 4 to 37 stones from seeded random play, all four bands
        String[] moves = new String[12];
        dev.bellman.games.RandomPlayer random = new dev.bellman.games.RandomPlayer(11);
        for (int i = 0; i < moves.length; ) {
            State s = GAME.newInitialState();
            int stones = 4 + 3 * i;
            while (!s.isTerminal() && s.moveNumber() < stones) s.apply(random.chooseAction(s));
            if (!s.isTerminal() && s.legalActions().length >= 2) moves[i++] = s.serialize();
        }
        List<Position> positions = new ArrayList<>();
        int[] expectedOptimal = new int[4], expectedOutcome = new int[4], count = new int[4];
        for (int i = 0; i < moves.length; i++) {
            State s = GAME.stateFromMoves(moves[i]);
            int raw = rawMove(tower, moves[i]);
            int other = -1;
            for (int a = 0; a < 7; a++) if (a != raw && s.isLegal(a)) other = a;
            Integer[] scores = new Integer[7];
            for (int a = 0; a < 7; a++) if (s.isLegal(a)) scores[a] = -4;
            scores[raw] = i % 3 == 0 ? 5 : i % 3 == 1 ? 0 : 2;
            scores[other] = i % 3 == 0 ? 1 : 5;
            positions.add(new Position(moves[i], "random", scores));
            int band = moves[i].length() < 10 ? 0 : moves[i].length() < 20 ? 1 : moves[i].length() < 30 ? 2 : 3;
            count[band]++;
            if (i % 3 == 0) expectedOptimal[band]++;
            if (i % 3 != 1) expectedOutcome[band]++;
        }
        SolverAccuracy.Result r = SolverAccuracy.measure(tower, positions, null);
        assertEquals(new SolverAccuracy.Counts(12, 0, 0, 4, 8), r.all());
        assertEquals(0, r.simulations());
        for (int b = 0; b < 4; b++) {
            assertEquals(new SolverAccuracy.Counts(count[b], 0, 0, expectedOptimal[b], expectedOutcome[b]), r.bands().get(b),
                    "band " + SolverAccuracy.Result.bandLabel(b));
        }
        assertEquals("30-41", SolverAccuracy.Result.bandLabel(3));
        assertEquals(1.0 / 3, r.all().rawOptimalShare(), 1e-12);
        // every position is won (best score 5); the misses are the raw moves scoring 0 (outcome lost) or 2 (kept)
        SolverAccuracy.Counts none = new SolverAccuracy.Counts(0, 0, 0, 0, 0);
        assertEquals(List.of(r.all(), none, none), r.byValue());
        assertEquals(8, r.misses().size(), r.toString());
        for (int k = 0, i = 0; i < moves.length; i++) {
            if (i % 3 == 0) continue;
            SolverAccuracy.Miss miss = r.misses().get(k++);
            assertEquals(moves[i], miss.moves());
            assertEquals(new SolverAccuracy.Miss(moves[i], rawMove(tower, moves[i]), i % 3 == 1 ? 0 : 2, 5), miss);
            assertEquals(i % 3 == 2, miss.keepsOutcome(), miss.toString());
        }
        assertEquals(List.of("won", "drawn", "lost"), SolverAccuracy.VALUES);
        assertEquals(2, SolverAccuracy.value(-1));
        assertEquals(1, SolverAccuracy.value(0));
    }

    /** With enough simulations the search finds the immediate win that a random network's prior does not know. */
    @Test
    void search_findsImmediateWinsAndIsDeterministic() {
        AlphaZeroTower tower = tower(9);
        // X to move wins at once: column 4 ("112233", "776655"), column 1 or 5 ("223344"), column 1 ("121212")
        String[] moves = {"112233", "776655", "223344", "121212"};
        int[][] wins = {{3}, {3}, {0, 4}, {0}};
        List<Position> positions = new ArrayList<>();
        for (int i = 0; i < moves.length; i++) {
            Integer[] scores = {-1, -1, -1, -1, -1, -1, -1};
            for (int w : wins[i]) scores[w] = 18; // X's 4th stone
            positions.add(new Position(moves[i], "random", scores));
        }
        Mcts.Config search = new Mcts.Config(Selection.puct(19652, 1.25, 0), 200, 4, 1, 0.3, 0, 0, 0, true, 0, 1);
        SolverAccuracy.Result r = SolverAccuracy.measure(tower, positions, search);
        assertEquals(4, r.all().searchOptimal(), r.toString());
        assertEquals(4, r.all().searchOutcome(), r.toString());
        assertEquals(200, r.simulations());
        assertEquals(r, SolverAccuracy.measure(tower, positions, search));
    }

    private static Map<String, String> small(String positions) {
        Map<String, String> hp = new LinkedHashMap<>(AlphaZeroTest.SMALL);
        hp.putAll(Map.of("blocks", "1", "channels", "4", "value-hidden", "4", "simulations", "4", "games-per-iteration",
                "1", "parallel-games", "1", "gating", "false", "eval-interval", "1", "eval-games", "0"));
        hp.put("solver-eval-positions", positions);
        hp.put("solver-eval-simulations", "4");
        return hp;
    }

    private static List<String> train(Map<String, String> hp) {
        AlgorithmProvider p = Algorithms.get("alphazero");
        List<String> metrics = new ArrayList<>();
        p.train(new TrainRequest("ConnectFour", 3, 40, p.resolve(hp)), (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) metrics.add(step + " " + key + " " + value);
        });
        return metrics;
    }

    @Test
    void training_recordsTheSolverCurveDeterministicallyWithoutChangingTheRun() {
        List<String> on = train(small("6"));
        assertEquals(on, train(small("6")));
        for (String key : List.of("eval/solver_optimal_raw", "eval/solver_outcome_raw", "eval/solver_optimal_search",
                "eval/solver_outcome_search")) {
            List<Double> values = on.stream().filter(m -> m.split(" ")[1].equals(key))
                    .map(m -> Double.parseDouble(m.split(" ")[2])).toList();
            assertTrue(values.size() >= 2, "one value per iteration of " + key + " expected in " + on);
            for (double v : values) assertTrue(v >= 0 && v <= 1 && v * 6 == Math.rint(v * 6), key + " = " + v);
        }
        List<String> off = train(small("0"));
        assertEquals(off, on.stream().filter(m -> !m.contains("eval/solver_")).toList(),
                "the solver evaluation must not change the training run");
    }

    @Test
    void solverEvaluation_onAnotherGame_isRefusedNamingIt() {
        AlgorithmProvider p = Algorithms.get("alphazero");
        Map<String, String> hp = new LinkedHashMap<>(AlphaZeroTest.SMALL);
        hp.put("solver-eval-positions", "10");
        var e = assertThrows(IllegalArgumentException.class,
                () -> p.train(new TrainRequest("TicTacToe", 1, 20, p.resolve(hp)), MetricsSink.none()));
        assertTrue(e.getMessage().contains("solver-eval-positions is for ConnectFour") && e.getMessage().contains("TicTacToe"),
                e.getMessage());
        hp.put("solver-eval-positions", "0");
        hp.put("solver-eval-simulations", "1");
        var one = assertThrows(IllegalArgumentException.class, () -> AlphaZeroProvider.config(
                new TrainRequest("ConnectFour", 1, 20, p.resolve(hp))));
        assertTrue(one.getMessage().contains("solver-eval-simulations must be 0"), one.getMessage());
        // measured at the evaluations: with none (eval-interval 0) the request is refused, not divided by zero
        hp.put("solver-eval-simulations", "0");
        hp.put("solver-eval-positions", "10");
        hp.put("eval-interval", "0");
        var never = assertThrows(IllegalArgumentException.class, () -> AlphaZeroProvider.config(
                new TrainRequest("ConnectFour", 1, 20, p.resolve(hp))));
        assertTrue(never.getMessage().contains("eval-interval is 0"), never.getMessage());
    }
}
