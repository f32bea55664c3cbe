package dev.bellman.envs.minatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import dev.bellman.env.wrappers.AtariPreprocessing;
import dev.bellman.env.wrappers.FrameStackObservation;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code pixels} kwarg of the MinAtar ids: Atari-style stacked 84x84 screens for the Nature CNN. */
class MinAtarPixelsTest {

    @Test
    void pixels_givesTheStackedPreprocessedScreens_asTheWrappersByHand() {
        Env<byte[], Integer> made = Envs.make("MinAtar/BreakoutPixels-v1");
        ByteBox space = (ByteBox) made.observationSpace();
        assertArrayEquals(new int[] {4, 84, 84}, space.shape());
        Env<byte[], Integer> byHand = new FrameStackObservation<>(AtariPreprocessing.of(new MinAtarEnv(
                MinAtarEnv.Game.BREAKOUT, true), AtariPreprocessing.Config.DEFAULTS.withFrameSkip(1)), 4);
        byte[] a = made.reset(5L).observation();
        assertArrayEquals(byHand.reset(5L).observation(), a);
        int lit = 0;
        for (int i = 3 * 84 * 84; i < a.length; i++) {
            lit += a[i] != 0 ? 1 : 0;
        }
        assertTrue(lit > 84 * 84 / 20, "the newest frame shows the paddle, the ball and the bricks: " + lit);
        for (int t = 0; t < 50; t++) {
            int action = t % 3;
            Step<byte[]> s = made.step(action);
            Step<byte[]> h = byHand.step(action);
            assertArrayEquals(h.observation(), s.observation(), "step " + t);
            assertEquals(h.reward(), s.reward(), "step " + t);
            assertEquals(h.terminated(), s.terminated(), "step " + t);
            if (s.terminated()) {
                break;
            }
        }
    }

    @Test
    void frameSkipAndStack_areKwargs_andRefusedWithoutPixels() {
        Env<byte[], Integer> env = Envs.make("MinAtar/SpaceInvaders-v0",
                Map.of("pixels", true, "frame_skip", 2, "stack_num", 2, "noop_max", 0));
        assertArrayEquals(new int[] {2, 84, 84}, ((ByteBox) env.observationSpace()).shape());
        env.reset(1L);
        env.step(0);
        Env<byte[], Integer> freeway = Envs.make("MinAtar/Freeway-v1", Map.of("pixels", true));
        assertArrayEquals(new int[] {4, 84, 84}, ((ByteBox) freeway.observationSpace()).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("MinAtar/Breakout-v1", Map.of("stack_num", 2)));
        assertTrue(e.getMessage().contains("stack_num 2") && e.getMessage().contains("set pixels=true"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("MinAtar/Breakout-v1", Map.of("pixels", true, "frame_skip", 0)));
        assertEquals("frame_skip must be an integer >= 1 but was 0", bad.getMessage());
    }
}
