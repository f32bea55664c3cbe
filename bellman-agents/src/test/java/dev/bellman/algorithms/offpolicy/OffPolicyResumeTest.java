package dev.bellman.algorithms.offpolicy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoint/resume of DDPG, TD3 and SAC: a run killed after a checkpoint and resumed from it ends with exactly the
 * metrics and actor of the uninterrupted run. Pendulum-v1 with small networks and an early learning start, so that
 * gradient steps (and logged losses) happen both before and after the checkpoint at step 1000; the kill comes at the
 * first metric at or after step 1100 (the loss records of step 1100), mid-episode.
 */
class OffPolicyResumeTest {
    private static final String ENV = "Pendulum-v1";

    private static Map<String, String> small() {
        return Map.of("learning-starts", "300", "net-arch", "32,32", "batch-size", "32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddpg", "td3", "sac"})
    void resumeAfterKill_matchesUninterruptedRun(String algo, @TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted(algo, ENV, 3, 1500, 500, 1100, small(), dir);
    }

    @Test
    void td3_resumeWithPolicyDelayAcrossCheckpoint_matchesUninterruptedRun(@TempDir Path dir) {
        Map<String, String> o = new LinkedHashMap<>(small());
        o.put("policy-frequency", "3"); // gradient steps 700 % 3 != 0: the delayed actor's last loss crosses the checkpoint
        ResumeTesting.assertResumeMatchesUninterrupted("td3", ENV, 4, 1500, 500, 1100, o, dir);
    }

    @Test
    void sac_withGsdeAndFixedAlpha_resumeMatchesUninterruptedRun(@TempDir Path dir) {
        Map<String, String> o = new LinkedHashMap<>(small());
        o.put("use-sde", "true");
        o.put("sde-sample-freq", "64"); // the exploration matrix drawn at step 960 is still in use after the checkpoint
        o.put("autotune", "false");
        o.put("alpha", "0.1");
        ResumeTesting.assertResumeMatchesUninterrupted("sac", ENV, 5, 1500, 500, 1100, o, dir);
    }

    @Test
    void resume_fromAnotherAlgorithmsCheckpoint_failsNamingBoth(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("ckpt");
        train("ddpg", 600, Checkpoints.in(root, 500, s -> Map.of(), null));
        Checkpoints.Loaded last = Checkpoints.latest(root).orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train("td3", 1000, Checkpoints.in(root, 500, s -> Map.of(), last)));
        assertTrue(e.getMessage().contains("written by ddpg") && e.getMessage().contains("resumed by td3"), e.getMessage());
    }

    @Test
    void resume_sacCheckpointWithoutGsde_byGsdeSac_failsClearly(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("ckpt");
        train("sac", 600, Checkpoints.in(root, 500, s -> Map.of(), null));
        Checkpoints.Loaded last = Checkpoints.latest(root).orElseThrow();
        AlgorithmProvider p = Algorithms.get("sac");
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("sac", ENV));
        hp.putAll(small());
        hp.put("use-sde", "true");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.train(
                new TrainRequest(ENV, 1, 1000, p.resolve(hp)), (s, k, v) -> { }, Checkpoints.in(root, 500, s -> Map.of(), last)));
        assertTrue(e.getMessage().contains("written by sac ") && e.getMessage().contains("resumed by sac+gsde"), e.getMessage());
    }

    private static void train(String algo, long steps, Checkpoints checkpoints) {
        AlgorithmProvider p = Algorithms.get(algo);
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters(algo, ENV));
        hp.putAll(small());
        p.train(new TrainRequest(ENV, 1, steps, p.resolve(hp)), (s, k, v) -> { }, checkpoints);
    }
}
