package dev.bellman.algorithms.es;

import dev.bellman.core.Algorithms;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.tensor.kernels.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenAI-ES and ARS as a whole: results identical for 1 and 2 evaluation threads, reproducible per seed, resumed runs
 * equal to uninterrupted ones, a saved policy that loads back, and both solving CartPole within a second or so.
 */
class EsTrainingTest {
    /** A small table keeps the tests fast; the CartPole policies have at most 1,282 parameters. */
    private static final Map<String, String> SMALL_TABLE = Map.of("noise-table-size", "65536");

    private record Run(List<String> metrics, float[] params) {}

    private static Run run(String algo, String env, long seed, long steps, int threads, Map<String, String> overrides) {
        int before = Kernels.threads();
        Kernels.setThreads(threads);
        try {
            AlgorithmProvider p = Algorithms.get(algo);
            Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters(algo, env));
            hp.putAll(SMALL_TABLE);
            hp.putAll(overrides);
            List<String> metrics = new ArrayList<>();
            MetricsSink sink = (step, key, value) -> {
                if (!MetricsSink.SPS.equals(key)) metrics.add(step + " " + key + " " + value);
            };
            FlatPolicy policy = (FlatPolicy) p.train(new TrainRequest(env, seed, steps, p.resolve(hp)), sink);
            return new Run(metrics, policy.parameters());
        } finally {
            Kernels.setThreads(before);
        }
    }

    private static void assertSameRun(Run a, Run b) {
        assertEquals(a.metrics().size(), b.metrics().size());
        for (int i = 0; i < a.metrics().size(); i++) assertEquals(a.metrics().get(i), b.metrics().get(i), "record " + i);
        assertArrayEquals(a.params(), b.params());
    }

    @Test
    void es_oneAndTwoThreads_giveIdenticalMetricsAndParameters() {
        Map<String, String> o = Map.of("population-size", "10", "episodes-per-member", "2");
        Run one = run("es", "CartPole-v1", 3, 6_000, 1, o);
        Run two = run("es", "CartPole-v1", 3, 6_000, 2, o);
        assertTrue(one.metrics().size() > 40, "several iterations: " + one.metrics().size());
        assertSameRun(one, two);
    }

    @Test
    void ars_v2_oneAndTwoThreads_giveIdenticalMetricsAndParameters() {
        Map<String, String> o = Map.of("num-directions", "5", "top-directions", "3", "version", "v2",
                "episodes-per-direction", "2", "anneal-step-size", "true");
        Run one = run("ars", "Pendulum-v1", 3, 40_000, 1, o);
        Run two = run("ars", "Pendulum-v1", 3, 40_000, 2, o);
        assertSameRun(one, two);
    }

    /** Episodes per direction: 2NE episodes an iteration; a member's return (fitness_max) is the mean of its E episodes. */
    @Test
    void ars_episodesPerDirection_averagesEachMembersEpisodes() {
        Run run = run("ars", "Pendulum-v1", 4, 2_400, 1, Map.of("num-directions", "3", "top-directions", "2",
                "episodes-per-direction", "2"));
        List<Double> episodes = new ArrayList<>();
        double fitnessMax = Double.NaN;
        for (String m : run.metrics()) {
            String[] f = m.split(" ");
            if (f[0].equals("2400") && f[1].equals(MetricsSink.EPISODIC_RETURN)) episodes.add(Double.parseDouble(f[2]));
            if (f[0].equals("2400") && f[1].equals("es/fitness_max")) fitnessMax = Double.parseDouble(f[2]);
        }
        assertEquals(12, episodes.size(), "2 N E episodes in the one iteration");
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < 6; m++) max = Math.max(max, (episodes.get(2 * m) + episodes.get(2 * m + 1)) / 2);
        assertEquals(max, fitnessMax, 1e-9);
        assertNotEquals(episodes.get(0), episodes.get(1), "episode 1 starts from another state than episode 0");
    }

    @Test
    void sameSeed_sameRun_otherSeed_otherRun() {
        Map<String, String> o = Map.of("population-size", "6");
        Run a = run("es", "CartPole-v1", 5, 3_000, 1, o);
        assertSameRun(a, run("es", "CartPole-v1", 5, 3_000, 1, o));
        assertNotEquals(a.metrics(), run("es", "CartPole-v1", 6, 3_000, 1, o).metrics());
        Run v1 = run("ars", "CartPole-v1", 5, 3_000, 1, Map.of("version", "v1"));
        assertSameRun(v1, run("ars", "CartPole-v1", 5, 3_000, 1, Map.of("version", "v1")));
    }

    @Test
    void es_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("es", "CartPole-v1", 3, 8_000, 2_000, 5_000,
                Map.of("noise-table-size", "65536", "population-size", "10"), dir);
    }

    @Test
    void ars_v2_resumedRunMatchesUninterrupted(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("ars", "Pendulum-v1", 3, 16_000, 4_000, 10_000,
                Map.of("noise-table-size", "65536", "num-directions", "5", "top-directions", "2"), dir);
    }

    @Test
    void resume_withAnotherConfig_failsNamingTheDifference(@TempDir Path dir) throws IOException {
        AlgorithmProvider p = Algorithms.get("ars");
        MetricsSink none = MetricsSink.none();
        Map<String, String> hp = new LinkedHashMap<>(SMALL_TABLE);
        p.train(new TrainRequest("CartPole-v1", 1, 3_000, p.resolve(hp)), none, Checkpoints.in(dir, 1_000, s -> Map.of(), null));
        Checkpoints.Loaded last = Checkpoints.latest(dir).orElseThrow();
        hp.put("step-size", "0.5");
        var e = assertThrows(IllegalArgumentException.class, () -> p.train(
                new TrainRequest("CartPole-v1", 1, 3_000, p.resolve(hp)), none, Checkpoints.in(dir, 1_000, s -> Map.of(), last)));
        assertTrue(e.getMessage().contains("stepSize 0.02 (saved) vs 0.5 (now)"), e.getMessage());
        AlgorithmProvider es = Algorithms.get("es");
        e = assertThrows(IllegalArgumentException.class, () -> es.train(
                new TrainRequest("CartPole-v1", 1, 3_000, es.resolve(SMALL_TABLE)), none, Checkpoints.in(dir, 1_000, s -> Map.of(), last)));
        assertTrue(e.getMessage().contains("written by ars and cannot be resumed by es"), e.getMessage());
    }

    @Test
    void savedPolicy_loadsBackActingIdentically(@TempDir Path dir) throws IOException {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            AlgorithmProvider p = Algorithms.get("es");
            Policy trained = p.train(new TrainRequest(env, 2, 2_000, p.resolve(SMALL_TABLE)), MetricsSink.none());
            Path d = dir.resolve(env);
            java.nio.file.Files.createDirectories(d);
            trained.save(d);
            Policy loaded = p.load(d);
            try (Env<Object, Object> e = Envs.make(env)) {
                Object obs = e.reset(11).observation();
                for (int t = 0; t < 50; t++) {
                    Object a = trained.act(obs), b = loaded.act(obs);
                    if (a instanceof float[] fa) assertArrayEquals(fa, (float[]) b);
                    else assertEquals(a, b);
                    var step = e.step(a);
                    if (step.done()) break;
                    obs = step.observation();
                }
            }
        }
    }

    /** ARS V2 and OpenAI-ES with their tuned CartPole settings: greedy return at least 475 (well under a second each). */
    @Test
    void arsAndEs_solveCartPole() {
        for (String algo : List.of("ars", "es")) {
            AlgorithmProvider p = Algorithms.get(algo);
            Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters(algo, "CartPole-v1"));
            hp.putAll(SMALL_TABLE);
            long steps = TunedHyperparameters.totalTimesteps(algo, "CartPole-v1", 0);
            Policy policy = p.train(new TrainRequest("CartPole-v1", 1, steps, p.resolve(hp)), MetricsSink.none());
            try (Env<Object, Object> env = Envs.make("CartPole-v1")) {
                double mean = Evaluation.evaluate(env, policy, 20, 123).mean();
                assertTrue(mean >= 475, algo + " greedy mean return " + mean);
            }
        }
    }
}
