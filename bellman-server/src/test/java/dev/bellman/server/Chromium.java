package dev.bellman.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** Headless Chromium for page tests: finding the binary (skip or, with CI=true, fail) and a minimal DevTools client. */
final class Chromium {
    private Chromium() {}

    /**
     * Stops the browser and every process it started (renderer, GPU, crashpad), waiting up to 10 s for each to exit:
     * killing only the main process let a child still write into the profile while the test's temporary directory was
     * being deleted ("Failed to delete temp directory ... profile/Default").
     */
    static void stop(Process browser) throws InterruptedException {
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>(browser.descendants().toList());
        all.add(browser.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // gone or stuck: the temp directory's deletion reports what is left
            }
        }
    }

    static String findChromium() {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        String msg = "headless Chromium not found: install the Debian package chromium (listed in .ci/apt-packages)";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg);
        }
        Assumptions.abort(msg);
        return null;
    }

    /** The string value of {@code key} in a reply (scanned, not matched by a regex: a screenshot is megabytes). */
    static String string(String json, String key) {
        String open = "\"" + key + "\":\"";
        int start = json.indexOf(open);
        assertTrue(start >= 0, key + " in " + json.substring(0, Math.min(200, json.length())));
        StringBuilder sb = new StringBuilder();
        for (int i = start + open.length(); i < json.length() && json.charAt(i) != '"'; i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                c = json.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** A minimal Chrome DevTools Protocol client: one page target, calls answered in order by id. */
    static final class DevTools implements AutoCloseable {
        private WebSocket socket;
        private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");

        private DevTools() {
        }

        /** Waits for Chromium's DevToolsActivePort file, finds the page target and opens its WebSocket. */
        static DevTools connect(Path profile, Process browser) throws Exception {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            while (System.nanoTime() < deadline) {
                if (!browser.isAlive()) {
                    fail("chromium exited with " + browser.exitValue());
                }
                if (Files.exists(portFile) && Files.readAllLines(portFile).size() >= 1) {
                    String port = Files.readAllLines(portFile).get(0).trim();
                    String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                            .build(), HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = Pattern.compile("\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"([^\"]+)\"")
                            .matcher(list);
                    if (m.find()) {
                        DevTools cdp = new DevTools();
                        cdp.socket = http.newWebSocketBuilder().buildAsync(URI.create(m.group(1)), cdp.listener())
                                .get(10, TimeUnit.SECONDS);
                        return cdp;
                    }
                }
                Thread.sleep(100);
            }
            throw new IOException("chromium's DevTools endpoint did not come up within 30 s");
        }

        private WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String msg = text.toString();
                        text.setLength(0);
                        Matcher m = ID.matcher(msg);
                        if (m.find()) {
                            CompletableFuture<String> f = pending.remove(Integer.parseInt(m.group(1)));
                            if (f != null) {
                                f.complete(msg);
                            }
                        }
                    }
                    ws.request(1);
                    return null;
                }
            };
        }

        /** Sends a command and returns its whole reply message. */
        String call(String method, String params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<String> f = new CompletableFuture<>();
            pending.put(id, f);
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                    .get(10, TimeUnit.SECONDS);
            String reply = f.get(20, TimeUnit.SECONDS);
            if (reply.contains("\"error\":")) {
                fail(method + " failed: " + reply);
            }
            return reply;
        }

        /** Evaluates a JavaScript expression in the page; its value as a string. */
        String eval(String expression) throws Exception {
            String escaped = expression.replace("\\", "\\\\").replace("\"", "\\\"");
            String reply = call("Runtime.evaluate", "{\"expression\":\"" + escaped + "\",\"returnByValue\":true}");
            if (reply.contains("\"value\":\"")) {
                return string(reply, "value");
            }
            Matcher n = Pattern.compile("\"value\":([^,}]+)").matcher(reply);
            return n.find() ? n.group(1) : "";
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
