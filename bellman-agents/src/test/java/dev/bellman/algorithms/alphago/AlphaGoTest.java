package dev.bellman.algorithms.alphago;

import dev.bellman.core.Algorithms;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.StopRequestTest;
import dev.bellman.core.TrainingStoppedException;
import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;
import dev.bellman.games.go.Sgf;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.search.Mcts;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlphaGoTest {
    /** 30 games of GNU Go 3.8 level 1 self-play on 7x7, komi 7.5, written by 'bellman go-records' (see the README there). */
    static Path records() throws URISyntaxException {
        return Path.of(AlphaGoTest.class.getResource("gnugo7x7").toURI());
    }

    private static AlphaGo.Config config(Path demos, int slSteps, long totalPositions, long seed) {
        return new AlphaGo.Config(demos, 1, 16, 0, 8, 16, 0.2, 32, slSteps, 2e-3, 1e-4, true, 100, 2, 0.05, 0.5, 4,
                1e-4, 2, 20, 1e-3, 0.5, 8, 4, 5, totalPositions, seed);
    }

    // ------------------------------------------------------------------ SGF -> training positions

    @Test
    void expertPositions_haveMovesColoursPassesCapturesAndOutcomes() {
        // 5x5, SGF points (column letter, row letter from the top): after a random opening move, White a5 is
        // captured by Black a4, then both pass; White won
        String sgf = "(;GM[1]FF[4]SZ[5]KM[7.5]RE[W+3.5];B[cc]C[random opening move];W[aa];B[ba];W[dd];B[ab];W[];B[])";
        Sgf.Record r = Sgf.read(sgf);
        GoGame game = new GoGame(5);
        List<ExpertPositions.Position> ps = ExpertPositions.of(r, game);
        // the random opening move is replayed but is no target; the two final passes are targets
        int[] moves = ps.stream().mapToInt(ExpertPositions.Position::move).toArray();
        assertArrayEquals(new int[] {0, 1, 18, 5, 25, 25}, moves);
        // colours alternate, White first (after the skipped black move); White won, so z = +1 for White's moves
        for (int i = 0; i < ps.size(); i++) {
            boolean black = i % 2 == 1;
            assertEquals(black, ps.get(i).board().blackToMove(), "move " + i);
            assertEquals(black ? -1f : 1f, ps.get(i).z(), "move " + i);
        }
        // before B a4 the white stone at a5 is in atari, seen from the mover's (Black's) side ...
        Board beforeCapture = ps.get(3).board();
        assertEquals(Board.OPP, Board.colour(beforeCapture.points()[0]));
        assertEquals(1, Board.liberties(beforeCapture.points()[0]));
        assertEquals(Board.OWN, Board.colour(beforeCapture.points()[1]));
        // ... and after it a5 is empty, Black's a4 stone is the opponent's for White, and a4 is the last move
        Board afterCapture = ps.get(4).board();
        assertEquals(Board.EMPTY, Board.colour(afterCapture.points()[0]));
        assertEquals(Board.OPP, Board.colour(afterCapture.points()[5]));
        assertEquals(5, afterCapture.lastMove());
        assertEquals(25, ps.get(5).board().lastMove()); // the pass is the last move
    }

    @Test
    void expertPositions_refuseAnIllegalRecordNamingTheMove() {
        Sgf.Record r = Sgf.read("(;GM[1]FF[4]SZ[5]KM[7.5];B[cc];W[cc])");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExpertPositions.of(r, new GoGame(5)));
        assertTrue(e.getMessage().contains("move 2"), e.getMessage());
    }

    @Test
    void outcomeOfResult() {
        assertEquals(0, ExpertPositions.winner("B+R"));
        assertEquals(1, ExpertPositions.winner("W+3.5"));
        assertEquals(-1, ExpertPositions.winner("0"));
        assertEquals(-1, ExpertPositions.winner(""));
    }

    // ------------------------------------------------------------------ rollout features

    @Test
    void rolloutFeatures_captureSaveAtariPatternLineAndResponse() {
        GoGame game = new GoGame(5);
        // White B5 between Black A5 and C5 has one liberty, B4
        GoState s = game.stateFromMoves("A5 B5 C5 A1"); // Black A5, White B5, Black C5, White A1; Black to move
        Board b = Board.of(s);
        RolloutPolicy p = new RolloutPolicy(5);
        int[] f = new int[RolloutPolicy.MAX_ACTIVE];
        int m = p.features(b, game.stringToAction("B4"), f);
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < m; i++) active.add(f[i]);
        assertTrue(active.contains(RolloutPolicy.CAPTURE), active.toString()); // B4 takes White B5's last liberty
        assertFalse(active.contains(RolloutPolicy.SAVE));
        assertTrue(active.contains(RolloutPolicy.LINE + 1)); // row 4 of 5: the second line
        assertFalse(active.contains(RolloutPolicy.NEAR_LAST) || active.contains(RolloutPolicy.NEAR_LAST + 1));
        // the 3x3 pattern around B4 (row 1, column 1), neighbours in reading order, 2 bits each:
        // A5 own, B5 opp, C5 own, A4 empty, C4 empty, A3 empty, B3 empty, C3 empty
        int pattern = Board.OWN | Board.OPP << 2 | Board.OWN << 4;
        assertTrue(active.contains(RolloutPolicy.PATTERN + pattern), active.toString());
        assertTrue(active.contains(RolloutPolicy.EMPTY_NEIGHBOURS + 3)); // A4, C4 and B3 empty; B5 is a stone
        // White to move after Black B3: White B5 is in atari, so B4 saves it; next to the last move (B3)
        GoState w = game.stateFromMoves("A5 B5 C5 A1 B3");
        int m2 = p.features(Board.of(w), game.stringToAction("B4"), f);
        List<Integer> a2 = new ArrayList<>();
        for (int i = 0; i < m2; i++) a2.add(f[i]);
        assertTrue(a2.contains(RolloutPolicy.SAVE), a2.toString());
        assertTrue(a2.contains(RolloutPolicy.NEAR_LAST), a2.toString());
        assertTrue(a2.stream().anyMatch(x -> x >= RolloutPolicy.RESPONSE && x < RolloutPolicy.CAPTURE), a2.toString());
        // White C4 leaves Black C5 (liberties D5, C4) one liberty: an atari
        int m3 = p.features(Board.of(w), game.stringToAction("C4"), f);
        List<Integer> a3 = new ArrayList<>();
        for (int i = 0; i < m3; i++) a3.add(f[i]);
        assertTrue(a3.contains(RolloutPolicy.ATARI), a3.toString());
        // pass has its own single feature
        assertEquals(1, p.features(b, 25, f));
        assertEquals(RolloutPolicy.PASS, f[0]);
    }

    @Test
    void rolloutPolicy_learnsAMoveItIsShown() {
        GoGame game = new GoGame(5);
        Board b = Board.of(game.stateFromMoves("A5 B5 C5 A1"));
        RolloutPolicy p = new RolloutPolicy(5);
        int target = game.stringToAction("B4");
        assertTrue(p.best(b) != target); // all-zero weights: ties go to the lowest action
        double first = p.trainStep(b, target, 0.5f);
        for (int i = 0; i < 20; i++) p.trainStep(b, target, 0.5f);
        assertTrue(p.trainStep(b, target, 0.5f) > first);
        assertEquals(target, p.best(b));
    }

    // ------------------------------------------------------------------ SL accuracy on GNU Go records

    @Test
    void slAndRolloutAccuracy_aboveChance_onGnuGoRecords() throws Exception {
        GoGame game = new GoGame(7);
        List<ExpertPositions.Game> games = ExpertPositions.read(records(), game);
        assertEquals(30, games.size());
        Map<String, Double> last = new TreeMap<>();
        AlphaGo.Config c = new AlphaGo.Config(records(), 1, 16, 0, 8, 16, 0.2, 32, 30, 3e-3, 1e-4, true, 30, 2,
                0.05, 0.0, 4, 1e-4, 2, 0, 1e-3, 0.5, 8, 4, 5, 1, 3);
        AlphaGo.train(game, c, games, (step, key, value) -> last.put(key, value));
        // chance: the expected hit rate of a uniform choice among the legal moves (and pass)
        List<ExpertPositions.Position> test = new ArrayList<>();
        for (int i = games.size() - 6; i < games.size(); i++) test.addAll(games.get(i).positions());
        double chance = 0;
        for (ExpertPositions.Position p : test) {
            int legal = 1;
            for (byte v : p.board().points()) if (Board.legal(v)) legal++;
            chance += 1.0 / legal;
        }
        chance /= test.size();
        assertEquals(test.size(), last.get("sl/test_positions"));
        double sl = last.get("sl/accuracy"), rollout = last.get("rollout/accuracy");
        assertTrue(sl > 3 * chance, "SL accuracy " + sl + " vs chance " + chance);
        assertTrue(rollout > 3 * chance, "rollout accuracy " + rollout + " vs chance " + chance);
    }

    // ------------------------------------------------------------------ value targets

    @Test
    void valueTargets_areOnePositionPerGameWithItsMoversOutcome() {
        GoGame game = new GoGame(5);
        AlphaZeroTower net = new AlphaZeroTower(AlphaGo.towerConfig(5, 0, 4, 1), new Rng(1));
        List<AlphaGo.Sample> value = new ArrayList<>(), policy = new ArrayList<>();
        AlphaGo.SelfPlay played = AlphaGo.selfPlay(game, net, net, 6, new Rng(2), policy, value);
        assertEquals(6, value.size());
        int moves = 0;
        for (int g = 0; g < 6; g++) {
            GoState end = played.ends.get(g);
            assertTrue(end.isTerminal());
            moves += end.moveNumber();
            AlphaGo.Sample s = value.get(g);
            int mover = s.board().blackToMove() ? 0 : 1;
            assertEquals((float) end.returnFor(mover), s.z(), "game " + g);
            // and the REINFORCE samples of game g carry a's outcome (a is Black in even games)
        }
        assertEquals(moves, played.positions);
        // a's moves only: about half of all moves, each weighted by a's outcome in {-1, 0, 1}
        assertTrue(policy.size() < moves && policy.size() >= moves / 2 - 6, policy.size() + " of " + moves);
        for (AlphaGo.Sample s : policy) assertTrue(s.z() == 1 || s.z() == -1 || s.z() == 0);
    }

    // ------------------------------------------------------------------ MCTS leaf value mixing

    @Test
    void leafValue_lambdaZeroIsTheValueNetAndOneTheRollout() {
        GoGame game = new GoGame(5);
        GoState s = game.stateFromMoves("C3 D4 B2");
        AlphaZeroTower policy = new AlphaZeroTower(AlphaGo.towerConfig(5, 0, 4, 1), new Rng(3));
        AlphaZeroTower value = new AlphaZeroTower(AlphaGo.towerConfig(5, 0, 4, 8), new Rng(4));
        RolloutPolicy rollout = new RolloutPolicy(5);
        float[] planes = new float[Board.PLANES * 25];
        Board.of(s).planes(planes, 0);
        float net = AlphaGoEvaluator.forward(value, Tensor.of(planes, 1, Board.PLANES, 5, 5)).value().toArray()[0];
        // the rollout that the evaluator seeded with 7 plays
        double z = rollout.rollout(s.copy(), s.mover(), new Rng(7));
        float[] v0 = leaf(game, policy, value, rollout, 0, s), v1 = leaf(game, policy, value, rollout, 1, s),
                vHalf = leaf(game, policy, value, rollout, 0.5, s);
        assertEquals(net, v0[0], 1e-6);
        assertEquals(z, v1[0], 1e-6);
        assertEquals(0.5 * net + 0.5 * z, vHalf[0], 1e-6);
        assertTrue(net != z); // the two sources differ, so the three cases tell them apart
        // the priors are p_sigma's softmax, the same for every lambda
        assertArrayEquals(Arrays.copyOfRange(v0, 1, 27), Arrays.copyOfRange(v1, 1, 27), 1e-6f);
        assertEquals(s.toString(), game.stateFromMoves("C3 D4 B2").toString()); // the leaf is left as it was
    }

    private static float[] leaf(GoGame game, AlphaZeroTower policy, AlphaZeroTower value, RolloutPolicy rollout,
                                double lambda, GoState s) {
        AlphaGoEvaluator e = new AlphaGoEvaluator(game, policy, value, rollout, lambda, 2, 7);
        float[] priors = new float[2 * 26], values = new float[2];
        e.add(0, s);
        e.evaluate(1, priors, values);
        float[] out = new float[27];
        out[0] = values[0];
        System.arraycopy(priors, 0, out, 1, 26);
        return out;
    }

    @Test
    void policy_searchesWithTheExistingMcts() {
        GoGame game = new GoGame(5);
        AlphaGoPolicy p = new AlphaGoPolicy(game, new AlphaZeroTower(AlphaGo.towerConfig(5, 0, 4, 1), new Rng(3)),
                new AlphaZeroTower(AlphaGo.towerConfig(5, 0, 4, 8), new Rng(4)), null, new RolloutPolicy(5), 16, 4, 0.5, 5);
        GoState s = game.newInitialState();
        Mcts mcts = new Mcts(game, p.search(16, 0));
        mcts.search(s.copy(), p.evaluator());
        assertEquals(15, Arrays.stream(mcts.rootVisits()).sum()); // the first simulation expands the root
        assertTrue(s.isLegal((Integer) p.act(s)));
    }

    // ------------------------------------------------------------------ determinism, config

    @Test
    void seededRun_isDeterministic() throws Exception {
        GoGame game = new GoGame(7);
        List<ExpertPositions.Game> games = ExpertPositions.read(records(), game).subList(0, 6);
        List<String> a = run(game, games, 5), b = run(game, games, 5), c = run(game, games, 6);
        assertEquals(a, b);
        assertTrue(a.stream().anyMatch(k -> k.contains(" rl/loss ")) && a.stream().anyMatch(k -> k.contains(" value/loss ")),
                a.toString());
        assertFalse(a.equals(c));
    }

    private static List<String> run(GoGame game, List<ExpertPositions.Game> games, long seed) throws Exception {
        List<String> rows = new ArrayList<>();
        MetricsSink sink = (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) rows.add(step + " " + key + " " + value);
        };
        AlphaGoPolicy p = AlphaGo.train(game, config(records(), 10, 200, seed), games, sink);
        rows.add("move " + p.act(game.newInitialState()));
        return rows;
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * A run stopped in each of its stages (SL steps, rollout epochs, REINFORCE, value positions, value steps: a
     * stop request at the first metric of each) writes a checkpoint, and resumed from it ends with the metrics and the
     * program of the uninterrupted run; a checkpoint of other networks is refused, naming both.
     */
    @Test
    void stoppedInEachStage_andResumed_endsAsTheUninterruptedRun(@TempDir Path tmp) throws Exception {
        GoGame game = new GoGame(7);
        List<ExpertPositions.Game> games = ExpertPositions.read(records(), game).subList(0, 6);
        AlphaGo.Config c = new AlphaGo.Config(records(), 1, 8, 0, 8, 16, 0.2, 16, 10, 2e-3, 1e-4, true, 5, 2, 0.05, 0.5,
                4, 1e-4, 2, 20, 1e-3, 0.5, 8, 4, 5, 300, 7);
        List<String> whole = new ArrayList<>();
        AlphaGoPolicy uninterrupted = AlphaGo.train(game, c, games, recorder(whole, null, -1), Checkpoints.none());
        Path wholeDir = Files.createDirectories(tmp.resolve("whole"));
        uninterrupted.save(wholeDir);
        Path last = null;
        for (String key : List.of("sl/loss", "rollout/epoch", "rl/loss", "value/positions", "value/loss")) {
            int first = 0;
            while (!whole.get(first).split(" ")[1].equals(key)) first++;
            int stopAt = first;
            Path dir = tmp.resolve(key.replace('/', '-'));
            List<String> rows = new ArrayList<>();
            Checkpoints stopping = Checkpoints.in(dir, 0, s -> Map.of("metrics", Integer.toString(rows.size())), null);
            TrainingStoppedException stop = assertThrows(TrainingStoppedException.class,
                    () -> AlphaGo.train(game, c, games, recorder(rows, stopping, stopAt), stopping), key);
            assertTrue(stop.policy().isPresent(), key);
            assertTrue(rows.size() < whole.size(), key + ": stopped before the end");
            Checkpoints.Loaded saved = Checkpoints.latest(dir).orElseThrow();
            assertEquals(stop.globalStep(), saved.globalStep(), key);
            List<String> resumed = new ArrayList<>(rows.subList(0, Integer.parseInt(saved.meta().get("metrics"))));
            AlphaGoPolicy after = AlphaGo.train(game, c, games, recorder(resumed, null, -1),
                    Checkpoints.in(dir, 0, s -> Map.of("metrics", Integer.toString(resumed.size())), saved));
            assertEquals(whole, resumed, key + ": the metrics of the resumed run");
            Path afterDir = Files.createDirectories(tmp.resolve(key.replace('/', '-') + "-program"));
            after.save(afterDir);
            for (String f : List.of(AlphaGoPolicy.POLICY_FILE, AlphaGoPolicy.VALUE_FILE, AlphaGoPolicy.ROLLOUT_FILE,
                    AlphaGoPolicy.RL_FILE)) {
                assertArrayEquals(Files.readAllBytes(wholeDir.resolve(f)), Files.readAllBytes(afterDir.resolve(f)),
                        key + ": " + f);
            }
            last = dir;
        }
        AlphaGo.Config wider = new AlphaGo.Config(records(), 1, 16, 0, 8, 16, 0.2, 16, 10, 2e-3, 1e-4, true, 5, 2, 0.05,
                0.5, 4, 1e-4, 2, 20, 1e-3, 0.5, 8, 4, 5, 300, 7);
        Path lastDir = last;
        Checkpoints.Loaded saved = Checkpoints.latest(lastDir).orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlphaGo.train(game, wider,
                games, MetricsSink.none(), Checkpoints.in(lastDir, 0, s -> Map.of(), saved)));
        assertTrue(e.getMessage().contains("was written by alphago Go7x7") && e.getMessage().contains("channels=8")
                && e.getMessage().contains("but this run is alphago Go7x7") && e.getMessage().contains("channels=16"),
                e.getMessage());
    }

    /** Records every metric but the wall-clock one; requests a stop of {@code checkpoints} at record {@code stopAt}. */
    private static MetricsSink recorder(List<String> rows, Checkpoints checkpoints, int stopAt) {
        return (step, key, value) -> {
            if (key.equals(MetricsSink.SPS)) return;
            if (rows.size() == stopAt) checkpoints.requestStop();
            rows.add(step + " " + key + " " + value);
        };
    }

    /** A run killed after a checkpoint of its self-play stages and resumed ends as the uninterrupted one. */
    @Test
    void killedAndResumed_endsAsTheUninterruptedRun(@TempDir Path tmp) throws Exception {
        ResumeTesting.assertResumeMatchesUninterrupted("alphago", "Go7x7", 3, 600, 150, 450, small(), tmp);
    }

    /** A stop request ends the run with a checkpoint and hands out the program it has, which saves and loads. */
    @Test
    void stopRequest_handsOutTheProgramItHas(@TempDir Path tmp) throws Exception {
        StopRequestTest.assertStopsWithItsPolicy(Algorithms.get("alphago"), "Go7x7", small(), tmp);
    }

    private static Map<String, String> small() throws URISyntaxException {
        Map<String, String> hp = new TreeMap<>(Map.of("blocks", "1", "channels", "8", "value-blocks", "0",
                "value-channels", "8", "value-hidden", "16", "batch-size", "16", "sl-steps", "10", "eval-interval", "5",
                "rollout-epochs", "1", "rl-games-per-iteration", "4"));
        hp.putAll(Map.of("demos", records().toString(), "value-steps", "10", "simulations", "8"));
        return hp;
    }

    @Test
    void config_namesTheBadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AlphaGo.Config(Path.of("x"), 1, 16, 0, 8, 16, 0.2, 32, 10, 2e-3, 1e-4, true, 100, 2, 0.05, 0.5,
                        4, 1e-4, 2, 20, 1e-3, 1.5, 8, 4, 5, 10, 1));
        assertEquals("lambda must be in [0, 1] but was 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(null, 10, 10, 1));
    }
}
