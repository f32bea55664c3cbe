package dev.bellman.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.algorithms.preference.PageLabeller;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelServerTest {

    @Test
    void byDefault_boundToLoopback_andOtherAddressesRefused(@TempDir Path dir) throws Exception {
        try (LabelServer server = LabelServer.start(dir, LabelServer.LOCALHOST, 0)) {
            assertEquals("127.0.0.1", server.host());
            assertTrue(InetAddress.getByName(server.host()).isLoopbackAddress());
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                assertTrue(s.isConnected());
            }
            Optional<InetAddress> external = nonLoopbackAddress();
            Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external.get(), server.port()), 2000);
                }
            }, "a connection to " + external.get() + " reached the page");
        }
    }

    @Test
    void api_servesPendingQueryAndClip_recordsAnswer(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(PageLabeller.CLIPS));
        Files.write(dir.resolve(PageLabeller.clipPath(3, "left")), new byte[] {'G', 'I', 'F'});
        Files.writeString(dir.resolve(PageLabeller.QUERIES), "{\"id\":3,\"left\":\"clips/q-3-left.gif\","
                + "\"right\":\"clips/q-3-right.gif\",\"frames\":25,\"fps\":50}\n");
        try (LabelServer server = LabelServer.start(dir, LabelServer.LOCALHOST, 0)) {
            HttpClient http = HttpClient.newHttpClient();
            String next = get(http, server.uri().resolve("/api/next")).body();
            assertTrue(next.startsWith("{\"id\":3,") && next.contains("\"pending\":1"), next);
            assertEquals("GIF", get(http, server.uri().resolve("/" + PageLabeller.clipPath(3, "left"))).body());
            assertEquals(404, get(http, server.uri().resolve("/clips/../queries.jsonl")).statusCode());
            assertEquals(400, post(http, server.uri().resolve("/api/answer"), "id=3&choice=maybe").statusCode());
            HttpResponse<String> r = post(http, server.uri().resolve("/api/answer"), "id=3&choice=equal");
            assertEquals(200, r.statusCode());
            assertTrue(r.body().startsWith("{\"id\":0,") && r.body().contains("\"answered\":1"), r.body());
            assertEquals(Map.of(3L, "equal"), PageLabeller.readAnswers(dir));
            assertTrue(get(http, server.uri()).body().contains("Which clip"));
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String form)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
