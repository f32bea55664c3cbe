package dev.bellman.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.HasPhysicalParameters;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.envs.classic.CartPole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainRandomizationTest {
    private static final Map<String, Object> CARTPOLE_DR = Map.of(DomainRandomization.KWARG,
            List.of("length=uniform(0.25,2)", "masscart=loguniform(0.5,3)", "force_mag=choice(5,10,15)"));

    @SuppressWarnings("unchecked")
    private static Map<String, Double> sampled(Reset<?> r) {
        return (Map<String, Double>) r.info().get(DomainRandomization.INFO_KEY);
    }

    private static List<Map<String, Double>> samples(Env<?, ?> env, long seed, int episodes) {
        List<Map<String, Double>> out = new ArrayList<>();
        out.add(sampled(env.reset(seed, null)));
        for (int i = 1; i < episodes; i++) {
            out.add(sampled(env.reset(null, null)));
        }
        return out;
    }

    @Test
    void parameters_areResampledAtEveryReset_andSetOnTheEnv() {
        Env<float[], Integer> env = Envs.make("CartPole-v1", CARTPOLE_DR);
        HasPhysicalParameters cart = (HasPhysicalParameters) env.unwrapped();
        List<Map<String, Double>> s = samples(env, 3, 20);
        for (Map<String, Double> m : s) {
            assertEquals(List.of("masscart", "length", "force_mag"), List.copyOf(m.keySet()), "declaration order");
            assertTrue(m.get("length") >= 0.25 && m.get("length") < 2, m.toString());
            assertTrue(m.get("masscart") >= 0.5 && m.get("masscart") <= 3, m.toString());
            assertTrue(List.of(5.0, 10.0, 15.0).contains(m.get("force_mag")), m.toString());
        }
        assertEquals(20, s.stream().map(m -> m.get("length")).distinct().count(), "a new length every episode");
        assertEquals(3, s.stream().map(m -> m.get("force_mag")).distinct().count(), "every choice drawn in 20 episodes");
        assertEquals(s.get(19).get("length"), cart.physicalParameter("length"));
        assertEquals(s.get(19).get("masscart"), cart.physicalParameter("masscart"));
        assertEquals(0.1, cart.physicalParameter("masspole"), "parameters not named keep their value");
    }

    @Test
    void sameSeed_sameParameterSequence_differentSeed_different() {
        List<Map<String, Double>> a = samples(Envs.make("CartPole-v1", CARTPOLE_DR), 11, 5);
        List<Map<String, Double>> b = samples(Envs.make("CartPole-v1", CARTPOLE_DR), 11, 5);
        List<Map<String, Double>> c = samples(Envs.make("CartPole-v1", CARTPOLE_DR), 12, 5);
        assertEquals(a, b);
        assertNotEquals(a, c);
        // reseeding the same env starts the same sequence again
        Env<float[], Integer> env = Envs.make("CartPole-v1", CARTPOLE_DR);
        samples(env, 99, 3);
        assertEquals(a, samples(env, 11, 5));
    }

    @Test
    void parameterStream_isNotTheEnvsOwnStream() {
        // the wrapper's generator is seeded from a mix of the reset seed: with the same seed as the env's own
        // generator, a uniform(-0.05, 0.05) parameter must not equal the env's first state draw
        Env<float[], Integer> env = Envs.make("CartPole-v1",
                Map.of(DomainRandomization.KWARG, Map.of("gravity", "uniform(-0.05,0.05)")));
        Reset<float[]> r = env.reset(5L, null);
        assertNotEquals(((CartPole) env.unwrapped()).state()[0], sampled(r).get("gravity"));
    }

    private static List<Object> rollout(Env<float[], Object> env, long seed, Object[] actions) {
        List<Object> out = new ArrayList<>();
        out.add(env.reset(seed, null).observation());
        for (Object a : actions) {
            Step<float[]> s = env.step(a);
            out.add(s.observation());
            out.add(s.reward());
            out.add(s.terminated());
            if (s.terminated() || s.truncated()) {
                out.add(env.reset(null, null).observation());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CartPole-v1 | length | 0.8 | int",
            "CartPole-v1 | masscart | 2.5 | int",
            "CartPole-v1 | tau | 0.03 | int",
            "Pendulum-v1 | m | 1.7 | box2",
            "Pendulum-v1 | l | 0.6 | box2",
            "Pendulum-v1 | max_torque | 1.2 | box2",
            "Acrobot-v1 | link_mass_2 | 1.6 | int3",
            "MountainCar-v0 | force | 0.0015 | int3",
            "MountainCarContinuous-v0 | power | 0.003 | box",
    })
    void wrapperWithFixedValue_equalsEnvMadeWithThatKwarg_andDiffersFromNominal(String id, String name, double value,
                                                                               String kind) {
        Object[] actions = new Object[300];
        for (int i = 0; i < actions.length; i++) {
            int k = (i * 7 + i / 3) % 3;
            actions[i] = switch (kind) {
                case "int" -> k % 2;
                case "int3" -> k;
                case "box2" -> new float[] {(k - 1) * 1.8f};
                default -> new float[] {(k - 1) * 0.9f};
            };
        }
        Env<float[], Object> wrapped = Envs.make(id, Map.of(DomainRandomization.KWARG,
                Map.of(name, new ParameterDistribution.Fixed(value))));
        Env<float[], Object> fixed = Envs.make(id, Map.of(name, value));
        Env<float[], Object> nominal = Envs.make(id);
        List<Object> w = rollout(wrapped, 4, actions);
        List<Object> f = rollout(fixed, 4, actions);
        List<Object> n = rollout(nominal, 4, actions);
        assertEquals(f.size(), w.size());
        for (int i = 0; i < f.size(); i++) {
            if (f.get(i) instanceof float[] o) {
                assertArrayEquals(o, (float[]) w.get(i), "item " + i);
            } else {
                assertEquals(f.get(i), w.get(i), "item " + i);
            }
        }
        boolean differs = n.size() != f.size();
        for (int i = 0; !differs && i < f.size(); i++) {
            differs = f.get(i) instanceof float[] o ? !java.util.Arrays.equals(o, (float[]) n.get(i)) : !f.get(i).equals(n.get(i));
        }
        assertTrue(differs, name + "=" + value + " must change " + id + "'s dynamics");
    }

    @Test
    void nominalKwargsGiven_equalTheDefaults() {
        Map<String, Object> kw = new LinkedHashMap<>();
        for (var p : ((HasPhysicalParameters) Envs.make("CartPole-v1").unwrapped()).declaredParameters()) {
            kw.put(p.name(), p.nominal());
        }
        Object[] actions = new Object[200];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = (i / 2) % 2;
        }
        List<Object> a = rollout(Envs.make("CartPole-v1", kw), 1, actions);
        List<Object> b = rollout(Envs.make("CartPole-v1"), 1, actions);
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) instanceof float[] o) {
                assertArrayEquals(o, (float[]) b.get(i));
            } else {
                assertEquals(a.get(i), b.get(i));
            }
        }
    }

    @Test
    void snapshot_restoresGeneratorAndValues() {
        Env<float[], Integer> env = Envs.make("CartPole-v1", CARTPOLE_DR);
        samples(env, 8, 3);
        List<long[]> snap = Snapshottable.snapshotChain(env);
        List<Map<String, Double>> after = List.of(sampled(env.reset(null, null)), sampled(env.reset(null, null)));
        Env<float[], Integer> other = Envs.make("CartPole-v1", CARTPOLE_DR);
        samples(other, 77, 2);
        Snapshottable.restoreChain(other, snap);
        assertEquals(after, List.of(sampled(other.reset(null, null)), sampled(other.reset(null, null))));
    }

    @Test
    void unknownParameter_namesTheClosestAndTheDeclaredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v1",
                Map.of(DomainRandomization.KWARG, List.of("lenght=uniform(0.25,2)"))));
        assertTrue(e.getMessage().contains("'lenght=uniform(0.25,2)'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'length'"), e.getMessage());
        assertTrue(e.getMessage().contains("masspole (mass of the pole (kg), nominal 0.1)"), e.getMessage());
        IllegalArgumentException set = assertThrows(IllegalArgumentException.class,
                () -> ((HasPhysicalParameters) Envs.make("Pendulum-v1").unwrapped()).setPhysicalParameter("mass", 2));
        assertTrue(set.getMessage().contains("'mass'") && set.getMessage().contains("did you mean 'm'"), set.getMessage());
    }

    @Test
    void badValuesAndDistributions_areRefusedNamingThem() {
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> ((HasPhysicalParameters) Envs.make("CartPole-v1").unwrapped()).setPhysicalParameter("length", -1));
        assertTrue(neg.getMessage().contains("length") && neg.getMessage().contains("-1.0"), neg.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v1", Map.of("masspole", 0.0)))
                .getMessage().contains("masspole"));
        IllegalArgumentException mayDrawNegative = assertThrows(IllegalArgumentException.class, () -> Envs.make(
                "CartPole-v1", Map.of(DomainRandomization.KWARG, List.of("masspole=normal(0.1,0.5)"))));
        assertTrue(mayDrawNegative.getMessage().contains("must be positive"), mayDrawNegative.getMessage());
        for (String[] c : new String[][] {{"unif(1,2)", "unknown distribution 'unif'"}, {"uniform(2,1)", "low <= high"},
                {"unifrm(1,2)", "unknown distribution 'unifrm' (did you mean 'uniform'?)"},
                {"unifrm:1,2", "did you mean 'uniform(1,2)'?"}, {"normal=9.8, 0.5", "did you mean 'normal(9.8,0.5)'?"},
                {"log-uniform 1 2", "did you mean 'loguniform(1,2)'?"}, {"choice", "did you mean 'choice(v1,v2,...)'?"},
                {"sometimes", "'sometimes' is not a finite number"},
                {"uniform(1,x)", "'x' is not a finite number"}, {"loguniform(0,2)", "0 < low"},
                {"normal(1,2,3)", "2 or 4 numbers"}, {"uniform(1,2", "no closing parenthesis"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ParameterDistribution.parse(c[0]));
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(c[0]), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new DomainRandomization<>(Envs.make("FrozenLake-v1"),
                Map.of("x", new ParameterDistribution.Fixed(1))));
    }

    @Test
    void distributions_parseAndPrintBack() {
        for (String s : List.of("uniform(0.05,0.5)", "loguniform(0.25,2)", "normal(9.8,0.5)", "normal(9.8,0.5,9,10.5)",
                "choice(5,10,15)", "0.75")) {
            assertEquals(s, ParameterDistribution.parse(s).toString());
        }
        assertEquals(new ParameterDistribution.Uniform(1, 2), ParameterDistribution.parse(" uniform( 1 , 2 ) "));
        // a truncated normal stays inside its bounds
        var n = ParameterDistribution.parse("normal(0,1,-0.1,0.2)");
        var random = new dev.bellman.env.NpRandom(1);
        for (int i = 0; i < 1000; i++) {
            double v = n.sample(random);
            assertTrue(v >= -0.1 && v <= 0.2, "draw " + v);
        }
        assertFalse(ParameterDistribution.parse("loguniform(1,100)").sample(random) < 1);
    }
}
