package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.core.Policy;
import dev.bellman.core.PolicyOutputs;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.server.PolicyServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bellman serve} for each kind of policy beside discrete PPO ({@link ServeCommandTest}): DQN's Q-values, the
 * Gaussian of continuous PPO (value, mean, std, seeded sampling), A2C's and REINFORCE's distributions, the deterministic actors of SAC, TD3 and DDPG, and
 * CNN DQN and PPO policies on MinAtar's uint8 observations; valid requests answer what the policy gives alone, invalid ones are 400s
 * naming the problem. Runs are tiny (a few hundred steps): what is tested is the serving, not the learning.
 */
class ServePolicyKindsTest {
    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private Path train(String algo, String env, String... set) {
        Path dir = tmp.resolve(algo + "-" + env.replace('/', '_'));
        List<String> args = new ArrayList<>(List.of("train", "--algo", algo, "--env", env, "--seed", "3", "--run-dir",
                dir.toString(), "--no-plot", "--eval-episodes", "0", "--checkpoint-frequency", "0"));
        for (String s : set) {
            args.add("--set");
            args.add(s);
        }
        Cli c = Cli.run(args.toArray(String[]::new));
        assertEquals(0, c.exitCode(), c.toString());
        return dir;
    }

    @Test
    void dqn_returnsQValues_andRefusesSamplingAndOtherOutputs() throws Exception {
        Path run = train("dqn", "CartPole-v1", "total-timesteps=200", "learning-starts=100", "batch-size=8",
                "buffer-size=200");
        PolicyOutputs policy = (PolicyOutputs) EvalCommand.load(run).policy();
        try (PolicyServer server = ServeCommand.start(run, PolicyServer.Config.defaults())) {
            JsonNode spec = get(server, "spec");
            assertEquals("[\"q_values\"]", spec.get("return").toString());
            assertEquals(false, spec.get("stochastic").booleanValue());
            float[][] obs = {{0.1f, -0.2f, 0.05f, 0.3f}, {-1f, 0.5f, -0.1f, -0.7f}, {2f, 1f, 0.2f, 1.5f}};
            JsonNode batch = ok(server, "{\"observations\": " + Arrays.deepToString(obs) + ", \"return\": [\"q_values\"]}");
            for (int i = 0; i < obs.length; i++) {
                float[] q = policy.outputs(obs[i]).get("q_values");
                JsonNode one = ok(server, "{\"observation\": " + Arrays.toString(obs[i]) + ", \"return\": [\"q_values\"]}");
                assertArrayEquals(q, floats(one.get("q_values")), "observation " + i);
                assertEquals(policy.act(obs[i]), one.get("action").intValue());
                assertEquals(q[0] >= q[1] ? 0 : 1, one.get("action").intValue(), "the greedy action is argmax Q");
                assertEquals(one.get("q_values"), batch.get("q_values").get(i));
                assertEquals(one.get("action"), batch.get("actions").get(i));
            }
            String o = Arrays.toString(obs[0]);
            bad(server, "{\"observation\": " + o + ", \"return\": [\"value\"]}",
                    "\"return\" may hold [\"q_values\"] for this policy but held \"value\"");
            bad(server, "{\"observation\": " + o + ", \"deterministic\": false}",
                    "\"deterministic\": false needs a policy with an action distribution");
            bad(server, "{\"observation\": [0.1, 0.2]}", "observation must be a list of 4 numbers");
            bad(server, "{\"observation\": " + o + ", \"return\": \"q_values\"}", "\"return\" must be a list of output names");
        }
    }

