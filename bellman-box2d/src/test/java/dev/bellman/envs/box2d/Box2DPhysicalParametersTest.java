package dev.bellman.envs.box2d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.HasPhysicalParameters;
import dev.bellman.env.PhysicalParameter;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import dev.bellman.env.wrappers.DomainRandomization;
import dev.bellman.env.wrappers.ParameterDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Box2D tasks' physical parameters: declarations, the kwarg equivalence and reproducible resampling. */
class Box2DPhysicalParametersTest {

    /** Deterministic actions that fire every engine of the lander / move every joint of the walker. */
    private static Object action(String id, int t) {
        int k = (t * 7 + t / 3) % 4;
        if (id.startsWith("LunarLanderContinuous")) {
            return new float[] {k == 0 ? -1f : 0.9f, (k - 1.5f) / 1.5f};
        }
        if (id.startsWith("LunarLander")) {
            return k == 0 ? 2 : k; // main engine half the time
        }
        return new float[] {(k - 1.5f) / 1.5f, k % 2 == 0 ? 1f : -1f, (1.5f - k) / 1.5f, k % 2 == 0 ? -1f : 1f};
    }

    /** Observations and rewards of {@code episodes} episodes of at most {@code steps} steps, seeded 5, 6, ... */
    private static List<Object> rollout(String id, Env<float[], Object> env, int episodes, int steps) {
        List<Object> out = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            out.add(env.reset(5L + e, null).observation());
            for (int t = 0; t < steps; t++) {
                Step<float[]> s = env.step(action(id, t));
                out.add(s.observation());
                out.add(s.reward());
                if (s.done()) {
                    break;
                }
            }
        }
        return out;
    }

    private static boolean same(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            boolean eq = a.get(i) instanceof float[] o ? java.util.Arrays.equals(o, (float[]) b.get(i))
                    : a.get(i).equals(b.get(i));
            if (!eq) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"LunarLander-v3", "LunarLanderContinuous-v3", "BipedalWalker-v3",
        "BipedalWalkerHardcore-v3"})
    void declaredNominals_areTheRegisteredDefaults(String id) {
        try (Env<?, ?> env = Envs.make(id)) {
            HasPhysicalParameters p = (HasPhysicalParameters) env.unwrapped();
            Map<String, Object> defaults = Envs.spec(id).kwargs();
            for (PhysicalParameter d : p.declaredParameters()) {
                assertEquals(((Number) defaults.get(d.name())).doubleValue(), d.nominal(), d.name());
                assertEquals(d.nominal(), p.physicalParameter(d.name()), d.name());
            }
        }
        List<String> expected = id.startsWith("Lunar")
                ? List.of("gravity", "main_engine_power", "side_engine_power", "wind_power", "turbulence_power")
                : List.of("motors_torque", "terrain_friction", "leg_length");
        assertEquals(expected, ((HasPhysicalParameters) Envs.make(id).unwrapped()).physicalParameters().keySet()
                .stream().toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LunarLander-v3 | gravity | -6.5 | 120",
            "LunarLander-v3 | main_engine_power | 9 | 120",
            "LunarLanderContinuous-v3 | side_engine_power | 1.1 | 120",
            "LunarLanderContinuous-v3 | wind_power | 8 | 120",
            "LunarLanderContinuous-v3 | turbulence_power | 0.7 | 120",
            "BipedalWalker-v3 | motors_torque | 50 | 60",
            "BipedalWalker-v3 | terrain_friction | 0.4 | 60",
            "BipedalWalker-v3 | leg_length | 40 | 60",
    })
    void wrapperWithFixedValue_equalsEnvMadeWithThatKwarg_andDiffersFromNominal(String id, String name, double value,
                                                                               int steps) {
        // wind and turbulence act only with enable_wind, so those runs enable it on all three envs
        Map<String, Object> base = name.contains("wind") || name.contains("turbulence")
                ? Map.of("enable_wind", true) : Map.of();
        Map<String, Object> wrappedKw = new java.util.HashMap<>(base);
        wrappedKw.put(DomainRandomization.KWARG, Map.of(name, new ParameterDistribution.Fixed(value)));
        Map<String, Object> fixedKw = new java.util.HashMap<>(base);
        fixedKw.put(name, value);
        try (Env<float[], Object> wrapped = Envs.make(id, wrappedKw);
             Env<float[], Object> fixed = Envs.make(id, fixedKw);
             Env<float[], Object> nominal = Envs.make(id, base)) {
            List<Object> w = rollout(id, wrapped, 2, steps);
            List<Object> f = rollout(id, fixed, 2, steps);
            List<Object> n = rollout(id, nominal, 2, steps);
            assertEquals(f.size(), w.size());
            for (int i = 0; i < f.size(); i++) {
                if (f.get(i) instanceof float[] o) {
                    assertArrayEquals(o, (float[]) w.get(i), "item " + i);
                } else {
                    assertEquals(f.get(i), w.get(i), "item " + i);
                }
            }
            assertTrue(!same(f, n), name + "=" + value + " must change " + id + "'s dynamics");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> sampledRollout(String id, List<String> randomize, long seed) {
        List<Object> out = new ArrayList<>();
        try (Env<float[], Object> env = Envs.make(id, Map.of(DomainRandomization.KWARG, randomize))) {
            HasPhysicalParameters p = (HasPhysicalParameters) env.unwrapped();
            for (int e = 0; e < 3; e++) {
                Reset<float[]> r = env.reset(e == 0 ? seed : null, null);
                Map<String, Double> s = (Map<String, Double>) r.info().get(DomainRandomization.INFO_KEY);
                for (Map.Entry<String, Double> x : s.entrySet()) {
                    assertEquals(x.getValue(), p.physicalParameter(x.getKey()), "the sampled value is set on the env");
                }
                out.add(s);
                out.add(r.observation());
                for (int t = 0; t < 25; t++) {
                    Step<float[]> st = env.step(action(id, t));
                    out.add(st.observation());
                    if (st.done()) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LunarLanderContinuous-v3 | gravity=uniform(-11,-5) | main_engine_power=loguniform(6,20)",
            "BipedalWalker-v3 | leg_length=uniform(28,40) | motors_torque=loguniform(40,120)",
    })
    void resampling_isReproduciblePerSeed_andChangesEveryEpisode(String id, String first, String second) {
        List<String> randomize = List.of(first, second);
        List<Object> a = sampledRollout(id, randomize, 11);
        List<Object> b = sampledRollout(id, randomize, 11);
        List<Object> c = sampledRollout(id, randomize, 12);
        assertTrue(same(a, b), "same seed, same parameters and trajectory");
        assertNotEquals(a.get(0), c.get(0), "another seed, other parameters");
        List<Object> samples = a.stream().filter(x -> x instanceof Map).toList();
        assertEquals(3, samples.stream().distinct().count(), "new values at every reset: " + samples);
    }

    @Test
    void invalidValues_areRejectedNamingTheValue() {
        HasPhysicalParameters lander = (HasPhysicalParameters) Envs.make("LunarLander-v3").unwrapped();
        var e = assertThrows(IllegalArgumentException.class, () -> lander.setPhysicalParameter("gravity", 1.5));
        assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("gravity"), e.getMessage());
        assertEquals(-10.0, lander.physicalParameter("gravity"), "a rejected value leaves the old one");
        e = assertThrows(IllegalArgumentException.class, () -> lander.setPhysicalParameter("main_engine", 5));
        assertTrue(e.getMessage().contains("main_engine_power"), e.getMessage());
        HasPhysicalParameters walker = (HasPhysicalParameters) Envs.make("BipedalWalker-v3").unwrapped();
        e = assertThrows(IllegalArgumentException.class, () -> walker.setPhysicalParameter("leg_length", -3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
    }
}
