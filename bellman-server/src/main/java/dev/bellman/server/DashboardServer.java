package dev.bellman.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The page of {@code bellman dashboard}: the runs under a directory (each a subdirectory written by
 * {@code bellman train}) with their algorithm, env, seed, status and progress, and the learning curves
 * ({@value #RETURN} against {@code global_step}) of the selected runs on one chart, kept live with server-sent events
 * while their {@code metrics.csv} grows, their hyperparameters side by side, and each selected run's latest episode
 * GIF. The chart is drawn by uPlot, served from the jar (resource folder
 * {@code uplot/}, with its licence and version note); nothing is fetched from elsewhere.
 *
 * <p>Routes: {@code GET /} the page ({@code dashboard.html}); {@code GET /uplot/uPlot.iife.min.js} and
 * {@code /uplot/uPlot.min.css}; {@code GET /api/runs} the runs as JSON; {@code GET /api/config?run=NAME} a run's
 * {@code config.json}; {@code GET /api/curve?run=NAME} an event stream ({@code text/event-stream}) whose events each
 * carry {@code {"steps":[...],"returns":[...]}}: the points the client has not had yet, first all of them, then the
 * new ones as the file grows (a run rewrites the file whole, so it is re-read when its size or time changes; a file
 * that shrank, a restarted run, is sent again from the start with {@code "reset":true}); {@code GET /api/gif?run=NAME}
 * the run's latest episode GIF (see {@link #latestGif}), 404 when it has none.
 *
 * <p>A run's status: {@code running} while its {@code bellman.lock} names a live process on this host (the lock file is
 * read, not locked: locking it from the process that holds it would release the holder's lock), {@code finished}
 * once {@code summary.json} exists without {@code "interrupted": true}, otherwise {@code stopped}.
 *
 * <p>Bound to {@value LabelServer#LOCALHOST} unless another host is given; while bound to a loopback address,
 * requests from other peers are refused with 403.
 */
public final class DashboardServer implements AutoCloseable {
    /** The metric drawn: the undiscounted return of each finished episode. */
    public static final String RETURN = "charts/episodic_return";
    /** How often a stream looks at its run's metrics.csv, in milliseconds. */
    static final long POLL_MS = 250;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Server server;
    private final ServerConnector connector;
    private final Path runsDir;
    private volatile boolean closed;

    private DashboardServer(Server server, ServerConnector connector, Path runsDir) {
        this.server = server;
        this.connector = connector;
        this.runsDir = runsDir;
    }

    /**
     * Serves the dashboard of the runs under {@code runsDir} on {@code host}:{@code port} ({@code port} 0 picks a
     * free one).
     *
     * @throws IOException when the port cannot be bound
     */
    public static DashboardServer start(Path runsDir, String host, int port) throws IOException {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        boolean localOnly = LabelServer.isLoopback(host);
        DashboardServer ds = new DashboardServer(server, connector, runsDir);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return ds.handle(request, response, callback, localOnly);
            }
        });
        server.setStopTimeout(1000);
        try {
            server.start();
        } catch (IOException e) {
            ds.close();
            throw e;
        } catch (Exception e) {
            ds.close();
            throw new IOException("could not serve on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return ds;
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The page's address. */
    public URI uri() {
        String h = connector.getHost();
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/");
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping a server that did not start
        }
    }

    private static final Map<String, String> STATIC = Map.of(
            "/", "dashboard.html", "/index.html", "dashboard.html",
            "/uplot/uPlot.iife.min.js", "uplot/uPlot.iife.min.js", "/uplot/uPlot.min.css", "uplot/uPlot.min.css");

    private boolean handle(Request request, Response response, Callback callback, boolean localOnly)
            throws IOException {
        String peer = Request.getRemoteAddr(request);
        if (localOnly && !(peer != null && LabelServer.isLoopback(peer))) {
            return send(response, callback, 403, "text/plain", "only local connections are served");
        }
        String path = Request.getPathInContext(request);
        if (!request.getMethod().equals("GET")) {
            return send(response, callback, 405, "text/plain", "only GET is served");
        }
        String resource = STATIC.get(path);
        if (resource != null) {
            try (InputStream in = DashboardServer.class.getResourceAsStream(resource)) {
                String type = resource.endsWith(".html") ? "text/html; charset=utf-8"
                        : resource.endsWith(".css") ? "text/css" : "text/javascript";
                return send(response, callback, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        if (path.equals("/api/runs")) {
            return send(response, callback, 200, "application/json", JSON.writeValueAsString(runs()));
        }
        if (path.equals("/api/config") || path.equals("/api/curve") || path.equals("/api/gif")) {
            Fields query = Request.extractQueryParameters(request);
            String name = query.getValue("run");
            Path dir = runDir(name);
            if (dir == null) {
                return send(response, callback, 404, "text/plain", "no run named " + name + " under " + runsDir);
            }
            if (path.equals("/api/gif")) {
                Path gif = latestGif(dir);
                if (gif == null) {
                    return send(response, callback, 404, "text/plain", "run " + name + " has no episode GIF yet");
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/gif");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                response.write(true, ByteBuffer.wrap(Files.readAllBytes(gif)), callback);
                return true;
            }
            if (path.equals("/api/config")) {
                Path cfg = dir.resolve("config.json");
                return send(response, callback, 200, "application/json",
                        Files.isRegularFile(cfg) ? Files.readString(cfg) : "{}");
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Thread.ofVirtual().name("dashboard-curve-" + name).start(() -> stream(dir, response, callback));
            return true;
        }
        return send(response, callback, 404, "text/plain", "not found: " + path);
    }

    /** The run directory named {@code name} directly under the runs directory, or null. */
    private Path runDir(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            return null;
        }
        Path dir = runsDir.resolve(name);
        return Files.isDirectory(dir) ? dir : null;
    }

    /** Sends the curve's points as they appear until the client goes away or the server closes. */
    private void stream(Path dir, Response response, Callback callback) {
        Path csv = dir.resolve("metrics.csv");
        int sent = 0;
        long lastSize = -1;
        long lastModified = -1;
        try {
            write(response, ": bellman dashboard\n\n");
            long idle = 0;
            while (!closed) {
                long size = Files.isRegularFile(csv) ? Files.size(csv) : -1;
                long modified = size < 0 ? -1 : Files.getLastModifiedTime(csv).toMillis();
                if (size != lastSize || modified != lastModified) {
                    lastSize = size;
                    lastModified = modified;
                    Curve c = Curve.read(csv);
                    boolean reset = c.steps.size() < sent;
                    if (reset) {
                        sent = 0;
                    }
                    if (c.steps.size() > sent) {
                        ObjectNode ev = JSON.createObjectNode();
                        ev.put("reset", reset || sent == 0);
                        ArrayNode s = ev.putArray("steps");
                        ArrayNode r = ev.putArray("returns");
                        for (int i = sent; i < c.steps.size(); i++) {
                            s.add(c.steps.get(i));
                            r.add(c.returns.get(i));
                        }
                        write(response, "data: " + JSON.writeValueAsString(ev) + "\n\n");
                        sent = c.steps.size();
                        idle = 0;
                    }
                }
                Thread.sleep(POLL_MS);
                idle += POLL_MS;
                if (idle >= 15_000) { // a comment now and then finds a client that has gone away
                    write(response, ": alive\n\n");
                    idle = 0;
                }
            }
            callback.succeeded();
        } catch (Exception e) {
            callback.failed(e);
        }
    }

    private static void write(Response response, String text) throws IOException {
        try (Blocker.Callback b = Blocker.callback()) {
            response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), b);
            b.block();
        }
    }

    /** The steps and returns of the rows of a metrics.csv that have a return. */
    record Curve(List<Long> steps, List<Double> returns) {
        static Curve read(Path csv) throws IOException {
            List<Long> steps = new ArrayList<>();
            List<Double> returns = new ArrayList<>();
            if (!Files.isRegularFile(csv)) {
                return new Curve(steps, returns);
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(csv);
            } catch (IOException e) { // replaced under us: the next poll reads the new one
                return new Curve(steps, returns);
            }
            if (lines.isEmpty()) {
                return new Curve(steps, returns);
            }
            List<String> header = List.of(lines.get(0).split(",", -1));
            int step = header.indexOf("global_step");
            int ret = header.indexOf(RETURN);
            if (step < 0 || ret < 0) {
                return new Curve(steps, returns);
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                if (cells.length <= Math.max(step, ret) || cells[ret].isEmpty()) {
                    continue;
                }
                try {
                    long s = Long.parseLong(cells[step]);
                    double r = Double.parseDouble(cells[ret]);
                    steps.add(s);
                    returns.add(r);
                } catch (NumberFormatException e) {
                    // a cell this page cannot draw
                }
            }
            return new Curve(steps, returns);
        }
    }

    /** The runs under the runs directory, by name: every subdirectory with a config.json or metrics.csv. */
    ArrayNode runs() throws IOException {
        ArrayNode out = JSON.createArrayNode();
        if (!Files.isDirectory(runsDir)) {
            return out;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(runsDir)) {
            dirs = s.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("config.json"))
                    || Files.exists(d.resolve("metrics.csv"))).sorted().toList();
        }
        for (Path d : dirs) {
            ObjectNode run = out.addObject();
            run.put("name", d.getFileName().toString());
            JsonNode cfg = readJson(d.resolve("config.json"));
            run.put("algo", cfg.path("algo").asText(""));
            run.put("env", cfg.path("env").asText(""));
            run.set("seed", cfg.path("seed").isMissingNode() ? null : cfg.get("seed"));
            run.put("total_timesteps", cfg.path("total_timesteps").asLong(0));
            run.put("status", status(d));
            run.put("global_step", lastStep(d.resolve("metrics.csv")));
            Path gif = latestGif(d);
            if (gif == null) {
                run.putNull("gif");
            } else {
                ObjectNode g = run.putObject("gif");
                g.put("file", d.relativize(gif).toString());
                g.put("modified_ms", Files.getLastModifiedTime(gif).toMillis());
            }
        }
        return out;
    }

    /**
     * The newest {@code .gif} file (by modification time) directly in the run directory or in its {@code videos/}
     * folder, or null: {@code bellman train --gif} writes {@code episode.gif} there, {@code bellman play --gif} writes
     * wherever it is told.
     */
    static Path latestGif(Path dir) {
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        for (Path folder : List.of(dir, dir.resolve("videos"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> s = Files.list(folder)) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    String n = f.getFileName().toString();
                    if (!n.endsWith(".gif") || n.startsWith(".") || !Files.isRegularFile(f)) {
                        continue;
                    }
                    long t = Files.getLastModifiedTime(f).toMillis();
                    if (t > bestTime || (t == bestTime && f.compareTo(best) > 0)) {
                        best = f;
                        bestTime = t;
                    }
                }
            } catch (IOException e) {
                // a folder that went away while listed
            }
        }
        return best;
    }

    /** The status of the run in {@code dir}: {@code running}, {@code finished} or {@code stopped} (see the class comment). */
    public static String status(Path dir) {
        if (lockHolderAlive(dir.resolve("bellman.lock"))) {
            return "running";
        }
        JsonNode summary = readJson(dir.resolve("summary.json"));
        return summary.isObject() && !summary.path("interrupted").asBoolean(false) ? "finished" : "stopped";
    }

    private static boolean lockHolderAlive(Path lock) {
        String pid = null;
        String host = null;
        try {
            if (!Files.isRegularFile(lock)) {
                return false;
            }
            for (String line : Files.readAllLines(lock)) {
                if (line.startsWith("pid ")) {
                    pid = line.substring(4).strip();
                } else if (line.startsWith("host ")) {
                    host = line.substring(5).strip();
                }
            }
        } catch (IOException e) {
            return false;
        }
        if (pid == null) {
            return false;
        }
        if (host != null && !host.equals(thisHost())) {
            return true; // another machine's process: trust the file
        }
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String thisHost() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "";
            }
        }
    }

    /** The last global_step in a metrics.csv, or 0. */
    private static long lastStep(Path csv) {
        try {
            if (!Files.isRegularFile(csv)) {
                return 0;
            }
            List<String> lines = Files.readAllLines(csv);
            for (int i = lines.size() - 1; i >= 1; i--) {
                String first = lines.get(i).split(",", 2)[0];
                try {
                    return Long.parseLong(first);
                } catch (NumberFormatException e) {
                    // skip a line that is not a row
                }
            }
        } catch (IOException e) {
            // replaced while read
        }
        return 0;
    }

    private static JsonNode readJson(Path f) {
        try {
            return Files.isRegularFile(f) ? JSON.readTree(f.toFile()) : JSON.missingNode();
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static boolean send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
