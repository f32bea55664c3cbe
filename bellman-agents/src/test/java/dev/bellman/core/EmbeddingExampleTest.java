package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.algorithms.tabular.QLearning;
import dev.bellman.algorithms.tabular.QTable;
import dev.bellman.algorithms.tabular.TdConfig;
import dev.bellman.algorithms.tabular.TdResult;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/embedding.md, compiled and run (keep the two in step). */
class EmbeddingExampleTest {
    @TempDir
    Path tmp;

    @Test
    void directApi_makeEnvPickConfigTrainWithSinkSaveLoadAct() throws Exception {
        Path file = tmp.resolve("frozen-lake-q.txt");
        // --- docs/embedding.md: direct API ---
        List<Double> returns = new ArrayList<>();
        MetricsSink sink = (step, key, value) -> {
            if (key.equals(MetricsSink.EPISODIC_RETURN)) returns.add(value);
        };
        try (Env<Integer, Integer> env = new EpisodeMetrics<>(Envs.make("FrozenLake-v1"), sink)) {
            TdConfig config = TdConfig.defaults().withTotalTimesteps(50_000).withSeed(42);
            TdResult result = new QLearning(config).train(env);
            result.q().save(file);
        }
        QTable q = QTable.load(file);
        try (Env<Integer, Integer> env = Envs.make("FrozenLake-v1")) {
            int state = env.reset(0L).observation();
            int action = q.greedyAction(state);
            // --- end ---
            assertTrue(action >= 0 && action < 4);
        }
        assertTrue(returns.size() > 100, "the sink saw every training episode");
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void registry_pickByIdTrainSaveLoadEvaluate() throws Exception {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        // --- docs/embedding.md: through the registry ---
        AlgorithmProvider algo = Algorithms.get("q-learning");
        Hyperparameters hp = algo.resolve(Map.of("learning-rate", 0.2, "end-learning-rate", 0.01));
        MetricsSink sink = (step, key, value) -> {
            if (key.equals(MetricsSink.EPISODIC_RETURN) && step % 10_000 < 10) System.out.println(step + " " + value);
        };
        Policy policy = algo.train(new TrainRequest("FrozenLake-v1", 42, 50_000, hp), sink);
        policy.save(dir);
        Policy loaded = algo.load(dir);
        Evaluation.Result result;
        try (Env<Integer, Integer> env = Envs.make("FrozenLake-v1")) {
            result = Evaluation.evaluate(env, loaded, 100, 0);
        }
        System.out.printf("mean return %.2f +/- %.2f%n", result.mean(), result.std());
        // --- end ---
        assertEquals(100, result.episodes());
        assertTrue(result.mean() > 0.3, "50k steps of Q-learning reach the goal often: " + result);
    }
}
