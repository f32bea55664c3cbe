package dev.bellman.server;

import dev.bellman.algorithms.preference.PageLabeller;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The preference-labelling page of {@code bellman label}: serves a static page (resource {@code label.html}, no build
 * step, nothing fetched from elsewhere) and the clips a run queued in its directory, and appends the answers to the
 * run's {@value PageLabeller#ANSWERS}, from which a run with {@code labeller=page} ({@link PageLabeller}) reads them.
 *
 * <p>Routes: {@code GET /} the page; {@code GET /api/next} the oldest unanswered query as JSON (with {@code "id":0}
 * when none is waiting); {@code GET /clips/q-N-left.gif} a clip; {@code POST /api/answer} with the form body
 * {@code id=N&choice=left|right|equal|skip}.
 *
 * <p>Bound to {@value #LOCALHOST} unless another host is given: other machines cannot connect, and requests whose
 * peer is not a loopback address are refused with 403 as a second line of defence while bound locally.
 */
public final class LabelServer implements AutoCloseable {
    /** The default bind address. */
    public static final String LOCALHOST = "127.0.0.1";
    private static final Pattern CLIP = Pattern.compile("/clips/q-\\d+-(left|right)\\.gif");

    private final Server server;
    private final ServerConnector connector;
    private final Path runDir;

    private LabelServer(Server server, ServerConnector connector, Path runDir) {
        this.server = server;
        this.connector = connector;
        this.runDir = runDir;
    }

    /**
     * Serves the page for {@code runDir} on {@code host}:{@code port} ({@code port} 0 picks a free one).
     *
     * @throws IOException when the port cannot be bound
     */
    public static LabelServer start(Path runDir, String host, int port) throws IOException {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        boolean localOnly = isLoopback(host);
        LabelServer ls = new LabelServer(server, connector, runDir);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return ls.handle(request, response, callback, localOnly);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("could not serve on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return ls;
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The bound host. */
    public String host() {
        return connector.getHost();
    }

    /** The page's address. */
    public URI uri() {
        String h = host();
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/");
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private boolean handle(Request request, Response response, Callback callback, boolean localOnly)
            throws IOException {
        if (localOnly && !(Request.getRemoteAddr(request) != null
                && isLoopback(Request.getRemoteAddr(request)))) {
            return send(response, callback, 403, "text/plain", "only local connections are served");
        }
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
            try (InputStream in = LabelServer.class.getResourceAsStream("label.html")) {
                return send(response, callback, 200, "text/html; charset=utf-8", new String(in.readAllBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        if (method.equals("GET") && path.equals("/api/next")) {
            return send(response, callback, 200, "application/json", next());
        }
        if (method.equals("GET") && CLIP.matcher(path).matches()) {
            Path f = runDir.resolve(path.substring(1));
            if (!Files.isRegularFile(f)) {
                return send(response, callback, 404, "text/plain", "no clip " + path);
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/gif");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(Files.readAllBytes(f)), callback);
            return true;
        }
        if (method.equals("POST") && path.equals("/api/answer")) {
            Map<String, String> form = form(Content.Source.asString(request, StandardCharsets.UTF_8));
            String choice = form.getOrDefault("choice", "");
            long id;
            try {
                id = Long.parseLong(form.getOrDefault("id", ""));
            } catch (NumberFormatException e) {
                return send(response, callback, 400, "text/plain", "id must be a query number but was "
                        + form.get("id"));
            }
            if (!PageLabeller.CHOICES.contains(choice)) {
                return send(response, callback, 400, "text/plain", "choice must be one of " + PageLabeller.CHOICES
                        + " but was " + choice);
            }
            PageLabeller.appendAnswer(runDir, id, choice);
            return send(response, callback, 200, "application/json", next());
        }
        return send(response, callback, 404, "text/plain", "not found: " + method + " " + path);
    }

    /** The oldest unanswered query's line with the counts added, or {@code {"id":0,...}} when none waits. */
    private String next() throws IOException {
        List<String> queries = PageLabeller.readQueries(runDir);
        Map<Long, String> answers = PageLabeller.readAnswers(runDir);
        String first = null;
        int pending = 0;
        for (String q : queries) {
            if (!answers.containsKey(PageLabeller.queryId(q))) {
                pending++;
                if (first == null) {
                    first = q.trim();
                }
            }
        }
        String counts = "\"answered\":" + answers.size() + ",\"pending\":" + pending;
        return first == null ? "{\"id\":0," + counts + "}"
                : first.substring(0, first.lastIndexOf('}')) + "," + counts + "}";
    }

    private static boolean send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
        return true;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Whether {@code host} names a loopback address (literal or resolved). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping a server that did not start
        }
    }
}
