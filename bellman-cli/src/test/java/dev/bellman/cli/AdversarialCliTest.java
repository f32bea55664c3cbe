package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bellman train --algo gail|airl --demos} and {@code bellman train --reward-model RUN}. */
class AdversarialCliTest {
    @TempDir
    Path dir;

    private static final String[] SMALL = {"--set", "num-envs=2", "--set", "num-steps=32", "--set", "num-minibatches=2",
            "--set", "update-epochs=1", "--set", "demo-batch-size=16", "--set", "disc-updates-per-round=1",
            "--total-timesteps", "128", "--no-plot", "--eval-episodes", "1"};

    private static String[] cat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void airl_thenPpoOnItsReward_reportsTheTrueReturn() throws Exception {
        Path demos = dir.resolve("demos");
        Cli r = Cli.run("record", "--policy", "random", "--env", "Pendulum-v1", "--episodes", "1", "--out",
                demos.toString());
        assertEquals(0, r.exitCode(), r.toString());
        Path airl = dir.resolve("airl");
        r = Cli.run(cat(new String[] {"train", "--algo", "airl", "--env", "Pendulum-v1", "--demos", demos.toString(),
                "--run-dir", airl.toString()}, SMALL));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.isRegularFile(airl.resolve("model/reward.safetensors")), r.toString());
        r = Cli.run("eval", "--run-dir", airl.toString(), "--episodes", "1", "--json");
        assertEquals(0, r.exitCode(), r.toString());

        Path ppo = dir.resolve("ppo");
        r = Cli.run("train", "--algo", "ppo", "--env", "Pendulum-v1", "--reward-model", airl.toString(),
                "--run-dir", ppo.toString(), "--total-timesteps", "128", "--set", "num-envs=1", "--set", "num-steps=64",
                "--set", "num-minibatches=2", "--no-plot", "--eval-episodes", "2");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("eval (true reward of Pendulum-v1): mean return"), r.toString());
        JsonNode summary = Files2.JSON.readTree(ppo.resolve("summary.json").toFile());
        assertEquals("LearnedReward-v0", summary.get("env").asText());
        assertEquals("Pendulum-v1", summary.get("true_eval").get("env").asText());
        assertTrue(summary.get("true_eval").get("mean").asDouble() < 0, summary.toString()); // Pendulum's costs
        r = Cli.run("eval", "--run-dir", ppo.toString(), "--episodes", "1");
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void rewardModel_withoutALearnedReward_isAUserError() {
        Cli r = Cli.run("train", "--algo", "ppo", "--env", "Pendulum-v1", "--reward-model", dir.toString(), "--run-dir",
                dir.resolve("x").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("holds no learned reward (reward.safetensors)"), r.toString());
    }

    @Test
    void gail_onCartPole_trainsAndSaves() {
        Path demos = dir.resolve("demos");
        Cli r = Cli.run("record", "--policy", "random", "--env", "CartPole-v1", "--episodes", "2", "--out",
                demos.toString());
        assertEquals(0, r.exitCode(), r.toString());
        Path run = dir.resolve("gail");
        r = Cli.run(cat(new String[] {"train", "--algo", "gail", "--env", "CartPole-v1", "--demos", demos.toString(),
                "--run-dir", run.toString(), "--set", "grad-penalty-coef=1"}, SMALL));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("eval: mean return"), r.toString());
    }
}
