package dev.bellman.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RngTest {

    @Test
    void nextLong_matchesIndependentXoshiroReference() {
        // from tools/fixtures/xoshiro_reference.py (a Python transcription of the C reference code)
        long[][] expected = {
                {0x99ec5f36cb75f2b4L, 0xbf6e1f784956452aL, 0x1a5f849d4933e6e0L, 0x6aa594f1262d2d2cL},
                {0x15780b2e0c2ec716L, 0x6104d9866d113a7eL, 0xae17533239e499a1L, 0xecb8ad4703b360a1L}};
        long[] seeds = {0, 42};
        for (int s = 0; s < seeds.length; s++) {
            Rng r = new Rng(seeds[s]);
            for (long e : expected[s]) assertEquals(e, r.nextLong(), "seed " + seeds[s]);
        }
    }

    @Test
    void sameSeed_sameStream_differentSeed_differentStream() {
        Rng a = new Rng(7), b = new Rng(7), c = new Rng(8);
        boolean differs = false;
        for (int i = 0; i < 100; i++) {
            long x = a.nextLong();
            assertEquals(x, b.nextLong());
            differs |= x != c.nextLong();
        }
        assertTrue(differs);
    }

    @Test
    void uniforms_stayInRange_andHaveUniformMoments() {
        Rng r = new Rng(1);
        int n = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            float f = r.nextFloat();
            assertTrue(f >= 0f && f < 1f);
            double d = r.nextDouble();
            assertTrue(d >= 0 && d < 1);
            s += d;
            s2 += d * d;
        }
        assertEquals(0.5, s / n, 0.005);
        assertEquals(1.0 / 12, s2 / n - (s / n) * (s / n), 0.002);
    }

    @Test
    void nextInt_isUnbiasedOverItsRange() {
        Rng r = new Rng(2);
        int[] counts = new int[7];
        int n = 70_000;
        for (int i = 0; i < n; i++) counts[r.nextInt(7)]++;
        double chi2 = 0;
        for (int c : counts) chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
        assertTrue(chi2 < 22.5, "chi-square with 6 dof = " + chi2); // p ≈ 0.001
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void nextGaussian_hasStandardMoments() {
        Rng r = new Rng(3);
        int n = 200_000;
        double s = 0, s2 = 0, s4 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s += g;
            s2 += g * g;
            s4 += g * g * g * g;
        }
        assertEquals(0, s / n, 0.01);
        assertEquals(1, s2 / n, 0.01);
        assertEquals(3, s4 / n, 0.06);
    }

    @Test
    void stateRoundTrip_resumesTheStreamIncludingTheSpareGaussian() {
        Rng a = new Rng(4);
        a.nextGaussian(); // leaves a spare
        long[] st = a.state();
        Rng b = new Rng(99);
        b.setState(st);
        for (int i = 0; i < 10; i++) assertEquals(a.nextGaussian(), b.nextGaussian());
        assertThrows(IllegalArgumentException.class, () -> b.setState(new long[3]));
    }

    @Test
    void split_isDeterministicAndDiffersFromParent() {
        Rng a = new Rng(5), b = new Rng(5);
        Rng ca = a.split(), cb = b.split();
        long x = ca.nextLong();
        assertEquals(x, cb.nextLong());
        assertNotEquals(x, a.nextLong());
    }

    @Test
    void shuffle_isFisherYatesFromTheTopWithNextInt() {
        // The algorithms' minibatch orders (PPO, TRPO, GAIL/AIRL, preference, model-based, AlphaGo) rest on this order.
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        new Rng(7).shuffle(a);
        int[] expected = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Rng r = new Rng(7);
        for (int i = expected.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertArrayEquals(expected, a);
        assertNotEquals(java.util.Arrays.toString(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), java.util.Arrays.toString(a));
        int[] one = {42};
        new Rng(1).shuffle(one);
        assertArrayEquals(new int[] {42}, one);
    }
}
