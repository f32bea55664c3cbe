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
        int v2 = o - o % (2 * VL), v4 = o - o % (4 * VL);
        for (int v = v2; v < o; v += VL) forward1(xf, xb, table, xo, base, positions, off, wt, o, out, outOff, v);
        for (int v = 0; v < v4; v += 4 * VL) forward4(xf, xb, table, xo, base, positions, off, wt, o, out, outOff, v);
        for (int v = v4; v < v2; v += 2 * VL) {
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

    /**
     * Four vectors of channels {@code [v, v + 4·VL)}: 6 positions × 4 vectors in registers (24 accumulators), so each
     * input value broadcast feeds 4 FMAs and each weight load 6; the tail positions one at a time.
     */
    private static void forward4(float[] xf, byte[] xb, float[] table, int xo, int[] base, int positions, int[] off,
                                 float[] wt, int o, float[] out, int outOff, int v) {
        int k = off.length;
        FloatVector zero = FloatVector.zero(S);
        int q = 0;
        for (; q + 6 <= positions; q += 6) {
            int b0 = xo + base[q], b1 = xo + base[q + 1], b2 = xo + base[q + 2], b3 = xo + base[q + 3];
            int b4 = xo + base[q + 4], b5 = xo + base[q + 5];
            FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero;
            FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero, c30 = zero, c31 = zero, c32 = zero, c33 = zero;
            FloatVector c40 = zero, c41 = zero, c42 = zero, c43 = zero, c50 = zero, c51 = zero, c52 = zero, c53 = zero;
            for (int r = 0; r < k; r++) {
                int wr = r * o + v, d = off[r];
                FloatVector w0 = FloatVector.fromArray(S, wt, wr), w1 = FloatVector.fromArray(S, wt, wr + VL);
                FloatVector w2 = FloatVector.fromArray(S, wt, wr + 2 * VL), w3 = FloatVector.fromArray(S, wt, wr + 3 * VL);
                float a0, a1, a2, a3, a4, a5;
                if (xf != null) {
                    a0 = xf[b0 + d]; a1 = xf[b1 + d]; a2 = xf[b2 + d]; a3 = xf[b3 + d]; a4 = xf[b4 + d]; a5 = xf[b5 + d];
                } else {
                    a0 = table[xb[b0 + d] & 0xFF]; a1 = table[xb[b1 + d] & 0xFF]; a2 = table[xb[b2 + d] & 0xFF];
                    a3 = table[xb[b3 + d] & 0xFF]; a4 = table[xb[b4 + d] & 0xFF]; a5 = table[xb[b5 + d] & 0xFF];
                }
                FloatVector av = FloatVector.broadcast(S, a0);
                c00 = w0.fma(av, c00); c01 = w1.fma(av, c01); c02 = w2.fma(av, c02); c03 = w3.fma(av, c03);
                av = FloatVector.broadcast(S, a1);
                c10 = w0.fma(av, c10); c11 = w1.fma(av, c11); c12 = w2.fma(av, c12); c13 = w3.fma(av, c13);
                av = FloatVector.broadcast(S, a2);
                c20 = w0.fma(av, c20); c21 = w1.fma(av, c21); c22 = w2.fma(av, c22); c23 = w3.fma(av, c23);
                av = FloatVector.broadcast(S, a3);
                c30 = w0.fma(av, c30); c31 = w1.fma(av, c31); c32 = w2.fma(av, c32); c33 = w3.fma(av, c33);
                av = FloatVector.broadcast(S, a4);
                c40 = w0.fma(av, c40); c41 = w1.fma(av, c41); c42 = w2.fma(av, c42); c43 = w3.fma(av, c43);
                av = FloatVector.broadcast(S, a5);
                c50 = w0.fma(av, c50); c51 = w1.fma(av, c51); c52 = w2.fma(av, c52); c53 = w3.fma(av, c53);
            }
            int p = outOff + q * o + v;
            c00.intoArray(out, p); c01.intoArray(out, p + VL); c02.intoArray(out, p + 2 * VL); c03.intoArray(out, p + 3 * VL);
            p += o;
            c10.intoArray(out, p); c11.intoArray(out, p + VL); c12.intoArray(out, p + 2 * VL); c13.intoArray(out, p + 3 * VL);
            p += o;
            c20.intoArray(out, p); c21.intoArray(out, p + VL); c22.intoArray(out, p + 2 * VL); c23.intoArray(out, p + 3 * VL);
            p += o;
            c30.intoArray(out, p); c31.intoArray(out, p + VL); c32.intoArray(out, p + 2 * VL); c33.intoArray(out, p + 3 * VL);
            p += o;
            c40.intoArray(out, p); c41.intoArray(out, p + VL); c42.intoArray(out, p + 2 * VL); c43.intoArray(out, p + 3 * VL);
            p += o;
            c50.intoArray(out, p); c51.intoArray(out, p + VL); c52.intoArray(out, p + 2 * VL); c53.intoArray(out, p + 3 * VL);
        }
        for (; q < positions; q++) {
            int b0 = xo + base[q];
            FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero;
            for (int r = 0; r < k; r++) {
                int wr = r * o + v, d = off[r];
                float a0 = xf != null ? xf[b0 + d] : table[xb[b0 + d] & 0xFF];
                FloatVector av = FloatVector.broadcast(S, a0);
                c0 = FloatVector.fromArray(S, wt, wr).fma(av, c0);
                c1 = FloatVector.fromArray(S, wt, wr + VL).fma(av, c1);
                c2 = FloatVector.fromArray(S, wt, wr + 2 * VL).fma(av, c2);
                c3 = FloatVector.fromArray(S, wt, wr + 3 * VL).fma(av, c3);
            }
            int p = outOff + q * o + v;
            c0.intoArray(out, p); c1.intoArray(out, p + VL); c2.intoArray(out, p + 2 * VL); c3.intoArray(out, p + 3 * VL);
        }
    }

    /** One vector of channels {@code [v, v + VL)}: 8 positions at a time. */
    private static void forward1(float[] xf, byte[] xb, float[] table, int xo, int[] base, int positions, int[] off,
                                 float[] wt, int o, float[] out, int outOff, int v) {
        int k = off.length;
        FloatVector zero = FloatVector.zero(S);
        int q = 0;
        for (; q + 8 <= positions; q += 8) {
            int b0 = xo + base[q], b1 = xo + base[q + 1], b2 = xo + base[q + 2], b3 = xo + base[q + 3];
            int b4 = xo + base[q + 4], b5 = xo + base[q + 5], b6 = xo + base[q + 6], b7 = xo + base[q + 7];
            FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
            for (int r = 0; r < k; r++) {
                int d = off[r];
                FloatVector w0 = FloatVector.fromArray(S, wt, r * o + v);
                if (xf != null) {
                    c0 = w0.fma(FloatVector.broadcast(S, xf[b0 + d]), c0);
                    c1 = w0.fma(FloatVector.broadcast(S, xf[b1 + d]), c1);
                    c2 = w0.fma(FloatVector.broadcast(S, xf[b2 + d]), c2);
                    c3 = w0.fma(FloatVector.broadcast(S, xf[b3 + d]), c3);
                    c4 = w0.fma(FloatVector.broadcast(S, xf[b4 + d]), c4);
                    c5 = w0.fma(FloatVector.broadcast(S, xf[b5 + d]), c5);
                    c6 = w0.fma(FloatVector.broadcast(S, xf[b6 + d]), c6);
                    c7 = w0.fma(FloatVector.broadcast(S, xf[b7 + d]), c7);
                } else {
                    c0 = w0.fma(FloatVector.broadcast(S, table[xb[b0 + d] & 0xFF]), c0);
                    c1 = w0.fma(FloatVector.broadcast(S, table[xb[b1 + d] & 0xFF]), c1);
                    c2 = w0.fma(FloatVector.broadcast(S, table[xb[b2 + d] & 0xFF]), c2);
                    c3 = w0.fma(FloatVector.broadcast(S, table[xb[b3 + d] & 0xFF]), c3);
                    c4 = w0.fma(FloatVector.broadcast(S, table[xb[b4 + d] & 0xFF]), c4);
                    c5 = w0.fma(FloatVector.broadcast(S, table[xb[b5 + d] & 0xFF]), c5);
                    c6 = w0.fma(FloatVector.broadcast(S, table[xb[b6 + d] & 0xFF]), c6);
                    c7 = w0.fma(FloatVector.broadcast(S, table[xb[b7 + d] & 0xFF]), c7);
                }
            }
            int p = outOff + q * o + v;
            c0.intoArray(out, p); c1.intoArray(out, p + o); c2.intoArray(out, p + 2 * o); c3.intoArray(out, p + 3 * o);
            c4.intoArray(out, p + 4 * o); c5.intoArray(out, p + 5 * o); c6.intoArray(out, p + 6 * o); c7.intoArray(out, p + 7 * o);
        }
        for (; q < positions; q++) {
            int b0 = xo + base[q];
            FloatVector c0 = zero;
            for (int r = 0; r < k; r++) {
                int d = off[r];
                float a0 = xf != null ? xf[b0 + d] : table[xb[b0 + d] & 0xFF];
                c0 = FloatVector.fromArray(S, wt, r * o + v).fma(FloatVector.broadcast(S, a0), c0);
            }
            c0.intoArray(out, outOff + q * o + v);
        }
    }

    /** dwt[r·O + o] = Σ over samples i and positions q (in that order) of x_i(q, r)·gt[(i·hw + q)·O + o], taps r in [r0, r1). */
    static void weightGrad(float[] xf, byte[] xb, float[] table, int xo0, int chw, int n, int[] base, int hw, int[] off,
                           int r0, int r1, float[] gt, int o, float[] dwt) {
        FloatVector zero = FloatVector.zero(S);
        int v2 = o - o % (2 * VL);
        for (int v = v2; v < o; v += VL) {
            // a last single vector of channels: 6 taps share each gradient load
            int r = r0;
            for (; r + 6 <= r1; r += 6) {
                int d0 = off[r], d1 = off[r + 1], d2 = off[r + 2], d3 = off[r + 3], d4 = off[r + 4], d5 = off[r + 5];
                FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero;
                for (int i = 0; i < n; i++) {
                    int xo = xo0 + i * chw, gi = i * hw * o + v;
                    for (int q = 0; q < hw; q++) {
                        int bq = xo + base[q];
                        FloatVector g0 = FloatVector.fromArray(S, gt, gi + q * o);
                        if (xf != null) {
                            c0 = g0.fma(FloatVector.broadcast(S, xf[bq + d0]), c0);
                            c1 = g0.fma(FloatVector.broadcast(S, xf[bq + d1]), c1);
                            c2 = g0.fma(FloatVector.broadcast(S, xf[bq + d2]), c2);
                            c3 = g0.fma(FloatVector.broadcast(S, xf[bq + d3]), c3);
                            c4 = g0.fma(FloatVector.broadcast(S, xf[bq + d4]), c4);
                            c5 = g0.fma(FloatVector.broadcast(S, xf[bq + d5]), c5);
                        } else {
                            c0 = g0.fma(FloatVector.broadcast(S, table[xb[bq + d0] & 0xFF]), c0);
                            c1 = g0.fma(FloatVector.broadcast(S, table[xb[bq + d1] & 0xFF]), c1);
                            c2 = g0.fma(FloatVector.broadcast(S, table[xb[bq + d2] & 0xFF]), c2);
                            c3 = g0.fma(FloatVector.broadcast(S, table[xb[bq + d3] & 0xFF]), c3);
                            c4 = g0.fma(FloatVector.broadcast(S, table[xb[bq + d4] & 0xFF]), c4);
                            c5 = g0.fma(FloatVector.broadcast(S, table[xb[bq + d5] & 0xFF]), c5);
                        }
                    }
                }
                int p = r * o + v;
                c0.intoArray(dwt, p); c1.intoArray(dwt, p + o); c2.intoArray(dwt, p + 2 * o);
                c3.intoArray(dwt, p + 3 * o); c4.intoArray(dwt, p + 4 * o); c5.intoArray(dwt, p + 5 * o);
            }
            for (; r < r1; r++) {
                int d0 = off[r];
                FloatVector c0 = zero;
                for (int i = 0; i < n; i++) {
                    int xo = xo0 + i * chw, gi = i * hw * o + v;
                    for (int q = 0; q < hw; q++) {
                        int bq = xo + base[q];
                        float a0 = xf != null ? xf[bq + d0] : table[xb[bq + d0] & 0xFF];
                        c0 = FloatVector.fromArray(S, gt, gi + q * o).fma(FloatVector.broadcast(S, a0), c0);
                    }
                }
                c0.intoArray(dwt, r * o + v);
            }
        }
        for (int v = 0; v < v2; v += 2 * VL) {
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
