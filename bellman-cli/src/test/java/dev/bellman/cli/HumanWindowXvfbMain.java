package dev.bellman.cli;

import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.awt.Frame;
import java.awt.IllegalComponentStateException;
import java.awt.Point;
import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.swing.SwingUtilities;

/**
 * Run by {@link HumanWindowXvfbTest} in a JVM whose {@code DISPLAY} is an Xvfb server: plays LunarLander-v3 in the real
 * window and types on it with {@link Robot} (nothing, then up held, then a held, each for five steps, then Esc), and
 * writes to {@code args[0]} the actions the env received (one line), the seconds played (one line) and the play's output.
 */
public final class HumanWindowXvfbMain {
    private HumanWindowXvfbMain() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Main.configureAwt(new String[] {"play", "--human", "--env", "LunarLander-v3"}); // as bellman's main does
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        Env<Object, Object> env = (Env<Object, Object>) EnvCatalog.make("LunarLander-v3", Map.of());
        Env<Object, Object> spy = new Wrapper<Object, Object, Object, Object>(env) {
            @Override
            public Step<Object> step(Object action) {
                received.add(action);
                return super.step(action);
            }
        };
        StringWriter log = new StringWriter();
        int[] rc = {-1};
        Thread player = new Thread(() -> rc[0] = HumanEnvPlay.playInWindow(spy,
                WindowKeys.of("LunarLander-v3").orElseThrow(), 1, 0, null, new PrintWriter(log, true),
                FramePacer.SYSTEM));
        long t0 = System.nanoTime();
        player.start();
        // find the window and its place on the EDT: read from this thread, a window can look showing before its peer
        // is seen, and getLocationOnScreen then throws (it did once in CI)
        Frame[] window = new Frame[1];
        Point[] at = new Point[1];
        for (int i = 0; i < 400 && at[0] == null; i++) {
            SwingUtilities.invokeAndWait(() -> {
                for (Frame f : Frame.getFrames()) {
                    if (f.isShowing()) {
                        try {
                            at[0] = f.getLocationOnScreen();
                            window[0] = f;
                        } catch (IllegalComponentStateException notYet) {
                            // not on screen yet: look again
                        }
                    }
                }
            });
            Thread.sleep(25);
        }
        if (at[0] == null) {
            throw new IllegalStateException("no window showed within 10 s");
        }
        Robot robot = new Robot();
        Point p = at[0];
        int width = window[0].getWidth();
        int height = window[0].getHeight();
        robot.mouseMove(p.x + width / 2, p.y + height / 2);
        // hold each key until the env has taken five steps with it (steps are slow on a loaded machine)
        awaitCount(received, 0, 3);
        robot.keyPress(KeyEvent.VK_UP);
        awaitCount(received, 2, 5);
        robot.keyRelease(KeyEvent.VK_UP);
        robot.keyPress(KeyEvent.VK_A);
        awaitCount(received, 1, 5);
        robot.keyRelease(KeyEvent.VK_A);
        robot.keyPress(KeyEvent.VK_ESCAPE);
        robot.keyRelease(KeyEvent.VK_ESCAPE);
        player.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Object> acts;
        synchronized (received) {
            acts = new ArrayList<>(received);
        }
        Files.writeString(Path.of(args[0]), acts.stream().map(String::valueOf).collect(Collectors.joining(","))
                + "\n" + seconds + "\nrc " + rc[0] + "\n" + log, StandardCharsets.UTF_8);
        System.exit(0);
    }

    /** Waits (at most 20 s) until {@code received} holds {@code n} actions equal to {@code action}. */
    private static void awaitCount(List<Object> received, int action, int n) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            synchronized (received) {
                if (received.stream().filter(a -> a.equals(action)).count() >= n) {
                    return;
                }
            }
            Thread.sleep(10);
        }
    }
}
