package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.cluster.ClusterSecret;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs on loopback: a {@code bellman cluster learner} process running IMPALA on CartPole-v1 and two
 * {@code bellman cluster actor} processes; one actor is killed (SIGKILL) mid-run. The learner must notice ("actor ...
 * left"), finish its budget with the other actor, write its run directory and have learned (greedy evaluation far
 * above a random policy's ~22), and the surviving actor must stop cleanly when the learner finishes.
 */
class ClusterProcessesTest {
    private static final long STEPS = 30_000;

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    private Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-XX:+UseSerialGC", "-Dbellman.threads=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean await(BooleanSupplier c, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void learnerFinishesAndLearnsWhenOneOfTwoActorJvmsIsKilled() throws Exception {
        long t0 = System.nanoTime();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path secret = tmp.resolve("cluster.secret");
        Files.writeString(secret, HexFormat.of().formatHex(ClusterSecret.generate()) + "\n");
        Path run = tmp.resolve("run");
        Path learnerLog = tmp.resolve("learner.log"), a1Log = tmp.resolve("actor1.log"), a2Log = tmp.resolve("actor2.log");
        try {
            Process learner = start(learnerLog, "cluster", "learner", "--algo", "impala", "--env", "CartPole-v1",
                    "--actors", "2", "--total-timesteps", Long.toString(STEPS), "--run-dir", run.toString(),
                    "--port", Integer.toString(port), "--secret-file", secret.toString(), "--no-plot",
                    "--eval-episodes", "10", "--progress-interval", "1");
            String join = "127.0.0.1:" + port;
            assertTrue(await(() -> read(learnerLog).contains("listening on"), 60_000), read(learnerLog));
            Process a1 = start(a1Log, "cluster", "actor", "--join", join, "--secret-file", secret.toString());
            Process a2 = start(a2Log, "cluster", "actor", "--join", join, "--secret-file", secret.toString());
            assertTrue(await(() -> read(a1Log).contains("joined the learner") && read(a2Log).contains("joined the learner"),
                    60_000), "both actors join:\n" + read(learnerLog) + "\n--\n" + read(a1Log) + "\n--\n" + read(a2Log));
            // let both contribute, then kill one without warning
            assertTrue(await(() -> read(learnerLog).matches("(?s).*step [1-9]\\d{3,}/.*"), 60_000), read(learnerLog));
            a2.destroyForcibly();
            assertTrue(learner.waitFor(120, TimeUnit.SECONDS), "the learner finishes:\n" + read(learnerLog));
            String out = read(learnerLog);
            assertEquals(0, learner.exitValue(), out);
            assertTrue(out.contains("left (member"), "the learner noticed the dead actor:\n" + out);
            assertTrue(a1.waitFor(30, TimeUnit.SECONDS), read(a1Log));
            assertEquals(0, a1.exitValue(), read(a1Log));
            assertTrue(read(a1Log).contains("the run finished"), read(a1Log));

            JsonNode summary = RunDir.readJson(run, RunDir.SUMMARY);
            assertEquals(STEPS, summary.get("total_timesteps").asLong());
            double eval = summary.get("eval").get("mean").asDouble();
            assertTrue(eval >= 100, "IMPALA learned on CartPole-v1 (a random policy scores ~22): greedy mean " + eval
                    + "\n" + out);
            System.out.printf("cluster test: eval %.1f, %.1f s%n", eval, (System.nanoTime() - t0) / 1e9);
        } finally {
            for (Process p : started) p.destroyForcibly();
        }
    }
}