    @Test
    void continuousPpo_returnsValueMeanStd_andSamplesSeeded() throws Exception {
        Path run = train("ppo", "Pendulum-v1", "total-timesteps=256", "num-steps=32", "num-envs=8", "update-epochs=1");
        PolicyOutputs policy = (PolicyOutputs) EvalCommand.load(run).policy();
        float[] obs = {0.6f, -0.8f, 1.5f};
        String body = "{\"observation\": " + Arrays.toString(obs) + ", \"return\": [\"value\", \"mean\", \"std\"]}";
        List<float[]> sampled = new ArrayList<>();
        for (int repeat = 0; repeat < 2; repeat++) {
            try (PolicyServer server = ServeCommand.start(run, new PolicyServer.Config("127.0.0.1", 0, 0, 64, 42))) {
                JsonNode spec = get(server, "spec");
                assertEquals("[\"value\",\"mean\",\"std\"]", spec.get("return").toString());
                assertEquals(true, spec.get("stochastic").booleanValue());
                JsonNode one = ok(server, body);
                var want = policy.outputs(obs);
                assertEquals(want.get("value")[0], one.get("value").floatValue());
                assertArrayEquals(want.get("mean"), floats(one.get("mean")));
                assertArrayEquals(want.get("std"), floats(one.get("std")));
                assertArrayEquals((float[]) policy.act(obs), floats(one.get("action")));
                JsonNode batch = ok(server, "{\"observations\": [" + Arrays.toString(obs) + ", " + Arrays.toString(obs)
                        + "], \"return\": [\"value\", \"std\"]}");
                assertEquals(one.get("value"), batch.get("values").get(1));
                assertEquals(one.get("std"), batch.get("std").get(0));
                assertTrue(!batch.has("mean"), batch.toString());
                float[] draws = new float[20];
                for (int i = 0; i < draws.length; i++) {
                    JsonNode s = ok(server, "{\"observation\": " + Arrays.toString(obs) + ", \"deterministic\": false}");
                    draws[i] = s.get("action").get(0).floatValue();
                    assertTrue(draws[i] >= -2f && draws[i] <= 2f, "a sample clipped to Pendulum's bounds: " + draws[i]);
                }
                long distinct = java.util.stream.IntStream.range(0, draws.length).mapToObj(i -> draws[i]).distinct().count();
                assertTrue(distinct > 10, "samples differ: " + Arrays.toString(draws));
                sampled.add(draws);
                bad(server, "{\"observation\": [0.6, -0.8, 9.0]}",
                        "observation[2] is 9.0, outside the observation space's bounds [-8.0, 8.0]");
                bad(server, "{\"observation\": " + Arrays.toString(obs) + ", \"return\": [\"q_values\"]}",
                        "\"return\" may hold [\"value\",\"mean\",\"std\"] for this policy but held \"q_values\"");
            }
        }
        assertArrayEquals(sampled.get(0), sampled.get(1), "the same --seed draws the same actions");
        try (PolicyServer server = ServeCommand.start(run, new PolicyServer.Config("127.0.0.1", 0, 0, 64, 43))) {
            JsonNode s = ok(server, "{\"observation\": " + Arrays.toString(obs) + ", \"deterministic\": false}");
            assertNotEquals(sampled.get(0)[0], s.get("action").get(0).floatValue(), "another seed, another draw");
        }
    }

