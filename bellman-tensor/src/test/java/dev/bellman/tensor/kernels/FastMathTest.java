package dev.bellman.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FastMathTest {

    private final boolean simdBefore = Kernels.simdEnabled();

    @AfterEach
    void restore() {
        Kernels.setSimdEnabled(simdBefore);
    }

    /** Max errors found by a scan; {@code relFloor} excludes tiny references from the relative error. */
    private static final class Errors {
        double maxAbs, maxRel;
        float worstAbsX, worstRelX;

        void add(float x, float y, double ref, double relFloor) {
            double abs = Math.abs(y - ref);
            if (abs > maxAbs) {
                maxAbs = abs;
                worstAbsX = x;
            }
            if (Math.abs(ref) >= relFloor) {
                double rel = abs / Math.abs(ref);
                if (rel > maxRel) {
                    maxRel = rel;
                    worstRelX = x;
                }
            }
        }

        @Override
        public String toString() {
            return "maxAbs=" + maxAbs + " at x=" + worstAbsX + ", maxRel=" + maxRel + " at x=" + worstRelX;
        }
    }

    /**
     * Dense scan: every point of [-10, 10] at step 2e-6, and every 61st float bit pattern
     * over the whole finite range (both signs).
     */
    private static void scan(IntConsumerF body) {
        for (long i = -5_000_000; i <= 5_000_000; i++) body.accept((float) (i * 2e-6));
        for (int bits = 0; bits < 0x7F800000; bits += 61) {
            float x = Float.intBitsToFloat(bits);
            body.accept(x);
            body.accept(-x);
        }
    }

    @FunctionalInterface
    private interface IntConsumerF {
        void accept(float x);
    }

    private static Errors measure(FloatFn f, DoubleUnaryOperator ref,
                                  double relFloor, double lo, double hi) {
        Errors e = new Errors();
        scan(x -> {
            if (x < lo || x > hi) return;
            double r = ref.applyAsDouble(x);
            e.add(x, f.apply(x), r, relFloor);
        });
        return e;
    }

    @FunctionalInterface
    private interface FloatFn {
        float apply(float x);
    }

    @Test
    void exp_denseScan_relativeErrorWithinDocumentedBound() {
        // normal results: x in [ln(MIN_NORMAL), ln(MAX_VALUE)]
        Errors normal = measure(FastMath::exp, Math::exp, Float.MIN_NORMAL, -87.33, 88.72);
        System.out.println("exp normal range: " + normal);
        assertTrue(normal.maxRel <= 1e-7, normal::toString);
        // subnormal results: absolute error within one subnormal step
        Errors sub = measure(FastMath::exp, Math::exp, Double.MAX_VALUE, -110, -87.33);
        System.out.println("exp subnormal range: " + sub);
        assertTrue(sub.maxAbs <= Float.MIN_VALUE, sub::toString);
    }

    @Test
    void tanh_denseScan_absoluteAndRelativeErrorWithinDocumentedBound() {
        Errors e = measure(FastMath::tanh, Math::tanh, Float.MIN_NORMAL, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
        System.out.println("tanh: " + e);
        assertTrue(e.maxAbs <= 1e-7, e::toString);
        assertTrue(e.maxRel <= 1.5e-7, e::toString);
    }

    @Test
    void sigmoid_denseScan_absoluteAndRelativeErrorWithinDocumentedBound() {
        Errors e = measure(FastMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), 1e-37, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
        System.out.println("sigmoid: " + e);
        assertTrue(e.maxAbs <= 1e-7, e::toString);
        assertTrue(e.maxRel <= 2e-7, e::toString);
    }

    @Test
    void exp_limits_overflowToInfinityAndUnderflowToZero() {
        assertEquals(Float.POSITIVE_INFINITY, FastMath.exp(89f));
        assertEquals(Float.POSITIVE_INFINITY, FastMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FastMath.exp(Float.MAX_VALUE));
        assertEquals(0f, FastMath.exp(-104f));
        assertEquals(0f, FastMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, FastMath.exp(-Float.MAX_VALUE));
        assertEquals(1f, FastMath.exp(0f));
        assertEquals(1f, FastMath.exp(-0f));
        assertTrue(FastMath.exp(88.72f) < Float.POSITIVE_INFINITY);
        assertTrue(FastMath.exp(-103f) > 0f);
        assertTrue(Float.isNaN(FastMath.exp(Float.NaN)));
    }

    @Test
    void tanh_limits_exactlyPlusMinusOneAndSignedZero() {
        for (float x : new float[] {9.1f, 10f, 20f, 1e10f, Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
            assertEquals(1f, FastMath.tanh(x), "tanh(" + x + ")");
            assertEquals(-1f, FastMath.tanh(-x), "tanh(" + -x + ")");
        }
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(FastMath.tanh(0f)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FastMath.tanh(-0f)));
        assertEquals(1e-20f, FastMath.tanh(1e-20f));
        assertTrue(Float.isNaN(FastMath.tanh(Float.NaN)));
        // odd symmetry everywhere
        for (float x = 0f; x < 12f; x += 0.001f) assertEquals(-FastMath.tanh(x), FastMath.tanh(-x));
    }

    @Test
    void sigmoid_limits() {
        assertEquals(1f, FastMath.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(0f, FastMath.sigmoid(Float.NEGATIVE_INFINITY));
        assertEquals(0.5f, FastMath.sigmoid(0f));
        assertEquals(1f, FastMath.sigmoid(20f));
        assertTrue(FastMath.sigmoid(-100f) > 0f, "sigmoid(-100) is 3.7e-44, representable");
        assertTrue(Float.isNaN(FastMath.sigmoid(Float.NaN)));
    }

    private static float[] probe() {
        int n = 10_000 + 13;
        float[] x = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < n; i++) x[i] = (float) ((r.nextDouble() * 2 - 1) * (i % 3 == 0 ? 120 : 8));
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.7229f,
                -103.98f, 0.625f, -0.625f, 0.62499994f, Float.MIN_VALUE, -Float.MAX_VALUE};
        System.arraycopy(specials, 0, x, 100, specials.length);
        return x;
    }

    private static void assertArrayFormMatchesScalar(Kernel array, FloatFn scalar) {
        float[] x = probe();
        for (boolean simd : new boolean[] {true, false}) {
            Kernels.setSimdEnabled(simd);
            float[] out = new float[x.length + 5];
            array.run(x, 3, out, 5, x.length - 3);
            for (int i = 3; i < x.length; i++) {
                float expected = scalar.apply(x[i]);
                float actual = out[5 + i - 3];
                if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
                    throw new AssertionError("simd=" + simd + " x=" + x[i] + ": scalar " + expected + " array " + actual);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Kernel {
        void run(float[] src, int so, float[] dst, int dO, int n);
    }

    @Test
    void arrayForms_simdAndScalar_bitwiseEqualToScalarFunction() {
        assertArrayFormMatchesScalar(FastMath::tanh, FastMath::tanh);
        assertArrayFormMatchesScalar(FastMath::exp, FastMath::exp);
        assertArrayFormMatchesScalar(FastMath::sigmoid, FastMath::sigmoid);
    }

    @Test
    void arrayForm_outOfBounds_throws() {
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> FastMath.tanh(new float[4], 1, new float[4], 0, 4));
    }
}
