package dev.bellman.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bellman record}, {@code bellman dataset info} and {@code bellman train --algo bc|dagger|maxent-irl --demos}. */
class ImitationCliTest {
    @TempDir
    static Path dir;
    static Path expert, demos;

    @BeforeAll
    static void expertAndDemos() {
        expert = dir.resolve("vi-gridworld");
        Cli r = Cli.run("train", "--algo", "value-iteration", "--env", "GridWorld-v0", "--run-dir", expert.toString(),
                "--no-plot", "--eval-episodes", "5");
        assertEquals(0, r.exitCode(), r.toString());
        demos = dir.resolve("demos-gridworld");
        r = Cli.run("record", "--run-dir", expert.toString(), "--episodes", "40", "--out", demos.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("40 episodes"), r.toString());
    }

    @Test
    void datasetInfo_printsTheSummary() {
        Cli r = Cli.run("dataset", "info", demos.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("env          GridWorld-v0"), r.toString());
        assertTrue(r.out().contains("episodes     40 (40 terminated, 0 truncated)"), r.toString());
        assertTrue(r.out().contains("algorithm_name value-iteration"), r.toString());
    }

    @Test
    void recordRandom_thenInfoAsJson() throws Exception {
        Path out = dir.resolve("random-frozenlake");
        Cli r = Cli.run("record", "--policy", "random", "--env", "FrozenLake-v1", "--episodes", "6", "--out", out.toString(),
                "--seed", "3");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.isRegularFile(out.resolve("data/main_data.hdf5")));
        r = Cli.run("dataset", "info", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        var o = Files2.JSON.readTree(r.out());
        assertEquals(6, o.get("episodes").asInt());
        assertEquals("random", o.get("metadata").get("algorithm_name").asText());
        r = Cli.run("record", "--policy", "random", "--env", "FrozenLake-v1", "--episodes", "1", "--out", out.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("already holds a dataset"), r.toString());
    }