    @Test
    void a2cAndReinforce_returnTheirDistribution_andSampleSeeded() throws Exception {
        Path a2c = train("a2c", "CartPole-v1", "total-timesteps=200");
        PolicyOutputs discrete = (PolicyOutputs) EvalCommand.load(a2c).policy();
        float[] obs = {0.1f, 0.4f, -0.05f, -0.3f};
        List<Integer> draws = new ArrayList<>();
        for (int repeat = 0; repeat < 2; repeat++) {
            try (PolicyServer server = ServeCommand.start(a2c, new PolicyServer.Config("127.0.0.1", 0, 0, 64, 7))) {
                assertEquals(Files2.JSON.valueToTree(discrete.outputNames()), get(server, "spec").get("return"));
                assertTrue(discrete.outputNames().contains("probabilities"), discrete.outputNames().toString());
                JsonNode one = ok(server, "{\"observation\": " + Arrays.toString(obs) + ", \"return\": "
                        + Files2.JSON.writeValueAsString(discrete.outputNames()) + "}");
                var want = discrete.outputs(obs);
                if (want.containsKey("value")) {
                    assertEquals(want.get("value")[0], one.get("value").floatValue());
                }
                assertArrayEquals(want.get("probabilities"), floats(one.get("probabilities")));
                assertEquals(discrete.act(obs), one.get("action").intValue());
                for (int i = 0; i < 30; i++) {
                    draws.add(ok(server, "{\"observation\": " + Arrays.toString(obs) + ", \"deterministic\": false}")
                            .get("action").intValue());
                }
            }
        }
        assertEquals(draws.subList(0, 30), draws.subList(30, 60), "the same --seed draws the same actions");
        assertEquals(java.util.Set.of(0, 1), new java.util.HashSet<>(draws), "both actions are drawn: " + draws);

        Path reinforce = train("reinforce", "Pendulum-v1", "total-timesteps=400");
        PolicyOutputs gaussian = (PolicyOutputs) EvalCommand.load(reinforce).policy();
        float[] p = {0.6f, -0.8f, 1.5f};
        try (PolicyServer server = ServeCommand.start(reinforce, PolicyServer.Config.defaults())) {
            JsonNode spec = get(server, "spec");
            assertEquals(Files2.JSON.valueToTree(gaussian.outputNames()), spec.get("return"));
            JsonNode one = ok(server, "{\"observation\": " + Arrays.toString(p) + ", \"return\": [\"mean\", \"std\"]}");
            assertArrayEquals(gaussian.outputs(p).get("mean"), floats(one.get("mean")));
            assertArrayEquals(gaussian.outputs(p).get("std"), floats(one.get("std")));
            JsonNode s = ok(server, "{\"observation\": " + Arrays.toString(p) + ", \"deterministic\": false}");
            float a = s.get("action").get(0).floatValue();
            assertTrue(a >= -2f && a <= 2f, "a sample clipped to the bounds: " + a);
            bad(server, "{\"observation\": " + Arrays.toString(p) + ", \"return\": [\"probabilities\"]}",
                    "for this policy but held \"probabilities\"");
        }
    }

    @Test
    void sacTd3Ddpg_serveTheirDeterministicAction_only() throws Exception {
        for (String algo : List.of("sac", "td3", "ddpg")) {
            Path run = train(algo, "Pendulum-v1", "total-timesteps=105", "learning-starts=100", "batch-size=8", "net-arch=32,32",
                    "buffer-size=200");
            Policy policy = EvalCommand.load(run).policy();
            try (PolicyServer server = ServeCommand.start(run, PolicyServer.Config.defaults())) {
                JsonNode spec = get(server, "spec");
                assertEquals("[]", spec.get("return").toString(), algo);
                assertEquals(false, spec.get("stochastic").booleanValue(), algo);
                assertEquals("[-2.0]", spec.at("/action_space/low").toString(), algo);
                SplittableRandom r = new SplittableRandom(5);
                for (int i = 0; i < 5; i++) {
                    double th = r.nextDouble(-Math.PI, Math.PI);
                    float[] obs = {(float) Math.cos(th), (float) Math.sin(th), (float) r.nextDouble(-8, 8)};
                    JsonNode one = ok(server, "{\"observation\": " + Arrays.toString(obs) + "}");
                    assertArrayEquals((float[]) policy.act(obs), floats(one.get("action")), algo + " observation " + i);
                }
                bad(server, "{\"observation\": [1, 0, 0], \"return\": [\"value\"]}",
                        "\"return\" asks for value, which this policy does not have");
                bad(server, "{\"observation\": [1, 0, 0], \"deterministic\": false}",
                        "\"deterministic\": false needs a policy with an action distribution");
                bad(server, "{\"observation\": [1, 0, \"x\"]}", "observation[2] must be a float32 number but was \"x\"");
            }
        }
    }

