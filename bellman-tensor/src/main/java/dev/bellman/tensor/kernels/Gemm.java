package dev.bellman.tensor.kernels;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = op(A) · op(B) + beta · C}, where {@code op(X)} is X or its transpose.
 *
 * <p>{@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n. {@code lda}, {@code ldb}, {@code ldc}
 * are the row strides of the arrays as stored (so for {@code transA}, A is stored k×m with
 * row stride lda). {@code beta} is 0 (overwrite C; C's old contents, even NaN, are ignored) or 1
 * (accumulate into C); other values scale C first.
 *
 * <p>Paths: with {@link Kernels#simdEnabled()} a register-blocked Vector API kernel (see
 * {@code GemmSimd}: 6-row × 2-vector FMA tiles (4-vector ones for wide products on AVX-512) over k-blocks of 256, B read in place or
 * transposed once when {@code transB}; a dot-product form for {@code x·Wᵀ} with m ≤ 4);
 * otherwise a scalar loop nest. {@link #scalar} is the plain-loop oracle used by the tests.
 *
 * <p>Deterministic: the summation order for each C element depends only on the shapes, flags,
 * and SIMD setting, never on the machine's vector width (the dot form sums in a 16-lane order
 * that narrower vectors reproduce exactly), the thread count or timing. With {@code Kernels.threads() > 1} and at least 2 MFLOP of work, C is split
 * into a fixed partition of row blocks (or column blocks when m is small, and for a transposed B of at least 32 columns per
 * task, each task transposing only its columns) run by {@link Parallel}.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        run(false, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@link #sgemm} with every element of C summed as one fused multiply-add chain over p = 0, 1, …, k−1 in
     * order, started from 0 (beta = 0) or C (beta = 1), whatever the shapes: the SIMD path never takes the dot
     * form (whose 16-lane tree is the same on every machine too, but rounds differently). So with SIMD the result
     * equals {@code c = Math.fma(op(A)[i][p], op(B)[p][j], c)} for p in order (a sum {@code Σ_p x_p} is this
     * with a column of ones: the in-order float sum). Without SIMD the scalar path is used as by {@link #sgemm}.
     */
    public static void sgemmInOrder(boolean transA, boolean transB, int m, int n, int k,
                                    float[] a, int aOff, int lda,
                                    float[] b, int bOff, int ldb,
                                    float beta, float[] c, int cOff, int ldc) {
        run(true, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * c[cOff + i·ldc + j] += v[vOff + j] for i &lt; rows, j &lt; n (a bias added to every row of a product): one
     * rounded add per element, so the bits are the plain loop's whatever path runs. Wide rows go through the
     * SIMD path, and 32k elements or more are split by rows over {@link Parallel}'s threads.
     */
    public static void addRowVector(float[] c, int cOff, int ldc, int rows, int n, float[] v, int vOff) {
        if (rows <= 0 || n <= 0) return;
        if (cOff < 0 || ldc < n || cOff + (long) (rows - 1) * ldc + n > c.length || vOff < 0 || vOff + n > v.length) {
            throw new IndexOutOfBoundsException("addRowVector of " + rows + "×" + n + " (ldc " + ldc + ") does not fit arrays of length "
                    + c.length + " and " + v.length);
        }
        boolean simd = n >= ADD_SIMD_MIN_N && Kernels.simdEnabled();
        if (Parallel.threads() > 1 && (long) rows * n >= ADD_PARALLEL_MIN && rows >= 2) {
            int tasks = 2;
            Parallel.forEachTask(tasks, t -> {
                int r0 = (int) ((long) rows * t / tasks), r1 = (int) ((long) rows * (t + 1) / tasks);
                addRows(simd, c, cOff, ldc, r0, r1, n, v, vOff);
            });
        } else {
            addRows(simd, c, cOff, ldc, 0, rows, n, v, vOff);
        }
    }

    /**
     * Rows from which {@link #addRowVector} takes the SIMD path, and elements from which it splits over threads. The
     * scalar loop is not vectorised by C2 (it cannot rule out that c and v are one array), so SIMD pays from one
     * 16-lane vector on: 128 rows of 64 took 1.3 µs against 4.5 µs (scalar), 4 rows of 64 0.025 against 0.085 µs (JDK 25,
     * AVX-512, loaded machine, thread CPU time).
     */
    static final int ADD_SIMD_MIN_N = 16;
    static final long ADD_PARALLEL_MIN = 32_768;

    private static void addRows(boolean simd, float[] c, int cOff, int ldc, int r0, int r1, int n, float[] v, int vOff) {
        for (int i = r0; i < r1; i++) {
            int ci = cOff + i * ldc;
            if (simd) {
                GemmSimd.addRow(c, ci, v, vOff, n);
            } else {
                for (int j = 0; j < n; j++) c[ci + j] += v[vOff + j];
            }
        }
    }

    /** dst[j * ldd + i] = src[i * lds + j] for a rows × cols source (a transposed copy). */
    public static void transpose(float[] src, int so, int lds, int rows, int cols, float[] dst, int dO, int ldd) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("rows and cols must be non-negative but were " + rows + ", " + cols);
        if (rows == 0 || cols == 0) return;
        if (so < 0 || lds < cols || so + (long) (rows - 1) * lds + cols > src.length
                || dO < 0 || ldd < rows || dO + (long) (cols - 1) * ldd + rows > dst.length) {
            throw new IndexOutOfBoundsException("transpose of " + rows + "×" + cols + " (lds " + lds + ", ldd " + ldd
                    + ") does not fit arrays of length " + src.length + " and " + dst.length);
        }
        if (Kernels.simdEnabled()) {
            GemmSimd.transpose(src, so, lds, rows, cols, dst, dO, ldd);
        } else {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) dst[dO + j * ldd + i] = src[so + i * lds + j];
            }
        }
    }

    private static void run(boolean inOrder, boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("m, n, k must be non-negative but were " + m + ", " + n + ", " + k);
        }
        if (m == 0 || n == 0) return;
        if (ldc < n) throw new IllegalArgumentException("ldc must be at least n=" + n + " but was " + ldc);
        if (lda < (transA ? m : k) && k > 0) {
            throw new IllegalArgumentException("lda must be at least " + (transA ? m : k) + " but was " + lda);
        }
        if (ldb < (transB ? k : n) && k > 0) {
            throw new IllegalArgumentException("ldb must be at least " + (transB ? k : n) + " but was " + ldb);
        }
        if (beta != 0f && beta != 1f) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) c[ci + j] *= beta;
            }
            beta = 1f;
        }
        if (k == 0) {
            if (beta == 0f) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        boolean zero = beta == 0f;
        if (Kernels.simdEnabled()) {
            GemmSimd.sgemm(inOrder, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, zero, c, cOff, ldc);
        } else {
            fallback(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, zero, c, cOff, ldc);
        }
    }

    /** Scalar path when SIMD is off: row blocks of i-p-j loops (dot loops for transB). */
    private static void fallback(boolean transA, boolean transB, int m, int n, int k,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 boolean zero, float[] c, int cOff, int ldc) {
        final int rowBlock = 16;
        int tasks = (m + rowBlock - 1) / rowBlock;
        boolean parallel = Parallel.threads() > 1 && 2.0 * m * n * k >= 2e6;
        if (parallel) {
            Parallel.forEachTask(tasks, t -> fallbackRows(t * rowBlock, Math.min(m, (t + 1) * rowBlock), transA, transB,
                    n, k, a, aOff, lda, b, bOff, ldb, zero, c, cOff, ldc));
        } else {
            fallbackRows(0, m, transA, transB, n, k, a, aOff, lda, b, bOff, ldb, zero, c, cOff, ldc);
        }
    }

    private static void fallbackRows(int i0, int i1, boolean transA, boolean transB, int n, int k,
                                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                     boolean zero, float[] c, int cOff, int ldc) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            if (!transB) {
                if (zero) java.util.Arrays.fill(c, ci, ci + n, 0f);
                int ars = transA ? 1 : lda, aps = transA ? lda : 1;
                int ai = aOff + i * ars;
                int p = 0;
                for (; p + 4 <= k; p += 4) {
                    // four p at once, added left to right: the same order (and bits) as one at a time
                    float a0 = a[ai + p * aps], a1 = a[ai + (p + 1) * aps];
                    float a2 = a[ai + (p + 2) * aps], a3 = a[ai + (p + 3) * aps];
                    int b0 = bOff + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = c[ci + j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                    }
                }
                for (; p < k; p++) axpyRow(a[ai + p * aps], b, bOff + p * ldb, c, ci, n);
            } else {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    if (transA) {
                        for (int p = 0; p < k; p++) s += a[aOff + p * lda + i] * b[bj + p];
                    } else {
                        int ai = aOff + i * lda;
                        for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] = zero ? s : c[ci + j] + s;
                }
            }
        }
    }

    /** c[co..co+n) += alpha · b[bo..bo+n) (a loop C2 can auto-vectorise). */
    private static void axpyRow(float alpha, float[] b, int bo, float[] c, int co, int n) {
        for (int j = 0; j < n; j++) c[co + j] += alpha * b[bo + j];
    }

    /** Reference implementation: plain loops, the oracle for the SIMD kernels' tests. */
    public static void scalar(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) c[ci + j] *= beta;
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (!transB) {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bOff + j * ldb + p];
                }
            }
        }
    }
}
