package dev.bellman.tensor.kernels;

/**
 * Fast float32 {@code exp}, {@code tanh} and {@code sigmoid} for activations and losses, scalar and
 * array forms. The array forms use the Vector API when {@link Kernels#simdEnabled()}; they evaluate
 * exactly the same float operations as the scalar forms, so results are bitwise identical whatever
 * path runs (no fused multiply-add anywhere, so no hardware difference either).
 *
 * <h2>Algorithms</h2>
 * <ul>
 *   <li><b>exp</b>: Cody–Waite range reduction {@code x = n·ln2 + r}, |r| ≤ ln2/2, with ln2 split into
 *       0.693359375 − 2.12194440e-4 (n·ln2_hi exact); {@code e^r ≈ 1 + r + r²·P(r)} with the degree-5
 *       minimax P of Cephes {@code expf} (S. L. Moshier, Cephes Math Library 2.2, 1992); scaling by
 *       2ⁿ in two exact steps {@code 2^(n>>1)·2^(n−(n>>1))}, so overflow gives +∞ (x ≥ 88.7228…)
 *       and underflow goes gradually through subnormals to +0 (x ≤ −103.97…). The rounding of
 *       {@code x·log2 e} to n uses the 1.5·2²³ addition trick.</li>
 *   <li><b>tanh</b>: for |x| &lt; 0.625 the odd polynomial of Cephes {@code tanhf},
 *       {@code x + x·z·Q(z)}, z = x²; otherwise {@code sign(x)·(1 − 2/(e^{2|x|} + 1))} with the exp
 *       above. Exactly ±1 for |x| ≥ 9.01 (and ±∞), exactly ±0 at ±0.</li>
 *   <li><b>sigmoid</b>: with e = exp(−|x|) ≤ 1 (never overflows): {@code 1/(1+e)} for x ≥ 0 and
 *       {@code e/(1+e)} for x &lt; 0, so the result stays accurate deep into the tails and reaches
 *       exactly 0 only where the true value is below the smallest subnormal.</li>
 * </ul>
 *
 * <h2>Measured maximum error</h2>
 * Against {@link Math#exp}/{@link Math#tanh} in double (unrounded), over a dense scan: every
 * point of [−10, 10] at a step of 2e-6, plus every 61st float bit pattern over the whole finite
 * range, both signs ({@code FastMathTest} repeats the scan and asserts the bounds in brackets):
 * <ul>
 *   <li>exp: relative error 8.1e-8 for normal results [≤ 1e-7] (the float rounding alone is up
 *       to 6e-8); for subnormal results absolute error 1.04e-45, under one subnormal step
 *       (1.4e-45).</li>
 *   <li>tanh: absolute error 7.7e-8 [≤ 1e-7]; relative error 1.39e-7 [≤ 1.5e-7], both at |x| just
 *       above 0.625.</li>
 *   <li>sigmoid: absolute error 8.9e-8 [≤ 1e-7]; relative error 1.76e-7 [≤ 2e-7] for results
 *       ≥ 1e-37.</li>
 * </ul>
 * NaN in gives NaN out for all three.
 */
public final class FastMath {
    private FastMath() {}

    static final float LOG2E = 1.44269504088896341f;
    static final float MAGIC = 12582912f; // 1.5 · 2^23
    static final int MAGIC_BITS = 0x4B400000;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float EXP_HI = 89f;
    static final float EXP_LO = -104f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;
    static final float TANH_SMALL = 0.625f;
    static final float T0 = -5.70498872745e-3f;
    static final float T1 = 2.06390887954e-2f;
    static final float T2 = -5.37397155531e-2f;
    static final float T3 = 1.33314422036e-1f;
    static final float T4 = -3.33332819422e-1f;

    /** e^x; see the class notes for the error bound. */
    public static float exp(float x) {
        float xc = Math.max(Math.min(x, EXP_HI), EXP_LO);
        float t = xc * LOG2E + MAGIC;
        int n = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float fn = t - MAGIC;
        float r = xc - fn * LN2_HI;
        r = r - fn * LN2_LO;
        float p = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        float y = r * r * p + r + 1f;
        int n1 = n >> 1;
        int n2 = n - n1;
        return y * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /** Hyperbolic tangent; see the class notes for the error bound. */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < TANH_SMALL) {
            float z = x * x;
            float q = (((T0 * z + T1) * z + T2) * z + T3) * z + T4;
            return Math.copySign(q * z * x + x, x); // copySign only matters at x = -0
        }
        float e = exp(ax + ax);
        float y = 1f - 2f / (e + 1f);
        return Math.copySign(y, x);
    }

    /** Logistic sigmoid 1/(1+e^-x); see the class notes for the error bound. */
    public static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float d = 1f + e;
        return x >= 0f ? 1f / d : e / d;
    }

    /** dst[dO + i] = tanh(src[so + i]) for i &lt; n (SIMD when enabled; same results). */
    public static void tanh(float[] src, int so, float[] dst, int dO, int n) {
        checkRange(src, so, dst, dO, n);
        int i = Kernels.simdEnabled() ? FastMathSimd.tanh(src, so, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = tanh(src[so + i]);
    }

    /** dst[dO + i] = exp(src[so + i]) for i &lt; n (SIMD when enabled; same results). */
    public static void exp(float[] src, int so, float[] dst, int dO, int n) {
        checkRange(src, so, dst, dO, n);
        int i = Kernels.simdEnabled() ? FastMathSimd.exp(src, so, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = exp(src[so + i]);
    }

    /** dst[dO + i] = sigmoid(src[so + i]) for i &lt; n (SIMD when enabled; same results). */
    public static void sigmoid(float[] src, int so, float[] dst, int dO, int n) {
        checkRange(src, so, dst, dO, n);
        int i = Kernels.simdEnabled() ? FastMathSimd.sigmoid(src, so, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = sigmoid(src[so + i]);
    }

    static void checkRange(float[] src, int so, float[] dst, int dO, int n) {
        if (n < 0 || so < 0 || dO < 0 || so + n > src.length || dO + n > dst.length) {
            throw new IndexOutOfBoundsException("range of " + n + " from src offset " + so + " (length "
                    + src.length + ") to dst offset " + dO + " (length " + dst.length + ") is out of bounds");
        }
    }
}
