package dev.bellman.envs.box2d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.EnvChecker;
import dev.bellman.env.Envs;
import dev.bellman.env.NpRandom;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Step;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jbox2d.dynamics.Body;
import org.junit.jupiter.api.Test;

class CarRacingTest {

    @Test
    void envCheckerPassesInBothActionModes() {
        EnvChecker.check("CarRacing-v3");
        EnvChecker.check(() -> Envs.make("CarRacing-v3", Map.of("continuous", false, "domain_randomize", true)));
        try (Env<?, ?> env = Envs.make("CarRacing-v3")) {
            assertEquals(ByteBox.pixels(96, 96, 3), env.observationSpace());
            assertEquals(new Box(new float[] {-1f, 0f, 0f}, new float[] {1f, 1f, 1f}), env.actionSpace());
        }
        try (Env<?, ?> env = Envs.make("CarRacing-v3", Map.of("continuous", false))) {
            assertEquals(new Discrete(5), env.actionSpace());
        }
        assertEquals(1000, Envs.spec("CarRacing-v3").maxEpisodeSteps());
        assertEquals(900.0, Envs.spec("CarRacing-v3").rewardThreshold());
    }

    /** tools/fixtures/carracing_tracks.py: Gymnasium's tracks; generation uses only the seeded generator. */
    @Test
    void tracksAndColoursAreGymnasiumsForTheSameSeed() throws IOException {
        List<String[]> plain = new ArrayList<>();
        List<String[]> randomized = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/box2d/carracing_tracks.txt"), StandardCharsets.UTF_8))) {
            List<String[]> into = plain;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("# domain_randomize")) {
                    into = randomized;
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    into.add(line.trim().split(" "));
                }
            }
        }
        assertEquals(50, plain.size());
        assertEquals(10, randomized.size());
        for (String[] f : plain) {
            CarTrack t = CarTrack.generate(new NpRandom(Long.parseLong(f[0])));
            assertTrack(f, t);
        }
        CarRacing env = new CarRacing(new CarRacing.Params(true, true, 0.95));
        for (String[] f : randomized) {
            env.reset(Long.parseLong(f[0]));
            assertTrack(f, env.track());
            double[] colours = env.colours();
            for (int k = 0; k < 9; k++) {
                assertEquals(Double.parseDouble(f[8 + k]), colours[k], 1e-9, "seed " + f[0] + " colour " + k);
            }
        }
    }

    private static void assertTrack(String[] f, CarTrack t) {
        String seed = "seed " + f[0];
        assertEquals(Integer.parseInt(f[1]), t.size(), seed + ": tiles");
        int kerbs = 0;
        for (boolean b : t.border) {
            kerbs += b ? 1 : 0;
        }
        assertEquals(Integer.parseInt(f[2]), kerbs, seed + ": kerb tiles");
        int mid = t.size() / 2;
        double[] want = {t.x[0], t.y[0], t.beta[0], t.x[mid], t.y[mid]};
        for (int k = 0; k < 5; k++) {
            assertEquals(Double.parseDouble(f[3 + k]), want[k], 1e-9, seed + ": value " + k);
        }
    }

    @Test
    void tracksAreClosedSimpleLoopsOverManySeeds() {
        int minTiles = Integer.MAX_VALUE;
        int maxTiles = 0;
        double maxSeam = 0;
        for (long seed = 0; seed < 200; seed++) {
            CarTrack t = CarTrack.generate(new NpRandom(seed));
            int n = t.size();
            minTiles = Math.min(minTiles, n);
            maxTiles = Math.max(maxTiles, n);
            // consecutive centre points one detail step apart; the seam at most two steps
            for (int i = 1; i < n; i++) {
                assertEquals(CarTrack.TRACK_DETAIL_STEP, Math.hypot(t.x[i] - t.x[i - 1], t.y[i] - t.y[i - 1]), 1e-9,
                        "seed " + seed + " point " + i);
            }
            // the seam: Gymnasium keeps points i1 .. i2 - 2 of two passes i1, i2 through the start, so tile 0 is about
            // two steps long, longer where the laps differ (Gymnasium bounds only a mix of the gap's components), but
            // within the road's width, so tile 0 joins the ends
            double seam = Math.hypot(t.x[0] - t.x[n - 1], t.y[0] - t.y[n - 1]);
            maxSeam = Math.max(maxSeam, seam);
            assertTrue(seam <= 2 * CarTrack.TRACK_WIDTH, "seed " + seed + ": seam " + seam);
            // a closed loop around the origin: the heading turns by one full turn, the angle about the origin too
            assertEquals(2 * Math.PI, Math.abs(turning(t.x, t.y)), 1e-6, "seed " + seed + ": total turning");
            assertEquals(2 * Math.PI, Math.abs(winding(t.x, t.y)), 1e-6, "seed " + seed + ": winding about the origin");
            // no two non-adjacent segments of the centre line (seam included) cross
            for (int i = 0; i < n; i++) {
                for (int j = i + 2; j < n; j++) {
                    if (i == 0 && j == n - 1) {
                        continue;
                    }
                    double dx = t.x[i] - t.x[j];
                    double dy = t.y[i] - t.y[j];
                    if (dx * dx + dy * dy > 4 * (2 * CarTrack.TRACK_WIDTH) * (2 * CarTrack.TRACK_WIDTH)) {
                        continue; // too far apart for segments no longer than the seam to meet
                    }
                    assertFalse(cross(t, i, (i + 1) % n, j, (j + 1) % n),
                            "seed " + seed + ": segments " + i + " and " + j + " cross");
                }
            }
        }
        // Gymnasium's tracks: 251-350 tiles over seeds 0-49 (fixture)
        assertTrue(minTiles >= 200 && maxTiles <= 400, "tiles " + minTiles + ".." + maxTiles);
    }

    private static double wrapAngle(double a) {
        return Math.atan2(Math.sin(a), Math.cos(a));
    }

    private static double turning(double[] x, double[] y) {
        int n = x.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            int k = (i + 2) % n;
            double h1 = Math.atan2(y[j] - y[i], x[j] - x[i]);
            double h2 = Math.atan2(y[k] - y[j], x[k] - x[j]);
            total += wrapAngle(h2 - h1);
        }
        return total;
    }

    private static double winding(double[] x, double[] y) {
        int n = x.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            total += wrapAngle(Math.atan2(y[j], x[j]) - Math.atan2(y[i], x[i]));
        }
        return total;
    }

    private static boolean cross(CarTrack t, int a, int b, int c, int d) {
        double d1 = orient(t, c, d, a);
        double d2 = orient(t, c, d, b);
        double d3 = orient(t, a, b, c);
        double d4 = orient(t, a, b, d);
        return d1 * d2 < 0 && d3 * d4 < 0;
    }

    private static double orient(CarTrack t, int p, int q, int r) {
        return (t.x[q] - t.x[p]) * (t.y[r] - t.y[p]) - (t.y[q] - t.y[p]) * (t.x[r] - t.x[p]);
    }

    @Test
    void resetIsDeterministicPerSeed() {
        CarRacing a = new CarRacing();
        CarRacing b = new CarRacing();
        byte[] first = a.reset(3L).observation();
        assertArrayEquals(first, b.reset(3L).observation());
        Random rnd = new Random(5);
        for (int i = 0; i < 60; i++) {
            float[] act = {rnd.nextFloat() * 2 - 1, rnd.nextFloat(), rnd.nextFloat() * 0.2f};
            Step<byte[]> sa = a.step(act);
            Step<byte[]> sb = b.step(act.clone());
            assertArrayEquals(sa.observation(), sb.observation(), "step " + i);
            assertEquals(sa.reward(), sb.reward(), "step " + i);
        }
        assertFalse(Arrays.equals(first, b.reset(4L).observation()), "another seed, another track");
    }

    /** Steers towards the track point a few tiles ahead of the nearest one, holding a moderate speed. */
    static float[] driveAlong(CarRacing env) {
        CarTrack t = env.track();
        int n = t.size();
        double cx = env.carX();
        double cy = env.carY();
        int nearest = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double d = Math.hypot(t.x[i] - cx, t.y[i] - cy);
            if (d < best) {
                best = d;
                nearest = i;
            }
        }
        int target = (nearest + 5) % n;
        double want = Math.atan2(t.y[target] - cy, t.x[target] - cx);
        double heading = env.carAngle() + Math.PI / 2; // forward is (-sin a, cos a)
        double err = wrapAngle(want - heading);
        float steer = (float) Math.max(-1, Math.min(1, -2.0 * err)); // +1 steers right (clockwise)
        float gas = env.speed() < 40 ? 0.5f : 0f;
        return new float[] {steer, gas, 0f};
    }

    @Test
    void drivingAlongTheTrackVisitsTilesForAPositiveReturn() {
        CarRacing env = new CarRacing();
        env.reset(0L);
        double ret = 0;
        for (int i = 0; i < 500; i++) {
            Step<byte[]> s = env.step(driveAlong(env));
            ret += s.reward();
            assertFalse(s.terminated() && !Boolean.TRUE.equals(s.info().get("lap_finished")), "left the playfield");
        }
        assertTrue(env.tilesVisited() > 100, env.tilesVisited() + " tiles of " + env.tileCount());
        // -0.1 a frame plus 1000/N a new tile
        assertEquals(env.tilesVisited() * 1000.0 / env.tileCount() - 0.1 * 500, ret, 1e-6);
        assertTrue(ret > 200, "return " + ret);
    }

    @Test
    void standingStillLosesATenthAFrame() {
        CarRacing env = new CarRacing();
        env.reset(1L);
        double first = env.step(new float[] {0f, 0f, 0f}).reward(); // includes the tiles under the car at the start
        assertEquals(env.tilesVisited() * 1000.0 / env.tileCount() - 0.1, first, 1e-9);
        for (int i = 0; i < 20; i++) {
            assertEquals(-0.1, env.step(new float[] {0f, 0f, 0f}).reward(), 1e-9);
        }
    }

    @Test
    void discreteActionsMapAsGymnasiums() {
        // Gymnasium: 0 nothing, 1 steer right (car.steer(-0.6)), 2 left (+0.6), 3 gas 0.2, 4 brake 0.8
        float[][] same = {{0f, 0f, 0f}, {0.6f, 0f, 0f}, {-0.6f, 0f, 0f}, {0f, 0.2f, 0f}, {0f, 0f, 0.8f}};
        CarRacing d = new CarRacing(new CarRacing.Params(false, false, 0.95));
        CarRacing c = new CarRacing();
        d.reset(2L);
        c.reset(2L);
        Random rnd = new Random(3);
        for (int i = 0; i < 80; i++) {
            int a = i < 20 ? 3 : rnd.nextInt(5);
            Step<byte[]> sd = d.step(a);
            Step<byte[]> sc = c.step(same[a].clone());
            assertArrayEquals(sc.observation(), sd.observation(), "step " + i + " action " + a);
            assertEquals(sc.reward(), sd.reward(), "step " + i);
        }
        d.step(1);
        assertEquals(-0.6, d.controls()[0], 1e-6);
        d.step(2);
        assertEquals(0.6, d.controls()[0], 1e-6);
        d.step(0);
        assertArrayEquals(new double[] {0, 0, 0}, d.controls(), 1e-12);
        d.step(3);
        assertEquals(0.1, d.controls()[1], 1e-9, "gas rises by 0.1 a step");
        d.step(3);
        assertEquals(0.2, d.controls()[1], 1e-9);
        d.step(4);
        assertArrayEquals(new double[] {0, 0, 0.8}, d.controls(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> d.step(5));
        assertThrows(IllegalArgumentException.class, () -> c.step(new float[] {0f, -0.5f, 0f}));
    }

    @Test
    void lapCompletionFollowsLapCompletePercent() {
        // the car starts on tile 0, so with lap_complete_percent 0 touching it completes the "lap" at once
        CarRacing zero = new CarRacing(new CarRacing.Params(true, false, 0.0));
        zero.reset(0L);
        Step<byte[]> s = zero.step(new float[] {0f, 0f, 0f});
        assertTrue(s.terminated());
        assertEquals(Boolean.TRUE, s.info().get("lap_finished"));
        CarRacing normal = new CarRacing();
        normal.reset(0L);
        assertFalse(normal.step(new float[] {0f, 0f, 0f}).terminated());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("CarRacing-v3", Map.of("lap_complete_percent", 1.5)));
        assertTrue(e.getMessage().contains("lap_complete_percent") && e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void theObservationShowsTheCarRoadAndIndicators() {
        CarRacing env = new CarRacing();
        byte[] obs = env.reset(0L).observation();
        for (int i = 0; i < 60; i++) {
            obs = env.step(new float[] {0f, 0.3f, 0f}).observation();
        }
        // the car (after the first second's zoom): red at the horizontal centre, three quarters down
        assertTrue(redAt(obs, 72, 48), "no car at (72, 48): " + Integer.toHexString(rgb(obs, 72, 48)));
        // zoomed in on the road (grey) ahead of the car
        int road = rgb(obs, 40, 48);
        int grey = road & 0xFF;
        assertTrue(grey >= 102 && grey <= 107 && road == (grey << 16 | grey << 8 | grey), Integer.toHexString(road));
        // the bar: black, with the white speed indicator at columns 12-14 (place 5 of 40) once the car moves
        assertEquals(0, rgb(obs, 95, 40));
        int speedBar = rgb(obs, 92, 13);
        assertTrue((speedBar >> 16 & 0xFF) > 200 && (speedBar & 0xFF) > 200, Integer.toHexString(speedBar));
        RenderFrame f = env.render();
        assertNotNull(f);
        assertEquals(600, f.width());
        assertEquals(400, f.height());
    }

    @Test
    void preprocessingKwargsStackShrunkGrayscaleFrames() {
        try (Env<?, ?> env = Envs.make("CarRacing-v3",
                Map.of("continuous", false, "img_size", 64, "gray_scale", true, "stack_num", 2))) {
            assertEquals(ByteBox.pixels(2, 64, 64), env.observationSpace());
            assertTrue(env.unwrapped() instanceof CarRacing);
            @SuppressWarnings("unchecked")
            Env<byte[], Object> e = (Env<byte[], Object>) env;
            byte[] first = e.reset(0L).observation();
            assertEquals(2 * 64 * 64, first.length);
            byte[] next = e.step(3).observation();
            // oldest first: the newest frame of the reset stack is the oldest of the next one
            assertArrayEquals(Arrays.copyOfRange(first, 4096, 8192), Arrays.copyOfRange(next, 0, 4096));
        }
        var bad = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("CarRacing-v3", Map.of("img_size", 120)));
        assertTrue(bad.getMessage().contains("img_size") && bad.getMessage().contains("120"), bad.getMessage());
    }

    @Test
    void aRestoredSnapshotContinuesTheEpisodeExactly() {
        CarRacing a = new CarRacing(new CarRacing.Params(false, true, 0.95));
        a.reset(9L);
        a.reset(null, Map.of("randomize", false)); // a second track with the first one's colours
        Random rnd = new Random(1);
        for (int i = 0; i < 40; i++) {
            a.step(i < 15 ? 3 : rnd.nextInt(5));
        }
        long[] snap = a.snapshot();
        CarRacing b = new CarRacing(new CarRacing.Params(false, true, 0.95));
        b.restore(snap);
        for (int i = 0; i < 30; i++) {
            int act = rnd.nextInt(5);
            Step<byte[]> sa = a.step(act);
            Step<byte[]> sb = b.step(act);
            assertArrayEquals(sa.observation(), sb.observation(), "step " + i);
            assertEquals(sa.reward(), sb.reward(), "step " + i);
        }
        assertArrayEquals(a.colours(), b.colours());
        assertArrayEquals(a.reset().observation(), b.reset().observation(), "the generators continue alike");
    }

    private static int rgb(byte[] obs, int row, int col) {
        int o = 3 * (row * 96 + col);
        return (obs[o] & 0xFF) << 16 | (obs[o + 1] & 0xFF) << 8 | (obs[o + 2] & 0xFF);
    }

    private static boolean redAt(byte[] obs, int row, int col) {
        int p = rgb(obs, row, col);
        return (p >> 16 & 0xFF) > 150 && (p >> 8 & 0xFF) < 60 && (p & 0xFF) < 60;
    }

    /**
     * The car runs in a {@link Box2DWorld}, and its hull (four polygons, two of them with the centroid off the vertex
     * mean) gets Box2D's rotational inertia: the sum of the polygons' area second moments about the body origin
     * (density 1), which JBox2D 2.2.1.1 alone overstates; mass and centre of mass are the area integrals'.
     */
    @Test
    void theHullHasBox2DsInertia() {
        CarRacing env = new CarRacing();
        env.reset(3L);
        assertTrue(env.world() instanceof Box2DWorld, "CarRacing must build a Box2DWorld");
        double area = 0;
        double mx = 0;
        double my = 0;
        double second = 0;
        for (double[][] poly : CarRacing.HULL_POLYS) {
            double a = 0;
            double sx = 0;
            double sy = 0;
            double j = 0;
            for (int i = 0; i < poly.length; i++) {
                double x0 = poly[i][0] * CarRacing.SIZE;
                double y0 = poly[i][1] * CarRacing.SIZE;
                double x1 = poly[(i + 1) % poly.length][0] * CarRacing.SIZE;
                double y1 = poly[(i + 1) % poly.length][1] * CarRacing.SIZE;
                double cross = x0 * y1 - x1 * y0;
                a += cross / 2;
                sx += (x0 + x1) * cross / 6;
                sy += (y0 + y1) * cross / 6;
                j += cross * (x0 * x0 + x0 * x1 + x1 * x1 + y0 * y0 + y0 * y1 + y1 * y1) / 12;
            }
            double sign = Math.signum(a);
            area += sign * a;
            mx += sign * sx;
            my += sign * sy;
            second += sign * j;
        }
        Body hull = env.hull();
        assertEquals(area, hull.getMass(), 1e-5 * area, "hull mass (density 1)");
        assertEquals(mx / area, hull.getLocalCenter().x, 1e-5, "centre of mass x");
        assertEquals(my / area, hull.getLocalCenter().y, 1e-5, "centre of mass y");
        assertEquals(second, hull.getInertia(), 1e-5 * second, "hull inertia about the body origin");
        env.close();
    }
}
