package dev.bellman.algorithms.impala;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-JVM IMPALA: learns CartPole-v1, is reproducible in deterministic mode, and resumes exactly after a kill. */
class ImpalaTest {

    record Run(Policy policy, List<String> metrics) {}

    static Run train(String env, long seed, long steps, Map<String, String> overrides) {
        AlgorithmProvider p = Algorithms.get("impala");
        Map<String, String> hp = new HashMap<>(TunedHyperparameters.hyperparameters("impala", env));
        hp.putAll(overrides);
        List<String> metrics = new ArrayList<>();
        MetricsSink sink = (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) metrics.add(step + " " + key + " " + value);
        };
        return new Run(p.train(new TrainRequest(env, seed, steps, p.resolve(hp)), sink), metrics);
    }

    /** The tuned entry reaches the CartPole-v1 threshold of 475 under greedy evaluation. */
    @Test
    void cartPole_tunedEntry_reaches475() {
        long steps = TunedHyperparameters.totalTimesteps("impala", "CartPole-v1", 0);
        long t0 = System.nanoTime();
        Run run = train("CartPole-v1", 1, steps, Map.of());
        Evaluation.Result r;
        try (Env<Object, Object> e = Envs.make("CartPole-v1")) {
            r = Evaluation.evaluate(e, run.policy(), 20, 10_000);
        }
        System.out.printf("impala CartPole-v1 seed 1: %d steps in %.1f s, greedy mean %.1f%n", steps,
                (System.nanoTime() - t0) / 1e9, r.mean());
        assertTrue(r.mean() >= 475, "greedy mean return " + r.mean());
    }

    /** Deterministic mode: the same seed gives the same metrics and weights, whatever the threads' scheduling. */
    @Test
    void deterministicMode_sameSeed_sameMetrics() {
        Run a = train("CartPole-v1", 5, 12_800, Map.of("num-actors", "3"));
        Run b = train("CartPole-v1", 5, 12_800, Map.of("num-actors", "3"));
        assertTrue(a.metrics().size() > 20, "metrics " + a.metrics().size());
        assertEquals(a.metrics(), b.metrics());
        float[] obs = {0.01f, -0.02f, 0.03f, 0.04f};
        assertEquals(java.util.Arrays.toString(((ImpalaPolicy) a.policy()).logits(obs)),
                java.util.Arrays.toString(((ImpalaPolicy) b.policy()).logits(obs)));
    }

    /** A learner killed after a checkpoint and resumed ends with the metrics and weights of an uninterrupted run. */
    @Test
    void killedLearner_resumes_likeUninterrupted(@TempDir Path dir) {
        // 4 actors x 4 envs x 20 steps = 320 steps a round; checkpoints every 1280 steps
        ResumeTesting.assertResumeMatchesUninterrupted("impala", "CartPole-v1", 3, 6400, 1280, 4000, Map.of(), dir);
    }
}
