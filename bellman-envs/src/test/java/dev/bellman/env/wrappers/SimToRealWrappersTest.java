package dev.bellman.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimToRealWrappersTest {

    private static float[] torque(int i) {
        return new float[] {(float) Math.sin(i * 0.7) * 1.5f};
    }

    @Test
    void observationNoise_hasTheGivenScalePerComponent_andIsReproduciblePerSeed() {
        float[] scale = {0.01f, 0.1f, 0.5f};
        Env<float[], float[]> noisy = new ObservationNoise<>(Envs.make("Pendulum-v1"), scale);
        Env<float[], float[]> clean = Envs.make("Pendulum-v1");
        double[][] sum = new double[2][3];
        int n = 0;
        List<float[]> first = new ArrayList<>();
        for (int ep = 0; ep < 10; ep++) {
            float[] o = noisy.reset(ep == 0 ? 7L : null, null).observation();
            float[] c = clean.reset(ep == 0 ? 7L : null, null).observation();
            for (int t = 0; t < 200; t++) {
                for (int i = 0; i < 3; i++) {
                    double d = o[i] - c[i];
                    sum[0][i] += d;
                    sum[1][i] += d * d;
                }
                n++;
                if (ep == 0 && t < 5) {
                    first.add(o);
                }
                o = noisy.step(torque(t)).observation();
                c = clean.step(torque(t)).observation();
            }
        }
        for (int i = 0; i < 3; i++) {
            double mean = sum[0][i] / n;
            double std = Math.sqrt(sum[1][i] / n - mean * mean);
            assertEquals(scale[i], std, 0.05 * scale[i], "component " + i);
            assertEquals(0, mean, 0.1 * scale[i], "component " + i);
        }
        Env<float[], float[]> again = new ObservationNoise<>(Envs.make("Pendulum-v1"), scale);
        float[] o = again.reset(7L, null).observation();
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(first.get(t), o, "t=" + t);
            o = again.step(torque(t)).observation();
        }
        assertThrows(IllegalArgumentException.class, () -> new ObservationNoise<>(Envs.make("Pendulum-v1"), new float[2]));
    }

    @Test
    void gaussianActionNoise_perturbsWithinTheBox() {
        Env<float[], float[]> env = ActionNoise.gaussian(Envs.make("Pendulum-v1"), 0.5f);
        env.reset(3L, null);
        double sum2 = 0;
        int inside = 0;
        int n = 0;
        for (int t = 0; t < 2000; t++) {
            if (t % 200 == 0 && t > 0) {
                env.reset(null, null);
            }
            float[] a = {0f};
            float[] applied = (float[]) env.step(a).info().get(ActionNoise.INFO_KEY);
            assertTrue(applied[0] >= -2 && applied[0] <= 2, "clipped into the box: " + applied[0]);
            sum2 += applied[0] * applied[0];
            inside += Math.abs(applied[0]) < 2 ? 1 : 0;
            n++;
        }
        assertEquals(0.5, Math.sqrt(sum2 / n), 0.03);
        assertEquals(n, inside, "zero plus N(0, 0.25) should never reach ±2 in 2000 draws");
    }

    @Test
    void discreteActionNoise_replacesWithProbabilityP() {
        Env<float[], Integer> env = ActionNoise.randomAction(Envs.make("Acrobot-v1"), 0.3);
        env.reset(5L, null);
        int changed = 0;
        int n = 6000;
        List<Object> applied = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Step<float[]> s = env.step(1);
            if (s.terminated() || s.truncated()) {
                env.reset(null, null);
            }
            applied.add(s.info().get(ActionNoise.INFO_KEY));
            changed += (Integer) s.info().get(ActionNoise.INFO_KEY) != 1 ? 1 : 0;
        }
        // a replacement is uniform over 3 actions, so it differs from the chosen one 2/3 of the time
        assertEquals(0.3 * 2 / 3, (double) changed / n, 0.015);
        Env<float[], Integer> again = ActionNoise.randomAction(Envs.make("Acrobot-v1"), 0.3);
        again.reset(5L, null);
        for (int t = 0; t < 100; t++) {
            Step<float[]> s = again.step(1);
            if (s.terminated() || s.truncated()) {
                again.reset(null, null);
            }
            assertEquals(applied.get(t), s.info().get(ActionNoise.INFO_KEY), "same seed, same replacements, t=" + t);
        }
        assertThrows(IllegalArgumentException.class, () -> ActionNoise.randomAction(Envs.make("CartPole-v1"), 1.5));
    }

    @Test
    void actionDelay_appliesTheActionFromKStepsEarlier() {
        int k = 3;
        Env<float[], Integer> delayed = new ActionDelay<>(Envs.make("CartPole-v1"), k, 1);
        Env<float[], Integer> plain = Envs.make("CartPole-v1");
        int[] chosen = new int[40];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = (i / 2) % 2;
        }
        for (int ep = 0; ep < 2; ep++) { // the second episode checks that reset refills the queue
            assertArrayEquals(plain.reset(ep == 0 ? 1L : 2L, null).observation(),
                    delayed.reset(ep == 0 ? 1L : 2L, null).observation());
            for (int t = 0; t < 25; t++) {
                int expected = t < k ? 1 : chosen[t - k];
                Step<float[]> d = delayed.step(chosen[t]);
                Step<float[]> p = plain.step(expected);
                assertEquals(expected, d.info().get(ActionNoise.INFO_KEY), "t=" + t);
                assertArrayEquals(p.observation(), d.observation(), "t=" + t);
                if (p.terminated()) {
                    break;
                }
            }
        }
        // a snapshot keeps the pending actions
        delayed.reset(9L, null);
        delayed.step(0);
        delayed.step(1);
        long[] snap = ((ActionDelay<?, ?>) delayed).snapshot();
        List<Object> next = List.of(delayed.step(0).info().get(ActionNoise.INFO_KEY),
                delayed.step(0).info().get(ActionNoise.INFO_KEY), delayed.step(0).info().get(ActionNoise.INFO_KEY));
        ActionDelay<float[], Integer> other = new ActionDelay<>(Envs.make("CartPole-v1"), k, 1);
        other.reset(9L, null);
        other.restore(snap);
        assertEquals(next, List.of(other.step(0).info().get(ActionNoise.INFO_KEY),
                other.step(0).info().get(ActionNoise.INFO_KEY), other.step(0).info().get(ActionNoise.INFO_KEY)));
        assertEquals(List.of(1, 0, 1), next);
    }

    @Test
    void firstOrderLag_filtersTheActions_alphaOneIsTheIdentity() {
        Env<float[], float[]> lag = ActuatorLatency.firstOrderLag(Envs.make("Pendulum-v1"), 0.25);
        lag.reset(1L, null);
        double u = 0;
        for (int t = 0; t < 10; t++) {
            float[] a = torque(t);
            u = (float) (u + 0.25 * (a[0] - u));
            assertEquals((float) u, ((float[]) lag.step(a).info().get(ActionNoise.INFO_KEY))[0], "t=" + t);
        }
        Env<float[], float[]> none = ActuatorLatency.firstOrderLag(Envs.make("Pendulum-v1"), 1.0);
        Env<float[], float[]> plain = Envs.make("Pendulum-v1");
        none.reset(4L, null);
        plain.reset(4L, null);
        for (int t = 0; t < 50; t++) {
            assertArrayEquals(plain.step(torque(t)).observation(), none.step(torque(t)).observation());
        }
        assertThrows(IllegalArgumentException.class, () -> ActuatorLatency.firstOrderLag(Envs.make("Pendulum-v1"), 0));
    }

    @Test
    void hold_keepsEachActionForNSteps() {
        Env<float[], Integer> held = ActuatorLatency.hold(Envs.make("Acrobot-v1"), 3);
        held.reset(1L, null);
        List<Object> applied = new ArrayList<>();
        int[] chosen = {2, 0, 1, 0, 0, 2, 1, 1};
        for (int a : chosen) {
            applied.add(held.step(a).info().get(ActionNoise.INFO_KEY));
        }
        assertEquals(List.of(2, 2, 2, 0, 0, 0, 1, 1), applied);
        held.reset(null, null);
        assertEquals(1, held.step(1).info().get(ActionNoise.INFO_KEY), "a reset starts a new hold period");
        assertNotEquals(0, chosen.length);
    }
}
