package dev.bellman.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bellman train} with a game algorithm: a game id as --env, and clear refusals when algorithm and target mismatch. */
class CliGamesTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {"--set", "simulations=8", "--set", "games-per-iteration=2", "--set",
            "parallel-games=2", "--set", "train-steps=2", "--set", "batch-size=8", "--set", "channels=4", "--set",
            "value-hidden=4", "--set", "eval-interval=1", "--set", "eval-games=2", "--set", "eval-simulations=4", "--set",
            "eval-mcts-simulations=4"};

    @Test
    void train_alphazero_onTicTacToe_writesMetricsAndAModel() throws Exception {
        Path dir = tmp.resolve("run");
        String[] base = {"train", "--algo", "alphazero", "--env", "TicTacToe", "--run-dir", dir.toString(),
                "--total-timesteps", "30"};
        String[] args = new String[base.length + SMALL.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(SMALL, 0, args, base.length, SMALL.length);
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        String metrics = Files.readString(dir.resolve("metrics.csv"));
        for (String key : new String[] {"losses/policy_loss", "losses/value_loss", "charts/policy_entropy",
                "charts/game_length", "eval/win_rate_random", "eval/loss_rate_mcts"}) {
            assertTrue(metrics.contains(key), key + " missing from metrics.csv:\n" + metrics);
        }
        assertTrue(Files.exists(dir.resolve("model").resolve("alphazero.safetensors")), r.toString());
        assertFalse(Files.exists(dir.resolve(RunDir.CURVE)), "no episodes and no solver measure: nothing to draw");

        Cli m = Cli.run("move", "--run-dir", dir.toString(), "--position", "159", "--simulations", "20", "--json");
        assertEquals(0, m.exitCode(), m.toString());
        var o = Files2.JSON.readTree(m.out());
        assertEquals("159", o.get("position").asText());
        assertEquals(20, o.get("simulations").asInt());
        int total = 0;
        for (int a = 0; a < 9; a++) {
            int v = o.get("visits").get(a).asInt();
            if (a == 0 || a == 4 || a == 8) assertEquals(0, v, "an occupied cell got visits: " + m.out());
            total += v;
        }
        assertTrue(total >= 19 && total <= 20, m.out());
        String move = o.get("move").asText();
        assertTrue(!move.equals("1") && !move.equals("5") && !move.equals("9"), m.out());
        assertTrue(Math.abs(o.get("value").asDouble()) <= 1, m.out());

        Cli eval = Cli.run("eval", "--run-dir", dir.toString());
        assertEquals(2, eval.exitCode(), eval.toString());
        assertTrue(eval.err().contains("trained alphazero on the two-player game TicTacToe; 'eval' runs env episodes")
                && eval.err().contains("bellman move"), eval.toString());

        Cli bad = Cli.run("move", "--run-dir", dir.toString(), "--position", "155");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("--position '155' is not a legal move sequence of TicTacToe"), bad.toString());

        // a finished run's player carries no stop; a stopped run's (its manifest has stopped_at_step, as
        // TrainCommand.stopped writes it) is flagged in the JSON and noted on stderr
        assertFalse(o.has(TrainCommand.STOPPED_AT), m.out());
        assertFalse(m.err().contains("note:"), m.err());
        Path mf = dir.resolve(RunDir.MODEL).resolve(RunDir.MANIFEST);
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) Files2.JSON.readTree(mf.toFile());
        manifest.put(TrainCommand.STOPPED_AT, 24);
        Files2.writeJson(mf, manifest);
        Cli stopped = Cli.run("move", "--run-dir", dir.toString(), "--position", "159", "--simulations", "20",
                "--json");
        assertEquals(0, stopped.exitCode(), stopped.toString());
        assertEquals(24, Files2.JSON.readTree(stopped.out()).path(TrainCommand.STOPPED_AT).asLong(-1), stopped.out());
        assertTrue(stopped.err().contains("bellman move: note: the policy of a run stopped at step 24, not finished"
                + " ('bellman train --resume " + dir + "' continues it)"), stopped.err());

        // a player given by its run directory is noted too: arena, and play's --opponent
        Cli arena = Cli.run("arena", dir + ":sims=4", "random", "--games", "2");
        assertEquals(0, arena.exitCode(), arena.toString());
        assertTrue(arena.err().contains("bellman arena: note: the policy of a run stopped at step 24, not finished"
                + " ('bellman train --resume " + dir + "' continues it)"), arena.toString());
        Cli vsItself = Cli.run("play", "--run-dir", dir.toString(), "--opponent", dir + ":sims=4", "--episodes", "1",
                "--simulations", "4");
        assertEquals(0, vsItself.exitCode(), vsItself.toString());
        assertTrue(vsItself.err().contains("bellman play: note: the policy of a run stopped at step 24"),
                vsItself.toString());
        assertEquals(2, vsItself.err().split("note: the policy of a run stopped", -1).length - 1, vsItself.err());
    }

    /** A Connect Four run measured against the solver during training draws that measure as its learning curve. */
    @Test
    void train_alphazero_onConnectFour_drawsTheSolverMeasureAsItsCurve() throws Exception {
        Path dir = tmp.resolve("c4");
        String[] base = {"train", "--algo", "alphazero", "--env", "ConnectFour", "--run-dir", dir.toString(),
                "--total-timesteps", "30", "--set", "solver-eval-positions=4", "--set", "solver-eval-simulations=4"};
        String[] args = new String[base.length + SMALL.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(SMALL, 0, args, base.length, SMALL.length);
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.readString(dir.resolve(RunDir.METRICS)).contains("eval/solver_optimal_search"));
        byte[] png = Files.readAllBytes(dir.resolve(RunDir.CURVE));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG: " + png.length);
        Path again = tmp.resolve("again.png");
        Cli plot = Cli.run("plot", dir.toString(), "--out", again.toString());
        assertEquals(0, plot.exitCode(), plot.toString());
        assertTrue(plot.out().contains("wrote " + again + " (the solver measurement of " + dir + ")"), plot.out());
        assertTrue(Files.size(again) > 1000);
    }

    @Test
    void train_alphazero_withSnapshots_keepsEveryIterationsNetworkAsAPlayer() throws Exception {
        Path dir = tmp.resolve("snap");
        String[] base = {"train", "--algo", "alphazero", "--env", "TicTacToe", "--run-dir", dir.toString(),
                "--total-timesteps", "30", "--set", "snapshot-interval=1"};
        String[] args = new String[base.length + SMALL.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(SMALL, 0, args, base.length, SMALL.length);
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        java.util.List<Path> snaps;
        try (var s = Files.list(dir.resolve("snapshots"))) {
            snaps = s.sorted().toList();
        }
        assertTrue(snaps.size() >= 2, "one snapshot per iteration: " + snaps);
        for (Path p : snaps) assertTrue(p.getFileName().toString().matches("step-\\d{12}"), p.toString());
        // the last iteration's snapshot is the network the run saved as its model
        Path last = snaps.get(snaps.size() - 1).resolve("model");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("model/alphazero.safetensors")),
                Files.readAllBytes(last.resolve("alphazero.safetensors"))));
        assertTrue(Files.readString(last.resolve("manifest.json")).contains("\"algo\" : \"alphazero\""));
        Cli arena = Cli.run("arena", snaps.get(0) + ":sims=4", snaps.get(snaps.size() - 1) + ":sims=4", "--games",
                "2", "--json");
        assertEquals(0, arena.exitCode(), arena.toString());
        assertTrue(arena.out().contains("\"a\":\"" + snaps.get(0).getFileName() + ":sims=4\""), arena.out());
        assertFalse(arena.err().contains("note:"), arena.err()); // snapshots of training are no stopped runs
        args[base.length - 1] = "snapshot-interval=0"; // snapshots/ is the run's own: --overwrite deletes it
        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--overwrite";
        Cli overwrite = Cli.run(again);
        assertEquals(0, overwrite.exitCode(), overwrite.toString());
        assertTrue(Files.notExists(dir.resolve("snapshots")));
    }

    @Test
    void train_alphazero_onAnEnv_isRefusedListingTheGames() {
        Cli r = Cli.run("train", "--algo", "alphazero", "--env", "CartPole-v1", "--run-dir", tmp.resolve("a").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("alphazero trains on two-player games, but 'CartPole-v1' is a single-agent env")
                && r.err().contains("TicTacToe"), r.toString());
        assertFalse(r.err().contains("\tat dev.bellman"), r.toString());
        assertFalse(Files.exists(tmp.resolve("a")), "nothing is created");
    }

    @Test
    void train_alphazero_onAnUnknownGame_suggestsTheClosest() {
        Cli r = Cli.run("train", "--algo", "alphazero", "--env", "TicTacToo", "--run-dir", tmp.resolve("b").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("unknown game id 'TicTacToo'") && r.err().contains("Did you mean 'TicTacToe'?"),
                r.toString());
    }

    @Test
    void train_anEnvAlgorithm_onAGame_isRefusedNamingTheGameAlgorithms() {
        Cli r = Cli.run("train", "--algo", "dqn", "--env", "TicTacToe", "--run-dir", tmp.resolve("c").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("'TicTacToe' is a two-player game, but dqn trains on single-agent envs")
                && r.err().contains("alphazero"), r.toString());
    }

    @Test
    void train_alphago_onAGameOtherThanGo_saysWhichGamesItTrainsOn_beforeAskingForDemos() {
        Cli r = Cli.run("train", "--algo", "alphago", "--env", "TicTacToe", "--run-dir", tmp.resolve("g").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("alphago does not train on TicTacToe; it trains on Go") && r.err().contains(
                "Algorithms that train on TicTacToe: ") && r.err().contains("alphazero"), r.toString());
        assertFalse(r.err().contains("--demos"), r.toString());
        assertFalse(Files.exists(tmp.resolve("g")), "nothing is created");
    }

    /** muzero takes a game id (its two-player self-play) or an env id (its single-agent loop) as --env. */
    @Test
    void train_muzero_onTicTacToe_andOnCartPole_bothRun() throws Exception {
        Path dir = tmp.resolve("mz");
        String[] small = {"--set", "simulations=4", "--set", "hidden-size=8", "--set", "latent-size=4", "--set",
                "batch-size=8", "--set", "learning-starts=10", "--set", "unroll-steps=2"};
        String[] base = {"train", "--algo", "muzero", "--env", "TicTacToe", "--run-dir", dir.toString(),
                "--total-timesteps", "30"};
        String[] args = new String[base.length + small.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(small, 0, args, base.length, small.length);
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        String metrics = Files.readString(dir.resolve("metrics.csv"));
        for (String key : new String[] {"charts/game_length", "charts/first_player_return", "losses/value_loss"}) {
            assertTrue(metrics.contains(key), key + " missing from metrics.csv:\n" + metrics);
        }
        assertTrue(Files.exists(dir.resolve("model").resolve("muzero.safetensors")), r.toString());

        Cli arena = Cli.run("arena", dir.toString(), "minimax", "--games", "2");
        assertEquals(0, arena.exitCode(), arena.toString());
        assertTrue(arena.out().contains("mz:sims=4"), arena.toString());

        Cli eval = Cli.run("eval", "--run-dir", dir.toString());
        assertEquals(2, eval.exitCode(), eval.toString());
        assertTrue(eval.err().contains("trained muzero on the two-player game TicTacToe"), eval.toString());

        base[4] = "CartPole-v1";
        base[6] = tmp.resolve("mz-cartpole").toString();
        System.arraycopy(base, 0, args, 0, base.length);
        Cli cartPole = Cli.run(args);
        assertEquals(0, cartPole.exitCode(), cartPole.toString());
        assertTrue(Files.readString(tmp.resolve("mz-cartpole").resolve("metrics.csv")).contains("charts/episodic_return"));
    }
}
