package dev.bellman.env.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

    private static final int N = 5;
    /** Short time limit so that both terminations and truncations happen within a test. */
    private static final Supplier<Env<float[], Integer>> CARTPOLE = () -> Envs.make("CartPole-v1", Map.of(), 25);

    /** One step's worth of expected batch values, computed by stepping independent envs by hand. */
    private record Expected(float[] obs, double[] rewards, boolean[] term, boolean[] trunc, float[][] finalObs) {}

    private static void assertMatches(Expected e, VectorStep s, String where) {
        assertArrayEquals(e.obs, s.observations(), where);
        assertArrayEquals(e.rewards, s.rewards(), where);
        assertArrayEquals(e.term, s.terminated(), where);
        assertArrayEquals(e.trunc, s.truncated(), where);
        if (e.finalObs != null) {
            for (int i = 0; i < e.finalObs.length; i++) {
                assertArrayEquals(e.finalObs[i], s.finalObservation(i), where + " final obs " + i);
            }
        }
    }

    /** Gymnasium 1.x SyncVectorEnv semantics written out for independent envs. */
    private static final class HandStepped {
        final List<Env<float[], Integer>> envs = new ArrayList<>();
        final AutoresetMode mode;
        final boolean[] ended = new boolean[N];
        final float[] obs = new float[N * 4];

        HandStepped(AutoresetMode mode) {
            this.mode = mode;
            for (int i = 0; i < N; i++) {
                envs.add(CARTPOLE.get());
            }
        }

        Expected reset(long seed) {
            for (int i = 0; i < N; i++) {
                System.arraycopy(envs.get(i).reset(seed + i).observation(), 0, obs, 4 * i, 4);
                ended[i] = false;
            }
            return new Expected(obs.clone(), new double[N], new boolean[N], new boolean[N], null);
        }

        Expected step(int[] actions) {
            double[] r = new double[N];
            boolean[] te = new boolean[N];
            boolean[] tr = new boolean[N];
            float[][] fin = new float[N][];
            for (int i = 0; i < N; i++) {
                Env<float[], Integer> env = envs.get(i);
                if (mode == AutoresetMode.NEXT_STEP && ended[i]) {
                    System.arraycopy(env.reset().observation(), 0, obs, 4 * i, 4);
                    ended[i] = false;
                    continue;
                }
                Step<float[]> s = env.step(actions[i]);
                System.arraycopy(s.observation(), 0, obs, 4 * i, 4);
                r[i] = s.reward();
                te[i] = s.terminated();
                tr[i] = s.truncated();
                if (s.terminated() || s.truncated()) {
                    if (mode == AutoresetMode.SAME_STEP) {
                        fin[i] = s.observation().clone();
                        System.arraycopy(env.reset().observation(), 0, obs, 4 * i, 4);
                    } else {
                        ended[i] = true;
                    }
                }
            }
            return new Expected(obs.clone(), r, te, tr, fin);
        }
    }

    private static int[] actions(Random rng) {
        int[] a = new int[N];
        for (int i = 0; i < N; i++) {
            a[i] = rng.nextInt(2);
        }
        return a;
    }

    private static void checkAgainstHand(AutoresetMode mode, VectorEnv vec) {
        HandStepped hand = new HandStepped(mode);
        Random rng = new Random(99);
        assertMatches(hand.reset(40), vec.reset(40), "reset");
        int ends = 0;
        int truncations = 0;
        for (int t = 0; t < 200; t++) {
            int[] a = actions(rng);
            Expected e = hand.step(a);
            VectorStep s = vec.step(a);
            assertMatches(e, s, mode + " step " + t);
            for (int i = 0; i < N; i++) {
                ends += s.done(i) ? 1 : 0;
                truncations += s.truncated()[i] ? 1 : 0;
            }
        }
        assertTrue(ends > 20 && truncations > 0, "ends " + ends + " truncations " + truncations);
        vec.close();
    }

    @Test
    void syncNextStep_matchesIndependentEnvsSteppedByHand() {
        checkAgainstHand(AutoresetMode.NEXT_STEP, SyncVectorEnv.of(CARTPOLE, N, AutoresetMode.NEXT_STEP));
    }

    @Test
    void syncSameStep_matchesIndependentEnvsSteppedByHand() {
        checkAgainstHand(AutoresetMode.SAME_STEP, SyncVectorEnv.of(CARTPOLE, N, AutoresetMode.SAME_STEP));
    }

    @Test
    void threadedNextStepAndSameStep_matchIndependentEnvsSteppedByHand() {
        checkAgainstHand(AutoresetMode.NEXT_STEP, ThreadedVectorEnv.of(CARTPOLE, N, AutoresetMode.NEXT_STEP, 2));
        checkAgainstHand(AutoresetMode.SAME_STEP, ThreadedVectorEnv.of(CARTPOLE, N, AutoresetMode.SAME_STEP, 3));
    }

    @Test
    void nextStep_stepAfterEnd_returnsResetObservationWithZeroRewardAndClearFlags() {
        VectorEnv vec = SyncVectorEnv.of(CARTPOLE, N, AutoresetMode.NEXT_STEP);
        vec.reset(1);
        int[] ones = new int[N];
        Arrays.fill(ones, 1);
        // always pushing right ends every episode within 25 steps
        VectorStep s = null;
        boolean[] endedBefore = new boolean[N];
        int resets = 0;
        for (int t = 0; t < 30; t++) {
            s = vec.step(ones);
            for (int i = 0; i < N; i++) {
                if (endedBefore[i]) {
                    resets++;
                    assertEquals(0.0, s.rewards()[i]);
                    assertFalse(s.terminated()[i] || s.truncated()[i]);
                    for (int j = 0; j < 4; j++) {
                        assertTrue(Math.abs(s.observation(i, j)) <= 0.05f, "reset observation");
                    }
                }
                endedBefore[i] = s.done(i);
            }
        }
        assertTrue(resets >= N, "resets " + resets);
        vec.close();
    }

    @Test
    void disabled_stepOnEndedEnv_throws_andResetMaskRestartsOnlyMasked() {
        VectorEnv vec = SyncVectorEnv.of(CARTPOLE, 2, AutoresetMode.DISABLED);
        vec.reset(3);
        int[] a = {1, 0};
        VectorStep s;
        do {
            s = vec.step(a);
        } while (!s.done(0) && !s.done(1));
        int ended = s.done(0) ? 0 : 1;
        int other = 1 - ended;
        float[] otherObs = Arrays.copyOfRange(s.observations(), 4 * other, 4 * other + 4);
        boolean otherDone = s.done(other);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vec.step(a));
        assertTrue(e.getMessage().contains("sub-environment " + ended), e.getMessage());
        boolean[] mask = new boolean[2];
        mask[ended] = true;
        s = vec.reset(100L, mask);
        Reset<float[]> expected = CARTPOLE.get().reset(100L + ended);
        assertArrayEquals(expected.observation(), Arrays.copyOfRange(s.observations(), 4 * ended, 4 * ended + 4));
        if (!otherDone) {
            assertArrayEquals(otherObs, Arrays.copyOfRange(s.observations(), 4 * other, 4 * other + 4));
        }
        vec.close();
    }

    @Test
    void reset_seedsEnvIWithSeedPlusI() {
        VectorEnv vec = SyncVectorEnv.of(CARTPOLE, N, AutoresetMode.NEXT_STEP);
        VectorStep s = vec.reset(1000);
        for (int i = 0; i < N; i++) {
            float[] single = CARTPOLE.get().reset(1000L + i).observation();
            assertArrayEquals(single, Arrays.copyOfRange(s.observations(), 4 * i, 4 * i + 4), "env " + i);
        }
        vec.close();
    }

    @Test
    void syncAndThreaded_produceIdenticalResultsInEveryMode() {
        for (AutoresetMode mode : List.of(AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP)) {
            VectorEnv sync = SyncVectorEnv.of(CARTPOLE, 7, mode);
            VectorEnv threaded = ThreadedVectorEnv.of(CARTPOLE, 7, mode, 3);
            assertArrayEquals(sync.reset(5).observations(), threaded.reset(5).observations());
            Random rng = new Random(1);
            for (int t = 0; t < 150; t++) {
                int[] a = new int[7];
                for (int i = 0; i < 7; i++) {
                    a[i] = rng.nextInt(2);
                }
                VectorStep x = sync.step(a);
                VectorStep y = threaded.step(a);
                assertArrayEquals(x.observations(), y.observations());
                assertArrayEquals(x.rewards(), y.rewards());
                assertArrayEquals(x.terminated(), y.terminated());
                assertArrayEquals(x.truncated(), y.truncated());
                assertArrayEquals(x.episodeEnded(), y.episodeEnded());
                assertArrayEquals(x.episodeReturn(), y.episodeReturn());
                assertArrayEquals(x.episodeLength(), y.episodeLength());
                for (int i = 0; i < 7; i++) {
                    assertArrayEquals(x.finalObservation(i), y.finalObservation(i));
                }
            }
            sync.close();
            threaded.close();
            threaded.close(); // idempotent
        }
    }

    @Test
    void episodeStatistics_matchRewardsSummedByHand() {
        VectorEnv vec = SyncVectorEnv.of(CARTPOLE, N, AutoresetMode.NEXT_STEP);
        vec.reset(8);
        double[] ret = new double[N];
        int[] len = new int[N];
        boolean[] pendingReset = new boolean[N];
        Random rng = new Random(4);
        int episodes = 0;
        for (int t = 0; t < 200; t++) {
            VectorStep s = vec.step(actions(rng));
            for (int i = 0; i < N; i++) {
                if (pendingReset[i]) {
                    assertFalse(s.episodeEnded()[i]);
                    pendingReset[i] = false;
                    continue;
                }
                ret[i] += s.rewards()[i];
                len[i]++;
                assertEquals(s.done(i), s.episodeEnded()[i]);
                if (s.done(i)) {
                    assertEquals(ret[i], s.episodeReturn()[i]);
                    assertEquals(len[i], s.episodeLength()[i]);
                    ret[i] = 0;
                    len[i] = 0;
                    pendingReset[i] = true;
                    episodes++;
                }
            }
        }
        assertTrue(episodes > 10);
        vec.close();
    }

    @Test
    void boxActions_stepContinuousEnvs() {
        Supplier<Env<float[], float[]>> pendulum = () -> Envs.make("Pendulum-v1", Map.of(), 7);
        VectorEnv vec = SyncVectorEnv.of(pendulum, 3, AutoresetMode.SAME_STEP);
        List<Env<float[], float[]>> hand = List.of(pendulum.get(), pendulum.get(), pendulum.get());
        VectorStep s = vec.reset(9);
        for (int i = 0; i < 3; i++) {
            hand.get(i).reset(9L + i);
        }
        assertEquals(3, vec.observationSize());
        float[] a = {0.5f, -1.5f, 2.0f};
        for (int t = 0; t < 7; t++) {
            s = vec.step(a);
            for (int i = 0; i < 3; i++) {
                Step<float[]> h = hand.get(i).step(new float[] {a[i]});
                assertEquals(h.reward(), s.rewards()[i]);
                if (t < 6) {
                    assertArrayEquals(h.observation(), Arrays.copyOfRange(s.observations(), 3 * i, 3 * i + 3));
                } else {
                    assertTrue(s.truncated()[i]);
                    assertArrayEquals(h.observation(), s.finalObservation(i));
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> vec.step(new int[3]));
        vec.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void misuse_failsWithMessages() {
        VectorEnv vec = SyncVectorEnv.of(CARTPOLE, 2, AutoresetMode.NEXT_STEP);
        assertThrows(IllegalStateException.class, () -> vec.step(new int[2]));
        vec.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vec.step(new int[3]));
        assertTrue(e.getMessage().contains("numEnvs = 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vec.reset(0L, new boolean[2]));
        Env<?, ?> taxi = Envs.make("Taxi-v3");
        IllegalArgumentException box = assertThrows(IllegalArgumentException.class,
                () -> new SyncVectorEnv(List.of((Env<float[], ?>) taxi), AutoresetMode.NEXT_STEP));
        assertTrue(box.getMessage().contains("Box observation"), box.getMessage());
        vec.close();
        assertThrows(IllegalStateException.class, () -> vec.reset(0));
    }

    @Test
    void sameStep_finalObservationIsNullWhereNoEpisodeEnded() {
        VectorEnv vec = SyncVectorEnv.of(CARTPOLE, 2, AutoresetMode.SAME_STEP);
        vec.reset(0);
        VectorStep s = vec.step(new int[] {0, 1});
        assertNull(s.finalObservation(0));
        assertNull(s.finalInfo(1));
        vec.close();
    }
}
