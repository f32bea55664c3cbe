package dev.bellman.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The data transforms of Winograd's F(3×3, 2×2) convolution (used by {@code dev.bellman.tensor.ConvStridedWinograd}
 * for strided layers after space-to-depth), one tile for every channel at once: vectors hold consecutive channels, and
 * every element is the same fixed sequence of float additions and subtractions as in the scalar tail, so the bits do
 * not depend on the vector width. Call only with SIMD on ({@link Kernels#simdEnabled()}).
 *
 * <p>Matrices (interpolation nodes 0, 1, −1 and ∞): {@code Aᵀ = [[1,1,1,0],[0,1,−1,0],[0,1,1,1]]} here, and
 * {@code Bᵀ = [[1,0,−1,0],[0,1,1,0],[0,−1,1,0],[0,1,0,−1]]}, {@code G = [[1,0],[½,½],[½,−½],[0,−1]]}: the input
 * transform is F(2×2, 3×3)'s ({@link WinogradSimd#inputTile}); the textbook F(3×3, 2×2) has the opposite sign in the last
 * rows of Bᵀ and G, which cancels in every product {@code U·V}, so the results are the same bits either way.
 */
public final class StridedWinogradSimd {
    private StridedWinogradSimd() {}

    private static final VectorSpecies<Float> S = GemmSimd.S;
    private static final int VL = S.length();
    private static final VectorSpecies<Float> S4 = FloatVector.SPECIES_128;

    /**
     * The gather offsets of {@link #spaceToDepth}: {@code idx[(ci·s + di)·s + dj] = (ci·h + di)·w + dj}.
     */
    public static int[] spaceToDepthOffsets(int c, int h, int w, int s) {
        int[] idx = new int[c * s * s];
        for (int ci = 0, k = 0; ci < c; ci++) {
            for (int di = 0; di < s; di++) {
                for (int dj = 0; dj < s; dj++, k++) idx[k] = (ci * h + di) * w + dj;
            }
        }
        return idx;
    }

    /**
     * Space-to-depth of one sample {@code x[xs ..] [c, h, w]}, channels last: {@code xl[(r·wl + q)·cs + (ci·s + di)·s +
     * dj] = x[ci][r·s + di][q·s + dj] / divisor} for r &lt; hl, q &lt; wl ({@code cs = c·s²}), 0 past the input's edge;
     * {@code idx} from {@link #spaceToDepthOffsets}. Each value is one float division {@code x / divisor} (none when the
     * divisor is 1), so the bits are those of dividing first. When 4 divides s the input is read in order, 4 floats at a
     * time (a sequential stream: reading it position by position is bound by the cache misses of 4·s row streams);
     * otherwise each position's channels are vector gathers of {@code idx}; a scalar loop at the edge.
     */
    public static void spaceToDepth(float[] x, int xs, int c, int h, int w, int s, int hl, int wl, int[] idx,
                                    float divisor, float[] xl) {
        int cs = c * s * s;
        boolean divide = divisor != 1f;
        if (s % 4 == 0) {
            int qIn = Math.min(wl, w / s), hu = Math.min(h, hl * s);
            for (int ci = 0; ci < c; ci++) {
                for (int rr = 0; rr < hl * s; rr++) {
                    int r = rr / s, di = rr - r * s, src = xs + (ci * h + rr) * w;
                    int d0 = r * wl * cs + (ci * s + di) * s;
                    if (rr >= hu) {
                        for (int q = 0; q < wl; q++) java.util.Arrays.fill(xl, d0 + q * cs, d0 + q * cs + s, 0f);
                        continue;
                    }
                    if (divide) {
                        for (int q = 0; q < qIn; q++) {
                            for (int j = 0; j < s; j += 4) {
                                FloatVector.fromArray(S4, x, src + q * s + j).div(divisor).intoArray(xl, d0 + q * cs + j);
                            }
                        }
                    } else {
                        for (int q = 0; q < qIn; q++) {
                            for (int j = 0; j < s; j += 4) {
                                FloatVector.fromArray(S4, x, src + q * s + j).intoArray(xl, d0 + q * cs + j);
                            }
                        }
                    }
                    for (int q = qIn; q < wl; q++) {
                        for (int j = 0, d = d0 + q * cs; j < s; j++) {
                            int col = q * s + j;
                            xl[d + j] = col >= w ? 0f : divide ? x[src + col] / divisor : x[src + col];
                        }
                    }
                }
            }
            return;
        }
        boolean vec = cs % VL == 0;
        for (int r = 0; r < hl; r++) {
            for (int q = 0; q < wl; q++) {
                int d = (r * wl + q) * cs, base = xs + r * s * w + q * s;
                if (vec && r * s + s <= h && q * s + s <= w) {
                    if (divide) {
                        for (int k = 0; k < cs; k += VL) FloatVector.fromArray(S, x, base, idx, k).div(divisor).intoArray(xl, d + k);
                    } else {
                        for (int k = 0; k < cs; k += VL) FloatVector.fromArray(S, x, base, idx, k).intoArray(xl, d + k);
                    }
                    continue;
                }
                for (int ci = 0, k = 0; ci < c; ci++) {
                    for (int di = 0; di < s; di++) {
                        for (int dj = 0; dj < s; dj++, k++) {
                            xl[d + k] = r * s + di < h && q * s + dj < w
                                    ? (divide ? x[base + idx[k]] / divisor : x[base + idx[k]]) : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code Y = Aᵀ·M·A} of one tile for every output channel o, {@code M[i][j] = m[m0 + (4i + j)·ms + o]}:
     * {@code Y[i][j]} to {@code y[y00 + i·rowStride + j·cOut + o]} for i &lt; {@code rows} and j &lt; {@code cols}
     * (1 to 3 each: a tile past the output's edge writes only its part inside).
     */
    public static void outputTile(float[] m, int m0, int ms, int cOut, float[] y, int y00, int rowStride, int rows,
                                  int cols) {
        int o = 0;
        for (; o <= cOut - VL; o += VL) {
            int p = m0 + o;
            FloatVector m00 = FloatVector.fromArray(S, m, p), m01 = FloatVector.fromArray(S, m, p + ms);
            FloatVector m02 = FloatVector.fromArray(S, m, p + 2 * ms), m03 = FloatVector.fromArray(S, m, p + 3 * ms);
            FloatVector m10 = FloatVector.fromArray(S, m, p + 4 * ms), m11 = FloatVector.fromArray(S, m, p + 5 * ms);
            FloatVector m12 = FloatVector.fromArray(S, m, p + 6 * ms), m13 = FloatVector.fromArray(S, m, p + 7 * ms);
            FloatVector m20 = FloatVector.fromArray(S, m, p + 8 * ms), m21 = FloatVector.fromArray(S, m, p + 9 * ms);
            FloatVector m22 = FloatVector.fromArray(S, m, p + 10 * ms), m23 = FloatVector.fromArray(S, m, p + 11 * ms);
            FloatVector m30 = FloatVector.fromArray(S, m, p + 12 * ms), m31 = FloatVector.fromArray(S, m, p + 13 * ms);
            FloatVector m32 = FloatVector.fromArray(S, m, p + 14 * ms), m33 = FloatVector.fromArray(S, m, p + 15 * ms);
            // Aᵀ·M: rows m1 + m2 (shared), then s = m0 + (m1 + m2), t = m1 − m2, u = (m1 + m2) + m3
            FloatVector q0 = m10.add(m20), q1 = m11.add(m21), q2 = m12.add(m22), q3 = m13.add(m23);
            row(m00.add(q0), m01.add(q1), m02.add(q2), m03.add(q3), y, y00 + o, cOut, cols);
            if (rows > 1) row(m10.sub(m20), m11.sub(m21), m12.sub(m22), m13.sub(m23), y, y00 + rowStride + o, cOut, cols);
            if (rows > 2) row(q0.add(m30), q1.add(m31), q2.add(m32), q3.add(m33), y, y00 + 2 * rowStride + o, cOut, cols);
        }
        for (; o < cOut; o++) {
            int p = m0 + o;
            float m00 = m[p], m01 = m[p + ms], m02 = m[p + 2 * ms], m03 = m[p + 3 * ms];
            float m10 = m[p + 4 * ms], m11 = m[p + 5 * ms], m12 = m[p + 6 * ms], m13 = m[p + 7 * ms];
            float m20 = m[p + 8 * ms], m21 = m[p + 9 * ms], m22 = m[p + 10 * ms], m23 = m[p + 11 * ms];
            float m30 = m[p + 12 * ms], m31 = m[p + 13 * ms], m32 = m[p + 14 * ms], m33 = m[p + 15 * ms];
            float q0 = m10 + m20, q1 = m11 + m21, q2 = m12 + m22, q3 = m13 + m23;
            rowScalar(m00 + q0, m01 + q1, m02 + q2, m03 + q3, y, y00 + o, cOut, cols);
            if (rows > 1) rowScalar(m10 - m20, m11 - m21, m12 - m22, m13 - m23, y, y00 + rowStride + o, cOut, cols);
            if (rows > 2) rowScalar(q0 + m30, q1 + m31, q2 + m32, q3 + m33, y, y00 + 2 * rowStride + o, cOut, cols);
        }
    }

    /** One row [r0, r1, r2, r3] times A: {@code r0 + (r1 + r2)}, {@code r1 − r2}, {@code (r1 + r2) + r3}. */
    private static void row(FloatVector r0, FloatVector r1, FloatVector r2, FloatVector r3, float[] y, int d, int step,
                            int cols) {
        FloatVector q = r1.add(r2);
        r0.add(q).intoArray(y, d);
        if (cols > 1) r1.sub(r2).intoArray(y, d + step);
        if (cols > 2) q.add(r3).intoArray(y, d + 2 * step);
    }

    private static void rowScalar(float r0, float r1, float r2, float r3, float[] y, int d, int step, int cols) {
        float q = r1 + r2;
        y[d] = r0 + q;
        if (cols > 1) y[d + step] = r1 - r2;
        if (cols > 2) y[d + 2 * step] = q + r3;
    }
}
