package dev.bellman.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Step;
import dev.bellman.envs.classic.CartPole;
import dev.bellman.envs.classic.Pendulum;
import dev.bellman.envs.minatar.MinAtarEnv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of the pixel wrappers beyond the recorded fixtures: real envs, refusals with clear messages, padding. */
class PixelWrappersTest {

    @Test
    void cartPoleFromPixels_isOneLine_andGivesFramesInsideTheSpace() {
        Env<byte[], Integer> env = AddRenderObservation.pixels(Envs.<float[], Integer>make("CartPole-v1"));
        assertEquals("Box(0, 255, (400, 600, 3), uint8)", env.observationSpace().toString());
        byte[] first = env.reset(0).observation();
        assertTrue(env.observationSpace().contains(first));
        Step<byte[]> s = env.step(1);
        assertTrue(env.observationSpace().contains(s.observation()));
        assertTrue(!java.util.Arrays.equals(first, s.observation()), "the cart moved, so the frame changed");
    }

    @Test
    void atariPreprocessing_onMinAtar_gives84x84BytesAndStacks() {
        var env = new FrameStackObservation<>(AtariPreprocessing.of(new MinAtarEnv(MinAtarEnv.Game.BREAKOUT, true)), 4);
        assertEquals(ByteBox.pixels(4, 84, 84), env.observationSpace());
        Reset<byte[]> r = env.reset(1);
        assertTrue(env.observationSpace().contains(r.observation()));
        for (int i = 0; i < 5; i++) {
            assertTrue(env.observationSpace().contains(env.step(i % 3).observation()));
        }
    }

    @Test
    void terminalOnLifeLoss_withoutLives_isRefusedNamingTheEnv() {
        var e = assertThrows(IllegalArgumentException.class, () -> AtariPreprocessing.of(new CartPole(),
                AtariPreprocessing.Config.DEFAULTS.withTerminalOnLifeLoss(true)));
        assertTrue(e.getMessage().contains("HasLives") && e.getMessage().contains("CartPole"), e.getMessage());
    }

