package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Classic control against transitions recorded from Gymnasium 1.4.0 (src/test/resources/gymnasium, copied from the
 * shared reference set): set the state, step, compare observation (1e-6), reward (1e-9) and terminated (exact); and
 * spaces, step limits and reward thresholds against spaces.json.
 */
class GymnasiumConformanceTest {

    static Stream<String> ids() {
        return Stream.of("CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spaces(String id) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(Json.resource("/gymnasium/spaces.json"));
        return (Map<String, Object>) ((Map<String, Object>) root.get("envs")).get(id);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @ParameterizedTest
    @MethodSource("ids")
    void everyRecordedTransition_reproduces(String id) {
        EnvSpec spec = Envs.spec(id);
        Env env = spec.factory().create(spec.kwargs());
        HasState hs = assertInstanceOf(HasState.class, env);
        String[] lines = Json.resource("/gymnasium/" + id + ".jsonl").split("\n");
        int n = 0;
        int terminatedCount = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> t = (Map<String, Object>) Json.parse(line);
            double[] state = toDoubles((List<Object>) t.get("state"));
            env.reset(0L, Map.of());
            hs.setState(state);
            Object action = t.get("action") instanceof List<?> l ? toFloats((List<Object>) l)
                    : (Object) Math.toIntExact((Long) t.get("action"));
            Step<float[]> step = env.step(action);
            double[] want = toDoubles((List<Object>) t.get("next_obs"));
            String where = id + " line " + n + " state " + java.util.Arrays.toString(state) + " action " + t.get("action");
            assertEquals(want.length, step.observation().length, where);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], step.observation()[i], 1e-6, where + " obs[" + i + "]");
            }
            assertEquals(Json.num(t.get("reward")), step.reward(), 1e-9, where + " reward");
            assertEquals(t.get("terminated"), step.terminated(), where + " terminated");
            assertEquals(false, step.truncated(), where);
            double[] nextState = toDoubles((List<Object>) t.get("next_state"));
            double[] got = hs.state();
            for (int i = 0; i < nextState.length; i++) {
                assertEquals(nextState[i], got[i], 1e-9 * Math.max(1, Math.abs(nextState[i])), where + " state[" + i + "]");
            }
            terminatedCount += step.terminated() ? 1 : 0;
            n++;
        }
        // the shared files hold 100 transitions each (spaces.json's n_per_env/n_terminated_in_sample describe a larger draw)
        assertTrue(n >= 100, "expected at least 100 transitions for " + id + " but read " + n);
        if (!id.equals("Pendulum-v1")) {
            assertTrue(terminatedCount > 0 && terminatedCount < n, "sample should mix terminal and non-terminal steps");
        }
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @MethodSource("ids")
    void spacesLimitsAndThresholds_equalGymnasium(String id) {
        Map<String, Object> want = spaces(id);
        EnvSpec spec = Envs.spec(id);
        assertEquals(((Number) want.get("max_episode_steps")).intValue(), spec.maxEpisodeSteps());
        Object thr = want.get("reward_threshold");
        assertEquals(thr == null ? null : Json.num(thr), spec.rewardThreshold());
        try (Env<?, ?> env = Envs.make(id)) {
            assertSpace((Map<String, Object>) want.get("observation_space"), env.observationSpace());
            assertSpace((Map<String, Object>) want.get("action_space"), env.actionSpace());
            assertEquals(spec.maxEpisodeSteps(), env.spec().maxEpisodeSteps());
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertSpace(Map<String, Object> want, Space<?> got) {
        switch ((String) want.get("type")) {
            case "Discrete" -> {
                Discrete d = assertInstanceOf(Discrete.class, got);
                assertEquals(((Number) want.get("n")).intValue(), d.n());
                assertEquals(((Number) want.get("start")).intValue(), d.start());
            }
            case "Box" -> {
                Box b = assertInstanceOf(Box.class, got);
                assertEquals("float32", want.get("dtype"));
                List<Object> shape = (List<Object>) want.get("shape");
                assertArrayEquals(shape.stream().mapToInt(o -> ((Number) o).intValue()).toArray(), b.shape());
                float[] low = toFloats((List<Object>) want.get("low"));
                float[] high = toFloats((List<Object>) want.get("high"));
                assertArrayEquals(low, b.low(), "low of " + b);
                assertArrayEquals(high, b.high(), "high of " + b);
            }
            default -> throw new AssertionError("unexpected space type " + want.get("type"));
        }
    }

    static double[] toDoubles(List<Object> l) {
        return l.stream().mapToDouble(Json::num).toArray();
    }

    static float[] toFloats(List<Object> l) {
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Json.num(l.get(i));
        }
        return f;
    }
}
