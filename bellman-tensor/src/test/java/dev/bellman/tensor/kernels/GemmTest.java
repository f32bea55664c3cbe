package dev.bellman.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GemmTest {

    private final boolean simdBefore = Kernels.simdEnabled();
    private final int threadsBefore = Kernels.threads();

    @AfterEach
    void restore() {
        Kernels.setSimdEnabled(simdBefore);
        Kernels.setThreads(threadsBefore);
    }

    /** One random problem with offsets and padded leading dimensions. */
    private record Case(boolean ta, boolean tb, int m, int n, int k, float beta,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc) {

        static Case random(SplittableRandom r, boolean ta, boolean tb, int m, int n, int k, float beta) {
            int aRows = ta ? k : m, aCols = ta ? m : k;
            int bRows = tb ? n : k, bCols = tb ? k : n;
            int lda = aCols + r.nextInt(3), ldb = bCols + r.nextInt(3), ldc = n + r.nextInt(3);
            int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
            float[] a = fill(r, aOff + aRows * lda + r.nextInt(3));
            float[] b = fill(r, bOff + bRows * ldb + r.nextInt(3));
            float[] c = fill(r, cOff + m * ldc + r.nextInt(3));
            return new Case(ta, tb, m, n, k, beta, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }

        float[] runFast() {
            float[] out = c.clone();
            Gemm.sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        float[] runOracle() {
            float[] out = c.clone();
            Gemm.scalar(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        /** Error bound scale per element: sum |a||b| + |beta c|, in double. */
        double[] magnitude() {
            double[] mag = new double[c.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = Math.abs(beta * c[cOff + i * ldc + j]);
                    for (int p = 0; p < k; p++) {
                        float av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        float bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s += Math.abs(av * bv);
                    }
                    mag[cOff + i * ldc + j] = s;
                }
            }
            return mag;
        }

        @Override
        public String toString() {
            return "ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta
                    + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        }
    }

    private static float[] fill(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    private static void assertClose(Case cs, float[] expected, float[] actual) {
        double[] mag = cs.magnitude();
        for (int idx = 0; idx < expected.length; idx++) {
            boolean inC = false;
            int rel = idx - cs.cOff;
            if (rel >= 0 && rel / cs.ldc < cs.m && rel % cs.ldc < cs.n) inC = true;
            if (!inC) {
                final int at = idx;
                assertEquals(cs.c[idx], actual[idx], 0f, () -> "wrote outside C at " + at + " for " + cs);
                continue;
            }
            double tol = 1e-5 * (mag[idx] + 1e-3);
            double diff = Math.abs((double) expected[idx] - actual[idx]);
            if (!(diff <= tol)) {
                throw new AssertionError("mismatch at " + idx + ": expected " + expected[idx] + " but was "
                        + actual[idx] + " (tol " + tol + ") for " + cs);
            }
        }
    }

    private static final int[] SIZES = {1, 2, 3, 4, 5, 6, 7, 8, 13, 16, 17, 31, 32, 33, 47, 64, 97, 127, 130};

    private void randomShapesMatchOracle(boolean simd) {
        Kernels.setSimdEnabled(simd);
        SplittableRandom r = new SplittableRandom(simd ? 1 : 2);
        int cases = 0;
        for (int trial = 0; trial < 400; trial++) {
            int m = SIZES[r.nextInt(SIZES.length)];
            int n = SIZES[r.nextInt(SIZES.length)];
            int k = SIZES[r.nextInt(SIZES.length)];
            boolean ta = r.nextBoolean(), tb = r.nextBoolean();
            float beta = r.nextBoolean() ? 0f : 1f;
            Case cs = Case.random(r, ta, tb, m, n, k, beta);
            assertClose(cs, cs.runOracle(), cs.runFast());
            cases++;
        }
        assertEquals(400, cases);
    }

    @Test
    void sgemm_simd_matchesOracleOnRandomShapes() {
        randomShapesMatchOracle(true);
    }

    @Test
    void sgemm_scalarFallback_matchesOracleOnRandomShapes() {
        randomShapesMatchOracle(false);
    }

    @Test
    void sgemm_allTransposesAndBetas_matchOracleOnSmallRlShapes() {
        int[][] shapes = {{1, 64, 4}, {64, 64, 64}, {32, 2, 64}, {1, 64, 64}, {1, 6, 128}, {4, 64, 64},
                {64, 4, 1}, {7, 300, 260}, {300, 7, 5}, {1, 1, 1}, {2, 1, 600}};
        SplittableRandom r = new SplittableRandom(3);
        for (boolean simd : new boolean[] {true, false}) {
            Kernels.setSimdEnabled(simd);
            for (int[] s : shapes) {
                for (int f = 0; f < 8; f++) {
                    Case cs = Case.random(r, (f & 1) != 0, (f & 2) != 0, s[0], s[1], s[2], (f & 4) != 0 ? 1f : 0f);
                    assertClose(cs, cs.runOracle(), cs.runFast());
                }
            }
        }
    }

    @Test
    void sgemm_betaZero_ignoresNaNInC() {
        SplittableRandom r = new SplittableRandom(4);
        for (boolean simd : new boolean[] {true, false}) {
            Kernels.setSimdEnabled(simd);
            for (int f = 0; f < 4; f++) {
                Case cs = Case.random(r, (f & 1) != 0, (f & 2) != 0, 9, 37, 11, 0f);
                Arrays.fill(cs.c, Float.NaN);
                float[] out = cs.runFast();
                for (int i = 0; i < cs.m; i++) {
                    for (int j = 0; j < cs.n; j++) {
                        assertTrue(Float.isFinite(out[cs.cOff + i * cs.ldc + j]), cs::toString);
                    }
                }
            }
        }
    }

    @Test
    void sgemm_otherBeta_scalesC() {
        SplittableRandom r = new SplittableRandom(5);
        Case cs = Case.random(r, false, true, 5, 9, 7, 0.5f);
        assertClose(cs, cs.runOracle(), cs.runFast());
    }

    @Test
    void sgemm_kZero_setsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, 1f, c, 0, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void sgemm_negativeDimension_throws() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 2, 2, new float[4], 0, 2, new float[4], 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().contains("-1"));
    }

    @Test
    void sgemmInOrder_simd_equalsTheInOrderFmaChainBitForBit() {
        // shapes that sgemm sends to the dot form (tiny m with transB, tiny n), long k, tails, and both betas; 1–3 rows
        // with at least 4 vectors of columns take the single-row 4-vector tile (k1x4), {3, 72, 300} over two k-blocks
        int[][] shapes = {{1, 84, 120}, {2, 256, 64}, {120, 4, 128}, {84, 1, 128}, {3, 5, 300}, {37, 17, 33}, {1, 1, 16},
            {3, 72, 300}};
        SplittableRandom r = new SplittableRandom(8);
        Kernels.setSimdEnabled(true);
        for (int[] s : shapes) {
            for (int f = 0; f < 8; f++) {
                Case cs = Case.random(r, (f & 1) != 0, (f & 2) != 0, s[0], s[1], s[2], (f & 4) != 0 ? 1f : 0f);
                float[] c = cs.c().clone();
                Gemm.sgemmInOrder(cs.ta(), cs.tb(), cs.m(), cs.n(), cs.k(), cs.a(), cs.aOff(), cs.lda(), cs.b(), cs.bOff(),
                        cs.ldb(), cs.beta(), c, cs.cOff(), cs.ldc());
                for (int i = 0; i < cs.m(); i++) {
                    for (int j = 0; j < cs.n(); j++) {
                        int ci = cs.cOff() + i * cs.ldc() + j;
                        float e = cs.beta() == 0f ? 0f : cs.c()[ci];
                        for (int p = 0; p < cs.k(); p++) {
                            float aip = cs.ta() ? cs.a()[cs.aOff() + p * cs.lda() + i] : cs.a()[cs.aOff() + i * cs.lda() + p];
                            float bpj = cs.tb() ? cs.b()[cs.bOff() + j * cs.ldb() + p] : cs.b()[cs.bOff() + p * cs.ldb() + j];
                            e = Math.fma(aip, bpj, e);
                        }
                        assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(c[ci]), cs + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    /**
     * The split paths (row blocks; column blocks for a wide transposed B, each task transposing its own rows of B)
     * at 2 and 3 threads against the in-order FMA chain, bit for bit: the partition must neither drop nor repeat a
     * column and must read each task's own slice of B.
     */
    @Test
    void sgemmInOrder_splitOverThreads_equalsTheInOrderFmaChainBitForBit() {
        // {m, n, k}, all over the 2 MFLOP split size; the last splits by rows (n too narrow for two column blocks)
        int[][] shapes = {{64, 200, 160}, {130, 70, 120}, {96, 129, 90}, {500, 30, 140}};
        SplittableRandom r = new SplittableRandom(10);
        Kernels.setSimdEnabled(true);
        for (int threads : new int[] {2, 3}) {
            Kernels.setThreads(threads);
            for (int[] s : shapes) {
                for (int f = 0; f < (threads == 2 ? 8 : 2); f++) {
                    Case cs = Case.random(r, (f & 1) != 0, (f & 2) != 0, s[0], s[1], s[2], (f & 4) != 0 ? 1f : 0f);
                    float[] c = cs.c().clone();
                    Gemm.sgemmInOrder(cs.ta(), cs.tb(), cs.m(), cs.n(), cs.k(), cs.a(), cs.aOff(), cs.lda(), cs.b(),
                            cs.bOff(), cs.ldb(), cs.beta(), c, cs.cOff(), cs.ldc());
                    for (int i = 0; i < cs.m(); i++) {
                        for (int j = 0; j < cs.n(); j++) {
                            int ci = cs.cOff() + i * cs.ldc() + j;
                            float e = cs.beta() == 0f ? 0f : cs.c()[ci];
                            for (int p = 0; p < cs.k(); p++) {
                                float aip = cs.ta() ? cs.a()[cs.aOff() + p * cs.lda() + i] : cs.a()[cs.aOff() + i * cs.lda() + p];
                                float bpj = cs.tb() ? cs.b()[cs.bOff() + j * cs.ldb() + p] : cs.b()[cs.bOff() + p * cs.ldb() + j];
                                e = Math.fma(aip, bpj, e);
                            }
                            assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(c[ci]),
                                    threads + " threads, " + cs + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void transpose_copiesEveryElement_andRejectsRangesOutsideTheArrays() {
        SplittableRandom r = new SplittableRandom(9);
        for (boolean simd : new boolean[] {true, false}) {
            Kernels.setSimdEnabled(simd);
            // whole 16×16 (AVX-512) or 8×8 (AVX2) blocks, and blocks followed by leftover columns and rows
            for (int[] s : new int[][] {{1, 1}, {3, 70}, {64, 17}, {128, 84}, {33, 33}, {120, 128}, {256, 256}, {48, 61}}) {
                int rows = s[0], cols = s[1], lds = cols + 2, ldd = rows + 1;
                float[] src = fill(r, 1 + rows * lds);
                float[] dst = new float[2 + cols * ldd];
                Gemm.transpose(src, 1, lds, rows, cols, dst, 2, ldd);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) assertEquals(src[1 + i * lds + j], dst[2 + j * ldd + i]);
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm.transpose(new float[6], 0, 3, 2, 3, new float[5], 0, 2));
    }

    /**
     * The 4-vector axpy tiles (blocks of at least 256 columns: 6-row, 4-row and single-row remainders) and the dot form's
     * L1 order (column tiles outside the row pairs, k at most 1024) and column blocks, at 1 and 2 threads, against the
     * scalar reference of the promised order ({@link CanonicalOrder#sgemm}: in-order FMA chains, or 16-lane dot
     * products), bit for bit.
     */
    @Test
    void sgemm_wideTilesAndL1DotOrder_equalTheCanonicalOrderBitForBit() {
        // {m, n, k, transA, transB}: the MinAtar FC layer's input gradient, weight gradient and forward, remainders
        int[][] shapes = {{32, 1024, 128, 0, 0}, {128, 1024, 32, 1, 0}, {11, 300, 40, 0, 0}, {9, 257, 19, 1, 0},
                {32, 128, 1024, 0, 1}, {6, 10, 256, 0, 1}, {9, 7, 512, 1, 1}, {4, 300, 160, 0, 1},
                // AVX2's row pairs: k an odd multiple of 8 (a half chunk last), and B's columns in L2-sized blocks
                {5, 9, 200, 0, 1}, {20, 6, 4096, 0, 1}};
        SplittableRandom r = new SplittableRandom(14);
        Kernels.setSimdEnabled(true);
        for (int threads : new int[] {1, 2}) {
            Kernels.setThreads(threads);
            for (int[] s : shapes) {
                for (float beta : new float[] {0f, 1f}) {
                    Case cs = Case.random(r, s[3] != 0, s[4] != 0, s[0], s[1], s[2], beta);
                    float[] expected = cs.c().clone();
                    CanonicalOrder.sgemm(cs.ta(), cs.tb(), cs.m(), cs.n(), cs.k(), cs.a(), cs.aOff(), cs.lda(), cs.b(),
                            cs.bOff(), cs.ldb(), cs.beta(), expected, cs.cOff(), cs.ldc());
                    float[] actual = cs.runFast();
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                                threads + " threads, " + cs + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void sgemm_threads1_2_3_areBitwiseIdentical() {
        // {m, k, n}: also DQN's 128-batch products (120-84 hidden) and a few rows split by columns
        int[][] shapes = {{256, 256, 256}, {32, 1024, 128}, {200, 33, 300}, {40, 700, 90}, {3, 513, 1500},
                {128, 84, 120}, {128, 120, 84}, {120, 128, 84}, {84, 128, 120}, {12, 300, 200}, {130, 60, 70}};
        SplittableRandom r = new SplittableRandom(6);
        for (boolean simd : new boolean[] {true, false}) {
            Kernels.setSimdEnabled(simd);
            for (int[] s : shapes) {
                for (int f = 0; f < 8; f++) {
                    Case cs = Case.random(r, (f & 1) != 0, (f & 2) != 0, s[0], s[2], s[1], (f & 4) != 0 ? 1f : 0f);
                    Kernels.setThreads(1);
                    float[] one = cs.runFast();
                    Kernels.setThreads(2);
                    float[] two = cs.runFast();
                    Kernels.setThreads(3);
                    float[] three = cs.runFast();
                    assertArrayEquals(one, two, cs::toString);
                    assertArrayEquals(one, three, cs::toString);
                }
            }
        }
    }

    @Test
    void addRowVector_equalsThePlainLoop_forAnyPathAndThreadCount() {
        SplittableRandom r = new SplittableRandom(13);
        for (int[] s : new int[][] {{1, 1}, {7, 64}, {128, 20}, {5, 15}, {256, 256}, {300, 130}, {129, 300}, {3, 257}}) {
            int rows = s[0], n = s[1], ldc = n + 3, cOff = 2, vOff = 1;
            float[] c0 = fill(r, cOff + rows * ldc + 1), v = fill(r, vOff + n + 2);
            float[] expected = c0.clone();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < n; j++) expected[cOff + i * ldc + j] += v[vOff + j];
            }
            for (boolean simd : new boolean[] {true, false}) {
                for (int threads = 1; threads <= 3; threads++) {
                    Kernels.setSimdEnabled(simd);
                    Kernels.setThreads(threads);
                    float[] c = c0.clone();
                    Gemm.addRowVector(c, cOff, ldc, rows, n, v, vOff);
                    assertArrayEquals(expected, c, rows + "×" + n + ", simd " + simd + ", threads " + threads);
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm.addRowVector(new float[10], 0, 4, 3, 4, new float[4], 0));
    }

    @Test
    void parallel_forEachTask_runsEveryTaskOnce() {
        Kernels.setThreads(3);
        int[] hits = new int[10];
        Parallel.forEachTask(10, t -> hits[t]++);
        int[] ones = new int[10];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, hits);
    }

    @Test
    void parallel_nestedForEachTask_runsInlineWithoutDeadlock() {
        Kernels.setThreads(2);
        int[] hits = new int[16];
        Parallel.forEachTask(4, outer -> Parallel.forEachTask(4, inner -> hits[outer * 4 + inner]++));
        int[] ones = new int[16];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, hits);
    }

    @Test
    void parallel_taskFailure_propagates() {
        Kernels.setThreads(3);
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forEachTask(6, t -> {
            if (t == 4) throw new IllegalStateException("task 4 failed");
        }));
        assertEquals("task 4 failed", e.getMessage());
    }

    @Test
    void parallel_setThreads_rejectsZero() {
        assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
    }
}
