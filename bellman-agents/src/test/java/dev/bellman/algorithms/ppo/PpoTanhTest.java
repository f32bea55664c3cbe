package dev.bellman.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.tensor.kernels.Kernels;
import org.junit.jupiter.api.Test;

class PpoTanhTest {

    /** |tanh(x) − Math.tanh(x)| in units of the last place of the float nearest the true value. */
    private static double ulps(float x) {
        double t = Math.tanh((double) x);
        return Math.abs(PpoTanh.tanh(x) - t) / Math.ulp((float) t);
    }

    /**
     * Within 1.5 ulp of {@link Math#tanh}: every float of [0.5, 1] and [2, 2.25] (the two branches and the switch at
     * 0.625, where the error peaks), and every 257th float bit pattern over the whole range, both signs.
     */
    @Test
    void withinOneAndAHalfUlpOfMathTanh() {
        double max = 0;
        float at = 0;
        int[][] ranges = {{Float.floatToRawIntBits(0.5f), Float.floatToRawIntBits(1f), 1},
                {Float.floatToRawIntBits(2f), Float.floatToRawIntBits(2.25f), 1}, {0, 0x7F800000, 257}};
        for (int[] r : ranges) {
            for (long bits = r[0]; bits < r[1]; bits += r[2]) {
                float x = Float.intBitsToFloat((int) bits);
                for (float s : new float[] {x, -x}) {
                    double u = ulps(s);
                    if (u > max) {
                        max = u;
                        at = s;
                    }
                }
            }
        }
        assertTrue(max <= 1.5, "max error " + max + " ulp at x = " + at);
    }

    @Test
    void specialValues() {
        assertEquals(1f, PpoTanh.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, PpoTanh.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, PpoTanh.tanh(9.02f));
        assertEquals(-1f, PpoTanh.tanh(-50f));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(PpoTanh.tanh(0f)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(PpoTanh.tanh(-0f)));
        assertEquals(Float.MIN_VALUE, PpoTanh.tanh(Float.MIN_VALUE));
        // NaN of any payload (the exponent-bit addition must not turn one into a number)
        for (int bits : new int[] {0x7FC00000, 0x7FC00123, 0xFFC00001, 0x7F800001, 0x7FFFFFFF}) {
            float nan = Float.intBitsToFloat(bits);
            assertTrue(Float.isNaN(PpoTanh.tanh(nan)), Integer.toHexString(bits));
            float[] a = new float[37];
            a[5] = nan;
            a[36] = nan;
            PpoTanh.tanhInPlace(a, 0, a.length);
            assertTrue(Float.isNaN(a[5]) && Float.isNaN(a[36]),
                    Integer.toHexString(bits) + " through the vector and the scalar path");
        }
    }

    /**
     * The array form (vector lanes and scalar tail) gives the scalar function's bits, at an offset and a length that is
     * no multiple of any vector width, with SIMD on and off.
     */
    @Test
    void arrayForm_givesTheScalarBits_withAndWithoutSimd() {
        boolean simd = Kernels.simdEnabled();
        try {
            for (boolean on : new boolean[] {true, false}) {
                Kernels.setSimdEnabled(on);
                java.util.Random rng = new java.util.Random(7);
                int n = 4099;
                float[] x = new float[n + 3];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (rng.nextGaussian() * (i % 3 == 0 ? 0.4 : 4));
                }
                float[] y = x.clone();
                PpoTanh.tanhInPlace(y, 3, n);
                for (int i = 0; i < 3; i++) {
                    assertEquals(x[i], y[i], "outside the range: untouched");
                }
                for (int i = 3; i < x.length; i++) {
                    assertEquals(Float.floatToRawIntBits(PpoTanh.tanh(x[i])), Float.floatToRawIntBits(y[i]),
                            "simd=" + on + " x=" + x[i]);
                }
            }
        } finally {
            Kernels.setSimdEnabled(simd);
        }
    }
}
