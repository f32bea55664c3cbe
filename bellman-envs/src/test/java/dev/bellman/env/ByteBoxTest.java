package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteBoxTest {

    private static byte[] unsigned(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void sample_matchesGymnasiumIntegerRule_forTheSameSeed() {
        // recorded by tools/fixtures/byte_box_sample.py: floor(default_rng(seed).uniform(low, high + 1, n))
        ByteBox pixels = ByteBox.pixels(2, 4);
        pixels.seed(5);
        assertArrayEquals(unsigned(206, 206, 131, 73, 13, 98, 104, 11), pixels.sample());
        ByteBox planes = ByteBox.binary(8);
        planes.seed(5);
        assertArrayEquals(unsigned(1, 1, 1, 0, 0, 0, 0, 0), planes.sample());
        ByteBox narrow = new ByteBox(3, 9, 8);
        narrow.seed(7);
        assertArrayEquals(unsigned(7, 9, 8, 4, 5, 9, 3, 8), narrow.sample());
    }

    @Test
    void contains_readsBytesAsUnsigned() {
        ByteBox pixels = ByteBox.pixels(3);
        assertTrue(pixels.contains(unsigned(0, 128, 255)), "255 is the byte -1, inside [0, 255]");
        assertFalse(pixels.contains(new byte[2]), "wrong length");
        assertFalse(pixels.contains(new float[3]), "wrong type");
        ByteBox narrow = new ByteBox(3, 200, 2);
        assertFalse(narrow.contains(unsigned(2, 100)));
        assertFalse(narrow.contains(unsigned(100, 201)));
        assertTrue(narrow.contains(unsigned(3, 200)));
        assertFalse(ByteBox.binary(2).contains(unsigned(0, 2)));
        assertTrue(ByteBox.binary(2).contains(unsigned(0, 1)));
    }

    @Test
    void samples_lieInTheSpace_andCoverTheBounds() {
        ByteBox box = new ByteBox(250, 255, 1000);
        box.seed(1);
        byte[] s = box.sample();
        assertTrue(box.contains(s));
        boolean sawLow = false, sawHigh = false;
        for (byte b : s) {
            sawLow |= (b & 0xFF) == 250;
            sawHigh |= (b & 0xFF) == 255;
        }
        assertTrue(sawLow && sawHigh, "both bounds are drawn (high is inclusive)");
    }

    @Test
    void toString_isGymnasiumsRepr() {
        assertEquals("Box(0, 255, (4, 84, 84), uint8)", ByteBox.pixels(4, 84, 84).toString());
        assertEquals("Box(False, True, (4, 10, 10), bool)", ByteBox.binary(4, 10, 10).toString());
        assertEquals("Box(0, 1, (3,), uint8)", new ByteBox(0, 1, 3).toString());
    }

    @Test
    void flatten_writesUnsignedValues_andFloatViewHasTheSameBounds() {
        ByteBox box = ByteBox.pixels(1, 1, 3);
        float[] out = new float[4];
        box.flatten(unsigned(0, 7, 255), out, 1);
        assertArrayEquals(new float[] {0, 0, 7, 255}, out);
        assertEquals(new Box(0f, 255f, 1, 1, 3), box.asFloatBox());
        assertEquals(3, box.flatDim());
        assertArrayEquals(new int[] {1, 1, 3}, box.shape());
    }

    @Test
    void equality_distinguishesBoolFromUint8() {
        assertEquals(ByteBox.pixels(2, 2), new ByteBox(0, 255, 2, 2));
        assertNotEquals(ByteBox.binary(2), new ByteBox(0, 1, 2));
        assertTrue(ByteBox.binary(2).isBinary() && new ByteBox(0, 1, 2).isBinary());
        assertFalse(ByteBox.pixels(2).isBinary());
    }

    /** A 0/1 image env that breaks the contract: a value 2 on odd steps, and a fresh instance draws other images. */
    private static final class BrokenPlanes implements Env<byte[], Integer> {
        private static int instances = 0;
        private final int instance = instances++;
        private NpRandom rng;
        private int t;

        @Override public Reset<byte[]> reset(Long seed, java.util.Map<String, Object> options) {
            rng = new NpRandom(seed == null ? 1 : seed + instance);
            t = 0;
            return new Reset<>(image(), java.util.Map.of());
        }

        @Override public Step<byte[]> step(Integer action) {
            t++;
            byte[] o = image();
            if (t % 2 == 1) o[0] = 2;
            return new Step<>(o, 0, false, t >= 5, java.util.Map.of());
        }

        private byte[] image() {
            byte[] o = new byte[4];
            for (int i = 0; i < 4; i++) o[i] = (byte) rng.integers(2);
            return o;
        }

        @Override public Space<byte[]> observationSpace() { return ByteBox.binary(1, 2, 2); }
        @Override public Space<Integer> actionSpace() { return new Discrete(2); }
        @Override public void close() {}
    }

    @Test
    void envChecker_checksByteObservations() {
        java.util.List<String> problems = EnvChecker.problems(BrokenPlanes::new, 5);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("step observation byte[] [2,") && p.endsWith(
                "is outside Box(False, True, (1, 2, 2), bool)")), problems.toString());
        assertTrue(problems.contains("the same seed gave different trajectories on a fresh instance"), problems.toString());
        assertFalse(problems.contains("the same seed gave different trajectories on one instance (reset(7) twice)"),
                "byte observations compare by value: " + problems);
    }

    @Test
    void badBounds_areRejectedNamingTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ByteBox(0, 256, 2));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ByteBox(5, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new ByteBox(0, 255));
        assertThrows(UnsupportedOperationException.class, () -> ByteBox.pixels(2).sample(new byte[2]));
    }
}
