package dev.bellman.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API body of {@link ConvDirect} (loaded only when SIMD is enabled). */
final class ConvDirectSimd {
    private ConvDirectSimd() {}

    private static final VectorSpecies<Float> S = GemmSimd.S;
    private static final int VL = S.length();

    static int lanes() {
        return VL;
    }

    static void forward(float[] xf, byte[] xb, float[] table, int xo, int[] base, int positions, int[] off, float[] wt,
                        int o, float[] out, int outOff) {
        int k = off.length;
        FloatVector zero = FloatVector.zero(S);
        for (int v = 0; v < o; v += 2 * VL) {
            int q = 0;
            for (; q + 6 <= positions; q += 6) {
                int b0 = xo + base[q], b1 = xo + base[q + 1], b2 = xo + base[q + 2], b3 = xo + base[q + 3];
                int b4 = xo + base[q + 4], b5 = xo + base[q + 5];
                FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
                FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero;
                for (int r = 0; r < k; r++) {
                    int wr = r * o + v, d = off[r];
                    FloatVector w0 = FloatVector.fromArray(S, wt, wr), w1 = FloatVector.fromArray(S, wt, wr + VL);
                    float a0, a1, a2, a3, a4, a5;
                    if (xf != null) {
                        a0 = xf[b0 + d]; a1 = xf[b1 + d]; a2 = xf[b2 + d]; a3 = xf[b3 + d]; a4 = xf[b4 + d]; a5 = xf[b5 + d];
                    } else {
                        a0 = table[xb[b0 + d] & 0xFF]; a1 = table[xb[b1 + d] & 0xFF]; a2 = table[xb[b2 + d] & 0xFF];
                        a3 = table[xb[b3 + d] & 0xFF]; a4 = table[xb[b4 + d] & 0xFF]; a5 = table[xb[b5 + d] & 0xFF];
                    }
                    FloatVector av = FloatVector.broadcast(S, a0);
                    c00 = w0.fma(av, c00); c01 = w1.fma(av, c01);
                    av = FloatVector.broadcast(S, a1);
                    c10 = w0.fma(av, c10); c11 = w1.fma(av, c11);
                    av = FloatVector.broadcast(S, a2);
                    c20 = w0.fma(av, c20); c21 = w1.fma(av, c21);
                    av = FloatVector.broadcast(S, a3);
                    c30 = w0.fma(av, c30); c31 = w1.fma(av, c31);
                    av = FloatVector.broadcast(S, a4);
                    c40 = w0.fma(av, c40); c41 = w1.fma(av, c41);
                    av = FloatVector.broadcast(S, a5);
                    c50 = w0.fma(av, c50); c51 = w1.fma(av, c51);
                }
                int p = outOff + q * o + v;
                c00.intoArray(out, p); c01.intoArray(out, p + VL);
                c10.intoArray(out, p + o); c11.intoArray(out, p + o + VL);
                c20.intoArray(out, p + 2 * o); c21.intoArray(out, p + 2 * o + VL);
                c30.intoArray(out, p + 3 * o); c31.intoArray(out, p + 3 * o + VL);
                c40.intoArray(out, p + 4 * o); c41.intoArray(out, p + 4 * o + VL);
                c50.intoArray(out, p + 5 * o); c51.intoArray(out, p + 5 * o + VL);
            }
            for (; q < positions; q++) {
                int b0 = xo + base[q];
                FloatVector c00 = zero, c01 = zero;
                for (int r = 0; r < k; r++) {
                    int wr = r * o + v, d = off[r];
                    float a0 = xf != null ? xf[b0 + d] : table[xb[b0 + d] & 0xFF];
                    FloatVector av = FloatVector.broadcast(S, a0);
                    c00 = FloatVector.fromArray(S, wt, wr).fma(av, c00);
                    c01 = FloatVector.fromArray(S, wt, wr + VL).fma(av, c01);
                }
                int p = outOff + q * o + v;
                c00.intoArray(out, p); c01.intoArray(out, p + VL);
            }
        }
    }

