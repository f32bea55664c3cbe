package dev.bellman.algorithms.alphazero;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.games.Game;
import dev.bellman.games.Games;
import dev.bellman.games.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AlphaZero's contracts on Tic-tac-toe with a tiny budget: determinism, resume after kill, metrics, the saved model. */
class AlphaZeroTest {
    /** Small everything, with gating and evaluation on so that their generator draws are covered too. */
    static final Map<String, String> SMALL = Map.ofEntries(Map.entry("simulations", "12"), Map.entry("mcts-batch-size", "4"),
            Map.entry("parallel-games", "3"), Map.entry("games-per-iteration", "4"), Map.entry("train-steps", "3"),
            Map.entry("batch-size", "16"), Map.entry("channels", "8"), Map.entry("value-hidden", "8"),
            Map.entry("gating", "true"), Map.entry("gating-games", "2"), Map.entry("eval-interval", "2"),
            Map.entry("eval-games", "2"), Map.entry("eval-simulations", "6"), Map.entry("eval-mcts-simulations", "8"),
            Map.entry("replay-size", "100"));

    private static TrainRequest request(long seed, long positions) {
        AlgorithmProvider p = Algorithms.get("alphazero");
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("alphazero", "TicTacToe"));
        hp.putAll(SMALL);
        return new TrainRequest("TicTacToe", seed, positions, p.resolve(hp));
    }

    private static List<String> run(TrainRequest r, Path modelDir) throws Exception {
        List<String> metrics = new ArrayList<>();
        Policy policy = Algorithms.get("alphazero").train(r, (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) metrics.add(step + " " + key + " " + value);
        });
        Files.createDirectories(modelDir);
        policy.save(modelDir);
        return metrics;
    }

    @Test
    void aSeededRun_isIdenticalRunToRun_andRecordsItsMetrics(@TempDir Path dir) throws Exception {
        List<String> a = run(request(3, 120), dir.resolve("a"));
        List<String> b = run(request(3, 120), dir.resolve("b"));
        assertEquals(a, b);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(AlphaZeroPolicy.FILE)),
                Files.readAllBytes(dir.resolve("b").resolve(AlphaZeroPolicy.FILE)), "the saved networks differ");
        for (String key : List.of("losses/policy_loss", "losses/value_loss", "charts/policy_entropy", "charts/game_length",
                "charts/gating_score", "eval/win_rate_random", "eval/draw_rate_random", "eval/loss_rate_random",
                "eval/win_rate_mcts", "eval/draw_rate_mcts", "eval/loss_rate_mcts")) {
            assertTrue(a.stream().anyMatch(m -> m.split(" ")[1].equals(key)), "no " + key + " in " + a);
        }
        List<String> other = run(request(4, 120), dir.resolve("c"));
        assertTrue(!a.equals(other), "another seed should give another run");
    }

    @Test
    void aRunKilledAfterACheckpoint_resumesExactly(@TempDir Path dir) {
        // 4 games (~30 positions) an iteration: checkpoints every 60 positions, killed after the second one
        ResumeTesting.assertResumeMatchesUninterrupted("alphazero", "TicTacToe", 5, 240, 60, 150, SMALL, dir);
    }

    @Test
    void resumingAnotherTower_failsNamingBoth(@TempDir Path dir) throws Exception {
        AlgorithmProvider p = Algorithms.get("alphazero");
        p.train(request(1, 40), MetricsSink.none(), Checkpoints.in(dir, 20, s -> Map.of(), null));
        Checkpoints.Loaded last = Checkpoints.latest(dir).orElseThrow();
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("alphazero", "TicTacToe"));
        hp.putAll(SMALL);
        hp.put("channels", "16");
        TrainRequest other = new TrainRequest("TicTacToe", 1, 80, p.resolve(hp));
        var e = assertThrows(IllegalArgumentException.class,
                () -> p.train(other, MetricsSink.none(), Checkpoints.in(dir, 20, s -> Map.of(), last)));
        assertTrue(e.getMessage().contains("channels=8") && e.getMessage().contains("channels=16"), e.getMessage());
    }

    @Test
    void theSavedPolicy_loadsAndPlaysLegalMoves(@TempDir Path dir) throws Exception {
        run(request(2, 40), dir);
        Policy loaded = Algorithms.get("alphazero").load(dir);
        Game game = Games.make("TicTacToe");
        State s = game.stateFromMoves("159");
        int move = (Integer) loaded.act(s);
        assertTrue(s.isLegal(move), "move " + move + " in\n" + s);
        assertEquals("159", s.serialize(), "act must not change the state");
    }

    @Test
    void connectFour_aNonSquareBoard_isPaddedForTheTower(@TempDir Path dir) throws Exception {
        AlgorithmProvider p = Algorithms.get("alphazero");
        Map<String, String> hp = new LinkedHashMap<>(SMALL);
        hp.putAll(Map.of("blocks", "1", "channels", "4", "value-hidden", "4", "simulations", "4", "games-per-iteration",
                "1", "parallel-games", "1", "gating", "false", "eval-interval", "0"));
        Policy policy = p.train(new TrainRequest("ConnectFour", 1, 10, p.resolve(hp)), MetricsSink.none());
        AlphaZeroPolicy az = (AlphaZeroPolicy) policy;
        assertEquals(7, az.tower().config().boardSize(), "6 x 7 padded to 7 x 7");
        State s = Games.make("ConnectFour").stateFromMoves("4453");
        assertTrue(s.isLegal((Integer) policy.act(s)));
        float[] board = new float[3 * 6 * 7], padded = new float[3 * 7 * 7];
        for (int i = 0; i < board.length; i++) board[i] = i + 1;
        NetEvaluator.pad(Games.make("ConnectFour"), board, padded, 0, 7);
        assertEquals(board[6 * 7 - 1], padded[5 * 7 + 6], "last cell of plane 0");
        assertEquals(0f, padded[6 * 7 + 3], "the padding row is zero");
        assertEquals(board[6 * 7], padded[7 * 7], "plane 1 starts at 49");
    }

    /** The value targets in the replay of the last checkpoint of a TicTacToe run with {@code discount}. */
    private static float[] valueTargets(Path dir, String discount) throws Exception {
        AlgorithmProvider p = Algorithms.get("alphazero");
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("alphazero", "TicTacToe"));
        hp.putAll(SMALL);
        hp.put("discount", discount);
        Policy policy = p.train(new TrainRequest("TicTacToe", 6, 60, p.resolve(hp)), MetricsSink.none(),
                Checkpoints.in(dir, 30, s -> Map.of(), null));
        Files.createDirectories(dir.resolve("model"));
        policy.save(dir.resolve("model"));
        AlphaZeroPolicy loaded = (AlphaZeroPolicy) p.load(dir.resolve("model"));
        assertEquals(Double.parseDouble(discount), loaded.search(10, 0).discount(),
                "the saved policy searches with the run's discount");
        return latestReplayTargets(dir);
    }

    /** The value targets held by the replay of the newest checkpoint in {@code dir}. */
    private static float[] latestReplayTargets(Path dir) throws Exception {
        dev.bellman.core.TrainingState.Reader r = dev.bellman.core.TrainingState.Reader.read(
                Checkpoints.latest(dir).orElseThrow().directory().resolve(AlphaZero.STATE_FILE));
        return java.util.Arrays.copyOf(r.floats("replay.z"), (int) r.getLong("replay.count"));
    }

    @Test
    void aDiscount_scalesEachValueTargetByItsPliesToTheEnd(@TempDir Path dir) throws Exception {
        // Tic-tac-toe ends 5 to 9 plies in: the position before the last move has z = +-discount, the first
        // +-discount^9 at most; undiscounted every z is -1, 0 or 1
        java.util.Set<Integer> powers = new java.util.TreeSet<>();
        for (float z : valueTargets(dir.resolve("half"), "0.5")) {
            if (z == 0) continue;
            int k = (int) Math.round(-Math.log(Math.abs(z)) / Math.log(2));
            assertTrue(k >= 1 && k <= 9 && Math.abs(Math.abs(z) - Math.pow(0.5, k)) < 1e-7, "value target " + z);
            powers.add(k);
        }
        assertTrue(powers.contains(1) && powers.size() >= 4, "plies to the end seen: " + powers);
        for (float z : valueTargets(dir.resolve("one"), "1")) {
            assertTrue(z == 0 || z == 1 || z == -1, "value target " + z);
        }
    }

    /** The value targets of the first iteration's self-play (a budget of one iteration), by {@code q-weight}. */
    private static float[] firstIterationTargets(Path dir, String qWeight) throws Exception {
        AlgorithmProvider p = Algorithms.get("alphazero");
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("alphazero", "TicTacToe"));
        hp.putAll(SMALL);
        hp.put("discount", "0.9");
        hp.put("q-weight", qWeight);
        p.train(new TrainRequest("TicTacToe", 4, 1, p.resolve(hp)), MetricsSink.none(),
                Checkpoints.in(dir, 1, s -> Map.of(), null));
        return latestReplayTargets(dir);
    }

    @Test
    void qWeight_blendsTheOutcomeWithTheSearchRootValueInTheValueTarget(@TempDir Path dir) throws Exception {
        // the first iteration's games do not depend on q-weight (the same network and searches), so the runs' replays
        // hold the same positions in the same order: weight 0 stores z, weight 1 the search's q, 0.25 the blend
        float[] z = firstIterationTargets(dir.resolve("z"), "0");
        float[] q = firstIterationTargets(dir.resolve("q"), "1");
        float[] blend = firstIterationTargets(dir.resolve("blend"), "0.25");
        assertTrue(z.length >= 4 * 5 && z.length == q.length && z.length == blend.length,
                "positions " + z.length + ", " + q.length + ", " + blend.length);
        int notOutcome = 0;
        for (int i = 0; i < z.length; i++) {
            assertTrue(Math.abs(q[i]) <= 1, "q " + q[i]);
            if (q[i] != z[i]) notOutcome++;
            assertEquals(0.75 * z[i] + 0.25 * q[i], blend[i], 1e-6, "position " + i + ": z " + z[i] + ", q " + q[i]);
        }
        assertTrue(notOutcome > z.length / 2, "the search's values are not the discounted outcomes: " + notOutcome);
    }

    @Test
    void annealLr_stepsTheLearningRateDownLinearlyToZeroOverTheBudget(@TempDir Path dir) throws Exception {
        AlgorithmProvider p = Algorithms.get("alphazero");
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("alphazero", "TicTacToe"));
        hp.putAll(SMALL);
        hp.put("learning-rate", "0.002");
        hp.put("anneal-lr", "true");
        List<String> annealed = run(new TrainRequest("TicTacToe", 3, 120, p.resolve(hp)), dir.resolve("a"));
        List<double[]> rates = annealed.stream().filter(m -> m.split(" ")[1].equals(MetricsSink.LEARNING_RATE))
                .map(m -> new double[] {Double.parseDouble(m.split(" ")[0]), Double.parseDouble(m.split(" ")[2])})
                .toList();
        assertTrue(rates.size() >= 3, "one learning rate per iteration: " + annealed);
        for (double[] r : rates) {
            assertEquals(0.002 * Math.max(0, 1 - r[0] / 120), r[1], 1e-12, "at position " + r[0]);
        }
        assertEquals(0, rates.get(rates.size() - 1)[1], "the last iteration ends the budget");
        // the same run without it records no learning rate and trains another network
        hp.put("anneal-lr", "false");
        List<String> constant = run(new TrainRequest("TicTacToe", 3, 120, p.resolve(hp)), dir.resolve("b"));
        assertTrue(constant.stream().noneMatch(m -> m.split(" ")[1].equals(MetricsSink.LEARNING_RATE)), "" + constant);
        assertTrue(!Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(AlphaZeroPolicy.FILE)),
                Files.readAllBytes(dir.resolve("b").resolve(AlphaZeroPolicy.FILE))), "annealing changed nothing");
    }

    @Test
    void annealLr_aRunKilledAfterACheckpoint_resumesExactly(@TempDir Path dir) {
        Map<String, String> hp = new LinkedHashMap<>(SMALL);
        hp.put("anneal-lr", "true");
        ResumeTesting.assertResumeMatchesUninterrupted("alphazero", "TicTacToe", 5, 240, 60, 150, hp, dir);
    }

    @Test
    void config_refusesBadValuesNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> AlphaZeroProvider.config(
                new TrainRequest("TicTacToe", 1, 100, Algorithms.get("alphazero").resolve(Map.of("simulations", "1")))));
        assertTrue(e.getMessage().contains("simulations") && e.getMessage().contains("1"), e.getMessage());
        var q = assertThrows(IllegalArgumentException.class, () -> AlphaZeroProvider.config(
                new TrainRequest("TicTacToe", 1, 100, Algorithms.get("alphazero").resolve(Map.of("q-weight", "1.5")))));
        assertTrue(q.getMessage().contains("q-weight") && q.getMessage().contains("1.5"), q.getMessage());
    }
}
