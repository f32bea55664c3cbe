package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.core.BatchPolicy;
import dev.bellman.core.Policy;
import dev.bellman.server.PolicyServer;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bellman serve} on a real (short) PPO CartPole run. */
class ServeCommandTest {
    @TempDir
    static Path tmp;
    static Path run;

    /** A short PPO run on CartPole: the policy is poor, but serving it is what is tested. */
    @BeforeAll
    static void train() {
        run = tmp.resolve("run");
        Cli c = Cli.run("train", "--algo", "ppo", "--env", "CartPole-v1", "--total-timesteps", "256", "--seed", "5",
                "--set", "num-steps=32", "--set", "num-envs=8", "--set", "update-epochs=1", "--run-dir",
                run.toString(), "--no-plot", "--eval-episodes", "0");
        assertEquals(0, c.exitCode(), c.toString());
    }

    @Test
    void concurrentAndBatchedAnswers_equalThePolicyAlone_forEachObservation() throws Exception {
        Policy alone = EvalCommand.load(run).policy();
        BatchPolicy heads = (BatchPolicy) alone;
        Random r = new Random(11);
        int n = 64;
        float[][] obs = new float[n][];
        for (int i = 0; i < n; i++) {
            obs[i] = new float[] {(r.nextFloat() - 0.5f) * 4, r.nextFloat() * 6 - 3, (r.nextFloat() - 0.5f) * 0.4f,
                r.nextFloat() * 6 - 3};
        }
        HttpClient http = HttpClient.newHttpClient();
        try (PolicyServer server = ServeCommand.start(run, new PolicyServer.Config("127.0.0.1", 0, 5000, 64, 0))) {
            JsonNode spec = get(http, server, "spec");
            assertEquals("ppo", spec.get("algo").textValue());
            assertEquals("CartPole-v1", spec.get("env").textValue());
            assertEquals("[4]", spec.at("/observation_space/shape").toString());
            assertEquals(2, spec.at("/action_space/n").intValue());

            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<JsonNode>> answers = new ArrayList<>();
            try {
                for (float[] o : obs) {
                    answers.add(pool.submit(() -> post(http, server, "{\"observation\": " + Arrays.toString(o)
                            + ", \"return\": [\"value\", \"probabilities\"]}")));
                }
                StringBuilder all = new StringBuilder("{\"observations\": [");
                for (int i = 0; i < n; i++) {
                    all.append(i == 0 ? "" : ", ").append(Arrays.toString(obs[i]));
                }
                JsonNode batch = post(http, server, all.append("], \"return\": [\"value\", \"probabilities\"]}").toString());
                for (int i = 0; i < n; i++) {
                    JsonNode one = answers.get(i).get();
                    BatchPolicy.Output want = heads.evaluate(obs[i], 1);
                    assertEquals(alone.act(obs[i]), one.get("action").intValue(), "request " + i);
                    assertEquals(want.values()[0], one.get("value").floatValue(), "request " + i);
                    assertEquals(want.probabilities()[1], one.get("probabilities").get(1).floatValue(), "request " + i);
                    assertEquals(one.get("action"), batch.get("actions").get(i), "batch row " + i);
                    assertEquals(one.get("value"), batch.get("values").get(i), "batch row " + i);
                    assertEquals(one.get("probabilities"), batch.get("probabilities").get(i), "batch row " + i);
                }
            } finally {
                pool.shutdown();
            }
            JsonNode health = get(http, server, "health");
            assertTrue(health.get("batches").longValue() < n + 1, "64 concurrent requests and a batch"
                    + " should be evaluated in fewer batches: " + health);
        }
    }

    @Test
    void bindsToLoopbackByDefault() throws Exception {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs("--run-dir", run.toString());
        assertEquals("127.0.0.1", cmd.host);
        assertTrue(InetAddress.getByName(cmd.host).isLoopbackAddress());
    }

    @Test
    void badOptions_orMissingRun_areUserErrors_withoutStackTraces() {
        Cli badPort = Cli.run("serve", "--run-dir", run.toString(), "--port", "70000");
        assertEquals(2, badPort.exitCode(), badPort.toString());
        assertTrue(badPort.err().contains("--port must be in 0..65535 (0 for a free port) but was 70000"),
                badPort.toString());
        Cli badBatch = Cli.run("serve", "--run-dir", run.toString(), "--max-batch", "0");
        assertEquals(2, badBatch.exitCode(), badBatch.toString());
        assertTrue(badBatch.err().contains("--max-batch must be in 1..65536 but was 0"), badBatch.toString());
        Cli missing = Cli.run("serve", "--run-dir", tmp.resolve("nothing").toString(), "--port", "0");
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("nothing"), missing.toString());
        assertFalse(missing.err().contains("\tat "), missing.toString());
    }

    @Test
    void wideHost_warns_andAPortInUse_isAUserError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            Cli busy = Cli.run("serve", "--run-dir", run.toString(), "--host", "0.0.0.0", "--port",
                    Integer.toString(port));
            assertEquals(2, busy.exitCode(), busy.toString());
            assertTrue(busy.err().contains("warning: serving on 0.0.0.0, so other machines can call the policy"),
                    busy.toString());
            assertTrue(busy.err().contains("could not serve on 0.0.0.0:" + port), busy.toString());
            assertFalse(busy.err().contains("\tat "), busy.toString());
        }
    }

    private static JsonNode get(HttpClient http, PolicyServer s, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Files2.JSON.readTree(r.body());
    }

    private static JsonNode post(HttpClient http, PolicyServer s, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.uri().resolve("act"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Files2.JSON.readTree(r.body());
    }
}
