package dev.bellman.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bellman.core.BatchPolicy;
import dev.bellman.core.Policy;
import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Observations: 3 floats, the first two in [-2, 2], the third unbounded. */
    private static final Box OBS = new Box(new float[] {-2, -2, Float.NEGATIVE_INFINITY},
            new float[] {2, 2, Float.POSITIVE_INFINITY}, 3);

    /**
     * Softmax of logits {@code W x} over 3 actions (ids 1..3) with value {@code x0 - x1 * x2}, computed row by row the
     * same way whatever the batch, and counting its forward passes.
     */
    static final class LinearPolicy implements BatchPolicy {
        static final float[][] W = {{1, -0.5f, 0.25f}, {-1, 0.75f, 0.5f}, {0.3f, 0.2f, -0.9f}};
        int calls;
        int largestBatch;

        @Override
        public Output evaluate(float[] x, int batch) {
            calls++;
            largestBatch = Math.max(largestBatch, batch);
            int[] actions = new int[batch];
            float[] probs = new float[batch * 3];
            float[] values = new float[batch];
            for (int b = 0; b < batch; b++) {
                float[] l = new float[3];
                float max = Float.NEGATIVE_INFINITY;
                for (int a = 0; a < 3; a++) {
                    for (int i = 0; i < 3; i++) {
                        l[a] += W[a][i] * x[b * 3 + i];
                    }
                    max = Math.max(max, l[a]);
                }
                float sum = 0;
                for (int a = 0; a < 3; a++) {
                    sum += (float) Math.exp(l[a] - max);
                }
                for (int a = 0; a < 3; a++) {
                    probs[b * 3 + a] = (float) Math.exp(l[a] - max) / sum;
                }
                for (int a = 0; a < 3; a++) {
                    actions[b] = l[a] > l[actions[b]] ? a : actions[b];
                }
                actions[b] += 1;
                values[b] = x[b * 3] - x[b * 3 + 1] * x[b * 3 + 2];
            }
            return new Output(actions, probs, values);
        }

        @Override
        public Object act(Object observation) {
            return evaluate((float[]) observation, 1).actions()[0];
        }

        @Override
        public int observationSize() {
            return 3;
        }

        @Override
        public int numActions() {
            return 3;
        }

        @Override
        public int actionStart() {
            return 1;
        }

        @Override
        public boolean hasValues() {
            return true;
        }

        @Override
        public void save(Path directory) {}
    }

    static LinearPolicy policy;
    static PolicyServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        policy = new LinearPolicy();
        server = PolicyServer.start(policy, OBS, new Discrete(3, 1), Map.of("algo", "linear", "env", "Test-v0"),
                new PolicyServer.Config(LabelServer.LOCALHOST, 0, 20_000, 64, 7));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

    static Answer call(PolicyServer s, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri().resolve(path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r);
    }

    static Answer post(String body) throws Exception {
        return call(server, "POST", "/act", body);
    }

    @Test
    void defaultConfig_bindsToLoopback() throws Exception {
        assertEquals("127.0.0.1", PolicyServer.Config.defaults().host());
        try (PolicyServer s = PolicyServer.start(new LinearPolicy(), OBS, new Discrete(3, 1), Map.of(),
                PolicyServer.Config.defaults())) {
            assertTrue(InetAddress.getByName(s.host()).isLoopbackAddress(), s.host());
            assertEquals(URI.create("http://127.0.0.1:" + s.port() + "/"), s.uri());
            assertEquals(200, call(s, "GET", "/health", null).status());
        }
    }

    @Test
    void single_and_batch_returnActionsValuesProbabilities_asThePolicyGivesThem() throws Exception {
        float[] x = {0.5f, -1.25f, 3f};
        BatchPolicy.Output want = new LinearPolicy().evaluate(x, 1);
        Answer a = post("{\"observation\": [0.5, -1.25, 3], \"return\": [\"value\", \"probabilities\"]}");
        assertEquals(200, a.status(), a.body().toString());
        assertEquals(want.actions()[0], a.body().get("action").intValue());
        assertEquals(want.values()[0], a.body().get("value").floatValue());
        assertEquals(3, a.body().get("probabilities").size());
        for (int k = 0; k < 3; k++) {
            assertEquals(want.probabilities()[k], a.body().get("probabilities").get(k).floatValue());
        }
        Answer plain = post("{\"observation\": [0.5, -1.25, 3]}");
        assertEquals(List.of("action"), names(plain.body()), "only the action unless more is asked");

        Answer batch = post("{\"observations\": [[0.5, -1.25, 3], [-2, 2, -100], [1, 1, 1]], \"return\": [\"value\"]}");
        assertEquals(200, batch.status(), batch.body().toString());
        assertEquals(3, batch.body().get("actions").size());
        assertEquals(3, batch.body().get("values").size());
        float[][] rows = {{0.5f, -1.25f, 3f}, {-2, 2, -100}, {1, 1, 1}};
        for (int i = 0; i < 3; i++) {
            BatchPolicy.Output one = new LinearPolicy().evaluate(rows[i], 1);
            assertEquals(one.actions()[0], batch.body().get("actions").get(i).intValue(), "row " + i);
            assertEquals(one.values()[0], batch.body().get("values").get(i).floatValue(), "row " + i);
        }
    }

    @Test
    void concurrentRequests_areEvaluatedTogether_withTheSameResultsAsAlone() throws Exception {
        int n = 48;
        long passesBefore = call(server, "GET", "/health", null).body().get("batches").longValue();
        long requestsBefore = call(server, "GET", "/health", null).body().get("requests").longValue();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float v = -1.9f + 3.8f * i / n;
                String body = "{\"observation\": [" + v + ", " + (-v / 2) + ", " + (i - 20) + "], \"return\":"
                        + " [\"value\", \"probabilities\"]}";
                answers.add(pool.submit(() -> post(body)));
            }
            for (int i = 0; i < n; i++) {
                float v = -1.9f + 3.8f * i / n;
                BatchPolicy.Output alone = new LinearPolicy().evaluate(new float[] {v, -v / 2, i - 20}, 1);
                JsonNode got = answers.get(i).get().body();
                assertEquals(alone.actions()[0], got.get("action").intValue(), "request " + i);
                assertEquals(alone.values()[0], got.get("value").floatValue(), "request " + i);
                for (int k = 0; k < 3; k++) {
                    assertEquals(alone.probabilities()[k], got.get("probabilities").get(k).floatValue());
                }
            }
        } finally {
            pool.shutdown();
        }
        JsonNode health = call(server, "GET", "/health", null).body();
        long passes = health.get("batches").longValue() - passesBefore;
        assertTrue(health.get("requests").longValue() - requestsBefore >= n, health.toString());
        assertTrue(passes < n, "48 concurrent requests within a 20 ms window should be evaluated in fewer batches but took " + passes);
        assertTrue(policy.largestBatch > 1, "largest batch " + policy.largestBatch);
    }

    @Test
    void sampling_drawsFromTheDistribution() throws Exception {
        // logits at x = (2, -2, 0): (3, -3.5, 0.2): action 1 has probability ~0.94, action 3 ~0.06
        String body = "{\"observations\": [" + String.join(", ", java.util.Collections.nCopies(400, "[2, -2, 0]"))
                + "], \"deterministic\": false}";
        Answer a = post(body);
        assertEquals(200, a.status(), a.body().toString());
        int[] counts = new int[4];
        a.body().get("actions").forEach(x -> counts[x.intValue()]++);
        assertEquals(400, counts[1] + counts[2] + counts[3]);
        assertTrue(counts[1] > 340 && counts[3] > 5, java.util.Arrays.toString(counts));
        assertEquals(200, post("{\"observation\": [2, -2, 0], \"deterministic\": true}").status());
    }

    @Test
    void spec_namesSpacesAlgoEnvAndWhatCanBeReturned() throws Exception {
        Answer a = call(server, "GET", "/spec", null);
        assertEquals(200, a.status());
        JsonNode s = a.body();
        assertEquals("linear", s.get("algo").textValue());
        assertEquals("Test-v0", s.get("env").textValue());
        assertEquals("Box", s.at("/observation_space/type").textValue());
        assertEquals("float32", s.at("/observation_space/dtype").textValue());
        assertEquals("[3]", s.at("/observation_space/shape").toString());
        assertEquals("[-2.0,-2.0,null]", s.at("/observation_space/low").toString());
        assertEquals("Discrete", s.at("/action_space/type").textValue());
        assertEquals(3, s.at("/action_space/n").intValue());
        assertEquals(1, s.at("/action_space/start").intValue());
        assertEquals("[\"value\",\"probabilities\"]", s.get("return").toString());
    }

    @Test
    void invalidRequests_are400_withAJsonMessageNamingTheProblem() throws Exception {
        String[][] cases = {
            {"{\"observation\": [1, 2]}", "observation must be a list of 3 numbers (observation shape [3] (float32)) but was a list of 2"},
            {"{\"observation\": [1, \"a\", 2]}", "observation[1] must be a float32 number but was \"a\""},
            {"{\"observation\": [1, true, 2]}", "observation[1] must be a float32 number but was true"},
            {"{\"observation\": 5}", "observation must be a list of shape [3] (float32) but was 5"},
            {"{\"observation\": [1, 2.5, 0]}", "observation[1] is 2.5, outside the observation space's bounds [-2.0, 2.0]"},
            {"{\"observation\": [1, 1, 1e39]}", "observation[2] is 1.0E39, which is not a finite float32"},
            {"{\"observations\": [[1, 1, 1], [1, 1]]}", "observations[1] must be a list of 3 numbers"},
            {"{\"observations\": [[0, 0, 0], [0, -3, 0]]}", "observations[1][1] is -3.0, outside"},
            {"{\"observations\": []}", "\"observations\" must be a non-empty list of observations but was []"},
            {"{\"observation\": [1, 1, 1], \"observations\": [[1, 1, 1]]}", "give exactly one of \"observation\""},
            {"{}", "give exactly one of \"observation\" (one observation) and \"observations\""},
            {"{\"obs\": [1, 1, 1]}", "unknown field \"obs\""},
            {"{\"observation\": [1, 1, 1], \"deterministic\": \"yes\"}", "\"deterministic\" must be true or false but was \"yes\""},
            {"{\"observation\": [1, 1, 1], \"return\": [\"logits\"]}", "\"return\" may hold \"value\" and \"probabilities\" but held \"logits\""},
            {"{\"observation\": [1, 1, 1], \"return\": \"value\"}", "\"return\" must be a list"},
            {"{\"observation\": [1, 1, ", "the body is not valid JSON"},
            {"{\"observation\": [NaN, 1, 1]}", "the body is not valid JSON"},
            {"[1, 2, 3]", "the body must be a JSON object with \"observation\" or \"observations\" but was array"},
            {"", "the body must be a JSON object"},
        };
        for (String[] c : cases) {
            Answer a = post(c[0]);
            assertEquals(400, a.status(), c[0] + " -> " + a.raw().body());
            assertEquals("application/json", a.raw().headers().firstValue("content-type").orElse(""));
            String msg = a.body().get("error").textValue();
            assertTrue(msg.contains(c[1]), c[0] + " -> " + msg);
            assertFalse(a.raw().body().contains("\tat ") || a.raw().body().contains("Exception"), a.raw().body());
        }
    }

    @Test
    void unknownPath_is404_andWrongMethod_is405_withAllow() throws Exception {
        Answer notFound = call(server, "GET", "/predict", null);
        assertEquals(404, notFound.status());
        assertTrue(notFound.body().get("error").textValue().contains("no route /predict"), notFound.body().toString());
        Answer getAct = call(server, "GET", "/act", null);
        assertEquals(405, getAct.status());
        assertEquals("POST", getAct.raw().headers().firstValue("allow").orElse(""));
        assertTrue(getAct.body().get("error").textValue().contains("/act takes POST, not GET"), getAct.body().toString());
        Answer postHealth = call(server, "POST", "/health", "{}");
        assertEquals(405, postHealth.status());
        assertEquals("GET", postHealth.raw().headers().firstValue("allow").orElse(""));
    }

    @Test
    void plainPolicy_onUint8AndDiscreteSpaces_actsRowByRow_andRefusesWhatItLacks() throws Exception {
        Policy sumOfPixels = greedy(o -> {
            int s = 0;
            for (byte b : (byte[]) o) {
                s += b & 0xff;
            }
            return s % 2;
        });
        try (PolicyServer s = PolicyServer.start(sumOfPixels, ByteBox.pixels(1, 2, 2), new Discrete(2), Map.of(),
                PolicyServer.Config.defaults())) {
            Answer nested = call(s, "POST", "/act", "{\"observations\": [[[[1, 2], [3, 255]]], [[[0, 0], [0, 1]]]]}");
            assertEquals(200, nested.status(), nested.body().toString());
            assertEquals("[1,1]", nested.body().get("actions").toString());
            Answer flat = call(s, "POST", "/act", "{\"observation\": [1, 2, 3, 4]}");
            assertEquals(0, flat.body().get("action").intValue(), flat.body().toString());
            Answer over = call(s, "POST", "/act", "{\"observation\": [1, 2, 3, 256]}");
            assertEquals(400, over.status());
            assertTrue(over.body().get("error").textValue().contains("observation[0][1][1] must be an integer in"
                    + " 0..255 (uint8) but was 256"), over.body().toString());
            Answer fraction = call(s, "POST", "/act", "{\"observation\": [1, 2, 3, 0.5]}");
            assertEquals(400, fraction.status());
            Answer value = call(s, "POST", "/act", "{\"observation\": [1, 2, 3, 4], \"return\": [\"value\"]}");
            assertEquals(400, value.status());
            assertTrue(value.body().get("error").textValue().contains("asks for value, which this policy does not have"),
                    value.body().toString());
            Answer sample = call(s, "POST", "/act", "{\"observation\": [1, 2, 3, 4], \"deterministic\": false}");
            assertEquals(400, sample.status());
            assertEquals("[]", call(s, "GET", "/spec", null).body().get("return").toString());
        }
        Policy twice = greedy(o -> ((Integer) o) * 2 % 4);
        try (PolicyServer s = PolicyServer.start(twice, new Discrete(16), new Discrete(4), Map.of(),
                PolicyServer.Config.defaults())) {
            assertEquals(2, call(s, "POST", "/act", "{\"observation\": 5}").body().get("action").intValue());
            Answer out = call(s, "POST", "/act", "{\"observation\": 16}");
            assertEquals(400, out.status());
            assertTrue(out.body().get("error").textValue().contains("observation is 16, outside the observation space:"
                    + " states 0..15"), out.body().toString());
            assertEquals(400, call(s, "POST", "/act", "{\"observation\": [5]}").status());
        }
    }

    /** A policy that only has greedy actions, given by {@code f}. */
    private static Policy greedy(java.util.function.Function<Object, Object> f) {
        return new Policy() {
            @Override
            public Object act(Object observation) {
                return f.apply(observation);
            }

            @Override
            public void save(Path directory) {}
        };
    }

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
