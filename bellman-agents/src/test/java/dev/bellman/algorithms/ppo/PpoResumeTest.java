package dev.bellman.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PPO run killed after a checkpoint and resumed from it ends with exactly the metrics and weights of the same run
 * uninterrupted; a checkpoint of another shape of run or another PPO variant is refused with a clear message.
 */
class PpoResumeTest {
    private static final MetricsSink DISCARD = (step, key, value) -> { };

    @TempDir
    Path dir;

    @Test
    void discrete_cartPole_killedInThirdIteration_resumesToTheUninterruptedRun() {
        // tuned CartPole-v1: 8 copies x 32 steps = 256 steps per iteration; checkpoints after iterations 1 and 2
        ResumeTesting.assertResumeMatchesUninterrupted("ppo", "CartPole-v1", 3, 4 * 256, 256, 600, Map.of(), dir);
    }

    @Test
    void continuous_pendulumNormalised_killedAfterAnEpisodeEnded_resumesToTheUninterruptedRun() {
        // tuned Pendulum-v1 (norm-obs, norm-reward on) with 4 x 64-step rollouts: 256 steps per iteration; episodes
        // (200 steps per copy) end at global step 800 and 1600, on either side of the checkpoint at 1024
        Map<String, String> small = Map.of("num-steps", "64", "num-minibatches", "4", "update-epochs", "4");
        ResumeTesting.assertResumeMatchesUninterrupted("ppo", "Pendulum-v1", 5, 8 * 256, 512, 1100, small, dir);
    }

    @Test
    void resume_withAnotherNumEnvs_failsNamingTheSetting() throws IOException {
        Checkpoints.Loaded saved = checkpointOf(request("CartPole-v1", Map.of(), 512), 256);
        TrainRequest other = request("CartPole-v1", Map.of("num-envs", "4"), 512);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoTestSupport.PROVIDER.train(other, DISCARD, resumeFrom(saved)));
        assertTrue(e.getMessage().contains("num-envs = 8") && e.getMessage().contains("num-envs = 4"), e.getMessage());
    }

    @Test
    void resume_withAnotherHiddenSize_failsNamingTheSetting() throws IOException {
        Checkpoints.Loaded saved = checkpointOf(request("CartPole-v1", Map.of(), 512), 256);
        TrainRequest other = request("CartPole-v1", Map.of("hidden-size", "32"), 512);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoTestSupport.PROVIDER.train(other, DISCARD, resumeFrom(saved)));
        assertTrue(e.getMessage().contains("hidden-size = 64") && e.getMessage().contains("hidden-size = 32"),
                e.getMessage());
    }

    @Test
    void resume_continuousFromADiscreteCheckpoint_failsNamingBothVariants() throws IOException {
        Checkpoints.Loaded saved = checkpointOf(request("CartPole-v1", Map.of(), 512), 256);
        TrainRequest pendulum = request("Pendulum-v1", Map.of("num-envs", "8", "num-steps", "32",
                "num-minibatches", "1"), 512);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoTestSupport.PROVIDER.train(pendulum, DISCARD, resumeFrom(saved)));
        assertTrue(e.getMessage().contains("written by discrete-action PPO")
                && e.getMessage().contains("continuous-action PPO cannot resume"), e.getMessage());
    }

    @Test
    void resume_fromAnotherAlgorithmsCheckpoint_failsNamingTheMissingFile() throws IOException {
        Path root = dir.resolve("other");
        Checkpoints other = Checkpoints.in(root, 1, s -> Map.of(), null);
        other.save(256, d -> Files.writeString(d.resolve("state.bin"), "not ppo"));
        Checkpoints.Loaded saved = Checkpoints.latest(root).orElseThrow();
        TrainRequest cartPole = request("CartPole-v1", Map.of(), 512);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> PpoTestSupport.PROVIDER.train(cartPole, DISCARD, resumeFrom(saved)));
        assertTrue(e.getMessage().contains(Ppo.STATE_FILE), e.getMessage());
    }

    @Test
    void resume_withAnotherTorso_failsNamingBoth() throws IOException {
        Map<String, String> small = Map.of("num-envs", "4", "num-steps", "16", "num-minibatches", "2", "update-epochs", "1");
        Checkpoints.Loaded saved = checkpointOf(request("MinAtar/Breakout-v1", small, 128), 64);
        Map<String, String> mlp = new LinkedHashMap<>(small);
        mlp.put("torso", "mlp");
        TrainRequest other = request("MinAtar/Breakout-v1", mlp, 128);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoTestSupport.PROVIDER.train(other, DISCARD, resumeFrom(saved)));
        assertTrue(e.getMessage().contains("torso = minatar-cnn") && e.getMessage().contains("torso = mlp"),
                e.getMessage());
    }

    private static TrainRequest request(String env, Map<String, String> overrides, long steps) {
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("ppo", env));
        hp.putAll(overrides);
        return new TrainRequest(env, 1, steps, PpoTestSupport.PROVIDER.resolve(hp));
    }

    /** Trains {@code request} with checkpoints every {@code frequency} steps and returns the last one. */
    private Checkpoints.Loaded checkpointOf(TrainRequest request, long frequency) throws IOException {
        Path root = dir.resolve("saved");
        PpoTestSupport.PROVIDER.train(request, DISCARD, Checkpoints.in(root, frequency, s -> Map.of(), null));
        return Checkpoints.latest(root).orElseThrow();
    }

    private Checkpoints resumeFrom(Checkpoints.Loaded saved) {
        return Checkpoints.in(dir.resolve("resumed"), 256, s -> Map.of(), saved);
    }
}
