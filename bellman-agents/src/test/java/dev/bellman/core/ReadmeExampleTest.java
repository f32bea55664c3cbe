package dev.bellman.core;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java example of README.md ("From Java"), compiled and run: keep the two in step. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExample_trainsSavesLoadsAndSolvesCartPole() throws Exception {
        // --- README.md: From Java ---
        AlgorithmProvider ppo = Algorithms.get("ppo");
        Hyperparameters hp = ppo.resolve(TunedHyperparameters.hyperparameters("ppo", "CartPole-v1"));
        MetricsSink sink = (step, key, value) -> {
            if (key.equals("losses/approx_kl")) System.out.printf("step %d approx_kl %.4f%n", step, value);
        };
        Policy policy = ppo.train(new TrainRequest("CartPole-v1", 1, 100_000, hp), sink);
        policy.save(dir);
        Policy loaded = ppo.load(dir);
        try (Env<float[], Integer> env = Envs.make("CartPole-v1")) {
            Evaluation.Result result = Evaluation.evaluate(env, loaded, 20, 0);
            System.out.printf("mean return %.1f +/- %.1f%n", result.mean(), result.std());
            // --- end of README example ---
            assertTrue(result.mean() >= 475, "mean return " + result.mean());
        }
    }
}
