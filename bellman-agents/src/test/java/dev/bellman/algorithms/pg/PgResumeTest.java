package dev.bellman.algorithms.pg;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resuming a killed REINFORCE, A2C, TRPO or A3C run from its last checkpoint ends with exactly the metrics and
 * weights of the same run uninterrupted; a checkpoint is refused by another algorithm or another configuration.
 */
class PgResumeTest {
    private static final MetricsSink NOTHING = (step, key, value) -> { };

    @Test
    void reinforce_cartPole_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("reinforce", "CartPole-v1", 3, 3000, 1000, 2100, Map.of(), dir);
    }

    @Test
    void reinforce_identityContinuous_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("reinforce", "IdentityContinuous-v0", 3, 2000, 500, 1250,
                Map.of("num-envs", "2", "num-episodes", "3"), dir);
    }

    @Test
    void a2c_cartPole_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("a2c", "CartPole-v1", 3, 4000, 1000, 2500,
                Map.of("anneal-lr", "true"), dir);
    }

    @Test
    void a2c_sharedAdam_identityContinuous_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("a2c", "IdentityContinuous-v0", 3, 3000, 700, 1900,
                Map.of("shared-network", "true", "use-rms-prop", "false"), dir);
    }

    @Test
    void trpo_cartPole_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("trpo", "CartPole-v1", 3, 2048, 512, 1300,
                Map.of("num-steps", "128", "batch-size", "128", "n-critic-updates", "5"), dir);
    }

    @Test
    void trpo_identityContinuous_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("trpo", "IdentityContinuous-v0", 3, 2000, 500, 1300, Map.of(), dir);
    }

    /** A3C's workers send their records in update order, so the sequence is compared as for the others. */
    @Test
    void a3c_cartPole_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("a3c", "CartPole-v1", 3, 4000, 1000, 2500,
                Map.of(), dir);
    }

    @Test
    void a3c_threeSharedWorkers_cartPole_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("a3c", "CartPole-v1", 5, 3000, 700, 2000,
                Map.of("num-workers", "3", "shared-network", "true"), dir);
    }

    @Test
    void resume_byAnotherAlgorithm_failsNamingTheWriter(@TempDir Path dir) throws IOException {
        Checkpoints.Loaded a2c = checkpoint("a2c", Map.of(), dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resume("trpo", Map.of(), a2c, dir));
        assertTrue(e.getMessage().contains("written by a2c") && e.getMessage().contains("trpo"), e.getMessage());
    }

    @Test
    void resume_withAnotherConfig_failsNamingTheDifference(@TempDir Path dir) throws IOException {
        Checkpoints.Loaded a2c = checkpoint("a2c", Map.of(), dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resume("a2c", Map.of("learning-rate", "0.001"), a2c, dir));
        assertTrue(e.getMessage().contains("learningRate 7.0E-4 (saved) vs 0.001 (now)"), e.getMessage());
    }

    /** Trains {@code algo} on CartPole-v1 for 400 steps with a checkpoint every 100 and returns the last. */
    private static Checkpoints.Loaded checkpoint(String algo, Map<String, String> overrides, Path dir) throws IOException {
        AlgorithmProvider p = Algorithms.get(algo);
        p.train(request(p, overrides), NOTHING, Checkpoints.in(dir, 100, s -> Map.of(), null));
        return Checkpoints.latest(dir).orElseThrow();
    }

    private static void resume(String algo, Map<String, String> overrides, Checkpoints.Loaded from, Path dir) {
        AlgorithmProvider p = Algorithms.get(algo);
        p.train(request(p, overrides), NOTHING, Checkpoints.in(dir, 100, s -> Map.of(), from));
    }

    private static TrainRequest request(AlgorithmProvider p, Map<String, String> overrides) {
        Map<String, String> hp = new HashMap<>(TunedHyperparameters.hyperparameters(p.id(), "CartPole-v1"));
        hp.putAll(overrides);
        return new TrainRequest("CartPole-v1", 1, 400, p.resolve(hp));
    }
}
