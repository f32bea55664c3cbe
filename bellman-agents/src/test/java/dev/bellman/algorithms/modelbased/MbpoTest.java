package dev.bellman.algorithms.modelbased;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MbpoTest {
    private static Map<String, String> tiny() {
        return Map.of("ensemble-size", "2", "model-net-arch", "16,16", "model-epochs", "1", "model-train-freq", "100",
                "rollout-batch-size", "50", "learning-starts", "100", "gradient-steps", "1", "batch-size", "32",
                "net-arch", "16,16");
    }

    @Test
    void resumedRun_endsAsTheUninterruptedOne(@TempDir Path dir) {
        dev.bellman.core.ResumeTesting.assertResumeMatchesUninterrupted("mbpo", "Pendulum-v1", 3, 310, 100, 300, tiny(), dir);
    }

    @Test
    void sameSeed_sameMetricsAndPolicy_andThePolicyReloads(@TempDir Path dir) throws Exception {
        AlgorithmProvider p = Algorithms.get("mbpo");
        List<List<String>> runs = new ArrayList<>();
        List<Policy> policies = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            List<String> m = new ArrayList<>();
            policies.add(p.train(new TrainRequest("Pendulum-v1", 5, 300, p.resolve(tiny())),
                    (step, key, value) -> { if (!key.equals("charts/SPS")) m.add(step + " " + key + " " + value); }));
            runs.add(m);
        }
        assertEquals(runs.get(0), runs.get(1));
        assertTrue(runs.get(0).stream().anyMatch(s -> s.contains("losses/model_loss")), runs.get(0).toString());
        float[] obs = {0.5f, 0.5f, 1f};
        policies.get(0).save(dir);
        float[] a = (float[]) policies.get(0).act(obs), b = (float[]) p.load(dir).act(obs);
        assertArrayEquals(a, b);
        assertTrue(a[0] >= -2f && a[0] <= 2f);
    }
}
