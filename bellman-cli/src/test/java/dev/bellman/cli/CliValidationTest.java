package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 25, findings 8 to 10: every value is checked before anything is created (exit 2, a message naming the value,
 * no run directory), file-system and memory failures are one paragraph naming the path or the size (no stack trace
 * without --debug), and the smaller items (duplicate YAML keys, env keyword arguments, cut-off CSV rows, --gif onto
 * a directory).
 */
class CliValidationTest {
    @TempDir
    Path tmp;

    private static void assertOneParagraph(Cli r, int code, String... fragments) {
        assertEquals(code, r.exitCode(), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in\n" + r);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug:\n" + r);
        assertFalse(r.err().contains("Exception"), "no Java exception names:\n" + r);
        assertEquals(1, r.err().strip().lines().count(), "one paragraph:\n" + r);
    }

    private static String[] args(String line, Path runDir) {
        List<String> a = new ArrayList<>(List.of("train", "--run-dir", runDir.toString(), "--eval-episodes", "0",
                "--no-plot"));
        a.addAll(List.of(line.trim().split("\\s+")));
        return a.toArray(String[]::new);
    }

    // finding 8: bad values that today fail only inside an algorithm, after the run directory exists

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--algo ppo --env CartPole-v1 --num-envs 1000000 --total-timesteps 2000 | 1000000",
            "--algo dqn --env CartPole-v1 --set buffer-size=2000000000 | buffer-size 2000000000",
            "--algo dqn --env CartPole-v1 --set net-arch=0 | [0]",
            "--algo dqn --env CartPole-v1 --set net-arch=a,b | 'a,b'",
            "--algo ppo --env CartPole-v1 --set num-minibatches=1000 | 1000",
            "--algo q-learning --env FrozenLake-v1 --set initial-q=NaN | NaN",
            "--algo sarsa --env FrozenLake-v1 --set initial-q=Infinity | Infinity",
            "--algo ppo --env CartPole-v1 --set hidden-size=2147483647 | hidden-size 2147483647",
            "--algo dqn --env CartPole-v1 --set net-arch=100000,100000 | net-arch 100000,100000",
            "--algo dqn --env CartPole-v1 --set torso=nature-cnn | nature-cnn",
            "--algo ddpg --env Pendulum-v1 --set net-arch=0,64 | [0, 64]",
            "--algo td3 --env Pendulum-v1 --set net-arch=x | 'x'",
            "--algo sac --env Pendulum-v1 --set buffer-size=2000000000 --total-timesteps 1000000000 | buffer-size 2000000000",
            "--algo a2c --env CartPole-v1 --num-envs 100000000 --set num-steps=100 | num-envs 100000000",
            "--algo a3c --env CartPole-v1 --set num-workers=1000000 --set num-envs=1000 --set num-steps=5 | num-workers 1000000",
            "--algo trpo --env CartPole-v1 --num-envs 100000000 --set num-steps=100 | num-envs 100000000",
            "--algo reinforce --env CartPole-v1 --num-envs 2000000000 | num-envs 2000000000",
            "--algo value-iteration --env FrozenLake-v1 --set tolerance=0 | tolerance",
            "--algo policy-iteration --env FrozenLake-v1 --set gamma=1 --set max-iterations=0 | max-iterations",
            "--algo expected-sarsa --env FrozenLake-v1 --set initial-q=-Infinity | -Infinity",
    })
    void train_valueTheAlgorithmRefuses_exits2NamingIt_andCreatesNoRunDirectory(String line, String named) {
        Path dir = tmp.resolve("run");
        Cli r = Cli.run(args(line, dir));
        assertOneParagraph(r, 2, named);
        assertFalse(Files.exists(dir), "no run directory for a run that cannot start:\n" + r);
    }

    @Test
    void train_runLargerThanTheHeap_exits2WithTheSizeAndTheJavaOptsHint_andCreatesNothing() {
        Path dir = tmp.resolve("run");
        // 200 M transitions of 4 floats, twice: 6 GiB (8.6 GiB in all), above the tests' 4 GiB heap (surefire argLine)
        assumeTrue(Runtime.getRuntime().maxMemory() < (8L << 30), "needs a heap below 8 GiB, as the build gives");
        Cli r = Cli.run(args("--algo dqn --env CartPole-v1 --set buffer-size=200000000", dir));
        assertOneParagraph(r, 2, "buffer-size 200000000", "GiB of memory", "BELLMAN_JAVA_OPTS=-Xmx");
        assertFalse(Files.exists(dir), r.toString());
    }

    @Test
    void resume_configEditedToAnUnusableValue_exits2BeforeTouchingTheRun() throws IOException {
        Path dir = tmp.resolve("run");
        Cli first = Cli.run(args("--algo ppo --env CartPole-v1 --total-timesteps 256", dir));
        assertEquals(0, first.exitCode(), first.toString());
        Files.delete(dir.resolve(RunDir.SUMMARY)); // as if interrupted
        Path config = dir.resolve(RunDir.CONFIG);
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) Files2.JSON.readTree(config.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("hyperparameters")).put("num-minibatches", 1000);
        Files2.writeJson(config, json);
        byte[] metrics = Files.readAllBytes(dir.resolve(RunDir.METRICS));

        Cli r = Cli.run("train", "--resume", dir.toString(), "--no-plot");
        assertOneParagraph(r, 2);
        // the preflight names the value; a check of the config's identity (an edited config.json) may refuse it first
        assertTrue(r.err().contains("numMinibatches = 1000") || r.err().contains("num-minibatches"), r.toString());
        assertTrue(java.util.Arrays.equals(metrics, Files.readAllBytes(dir.resolve(RunDir.METRICS))), "metrics.csv untouched");
    }

    // finding 9: raw Java errors

    @Test
    void train_runDirectoryUnderARegularFile_exits2NamingThePath() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --total-timesteps 100", file.resolve("run")));
        assertOneParagraph(r, 2, file.toString(), "not a directory");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void train_runDirectoryNameTooLong_exits2NamingThePath() {
        Path dir = tmp.resolve("x".repeat(300));
        Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --total-timesteps 100", dir));
        assertOneParagraph(r, 2, "x".repeat(300), "too long");
    }

    @Test
    void train_runDirectoryThroughASymlinkLoop_exits2NamingThePath() throws IOException {
        Files.createSymbolicLink(tmp.resolve("a"), tmp.resolve("b"));
        Files.createSymbolicLink(tmp.resolve("b"), tmp.resolve("a"));
        Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --total-timesteps 100", tmp.resolve("a/run")));
        assertOneParagraph(r, 2, tmp.resolve("a").toString(), "loop of symbolic links");
    }

    @Test
    void train_fileSystemError_withDebug_showsTheStackTrace() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --total-timesteps 100 --debug", file.resolve("run")));
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("\tat "), r.toString());
    }

    @Test
    void train_readOnlyFileSystem_exits2NamingThePath() throws Exception {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        assumeTrue(mount(ro, "size=64k,ro"), "mounting a tmpfs needs root (CI runs as root)");
        try {
            Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --total-timesteps 100", ro.resolve("run")));
            assertOneParagraph(r, 2, ro.resolve("run").toString(), "read-only");
        } finally {
            umount(ro);
        }
    }

    @Test
    void train_diskFull_exits1NamingTheFile_andLeavesNoTempFiles() throws Exception {
        Path small = Files.createDirectory(tmp.resolve("small"));
        assumeTrue(mount(small, "size=48k"), "mounting a tmpfs needs root (CI runs as root)");
        try {
            Path dir = small.resolve("run");
            // the model (a 120-84 Q-network, ~45 KB) does not fit in the 48 KiB left after config and metrics
            Cli r = Cli.run(args("--algo dqn --env CartPole-v1 --total-timesteps 200 --checkpoint-frequency 0"
                    + " --set learning-starts=100", dir));
            assertEquals(1, r.exitCode(), r.toString());
            String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("bellman train: the disk is full: could not write " + dir), r.toString());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.toString());
            try (Stream<Path> s = Files.walk(small)) {
                List<Path> temps = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
                assertEquals(List.of(), temps, "temp files of atomic writes are deleted");
            }
            Cli plot = Cli.run("plot", dir.toString(), "--out", tmp.resolve("curve.png").toString());
            assertEquals(0, plot.exitCode(), "the next plot still works:\n" + plot);
        } finally {
            umount(small);
        }
    }

    @Test
    void config_largerThanAnyConfigFile_exits2WithoutReadingItAll() {
        Path dir = tmp.resolve("run");
        Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --config /dev/zero", dir));
        assertOneParagraph(r, 2, "/dev/zero", "larger than");
        assertFalse(Files.exists(dir));
    }

    @Test
    void outOfMemoryInsideTraining_exits1WithTheHeapAndTheHint_noTrace() throws Exception {
        Path dir = tmp.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx40m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        // passes the estimate (a lower bound) but not the real allocations of 3000 envs' rollouts and minibatch graphs
        cmd.addAll(List.of(args("--algo ppo --env CartPole-v1 --num-envs 3000 --total-timesteps 10000000", dir)));
        Path log = tmp.resolve("oom.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        String out = Files.readString(log);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("ran out of memory"), out);
        assertTrue(out.contains("BELLMAN_JAVA_OPTS=-Xmx"), out);
        assertFalse(out.contains("\tat "), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
    }

    // point 10

    @Test
    void config_duplicateKey_exits2NamingKeyAndFile() throws IOException {
        Path cfg = Files.writeString(tmp.resolve("c.yaml"), "learning-rate: 0.1\ngamma: 0.9\nlearning-rate: 0.5\n");
        Path dir = tmp.resolve("run");
        Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --config " + cfg, dir));
        assertOneParagraph(r, 2, cfg.toString(), "'learning-rate' twice", "line 3");
        assertFalse(Files.exists(dir));
    }

    @Test
    void envKwarg_emptyDesc_exits2NamingItAndTheAcceptedKeys() {
        Path dir = tmp.resolve("run");
        Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --env-kwarg desc=[]", dir));
        assertOneParagraph(r, 2, "desc", "map_name, is_slippery");
        assertFalse(Files.exists(dir));
    }

    @Test
    void envKwarg_unusableValue_exits2NamingItAndTheAcceptedKeys() {
        Cli r = Cli.run(args("--algo q-learning --env FrozenLake-v1 --env-kwarg map_name=5x5", tmp.resolve("run")));
        assertOneParagraph(r, 2, "5x5", "desc, map_name, is_slippery");
    }

    private Path trainedRun() {
        Path dir = tmp.resolve("trained");
        Cli r = Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--total-timesteps", "3000",
                "--eval-episodes", "1", "--no-plot", "--run-dir", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        return dir;
    }

    @Test
    void plot_cutOffLastLine_isSkippedWithAWarningNamingFileAndLine() throws IOException {
        Path dir = trainedRun();
        Path csv = dir.resolve(RunDir.METRICS);
        String text = Files.readString(csv);
        long lines = text.lines().count();
        Files.writeString(csv, text + "3001,0.5"); // a row cut off: two cells, no newline
        Cli r = Cli.run("plot", dir.toString(), "--out", tmp.resolve("c.png").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("warning: " + csv + " line " + (lines + 1) + " is incomplete"), r.toString());
        assertTrue(Files.size(tmp.resolve("c.png")) > 0);
    }

    @Test
    void plot_cutOffRowInTheMiddle_exits2NamingFileAndLine() throws IOException {
        Path dir = trainedRun();
        Path csv = dir.resolve(RunDir.METRICS);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        assertTrue(lines.size() > 5, "a few rows: " + lines.size());
        lines.set(3, lines.get(3).substring(0, lines.get(3).indexOf(',') + 2));
        Files.write(csv, lines);
        Cli r = Cli.run("plot", dir.toString(), "--out", tmp.resolve("c.png").toString());
        assertOneParagraph(r, 2, csv.toString(), "line 4");
        assertFalse(Files.exists(tmp.resolve("c.png")));
    }

    @Test
    void play_gifOntoADirectory_exits2AndLeavesTheDirectory() throws IOException {
        Path dir = trainedRun();
        Path target = Files.createDirectory(tmp.resolve("frames"));
        Files.writeString(target.resolve("keep.txt"), "mine");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        for (Path d : List.of(target, empty)) {
            Cli r = Cli.run("play", "--run-dir", dir.toString(), "--gif", d.toString());
            assertOneParagraph(r, 2, d.toString(), "is a directory");
            assertTrue(Files.isDirectory(d), r.toString());
        }
        assertEquals("mine", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void play_gif_isWrittenWithoutLeavingTempFiles() throws IOException {
        Path dir = trainedRun();
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("lake.gif"), "old");
        Cli r = Cli.run("play", "--run-dir", dir.toString(), "--gif", out.resolve("lake.gif").toString());
        assertEquals(0, r.exitCode(), r.toString());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(out.resolve("lake.gif")), s.toList());
        }
        assertTrue(Files.size(out.resolve("lake.gif")) > 100, "replaced by the GIF");
    }

    private static boolean mount(Path at, String options) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static void umount(Path at) throws Exception {
        new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
}
