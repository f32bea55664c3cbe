package dev.bellman.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
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
 *       B is first transposed into a per-thread buffer. With 16-lane vectors, blocks of at least
 *       {@link #WIDE_MIN_N} columns run tiles of 4 vectors ({@link #k6x4}, {@link #k4x4}: each B load
 *       serves 6 rows, 24 accumulators of the 32 registers). Row remainders use 4-row and 1-row tiles;
 *       a column tail narrower than a vector is packed into a zero-padded panel and staged through a small C tile
 *       (masked loads near an array's end fall off the intrinsic path and are very slow).</li>
 *   <li><b>Dot form</b> (k ≥ one vector and either transB with m ≤ {@link #DOT_MAX_M} (or
 *       m ≤ {@link #DOT_MAX_M_LONG_K} when k ≥ 8m), i.e. {@code x · Wᵀ} at small batch, or
 *       n ≤ {@link #DOT_MAX_N}, e.g. a value or policy head; the
 *       small operand is transposed first when needed):
 *       each C element is a dot product along k (both operands contiguous) in the <em>canonical
 *       16-lane order</em>: lane c = p mod 16 sums its products with one FMA each in increasing p,
 *       then the lanes are combined by a fixed pairwise tree (lane c + 8 onto lane c, then c + 4,
 *       c + 2, c + 1; {@link #hsum}), never {@code reduceLanes} (whose order is unspecified). When k ≤ {@link #DOT_L1_K} and A fits in
 *       L2, each tile of 4 B rows stays in L1 while every pair of A rows passes; otherwise column blocks
 *       of B stay in L2 while the row pairs pass (the same dot products either way). With
 *       16-lane vectors (AVX-512) this is one vector per dot product; when 16 does not divide k, the
 *       last k elements are one masked step (lane q takes element kv + q; the other lanes keep their
 *       sums) on a zero-padded copy of A's tail, and of B's tails where a full-width load would run
 *       past B's end. Narrower hardware forms the same 16 lane sums and adds them as the tree's
 *       first levels would ({@link #dotTileNarrow}): AVX2 keeps lanes 0–7 and 8–15 in two 8-lane
 *       accumulators in one pass, 128-bit vectors form each group of 4 lanes in a pass of its own
 *       ({@link #combine}); the same bits either way (checked by {@code VectorWidthTest}).</li>
 *   <li><b>Short k</b> ({@code x · Wᵀ} with m ≤ {@link #DOT_MAX_M} and k &lt; 16): scalar FMA
 *       chains in the axpy form's order, so W is not transposed per call.</li>
 *   <li>Determinism: in the axpy form each element of C is one FMA chain over p in increasing
 *       order, started from C (beta = 1) or 0 (beta = 0) and stored after each k-block; this does
 *       not depend on the tile or vector width that computes it, nor on the thread. The dot form's
 *       order is the canonical one above, and which form runs depends on the shapes only (k is
 *       compared with 16, not with the hardware's width). So results depend only on shapes and
 *       flags: never on the machine's vector width or the thread count.</li>
 * </ol>
 */
final class GemmSimd {
    private GemmSimd() {}

    /**
     * Lanes of the canonical vector: the dot form and the reductions of {@link VecSimd} sum in the order a 16-lane
     * (512-bit) vector gives, whatever the hardware's width, so that results do not depend on the machine.
     */
    static final int CANON = 16;
    /** The preferred species, at most {@link #CANON} lanes (never wider than the hardware: unintrinsified is slow). */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() <= CANON
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    static final int VL = S.length();
    /** Vectors standing for one canonical vector: 1 with AVX-512, 2 with AVX2, 4 with 128-bit vectors. */
    static final int R = CANON / VL;
    static final int MR = 6;
    static final int KC = 256;
    static final int DOT_MAX_M = 4;
    static final int DOT_MAX_N = 4;
    /** transB with m up to this uses the dot form when k ≥ 8m (transposing B would cost more). */
    static final int DOT_MAX_M_LONG_K = 32;
    /** The longest k for which the dot form keeps a tile's 4 rows of B (16 KB at most) in L1 across A's row pairs. */
    static final int DOT_L1_K = 1024;
    /** Column block of the dot form's parallel partition (multiple of 2·VL for VL ≤ 32). */
    static final int COL_BLOCK = 128;
    /** Floats of B's rows per column block of the dot form's row pairs (about 256 KB: stays in L2). */
    static final int DOT_BLOCK_FLOATS = 1 << 16;
    /** Column unit of the axpy form's parallel partition when it splits columns (multiple of 2·VL for VL ≤ 16). */
    static final int COL_UNIT = 32;
    /** Work (2·m·n·k) from which a product is split over the threads, when there are more than one. */
    static final double PARALLEL_MIN_FLOPS = 2e6;
    /** Work from which the axpy form's partition has 4 tasks rather than 2. */
    static final double PARALLEL_FOUR_FLOPS = 16e6;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[4][0]);

    /** The call whose transposed B this thread's buffer 1 holds (parallel A·Bᵀ), or null. */
    private static final ThreadLocal<Object[]> PANEL_OF = ThreadLocal.withInitial(() -> new Object[1]);

    static float[] buffer(int which, int size) {
        float[][] bufs = BUFFERS.get();
        if (bufs[which].length < size) bufs[which] = new float[Math.max(size, bufs[which].length * 3 / 2)];
        return bufs[which];
    }

    /** C = op(A)·op(B) + beta·C with beta ∈ {0, 1}, m, n, k ≥ 1. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      boolean zero, float[] c, int cOff, int ldc) {
        sgemm(false, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, zero, c, cOff, ldc);
    }

    /** As above; {@code inOrder} forces the axpy form (each element one FMA chain over p in order). */
    static void sgemm(boolean inOrder, boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      boolean zero, float[] c, int cOff, int ldc) {
        boolean parallel = Parallel.threads() > 1 && 2.0 * m * n * k >= PARALLEL_MIN_FLOPS;
        boolean tinyM = transB && (m <= DOT_MAX_M || m <= DOT_MAX_M_LONG_K && k >= 8 * m);
        boolean tinyN = n <= DOT_MAX_N && (!transA || m <= DOT_MAX_M);
        if (transB && k < CANON && m <= DOT_MAX_M) {
            // x·Wᵀ with a few rows and k shorter than a vector (a first layer on a small observation):
            // scalar FMA chains, the axpy form's order, without transposing W
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int ci = cOff + i * ldc + j, bj = bOff + j * ldb;
                    float acc = zero ? 0f : c[ci];
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p], b[bj + p], acc);
                    }
                    c[ci] = acc;
                }
            }
            return;
        }
        if (!inOrder && k >= CANON && (tinyM || tinyN)) {
            // dot form: A' rows and B' rows must be contiguous along k
            float[] ap = a;
            int apOff = aOff, apLd = lda;
            if (transA) {
                ap = buffer(0, m * k);
                transpose(a, aOff, lda, k, m, ap, 0, k);
                apOff = 0;
                apLd = k;
            }
            float[] bp = b;
            int bpOff = bOff, bpLd = ldb;
            if (!transB) {
                bp = buffer(1, n * k);
                transpose(b, bOff, ldb, k, n, bp, 0, k);
                bpOff = 0;
                bpLd = k;
            }
            if (!parallel) {
                dotTile(0, m, 0, n, k, ap, apOff, apLd, bp, bpOff, bpLd, zero, c, cOff, ldc);
            } else {
                final float[] fa = ap, fb = bp;
                final int faOff = apOff, faLd = apLd, fbOff = bpOff, fbLd = bpLd;
                if (n >= 2 * COL_BLOCK) {
                    Parallel.forEachTask((n + COL_BLOCK - 1) / COL_BLOCK, t -> dotTile(0, m, t * COL_BLOCK,
                            Math.min(n, (t + 1) * COL_BLOCK), k, fa, faOff, faLd, fb, fbOff, fbLd, zero, c, cOff, ldc));
                } else {
                    int rb = 8;
                    Parallel.forEachTask((m + rb - 1) / rb, t -> dotTile(t * rb, Math.min(m, (t + 1) * rb), 0, n,
                            k, fa, faOff, faLd, fb, fbOff, fbLd, zero, c, cOff, ldc));
                }
            }
            return;
        }
        final int ars = transA ? 1 : lda;
        final int aps = transA ? lda : 1;
        if (parallel && transB && (n + COL_UNIT - 1) / COL_UNIT >= parallelTasks(m, n, k)) {
            // column blocks (x·Wᵀ with a wide W: the linear layers' forward): each task transposes only its own
            // rows of W into its own panel, so the transposes split over the threads as the products do
            int colUnits = (n + COL_UNIT - 1) / COL_UNIT;
            final int nt = parallelTasks(m, n, k);
            Parallel.forEachTask(nt, t -> {
                int j0 = Math.min(n, (int) ((long) t * colUnits / nt) * COL_UNIT);
                int j1 = Math.min(n, (int) ((long) (t + 1) * colUnits / nt) * COL_UNIT);
                int w = j1 - j0;
                float[] panel = buffer(1, k * w);
                transpose(b, bOff + j0 * ldb, ldb, w, k, panel, 0, w);
                axpyBlock(0, m, 0, w, k, a, aOff, ars, aps, panel, 0, w, zero, c, cOff + j0, ldc);
            });
            return;
        }
        if (parallel && transB) {
            // row blocks, each thread transposing B into its own buffer once per call (not the caller for all):
            // the transposes run in parallel and no thread streams a panel that another core has just written
            int rowTiles = (m + MR - 1) / MR;
            final int nt = Math.min(parallelTasks(m, n, k), rowTiles);
            final Object call = new Object();
            Parallel.forEachTask(nt, t -> {
                int i0 = Math.min(m, (int) ((long) t * rowTiles / nt) * MR);
                int i1 = Math.min(m, (int) ((long) (t + 1) * rowTiles / nt) * MR);
                float[] panel = buffer(1, k * n);
                Object[] holds = PANEL_OF.get();
                if (holds[0] != call) {
                    transpose(b, bOff, ldb, n, k, panel, 0, n);
                    holds[0] = call;
                }
                axpyBlock(i0, i1, 0, n, k, a, aOff, ars, aps, panel, 0, n, zero, c, cOff, ldc);
            });
            PANEL_OF.get()[0] = null;
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
        if (!parallel) {
            axpyBlock(0, m, 0, n, k, a, aOff, ars, aps, bb, bbOff, bbLd, zero, c, cOff, ldc);
            return;
        }
        final float[] fb = bb;
        final int fbOff = bbOff, fbLd = bbLd;
        int tasks = parallelTasks(m, n, k);
        int rowTiles = (m + MR - 1) / MR;
        if (rowTiles >= 2 * tasks || n < 2 * COL_UNIT) {
            // row blocks of whole 6-row tiles, as even as the tiles allow
            final int nt = Math.min(tasks, rowTiles);
            Parallel.forEachTask(nt, t -> {
                int i0 = Math.min(m, (int) ((long) t * rowTiles / nt) * MR);
                int i1 = Math.min(m, (int) ((long) (t + 1) * rowTiles / nt) * MR);
                axpyBlock(i0, i1, 0, n, k, a, aOff, ars, aps, fb, fbOff, fbLd, zero, c, cOff, ldc);
            });
        } else {
            int colUnits = (n + COL_UNIT - 1) / COL_UNIT;
            final int nt = Math.min(tasks, colUnits);
            Parallel.forEachTask(nt, t -> {
                int j0 = Math.min(n, (int) ((long) t * colUnits / nt) * COL_UNIT);
                int j1 = Math.min(n, (int) ((long) (t + 1) * colUnits / nt) * COL_UNIT);
                axpyBlock(0, m, j0, j1, k, a, aOff, ars, aps, fb, fbOff, fbLd, zero, c, cOff, ldc);
            });
        }
    }

    /**
     * Tasks of the axpy form's parallel partition: 2 below {@link #PARALLEL_FOUR_FLOPS}, else 4 (even counts, so
     * that two threads get equal shares). A function of the shape only.
     */
    static int parallelTasks(int m, int n, int k) {
        return 2.0 * m * n * k >= PARALLEL_FOUR_FLOPS ? 4 : 2;
    }

    /** c[co + j] += v[vo + j] for j &lt; n (one rounded add each, as the scalar loop). */
    static void addRow(float[] c, int co, float[] v, int vo, int n) {
        int j = 0;
        for (; j + VL <= n; j += VL) {
            FloatVector.fromArray(S, c, co + j).add(FloatVector.fromArray(S, v, vo + j)).intoArray(c, co + j);
        }
        for (; j < n; j++) c[co + j] += v[vo + j];
    }

    /** dst[j * ldd + i] = src[i * lds + j] for a rows×cols source. */
    static void transpose(float[] src, int so, int lds, int rows, int cols, float[] dst, int dO, int ldd) {
        // VL source rows at a time: with 16 lanes, whole 16×16 blocks in registers (t16), with 8 lanes 8×8 blocks
        // (t8: a gather is microcoded and slow on AVX2 hardware), else (and for the columns after the last whole
        // block) one gather reads column j of the block, one store writes it contiguously into destination row j
        int i0 = 0;
        if (rows >= VL) {
            int[] idx = new int[VL];
            for (int r = 0; r < VL; r++) idx[r] = r * lds;
            for (; i0 + VL <= rows; i0 += VL) {
                int s0 = so + i0 * lds;
                int d0 = dO + i0;
                int j = 0;
                if (VL == 16) {
                    for (; j + 16 <= cols; j += 16) t16(src, s0 + j, lds, dst, d0 + j * ldd, ldd);
                } else if (VL == 8) {
                    for (; j + 8 <= cols; j += 8) t8(src, s0 + j, lds, dst, d0 + j * ldd, ldd);
                }
                for (; j < cols; j++) {
                    FloatVector.fromArray(S, src, s0 + j, idx, 0).intoArray(dst, d0 + j * ldd);
                }
            }
        }
        for (int i = i0; i < rows; i++) {
            int si = so + i * lds;
            for (int j = 0; j < cols; j++) dst[dO + j * ldd + i] = src[si + j];
        }
    }

    /**
     * The 16×16 block at src[s0 + r·lds + c] transposed into dst[d0 + c·ldd + r] (16-lane vectors only): the 16 rows
     * are loaded as vectors, and four stages (d = 8, 4, 2, 1) swap, in each pair of rows i and i + d with i's bit d
     * clear, the lanes with bit d set of row i with the lanes with bit d clear of row i + d, which exchanges bit d of
     * every element's row and lane index; after the four stages element (r, c) is in row c, lane r. The rows are
     * locals, not an array, so that they stay in registers.
     */
    private static void t16(float[] src, int s0, int lds, float[] dst, int d0, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S, src, s0 + 0 * lds);
        FloatVector r1 = FloatVector.fromArray(S, src, s0 + 1 * lds);
        FloatVector r2 = FloatVector.fromArray(S, src, s0 + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(S, src, s0 + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(S, src, s0 + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(S, src, s0 + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(S, src, s0 + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(S, src, s0 + 7 * lds);
        FloatVector r8 = FloatVector.fromArray(S, src, s0 + 8 * lds);
        FloatVector r9 = FloatVector.fromArray(S, src, s0 + 9 * lds);
        FloatVector r10 = FloatVector.fromArray(S, src, s0 + 10 * lds);
        FloatVector r11 = FloatVector.fromArray(S, src, s0 + 11 * lds);
        FloatVector r12 = FloatVector.fromArray(S, src, s0 + 12 * lds);
        FloatVector r13 = FloatVector.fromArray(S, src, s0 + 13 * lds);
        FloatVector r14 = FloatVector.fromArray(S, src, s0 + 14 * lds);
        FloatVector r15 = FloatVector.fromArray(S, src, s0 + 15 * lds);
        FloatVector t;
        VectorShuffle<Float> up8 = T_UP[0], down8 = T_DOWN[0];
        VectorMask<Float> hi8 = T_HI[0];
        t = r0.blend(r8.rearrange(up8), hi8);
        r8 = r0.rearrange(down8).blend(r8, hi8);
        r0 = t;
        t = r1.blend(r9.rearrange(up8), hi8);
        r9 = r1.rearrange(down8).blend(r9, hi8);
        r1 = t;
        t = r2.blend(r10.rearrange(up8), hi8);
        r10 = r2.rearrange(down8).blend(r10, hi8);
        r2 = t;
        t = r3.blend(r11.rearrange(up8), hi8);
        r11 = r3.rearrange(down8).blend(r11, hi8);
        r3 = t;
        t = r4.blend(r12.rearrange(up8), hi8);
        r12 = r4.rearrange(down8).blend(r12, hi8);
        r4 = t;
        t = r5.blend(r13.rearrange(up8), hi8);
        r13 = r5.rearrange(down8).blend(r13, hi8);
        r5 = t;
        t = r6.blend(r14.rearrange(up8), hi8);
        r14 = r6.rearrange(down8).blend(r14, hi8);
        r6 = t;
        t = r7.blend(r15.rearrange(up8), hi8);
        r15 = r7.rearrange(down8).blend(r15, hi8);
        r7 = t;
        VectorShuffle<Float> up4 = T_UP[1], down4 = T_DOWN[1];
        VectorMask<Float> hi4 = T_HI[1];
        t = r0.blend(r4.rearrange(up4), hi4);
        r4 = r0.rearrange(down4).blend(r4, hi4);
        r0 = t;
        t = r1.blend(r5.rearrange(up4), hi4);
        r5 = r1.rearrange(down4).blend(r5, hi4);
        r1 = t;
        t = r2.blend(r6.rearrange(up4), hi4);
        r6 = r2.rearrange(down4).blend(r6, hi4);
        r2 = t;
        t = r3.blend(r7.rearrange(up4), hi4);
        r7 = r3.rearrange(down4).blend(r7, hi4);
        r3 = t;
        t = r8.blend(r12.rearrange(up4), hi4);
        r12 = r8.rearrange(down4).blend(r12, hi4);
        r8 = t;
        t = r9.blend(r13.rearrange(up4), hi4);
        r13 = r9.rearrange(down4).blend(r13, hi4);
        r9 = t;
        t = r10.blend(r14.rearrange(up4), hi4);
        r14 = r10.rearrange(down4).blend(r14, hi4);
        r10 = t;
        t = r11.blend(r15.rearrange(up4), hi4);
        r15 = r11.rearrange(down4).blend(r15, hi4);
        r11 = t;
        VectorShuffle<Float> up2 = T_UP[2], down2 = T_DOWN[2];
        VectorMask<Float> hi2 = T_HI[2];
        t = r0.blend(r2.rearrange(up2), hi2);
        r2 = r0.rearrange(down2).blend(r2, hi2);
        r0 = t;
        t = r1.blend(r3.rearrange(up2), hi2);
        r3 = r1.rearrange(down2).blend(r3, hi2);
        r1 = t;
        t = r4.blend(r6.rearrange(up2), hi2);
        r6 = r4.rearrange(down2).blend(r6, hi2);
        r4 = t;
        t = r5.blend(r7.rearrange(up2), hi2);
        r7 = r5.rearrange(down2).blend(r7, hi2);
        r5 = t;
        t = r8.blend(r10.rearrange(up2), hi2);
        r10 = r8.rearrange(down2).blend(r10, hi2);
        r8 = t;
        t = r9.blend(r11.rearrange(up2), hi2);
        r11 = r9.rearrange(down2).blend(r11, hi2);
        r9 = t;
        t = r12.blend(r14.rearrange(up2), hi2);
        r14 = r12.rearrange(down2).blend(r14, hi2);
        r12 = t;
        t = r13.blend(r15.rearrange(up2), hi2);
        r15 = r13.rearrange(down2).blend(r15, hi2);
        r13 = t;
        VectorShuffle<Float> up1 = T_UP[3], down1 = T_DOWN[3];
        VectorMask<Float> hi1 = T_HI[3];
        t = r0.blend(r1.rearrange(up1), hi1);
        r1 = r0.rearrange(down1).blend(r1, hi1);
        r0 = t;
        t = r2.blend(r3.rearrange(up1), hi1);
        r3 = r2.rearrange(down1).blend(r3, hi1);
        r2 = t;
        t = r4.blend(r5.rearrange(up1), hi1);
        r5 = r4.rearrange(down1).blend(r5, hi1);
        r4 = t;
        t = r6.blend(r7.rearrange(up1), hi1);
        r7 = r6.rearrange(down1).blend(r7, hi1);
        r6 = t;
        t = r8.blend(r9.rearrange(up1), hi1);
        r9 = r8.rearrange(down1).blend(r9, hi1);
        r8 = t;
        t = r10.blend(r11.rearrange(up1), hi1);
        r11 = r10.rearrange(down1).blend(r11, hi1);
        r10 = t;
        t = r12.blend(r13.rearrange(up1), hi1);
        r13 = r12.rearrange(down1).blend(r13, hi1);
        r12 = t;
        t = r14.blend(r15.rearrange(up1), hi1);
        r15 = r14.rearrange(down1).blend(r15, hi1);
        r14 = t;
        r0.intoArray(dst, d0 + 0 * ldd);
        r1.intoArray(dst, d0 + 1 * ldd);
        r2.intoArray(dst, d0 + 2 * ldd);
        r3.intoArray(dst, d0 + 3 * ldd);
        r4.intoArray(dst, d0 + 4 * ldd);
        r5.intoArray(dst, d0 + 5 * ldd);
        r6.intoArray(dst, d0 + 6 * ldd);
        r7.intoArray(dst, d0 + 7 * ldd);
        r8.intoArray(dst, d0 + 8 * ldd);
        r9.intoArray(dst, d0 + 9 * ldd);
        r10.intoArray(dst, d0 + 10 * ldd);
        r11.intoArray(dst, d0 + 11 * ldd);
        r12.intoArray(dst, d0 + 12 * ldd);
        r13.intoArray(dst, d0 + 13 * ldd);
        r14.intoArray(dst, d0 + 14 * ldd);
        r15.intoArray(dst, d0 + 15 * ldd);
    }

    /**
     * Per stage of {@link #t16} (d = 8, 4, 2, 1) or {@link #t8} (d = 4, 2, 1), for the vectors' lane count: lane l takes
     * lane l − d where bit d of l is set (UP), lane l + d where it is clear (DOWN), and the mask of the lanes with bit d
     * set (HI); null unless the vectors have 8 or 16 lanes.
     */
    private static final VectorShuffle<Float>[] T_UP, T_DOWN;
    private static final VectorMask<Float>[] T_HI;

    static {
        boolean blocks = VL == 8 || VL == 16;
        int stages = Integer.numberOfTrailingZeros(VL);
        @SuppressWarnings("unchecked") VectorShuffle<Float>[] up = blocks ? new VectorShuffle[stages] : null;
        @SuppressWarnings("unchecked") VectorShuffle<Float>[] down = blocks ? new VectorShuffle[stages] : null;
        @SuppressWarnings("unchecked") VectorMask<Float>[] hi = blocks ? new VectorMask[stages] : null;
        if (blocks) {
            for (int st = 0; st < stages; st++) {
                int d = (VL / 2) >> st;
                up[st] = VectorShuffle.fromOp(S, l -> (l & d) != 0 ? l - d : l);
                down[st] = VectorShuffle.fromOp(S, l -> (l & d) == 0 ? l + d : l);
                boolean[] m = new boolean[VL];
                for (int l = 0; l < VL; l++) m[l] = (l & d) != 0;
                hi[st] = VectorMask.fromArray(S, m, 0);
            }
        }
        T_UP = up;
        T_DOWN = down;
        T_HI = hi;
    }

    /**
     * The 8×8 block at src[s0 + r·lds + c] transposed into dst[d0 + c·ldd + r] (8-lane vectors only): {@link #t16}'s
     * method with three stages (d = 4, 2, 1).
     */
    private static void t8(float[] src, int s0, int lds, float[] dst, int d0, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S, src, s0);
        FloatVector r1 = FloatVector.fromArray(S, src, s0 + lds);
        FloatVector r2 = FloatVector.fromArray(S, src, s0 + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(S, src, s0 + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(S, src, s0 + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(S, src, s0 + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(S, src, s0 + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(S, src, s0 + 7 * lds);
        FloatVector t;
        VectorShuffle<Float> up4 = T_UP[0], down4 = T_DOWN[0];
        VectorMask<Float> hi4 = T_HI[0];
        t = r0.blend(r4.rearrange(up4), hi4);
        r4 = r0.rearrange(down4).blend(r4, hi4);
        r0 = t;
        t = r1.blend(r5.rearrange(up4), hi4);
        r5 = r1.rearrange(down4).blend(r5, hi4);
        r1 = t;
        t = r2.blend(r6.rearrange(up4), hi4);
        r6 = r2.rearrange(down4).blend(r6, hi4);
        r2 = t;
        t = r3.blend(r7.rearrange(up4), hi4);
        r7 = r3.rearrange(down4).blend(r7, hi4);
        r3 = t;
        VectorShuffle<Float> up2 = T_UP[1], down2 = T_DOWN[1];
        VectorMask<Float> hi2 = T_HI[1];
        t = r0.blend(r2.rearrange(up2), hi2);
        r2 = r0.rearrange(down2).blend(r2, hi2);
        r0 = t;
        t = r1.blend(r3.rearrange(up2), hi2);
        r3 = r1.rearrange(down2).blend(r3, hi2);
        r1 = t;
        t = r4.blend(r6.rearrange(up2), hi2);
        r6 = r4.rearrange(down2).blend(r6, hi2);
        r4 = t;
        t = r5.blend(r7.rearrange(up2), hi2);
        r7 = r5.rearrange(down2).blend(r7, hi2);
        r5 = t;
        VectorShuffle<Float> up1 = T_UP[2], down1 = T_DOWN[2];
        VectorMask<Float> hi1 = T_HI[2];
        t = r0.blend(r1.rearrange(up1), hi1);
        r1 = r0.rearrange(down1).blend(r1, hi1);
        r0 = t;
        t = r2.blend(r3.rearrange(up1), hi1);
        r3 = r2.rearrange(down1).blend(r3, hi1);
        r2 = t;
        t = r4.blend(r5.rearrange(up1), hi1);
        r5 = r4.rearrange(down1).blend(r5, hi1);
        r4 = t;
        t = r6.blend(r7.rearrange(up1), hi1);
        r7 = r6.rearrange(down1).blend(r7, hi1);
        r6 = t;
        r0.intoArray(dst, d0);
        r1.intoArray(dst, d0 + ldd);
        r2.intoArray(dst, d0 + 2 * ldd);
        r3.intoArray(dst, d0 + 3 * ldd);
        r4.intoArray(dst, d0 + 4 * ldd);
        r5.intoArray(dst, d0 + 5 * ldd);
        r6.intoArray(dst, d0 + 6 * ldd);
        r7.intoArray(dst, d0 + 7 * ldd);
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
        // rows: 6-row tiles up to i6, then 4-row tiles, then single rows; a remainder of 2 or 3
        // rows gives up one 6-row tile so that 8 or 9 rows go as two 4-row tiles (+1)
        int full6 = (i1 - i0) / MR, rem = (i1 - i0) % MR;
        if ((rem == 2 || rem == 3) && full6 > 0) full6--;
        final int i6 = i0 + full6 * MR;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean z = zero && pc == 0;
            int aP = aOff + pc * aps;
            int bP = bOff + pc * ldb;
            int j = j0;
            if (i6 == i0 && i1 - i0 < 4) {
                // only single rows (a batch-1 forward, a 2- or 3-unit layer): 4 vectors of columns per row, so that 4
                // FMA chains are in flight rather than 2 (k1x2 waits on the FMA latency)
                for (; j + 4 * VL <= j1; j += 4 * VL) {
                    for (int i = i0; i < i1; i++) {
                        k1x4(kc, a, aP + i * ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j);
                    }
                }
            }
            if (WIDE_TILES) {
                // 16-lane vectors (32 registers): 4 vectors of columns per tile, each B load used by 6 (or 4) rows
                for (; j + 2 * nr <= j1 && j1 - j0 >= WIDE_MIN_N; j += 2 * nr) {
                    int i = i0;
                    for (; i < i6; i += MR) {
                        k6x4(kc, a, aP + i * ars, ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, ldc);
                    }
                    for (; i + 4 <= i1; i += 4) {
                        k4x4(kc, a, aP + i * ars, ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, ldc);
                    }
                    for (; i < i1; i++) {
                        k1x2(kc, a, aP + i * ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j);
                        k1x2(kc, a, aP + i * ars, aps, b, bP + j + nr, ldb, z, c, cOff + i * ldc + j + nr);
                    }
                }
            }
            for (; j + nr <= j1; j += nr) {
                int i = i0;
                for (; i < i6; i += MR) {
                    k6x2(kc, a, aP + i * ars, ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, ldc);
                }
                for (; i + 4 <= i1; i += 4) {
                    k4x2(kc, a, aP + i * ars, ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, ldc);
                }
                for (; i < i1; i++) {
                    k1x2(kc, a, aP + i * ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j);
                }
            }
            if (j + VL <= j1) {
                int i = i0;
                for (; i < i6; i += MR) {
                    k6x1(kc, a, aP + i * ars, ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, ldc);
                }
                for (; i + 4 <= i1; i += 4) {
                    k4x1(kc, a, aP + i * ars, ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j, ldc);
                }
                for (; i < i1; i++) {
                    k1x1(kc, a, aP + i * ars, aps, b, bP + j, ldb, z, c, cOff + i * ldc + j);
                }
                j += VL;
            }
            if (j < j1) {
                // narrow tail (< VL columns): B columns packed into a zero-padded kc×VL panel and C
                // rows staged in a VL-wide tile, so no masked access runs past the arrays' ends
                int w = j1 - j;
                float[] panel = buffer(2, kc * VL);
                for (int p = 0; p < kc; p++) {
                    int src = bP + p * ldb + j, dst = p * VL;
                    for (int q = 0; q < w; q++) panel[dst + q] = b[src + q];
                    for (int q = w; q < VL; q++) panel[dst + q] = 0f;
                }
                float[] tile = buffer(3, MR * VL);
                int i = i0;
                for (; i < i1; ) {
                    int rows = i < i6 ? MR : i + 4 <= i1 ? 4 : 1;
                    int c0 = cOff + i * ldc + j;
                    if (!z) {
                        for (int r = 0; r < rows; r++) {
                            for (int q = 0; q < w; q++) tile[r * VL + q] = c[c0 + r * ldc + q];
                        }
                    }
                    if (rows == MR) {
                        k6x1(kc, a, aP + i * ars, ars, aps, panel, 0, VL, z, tile, 0, VL);
                    } else if (rows == 4) {
                        k4x1(kc, a, aP + i * ars, ars, aps, panel, 0, VL, z, tile, 0, VL);
                    } else {
                        k1x1(kc, a, aP + i * ars, aps, panel, 0, VL, z, tile, 0);
                    }
                    for (int r = 0; r < rows; r++) {
                        for (int q = 0; q < w; q++) c[c0 + r * ldc + q] = tile[r * VL + q];
                    }
                    i += rows;
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

    /**
     * Whether {@link #axpyBlock} runs tiles of 4 vectors of columns ({@link #k6x4}, {@link #k4x4}): with 16-lane vectors
     * only (AVX-512 has 32 vector registers: 24 accumulators, 4 B vectors and a broadcast; narrower hardware has 16).
     * Each element is the same FMA chain as in the 2-vector tiles, so the bits do not depend on this.
     */
    static final boolean WIDE_TILES = VL == 16 && !Boolean.getBoolean("bellman.gemm.narrowTiles");
    /**
     * Columns from which {@link #axpyBlock} takes the 4-vector tiles: wide products such as a linear layer's weight
     * and input gradients (1024 columns for the MinAtar net's: 83 against 89 µs and 95 against 106 µs per call, one
     * thread, loaded), not the 64-column Winograd products of the AlphaZero tower, where they showed no gain.
     */
    static final int WIDE_MIN_N = 256;

    /** {@link #k6x2} over 4 vectors of columns: 6 broadcasts and 4 loads per 24 FMAs. */
    private static void k6x4(int kc, float[] a, int a0, int ars, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0, int ldc) {
        final int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars, a4 = a3 + ars, a5 = a4 + ars;
        final int r0 = c0, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        final int v1 = VL, v2 = 2 * VL, v3 = 3 * VL;
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
        FloatVector c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (zero) {
            FloatVector zv = FloatVector.zero(S);
            c00 = zv; c01 = zv; c02 = zv; c03 = zv; c10 = zv; c11 = zv; c12 = zv; c13 = zv;
            c20 = zv; c21 = zv; c22 = zv; c23 = zv; c30 = zv; c31 = zv; c32 = zv; c33 = zv;
            c40 = zv; c41 = zv; c42 = zv; c43 = zv; c50 = zv; c51 = zv; c52 = zv; c53 = zv;
        } else {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + v1);
            c02 = FloatVector.fromArray(S, c, r0 + v2); c03 = FloatVector.fromArray(S, c, r0 + v3);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + v1);
            c12 = FloatVector.fromArray(S, c, r1 + v2); c13 = FloatVector.fromArray(S, c, r1 + v3);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + v1);
            c22 = FloatVector.fromArray(S, c, r2 + v2); c23 = FloatVector.fromArray(S, c, r2 + v3);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + v1);
            c32 = FloatVector.fromArray(S, c, r3 + v2); c33 = FloatVector.fromArray(S, c, r3 + v3);
            c40 = FloatVector.fromArray(S, c, r4); c41 = FloatVector.fromArray(S, c, r4 + v1);
            c42 = FloatVector.fromArray(S, c, r4 + v2); c43 = FloatVector.fromArray(S, c, r4 + v3);
            c50 = FloatVector.fromArray(S, c, r5); c51 = FloatVector.fromArray(S, c, r5 + v1);
            c52 = FloatVector.fromArray(S, c, r5 + v2); c53 = FloatVector.fromArray(S, c, r5 + v3);
        }
        for (int p = 0; p < kc; p++) {
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + v1);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + v2);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + v3);
            int ap = p * aps;
            FloatVector av = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = b0v.fma(av, c00); c01 = b1v.fma(av, c01); c02 = b2v.fma(av, c02); c03 = b3v.fma(av, c03);
            av = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = b0v.fma(av, c10); c11 = b1v.fma(av, c11); c12 = b2v.fma(av, c12); c13 = b3v.fma(av, c13);
            av = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = b0v.fma(av, c20); c21 = b1v.fma(av, c21); c22 = b2v.fma(av, c22); c23 = b3v.fma(av, c23);
            av = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = b0v.fma(av, c30); c31 = b1v.fma(av, c31); c32 = b2v.fma(av, c32); c33 = b3v.fma(av, c33);
            av = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = b0v.fma(av, c40); c41 = b1v.fma(av, c41); c42 = b2v.fma(av, c42); c43 = b3v.fma(av, c43);
            av = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = b0v.fma(av, c50); c51 = b1v.fma(av, c51); c52 = b2v.fma(av, c52); c53 = b3v.fma(av, c53);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + v1); c02.intoArray(c, r0 + v2); c03.intoArray(c, r0 + v3);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + v1); c12.intoArray(c, r1 + v2); c13.intoArray(c, r1 + v3);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + v1); c22.intoArray(c, r2 + v2); c23.intoArray(c, r2 + v3);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + v1); c32.intoArray(c, r3 + v2); c33.intoArray(c, r3 + v3);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + v1); c42.intoArray(c, r4 + v2); c43.intoArray(c, r4 + v3);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + v1); c52.intoArray(c, r5 + v2); c53.intoArray(c, r5 + v3);
    }

    /** {@link #k4x2} over 4 vectors of columns. */
    private static void k4x4(int kc, float[] a, int a0, int ars, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0, int ldc) {
        final int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        final int r0 = c0, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        final int v1 = VL, v2 = 2 * VL, v3 = 3 * VL;
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (zero) {
            FloatVector zv = FloatVector.zero(S);
            c00 = zv; c01 = zv; c02 = zv; c03 = zv; c10 = zv; c11 = zv; c12 = zv; c13 = zv;
            c20 = zv; c21 = zv; c22 = zv; c23 = zv; c30 = zv; c31 = zv; c32 = zv; c33 = zv;
        } else {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + v1);
            c02 = FloatVector.fromArray(S, c, r0 + v2); c03 = FloatVector.fromArray(S, c, r0 + v3);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + v1);
            c12 = FloatVector.fromArray(S, c, r1 + v2); c13 = FloatVector.fromArray(S, c, r1 + v3);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + v1);
            c22 = FloatVector.fromArray(S, c, r2 + v2); c23 = FloatVector.fromArray(S, c, r2 + v3);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + v1);
            c32 = FloatVector.fromArray(S, c, r3 + v2); c33 = FloatVector.fromArray(S, c, r3 + v3);
        }
        for (int p = 0; p < kc; p++) {
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + v1);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + v2);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + v3);
            int ap = p * aps;
            FloatVector av = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = b0v.fma(av, c00); c01 = b1v.fma(av, c01); c02 = b2v.fma(av, c02); c03 = b3v.fma(av, c03);
            av = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = b0v.fma(av, c10); c11 = b1v.fma(av, c11); c12 = b2v.fma(av, c12); c13 = b3v.fma(av, c13);
            av = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = b0v.fma(av, c20); c21 = b1v.fma(av, c21); c22 = b2v.fma(av, c22); c23 = b3v.fma(av, c23);
            av = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = b0v.fma(av, c30); c31 = b1v.fma(av, c31); c32 = b2v.fma(av, c32); c33 = b3v.fma(av, c33);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + v1); c02.intoArray(c, r0 + v2); c03.intoArray(c, r0 + v3);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + v1); c12.intoArray(c, r1 + v2); c13.intoArray(c, r1 + v3);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + v1); c22.intoArray(c, r2 + v2); c23.intoArray(c, r2 + v3);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + v1); c32.intoArray(c, r3 + v2); c33.intoArray(c, r3 + v3);
    }

    private static void k6x1(int kc, float[] a, int a0, int ars, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0, int ldc) {
        final int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars, a4 = a3 + ars, a5 = a4 + ars;
        final int r0 = c0, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c0v, c1v, c2v, c3v, c4v, c5v;
        if (zero) {
            FloatVector zv = FloatVector.zero(S);
            c0v = zv; c1v = zv; c2v = zv; c3v = zv; c4v = zv; c5v = zv;
        } else {
            c0v = FloatVector.fromArray(S, c, r0); c1v = FloatVector.fromArray(S, c, r1);
            c2v = FloatVector.fromArray(S, c, r2); c3v = FloatVector.fromArray(S, c, r3);
            c4v = FloatVector.fromArray(S, c, r4); c5v = FloatVector.fromArray(S, c, r5);
        }
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, b0 + p * ldb);
            int ap = p * aps;
            c0v = bv.fma(FloatVector.broadcast(S, a[a0 + ap]), c0v);
            c1v = bv.fma(FloatVector.broadcast(S, a[a1 + ap]), c1v);
            c2v = bv.fma(FloatVector.broadcast(S, a[a2 + ap]), c2v);
            c3v = bv.fma(FloatVector.broadcast(S, a[a3 + ap]), c3v);
            c4v = bv.fma(FloatVector.broadcast(S, a[a4 + ap]), c4v);
            c5v = bv.fma(FloatVector.broadcast(S, a[a5 + ap]), c5v);
        }
        c0v.intoArray(c, r0); c1v.intoArray(c, r1); c2v.intoArray(c, r2);
        c3v.intoArray(c, r3); c4v.intoArray(c, r4); c5v.intoArray(c, r5);
    }

    private static void k4x2(int kc, float[] a, int a0, int ars, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0, int ldc) {
        final int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        final int r0 = c0, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        if (zero) {
            FloatVector zv = FloatVector.zero(S);
            c00 = zv; c01 = zv; c10 = zv; c11 = zv; c20 = zv; c21 = zv; c30 = zv; c31 = zv;
        } else {
            c00 = FloatVector.fromArray(S, c, r0); c01 = FloatVector.fromArray(S, c, r0 + VL);
            c10 = FloatVector.fromArray(S, c, r1); c11 = FloatVector.fromArray(S, c, r1 + VL);
            c20 = FloatVector.fromArray(S, c, r2); c21 = FloatVector.fromArray(S, c, r2 + VL);
            c30 = FloatVector.fromArray(S, c, r3); c31 = FloatVector.fromArray(S, c, r3 + VL);
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
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + VL);
    }

    private static void k4x1(int kc, float[] a, int a0, int ars, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0, int ldc) {
        final int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        final int r0 = c0, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        FloatVector c0v, c1v, c2v, c3v;
        if (zero) {
            FloatVector zv = FloatVector.zero(S);
            c0v = zv; c1v = zv; c2v = zv; c3v = zv;
        } else {
            c0v = FloatVector.fromArray(S, c, r0); c1v = FloatVector.fromArray(S, c, r1);
            c2v = FloatVector.fromArray(S, c, r2); c3v = FloatVector.fromArray(S, c, r3);
        }
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, b0 + p * ldb);
            int ap = p * aps;
            c0v = bv.fma(FloatVector.broadcast(S, a[a0 + ap]), c0v);
            c1v = bv.fma(FloatVector.broadcast(S, a[a1 + ap]), c1v);
            c2v = bv.fma(FloatVector.broadcast(S, a[a2 + ap]), c2v);
            c3v = bv.fma(FloatVector.broadcast(S, a[a3 + ap]), c3v);
        }
        c0v.intoArray(c, r0); c1v.intoArray(c, r1); c2v.intoArray(c, r2); c3v.intoArray(c, r3);
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

    /** {@link #k1x2} over 4 vectors of columns. */
    private static void k1x4(int kc, float[] a, int a0, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0) {
        final int v1 = VL, v2 = 2 * VL, v3 = 3 * VL;
        FloatVector x0, x1, x2, x3;
        if (zero) {
            x0 = FloatVector.zero(S);
            x1 = x0;
            x2 = x0;
            x3 = x0;
        } else {
            x0 = FloatVector.fromArray(S, c, c0);
            x1 = FloatVector.fromArray(S, c, c0 + v1);
            x2 = FloatVector.fromArray(S, c, c0 + v2);
            x3 = FloatVector.fromArray(S, c, c0 + v3);
        }
        for (int p = 0; p < kc; p++) {
            int bp = b0 + p * ldb;
            FloatVector av = FloatVector.broadcast(S, a[a0 + p * aps]);
            x0 = FloatVector.fromArray(S, b, bp).fma(av, x0);
            x1 = FloatVector.fromArray(S, b, bp + v1).fma(av, x1);
            x2 = FloatVector.fromArray(S, b, bp + v2).fma(av, x2);
            x3 = FloatVector.fromArray(S, b, bp + v3).fma(av, x3);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + v1);
        x2.intoArray(c, c0 + v2);
        x3.intoArray(c, c0 + v3);
    }

    private static void k1x1(int kc, float[] a, int a0, int aps, float[] b, int b0, int ldb,
                             boolean zero, float[] c, int c0) {
        FloatVector x = zero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, c0);
        for (int p = 0; p < kc; p++) {
            x = FloatVector.fromArray(S, b, b0 + p * ldb).fma(FloatVector.broadcast(S, a[a0 + p * aps]), x);
        }
        x.intoArray(c, c0);
    }

    // ------------------------------------------------------------------ dot form

    /**
     * C[i0:i1, j0:j1] (+)= A·Bᵀ with A rows and B rows contiguous along k (strides lda, ldb).
     * Tiles of 2 rows × 4 columns when VL divides k, else 1 row × 4 columns; the last tile clamps its
     * column indices (recomputing a column).
     */
    static void dotTile(int i0, int i1, int j0, int j1, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        boolean zero, float[] c, int cOff, int ldc) {
        if (R > 1) {
            dotTileNarrow(i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, zero, c, cOff, ldc);
            return;
        }
        // per-thread scratch (slots 2 and 3 belong to the axpy form, which never runs inside this call)
        float[] lanes = buffer(2, 4 * VL);
        float[] aPad = buffer(3, VL);
        int kv = S.loopBound(k);
        int i = i0;
        if (kv == k && j1 - j0 >= 4 && i1 - i0 >= 4 && k <= DOT_L1_K && (long) (i1 - i0) * k <= DOT_BLOCK_FLOATS) {
            // B's 4 rows of a tile fit in L1 and all of A's rows in L2: each tile's B rows are read from L2 once and
            // stay in L1 while every pair of A's rows passes (A's rows then come from L2: half the loads of B's 4)
            for (int j = j0; j < j1; j += 4) {
                int jb = Math.min(j, j1 - 4);
                for (i = i0; i + 2 <= i1; i += 2) {
                    dot2x4(k, a, aOff + i * lda, lda, b, bOff + jb * ldb, ldb, zero, c, cOff + i * ldc + jb, ldc,
                            Math.max(0, j - jb));
                }
            }
            i = i0 + (i1 - i0) / 2 * 2;
        } else if (kv == k && j1 - j0 >= 4) {
            // blocks of columns whose B rows stay in L2 while every pair of rows passes (a wide B, e.g. NatureCNN's
            // 3136×512 weight, would otherwise stream from memory once per pair); every element is computed as before
            int jBlock = Math.max(4, DOT_BLOCK_FLOATS / k / 4 * 4);
            for (int jb0 = j0; jb0 < j1; jb0 += jBlock) {
                int jb1 = Math.min(j1, jb0 + jBlock);
                for (i = i0; i + 2 <= i1; i += 2) {
                    for (int j = jb0; j < jb1; j += 4) {
                        int jb = Math.min(j, j1 - 4);
                        dot2x4(k, a, aOff + i * lda, lda, b, bOff + jb * ldb, ldb, zero, c, cOff + i * ldc + jb, ldc,
                                Math.max(0, j - jb));
                    }
                }
            }
            i = i0 + (i1 - i0) / 2 * 2;
        }
        for (; i < i1; i++) {
            int ai = aOff + i * lda;
            // this A row's k tail, zero-padded to one vector
            if (kv < k) {
                System.arraycopy(a, ai + kv, aPad, 0, k - kv);
                java.util.Arrays.fill(aPad, k - kv, VL, 0f);
            }
            for (int j = j0; j < j1; j += 4) {
                int jb = Math.min(j, j1 - 4);
                if (jb < j0) {
                    // fewer than 4 columns in total: one at a time
                    for (int jj = j; jj < j1; jj++) {
                        float d = dot1(k, kv, a, ai, b, bOff + jj * ldb, aPad, lanes);
                        int ci = cOff + i * ldc + jj;
                        c[ci] = zero ? d : c[ci] + d;
                    }
                    break;
                }
                // columns below j were written by the previous (unclamped) tile
                dot1x4(k, kv, a, ai, b, bOff + jb * ldb, ldb, aPad, lanes, zero, c, cOff + i * ldc + jb, Math.max(0, j - jb));
            }
        }
    }

    /**
     * Row ai × B rows bq0 .. bq0 + 3·ldb: four dot products into c[ci .. ci + 4), skipping the columns below q0.
     * The k tail (kv .. k) is one masked step in which lane q takes element kv + q and the other lanes keep their
     * sums; A's tail comes zero-padded in aPad. Where a full-width load would leave B (masked loads past an
     * array's end are slow), B's four tails are first copied into {@code lanes}.
     */
    private static void dot1x4(int k, int kv, float[] a, int ai, float[] b, int bq0, int ldb, float[] aPad,
                               float[] lanes, boolean zero, float[] c, int ci, int q0) {
        int bq1 = bq0 + ldb, bq2 = bq1 + ldb, bq3 = bq2 + ldb;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < kv; p += VL) {
            FloatVector av = FloatVector.fromArray(S, a, ai + p);
            s0 = FloatVector.fromArray(S, b, bq0 + p).fma(av, s0);
            s1 = FloatVector.fromArray(S, b, bq1 + p).fma(av, s1);
            s2 = FloatVector.fromArray(S, b, bq2 + p).fma(av, s2);
            s3 = FloatVector.fromArray(S, b, bq3 + p).fma(av, s3);
        }
        if (kv < k) {
            VectorMask<Float> m = S.indexInRange(kv, k);
            FloatVector av = FloatVector.fromArray(S, aPad, 0);
            float[] bt = b;
            int t0 = bq0 + kv, t1 = bq1 + kv, t2 = bq2 + kv, t3 = bq3 + kv;
            if (t3 + VL > b.length) {
                // full-width loads would leave B: copy the four tails (masked loads past an array's end are slow)
                for (int q = 0; kv + q < k; q++) {
                    lanes[q] = b[t0 + q];
                    lanes[VL + q] = b[t1 + q];
                    lanes[2 * VL + q] = b[t2 + q];
                    lanes[3 * VL + q] = b[t3 + q];
                }
                bt = lanes;
                t0 = 0;
                t1 = VL;
                t2 = 2 * VL;
                t3 = 3 * VL;
            }
            s0 = s0.blend(FloatVector.fromArray(S, bt, t0, m).fma(av, s0), m);
            s1 = s1.blend(FloatVector.fromArray(S, bt, t1, m).fma(av, s1), m);
            s2 = s2.blend(FloatVector.fromArray(S, bt, t2, m).fma(av, s2), m);
            s3 = s3.blend(FloatVector.fromArray(S, bt, t3, m).fma(av, s3), m);
        }
        float d0 = hsum(s0), d1 = hsum(s1), d2 = hsum(s2), d3 = hsum(s3);
        if (q0 <= 0) c[ci] = zero ? d0 : c[ci] + d0;
        if (q0 <= 1) c[ci + 1] = zero ? d1 : c[ci + 1] + d1;
        if (q0 <= 2) c[ci + 2] = zero ? d2 : c[ci + 2] + d2;
        c[ci + 3] = zero ? d3 : c[ci + 3] + d3;
    }

    /** Rows i, i+1 × columns jb..jb+3 with k a multiple of VL; columns below q0 are skipped. */
    private static void dot2x4(int k, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                               boolean zero, float[] c, int c0, int ldc, int q0) {
        int a1 = a0 + lda;
        int bq0 = b0, bq1 = bq0 + ldb, bq2 = bq1 + ldb, bq3 = bq2 + ldb;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        for (int p = 0; p < k; p += VL) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector w = FloatVector.fromArray(S, b, bq0 + p);
            s00 = w.fma(x0, s00);
            s10 = w.fma(x1, s10);
            w = FloatVector.fromArray(S, b, bq1 + p);
            s01 = w.fma(x0, s01);
            s11 = w.fma(x1, s11);
            w = FloatVector.fromArray(S, b, bq2 + p);
            s02 = w.fma(x0, s02);
            s12 = w.fma(x1, s12);
            w = FloatVector.fromArray(S, b, bq3 + p);
            s03 = w.fma(x0, s03);
            s13 = w.fma(x1, s13);
        }
        int c1 = c0 + ldc;
        if (q0 <= 0) {
            float d0 = hsum(s00), d1 = hsum(s10);
            c[c0] = zero ? d0 : c[c0] + d0;
            c[c1] = zero ? d1 : c[c1] + d1;
        }
        if (q0 <= 1) {
            float d0 = hsum(s01), d1 = hsum(s11);
            c[c0 + 1] = zero ? d0 : c[c0 + 1] + d0;
            c[c1 + 1] = zero ? d1 : c[c1 + 1] + d1;
        }
        if (q0 <= 2) {
            float d0 = hsum(s02), d1 = hsum(s12);
            c[c0 + 2] = zero ? d0 : c[c0 + 2] + d0;
            c[c1 + 2] = zero ? d1 : c[c1 + 2] + d1;
        }
        float d0 = hsum(s03), d1 = hsum(s13);
        c[c0 + 3] = zero ? d0 : c[c0 + 3] + d0;
        c[c1 + 3] = zero ? d1 : c[c1 + 3] + d1;
    }

    /** One dot product, its k tail as in {@link #dot1x4} (A's tail zero-padded in aPad). */
    private static float dot1(int k, int kv, float[] a, int ai, float[] b, int bj, float[] aPad, float[] lanes) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < kv; p += VL) {
            s = FloatVector.fromArray(S, b, bj + p).fma(FloatVector.fromArray(S, a, ai + p), s);
        }
        if (kv == k) return hsum(s);
        VectorMask<Float> m = S.indexInRange(kv, k);
        float[] bt = b;
        int t = bj + kv;
        if (t + VL > b.length) {
            System.arraycopy(b, t, lanes, 0, k - kv);
            bt = lanes;
            t = 0;
        }
        return hsum(s.blend(FloatVector.fromArray(S, bt, t, m).fma(FloatVector.fromArray(S, aPad, 0), s), m));
    }

    // ------------------------------------------------------------------ dot form, vectors narrower than CANON

    /**
     * {@link #dotTile} when the hardware's vectors are narrower than {@link #CANON} lanes, with the same result: the
     * canonical lane c = g·VL + l (c = 0 … 15) is lane l of group g = 0 … R−1, and sums the products p ≡ c (mod 16)
     * in increasing p with one FMA each, as with 16 lanes (the 16-lane kernel's masked k tail is just the last FMA of
     * the lanes it covers). With R = 2 one pass keeps both groups in registers ({@link #dotPair1x4}, and
     * {@link #dotPair2x2} for pairs of rows when VL divides k); with R = 4 each group's sums are formed by a pass over
     * k of its own ({@link #dotGroups}). The R groups are then added as the first levels of the 16-lane tree would add
     * them ({@link #combine}), and {@link #hsum} does the rest.
     */
    private static void dotTileNarrow(int i0, int i1, int j0, int j1, int k,
                                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                      boolean zero, float[] c, int cOff, int ldc) {
        // per-thread scratch (slots 2 and 3 belong to the axpy form, which never runs inside this call)
        float[] part = buffer(2, 4 * CANON);
        float[] pad = buffer(3, 5 * VL);
        int iPairs = i0;
        if (R == 2 && k % VL == 0 && i1 - i0 >= 2 && j1 - j0 >= 2) {
            // tiles of 2 rows × 2 columns: 8 loads per 8 FMAs, where a row × 4 columns has 10. As in dotTile, a tile's
            // B rows stay in L1 while every pair of A's rows (all in L2) passes, or, for a longer k or a taller A,
            // blocks of B's columns stay in L2 while the row pairs pass. Each element is the dot product below.
            boolean bInL1 = k <= DOT_L1_K && (long) (i1 - i0) * k <= DOT_BLOCK_FLOATS;
            int jBlock = bInL1 ? 2 : Math.max(2, DOT_BLOCK_FLOATS / k / 2 * 2);
            for (int jb0 = j0; jb0 < j1; jb0 += jBlock) {
                int jb1 = Math.min(j1, jb0 + jBlock);
                for (int i = i0; i + 2 <= i1; i += 2) {
                    for (int j = jb0; j < jb1; j += 2) {
                        int jb = Math.min(j, j1 - 2);
                        // column jb was written by the previous (unclamped) tile when j - jb is 1
                        dotPair2x2(k, a, aOff + i * lda, lda, b, bOff + jb * ldb, ldb, zero, c, cOff + i * ldc + jb,
                                ldc, j - jb);
                    }
                }
            }
            iPairs = i0 + (i1 - i0) / 2 * 2;
        }
        for (int i = iPairs; i < i1; i++) {
            int ai = aOff + i * lda;
            for (int j = j0; j < j1; j += 4) {
                int jb = Math.min(j, j1 - 4);
                if (jb < j0) {
                    // fewer than 4 columns in total: one at a time
                    for (int jj = j; jj < j1; jj++) {
                        float d;
                        if (R == 2) {
                            d = dotPair1(k, a, ai, b, bOff + jj * ldb, pad);
                        } else {
                            for (int g = 0; g < R; g++) dotGroup(k, g, a, ai, b, bOff + jj * ldb, pad, part, g * VL);
                            d = hsum(combine(part, 0));
                        }
                        int ci = cOff + i * ldc + jj;
                        c[ci] = zero ? d : c[ci] + d;
                    }
                    break;
                }
                int bq0 = bOff + jb * ldb;
                // columns below j were written by the previous (unclamped) tile
                int ci = cOff + i * ldc + jb;
                if (R == 2) {
                    dotPair1x4(k, a, ai, b, bq0, ldb, pad, zero, c, ci, Math.max(0, j - jb));
                    continue;
                }
                for (int g = 0; g < R; g++) dotGroups(k, g, a, ai, b, bq0, ldb, pad, part);
                for (int q = Math.max(0, j - jb); q < 4; q++) {
                    float d = hsum(combine(part, q * CANON));
                    c[ci + q] = zero ? d : c[ci + q] + d;
                }
            }
        }
    }

    /**
     * R = 2 (AVX2): row ai × B rows bq0 + q·ldb (q = 0 … 3) in one pass, canonical lanes 0–7 in the {@code l}
     * accumulators and 8–15 in the {@code h} ones; the pair is added lane-wise (the 16-lane tree's first level) and
     * {@link #hsum} does the rest. Columns below q0 are skipped.
     */
    private static void dotPair1x4(int k, float[] a, int ai, float[] b, int bq0, int ldb, float[] pad,
                                   boolean zero, float[] c, int ci, int q0) {
        int bq1 = bq0 + ldb, bq2 = bq1 + ldb, bq3 = bq2 + ldb;
        FloatVector s0l = FloatVector.zero(S), s0h = s0l, s1l = s0l, s1h = s0l, s2l = s0l, s2h = s0l, s3l = s0l,
                s3h = s0l;
        int p = 0;
        for (; p + CANON <= k; p += CANON) {
            FloatVector al = FloatVector.fromArray(S, a, ai + p), ah = FloatVector.fromArray(S, a, ai + p + VL);
            s0l = FloatVector.fromArray(S, b, bq0 + p).fma(al, s0l);
            s0h = FloatVector.fromArray(S, b, bq0 + p + VL).fma(ah, s0h);
            s1l = FloatVector.fromArray(S, b, bq1 + p).fma(al, s1l);
            s1h = FloatVector.fromArray(S, b, bq1 + p + VL).fma(ah, s1h);
            s2l = FloatVector.fromArray(S, b, bq2 + p).fma(al, s2l);
            s2h = FloatVector.fromArray(S, b, bq2 + p + VL).fma(ah, s2h);
            s3l = FloatVector.fromArray(S, b, bq3 + p).fma(al, s3l);
            s3h = FloatVector.fromArray(S, b, bq3 + p + VL).fma(ah, s3h);
        }
        if (p + VL <= k) {
            // the last chunk fills canonical lanes 0–7
            FloatVector al = FloatVector.fromArray(S, a, ai + p);
            s0l = FloatVector.fromArray(S, b, bq0 + p).fma(al, s0l);
            s1l = FloatVector.fromArray(S, b, bq1 + p).fma(al, s1l);
            s2l = FloatVector.fromArray(S, b, bq2 + p).fma(al, s2l);
            s3l = FloatVector.fromArray(S, b, bq3 + p).fma(al, s3l);
            p += VL;
        }
        if (p < k) {
            // one masked step on zero-padded copies: lanes below k − p take their last product
            int w = k - p;
            VectorMask<Float> m = S.indexInRange(p, k);
            System.arraycopy(a, ai + p, pad, 0, w);
            java.util.Arrays.fill(pad, w, VL, 0f);
            System.arraycopy(b, bq0 + p, pad, VL, w);
            System.arraycopy(b, bq1 + p, pad, 2 * VL, w);
            System.arraycopy(b, bq2 + p, pad, 3 * VL, w);
            System.arraycopy(b, bq3 + p, pad, 4 * VL, w);
            FloatVector av = FloatVector.fromArray(S, pad, 0);
            FloatVector b0 = FloatVector.fromArray(S, pad, VL), b1 = FloatVector.fromArray(S, pad, 2 * VL);
            FloatVector b2 = FloatVector.fromArray(S, pad, 3 * VL), b3 = FloatVector.fromArray(S, pad, 4 * VL);
            if (p % CANON == 0) {
                s0l = s0l.blend(b0.fma(av, s0l), m);
                s1l = s1l.blend(b1.fma(av, s1l), m);
                s2l = s2l.blend(b2.fma(av, s2l), m);
                s3l = s3l.blend(b3.fma(av, s3l), m);
            } else {
                s0h = s0h.blend(b0.fma(av, s0h), m);
                s1h = s1h.blend(b1.fma(av, s1h), m);
                s2h = s2h.blend(b2.fma(av, s2h), m);
                s3h = s3h.blend(b3.fma(av, s3h), m);
            }
        }
        if (q0 <= 0) {
            float d = hsum(s0l.add(s0h));
            c[ci] = zero ? d : c[ci] + d;
        }
        if (q0 <= 1) {
            float d = hsum(s1l.add(s1h));
            c[ci + 1] = zero ? d : c[ci + 1] + d;
        }
        if (q0 <= 2) {
            float d = hsum(s2l.add(s2h));
            c[ci + 2] = zero ? d : c[ci + 2] + d;
        }
        float d = hsum(s3l.add(s3h));
        c[ci + 3] = zero ? d : c[ci + 3] + d;
    }

    /**
     * R = 2 (AVX2), k a multiple of VL: rows a0, a0 + lda × B rows b0, b0 + ldb, each dot product formed as in
     * {@link #dotPair1x4} (canonical lanes 0–7 and 8–15 in two accumulators, added lane-wise, then {@link #hsum}).
     * Column 0 is skipped when q0 is 1.
     */
    private static void dotPair2x2(int k, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                                   boolean zero, float[] c, int c0, int ldc, int q0) {
        int a1 = a0 + lda, b1 = b0 + ldb;
        FloatVector s00l = FloatVector.zero(S), s00h = s00l, s01l = s00l, s01h = s00l;
        FloatVector s10l = s00l, s10h = s00l, s11l = s00l, s11h = s00l;
        int p = 0;
        for (; p + CANON <= k; p += CANON) {
            FloatVector x0l = FloatVector.fromArray(S, a, a0 + p), x0h = FloatVector.fromArray(S, a, a0 + p + VL);
            FloatVector x1l = FloatVector.fromArray(S, a, a1 + p), x1h = FloatVector.fromArray(S, a, a1 + p + VL);
            FloatVector w = FloatVector.fromArray(S, b, b0 + p);
            s00l = w.fma(x0l, s00l);
            s10l = w.fma(x1l, s10l);
            w = FloatVector.fromArray(S, b, b0 + p + VL);
            s00h = w.fma(x0h, s00h);
            s10h = w.fma(x1h, s10h);
            w = FloatVector.fromArray(S, b, b1 + p);
            s01l = w.fma(x0l, s01l);
            s11l = w.fma(x1l, s11l);
            w = FloatVector.fromArray(S, b, b1 + p + VL);
            s01h = w.fma(x0h, s01h);
            s11h = w.fma(x1h, s11h);
        }
        if (p < k) {
            // the last chunk (k ≡ VL mod 16) fills canonical lanes 0–7
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector w = FloatVector.fromArray(S, b, b0 + p);
            s00l = w.fma(x0, s00l);
            s10l = w.fma(x1, s10l);
            w = FloatVector.fromArray(S, b, b1 + p);
            s01l = w.fma(x0, s01l);
            s11l = w.fma(x1, s11l);
        }
        int c1 = c0 + ldc;
        if (q0 <= 0) {
            float d0 = hsum(s00l.add(s00h)), d1 = hsum(s10l.add(s10h));
            c[c0] = zero ? d0 : c[c0] + d0;
            c[c1] = zero ? d1 : c[c1] + d1;
        }
        float d0 = hsum(s01l.add(s01h)), d1 = hsum(s11l.add(s11h));
        c[c0 + 1] = zero ? d0 : c[c0 + 1] + d0;
        c[c1 + 1] = zero ? d1 : c[c1 + 1] + d1;
    }

    /** {@link #dotPair1x4} for one B row bj. */
    private static float dotPair1(int k, float[] a, int ai, float[] b, int bj, float[] pad) {
        FloatVector sl = FloatVector.zero(S), sh = sl;
        int p = 0;
        for (; p + CANON <= k; p += CANON) {
            sl = FloatVector.fromArray(S, b, bj + p).fma(FloatVector.fromArray(S, a, ai + p), sl);
            sh = FloatVector.fromArray(S, b, bj + p + VL).fma(FloatVector.fromArray(S, a, ai + p + VL), sh);
        }
        if (p + VL <= k) {
            sl = FloatVector.fromArray(S, b, bj + p).fma(FloatVector.fromArray(S, a, ai + p), sl);
            p += VL;
        }
        if (p < k) {
            int w = k - p;
            VectorMask<Float> m = S.indexInRange(p, k);
            System.arraycopy(a, ai + p, pad, 0, w);
            java.util.Arrays.fill(pad, w, VL, 0f);
            System.arraycopy(b, bj + p, pad, VL, w);
            FloatVector t = FloatVector.fromArray(S, pad, VL).fma(FloatVector.fromArray(S, pad, 0), p % CANON == 0 ? sl : sh);
            if (p % CANON == 0) {
                sl = sl.blend(t, m);
            } else {
                sh = sh.blend(t, m);
            }
        }
        return hsum(sl.add(sh));
    }

    /**
     * R = 4: group g of row ai × B rows bq0 + q·ldb (q = 0 … 3): lane l sums a[p]·b[p] over p = g·VL + l + 16t &lt; k, in
     * increasing t, into part[q·CANON + g·VL + l]. A chunk that k cuts is one masked step on zero-padded copies.
     */
    private static void dotGroups(int k, int g, float[] a, int ai, float[] b, int bq0, int ldb, float[] pad,
                                  float[] part) {
        int bq1 = bq0 + ldb, bq2 = bq1 + ldb, bq3 = bq2 + ldb;
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = g * VL;
        for (; p + VL <= k; p += CANON) {
            FloatVector av = FloatVector.fromArray(S, a, ai + p);
            s0 = FloatVector.fromArray(S, b, bq0 + p).fma(av, s0);
            s1 = FloatVector.fromArray(S, b, bq1 + p).fma(av, s1);
            s2 = FloatVector.fromArray(S, b, bq2 + p).fma(av, s2);
            s3 = FloatVector.fromArray(S, b, bq3 + p).fma(av, s3);
        }
        if (p < k) {
            // lanes l < k − p take their last product; the others keep their sums
            int w = k - p;
            VectorMask<Float> m = S.indexInRange(p, k);
            System.arraycopy(a, ai + p, pad, 0, w);
            java.util.Arrays.fill(pad, w, VL, 0f);
            FloatVector av = FloatVector.fromArray(S, pad, 0);
            for (int q = 0; q < w; q++) {
                pad[VL + q] = b[bq0 + p + q];
                pad[2 * VL + q] = b[bq1 + p + q];
                pad[3 * VL + q] = b[bq2 + p + q];
                pad[4 * VL + q] = b[bq3 + p + q];
            }
            s0 = s0.blend(FloatVector.fromArray(S, pad, VL).fma(av, s0), m);
            s1 = s1.blend(FloatVector.fromArray(S, pad, 2 * VL).fma(av, s1), m);
            s2 = s2.blend(FloatVector.fromArray(S, pad, 3 * VL).fma(av, s2), m);
            s3 = s3.blend(FloatVector.fromArray(S, pad, 4 * VL).fma(av, s3), m);
        }
        int o = g * VL;
        s0.intoArray(part, o);
        s1.intoArray(part, CANON + o);
        s2.intoArray(part, 2 * CANON + o);
        s3.intoArray(part, 3 * CANON + o);
    }

    /** {@link #dotGroups} for one B row bj, into part[o … o + VL). */
    private static void dotGroup(int k, int g, float[] a, int ai, float[] b, int bj, float[] pad, float[] part, int o) {
        FloatVector s = FloatVector.zero(S);
        int p = g * VL;
        for (; p + VL <= k; p += CANON) {
            s = FloatVector.fromArray(S, b, bj + p).fma(FloatVector.fromArray(S, a, ai + p), s);
        }
        if (p < k) {
            int w = k - p;
            VectorMask<Float> m = S.indexInRange(p, k);
            System.arraycopy(a, ai + p, pad, 0, w);
            java.util.Arrays.fill(pad, w, VL, 0f);
            System.arraycopy(b, bj + p, pad, VL, w);
            s = s.blend(FloatVector.fromArray(S, pad, VL).fma(FloatVector.fromArray(S, pad, 0), s), m);
        }
        s.intoArray(part, o);
    }

    /**
     * The canonical 16 lanes in part[o … o + 16), VL at a time, reduced to one vector as the first levels of the
     * 16-lane tree of {@link #hsum} would reduce them (lane c + 8 onto lane c, then lane c + 4 onto lane c, …, down to
     * VL lanes). With R = 1 this is just the vector.
     */
    static FloatVector combine(float[] part, int o) {
        if (R == 1) return FloatVector.fromArray(S, part, o);
        if (R == 2) return FloatVector.fromArray(S, part, o).add(FloatVector.fromArray(S, part, o + VL));
        if (R == 4) {
            return FloatVector.fromArray(S, part, o).add(FloatVector.fromArray(S, part, o + 2 * VL))
                    .add(FloatVector.fromArray(S, part, o + VL).add(FloatVector.fromArray(S, part, o + 3 * VL)));
        }
        throw new AssertionError("no canonical tree for " + VL + "-lane vectors");
    }

    /** FOLD[l] moves lane q + (VL >> (l + 1)) to lane q: the l-th level of the pairwise lane tree. */
    private static final VectorShuffle<Float>[] FOLD = folds();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int levels = Integer.numberOfTrailingZeros(VL);
        VectorShuffle<Float>[] f = new VectorShuffle[levels];
        for (int l = 0; l < levels; l++) {
            int w = VL >> (l + 1);
            f[l] = VectorShuffle.fromOp(S, q -> (q + w) & (VL - 1));
        }
        return f;
    }

    /**
     * Sum of the lanes of v by a fixed pairwise tree (lane q + w added to lane q, w = VL/2, VL/4, …, 1);
     * deterministic, unlike {@code reduceLanes(ADD)}.
     */
    static float hsum(FloatVector v) {
        for (VectorShuffle<Float> f : FOLD) v = v.add(v.rearrange(f));
        return v.lane(0);
    }
}
