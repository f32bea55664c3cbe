package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.cli.WindowKeys.Key;
import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The headless parts of {@code bellman play --human} in a window: held keys to actions, frame pacing, flag errors. */
class HumanWindowPlayTest {

    @Test
    void carRacingKeysHeldDown_steerGasAndBrakeAsGymnasiumsDemo() {
        WindowKeys car = WindowKeys.of("CarRacing-v3").orElseThrow();
        assertArrayEquals(new float[] {0f, 0f, 0f}, (float[]) car.action(List.of()));
        assertArrayEquals(new float[] {-1f, 0f, 0f}, (float[]) car.action(List.of(Key.LEFT)));
        assertArrayEquals(new float[] {1f, 1f, 0f}, (float[]) car.action(List.of(Key.UP, Key.RIGHT)));
        assertArrayEquals(new float[] {0f, 0f, 0.8f}, (float[]) car.action(List.of(Key.DOWN)));
        assertArrayEquals(new float[] {0f, 1f, 0.8f}, (float[]) car.action(List.of(Key.LEFT, Key.UP, Key.RIGHT,
                Key.DOWN)));
    }

    @Test
    void landerKeys_mainEngineAndOrientationEngines() {
        WindowKeys lander = WindowKeys.of("LunarLander-v3").orElseThrow();
        assertEquals(0, lander.action(List.of())); // do nothing
        assertEquals(2, lander.action(List.of(Key.UP))); // main engine
        assertEquals(1, lander.action(List.of(Key.UP, Key.LEFT))); // the latest press wins: left orientation engine
        assertEquals(3, lander.action(List.of(Key.RIGHT)));
        WindowKeys continuous = WindowKeys.of("LunarLanderContinuous-v3").orElseThrow();
        assertArrayEquals(new float[] {1f, -1f}, (float[]) continuous.action(List.of(Key.LEFT, Key.UP)));
        assertArrayEquals(new float[] {0f, 0f}, (float[]) continuous.action(List.of(Key.LEFT, Key.RIGHT)));
        WindowKeys car = WindowKeys.of("MountainCar-v0").orElseThrow();
        assertEquals(2, car.action(List.of(Key.RIGHT, Key.UP))); // up has no action there: the earlier right counts
        assertEquals(1, car.action(List.of()));
        assertTrue(WindowKeys.of("FrozenLake-v1").isEmpty());
        assertEquals(Key.UP, WindowKeys.key(KeyEvent.VK_W).orElseThrow());
        assertEquals(Key.LEFT, WindowKeys.key(KeyEvent.VK_LEFT).orElseThrow());
        assertTrue(WindowKeys.key(KeyEvent.VK_SPACE).isEmpty());
    }

    /** A clock that advances only when slept on or told to (the step's own work). */
    private static final class FakeClock implements FramePacer.Clock {
        long now = 1_000;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void framePacer_stepsAtTheFrameRate_andDoesNotBurstAfterASlowStep() throws Exception {
        FakeClock clock = new FakeClock();
        FramePacer pacer = new FramePacer(50, clock);
        long period = 20_000_000L;
        assertEquals(period, pacer.periodNanos());
        assertEquals(0, pacer.awaitNextFrame()); // the first frame at once
        clock.now += 5_000_000L; // a 5 ms step
        assertEquals(15_000_000L, pacer.awaitNextFrame());
        long t = clock.now;
        clock.now += 50_000_000L; // a slow 50 ms step: no sleep, and the next period starts from now
        assertEquals(0, pacer.awaitNextFrame());
        clock.now += 1_000_000L;
        assertEquals(19_000_000L, pacer.awaitNextFrame());
        assertEquals(t + 50_000_000L + period, clock.now);
    }

    @Test
    void windowFlags_errors() {
        Cli r = Cli.run("play", "--human", "--window", "--terminal", "--env", "LunarLander-v3");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--window and --terminal contradict each other"), r.err());
        r = Cli.run("play", "--human", "--window", "--env", "FrozenLake-v1");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("env FrozenLake-v1 has no window controls for --human; envs played in a window:"
                + " LunarLander-v3, LunarLanderContinuous-v3, CarRacing-v3"), r.err());
        r = Cli.run("play", "--window", "--run-dir", "nowhere");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--window is for --human; drop it."), r.err());
    }

    @Test
    void windowOnAHeadlessMachine_isAOneLineError() {
        Assumptions.assumeFalse(HumanWindow.displayAvailable(), "a display exists here");
        Cli r = Cli.run("play", "--human", "--window", "--env", "LunarLander-v3");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--window needs a display, but this Java runs headless (no DISPLAY, or"
                + " -Djava.awt.headless=true)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