    /**
     * A dataset recorded on a pixel env (uint8 [4, 84, 84] frames): {@code dataset info} and BC read it. Its observation
     * space's JSON (170 kB) used to be written as an HDF5 attribute too long for jhdf, and every read failed with
     * "Failed to load children for group '//'".
     */
    @Test
    void pixelEnvDataset_infoAndBcReadIt() throws Exception {
        Path out = dir.resolve("random-breakout-pixels");
        Cli r = Cli.run("record", "--policy", "random", "--env", "MinAtar/BreakoutPixels-v1", "--episodes", "1", "--seed",
                "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        r = Cli.run("dataset", "info", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        var o = Files2.JSON.readTree(r.out());
        assertEquals("Box(0, 255, (4, 84, 84), uint8)", o.get("observation_space").asText());
        assertEquals(1, o.get("episodes").asInt());
        assertTrue(o.get("steps").asInt() > 0, r.out());
        Path run = dir.resolve("bc-breakout-pixels");
        r = Cli.run("train", "--algo", "bc", "--env", "MinAtar/BreakoutPixels-v1", "--demos", out.toString(), "--run-dir",
                run.toString(), "--no-plot", "--eval-episodes", "1", "--set", "epochs=1", "--set", "epoch-eval-episodes=0",
                "--set", "hidden-size=8");
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void bc_dagger_maxentIrl_trainFromTheDemos_andEvalLoadsTheRun() {
        for (String algo : new String[] {"bc", "dagger", "maxent-irl"}) {
            Path run = dir.resolve(algo + "-run");
            Cli r = algo.equals("dagger")
                    ? Cli.run("train", "--algo", algo, "--env", "GridWorld-v0", "--demos", demos.toString(), "--expert",
                            expert.toString(), "--set", "rounds=1", "--set", "round-eval-episodes=0", "--run-dir", run.toString(), "--no-plot",
                            "--eval-episodes", "5")
                    : Cli.run("train", "--algo", algo, "--env", "GridWorld-v0", "--demos", demos.toString(), "--run-dir",
                            run.toString(), "--no-plot", "--eval-episodes", "5", "--set",
                            algo.equals("bc") ? "epochs=5" : "iterations=50");
            assertEquals(0, r.exitCode(), algo + ": " + r);
            r = Cli.run("eval", "--run-dir", run.toString(), "--episodes", "5", "--json");
            assertEquals(0, r.exitCode(), algo + ": " + r);
        }
        assertTrue(Files.isRegularFile(dir.resolve("maxent-irl-run/model/reward.txt")));
    }

    @Test
    void bc_drawsItsCurveAgainstTheExpertAndRandomReturns_andScoresTheEvaluation() throws Exception {
        Path run = dir.resolve("bc-curve");
        Cli r = Cli.run("train", "--algo", "bc", "--env", "GridWorld-v0", "--demos", demos.toString(), "--run-dir",
                run.toString(), "--eval-episodes", "5", "--set", "epochs=3", "--set", "epoch-eval-episodes=2");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.size(run.resolve(ImitationCurve.FILE)) > 1000, "no " + ImitationCurve.FILE);
        assertEquals(3, ImitationCurve.column(run.resolve(RunDir.METRICS), "charts/greedy_return").size());
        var info = Files2.JSON.readTree(Cli.run("dataset", "info", demos.toString(), "--json").out());
        var summary = Files2.JSON.readTree(run.resolve(RunDir.SUMMARY).toFile());
        var vs = summary.get("vs_expert");
        assertEquals(info.get("return_mean").asDouble(), vs.get("expert_return").asDouble(), 1e-9);
        assertEquals(40, vs.get("expert_episodes").asInt());
        double random = vs.get("random_return").asDouble();
        assertTrue(random < vs.get("expert_return").asDouble(), summary.toString());
        double eval = summary.get("eval").get("mean").asDouble();
        assertEquals((eval - random) / (vs.get("expert_return").asDouble() - random),
                vs.get("normalized_score").asDouble(), 1e-9);
        // the curve is one of the run's own files: --overwrite replaces the run
        r = Cli.run("train", "--algo", "bc", "--env", "GridWorld-v0", "--demos", demos.toString(), "--run-dir",
                run.toString(), "--eval-episodes", "5", "--set", "epochs=1", "--overwrite");
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void bc_withoutDemos_saysWhatToGive() {
        Cli r = Cli.run("train", "--algo", "bc", "--env", "GridWorld-v0", "--run-dir", dir.resolve("x1").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("give --demos DATASET"), r.toString());
        assertTrue(Files.notExists(dir.resolve("x1")), "no run directory is created");
    }

    @Test
    void missingDataset_isNamed() {
        Path none = dir.resolve("no-such-dataset");
        Cli r = Cli.run("train", "--algo", "bc", "--env", "GridWorld-v0", "--demos", none.toString(), "--run-dir",
                dir.resolve("x2").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains(none.toString()) && r.err().contains("metadata.json is missing"), r.toString());
    }

    @Test
    void demosOfAnotherEnv_areRefused() {
        Cli r = Cli.run("train", "--algo", "bc", "--env", "FrozenLake-v1", "--demos", demos.toString(), "--run-dir",
                dir.resolve("x3").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("was recorded on GridWorld-v0, not on FrozenLake-v1"), r.toString());
    }

    @Test
    void wrongSpaces_areRefused() {
        // FrozenLake 8x8 has 64 states; the demos were recorded with 16 (same env id, other kwargs)
        Path fl = dir.resolve("fl-demos");
        assertEquals(0, Cli.run("record", "--policy", "random", "--env", "FrozenLake-v1", "--episodes", "2", "--out",
                fl.toString()).exitCode());
        Cli r = Cli.run("train", "--algo", "bc", "--env", "FrozenLake-v1", "--env-kwarg", "map_name=8x8", "--demos",
                fl.toString(), "--run-dir", dir.resolve("x4").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("observation space Discrete(16) differs"), r.toString());
    }

    @Test
    void demosFlag_onAnInteractiveAlgorithm_andDaggerWithoutExpert_areRefused() {
        Cli r = Cli.run("train", "--algo", "q-learning", "--env", "GridWorld-v0", "--demos", demos.toString(),
                "--run-dir", dir.resolve("x5").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--demos is for algorithms that learn from demonstrations"), r.toString());
        r = Cli.run("train", "--algo", "dagger", "--env", "GridWorld-v0", "--demos", demos.toString(), "--run-dir",
                dir.resolve("x6").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("give --expert RUN_DIR"), r.toString());
    }

    @Test
    void maxentIrl_onAnEnvWithoutModel_isRefused() {
        Cli r = Cli.run("train", "--algo", "maxent-irl", "--env", "CartPole-v1", "--demos", demos.toString(), "--run-dir",
                dir.resolve("x7").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("maxent-irl needs"), r.toString());
    }
}
