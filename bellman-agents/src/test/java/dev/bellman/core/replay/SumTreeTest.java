package dev.bellman.core.replay;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

class SumTreeTest {

    @Test
    void totalAndMin_trackUpdates() {
        SumTree t = new SumTree(5); // not a power of two
        t.set(0, 1); t.set(1, 2); t.set(2, 3); t.set(3, 4); t.set(4, 0.5);
        assertEquals(10.5, t.total(), 1e-12);
        assertEquals(0.5, t.min(), 0);
        t.set(4, 6);
        assertEquals(16, t.total(), 1e-12);
        assertEquals(1, t.min(), 0);
        assertEquals(6, t.get(4), 0);
    }

    @Test
    void find_returnsLeafWhosePrefixIntervalHoldsTheMass() {
        SumTree t = new SumTree(4);
        t.set(0, 1); t.set(1, 0); t.set(2, 3); t.set(3, 2); // prefixes: [0,1) [1,1) [1,4) [4,6)
        assertEquals(0, t.find(0));
        assertEquals(0, t.find(0.999));
        assertEquals(2, t.find(1.0));   // leaf 1 has zero priority: never found
        assertEquals(2, t.find(3.999));
        assertEquals(3, t.find(4.0));
        assertEquals(3, t.find(5.999));
        assertEquals(3, t.find(6.0));   // at the total (rounding): last positive leaf
        assertEquals(3, t.find(7.0));
    }

    @Test
    void find_neverReturnsUnsetLeaves() {
        SumTree t = new SumTree(8);
        t.set(0, 1); t.set(1, 1); t.set(2, 1);
        for (double m = 0; m < 4; m += 0.01) assertTrue(t.find(m) <= 2);
    }

    @Test
    void sampling_frequenciesProportionalToPriority_chiSquare() {
        int n = 10;
        SumTree t = new SumTree(n);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) { p[i] = i + 1; t.set(i, p[i]); }
        Rng rng = new Rng(11);
        int draws = 200_000;
        int[] counts = new int[n];
        for (int d = 0; d < draws; d++) counts[t.find(rng.nextDouble() * t.total())]++;
        double chi2 = 0;
        for (int i = 0; i < n; i++) {
            double e = draws * p[i] / t.total();
            chi2 += (counts[i] - e) * (counts[i] - e) / e;
        }
        // 9 degrees of freedom: the 99.9% quantile is 27.88
        assertTrue(chi2 < 27.88, "chi-square " + chi2);
    }

    @Test
    void badArguments_throw() {
        SumTree t = new SumTree(3);
        assertThrows(IllegalArgumentException.class, () -> t.set(0, -1));
        assertThrows(IllegalArgumentException.class, () -> t.set(0, Double.NaN));
        assertThrows(IndexOutOfBoundsException.class, () -> t.set(3, 1));
        assertThrows(IllegalStateException.class, () -> t.find(0));
        assertThrows(IllegalArgumentException.class, () -> new SumTree(0));
    }
}
