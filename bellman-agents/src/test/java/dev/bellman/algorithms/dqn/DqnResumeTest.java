package dev.bellman.algorithms.dqn;

import dev.bellman.core.Algorithms;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DQN run killed after a checkpoint and resumed from it ends exactly as the uninterrupted run. */
class DqnResumeTest {

    @Test
    void plainDqn_cartPole_resumesExactly(@TempDir Path dir) {
        // updates every 256 steps from step 1000: before and after the checkpoint at 4000; the 3000-slot buffer wraps
        ResumeTesting.assertResumeMatchesUninterrupted("dqn", "CartPole-v1", 1, 6_000, 2_000, 4_500,
                Map.of("buffer-size", "3000", "net-arch", "64,64"), dir);
    }

    @Test
    void allRefinements_acrobot_resumesExactly(@TempDir Path dir) {
        // Double DQN, dueling head, prioritized replay (priorities, max priority) and 3-step windows across the cut;
        // the annealed learning rate (recorded as a metric) continues from the global step
        ResumeTesting.assertResumeMatchesUninterrupted("dqn", "Acrobot-v1", 2, 6_000, 2_000, 4_500,
                Map.of("double-q", "true", "dueling", "true", "prioritized-replay", "true", "n-step", "3",
                        "buffer-size", "5000", "net-arch", "64,64", "batch-size", "32", "train-frequency", "8",
                        "anneal-lr", "true"), dir);
    }

    @Test
    void byteImages_barOrientation_resumesExactly(@TempDir Path dir) {
        // 0/1 images: the bit replay (frames, shared frames, cursors) and the byte observations cross the cut; the
        // 1,000-transition buffer wraps before it
        ResumeTesting.assertResumeMatchesUninterrupted("dqn", "BarOrientation-v0", 2, 2_400, 800, 2_000,
                Map.of("buffer-size", "1000", "learning-starts", "300", "batch-size", "16", "train-frequency", "8",
                        "target-network-frequency", "100", "num-envs", "2"), dir);
    }

    @Test
    void centeredRmsProp_minAtar_resumesExactly(@TempDir Path dir) {
        // the MinAtar tuned entry's optimizer: RMSprop's square and gradient averages cross the cut
        ResumeTesting.assertResumeMatchesUninterrupted("dqn", "MinAtar/Breakout-v1", 1, 1_600, 400, 1_400,
                Map.of("buffer-size", "1000", "learning-starts", "200", "batch-size", "16", "train-frequency", "4",
                        "target-network-frequency", "100", "optimizer", "rmsprop", "rmsprop-centered", "true",
                        "rmsprop-alpha", "0.95", "rmsprop-eps", "0.01"), dir);
    }

    @Test
    void resumingWithAnotherVariant_failsNamingBoth(@TempDir Path dir) throws java.io.IOException {
        AlgorithmProvider dqn = Algorithms.get("dqn");
        MetricsSink ignore = (step, key, value) -> { };
        dqn.train(request(dqn, false), ignore, Checkpoints.in(dir, 1_000, s -> Map.of(), null));
        Checkpoints.Loaded last = Checkpoints.latest(dir).orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dqn.train(request(dqn, true),
                ignore, Checkpoints.in(dir, 1_000, s -> Map.of(), last)));
        assertTrue(e.getMessage().contains("written by dqn (") && e.getMessage().contains("this run is dqn+dueling"),
                e.getMessage());
    }

    private static TrainRequest request(AlgorithmProvider dqn, boolean dueling) {
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("dqn", "CartPole-v1"));
        hp.put("dueling", Boolean.toString(dueling));
        hp.put("learning-starts", "500");
        return new TrainRequest("CartPole-v1", 1, 2_000, dqn.resolve(hp));
    }
}
