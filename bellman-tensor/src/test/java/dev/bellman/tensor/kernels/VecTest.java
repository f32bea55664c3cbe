package dev.bellman.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VecTest {

    private final boolean simdBefore = Kernels.simdEnabled();

    @AfterEach
    void restore() {
        Kernels.setSimdEnabled(simdBefore);
    }

    private static final int[] LENGTHS = {0, 1, 3, 7, 8, 15, 16, 17, 31, 63, 64, 65, 100, 255, 1000, 4099};

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 4 - 2);
        return x;
    }

    private interface Check {
        void run(int n, float[] a, float[] b, float[] c);
    }

    /** Runs a check for every length, offsets 0 and 3, SIMD on and off. */
    private static void forAll(Check check) {
        SplittableRandom r = new SplittableRandom(11);
        for (boolean simd : new boolean[] {true, false}) {
            Kernels.setSimdEnabled(simd);
            for (int n : LENGTHS) {
                check.run(n, random(r, n + 3), random(r, n + 3), random(r, n + 3));
            }
        }
    }

    private static void assertBits(float expected, float actual, String what) {
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual
                    + " (simd=" + Kernels.simdEnabled() + ")");
        }
    }

    @Test
    void elementwise_matchScalarLoopsExactly() {
        forAll((n, a, b, c) -> {
            float[] d = new float[n + 3];
            Vec.add(a, 3, b, 1, d, 2, n);
            for (int i = 0; i < n; i++) assertBits(a[3 + i] + b[1 + i], d[2 + i], "add");
            Vec.sub(a, 3, b, 1, d, 2, n);
            for (int i = 0; i < n; i++) assertBits(a[3 + i] - b[1 + i], d[2 + i], "sub");
            Vec.mul(a, 3, b, 1, d, 2, n);
            for (int i = 0; i < n; i++) assertBits(a[3 + i] * b[1 + i], d[2 + i], "mul");
            Vec.scale(0.37f, a, 3, d, 0, n);
            for (int i = 0; i < n; i++) assertBits(0.37f * a[3 + i], d[i], "scale");
            Vec.addScalar(-1.25f, a, 1, d, 3, n);
            for (int i = 0; i < n; i++) assertBits(a[1 + i] + -1.25f, d[3 + i], "addScalar");
            float[] y = c.clone();
            Vec.axpy(1.7f, a, 2, y, 1, n);
            for (int i = 0; i < n; i++) assertBits(c[1 + i] + 1.7f * a[2 + i], y[1 + i], "axpy");
            float[] rows2 = new float[2 * n + 1];
            for (int i = 0; i < n; i++) {
                rows2[1 + i] = a[i];
                rows2[1 + n + i] = b[i];
            }
            Vec.addRowRelu(rows2, 1, 2, n, c, 2);
            for (int i = 0; i < n; i++) {
                assertBits(Math.max(a[i] + c[2 + i], 0f), rows2[1 + i], "addRowRelu row 0");
                assertBits(Math.max(b[i] + c[2 + i], 0f), rows2[1 + n + i], "addRowRelu row 1");
            }
            Vec.relu(a, 0, d, 0, n);
            for (int i = 0; i < n; i++) assertBits(Math.max(a[i], 0f), d[i], "relu");
            Vec.addScalarRelu(0.3f, a, 2, d, 1, n);
            for (int i = 0; i < n; i++) assertBits(Math.max(a[2 + i] + 0.3f, 0f), d[1 + i], "addScalarRelu");
            Vec.reluBackward(b, 1, a, 2, d, 0, n);
            for (int i = 0; i < n; i++) assertBits(a[2 + i] > 0f ? b[1 + i] : 0f, d[i], "reluBackward");
            // into an accumulator holding −0, +0, NaN and values; gradients ±0 among them
            float[] acc = new float[n + 3];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = i % 5 == 0 ? -0f : i % 5 == 1 ? 0f : i % 7 == 2 ? Float.NaN : c[i % c.length];
            }
            float[] g = b.clone();
            for (int i = 0; i < g.length; i += 3) g[i] = i % 2 == 0 ? -0f : 0f;
            float[] expected = acc.clone();
            for (int i = 0; i < n; i++) if (a[2 + i] > 0f) expected[3 + i] += g[1 + i];
            Vec.addReluGrad(g, 1, a, 2, acc, 3, n);
            for (int i = 0; i < acc.length; i++) assertBits(expected[i], acc[i], "addReluGrad at " + i);
            Vec.fill(4.5f, d, 1, n);
            for (int i = 0; i < n; i++) assertBits(4.5f, d[1 + i], "fill");
        });
    }

    @Test
    void elementwise_inPlace_works() {
        forAll((n, a, b, c) -> {
            float[] x = a.clone();
            Vec.add(x, 0, b, 0, x, 0, n);
            for (int i = 0; i < n; i++) assertBits(a[i] + b[i], x[i], "in-place add");
            x = a.clone();
            Vec.relu(x, 0, x, 0, n);
            for (int i = 0; i < n; i++) assertBits(Math.max(a[i], 0f), x[i], "in-place relu");
        });
    }

    @Test
    void relu_specialValues_followMathMax() {
        float[] x = {Float.NaN, -0f, 0f, -3f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] big = new float[64 + x.length];
        System.arraycopy(x, 0, big, 0, x.length);
        for (boolean simd : new boolean[] {true, false}) {
            Kernels.setSimdEnabled(simd);
            float[] d = new float[big.length];
            Vec.relu(big, 0, d, 0, big.length);
            for (int i = 0; i < x.length; i++) assertBits(Math.max(x[i], 0f), d[i], "relu(" + x[i] + ")");
        }
    }

    @Test
    void sumAndDot_closeToDoubleAndDeterministic() {
        forAll((n, a, b, c) -> {
            double s = 0, d = 0, mag = 0, magD = 0;
            for (int i = 0; i < n; i++) {
                s += a[1 + i];
                mag += Math.abs(a[1 + i]);
                d += (double) a[1 + i] * b[2 + i];
                magD += Math.abs((double) a[1 + i] * b[2 + i]);
            }
            float fs = Vec.sum(a, 1, n);
            float fd = Vec.dot(a, 1, b, 2, n);
            assertEquals(s, fs, 1e-6 * (mag + 1) * Math.max(1, Math.log(n + 1)), "sum n=" + n);
            assertEquals(d, fd, 1e-6 * (magD + 1) * Math.max(1, Math.log(n + 1)), "dot n=" + n);
            assertBits(fs, Vec.sum(a.clone(), 1, n), "sum repeat");
            assertBits(fd, Vec.dot(a, 1, b.clone(), 2, n), "dot repeat");
        });
    }

    @Test
    void sum_fixedOrder_independentOfThreadsAndCalls() {
        float[] x = random(new SplittableRandom(3), 100_003);
        float first = Vec.sum(x);
        float[] fromOtherThread = new float[1];
        Thread t = new Thread(() -> fromOtherThread[0] = Vec.sum(x));
        t.start();
        assertTrue(assertJoin(t));
        assertBits(first, fromOtherThread[0], "sum on another thread");
        for (int rep = 0; rep < 50; rep++) assertBits(first, Vec.sum(x), "sum repeat " + rep);
    }

    private static boolean assertJoin(Thread t) {
        try {
            t.join();
            return true;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void max_matchesScalarIncludingNaNAndSignedZero() {
        forAll((n, a, b, c) -> {
            if (n == 0) return;
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) m = Math.max(m, a[2 + i]);
            assertBits(m, Vec.max(a, 2, n), "max n=" + n);
        });
        for (boolean simd : new boolean[] {true, false}) {
            Kernels.setSimdEnabled(simd);
            float[] x = new float[200];
            java.util.Arrays.fill(x, -1f);
            x[150] = Float.NaN;
            assertTrue(Float.isNaN(Vec.max(x, 0, 200)), "NaN wins, simd=" + simd);
            java.util.Arrays.fill(x, -0f);
            x[77] = 0f;
            assertBits(0f, Vec.max(x, 0, 200), "+0 beats -0");
        }
    }

    @Test
    void max_empty_throws() {
        assertThrows(IllegalArgumentException.class, () -> Vec.max(new float[3], 0, 0));
    }

    @Test
    void outOfBoundsRange_throws() {
        assertThrows(IndexOutOfBoundsException.class, () -> Vec.add(new float[4], 1, new float[4], 0, new float[4], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> Vec.sum(new float[4], -1, 2));
    }
}
