package dev.bellman.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellman.core.BatchPolicy;
import dev.bellman.core.Policy;
import dev.bellman.core.PolicyOutputs;
import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Space;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP JSON serving of a trained policy ({@code bellman serve}), on Jetty 12 core like {@link LabelServer}.
 *
 * <p>Routes: {@code POST /act} with {@code {"observation": OBS}} or {@code {"observations": [OBS, ...]}}, optional
 * {@code "deterministic"} (default true: the greedy action; false samples from the policy's distribution) and
 * {@code "return": ["value", "probabilities"]} where the policy has them ({@link BatchPolicy}), or the names of a
 * {@link PolicyOutputs} policy's outputs ({@code "q_values"}; {@code "value"}, {@code "mean"}, {@code "std"}); answers
 * {@code {"action": A}} or {@code {"actions": [A, ...]}} with {@code "value"/"values"}, {@code "probabilities"} and
 * each other output (a list per observation under its own name) as asked. {@code "deterministic": false} needs a
 * stochastic policy (a {@link BatchPolicy} or a {@linkplain PolicyOutputs#stochastic() stochastic}
 * {@link PolicyOutputs}); its draws come from the seeded generator of {@link Config#seed}. {@code GET /health}: {@code {"status": "ok", ...}} with the counts of requests,
 * observations and batches evaluated. {@code GET /spec}: the observation and action spaces and the run's identity.
 *
 * <p>Every error is a JSON object {@code {"error": MESSAGE}}: 400 naming the bad field, shape, dtype or bound; 404 for
 * an unknown path; 405 for a known path with another method; 413 for a body over {@value #MAX_BODY_BYTES} bytes; 500
 * (without a stack trace) if the policy fails.
 *
 * <p>Concurrent requests are micro-batched ({@link Config#windowMicros}, {@link Config#maxBatch}): each result is what
 * the policy gives for that observation alone. Bound to {@value LabelServer#LOCALHOST} unless another host is given;
 * while bound locally, peers that are not loopback addresses are refused with 403.
 */
public final class PolicyServer implements AutoCloseable {
    /** The largest request body accepted. */
    public static final int MAX_BODY_BYTES = 16 << 20;
    /** The most observations in one request. */
    public static final int MAX_OBSERVATIONS = 65_536;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("observation", "observations", "deterministic", "return");

    /**
     * Serving settings: {@code host}:{@code port} ({@code port} 0 picks a free one); concurrent requests wait up to
     * {@code windowMicros} (0: only those already queued) to be evaluated together, at most {@code maxBatch}
     * observations; {@code seed} seeds the sampling of {@code "deterministic": false} requests.
     */
    public record Config(String host, int port, long windowMicros, int maxBatch, long seed) {
        public Config {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535 (0 for a free port) but was " + port);
            }
            if (windowMicros < 0 || windowMicros > 1_000_000) {
                throw new IllegalArgumentException("the batching window must be in 0..1000000 microseconds but was "
                        + windowMicros);
            }
            if (maxBatch < 1 || maxBatch > MAX_OBSERVATIONS) {
                throw new IllegalArgumentException("the maximum batch must be in 1.." + MAX_OBSERVATIONS + " but was "
                        + maxBatch);
            }
        }

        /** Loopback, a free port, no waiting window (the requests already queued), batches of up to 64, seed 0. */
        public static Config defaults() {
            return new Config(LabelServer.LOCALHOST, 0, 0, 64, 0);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final MicroBatcher batcher;
    private final Policy policy;
    private final Space<?> observationSpace;
    private final ObjectNode spec;
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

    private PolicyServer(Server server, ServerConnector connector, MicroBatcher batcher, Policy policy,
            Space<?> observationSpace, ObjectNode spec) {
        this.server = server;
        this.connector = connector;
        this.batcher = batcher;
        this.policy = policy;
        this.observationSpace = observationSpace;
        this.spec = spec;
    }

    /**
     * Serves {@code policy}, which acts on {@code observationSpace} (a {@link Box}, uint8 {@link ByteBox} or
     * {@link Discrete}) into {@code actionSpace}; {@code info} (algo, env, run, ...) is added to {@code GET /spec}.
     *
     * @throws IllegalArgumentException for another kind of observation space, or a {@link BatchPolicy} whose sizes do
     *     not fit the spaces
     * @throws IOException when the port cannot be bound
     */
    public static PolicyServer start(Policy policy, Space<?> observationSpace, Space<?> actionSpace,
            Map<String, Object> info, Config config) throws IOException {
        if (!(observationSpace instanceof Box || observationSpace instanceof ByteBox
                || observationSpace instanceof Discrete)) {
            throw new IllegalArgumentException("serving supports Box, uint8 Box and Discrete observation spaces, not "
                    + observationSpace);
        }
        if (policy instanceof BatchPolicy b) {
            int size = observationSpace instanceof Box x ? x.size() : observationSpace instanceof ByteBox y ? y.size() : -1;
            if (size != b.observationSize()) {
                throw new IllegalArgumentException("the policy takes " + b.observationSize()
                        + " observation values but the observation space is " + observationSpace);
            }
        }
        ObjectNode spec = NODES.objectNode();
        info.forEach((k, v) -> spec.set(k, JSON.valueToTree(v)));
        spec.set("observation_space", describe(observationSpace));
        spec.set("action_space", describe(actionSpace));
        ArrayNode returns = spec.putArray("return");
        if (policy instanceof BatchPolicy b) {
            if (b.hasValues()) {
                returns.add("value");
            }
            returns.add("probabilities");
        } else if (policy instanceof PolicyOutputs p) {
            p.outputNames().forEach(returns::add);
        }
        spec.put("stochastic", stochastic(policy));
        spec.putObject("batching").put("window_us", config.windowMicros()).put("max_batch", config.maxBatch());

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        MicroBatcher batcher = new MicroBatcher(policy, config.windowMicros(), config.maxBatch(), config.seed());
        PolicyServer ps = new PolicyServer(server, connector, batcher, policy, observationSpace, spec);
        boolean localOnly = LabelServer.isLoopback(config.host());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return ps.handle(request, response, callback, localOnly);
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            batcher.close();
            try {
                server.stop();
            } catch (Exception ignored) {
                // it did not start
            }
            throw e instanceof IOException io ? io
                    : new IOException("could not serve on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        return ps;
    }

    private static boolean stochastic(Policy policy) {
        return policy instanceof BatchPolicy || policy instanceof PolicyOutputs p && p.stochastic();
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The bound host. */
    public String host() {
        return connector.getHost();
    }

    /** The server's base address. */
    public URI uri() {
        String h = host();
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already stopped
        }
        batcher.close();
    }

    private boolean handle(Request request, Response response, Callback callback, boolean localOnly) {
        try {
            String peer = Request.getRemoteAddr(request);
            if (localOnly && !(peer != null && LabelServer.isLoopback(peer))) {
                return error(response, callback, 403, "only local connections are served");
            }
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            String allowed = switch (path) {
                case "/act" -> "POST";
                case "/health", "/spec" -> "GET";
                default -> null;
            };
            if (allowed == null) {
                return error(response, callback, 404, "no route " + path + "; the routes are POST /act, GET /health"
                        + " and GET /spec");
            }
            if (!allowed.equals(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, allowed);
                return error(response, callback, 405, path + " takes " + allowed + ", not " + method);
            }
            if (path.equals("/health")) {
                ObjectNode h = NODES.objectNode().put("status", "ok").put("requests", requests.get())
                        .put("observations", batcher.rows()).put("batches", batcher.batches());
                return send(response, callback, 200, h);
            }
            if (path.equals("/spec")) {
                return send(response, callback, 200, spec);
            }
            return act(request, response, callback);
        } catch (RuntimeException | IOException e) {
            return error(response, callback, 500, "internal error: " + e.getMessage());
        }
    }

    private boolean act(Request request, Response response, Callback callback) throws IOException {
        if (request.getLength() > MAX_BODY_BYTES) {
            return error(response, callback, 413, "the body has " + request.getLength() + " bytes; at most "
                    + MAX_BODY_BYTES + " are accepted");
        }
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        if (body.length() > MAX_BODY_BYTES) {
            return error(response, callback, 413, "the body is over " + MAX_BODY_BYTES + " bytes");
        }
        ParsedAct parsed;
        try {
            parsed = parse(body);
        } catch (BadRequest e) {
            return error(response, callback, 400, e.getMessage());
        }
        requests.incrementAndGet();
        CompletableFuture<List<MicroBatcher.Row>> result = new CompletableFuture<>();
        batcher.submit(new MicroBatcher.Job(parsed.observations(), parsed.deterministic(), !parsed.outputs().isEmpty(),
                result));
        result.whenComplete((rows, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                error(response, callback, cause instanceof IllegalStateException ? 503 : 500,
                        "the policy failed: " + cause.getMessage());
            } else {
                send(response, callback, 200, answer(parsed, rows));
            }
        });
        return true;
    }

    /** A valid {@code /act} request. */
    private record ParsedAct(List<Object> observations, boolean batch, boolean deterministic, boolean value,
            boolean probabilities, List<String> outputs) {}

    /** A request the client must fix; its message names the field. */
    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private ParsedAct parse(String body) throws BadRequest {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("the body must be a JSON object with \"observation\" or \"observations\" but was "
                    + (root == null || root.isMissingNode() ? "empty" : root.getNodeType().toString().toLowerCase()));
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new BadRequest("unknown field \"" + f + "\"; the fields are observation or observations,"
                        + " deterministic and return");
            }
        }
        boolean one = root.has("observation");
        boolean many = root.has("observations");
        if (one == many) {
            throw new BadRequest("give exactly one of \"observation\" (one observation) and \"observations\" (a list"
                    + " of them)" + (one ? ", not both" : ""));
        }
        List<Object> obs = new ArrayList<>();
        if (one) {
            obs.add(observation(root.get("observation"), "observation"));
        } else {
            JsonNode list = root.get("observations");
            if (!list.isArray() || list.isEmpty()) {
                throw new BadRequest("\"observations\" must be a non-empty list of observations but was "
                        + brief(list));
            }
            if (list.size() > MAX_OBSERVATIONS) {
                throw new BadRequest("\"observations\" has " + list.size() + " observations; at most "
                        + MAX_OBSERVATIONS + " per request");
            }
            for (int i = 0; i < list.size(); i++) {
                obs.add(observation(list.get(i), "observations[" + i + "]"));
            }
        }
        boolean deterministic = true;
        JsonNode d = root.get("deterministic");
        if (d != null) {
            if (!d.isBoolean()) {
                throw new BadRequest("\"deterministic\" must be true or false but was " + brief(d));
            }
            deterministic = d.booleanValue();
            if (!deterministic && !stochastic(policy)) {
                throw new BadRequest("\"deterministic\": false needs a policy with an action distribution; this one"
                        + " only gives its greedy action");
            }
        }
        boolean value = false;
        boolean probabilities = false;
        List<String> outputs = new ArrayList<>();
        JsonNode r = root.get("return");
        if (r != null && policy instanceof PolicyOutputs p) {
            if (!r.isArray()) {
                throw new BadRequest("\"return\" must be a list of output names (this policy has " + spec.get("return")
                        + ") but was " + brief(r));
            }
            for (JsonNode e : r) {
                String s = e.isTextual() ? e.textValue() : null;
                if (s == null || !p.outputNames().contains(s)) {
                    throw new BadRequest("\"return\" may hold " + spec.get("return") + " for this policy but held "
                            + brief(e));
                }
                if (!outputs.contains(s)) {
                    outputs.add(s);
                }
            }
        } else if (r != null) {
            if (!r.isArray()) {
                throw new BadRequest("\"return\" must be a list of \"value\" and \"probabilities\" but was " + brief(r));
            }
            for (JsonNode e : r) {
                String s = e.isTextual() ? e.textValue() : null;
                if ("value".equals(s) && policy instanceof BatchPolicy b && b.hasValues()) {
                    value = true;
                } else if ("probabilities".equals(s) && policy instanceof BatchPolicy) {
                    probabilities = true;
                } else if ("value".equals(s) || "probabilities".equals(s)) {
                    throw new BadRequest("\"return\" asks for " + s + ", which this policy does not have; it can"
                            + " return " + spec.get("return"));
                } else {
                    throw new BadRequest("\"return\" may hold \"value\" and \"probabilities\" but held " + brief(e));
                }
            }
        }
        return new ParsedAct(obs, many, deterministic, value, probabilities, outputs);
    }

    /** One observation of the served space as the policy takes it. */
    private Object observation(JsonNode node, String field) throws BadRequest {
        switch (observationSpace) {
            case Discrete d -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw new BadRequest(field + " must be an integer (a Discrete(" + d.n() + ") state) but was "
                            + brief(node));
                }
                int s = node.intValue();
                if (!d.contains(s)) {
                    throw new BadRequest(field + " is " + s + ", outside the observation space: states "
                            + d.start() + ".." + (d.start() + d.n() - 1));
                }
                return s;
            }
            case Box b -> {
                float[] x = new float[b.size()];
                flatten(node, b.shape(), field, "float32", x, null);
                for (int i = 0; i < x.length; i++) {
                    if (!(x[i] >= b.low(i) && x[i] <= b.high(i))) {
                        throw new BadRequest(field + index(i, b.shape()) + " is " + x[i]
                                + ", outside the observation space's bounds [" + b.low(i) + ", " + b.high(i) + "]");
                    }
                }
                return x;
            }
            case ByteBox b -> {
                byte[] x = new byte[b.size()];
                flatten(node, b.shape(), field, "uint8", null, x);
                for (int i = 0; i < x.length; i++) {
                    int v = x[i] & 0xff;
                    if (v < b.low() || v > b.high()) {
                        throw new BadRequest(field + index(i, b.shape()) + " is " + v
                                + ", outside the observation space's bounds [" + b.low() + ", " + b.high() + "]");
                    }
                }
                return x;
            }
            default -> throw new IllegalStateException("unsupported space " + observationSpace);
        }
    }

    /**
     * Reads {@code node}, a nested list of {@code shape} (or a flat list of all its values), into {@code floats} or
     * {@code bytes}, checking each number's dtype.
     */
    private static void flatten(JsonNode node, int[] shape, String field, String dtype, float[] floats, byte[] bytes)
            throws BadRequest {
        int size = floats != null ? floats.length : bytes.length;
        String expected = "shape " + Arrays.toString(shape) + " (" + dtype + ")";
        if (!node.isArray()) {
            throw new BadRequest(field + " must be a list of " + expected + " but was " + brief(node));
        }
        boolean flat = shape.length > 1 && node.size() == size && (node.isEmpty() || !node.get(0).isArray());
        int[] s = flat ? new int[] {size} : shape;
        int[] pos = {0};
        fill(node, s, 0, field, field.length(), shape, expected, dtype, floats, bytes, pos);
    }

    private static void fill(JsonNode node, int[] shape, int dim, String path, int fieldLength, int[] spaceShape,
            String expected, String dtype, float[] floats, byte[] bytes, int[] pos) throws BadRequest {
        if (dim == shape.length) {
            // the element's index in the space's shape, also when it came in a flat list
            path = path.substring(0, fieldLength) + index(pos[0], spaceShape);
            if (!node.isNumber()) {
                throw new BadRequest(path + " must be a " + dtype + " number but was " + brief(node));
            }
            if (floats != null) {
                float f = (float) node.doubleValue();
                if (!Float.isFinite(f)) {
                    throw new BadRequest(path + " is " + node.asText() + ", which is not a finite float32");
                }
                floats[pos[0]++] = f;
            } else {
                if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 || node.intValue() > 255) {
                    throw new BadRequest(path + " must be an integer in 0..255 (uint8) but was " + node.asText());
                }
                bytes[pos[0]++] = (byte) node.intValue();
            }
            return;
        }
        if (!node.isArray() || node.size() != shape[dim]) {
            throw new BadRequest(path + " must be a list of " + shape[dim] + (dim + 1 < shape.length ? " lists" : " numbers")
                    + " (observation " + expected + ") but was " + (node.isArray() ? "a list of " + node.size()
                    : brief(node)));
        }
        for (int i = 0; i < shape[dim]; i++) {
            fill(node.get(i), shape, dim + 1, path + "[" + i + "]", fieldLength, spaceShape, expected, dtype, floats,
                    bytes, pos);
        }
    }

    /** The multi-index of flat element {@code i} of {@code shape}, as {@code [a][b]...}. */
    private static String index(int i, int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int d = shape.length - 1; d >= 0; d--) {
            sb.insert(0, "[" + i % shape[d] + "]");
            i /= shape[d];
        }
        return sb.toString();
    }

    private static String brief(JsonNode n) {
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static ObjectNode answer(ParsedAct req, List<MicroBatcher.Row> rows) {
        ObjectNode o = NODES.objectNode();
        if (!req.batch()) {
            MicroBatcher.Row r = rows.get(0);
            o.set("action", JSON.valueToTree(r.action()));
            if (req.value()) {
                o.put("value", r.value());
            }
            if (req.probabilities()) {
                o.set("probabilities", floats(r.probabilities()));
            }
            for (String name : req.outputs()) {
                float[] x = r.outputs().get(name);
                if (name.equals("value")) {
                    o.put("value", x[0]);
                } else {
                    o.set(name, floats(x));
                }
            }
            return o;
        }
        ArrayNode actions = o.putArray("actions");
        ArrayNode values = req.value() ? o.putArray("values") : null;
        ArrayNode probs = req.probabilities() ? o.putArray("probabilities") : null;
        for (MicroBatcher.Row r : rows) {
            actions.add(JSON.<JsonNode>valueToTree(r.action()));
            if (values != null) {
                values.add(r.value());
            }
            if (probs != null) {
                probs.add(floats(r.probabilities()));
            }
        }
        for (String name : req.outputs()) {
            ArrayNode list = o.putArray(name.equals("value") ? "values" : name);
            for (MicroBatcher.Row r : rows) {
                float[] x = r.outputs().get(name);
                if (name.equals("value")) {
                    list.add(x[0]);
                } else {
                    list.add(floats(x));
                }
            }
        }
        return o;
    }

    private static ArrayNode floats(float[] x) {
        ArrayNode a = NODES.arrayNode(x.length);
        for (float f : x) {
            a.add(f);
        }
        return a;
    }

    /** A space as JSON: type, dtype, shape and bounds ({@code null} for an infinite Box bound). */
    static ObjectNode describe(Space<?> space) {
        ObjectNode o = NODES.objectNode();
        switch (space) {
            case Box b -> {
                o.put("type", "Box").put("dtype", "float32");
                ArrayNode shape = o.putArray("shape");
                Arrays.stream(b.shape()).forEach(shape::add);
                ArrayNode low = o.putArray("low");
                ArrayNode high = o.putArray("high");
                for (int i = 0; i < b.size(); i++) {
                    addBound(low, b.low(i));
                    addBound(high, b.high(i));
                }
            }
            case ByteBox b -> {
                o.put("type", "Box").put("dtype", "uint8");
                ArrayNode shape = o.putArray("shape");
                Arrays.stream(b.shape()).forEach(shape::add);
                o.put("low", b.low()).put("high", b.high());
            }
            case Discrete d -> o.put("type", "Discrete").put("dtype", "int64").put("n", d.n()).put("start", d.start());
            default -> o.put("type", space.getClass().getSimpleName()).put("description", space.toString());
        }
        return o;
    }

    private static void addBound(ArrayNode a, float v) {
        if (Float.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    private static boolean send(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body.toString(), callback);
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, String message) {
        return send(response, callback, status, NODES.objectNode().put("error", message));
    }
}
