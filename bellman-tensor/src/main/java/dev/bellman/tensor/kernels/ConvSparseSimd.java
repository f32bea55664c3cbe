package dev.bellman.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** The Vector API body of {@link ConvSparse} (loaded only when SIMD is enabled). */
final class ConvSparseSimd {
    private ConvSparseSimd() {}

    private static final VectorSpecies<Float> S = GemmSimd.S;
    private static final int VL = S.length();

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /**
     * The bytes {@code x[xo + k .. xo + min(k + 8, len))} as a mask with the top bit of byte j set when byte j is nonzero
     * (so the inputs are visited in increasing index order by the mask's set bits).
     */
    private static long nonzeroBytes(byte[] x, int xo, int k, int len) {
        if (k + 8 <= len) {
            long v = (long) LONGS.get(x, xo + k);
            return (((v & LOW7) + LOW7) | v) & ~LOW7;
        }
        long m = 0;
        for (int j = 0; k + j < len; j++) {
            if (x[xo + k + j] != 0) m |= 0x80L << (8 * j);
        }
        return m;
    }

    static void forward(byte[] x, int xo, float[] table, int c, int h, int w, int kh, int kw, float[] wt, int o,
                        float[] out) {
        int ho = h - kh + 1, wo = w - kw + 1, plane = h * w, len = c * plane;
        Arrays.fill(out, 0, ho * wo * o, 0f);
        for (int k = 0; k < len; k += 8) {
            long m = nonzeroBytes(x, xo, k, len);
            for (; m != 0; m &= m - 1) {
                int idx = k + (Long.numberOfTrailingZeros(m) >>> 3);
                int v = x[xo + idx] & 0xFF;
                int ci = idx / plane, rem = idx - ci * plane, y = rem / w, xx = rem - y * w;
                int kiLo = Math.max(0, y - (ho - 1)), kiHi = Math.min(kh - 1, y);
                FloatVector a = FloatVector.broadcast(S, table[v]);
                int kjLo = Math.max(0, xx - (wo - 1)), kjHi = Math.min(kw - 1, xx);
                for (int ki = kiLo; ki <= kiHi; ki++) {
                    int r0 = (ci * kh + ki) * kw, q0 = (y - ki) * wo + xx;
                    for (int kj = kjLo; kj <= kjHi; kj++) {
                        int wr = (r0 + kj) * o, p = (q0 - kj) * o;
                        for (int j = 0; j < o; j += VL) {
                            // the direct kernel's w.fma(x, c), lane by lane
                            FloatVector.fromArray(S, wt, wr + j).fma(a, FloatVector.fromArray(S, out, p + j))
                                    .intoArray(out, p + j);
                        }
                    }
                }
            }
        }
    }

    /** Lanes of the half-row species (a half of 16 channels: 8 lanes, or the vector itself when narrower). */
    private static final VectorSpecies<Float> HALF = VL >= 8 ? FloatVector.SPECIES_256 : S;

    /** Whether output channels [j0, j1) can run as vectors of {@link #S} or of {@link #HALF}. */
    static boolean fits(int j0, int j1) {
        return (j1 - j0) % HALF.length() == 0 && j0 % HALF.length() == 0;
    }

    static void weightGrad(byte[] x, int xo, float[] table, int c, int h, int w, int kh, int kw, float[] gt, int gOff,
                           int o, int j0, int j1, float[] dwt) {
        if ((j1 - j0) % VL != 0) {
            weightGradHalf(x, xo, table, c, h, w, kh, kw, gt, gOff, o, j0, j1, dwt);
            return;
        }
        int ho = h - kh + 1, wo = w - kw + 1, plane = h * w, len = c * plane;
        for (int k = 0; k < len; k += 8) {
            long m = nonzeroBytes(x, xo, k, len);
            for (; m != 0; m &= m - 1) {
                int idx = k + (Long.numberOfTrailingZeros(m) >>> 3);
                int v = x[xo + idx] & 0xFF;
                int ci = idx / plane, rem = idx - ci * plane, y = rem / w, xx = rem - y * w;
                int kiLo = Math.max(0, y - (ho - 1)), kiHi = Math.min(kh - 1, y);
                FloatVector a = FloatVector.broadcast(S, table[v]);
                int kjLo = Math.max(0, xx - (wo - 1)), kjHi = Math.min(kw - 1, xx);
                for (int ki = kiLo; ki <= kiHi; ki++) {
                    int r0 = (ci * kh + ki) * kw, q0 = (y - ki) * wo + xx;
                    for (int kj = kjLo; kj <= kjHi; kj++) {
                        int dr = (r0 + kj) * o, p = gOff + (q0 - kj) * o;
                        for (int j = j0; j < j1; j += VL) {
                            // the direct kernel's g.fma(x, c), lane by lane
                            FloatVector.fromArray(S, gt, p + j).fma(a, FloatVector.fromArray(S, dwt, dr + j))
                                    .intoArray(dwt, dr + j);
                        }
                    }
                }
            }
        }
    }

    /** {@link #weightGrad} in vectors of {@link #HALF} (the same lane operations). */
    private static void weightGradHalf(byte[] x, int xo, float[] table, int c, int h, int w, int kh, int kw, float[] gt,
                                       int gOff, int o, int j0, int j1, float[] dwt) {
        int ho = h - kh + 1, wo = w - kw + 1, plane = h * w, len = c * plane;
        for (int k = 0; k < len; k += 8) {
            long m = nonzeroBytes(x, xo, k, len);
            for (; m != 0; m &= m - 1) {
                int idx = k + (Long.numberOfTrailingZeros(m) >>> 3);
                int v = x[xo + idx] & 0xFF;
                int ci = idx / plane, rem = idx - ci * plane, y = rem / w, xx = rem - y * w;
                int kiLo = Math.max(0, y - (ho - 1)), kiHi = Math.min(kh - 1, y);
                FloatVector a = FloatVector.broadcast(HALF, table[v]);
                int kjLo = Math.max(0, xx - (wo - 1)), kjHi = Math.min(kw - 1, xx);
                for (int ki = kiLo; ki <= kiHi; ki++) {
                    int r0 = (ci * kh + ki) * kw, q0 = (y - ki) * wo + xx;
                    for (int kj = kjLo; kj <= kjHi; kj++) {
                        int dr = (r0 + kj) * o, p = gOff + (q0 - kj) * o;
                        for (int j = j0; j < j1; j += HALF.length()) {
                            // the direct kernel's g.fma(x, c), lane by lane
                            FloatVector.fromArray(HALF, gt, p + j).fma(a, FloatVector.fromArray(HALF, dwt, dr + j))
                                    .intoArray(dwt, dr + j);
                        }
                    }
                }
            }
        }
    }
}
