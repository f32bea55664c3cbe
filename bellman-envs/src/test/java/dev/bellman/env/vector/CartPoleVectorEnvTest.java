package dev.bellman.env.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.HasState;
import dev.bellman.env.Json;
import dev.bellman.env.Step;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CartPoleVectorEnvTest {

    /** A balancing controller, so that episodes reach the 500-step limit; random flips add variety. */
    private static int[] policy(float[] obs, int n, Random rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            float theta = obs[4 * i + 2];
            float thetaDot = obs[4 * i + 3];
            a[i] = rng.nextDouble() < 0.1 ? rng.nextInt(2) : (theta + 0.5f * thetaDot > 0 ? 1 : 0);
        }
        return a;
    }

    private static void compareWithSync(AutoresetMode mode, int steps) {
        int n = 6;
        CartPoleVectorEnv batched = new CartPoleVectorEnv(n, mode);
        SyncVectorEnv sync = SyncVectorEnv.of(() -> Envs.make("CartPole-v1"), n, mode);
        VectorStep a = batched.reset(2024);
        VectorStep b = sync.reset(2024);
        assertArrayEquals(b.observations(), a.observations());
        Random rng = new Random(5);
        int terminations = 0;
        int truncations = 0;
        for (int t = 0; t < steps; t++) {
            int[] act = policy(b.observations(), n, rng);
            a = batched.step(act);
            b = sync.step(act);
            String where = mode + " step " + t;
            assertArrayEquals(b.observations(), a.observations(), where);
            assertArrayEquals(b.rewards(), a.rewards(), where);
            assertArrayEquals(b.terminated(), a.terminated(), where);
            assertArrayEquals(b.truncated(), a.truncated(), where);
            assertArrayEquals(b.episodeEnded(), a.episodeEnded(), where);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(b.finalObservation(i), a.finalObservation(i), where);
                if (b.episodeEnded()[i]) {
                    assertEquals(b.episodeReturn()[i], a.episodeReturn()[i], where);
                    assertEquals(b.episodeLength()[i], a.episodeLength()[i], where);
                }
                terminations += a.terminated()[i] ? 1 : 0;
                truncations += a.truncated()[i] ? 1 : 0;
            }
        }
        assertTrue(terminations > 0 && truncations > 0, "terminations " + terminations + " truncations " + truncations);
        sync.close();
    }

    @Test
    void nextStep_matchesSyncVectorOfCartPoleV1_acrossTerminationsAndTruncations() {
        compareWithSync(AutoresetMode.NEXT_STEP, 1300);
    }

    @Test
    void sameStep_matchesSyncVectorOfCartPoleV1_acrossTerminationsAndTruncations() {
        compareWithSync(AutoresetMode.SAME_STEP, 1300);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fromSameInitialStates_matchesSingleCartPoleForFullEpisodeOf500Steps() {
        int n = 3;
        CartPoleVectorEnv batched = new CartPoleVectorEnv(n, AutoresetMode.NEXT_STEP);
        batched.reset(0);
        Env<float[], Integer>[] singles = new Env[n];
        double[][] starts = {{0.01, -0.02, 0.03, 0.0}, {-0.04, 0.01, -0.01, 0.02}, {0.0, 0.0, 0.0, 0.0}};
        for (int i = 0; i < n; i++) {
            singles[i] = Envs.make("CartPole-v1");
            singles[i].reset(i);
            ((HasState) singles[i].unwrapped()).setState(starts[i]);
            batched.setState(i, starts[i], 0);
        }
        float[] obs = new float[4 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                obs[4 * i + j] = (float) starts[i][j];
            }
        }
        int[] lengths = new int[n];
        boolean[] done = new boolean[n];
        for (int t = 0; t < 500; t++) {
            int[] act = policy(obs, n, new Random(17 + t));
            VectorStep v = batched.step(act);
            for (int i = 0; i < n; i++) {
                if (done[i]) {
                    continue;
                }
                Step<float[]> s = singles[i].step(act[i]);
                float[] bo = Arrays.copyOfRange(v.observations(), 4 * i, 4 * i + 4);
                assertArrayEquals(s.observation(), bo, "copy " + i + " step " + t);
                assertEquals(s.reward(), v.rewards()[i]);
                assertEquals(s.terminated(), v.terminated()[i]);
                assertEquals(s.truncated(), v.truncated()[i]);
                lengths[i]++;
                done[i] = s.terminated() || s.truncated();
            }
            obs = v.observations().clone();
        }
        // the balancing policy keeps at least one copy up until the 500-step truncation
        assertTrue(Arrays.stream(lengths).anyMatch(l -> l == 500), Arrays.toString(lengths));
    }

    @Test
    void disabled_requiresMaskedReset() {
        CartPoleVectorEnv env = new CartPoleVectorEnv(2, AutoresetMode.DISABLED);
        env.reset(1);
        VectorStep s;
        do {
            s = env.step(new int[] {1, 1});
        } while (!s.done(0) && !s.done(1));
        assertThrows(IllegalStateException.class, () -> env.step(new int[] {1, 1}));
        s = env.reset(null, new boolean[] {s.done(0), s.done(1)});
        assertFalse(s.done(0) || s.done(1));
        env.step(new int[] {0, 0});
    }

    @Test
    void invalidAction_throwsNamingCopy() {
        CartPoleVectorEnv env = new CartPoleVectorEnv(2, AutoresetMode.NEXT_STEP);
        env.reset(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new int[] {0, 2}));
        assertTrue(e.getMessage().contains("copy 1"), e.getMessage());
    }

    @Test
    void vectorEnvsMake_picksNativeCartPole_andSyncElsewhere_withEqualTrajectories() {
        VectorEnv nativeEnv = VectorEnvs.make("CartPole-v1", 4, AutoresetMode.SAME_STEP);
        assertTrue(nativeEnv instanceof CartPoleVectorEnv);
        VectorEnv sync = VectorEnvs.sync("CartPole-v1", java.util.Map.of(), 4, AutoresetMode.SAME_STEP);
        VectorEnv threaded = VectorEnvs.threaded("CartPole-v1", java.util.Map.of(), 4, AutoresetMode.SAME_STEP, 2);
        assertArrayEquals(sync.reset(77).observations(), nativeEnv.reset(77).observations());
        threaded.reset(77);
        Random rng = new Random(3);
        for (int t = 0; t < 120; t++) {
            int[] a = {rng.nextInt(2), rng.nextInt(2), rng.nextInt(2), rng.nextInt(2)};
            float[] expected = sync.step(a).observations();
            assertArrayEquals(expected, nativeEnv.step(a).observations(), "step " + t);
            assertArrayEquals(expected, threaded.step(a).observations(), "step " + t);
        }
        assertTrue(VectorEnvs.make("Pendulum-v1", 2, AutoresetMode.NEXT_STEP) instanceof SyncVectorEnv);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorEnvs.sync("CartPoel-v1", java.util.Map.of(), 2, AutoresetMode.NEXT_STEP));
        assertTrue(e.getMessage().contains("CartPole-v1"), e.getMessage());
        sync.close();
        threaded.close();
    }

    /**
     * The batched env against Gymnasium itself: the four recorded CartPole-v1 "wobble" episodes (reset seeds 30..33,
     * 500 steps each, the pole swinging up to about 0.15 rad; gymnasium/episodes/CartPole-v1.jsonl) replayed in one
     * vector reset with seed 30, every observation and float64 state bit for bit up to the truncation at step 500.
     */
    @SuppressWarnings("unchecked")
    @Test
    void batched_replaysGymnasiumsSeededEpisodes() {
        int n = 4;
        List<Object>[] actions = new List[n];
        List<Object>[] observations = new List[n];
        List<Object>[] states = new List[n];
        for (String line : Json.resource("/gymnasium/episodes/CartPole-v1.jsonl").split("\n")) {
            Map<String, Object> ep = (Map<String, Object>) Json.parse(line);
            int seed = Math.toIntExact((Long) ep.get("seed"));
            if (ep.get("policy").equals("wobble")) {
                actions[seed - 30] = (List<Object>) ep.get("actions");
                observations[seed - 30] = (List<Object>) ep.get("obs");
                states[seed - 30] = (List<Object>) ep.get("states");
            }
        }
        CartPoleVectorEnv env = new CartPoleVectorEnv(n, AutoresetMode.NEXT_STEP);
        env.reset(30);
        for (int t = 0; t < 500; t++) {
            int[] act = new int[n];
            for (int i = 0; i < n; i++) {
                act[i] = Math.toIntExact((Long) actions[i].get(t));
            }
            VectorStep s = env.step(act);
            for (int i = 0; i < n; i++) {
                List<Object> want = (List<Object>) observations[i].get(t);
                float[] got = Arrays.copyOfRange(s.observations(), 4 * i, 4 * i + 4); // NEXT_STEP: resets come later
                for (int k = 0; k < 4; k++) {
                    assertEquals((float) Json.num(want.get(k)), got[k], "copy " + i + " step " + (t + 1) + " obs[" + k + "]");
                }
                double[] wantState = ((List<Object>) states[i].get(t)).stream().mapToDouble(Json::num).toArray();
                assertArrayEquals(wantState, env.state(i), "copy " + i + " step " + (t + 1) + " float64 state");
                assertEquals(t == 499, s.truncated()[i], "copy " + i + " step " + (t + 1));
                assertFalse(s.terminated()[i], "copy " + i + " step " + (t + 1));
            }
        }
    }
}