    @Test
    void cnnDqn_onMinAtarBytes_returnsActionsAndQValues_andChecksTheBytes() throws Exception {
        Path run = train("dqn", "MinAtar/Breakout-v1", "total-timesteps=80", "learning-starts=40", "batch-size=8",
                "buffer-size=100");
        PolicyOutputs policy = (PolicyOutputs) EvalCommand.load(run).policy();
        int[] shape;
        try (Env<?, ?> env = EnvCatalog.make("MinAtar/Breakout-v1", java.util.Map.of())) {
            shape = ((ByteBox) env.observationSpace()).shape();
        }
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        SplittableRandom r = new SplittableRandom(9);
        try (PolicyServer server = ServeCommand.start(run, PolicyServer.Config.defaults())) {
            JsonNode spec = get(server, "spec");
            assertEquals("uint8", spec.at("/observation_space/dtype").textValue());
            assertEquals(Arrays.toString(shape).replace(" ", ""), spec.at("/observation_space/shape").toString());
            for (int i = 0; i < 4; i++) {
                byte[] obs = new byte[size];
                StringBuilder flat = new StringBuilder("[");
                for (int j = 0; j < size; j++) {
                    obs[j] = (byte) (r.nextInt(6) == 0 ? 1 : 0);
                    flat.append(j == 0 ? "" : ",").append(obs[j]);
                }
                JsonNode one = ok(server, "{\"observation\": " + flat + "], \"return\": [\"q_values\"]}");
                assertEquals(policy.act(obs), one.get("action").intValue(), "observation " + i);
                assertArrayEquals(policy.outputs(obs).get("q_values"), floats(one.get("q_values")), "observation " + i);
            }
            String zeros = "[" + String.join(",", java.util.Collections.nCopies(size, "0"));
            bad(server, "{\"observation\": " + zeros.replaceFirst("0", "2") + "]}",
                    "observation" + Arrays.toString(new int[shape.length]).replace(", ", "][") + " is 2, outside the"
                            + " observation space's bounds [0, 1]");
            bad(server, "{\"observation\": " + zeros.replaceFirst("0", "0.5") + "]}",
                    "must be an integer in 0..255 (uint8) but was 0.5");
            bad(server, "{\"observation\": [0, 1, 0]}", "observation must be a list of " + shape[0]);
        }
    }

    @Test
    void cnnPpo_onMinAtarBytes_returnsValueAndProbabilities_asTheBatchPolicyGivesThem() throws Exception {
        Path run = train("ppo", "MinAtar/Breakout-v1", "total-timesteps=64", "num-steps=16", "num-envs=4",
                "update-epochs=1");
        Policy policy = EvalCommand.load(run).policy();
        dev.bellman.core.BatchPolicy heads = (dev.bellman.core.BatchPolicy) policy;
        int size = heads.observationSize();
        SplittableRandom r = new SplittableRandom(10);
        try (PolicyServer server = ServeCommand.start(run, PolicyServer.Config.defaults())) {
            assertEquals("uint8", get(server, "spec").at("/observation_space/dtype").textValue());
            for (int i = 0; i < 3; i++) {
                byte[] obs = new byte[size];
                StringBuilder flat = new StringBuilder("[");
                for (int j = 0; j < size; j++) {
                    obs[j] = (byte) (r.nextInt(5) == 0 ? 1 : 0);
                    flat.append(j == 0 ? "" : ",").append(obs[j]);
                }
                JsonNode one = ok(server, "{\"observation\": " + flat + "], \"return\": [\"value\", \"probabilities\"]}");
                var want = heads.evaluate(ByteBox.toFloats(obs), 1);
                assertEquals(policy.act(obs), one.get("action").intValue(), "observation " + i);
                assertEquals(want.values()[0], one.get("value").floatValue(), "observation " + i);
                assertArrayEquals(want.probabilities(), floats(one.get("probabilities")), "observation " + i);
            }
            bad(server, "{\"observation\": [1, 0], \"return\": [\"q_values\"]}", "observation must be a list of");
        }
    }

    private static float[] floats(JsonNode a) {
        float[] x = new float[a.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = a.get(i).floatValue();
        }
        return x;
    }

    private JsonNode get(PolicyServer s, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Files2.JSON.readTree(r.body());
    }

    private HttpResponse<String> post(PolicyServer s, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(s.uri().resolve("act")).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(PolicyServer s, String body) throws Exception {
        HttpResponse<String> r = post(s, body);
        assertEquals(200, r.statusCode(), r.body());
        return Files2.JSON.readTree(r.body());
    }

    private void bad(PolicyServer s, String body, String message) throws Exception {
        HttpResponse<String> r = post(s, body);
        assertEquals(400, r.statusCode(), r.body());
        String error = Files2.JSON.readTree(r.body()).get("error").textValue();
        assertTrue(error.contains(message), "expected a message containing <" + message + "> but was <" + error + ">");
    }
}
