package dev.bellman.tensor.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scalar references of the summation orders that the SIMD kernels promise on every machine (the 16-lane order), and a
 * check of the kernels against them, bit for bit, on odd shapes and tails. {@link #main} runs the check and exits with
 * status 1 if anything differs, so that a test can run it in JVMs whose vectors are narrower
 * ({@code -XX:UseAVX=2}: 8 lanes, {@code -XX:MaxVectorSize=16}: 4 lanes).
 */
final class CanonicalOrder {
    private CanonicalOrder() {}

    /** Adds lane c + w onto lane c for w = 8, 4, 2, 1 and returns lane 0 (the pairwise tree over 16 lanes). */
    static float tree16(float[] lane) {
        float[] v = lane.clone();
        for (int w = 8; w >= 1; w /= 2) {
            for (int c = 0; c < w; c++) v[c] = v[c] + v[c + w];
        }
        return v[0];
    }

    /** Whether {@link Gemm#sgemm} with SIMD forms C's elements as 16-lane dot products (else as in-order FMA chains). */
    static boolean dotForm(boolean ta, boolean tb, int m, int n, int k) {
        boolean tinyM = tb && (m <= 4 || m <= 32 && k >= 8 * m);
        boolean tinyN = n <= 4 && (!ta || m <= 4);
        return k >= 16 && (tinyM || tinyN);
    }

    /**
     * {@link Gemm#sgemm} (beta 0 or 1) in the SIMD path's order: in the dot form lane c = p mod 16 sums its products
     * with one FMA each in increasing p, the lanes are added by {@link #tree16} and the result is added to C (beta 1);
     * otherwise each element is one FMA chain over p in increasing order, started from C (beta 1) or 0.
     */
    static void sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                      int ldb, float beta, float[] c, int cOff, int ldc) {
        boolean dot = dotForm(ta, tb, m, n, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                if (dot) {
                    float[] lane = new float[16];
                    for (int p = 0; p < k; p++) lane[p % 16] = Math.fma(a(ta, a, aOff, lda, i, p), b(tb, b, bOff, ldb, p, j), lane[p % 16]);
                    float d = tree16(lane);
                    c[ci] = beta == 0f ? d : c[ci] + d;
                } else {
                    float acc = beta == 0f ? 0f : c[ci];
                    for (int p = 0; p < k; p++) acc = Math.fma(a(ta, a, aOff, lda, i, p), b(tb, b, bOff, ldb, p, j), acc);
                    c[ci] = acc;
                }
            }
        }
    }

    private static float a(boolean ta, float[] a, int aOff, int lda, int i, int p) {
        return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    private static float b(boolean tb, float[] b, int bOff, int ldb, int p, int j) {
        return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /**
     * {@link Vec#dot} with SIMD (y = null: {@link Vec#sum}): for n ≥ 64, accumulator q = (i mod 64) / 16, lane
     * c = i mod 16 sums x[i]·y[i] (product rounded, then added) in increasing i below n − n mod 64; lane c of the 4 is
     * (q0 + q2) + (q1 + q3), the lanes go by {@link #tree16}, then the tail is added in order. Below 64 elements: 4
     * scalar accumulators round-robin, (s0 + s2) + (s1 + s3), tail in order.
     */
    static float dot(float[] x, int xo, float[] y, int yo, int n) {
        if (n < 64) {
            float[] s = new float[4];
            int i = 0;
            for (; i < n - n % 4; i++) s[i % 4] += term(x, xo, y, yo, i);
            float r = (s[0] + s[2]) + (s[1] + s[3]);
            for (; i < n; i++) r += term(x, xo, y, yo, i);
            return r;
        }
        int bound = n - n % 64;
        float[][] acc = new float[4][16];
        for (int i = 0; i < bound; i++) acc[(i % 64) / 16][i % 16] += term(x, xo, y, yo, i);
        float[] lane = new float[16];
        for (int c = 0; c < 16; c++) lane[c] = (acc[0][c] + acc[2][c]) + (acc[1][c] + acc[3][c]);
        float r = tree16(lane);
        for (int i = bound; i < n; i++) r += term(x, xo, y, yo, i);
        return r;
    }

    private static float term(float[] x, int xo, float[] y, int yo, int i) {
        return y == null ? x[xo + i] : x[xo + i] * y[yo + i];
    }

    /** Compares the SIMD kernels with the references on odd shapes; returns the differences found (empty if none). */
    static List<String> check() {
        List<String> bad = new ArrayList<>();
        boolean simdBefore = Kernels.setSimdEnabled(true);
        try {
            SplittableRandom r = new SplittableRandom(13);
            int[] ms = {1, 2, 3, 4, 5, 7, 9, 31, 33};
            int[] ns = {1, 2, 3, 4, 5, 6, 9, 17, 84};
            int[] ks = {1, 3, 7, 8, 15, 16, 17, 20, 24, 31, 33, 40, 47, 64, 100, 120, 257, 300};
            List<int[]> shapes = new ArrayList<>();
            // every k with m = 1 and m = 2 (the acting and small-batch dot form), and random others
            for (int k : ks) {
                for (int n : new int[] {1, 3, 4, 5, 84}) {
                    shapes.add(new int[] {1, n, k});
                    shapes.add(new int[] {2, n, k});
                }
            }
            for (int t = 0; t < 150; t++) shapes.add(new int[] {ms[r.nextInt(ms.length)], ns[r.nextInt(ns.length)], ks[r.nextInt(ks.length)]});
            for (int[] s : shapes) {
                int f = r.nextInt(8);
                boolean ta = (f & 1) != 0, tb = (f & 2) != 0;
                float beta = (f & 4) != 0 ? 1f : 0f;
                int m = s[0], n = s[1], k = s[2];
                int lda = (ta ? m : k) + r.nextInt(3), ldb = (tb ? k : n) + r.nextInt(3), ldc = n + r.nextInt(3);
                int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
                // B exactly as long as it needs to be half the time: tails that end at the array's end
                float[] a = fill(r, aOff + (ta ? k : m) * lda + r.nextInt(2));
                float[] b = fill(r, bOff + ((tb ? n : k) - 1) * ldb + (tb ? k : n) + r.nextInt(2));
                float[] c = fill(r, cOff + m * ldc);
                float[] want = c.clone(), got = c.clone();
                sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, want, cOff, ldc);
                Gemm.sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
                for (int i = 0; i < want.length; i++) {
                    if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                        bad.add("sgemm(" + ta + ", " + tb + ") " + m + "x" + n + "x" + k + " beta " + beta + " element " + i
                                + ": " + got[i] + " instead of " + want[i] + (dotForm(ta, tb, m, n, k) ? " (dot form)" : ""));
                        break;
                    }
                }
            }
            for (int n : new int[] {1, 5, 63, 64, 65, 100, 127, 128, 129, 191, 200, 255, 256, 1000, 4099}) {
                int xo = r.nextInt(3), yo = r.nextInt(3);
                float[] x = fill(r, xo + n), y = fill(r, yo + n);
                float ws = dot(x, xo, null, 0, n), gs = Vec.sum(x, xo, n);
                if (Float.floatToIntBits(ws) != Float.floatToIntBits(gs)) bad.add("sum n=" + n + ": " + gs + " instead of " + ws);
                float wd = dot(x, xo, y, yo, n), gd = Vec.dot(x, xo, y, yo, n);
                if (Float.floatToIntBits(wd) != Float.floatToIntBits(gd)) bad.add("dot n=" + n + ": " + gd + " instead of " + wd);
            }
        } finally {
            Kernels.setSimdEnabled(simdBefore);
        }
        return bad;
    }

    /** Values of mixed sign and magnitude (1e-3 … 1e3), so that any change of order shows in the low bits. */
    static float[] fill(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) ((r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(7) - 3));
        return x;
    }

    /** Runs {@link #check()}; prints the vector width and "ok", or the differences and exits with status 1. */
    public static void main(String[] args) {
        List<String> bad = check();
        System.out.println("lanes " + Kernels.vectorBits() / 32);
        if (!bad.isEmpty()) {
            bad.forEach(System.out::println);
            System.exit(1);
        }
        System.out.println("ok");
    }
}
