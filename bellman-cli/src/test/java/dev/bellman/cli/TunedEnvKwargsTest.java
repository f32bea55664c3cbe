package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Hyperparameters;
import dev.bellman.env.Env;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TunedEnvKwargsTest {

    @Test
    void envKwargLinesAreKwargsUnderTheCommandLines() {
        Map<String, Object> tuned = new LinkedHashMap<>();
        tuned.put("env-kwarg.continuous", false);
        tuned.put("env-kwarg.stack-num", 2);
        tuned.put("learning-rate", 0.001);
        assertEquals(Map.of("continuous", false, "stack_num", 2), TunedEnvKwargs.merge(tuned, Map.of()));
        assertEquals(Map.of("continuous", true, "stack_num", 2),
                TunedEnvKwargs.merge(tuned, Map.of("continuous", true)));
        assertEquals(Map.of("learning-rate", 0.001), TunedEnvKwargs.hyperparameters(tuned));
    }

    /** The shipped CarRacing-v3 entry: a discrete env of stacked 64x64 grayscale frames and hyperparameters PPO takes. */
    @Test
    void carRacingPpoEntryMakesAnImageEnvForTheCnn() {
        Map<String, Object> tuned = ConfigFiles.tuned("ppo", "CarRacing-v3");
        Map<String, Object> kwargs = TunedEnvKwargs.merge(tuned, Map.of());
        assertEquals(false, kwargs.get("continuous"));
        try (Env<?, ?> env = EnvCatalog.make("CarRacing-v3", kwargs)) {
            assertArrayEquals(new int[] {2, 64, 64}, env.observationSpace().shape());
            assertEquals(new dev.bellman.env.Discrete(5), env.actionSpace());
        }
        Map<String, Object> hp = new LinkedHashMap<>(TunedEnvKwargs.hyperparameters(tuned));
        hp.remove(ConfigFiles.TOTAL_TIMESTEPS);
        hp.keySet().forEach(k -> assertFalse(k.startsWith(TunedEnvKwargs.PREFIX), k));
        AlgorithmProvider ppo = Algorithms.get("ppo");
        Hyperparameters resolved = ppo.resolve(hp);
        assertEquals("nature-cnn", resolved.getString("torso"));
    }
}
