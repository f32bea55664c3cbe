package dev.bellman.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bellman.algorithms.preference.Labeller;
import dev.bellman.algorithms.preference.PageLabeller;
import dev.bellman.algorithms.preference.Segment;
import dev.bellman.env.Envs;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelling page in a real browser: headless Chromium (Debian package {@code chromium}) driven over the DevTools
 * protocol with the JDK's WebSocket client. A {@link PageLabeller} (what a run with {@code labeller=page} uses) queues
 * two queries and waits; the test sees the page show both clips, clicks the left clip of the first query, presses the
 * right arrow on the second, and the labeller returns those answers from the run directory. Skipped when Chromium is
 * absent, unless {@code CI=true}, where it fails.
 */
class LabelPageChromiumTest {

    @Test
    void page_showsTwoClips_takesClickAndKey_answersReachTheRun(@TempDir Path dir) throws Exception {
        String chromium = Chromium.findChromium();
        Path runDir = Files.createDirectories(dir.resolve("run"));
        Path profile = Files.createDirectories(dir.resolve("profile"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Process browser = null;
        try (LabelServer server = LabelServer.start(runDir, LabelServer.LOCALHOST, 0)) {
            PageLabeller labeller = new PageLabeller(runDir, () -> Envs.make("CartPole-v1"), 50);
            Future<float[]> answers = pool.submit(() -> labeller.label(List.of(
                    new Labeller.Query(1, clip(0.05f, 6), clip(-0.1f, 6)),
                    new Labeller.Query(2, clip(0.15f, 3), clip(0f, 6)))));

            browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--remote-debugging-port=0",
                    "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=1280,720",
                    server.uri().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile())
                    .start();
            try (Chromium.DevTools cdp = Chromium.DevTools.connect(profile, browser)) {
                // the first query: both clips shown (GIFs decoded), then a click in the middle of the left one
                waitFor(cdp, "document.body.dataset.query === '1' && " + CLIPS_LOADED);
                String rect = cdp.eval("JSON.stringify(document.getElementById('left').getBoundingClientRect())");
                double x = number(rect, "x") + number(rect, "width") / 2;
                double y = number(rect, "y") + number(rect, "height") / 2;
                for (String type : new String[] {"mousePressed", "mouseReleased"}) {
                    cdp.call("Input.dispatchMouseEvent", "{\"type\":\"" + type + "\",\"x\":" + x + ",\"y\":" + y
                            + ",\"button\":\"left\",\"clickCount\":1}");
                }
                // the second query, then the right-arrow key
                waitFor(cdp, "document.body.dataset.query === '2' && " + CLIPS_LOADED);
                String png = Chromium.string(cdp.call("Page.captureScreenshot", "{\"format\":\"png\"}"), "data");
                Path shot = Path.of("target", "label-page.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, Base64.getDecoder().decode(png));
                for (String type : new String[] {"keyDown", "keyUp"}) {
                    cdp.call("Input.dispatchKeyEvent", "{\"type\":\"" + type + "\",\"key\":\"ArrowRight\","
                            + "\"code\":\"ArrowRight\",\"windowsVirtualKeyCode\":39}");
                }
                float[] got = answers.get(30, TimeUnit.SECONDS);
                assertArrayEquals(new float[] {1, 0}, got, "left clicked on query 1, right arrow on query 2");
                assertEquals(Map.of(1L, "left", 2L, "right"), PageLabeller.readAnswers(runDir));
                waitFor(cdp, "document.body.dataset.query === '0'");
            }
        } finally {
            pool.shutdownNow();
            if (browser != null) {
                Chromium.stop(browser);
            }
        }
    }

    private static final String CLIPS_LOADED = "['left','right'].every(id => { const i = document.getElementById(id);"
            + " return i.complete && i.naturalWidth > 0 && i.offsetWidth > 0; })";

    /**
     * A CartPole clip of 6 steps (short: encoding the GIFs is most of this test's time): the pole at angle
     * {@code theta}, alive for {@code alive} steps.
     */
    private static Segment clip(float theta, int alive) {
        int len = 6;
        float[] obs = new float[len * 4];
        for (int t = 0; t < alive; t++) {
            obs[t * 4] = 0.1f * t;
            obs[t * 4 + 2] = theta + 0.02f * t;
        }
        return new Segment(new float[len * 5], len, 5, obs, alive, alive);
    }

    private static void waitFor(Chromium.DevTools cdp, String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (cdp.eval("String(" + condition + ")").equals("true")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the page never reached " + condition + "; it shows: "
                + cdp.eval("document.getElementById('status').textContent"));
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
