package dev.bellman.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.algorithms.ppo.PpoTestSupport.Metric;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PpoTest {

    @Test
    void identity_discrete_solvedInAFewThousandSteps() {
        TrainRequest request = PpoTestSupport.tunedRequest("Identity-v0", 1);
        assertTrue(request.totalTimesteps() <= 10_000, "budget " + request.totalTimesteps());
        Policy policy = PpoTestSupport.train(request);
        Evaluation.Result result = PpoTestSupport.evaluate("Identity-v0", policy, 20, 100);
        assertTrue(result.mean() >= 95, "Identity-v0 greedy mean " + result);
    }

    @Test
    void identity_continuous_solvedInAFewThousandSteps() {
        TrainRequest request = PpoTestSupport.tunedRequest("IdentityContinuous-v0", 1);
        assertTrue(request.totalTimesteps() <= 10_000, "budget " + request.totalTimesteps());
        Policy policy = PpoTestSupport.train(request);
        Evaluation.Result result = PpoTestSupport.evaluate("IdentityContinuous-v0", policy, 20, 100);
        assertTrue(result.mean() >= -1, "IdentityContinuous-v0 greedy mean " + result);
    }

    @Test
    void train_sameSeed_identicalMetricsAndWeights_discrete() {
        TrainRequest request = PpoTestSupport.tunedRequest("Identity-v0", 7);
        List<Metric> a = new ArrayList<>();
        List<Metric> b = new ArrayList<>();
        Ppo.Trained p = (Ppo.Trained) PpoTestSupport.train(request, a);
        Ppo.Trained q = (Ppo.Trained) PpoTestSupport.train(request, b);
        assertEquals(withoutSps(a), withoutSps(b));
        assertWeightsEqual(p.network().namedParameters(), q.network().namedParameters());
        Set<String> keys = a.stream().map(Metric::key).collect(Collectors.toSet());
        assertTrue(keys.containsAll(List.of(MetricsSink.EPISODIC_RETURN, "losses/approx_kl", "losses/clipfrac",
                "losses/explained_variance", "losses/value_loss", "losses/policy_loss", "losses/entropy",
                MetricsSink.LEARNING_RATE, MetricsSink.SPS)), keys.toString());

        List<Metric> c = new ArrayList<>();
        PpoTestSupport.train(PpoTestSupport.tunedRequest("Identity-v0", 8), c);
        assertNotEquals(withoutSps(a), withoutSps(c), "another seed gives another run");
    }

    @Test
    void train_sameSeed_identicalMetricsAndWeights_continuous() {
        TrainRequest request = PpoTestSupport.tunedRequest("IdentityContinuous-v0", 7);
        List<Metric> a = new ArrayList<>();
        List<Metric> b = new ArrayList<>();
        PpoContinuous.Trained p = (PpoContinuous.Trained) PpoTestSupport.train(request, a);
        PpoContinuous.Trained q = (PpoContinuous.Trained) PpoTestSupport.train(request, b);
        assertEquals(withoutSps(a), withoutSps(b));
        assertWeightsEqual(p.network().namedParameters(), q.network().namedParameters());
    }

    @Test
    void saveLoad_discrete_sameActions(@TempDir Path dir) throws Exception {
        Policy policy = PpoTestSupport.train(PpoTestSupport.tunedRequest("Identity-v0", 3));
        policy.save(dir);
        Policy loaded = PpoTestSupport.PROVIDER.load(dir);
        assertSameActions("Identity-v0", policy, loaded);
    }

    @Test
    void saveLoad_continuousWithObservationStatistics_sameActions(@TempDir Path dir) throws Exception {
        // Pendulum with normalised observations: the statistics must travel with the weights
        TrainRequest request = new TrainRequest("Pendulum-v1", 3, 2048, PpoTestSupport.PROVIDER.resolve(Map.of(
                "num-envs", 2, "num-steps", 512, "num-minibatches", 4, "norm-obs", true, "norm-reward", true)));
        PpoContinuous.Trained policy = (PpoContinuous.Trained) PpoTestSupport.train(request);
        assertTrue(policy.observationStatistics() != null && policy.observationStatistics()[0] > 1000,
                "observation statistics were gathered");
        policy.save(dir);
        PpoContinuous.Trained loaded = (PpoContinuous.Trained) PpoTestSupport.PROVIDER.load(dir);
        assertArrayEquals(policy.observationStatistics(), loaded.observationStatistics());
        assertSameActions("Pendulum-v1", policy, loaded);
    }

    @Test
    void config_invalidValues_throwNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ppo.Config(1000, 2.5e-4,
                4, 128, true, 0.99, 0.95, 3, 4, true, 0.2, true, 0.01, 0.5, 0.5, 0, 64, 1));
        assertTrue(e.getMessage().contains("numMinibatches = 3") && e.getMessage().contains("512"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Ppo.Config(100_000, 2.5e-4, 4, 128, true, 1.5,
                0.95, 4, 4, true, 0.2, true, 0.01, 0.5, 0.5, 0, 64, 1));
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PpoContinuous.Config(100_000, 3e-4, 1, 2048,
                true, 0.99, 0.95, 32, 10, true, -0.2, true, 0, 0.5, 0.5, 0, 64, true, true, 1));
        assertTrue(e.getMessage().contains("clipCoef") && e.getMessage().contains("-0.2"), e.getMessage());
    }

    @Test
    void normalize_usesUnbiasedStd_likeTorch() {
        float[] x = {1, 2, 3, 4};
        Ppo.normalize(x);
        // mean 2.5, unbiased std sqrt(5/3)
        double std = Math.sqrt(5.0 / 3.0);
        assertEquals((1 - 2.5) / std, x[0], 1e-6);
        assertEquals((4 - 2.5) / std, x[3], 1e-6);
    }

    @Test
    void explainedVariance_perfectAndConstantPredictions() {
        float[] y = {1, 2, 3, 4};
        assertEquals(1.0, Ppo.explainedVariance(y.clone(), y), 1e-12);
        assertEquals(0.0, Ppo.explainedVariance(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, y), 1e-12);
        assertTrue(Double.isNaN(Ppo.explainedVariance(y, new float[] {1, 1, 1, 1})));
    }

    private static void assertSameActions(String envId, Policy a, Policy b) {
        try (Env<Object, Object> env = Envs.make(envId)) {
            Object obs = env.reset(5L).observation();
            for (int t = 0; t < 50; t++) {
                Object x = a.act(obs);
                Object y = b.act(obs);
                if (x instanceof float[] fx) {
                    assertArrayEquals(fx, (float[]) y);
                } else {
                    assertEquals(x, y);
                }
                var step = env.step(x);
                if (step.terminated() || step.truncated()) {
                    obs = env.reset().observation();
                } else {
                    obs = step.observation();
                }
            }
        }
    }

    private static void assertWeightsEqual(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), k);
        }
    }

    private static List<Metric> withoutSps(List<Metric> metrics) {
        return metrics.stream().filter(m -> !m.key().equals(MetricsSink.SPS)).toList();
    }
}