    /** dwt[r·O + o] = Σ over samples i and positions q (in that order) of x_i(q, r)·gt[(i·hw + q)·O + o], taps r in [r0, r1). */
    static void weightGrad(float[] xf, byte[] xb, float[] table, int xo0, int chw, int n, int[] base, int hw, int[] off,
                           int r0, int r1, float[] gt, int o, float[] dwt) {
        FloatVector zero = FloatVector.zero(S);
        for (int v = 0; v < o; v += 2 * VL) {
            int r = r0;
            for (; r + 6 <= r1; r += 6) {
                int d0 = off[r], d1 = off[r + 1], d2 = off[r + 2], d3 = off[r + 3], d4 = off[r + 4], d5 = off[r + 5];
                FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
                FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero;
                for (int i = 0; i < n; i++) {
                    int xo = xo0 + i * chw, gi = i * hw * o + v;
                    for (int q = 0; q < hw; q++) {
                        int gq = gi + q * o, bq = xo + base[q];
                        FloatVector g0 = FloatVector.fromArray(S, gt, gq), g1 = FloatVector.fromArray(S, gt, gq + VL);
                        float a0, a1, a2, a3, a4, a5;
                        if (xf != null) {
                            a0 = xf[bq + d0]; a1 = xf[bq + d1]; a2 = xf[bq + d2]; a3 = xf[bq + d3]; a4 = xf[bq + d4]; a5 = xf[bq + d5];
                        } else {
                            a0 = table[xb[bq + d0] & 0xFF]; a1 = table[xb[bq + d1] & 0xFF]; a2 = table[xb[bq + d2] & 0xFF];
                            a3 = table[xb[bq + d3] & 0xFF]; a4 = table[xb[bq + d4] & 0xFF]; a5 = table[xb[bq + d5] & 0xFF];
                        }
                        FloatVector av = FloatVector.broadcast(S, a0);
                        c00 = g0.fma(av, c00); c01 = g1.fma(av, c01);
                        av = FloatVector.broadcast(S, a1);
                        c10 = g0.fma(av, c10); c11 = g1.fma(av, c11);
                        av = FloatVector.broadcast(S, a2);
                        c20 = g0.fma(av, c20); c21 = g1.fma(av, c21);
                        av = FloatVector.broadcast(S, a3);
                        c30 = g0.fma(av, c30); c31 = g1.fma(av, c31);
                        av = FloatVector.broadcast(S, a4);
                        c40 = g0.fma(av, c40); c41 = g1.fma(av, c41);
                        av = FloatVector.broadcast(S, a5);
                        c50 = g0.fma(av, c50); c51 = g1.fma(av, c51);
                    }
                }
                int p = r * o + v;
                c00.intoArray(dwt, p); c01.intoArray(dwt, p + VL);
                c10.intoArray(dwt, p + o); c11.intoArray(dwt, p + o + VL);
                c20.intoArray(dwt, p + 2 * o); c21.intoArray(dwt, p + 2 * o + VL);
                c30.intoArray(dwt, p + 3 * o); c31.intoArray(dwt, p + 3 * o + VL);
                c40.intoArray(dwt, p + 4 * o); c41.intoArray(dwt, p + 4 * o + VL);
                c50.intoArray(dwt, p + 5 * o); c51.intoArray(dwt, p + 5 * o + VL);
            }
            for (; r < r1; r++) {
                int d0 = off[r];
                FloatVector c00 = zero, c01 = zero;
                for (int i = 0; i < n; i++) {
                    int xo = xo0 + i * chw, gi = i * hw * o + v;
                    for (int q = 0; q < hw; q++) {
                        int gq = gi + q * o, bq = xo + base[q];
                        float a0 = xf != null ? xf[bq + d0] : table[xb[bq + d0] & 0xFF];
                        FloatVector av = FloatVector.broadcast(S, a0);
                        c00 = FloatVector.fromArray(S, gt, gq).fma(av, c00);
                        c01 = FloatVector.fromArray(S, gt, gq + VL).fma(av, c01);
                    }
                }
                c00.intoArray(dwt, r * o + v); c01.intoArray(dwt, r * o + v + VL);
            }
        }
    }
}
