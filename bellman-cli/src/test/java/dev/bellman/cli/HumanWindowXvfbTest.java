package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bellman play --human} in a real window: an Xvfb X server, a JVM on it ({@link HumanWindowXvfbMain}) that
 * plays LunarLander-v3 in the window while {@link java.awt.Robot} holds keys down, and the actions the env received.
 * Needs the Debian package {@code xvfb} (.ci/apt-packages): skipped without it, failing without it when {@code CI=true}.
 */
class HumanWindowXvfbTest {
    @TempDir
    Path tmp;

    @Test
    void heldKeysReachTheEnvAsActions_atTheFrameRate_andEscStops() throws Exception {
        Path xvfb = onPath("Xvfb");
        if (xvfb == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("Xvfb is not installed; CI needs the Debian package xvfb (.ci/apt-packages lists it)");
            }
            Assumptions.abort("needs the Debian package xvfb (apt-get install -y xvfb) for a display to open the"
                    + " window on; skipped");
        }
        int display = freeDisplay();
        Process server = new ProcessBuilder(xvfb.toString(), ":" + display, "-screen", "0", "1024x768x24", "-nolisten",
                "tcp").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path socket = Path.of("/tmp/.X11-unix/X" + display);
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(socket), "Xvfb :" + display + " did not start");
            Path out = tmp.resolve("actions.txt");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=false",
                    "-cp", System.getProperty("java.class.path"), HumanWindowXvfbMain.class.getName(), out.toString());
            pb.environment().put("DISPLAY", ":" + display);
            Path log = tmp.resolve("child.log");
            Process child = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the window play did not end");
            String childLog = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), childLog);
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            List<Integer> actions = Arrays.stream(lines.get(0).split(",")).map(Integer::valueOf).toList();
            double seconds = Double.parseDouble(lines.get(1));
            String report = "actions " + actions + " in " + seconds + " s; " + String.join(" | ", lines.subList(2,
                    lines.size())) + " " + childLog;
            // nothing held: do nothing (0); up held: the main engine (2); a held: the left orientation engine (1)
            assertEquals(0, actions.get(0), report);
            int firstMain = actions.indexOf(2);
            int firstLeft = actions.indexOf(1);
            assertTrue(firstMain > 0 && firstLeft > firstMain, report);
            assertTrue(actions.stream().filter(a -> a == 2).count() >= 5, report); // each key held for five steps
            assertTrue(actions.stream().filter(a -> a == 1).count() >= 5, report);
            assertTrue(actions.stream().allMatch(a -> a <= 2), report);
            // paced at LunarLander's 50 fps: no more steps than the seconds played allow
            assertTrue(actions.size() <= seconds * 50 * 1.1 + 5, report);
            assertTrue(lines.contains("rc 0") && report.contains("stopped; episode 1 was not finished"), report);
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static int freeDisplay() {
        for (int n = 91; n < 200; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number in :91..:199");
    }
}
