package dev.bellman.tensor.kernels;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = op(A) · op(B) + beta · C}, where {@code op(X)} is X or its transpose.
 *
 * <p>{@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n. {@code lda}, {@code ldb}, {@code ldc}
 * are the row strides of the arrays as stored (so for {@code transA}, A is stored k×m with
 * row stride lda). {@code beta} is 0 (overwrite C) or 1 (accumulate into C); other values
 * scale C first.
 *
 * <p>Deterministic: the summation order for each C element depends only on the shapes and
 * flags, never on threads or timing.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        scalar(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
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
