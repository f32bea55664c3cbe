package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpacesTest {

    @Test
    void discrete_withStart_containsAndSamplesItsRange_andMaskRestricts() {
        Discrete d = new Discrete(3, -1);
        d.seed(0);
        for (int i = 0; i < 100; i++) {
            int x = d.sample();
            assertTrue(x >= -1 && x <= 1);
            assertEquals(1, (int) d.sample(new boolean[] {false, false, true}));
        }
        assertFalse(d.contains(2));
        assertEquals(-1, (int) d.sample(new boolean[] {false, false, false}));
    }

    @Test
    void discrete_sample_drawsNumpysIntegers() {
        Discrete d = new Discrete(5);
        d.seed(42);
        NpRandom r = new NpRandom(42);
        for (int i = 0; i < 20; i++) {
            assertEquals(r.integers(5), (long) d.sample());
        }
    }

    @Test
    void box_samplesInsideBoundsForEveryBoundKind_andIsDeterministicPerSeed() {
        float inf = Float.POSITIVE_INFINITY;
        Box b = new Box(new float[] {-1, 0, -inf, -inf}, new float[] {1, inf, 3, inf});
        b.seed(5);
        float[] first = b.sample();
        for (int i = 0; i < 200; i++) {
            float[] x = b.sample();
            assertTrue(b.contains(x));
            assertTrue(x[1] >= 0 && x[2] <= 3);
        }
        b.seed(5);
        assertArrayEquals(first, b.sample());
        assertFalse(b.contains(new float[] {Float.NaN, 0, 0, 0}));
        assertFalse(b.contains(new float[] {0, 0, 0}));
    }

    @Test
    void compositeSpaces_containTheirSamples() {
        TupleSpace t = new TupleSpace(new Discrete(2), new MultiDiscrete(2, 3), new MultiBinary(4));
        DictSpace d = new DictSpace(Map.of("b", new Box(0f, 1f, 2), "a", new Discrete(4)));
        t.seed(1);
        d.seed(1);
        for (int i = 0; i < 50; i++) {
            assertTrue(t.contains(t.sample()));
            assertTrue(d.contains(d.sample()));
        }
        assertEquals(List.of("a", "b"), List.copyOf(d.spaces().keySet()));
        assertEquals(2 + 5 + 4, t.flatDim());
        byte[] forced = new MultiBinary(3).sample(new byte[] {1, 0, 1});
        assertArrayEquals(new byte[] {1, 0, 1}, forced);
    }
}
