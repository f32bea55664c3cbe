package dev.bellman.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (headless Chromium over the DevTools protocol, see {@link Chromium}): two runs under
 * a runs directory, one "running" (its lock names this live process) whose metrics.csv the test rewrites whole with
 * more rows, as {@code bellman train} does at each flush; the page lists both, the first run's curve appears when it is
 * ticked and its point count on the chart grows without a reload, and the second run, ticked, is overlaid on the same
 * chart. Each ticked run shows its latest episode GIF: none yet for the first, then the one it writes, then a newer one
 * in its {@code videos/} folder replaces it (told apart by their sizes, decoded by the browser). Skipped when Chromium
 * is absent, unless {@code CI=true}, where it fails.
 */
class DashboardChromiumTest {

    @Test
    void page_streamsGrowingCurve_andOverlaysSecondRun(@TempDir Path dir) throws Exception {
        String chromium = Chromium.findChromium();
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path a = run(runs, "ppo-CartPole-v1-s1", "ppo", 1, true);
        Path b = run(runs, "dqn-CartPole-v1-s2", "dqn", 2, false);
        writeMetrics(a, 5, 10);
        writeMetrics(b, 20, 5);
        Files.writeString(b.resolve("summary.json"), "{\"total_timesteps\":10000}");
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Process browser = null;
        try (DashboardServer server = DashboardServer.start(runs, LabelServer.LOCALHOST, 0)) {
            String list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("/api/runs"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(list.contains("\"name\":\"ppo-CartPole-v1-s1\",\"algo\":\"ppo\",\"env\":\"CartPole-v1\",\"seed\":1")
                    && list.contains("\"status\":\"running\"") && list.contains("\"status\":\"finished\""), list);
            assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.uri().resolve("/api/curve?run=..")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());

            browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--remote-debugging-port=0",
                    "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=1100,1300",
                    server.uri().toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("chromium.log").toFile()).start();
            try (Chromium.DevTools cdp = Chromium.DevTools.connect(profile, browser)) {
                waitFor(cdp, "document.body.dataset.runs === '2' && typeof uPlot === 'function'");
                assertEquals("running", cdp.eval("document.querySelector('#runs tbody tr:nth-child(2) td:nth-child(6)')"
                        + ".textContent"));
                tick(cdp, "ppo-CartPole-v1-s1");
                waitFor(cdp, points("ppo-CartPole-v1-s1") + " === 5");
                // the run writes more rows: the chart follows without a reload
                writeMetrics(a, 12, 10);
                waitFor(cdp, points("ppo-CartPole-v1-s1") + " === 12");
                writeMetrics(a, 30, 10);
                waitFor(cdp, points("ppo-CartPole-v1-s1") + " === 30");
                // the second run on the same chart
                tick(cdp, "dqn-CartPole-v1-s2");
                waitFor(cdp, points("dqn-CartPole-v1-s2") + " === 20 && " + points("ppo-CartPole-v1-s1") + " === 30");
                assertEquals("3", cdp.eval("String(window.dashboardPlot.series.length)"), "step axis and two runs");
                waitFor(cdp, "document.querySelectorAll('#hparams thead th').length === 3");

                // the latest episode GIF of each ticked run
                String gifA = "document.getElementById('gif-ppo-CartPole-v1-s1')";
                String gifB = "document.getElementById('gif-dqn-CartPole-v1-s2')";
                waitFor(cdp, gifA + " !== null && " + gifA + ".querySelector('img').hidden && "
                        + gifA + ".textContent.includes('no episode GIF yet')");
                Files.writeString(a.resolve("notes.txt"), "not a gif");
                gif(a.resolve("episode.gif"), 60, 40);
                gif(b.resolve("episode.gif"), 30, 30);
                waitFor(cdp, loaded(gifA, 60, 40) + " && " + loaded(gifB, 30, 30));
                Files.setLastModifiedTime(a.resolve("episode.gif"), java.nio.file.attribute.FileTime.fromMillis(
                        System.currentTimeMillis() - 60_000));
                int[] size = cartPoleGif(Files.createDirectories(a.resolve("videos")).resolve("rl-video-episode-8.gif"));
                waitFor(cdp, loaded(gifA, size[0], size[1]) + " && "
                        + gifA + ".textContent.includes('videos/rl-video-episode-8.gif')");
                assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.uri().resolve("/api/gif?run=..")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode());
                Thread.sleep(300); // let the frame paint
                byte[] png = Base64.getDecoder().decode(Chromium.string(
                        cdp.call("Page.captureScreenshot", "{\"format\":\"png\"}"), "data"));
                Path shot = Path.of("target", "dashboard-page.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, png);
            }
        } finally {
            if (browser != null) {
                Chromium.stop(browser);
            }
        }
    }

    /** True once the figure's image has been decoded at this size. */
    private static String loaded(String figure, int width, int height) {
        String img = figure + ".querySelector('img')";
        return "(" + figure + " !== null && !" + img + ".hidden && " + img + ".complete && " + img + ".naturalWidth === "
                + width + " && " + img + ".naturalHeight === " + height + ")";
    }

    /** A two-frame animated GIF of the given size. */
    private static void gif(Path file, int width, int height) throws Exception {
        byte[] red = new byte[width * height * 3];
        byte[] blue = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            red[3 * i] = (byte) 200;
            blue[3 * i + 2] = (byte) 200;
        }
        dev.bellman.env.wrappers.GifWriter.write(java.util.List.of(new dev.bellman.env.RenderFrame(width, height, red),
                new dev.bellman.env.RenderFrame(width, height, blue)), 4, file);
    }

    /** Up to twenty frames of CartPole-v1 pushed left and right in turn, as a run's recorded episode; returns the frame's width and height. */
    private static int[] cartPoleGif(Path file) throws Exception {
        java.util.List<dev.bellman.env.RenderFrame> frames = new java.util.ArrayList<>();
        try (dev.bellman.env.Env<float[], Integer> env = dev.bellman.env.Envs.make("CartPole-v1")) {
            env.reset(7L);
            frames.add(env.render());
            for (int t = 0; t < 19; t++) {
                boolean done = env.step(t % 2).done();
                frames.add(env.render());
                if (done) {
                    break;
                }
            }
            dev.bellman.env.wrappers.GifWriter.write(frames, env.renderFps(), file);
        }
        return new int[] {frames.get(0).width(), frames.get(0).height()};
    }

    private static String points(String run) {
        return "(window.chartPoints()['" + run + "'] || 0)";
    }

    private static void tick(Chromium.DevTools cdp, String run) throws Exception {
        cdp.eval("document.querySelector('input[data-run=\"" + run + "\"]').click()");
    }

    /** A run directory with the config.json a run writes, and (when {@code running}) a lock naming this process. */
    private static Path run(Path runs, String name, String algo, int seed, boolean running) throws Exception {
        Path d = Files.createDirectories(runs.resolve(name));
        Files.writeString(d.resolve("config.json"), "{\"algo\":\"" + algo + "\",\"env\":\"CartPole-v1\",\"seed\":" + seed
                + ",\"total_timesteps\":10000,\"hyperparameters\":{\"learning_rate\":" + (seed * 0.001) + "}}");
        Files.writeString(d.resolve("bellman.lock"), running ? "pid " + ProcessHandle.current().pid() + "\nhost "
                + Files.readString(Path.of("/proc/sys/kernel/hostname")).strip() + "\nstarted 2026-12-05T00:00:00Z\n" : "");
        return d;
    }

    /**
     * Rewrites {@code metrics.csv} whole and atomically with {@code episodes} episode rows (and a loss row between
     * each), as CsvMetrics does at each flush.
     */
    private static void writeMetrics(Path run, int episodes, int stepsPerEpisode) throws Exception {
        StringBuilder sb = new StringBuilder("global_step,wall_time_s,charts/episodic_return,losses/value_loss\n");
        for (int i = 1; i <= episodes; i++) {
            long step = (long) i * stepsPerEpisode;
            sb.append(String.format(Locale.ROOT, "%d,%.2f,%.1f,%n", step, i * 0.1, 10.0 + i));
            sb.append(String.format(Locale.ROOT, "%d,%.2f,,%.4f%n", step, i * 0.1, 1.0 / i));
        }
        Path tmp = run.resolve(".metrics.csv.tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, run.resolve("metrics.csv"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void waitFor(Chromium.DevTools cdp, String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (cdp.eval("String(" + condition + ")").equals("true")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the page never reached " + condition + "; chart points: " + cdp.eval("JSON.stringify(window.chartPoints())")
                + "; status: " + cdp.eval("document.getElementById('status').textContent"));
    }
}
