import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A load generator for {@code bellman serve} (JDK only: run it as a source file, {@code java tools/bench/ServeLoad.java
 * URL CONCURRENCY SECONDS [WARMUP_SECONDS] [OBS_SIZE]}). CONCURRENCY client threads each send one
 * {@code POST /act} with a random observation (values in [-0.2, 0.2], inside CartPole's bounds) and wait for its answer
 * before the next (a closed loop), over one shared HTTP/1.1 client. Prints requests per second and the p50, p90, p99
 * latencies measured after the warm-up, and the requests per batch the server evaluated (from GET /health).
 */
public final class ServeLoad {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java ServeLoad.java URL CONCURRENCY SECONDS [WARMUP_SECONDS] [OBS_SIZE]");
            System.exit(2);
        }
        URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        int concurrency = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 2;
        int obsSize = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(Math.max(2, concurrency))).build();
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        long end = warmEnd + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> parts = new ArrayList<>();
        long[] passesAtStart = new long[1];
        for (int t = 0; t < concurrency; t++) {
            long seed = t;
            parts.add(pool.submit(() -> {
                Random r = new Random(seed);
                long[] lat = new long[1 << 16];
                int n = 0;
                while (true) {
                    StringBuilder sb = new StringBuilder("{\"observation\": [");
                    for (int i = 0; i < obsSize; i++) {
                        sb.append(i == 0 ? "" : ", ").append((r.nextFloat() - 0.5f) * 0.4f);
                    }
                    HttpRequest req = HttpRequest.newBuilder(base.resolve("act"))
                            .POST(HttpRequest.BodyPublishers.ofString(sb.append("]}").toString())).build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                    long t1 = System.nanoTime();
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + resp.body());
                    }
                    if (t1 > end) {
                        return Arrays.copyOf(lat, n);
                    }
                    if (t0 >= warmEnd) {
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, 2 * n);
                        }
                        lat[n++] = t1 - t0;
                    }
                }
            }));
        }
        Thread.sleep(Math.max(0, (warmEnd - System.nanoTime()) / 1_000_000));
        passesAtStart[0] = batches(http, base);
        long measuredStart = System.nanoTime();
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : parts) {
            all.add(f.get());
        }
        long passesAtEnd = batches(http, base);
        pool.shutdown();
        long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double span = Math.min(seconds, (System.nanoTime() - measuredStart) / 1e9);
        System.out.printf(Locale.ROOT, "concurrency %d: %d requests in %.1f s = %.0f req/s; latency p50 %.2f ms,"
                + " p90 %.2f ms, p99 %.2f ms; %.1f requests per batch%n", concurrency, lat.length, span,
                lat.length / span, pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99),
                (double) lat.length / Math.max(1, passesAtEnd - passesAtStart[0]));
        System.exit(0);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }

    private static long batches(HttpClient http, URI base) throws Exception {
        String body = http.send(HttpRequest.newBuilder(base.resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int i = body.indexOf("\"batches\":");
        return i < 0 ? 0 : Long.parseLong(body.substring(i + 10).replaceAll("[^0-9].*", ""));
    }
}
