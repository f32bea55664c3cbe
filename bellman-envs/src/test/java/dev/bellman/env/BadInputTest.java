package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each misuse fails with a message naming the value and the space. */
class BadInputTest {

    @Test
    void step_beforeReset_throws() {
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        var e = assertThrows(IllegalStateException.class, () -> env.step(0));
        assertTrue(e.getMessage().contains("before reset"), e.getMessage());
    }

    @Test
    void step_afterTermination_throws() {
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        env.reset(0);
        Step<float[]> s;
        do {
            s = env.step(1); // always pushing right topples the pole
        } while (!s.done());
        assertTrue(s.terminated());
        var e = assertThrows(IllegalStateException.class, () -> env.step(1));
        assertTrue(e.getMessage().contains("after the episode ended"), e.getMessage());
        env.reset();
        env.step(1); // fine again after reset
    }

    @Test
    void step_afterTruncation_throws() {
        Env<float[], float[]> env = Envs.make("Pendulum-v1", Map.of(), 1);
        env.reset(0);
        assertTrue(env.step(new float[] {0f}).truncated());
        assertThrows(IllegalStateException.class, () -> env.step(new float[] {0f}));
    }

    @Test
    void step_actionOutsideDiscreteSpace_namesValueAndSpace() {
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        env.reset(0);
        var e = assertThrows(IllegalArgumentException.class, () -> env.step(2));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("Discrete(2)"), e.getMessage());
    }

    @Test
    void step_actionOutsideBox_namesValueAndSpace() {
        Env<float[], float[]> env = Envs.make("Pendulum-v1");
        env.reset(0);
        var e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {3f}));
        assertTrue(e.getMessage().contains("[3.0]") && e.getMessage().contains("Box(-2.0, 2.0"), e.getMessage());
        var wrongShape = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0f, 0f}));
        assertTrue(wrongShape.getMessage().contains("[0.0, 0.0]"), wrongShape.getMessage());
    }

    @Test
    void step_nanAction_namesNaNAndSpace() {
        Env<float[], float[]> env = Envs.make("MountainCarContinuous-v0");
        env.reset(0);
        var e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {Float.NaN}));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("Box(-1.0, 1.0"), e.getMessage());
    }

    @Test
    void rawEnv_rejectsBadActionsToo() {
        var env = new dev.bellman.envs.classic.Pendulum();
        assertThrows(IllegalStateException.class, () -> env.step(new float[] {0f}));
        env.reset(0);
        var e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {Float.NaN}));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("Box"), e.getMessage());
    }

    @Test
    void closeTwice_isFine_andUseAfterCloseFails() {
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        env.reset(0);
        env.close();
        env.close();
        assertThrows(IllegalStateException.class, () -> env.reset(0));
    }

    @Test
    void box_invalidBounds_fail() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Box(new float[] {1f}, new float[] {0f}));
        assertTrue(e.getMessage().contains("low[0]=1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Box(new float[] {Float.NaN}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> new Box(new float[] {0f, 0f}, new float[] {1f}));
        assertThrows(IllegalArgumentException.class, () -> new Discrete(0));
    }

    @Test
    void cartPoleResetOptions_lowAboveHigh_fails() {
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        var e = assertThrows(IllegalArgumentException.class, () -> env.reset(0L, Map.of("low", 0.1, "high", -0.1)));
        assertTrue(e.getMessage().contains("0.1"), e.getMessage());
    }
}
