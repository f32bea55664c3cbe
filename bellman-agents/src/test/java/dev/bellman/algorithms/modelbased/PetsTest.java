package dev.bellman.algorithms.modelbased;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Envs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PetsTest {
    /** A tiny PETS: two small members, a short horizon and a small population, refit twice in 500 steps. */
    static Map<String, String> tiny() {
        return Map.of("ensemble-size", "2", "net-arch", "16,16", "model-epochs", "1", "initial-random-steps", "100",
                "horizon", "5", "population-size", "20", "num-elites", "4", "cem-iterations", "2", "particles", "2");
    }

    private static List<String> run(long seed, Path modelDir) throws Exception {
        AlgorithmProvider p = Algorithms.get("pets");
        List<String> metrics = new ArrayList<>();
        var policy = p.train(new TrainRequest("Pendulum-v1", seed, 500, p.resolve(tiny())),
                (step, key, value) -> { if (!key.equals("charts/SPS")) metrics.add(step + " " + key + " " + value); });
        policy.save(modelDir);
        return metrics;
    }

    @Test
    void sameSeed_sameMetrics_andModelErrorPlotInTheModelDirectory(@TempDir Path dir) throws Exception {
        List<String> a = run(7, dir.resolve("a")), b = run(7, dir.resolve("b"));
        assertEquals(a, b);
        assertTrue(a.stream().anyMatch(s -> s.contains("model/ten_step_mse_2")), a.toString());
        assertTrue(a.stream().filter(s -> s.contains("charts/episodic_return")).count() == 2, a.toString());
        assertTrue(Files.size(dir.resolve("a/model_error.png")) > 1000);
        assertEquals(Files.readString(dir.resolve("a/model_error.csv")), Files.readString(dir.resolve("b/model_error.csv")));
        var loaded = Algorithms.get("pets").load(dir.resolve("a"));
        float[] act = (float[]) loaded.act(new float[] {1f, 0f, 0f});
        assertTrue(act.length == 1 && act[0] >= -2f && act[0] <= 2f);
    }

    @Test
    void resumedRun_endsAsTheUninterruptedOne(@TempDir Path dir) {
        ResumeTesting.assertResumeMatchesUninterrupted("pets", "Pendulum-v1", 3, 500, 150, 350, tiny(), dir);
    }

    @Test
    void envWithoutRewardFunctions_isRefusedNamingIt() {
        var why = Algorithms.get("pets").incompatibility(Envs.make("IdentityContinuous-v0"));
        assertTrue(why.isPresent() && why.get().contains("not for IdentityContinuous-v0"), why.toString());
        assertTrue(Algorithms.get("pets").incompatibility(Envs.make("Pendulum-v1")).isEmpty());
    }
}
