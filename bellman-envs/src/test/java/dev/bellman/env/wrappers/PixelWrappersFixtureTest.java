package dev.bellman.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pixel wrappers against Gymnasium 1.x and OpenCV outputs recorded by {@code tools/fixtures/pixel_wrappers.py}
 * (resources {@code gymnasium/pixel_wrappers.txt}): SHA-256 of every observation, bit-exact, on the synthetic
 * {@link PatternEnv} that the script defines the same way.
 */
class PixelWrappersFixtureTest {

    private static List<String[]> lines(String kind) throws IOException {
        try (InputStream in = PixelWrappersFixtureTest.class.getResourceAsStream("/gymnasium/pixel_wrappers.txt")) {
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(" ");
                if (f[0].equals(kind)) {
                    out.add(f);
                }
            }
            if (out.isEmpty()) {
                throw new AssertionError("no fixture lines for " + kind);
            }
            return out;
        }
    }

    static String sha(Object obs) {
        byte[] bytes;
        if (obs instanceof byte[] b) {
            bytes = b;
        } else {
            float[] f = (float[]) obs;
            ByteBuffer bb = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(f);
            bytes = bb.array();
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void grayscale_matchesGymnasiumsNumpyFormula() throws IOException {
        for (String[] f : lines("gray")) {
            long seed = Long.parseLong(f[1]);
            int h = Integer.parseInt(f[2]);
            int w = Integer.parseInt(f[3]);
            assertEquals(f[4], sha(ImageOps.grayscale(PatternEnv.pattern(seed, 0, 0, h, w, 3))), "gray seed " + seed);
        }
        byte[] all = new byte[3 << 24];
        for (int v = 0; v < 1 << 24; v++) {
            all[3 * v] = (byte) (v >> 16);
            all[3 * v + 1] = (byte) (v >> 8);
            all[3 * v + 2] = (byte) v;
        }
        assertEquals(lines("grayall").get(0)[1], sha(ImageOps.grayscale(all)), "every RGB colour");
        for (String[] f : lines("graywrapper")) {
            boolean keep = f[1].equals("1");
            var env = new GrayscaleObservation<>(new PatternEnv(), keep);
            assertEquals(keep ? "Box(0, 255, (210, 160, 1), uint8)" : "Box(0, 255, (210, 160), uint8)",
                    env.observationSpace().toString());
            assertEquals(f[2], sha(env.reset(3).observation()), "keepDim " + keep);
        }
    }

    @Test
    void resizeArea_matchesOpenCvInterArea_forIntegerAndFractionalRatios() throws IOException {
        for (String[] f : lines("resize")) {
            int[] v = new int[6];
            for (int i = 0; i < 6; i++) {
                v[i] = Integer.parseInt(f[i + 1]);
            }
            byte[] src = PatternEnv.pattern(v[0], 0, 0, v[1], v[2], v[3]);
            byte[] out = ImageOps.resizeArea(src, v[1], v[2], v[3], v[4], v[5]);
            assertEquals(f[7], sha(out), "resize " + String.join(" ", f).substring(0, 30));
        }
        var env = new ResizeObservation<>(new PatternEnv(), 84, 84);
        assertEquals("Box(0, 255, (84, 84, 3), uint8)", env.observationSpace().toString());
        assertEquals(lines("resizewrapper").get(0)[1], sha(env.reset(4).observation()));
    }

    /** Replays {@code run} of the script: reset(seed), fixed actions, unseeded reset after each episode end. */
    private static void replay(Env<?, Integer> env, String name, long seed) throws IOException {
        List<String[]> expected = lines(name);
        int i = expected.get(0)[1].equals("config") ? 1 : 0;
        Reset<?> r = env.reset(seed);
        assertEquals("reset", expected.get(i)[1]);
        assertEquals(expected.get(i++)[2], sha(r.observation()), name + " first reset");
        int k = 0;
        while (i < expected.size()) {
            String[] f = expected.get(i++);
            Step<?> s = env.step((k * 7 + 3) % 4);
            String where = name + " step " + k;
            assertEquals(Integer.toString(k), f[1], where);
            assertEquals(Double.parseDouble(f[2]), s.reward(), 0.0, where + " reward");
            assertEquals(f[3].equals("1"), s.terminated(), where + " terminated");
            assertEquals(f[4].equals("1"), s.truncated(), where + " truncated");
            assertEquals(f[5], sha(s.observation()), where + " observation");
            k++;
            if (s.done()) {
                String[] g = expected.get(i++);
                assertEquals("reset", g[1], where);
                assertEquals(g[2], sha(env.reset().observation()), where + " reset");
            }
        }
    }

    @Test
    void atariPreprocessing_matchesGymnasium_inEveryConfiguration() throws IOException {
        for (String name : List.of("atari_default", "atari_lifeloss", "atari_rgb", "atari_skip1", "atari_scaled")) {
            String[] c = lines(name).get(0);
            var config = new AtariPreprocessing.Config(Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                    Integer.parseInt(c[4]), Integer.parseInt(c[4]), c[5].equals("1"), c[6].equals("1"), c[7].equals("1"));
            Env<?, Integer> env = c[8].equals("1") ? AtariPreprocessing.scaled(new PatternEnv(), config)
                    : AtariPreprocessing.of(new PatternEnv(), config);
            replay(env, name, 7);
        }
    }

    @Test
    void frameStackObservation_overAtariFrames_matchesGymnasium_forResetAndZeroPadding() throws IOException {
        for (String padding : List.of("reset", "zero")) {
            var env = new FrameStackObservation<>(AtariPreprocessing.of(new PatternEnv()), 4, padding);
            assertEquals("Box(0, 255, (4, 84, 84), uint8)", env.observationSpace().toString());
            replay(env, "stack_" + padding, 11);
        }
    }

    @Test
    void addRenderObservation_matchesGymnasium_pixelsOnlyAndWithState() throws IOException {
        replay(AddRenderObservation.pixels(new PatternEnv()), "render", 12);
        var env = AddRenderObservation.withState(new PatternEnv());
        Map<String, Object> obs = env.reset(13).observation();
        String[] f = lines("render_dict").get(0);
        assertEquals(f[1], String.join(",", obs.keySet()));
        assertEquals(f[2], sha(obs.get("pixels")));
        assertEquals(f[3], sha(obs.get("state")));
        assertFalse(env.observationSpace().contains(Map.of("pixels", new byte[3])));
    }
}