    @Test
    void noopReset_needsDiscreteActions_andConfigNamesBadValues() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Env<?, Integer> pendulum = (Env) new Pendulum();
        var e = assertThrows(IllegalArgumentException.class, () -> AtariPreprocessing.of(pendulum));
        assertTrue(e.getMessage().contains("NOOP"), e.getMessage());
        AtariPreprocessing.of(pendulum, AtariPreprocessing.Config.DEFAULTS.withNoopMax(0)); // accepted without no-ops
        var f = assertThrows(IllegalArgumentException.class, () -> AtariPreprocessing.Config.DEFAULTS.withFrameSkip(0));
        assertEquals("frameSkip must be positive but was 0", f.getMessage());
    }

    @Test
    void resize_refusesUpscaling_andNonImages() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ResizeObservation<>(new PatternEnv(), 300, 84));
        assertTrue(e.getMessage().contains("(300, 84)"), e.getMessage());
        var g = assertThrows(IllegalArgumentException.class, () -> new GrayscaleObservation<>(
                new ResizeObservation<>(new GrayscaleObservation<>(new PatternEnv()), 84, 84)));
        assertTrue(g.getMessage().contains("(84, 84)"), g.getMessage());
    }

    @Test
    void frameStack_floatBox_zeroAndCustomPadding_oldestFirst() {
        var zero = new FrameStackObservation<>(new CartPole(), 3, "zero");
        assertArrayEquals(new int[] {3, 4}, zero.observationSpace().shape());
        float[] o = zero.reset(0).observation();
        float[] first = new CartPole().reset(0).observation();
        float[] expected = new float[12];
        System.arraycopy(first, 0, expected, 8, 4);
        assertArrayEquals(expected, o);
        float[] next = zero.step(0).observation();
        assertArrayEquals(java.util.Arrays.copyOfRange(o, 4, 12), java.util.Arrays.copyOfRange(next, 0, 8));

        var custom = FrameStackObservation.withPadding(new CartPole(), 2, new float[] {1f, 2f, 0.25f, 4f});
        float[] c = custom.reset(0).observation();
        assertArrayEquals(new float[] {1f, 2f, 0.25f, 4f}, java.util.Arrays.copyOfRange(c, 0, 4));
        var bad = assertThrows(IllegalArgumentException.class, () -> new FrameStackObservation<>(new CartPole(), 2, "zeros"));
        assertTrue(bad.getMessage().contains("\"zeros\""), bad.getMessage());
    }

    @Test
    void transformObservation_keepingSpace_andClipReward_oneSided() {
        var t = TransformObservation.keepingSpace(new PatternEnv(), o -> {
            byte[] inv = new byte[o.length];
            for (int i = 0; i < o.length; i++) inv[i] = (byte) (255 - (o[i] & 0xFF));
            return inv;
        });
        assertEquals(new PatternEnv().observationSpace(), t.observationSpace());
        byte[] raw = new PatternEnv().reset(0).observation();
        assertEquals(255 - (raw[7] & 0xFF), t.reset(0).observation()[7] & 0xFF);
        var clip = new ClipReward<>(new PatternEnv(), Double.NEGATIVE_INFINITY, 0.5);
        clip.reset(0);
        assertEquals(0.5, clip.step(3).reward(), 0.0); // t=1: (1 % 3) - 1 + 1.5 = 1.5, clipped to 0.5
        assertEquals(0.5, clip.step(0).reward(), 0.0); // t=2: 1, clipped to 0.5
        assertEquals(-1.0, clip.step(0).reward(), 0.0); // t=3: -1, no lower bound
    }

    @Test
    void embeddingDocExample_compilesAndGivesTheDocumentedSpaces() {
        Env<byte[], Integer> pixels = AddRenderObservation.pixels(Envs.make("CartPole-v1"));
        Env<byte[], Integer> atari = new FrameStackObservation<>(
                AtariPreprocessing.of(Envs.make("MinAtar/Breakout-v1")), 4);
        assertEquals(ByteBox.pixels(400, 600, 3), pixels.observationSpace());
        assertEquals(ByteBox.pixels(4, 84, 84), atari.observationSpace());
        assertTrue(atari.observationSpace().contains(atari.reset(0).observation()));
    }

    private static List<String> play(Env<byte[], Integer> env, int steps) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            Step<byte[]> s = env.step(k % 4);
            out.add(PixelWrappersFixtureTest.sha(s.observation()) + " " + s.reward() + " " + s.terminated());
            if (s.done()) {
                out.add("reset " + PixelWrappersFixtureTest.sha(env.reset().observation()));
            }
        }
        return out;
    }

    @Test
    void snapshotChain_ofStackedAtariFrames_resumesTheSameTrajectory_noopDrawsIncluded() {
        var config = AtariPreprocessing.Config.DEFAULTS.withTerminalOnLifeLoss(true);
        Env<byte[], Integer> a = new FrameStackObservation<>(AtariPreprocessing.of(new PatternEnv(), config), 4);
        a.reset(5);
        play(a, 9);
        List<long[]> snap = Snapshottable.snapshotChain(a);
        assertEquals(3, snap.size());
        List<String> expected = play(a, 40); // crosses several life losses and unseeded resets with fresh no-op draws
        Env<byte[], Integer> b = new FrameStackObservation<>(AtariPreprocessing.of(new PatternEnv(), config), 4);
        Snapshottable.restoreChain(b, snap);
        assertEquals(expected, play(b, 40));

        // lives only matter when play goes on after a life-loss termination (no reset): keep stepping one episode
        var c = AtariPreprocessing.of(new PatternEnv(), config.withNoopMax(0));
        c.reset(1);
        int k = 0;
        while (!c.step(1).terminated()) {
            k++;
        }
        assertEquals(7, k, "life lost at frame 30 = step 8 of 4 frames");
        var d = AtariPreprocessing.of(new PatternEnv(), config.withNoopMax(0));
        Snapshottable.restoreChain(d, Snapshottable.snapshotChain(c));
        for (int i = 0; i < 5; i++) {
            assertEquals(c.step(1).terminated(), d.step(1).terminated(), "step " + i + " after the life loss");
        }
    }

    @Test
    void envChecker_findsNoProblem_inThePixelPipelines() {
        assertEquals(List.of(), dev.bellman.env.EnvChecker.problems(() -> new FrameStackObservation<>(
                AtariPreprocessing.of(Envs.make("MinAtar/Breakout-v1")), 4), 60));
        assertEquals(List.of(), dev.bellman.env.EnvChecker.problems(() -> AtariPreprocessing.scaled(
                Envs.make("MinAtar/SpaceInvaders-v0"), AtariPreprocessing.Config.DEFAULTS.withGrayscale(false, false)), 30));
        assertEquals(List.of(), dev.bellman.env.EnvChecker.problems(() -> new ResizeObservation<>(
                new GrayscaleObservation<>(AddRenderObservation.pixels(Envs.make("CartPole-v1")), true), 84, 84), 30));
    }
}
