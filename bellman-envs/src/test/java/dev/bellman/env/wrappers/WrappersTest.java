package dev.bellman.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.envs.classic.CartPole;
import dev.bellman.envs.classic.Pendulum;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrappersTest {

    @Test
    void timeLimit_setsTruncatedNeverTerminated() {
        Env<float[], float[]> env = new TimeLimit<>(new Pendulum(), 5);
        env.reset(0);
        Step<float[]> s = null;
        for (int i = 0; i < 5; i++) {
            s = env.step(new float[] {0f});
        }
        assertTrue(s.truncated());
        assertFalse(s.terminated());
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordEpisodeStatistics_reportsReturnLengthAndTime() {
        var env = new RecordEpisodeStatistics<>(Envs.<float[], Integer>make("CartPole-v1"));
        env.reset(0);
        Step<float[]> s;
        int n = 0;
        do {
            s = env.step(1);
            n++;
        } while (!s.done());
        Map<String, Object> ep = (Map<String, Object>) s.info().get("episode");
        assertEquals((double) n, ep.get("r"));
        assertEquals(n, ep.get("l"));
        assertTrue((Double) ep.get("t") >= 0);
        assertEquals(n, env.lastLength());
    }

    @Test
    void clipAction_clipsIntoTheInnerBox() {
        var env = new ClipAction<>(new Pendulum());
        env.reset(0);
        double[] before = ((Pendulum) env.unwrapped()).state();
        Step<float[]> clipped = env.step(new float[] {100f});
        var ref = new Pendulum();
        ref.reset(0);
        assertArrayEquals(before, ref.state());
        assertEquals(ref.step(new float[] {2f}).reward(), clipped.reward(), 0.0);
    }

    @Test
    void rescaleAction_mapsMinusOneOneOntoTheBox() {
        var env = new RescaleAction<>(new Pendulum(), -1f, 1f);
        var ref = new Pendulum();
        env.reset(5);
        ref.reset(5);
        assertEquals(ref.step(new float[] {1f}).reward(), env.step(new float[] {0.5f}).reward(), 1e-12);
        assertEquals(new Box(-1f, 1f, 1), env.actionSpace());
    }

    @Test
    void normalizeObservation_matchesRunningMeanVar_andStatisticsRestore() {
        var env = new NormalizeObservation<>(new CartPole());
        float[] raw = new CartPole().reset(9).observation();
        float[] norm = env.reset(9).observation();
        // after one update from mean 0, var 1, count 1e-4: mean = x * 1/(1+1e-4), var = (1e-4 + x^2*1e-4/(1+1e-4))/(1+1e-4)
        for (int i = 0; i < 4; i++) {
            double c = 1e-4;
            double tot = c + 1;
            double mean = raw[i] / tot;
            double var = (c + (double) raw[i] * raw[i] * c / tot) / tot;
            assertEquals((float) ((raw[i] - mean) / Math.sqrt(var + 1e-8)), norm[i], 1e-6);
        }
        for (int i = 0; i < 20; i++) {
            if (env.step(i % 2).done()) {
                env.reset();
            }
        }
        double[] saved = env.statistics().toArray();
        var restored = new NormalizeObservation<>(new CartPole());
        restored.statistics().fromArray(saved);
        restored.setUpdating(false);
        env.setUpdating(false);
        assertArrayEquals(env.reset(4).observation(), restored.reset(4).observation());
    }

    @Test
    void normalizeReward_dividesByTheStdOfTheDiscountedReturn() {
        var env = new NormalizeReward<>(new CartPole(), 0.9, 1e-8);
        env.reset(0);
        RunningMeanStd ref = new RunningMeanStd(1);
        double g = 0;
        for (int i = 0; i < 5; i++) {
            Step<float[]> s = env.step(i % 2);
            g = g * 0.9 + 1.0;
            ref.update(g);
            assertEquals(1.0 / Math.sqrt(ref.var(0) + 1e-8), s.reward(), 1e-12);
        }
        assertArrayEquals(ref.toArray(), env.statistics().toArray());
    }

    @Test
    void transformAndClipReward() {
        var env = new ClipReward<>(new TransformReward<>(new CartPole(), r -> r * 10), -1, 2);
        env.reset(0);
        assertEquals(2.0, env.step(0).reward());
    }

    @Test
    void frameStack_keepsTheLastFramesOldestFirst() {
        var env = new FrameStack<>(new CartPole(), 3);
        float[] r = env.reset(1).observation();
        assertEquals(12, r.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(r, 0, 4), java.util.Arrays.copyOfRange(r, 8, 12));
        float[] s1 = env.step(1).observation();
        float[] s2 = env.step(1).observation();
        assertArrayEquals(java.util.Arrays.copyOfRange(s1, 8, 12), java.util.Arrays.copyOfRange(s2, 4, 8));
        assertArrayEquals(new int[] {3, 4}, env.observationSpace().shape());
        assertTrue(env.observationSpace().contains(s2));
    }

    @Test
    void flattenObservation_oneHotsDiscreteObservations() {
        var echo = Envs.<Integer, Integer>make("testplugin/Echo-v0");
        var env = new FlattenObservation<>(echo);
        float[] o = env.reset(3).observation();
        assertEquals(3, o.length);
        assertEquals(1f, o[0] + o[1] + o[2]);
        assertTrue(env.observationSpace().contains(o));
        assertEquals(new Discrete(3), echo.observationSpace());
    }

    @Test
    void transformObservation_usesTheDeclaredSpace() {
        var env = new TransformObservation<>(new CartPole(), o -> new float[] {o[0] * 2}, new Box(-10f, 10f, 1));
        float[] o = env.reset(2).observation();
        assertEquals(1, o.length);
        assertTrue(env.observationSpace().contains(o));
    }
}
