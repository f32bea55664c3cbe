package dev.bellman.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API GEMM paths of {@link Gemm#sgemm}; loaded only when {@link Kernels#simdEnabled()}.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li><b>Axpy form</b> (the main path): C rows are computed in register tiles of
 *       {@link #MR} rows × 2 vectors, {@code acc += a(i,p) · B[p, j..j+2V)} with lane-wise FMA
 *       for p in order, in k-blocks of {@link #KC} (Goto and van de Geijn, "Anatomy of
 *       High-Performance Matrix Multiplication", ACM TOMS 2008: the kc×nr panel of B stays in L1
 *       while a column of tiles streams A). B is read in place when it is stored k×n; a transposed
 *       B is first transposed into a per-thread buffer. Tails use masked vectors and 1-row tiles.</li>
 *   <li><b>Dot form</b> (transB with m ≤ {@link #DOT_MAX_M}, i.e. {@code x · Wᵀ} at tiny batch):
 *       each C element is a vector dot product along k (both operands contiguous), lanes combined
 *       by a fixed pairwise tree, never {@code reduceLanes} (whose order is unspecified).</li>
 *   <li>Determinism: in the axpy form each element of C is one FMA chain over p in increasing
 *       order, started from C (beta = 1) or 0 (beta = 0) and stored after each k-block; this does
 *       not depend on the tile or vector width that computes it, nor on the thread. In the dot form
 *       an element depends on the vector width only. So results depend only on shapes, flags,
 *       and (dot form) the machine's vector width — never on the thread count.</li>
 * </ol>
 */
final class GemmSimd {
    private GemmSimd() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int VL = S.length();
    static final int MR = 6;
    static final int KC = 256;
    static final int DOT_MAX_M = 4;
    /** Row block of the parallel partition (multiple of MR). */
    static final int ROW_BLOCK = 8 * MR;
    /** Column block of the parallel partition when m is small (multiple of 2·VL for VL ≤ 32). */
    static final int COL_BLOCK = 128;
    static final double PARALLEL_MIN_FLOPS = 2e6;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][0]);

    static float[] buffer(int which, int size) {
        float[][] bufs = BUFFERS.get();
        if (bufs[which].length < size) bufs[which] = new float[Math.max(size, bufs[which].length * 3 / 2)];
        return bufs[which];
    }

    /** C = op(A)·op(B) + beta·C with beta ∈ {0, 1}, m, n, k ≥ 1. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      boolean zero, float[] c, int cOff, int ldc) {
        boolean parallel = Parallel.threads() > 1 && 2.0 * m * n * k >= PARALLEL_MIN_FLOPS;
        if (transB && m <= DOT_MAX_M) {
            // dot form: A' rows must be contiguous along k
            float[] ap = a;
            int apOff = aOff, apLd = lda;
            if (transA) {
                ap = buffer(0, m * k);
                transpose(a, aOff, lda, k, m, ap, 0, k);
                apOff = 0;
                apLd = k;
            }
            dotTile(0, m, 0, n, k, ap, apOff, apLd, b, bOff, ldb, zero, c, cOff, ldc);
            return;
        }
        float[] bb = b;
        int bbOff = bOff, bbLd = ldb;
        if (transB) {
            bb = buffer(1, k * n);
            transpose(b, bOff, ldb, n, k, bb, 0, n);
            bbOff = 0;
            bbLd = n;
        }
        final int ars = transA ? 1 : lda;
        final int aps = transA ? lda : 1;
        if (!parallel) {
            axpyBlock(0, m, 0, n, k, a, aOff, ars, aps, bb, bbOff, bbLd, zero, c, cOff, ldc);
            return;
        }
        final float[] fb = bb;
        final int fbOff = bbOff, fbLd = bbLd;
        if (m >= 2 * ROW_BLOCK || n < 2 * COL_BLOCK) {
            int tasks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
            Parallel.forEachTask(tasks, t -> {
                int i0 = t * ROW_BLOCK;
                axpyBlock(i0, Math.min(m, i0 + ROW_BLOCK), 0, n, k, a, aOff, ars, aps, fb, fbOff, fbLd,
                        zero, c, cOff, ldc);
            });
        } else {
            int tasks = (n + COL_BLOCK - 1) / COL_BLOCK;
            Parallel.forEachTask(tasks, t -> {
                int j0 = t * COL_BLOCK;
                axpyBlock(0, m, j0, Math.min(n, j0 + COL_BLOCK), k, a, aOff, ars, aps, fb, fbOff, fbLd,
                        zero, c, cOff, ldc);
            });
        }
    }

    /** dst[j * ldd + i] = src[i * lds + j] for a rows×cols source. */
    static void transpose(float[] src, int so, int lds, int rows, int cols, float[] dst, int dO, int ldd) {
        final int bs = 16;
        for (int i0 = 0; i0 < rows; i0 += bs) {
            int i1 = Math.min(rows, i0 + bs);
            for (int j0 = 0; j0 < cols; j0 += bs) {
                int j1 = Math.min(cols, j0 + bs);
                for (int i = i0; i < i1; i++) {
                    int s = so + i * lds;
                    for (int j = j0; j < j1; j++) dst[dO + j * ldd + i] = src[s + j];
                }
            }
        }
    }

    // ------------------------------------------------------------------ axpy form

    /**
     * C[i0:i1, j0:j1] (+)= A·B with A(i,p) = a[aOff + i·ars + p·aps] and B stored k×n row-major.
     */
    static void axpyBlock(int i0, int i1, int j0, int j1, int k,
                          float[] a, int aOff, int ars, int aps,
                          float[] b, int bOff, int ldb,
                          boolean zero, float[] c, int cOff, int ldc) {
        final int nr = 2 * VL;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean z = zero && pc == 0;
            int aP = aOff + pc * aps;
            int bP = bOff + pc * ldb;
            int j = j0;
            for (; j + nr <= j1; j += nr) {
                int i = i0;
                for (; i + MR <= i1; i += MR) {
                    k6x2(kc, a, aP + i * ars, ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, ldc);
                }
                for (; i < i1; i++) {
                    k1x2(kc, a, aP + i * ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j);
                }
            }
            for (; j < j1; j += VL) {
                VectorMask<Float> mask = S.indexInRange(j, j1);
                int i = i0;
                for (; i + MR <= i1; i += MR) {
                    k6x1(kc, a, aP + i * ars, ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, ldc, mask);
                }
                for (; i < i1; i++) {
                    k1x1(kc, a, aP + i * ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, mask);
                }
            }
        }
    }

    private static void k6x2(int kc, float[] a, int a0, int ars, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0, int ldc) {
        final int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars, a4 = a3 + ars, a5 = a4 + ars;
        final int r0 = c0, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (zero) {
            FloatVector zv = FloatVector.zero(S);
            c00 = zv; c01 = zv; c10 = zv; c11 = zv; c20 = zv; c21 = zv;
            c30 = zv; c31 = zv; c40 = zv; c41 = zv; c50 = zv; c51 = zv;
        } else {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + VL);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + VL);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + VL);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + VL);
            c40 = FloatVector.fromArray(S, c, r4); c41 = FloatVector.fromArray(S, c, r4 + VL);
            c50 = FloatVector.fromArray(S, c, r5); c51 = FloatVector.fromArray(S, c, r5 + VL);
        }
        for (int p = 0; p < kc; p++) {
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + VL);
            int ap = p * aps;
            FloatVector av = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = b0v.fma(av, c00); c01 = b1v.fma(av, c01);
            av = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = b0v.fma(av, c10); c11 = b1v.fma(av, c11);
            av = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = b0v.fma(av, c20); c21 = b1v.fma(av, c21);
            av = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = b0v.fma(av, c30); c31 = b1v.fma(av, c31);
            av = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = b0v.fma(av, c40); c41 = b1v.fma(av, c41);
            av = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = b0v.fma(av, c50); c51 = b1v.fma(av, c51);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + VL);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + VL);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + VL);
    }

    private static void k6x1(int kc, float[] a, int a0, int ars, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0, int ldc, VectorMask<Float> m) {
        final int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars, a4 = a3 + ars, a5 = a4 + ars;
        final int r0 = c0, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c0v, c1v, c2v, c3v, c4v, c5v;
        if (zero) {
            FloatVector zv = FloatVector.zero(S);
            c0v = zv; c1v = zv; c2v = zv; c3v = zv; c4v = zv; c5v = zv;
        } else {
            c0v = FloatVector.fromArray(S, c, r0, m); c1v = FloatVector.fromArray(S, c, r1, m);
            c2v = FloatVector.fromArray(S, c, r2, m); c3v = FloatVector.fromArray(S, c, r3, m);
            c4v = FloatVector.fromArray(S, c, r4, m); c5v = FloatVector.fromArray(S, c, r5, m);
        }
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, b0 + p * ldb, m);
            int ap = p * aps;
            c0v = bv.fma(FloatVector.broadcast(S, a[a0 + ap]), c0v);
            c1v = bv.fma(FloatVector.broadcast(S, a[a1 + ap]), c1v);
            c2v = bv.fma(FloatVector.broadcast(S, a[a2 + ap]), c2v);
            c3v = bv.fma(FloatVector.broadcast(S, a[a3 + ap]), c3v);
            c4v = bv.fma(FloatVector.broadcast(S, a[a4 + ap]), c4v);
            c5v = bv.fma(FloatVector.broadcast(S, a[a5 + ap]), c5v);
        }
        c0v.intoArray(c, r0, m); c1v.intoArray(c, r1, m); c2v.intoArray(c, r2, m);
        c3v.intoArray(c, r3, m); c4v.intoArray(c, r4, m); c5v.intoArray(c, r5, m);
    }

    private static void k1x2(int kc, float[] a, int a0, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0) {
        FloatVector x0, x1;
        if (zero) {
            x0 = FloatVector.zero(S);
            x1 = x0;
        } else {
            x0 = FloatVector.fromArray(S, c, c0);
            x1 = FloatVector.fromArray(S, c, c0 + VL);
        }
        for (int p = 0; p < kc; p++) {
            int bp = b0 + p * ldb;
            FloatVector av = FloatVector.broadcast(S, a[a0 + p * aps]);
            x0 = FloatVector.fromArray(S, b, bp).fma(av, x0);
            x1 = FloatVector.fromArray(S, b, bp + VL).fma(av, x1);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + VL);
    }

    private static void k1x1(int kc, float[] a, int a0, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0, VectorMask<Float> m) {
        FloatVector x = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, c0, m);
        for (int p = 0; p < kc; p++) {
            x = FloatVector.fromArray(S, b, b0 + p * ldb, m).fma(FloatVector.broadcast(S, a[a0 + p * aps]), x);
        }
        x.intoArray(c, c0, m);
    }

    // ------------------------------------------------------------------ dot form

    /**
     * C[i0:i1, j0:j1] (+)= A·Bᵀ with A rows and B rows contiguous along k (strides lda, ldb).
     * Tiles of 1 row × 4 columns; the last tile clamps its column indices (recomputing a column).
     */
    static void dotTile(int i0, int i1, int j0, int j1, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        boolean zero, float[] c, int cOff, int ldc) {
        float[] lanes = new float[4 * VL];
        int kv = S.loopBound(k);
        for (int i = i0; i < i1; i++) {
            int ai = aOff + i * lda;
            for (int j = j0; j < j1; j += 4) {
                int jb = Math.min(j, j1 - 4);
                if (jb < j0) {
                    // fewer than 4 columns in total: one at a time
                    for (int jj = j; jj < j1; jj++) {
                        float d = dot1(k, kv, a, ai, b, bOff + jj * ldb, lanes);
                        int ci = cOff + i * ldc + jj;
                        c[ci] = zero ? d : c[ci] + d;
                    }
                    break;
                }
                int bq0 = bOff + jb * ldb, bq1 = bq0 + ldb, bq2 = bq1 + ldb, bq3 = bq2 + ldb;
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                int p = 0;
                for (; p < kv; p += VL) {
                    FloatVector av = FloatVector.fromArray(S, a, ai + p);
                    s0 = FloatVector.fromArray(S, b, bq0 + p).fma(av, s0);
                    s1 = FloatVector.fromArray(S, b, bq1 + p).fma(av, s1);
                    s2 = FloatVector.fromArray(S, b, bq2 + p).fma(av, s2);
                    s3 = FloatVector.fromArray(S, b, bq3 + p).fma(av, s3);
                }
                if (p < k) {
                    VectorMask<Float> m = S.indexInRange(p, k);
                    FloatVector av = FloatVector.fromArray(S, a, ai + p, m);
                    s0 = FloatVector.fromArray(S, b, bq0 + p, m).fma(av, s0);
                    s1 = FloatVector.fromArray(S, b, bq1 + p, m).fma(av, s1);
                    s2 = FloatVector.fromArray(S, b, bq2 + p, m).fma(av, s2);
                    s3 = FloatVector.fromArray(S, b, bq3 + p, m).fma(av, s3);
                }
                s0.intoArray(lanes, 0);
                s1.intoArray(lanes, VL);
                s2.intoArray(lanes, 2 * VL);
                s3.intoArray(lanes, 3 * VL);
                int ci = cOff + i * ldc + jb;
                // columns below j were already written by the previous tile when clamped
                for (int q = Math.max(0, j - jb); q < 4; q++) {
                    float d = treeSum(lanes, q * VL, VL);
                    c[ci + q] = zero ? d : c[ci + q] + d;
                }
            }
        }
    }

    private static float dot1(int k, int kv, float[] a, int ai, float[] b, int bj, float[] lanes) {
        FloatVector s = FloatVector.zero(S);
        int p = 0;
        for (; p < kv; p += VL) {
            s = FloatVector.fromArray(S, b, bj + p).fma(FloatVector.fromArray(S, a, ai + p), s);
        }
        if (p < k) {
            VectorMask<Float> m = S.indexInRange(p, k);
            s = FloatVector.fromArray(S, b, bj + p, m).fma(FloatVector.fromArray(S, a, ai + p, m), s);
        }
        s.intoArray(lanes, 0);
        return treeSum(lanes, 0, VL);
    }

    /** Pairwise sum of x[off, off+len) for len a power of two, in a fixed order; x is overwritten. */
    static float treeSum(float[] x, int off, int len) {
        for (int w = len >> 1; w >= 1; w >>= 1) {
            for (int q = 0; q < w; q++) x[off + q] += x[off + q + w];
        }
        return x[off];
    }
}
