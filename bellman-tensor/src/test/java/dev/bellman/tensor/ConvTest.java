package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.kernels.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.bellman.tensor.GradCheck.check;
import static dev.bellman.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.*;

/**
 * conv2d (Conv), maxPool2d with padding and global average pooling: values against a direct
 * double-precision loop, gradients and tangents against finite differences, bitwise equality of
 * the byte and scaled-float input paths with converting first, and bitwise equality for any
 * thread count.
 */
class ConvTest {

    private final Rng rng = new Rng(20261204L);

    /** The textbook definition, summed in double: out[n][o][y][x] = b[o] + Σ w[o][c][i][j]·x[n][c][y·s − p + i·d][x·s − p + j·d]. */
    private static float[] direct(Tensor x, Tensor w, Tensor b, int s, int p, int d) {
        int[] xs = x.shape(), ws = w.shape();
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ws[0], kh = ws[2], kw = ws[3];
        int ho = (h + 2 * p - d * (kh - 1) - 1) / s + 1, wo = (wd + 2 * p - d * (kw - 1) - 1) / s + 1;
        float[] xv = x.toArray(), wv = w.toArray(), out = new float[n * o * ho * wo];
        for (int ni = 0; ni < n; ni++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < ho; y++)
                    for (int xx = 0; xx < wo; xx++) {
                        double sum = b == null ? 0 : b.toArray()[oc];
                        for (int ci = 0; ci < c; ci++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * s - p + i * d, ix = xx * s - p + j * d;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                    sum += (double) wv[((oc * c + ci) * kh + i) * kw + j] * xv[((ni * c + ci) * h + iy) * wd + ix];
                                }
                        out[((ni * o + oc) * ho + y) * wo + xx] = (float) sum;
                    }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, float tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * (1 + Math.abs(expected[i])), what + ": element " + i);
        }
    }

    // ------------------------------------------------------------------ values

    @Test
    void conv2d_matchesDirectLoop_forStridePaddingDilationAndPointwise() {
        int[][] cases = { // n, c, h, w, o, kh, kw, stride, padding, dilation
                {2, 3, 9, 8, 4, 3, 3, 1, 0, 1},
                {2, 3, 9, 8, 4, 3, 2, 2, 1, 1},
                {2, 2, 11, 10, 3, 3, 3, 1, 2, 2},
                {1, 2, 12, 12, 3, 2, 3, 3, 1, 3},
                {3, 5, 6, 7, 4, 1, 1, 1, 0, 1},   // 1×1 fast path
                {2, 5, 6, 7, 4, 1, 1, 2, 1, 1},   // 1×1 with stride and padding: general path
                {2, 4, 20, 20, 8, 8, 8, 4, 0, 1}, // NatureCNN's first layer shape, smaller
                // row layout (≥ 32 output channels)
                {2, 4, 20, 20, Conv.ROWS_MIN_CHANNELS, 8, 8, 4, 0, 1},
                {2, 3, 9, 8, 33, 3, 2, 2, 1, 1},
                {2, 2, 11, 10, 40, 3, 3, 1, 2, 2},
                {1, 2, 12, 12, 32, 2, 3, 3, 1, 3},
                // direct kernels (no padding; 16 and 48 channels take the single-vector tail)
                {3, 4, 10, 10, 16, 3, 3, 1, 0, 1},
                {2, 3, 11, 9, 48, 3, 2, 2, 0, 2},
        };
        for (int[] k : cases) {
            Tensor x = randn(rng, k[0], k[1], k[2], k[3]), w = randn(rng, k[4], k[1], k[5], k[6]), b = randn(rng, k[4]);
            Tensor y = Ops.conv2d(x, w, b, k[7], k[8], k[9]);
            assertClose(direct(x, w, b, k[7], k[8], k[9]), y.toArray(), 1e-5f, java.util.Arrays.toString(k));
        }
    }

    @Test
    void conv2d_directForward_seesWeightWrittenThroughData() {
        // the direct forward reuses its transposed weight across calls: a write through data() (no version bump)
        // must still change the result
        Tensor x = randn(rng, 2, 3, 7, 6), w = randn(rng, 16, 3, 3, 3), b = randn(rng, 16);
        try (var ng = Tensor.noGrad()) {
            for (int round = 0; round < 3; round++) {
                assertClose(direct(x, w, b, 1, 1, 1), Ops.conv2d(x, w, b, 1, 1).toArray(), 1e-5f, "round " + round);
                w.data()[w.offset() + 5 + round] += 0.75f;
            }
        }
    }

    @Test
    void conv2d_dilationOutputShape_asPyTorch() {
        // torch: conv2d(zeros(1,1,10,9), zeros(1,1,3,3), stride=2, padding=1, dilation=3).shape == (1,1,3,3)
        assertArrayEquals(new int[]{1, 1, 3, 3}, Ops.conv2d(Tensor.zeros(1, 1, 10, 9), Tensor.zeros(1, 1, 3, 3), null, 2, 1, 3).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.conv2d(Tensor.zeros(1, 1, 5, 5), Tensor.zeros(1, 1, 3, 3), null, 1, 0, 3));
        assertTrue(e.getMessage().contains("dilation 3") && e.getMessage().contains("7x7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ops.conv2d(Tensor.zeros(1, 1, 5, 5), Tensor.zeros(1, 1, 3, 3), null, 1, 0, 0));
        assertTrue(e.getMessage().contains("dilation 0"), e.getMessage());
    }

    // ------------------------------------------------------------------ gradients

    @Test
    void conv2d_gradientsAndTangents_dilationPaddingStridePointwise() {
        check("conv2d dilation 2 pad 2", x -> Ops.conv2d(x[0], x[1], x[2], 1, 2, 2), randn(rng, 2, 2, 6, 7), randn(rng, 3, 2, 3, 3), randn(rng, 3));
        check("conv2d dilation 2 stride 2 pad 1", x -> Ops.conv2d(x[0], x[1], x[2], 2, 1, 2), randn(rng, 2, 2, 7, 6), randn(rng, 2, 2, 2, 3), randn(rng, 2));
        check("conv2d pad 3 > kernel/2", x -> Ops.conv2d(x[0], x[1], null, 2, 3, 1), randn(rng, 1, 2, 4, 5), randn(rng, 2, 2, 3, 3));
        check("conv2d rows dilation 2 stride 2 pad 2", x -> Ops.conv2d(x[0], x[1], x[2], 2, 2, 2),
                randn(rng, 2, 2, 5, 6), randn(rng, Conv.ROWS_MIN_CHANNELS, 2, 2, 3), randn(rng, Conv.ROWS_MIN_CHANNELS));
        check("conv2d rows x/4", x -> Ops.conv2d(x[0], 4f, x[1], x[2], 1, 1, 1),
                randn(rng, 1, 2, 4, 4), randn(rng, Conv.ROWS_MIN_CHANNELS, 2, 3, 3), randn(rng, Conv.ROWS_MIN_CHANNELS));
        // direct kernels (no padding, ≥ 32 channels): gradients; tangents take the row path
        check("conv2d direct 16", x -> Ops.conv2d(x[0], x[1], x[2], 1, 0), randn(rng, 2, 2, 5, 4), randn(rng, 16, 2, 3, 3), randn(rng, 16));
        check("conv2d direct 48", x -> Ops.conv2d(x[0], x[1], x[2], 1, 0), randn(rng, 1, 2, 4, 5), randn(rng, 48, 2, 3, 2), randn(rng, 48));
        check("conv2d direct", x -> Ops.conv2d(x[0], x[1], x[2], 2, 0), randn(rng, 2, 2, 5, 7), randn(rng, 32, 2, 2, 3), randn(rng, 32));
        check("conv2d direct x/4 dilation 2", x -> Ops.conv2d(x[0], 4f, x[1], x[2], 1, 0, 2), randn(rng, 2, 2, 6, 5),
                randn(rng, 64, 2, 2, 2), randn(rng, 64));
        // padded direct kernels; input channels filling vectors: the input gradient as a direct convolution too
        check("conv2d direct pad 1", x -> Ops.conv2d(x[0], x[1], x[2], 1, 1), randn(rng, 2, 16, 4, 5), randn(rng, 16, 16, 3, 3), randn(rng, 16));
        check("conv2d direct dilation 2 pad 1", x -> Ops.conv2d(x[0], x[1], null, 1, 1, 2), randn(rng, 1, 16, 6, 5), randn(rng, 32, 16, 3, 3));
        check("conv2d direct 2x2 pad 0", x -> Ops.conv2d(x[0], x[1], null, 1, 0), randn(rng, 1, 32, 3, 4), randn(rng, 16, 32, 2, 2));
        check("conv2d 1x1", x -> Ops.conv2d(x[0], x[1], x[2], 1, 0), randn(rng, 3, 4, 3, 5), randn(rng, 2, 4, 1, 1), randn(rng, 2));
        check("conv2d 1x1 stride 2 pad 1", x -> Ops.conv2d(x[0], x[1], x[2], 2, 1), randn(rng, 2, 3, 4, 5), randn(rng, 2, 3, 1, 1), randn(rng, 2));
        check("conv2d x/4", x -> Ops.conv2d(x[0], 4f, x[1], x[2], 2, 1, 1), randn(rng, 2, 2, 5, 5), randn(rng, 2, 2, 3, 3), randn(rng, 2));
        check("conv2d 1x1 x/4", x -> Ops.conv2d(x[0], 4f, x[1], x[2], 1, 0, 1), randn(rng, 2, 3, 3, 3), randn(rng, 2, 3, 1, 1), randn(rng, 2));
    }

    @Test
    void conv2d_bytes_weightGradients_matchFiniteDifferences() {
        ByteImages img = bytes(2, 3, 7, 6);
        Tensor w = randn(rng, 2, 3, 3, 3), b = randn(rng, 2);
        GradCheck.defaults().gradients("conv2d bytes/255", p -> Ops.conv2d(img, 255f, p[0], p[1], 2, 1), w, b);
        GradCheck.defaults().gradients("conv2d bytes 1x1", p -> Ops.conv2d(img, 1f, p[0], p[1], 1, 0), randn(rng, 2, 3, 1, 1), b);
        GradCheck.defaults().gradients("conv2d bytes direct", p -> Ops.conv2d(img, 255f, p[0], p[1], 2, 0),
                randn(rng, 32, 3, 3, 2), randn(rng, 32));
    }

    @Test
    void maxPool2d_padding_handCaseAndGradients() {
        // x 1×1×3×3 = 1..9, k 3, s 2, p 1 (IMPALA): windows over the −∞-padded 5×5 are rows/cols {0,1}, {1,2} of x
        Tensor x = Tensor.parameter(new float[]{1, 2, 3, 4, 9, 6, 7, 8, 5}, 1, 1, 3, 3);
        Tensor y = Ops.maxPool2d(x, 3, 2, 1);
        assertArrayEquals(new int[]{1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[]{9, 9, 9, 9}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[]{0, 0, 0, 0, 4, 0, 0, 0, 0}, x.grad());
        // all-negative input: padding must not win the max (it is −∞, not 0)
        Tensor neg = Tensor.of(new float[]{-5, -4, -3, -2}, 1, 1, 2, 2);
        assertArrayEquals(new float[]{-2}, Ops.maxPool2d(neg, 3, 2, 1).toArray());
        // distinct values, so the arg max is unique and a few ε away from ties
        float[] d = new float[2 * 3 * 7 * 6];
        for (int i = 0; i < d.length; i++) d[i] = (float) (((i * 37) % d.length) * 0.1 - 6);
        check("maxPool2d k3 s2 p1", p -> Ops.maxPool2d(p[0], 3, 2, 1), Tensor.of(d, 2, 3, 7, 6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.maxPool2d(Tensor.zeros(1, 1, 4, 4), 3, 1, 2));
        assertTrue(e.getMessage().contains("padding") && e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void globalAvgPool2d_valuesAndGradients() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 10, 20, 30, 40}, 1, 2, 2, 2);
        Tensor y = Ops.globalAvgPool2d(x);
        assertArrayEquals(new int[]{1, 2}, y.shape());
        assertArrayEquals(new float[]{2.5f, 25f}, y.toArray());
        check("globalAvgPool2d", p -> Ops.globalAvgPool2d(p[0]), randn(rng, 2, 3, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> Ops.globalAvgPool2d(Tensor.zeros(2, 3)));
    }

    // ------------------------------------------------------------------ input readers

    private ByteImages bytes(int n, int c, int h, int w) {
        byte[] data = new byte[3 + n * c * h * w];
        for (int i = 0; i < data.length; i++) data[i] = (byte) rng.nextInt(256);
        return new ByteImages(data, 3, n, c, h, w);
    }

    /** Output, weight and bias gradients of {@code sum(out ⊙ r)} for fixed r. */
    private static List<float[]> outAndGrads(Supplier<Tensor> f, Tensor w, Tensor b) {
        w.zeroGrad();
        if (b != null) b.zeroGrad();
        Tensor y = f.get();
        float[] r = new float[y.size()];
        for (int i = 0; i < r.length; i++) r[i] = (float) Math.sin(0.7 * i + 0.3);
        y.backward(r);
        List<float[]> out = new ArrayList<>();
        out.add(y.toArray());
        out.add(w.grad().clone());
        if (b != null) out.add(b.grad().clone());
        return out;
    }

    private static void assertBitwise(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            float[] e = expected.get(k), a = actual.get(k);
            assertEquals(e.length, a.length, what + " array " + k);
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                    fail(what + ": array " + k + " element " + i + " differs: " + e[i] + " vs " + a[i]);
                }
            }
        }
    }

    /**
     * The bias gradient is, per channel, the double sum over samples then positions in order, rounded once to float,
     * added to what the gradient held: bit for bit, for channel counts that fill the side-by-side blocks and leave a
     * remainder (20 = 8 + 8 + 4), on the direct path (16 channels) and the row path (40).
     */
    @Test
    void conv2d_biasGrad_isTheOrderedDoubleSumPerChannel() {
        for (int o : new int[] {3, 16, 20, 40}) {
            Tensor x = randn(rng, 3, 2, 6, 6);
            Tensor w = Tensor.parameter(randn(rng, o, 2, 3, 3).toArray(), o, 2, 3, 3);
            Tensor b = Tensor.parameter(randn(rng, o).toArray(), o);
            List<float[]> got = outAndGrads(() -> Ops.conv2d(x, w, b, 1, 0), w, b);
            float[] r = new float[got.get(0).length];
            for (int i = 0; i < r.length; i++) r[i] = (float) Math.sin(0.7 * i + 0.3);
            int hw = 16;
            for (int oc = 0; oc < o; oc++) {
                double sum = 0;
                for (int i = 0; i < 3; i++) for (int q = 0; q < hw; q++) sum += r[(i * o + oc) * hw + q];
                assertEquals(Float.floatToRawIntBits(0f + (float) sum), Float.floatToRawIntBits(got.get(2)[oc]),
                        o + " channels: channel " + oc);
            }
        }
    }

    @Test
    void conv2d_bytes_bitwiseEqualToConvertingFirst() {
        for (int[] k : new int[][]{{3, 4, 20, 20, 6, 8, 4, 0}, {2, 4, 10, 10, 16, 3, 1, 1}, {2, 5, 6, 6, 3, 1, 1, 0},
                {2, 4, 20, 20, 32, 8, 4, 0}, {2, 3, 9, 9, 40, 3, 2, 1}, {2, 16, 7, 6, 32, 3, 1, 1}}) {
            ByteImages img = bytes(k[0], k[1], k[2], k[3]);
            Tensor w = Tensor.parameter(randn(rng, k[4], k[1], k[5], k[5]).toArray(), k[4], k[1], k[5], k[5]);
            Tensor b = Tensor.parameter(randn(rng, k[4]).toArray(), k[4]);
            for (float divisor : new float[]{255f, 1f, 3f}) {
                List<float[]> viaFloats = outAndGrads(() -> Ops.conv2d(img.toTensor(divisor), w, b, k[6], k[7]), w, b);
                List<float[]> viaBytes = outAndGrads(() -> Ops.conv2d(img, divisor, w, b, k[6], k[7]), w, b);
                assertBitwise(viaFloats, viaBytes, "bytes/" + divisor + " " + java.util.Arrays.toString(k));
            }
        }
    }

    @Test
    void conv2d_scaledFloats_bitwiseEqualToDividingFirst() {
        for (int[] k : new int[][]{{2, 4, 20, 20, 6, 8, 4, 0}, {2, 5, 6, 6, 3, 1, 1, 0}, {2, 4, 20, 20, 32, 8, 4, 0}}) {
            float[] v = bytes(k[0], k[1], k[2], k[3]).toTensor(1f).toArray();
            Tensor x = Tensor.of(v, k[0], k[1], k[2], k[3]);
            Tensor w = Tensor.parameter(randn(rng, k[4], k[1], k[5], k[5]).toArray(), k[4], k[1], k[5], k[5]);
            Tensor b = Tensor.parameter(randn(rng, k[4]).toArray(), k[4]);
            List<float[]> divided = outAndGrads(() -> Ops.conv2d(x.div(255f), w, b, k[6], k[7]), w, b);
            List<float[]> scaled = outAndGrads(() -> Ops.conv2d(x, 255f, w, b, k[6], k[7], 1), w, b);
            assertBitwise(divided, scaled, "x/255 " + java.util.Arrays.toString(k));
        }
    }

    @Test
    void conv2d_inferencePaths_bitwiseEqualToTapedForward() {
        // untaped row-layout calls go through the direct kernel (no padding, SIMD) or chunked lowering;
        // both must give the bits of the taped forward (lowered rows, one GEMM)
        boolean simd = dev.bellman.tensor.kernels.Kernels.simdEnabled();
        for (int[] k : new int[][]{{3, 4, 20, 20, 32, 8, 4, 0}, {2, 32, 9, 9, 64, 4, 2, 0}, {2, 64, 7, 7, 64, 3, 1, 0},
                {2, 5, 9, 8, 48, 3, 1, 1}, {3, 3, 6, 6, 40, 2, 1, 0}, {3, 4, 10, 10, 16, 3, 1, 0}, {2, 3, 8, 9, 48, 3, 1, 0}}) {
            ByteImages img = bytes(k[0], k[1], k[2], k[3]);
            Tensor x = Tensor.of(randn(rng, k[0], k[1], k[2], k[3]).toArray(), k[0], k[1], k[2], k[3]);
            Tensor w = Tensor.parameter(randn(rng, k[4], k[1], k[5], k[5]).toArray(), k[4], k[1], k[5], k[5]);
            Tensor b = Tensor.parameter(randn(rng, k[4]).toArray(), k[4]);
            List<float[]> taped = List.of(Ops.conv2d(x, w, b, k[6], k[7]).toArray(), Ops.conv2d(img, 255f, w, b, k[6], k[7]).toArray());
            if (k[4] >= Conv.ROWS_MIN_CHANNELS) {
                // with a tangent the op takes the lowered row path (rows · Wᵀ in order), whatever the direct kernels do
                Tensor xt = Tensor.parameter(x.toArray(), x.shape());
                try (var fw = Tensor.forwardAD(); var ng = Tensor.noGrad()) {
                    xt.setTangent(new float[xt.size()]);
                    float[] rowPath = Ops.conv2d(xt, w, b, k[6], k[7]).toArray();
                    if (ConvWinograd.applies(k[1], k[4], k[5], k[5], k[6], 1)
                            || ConvStridedWinograd.applies(k[1], k[4], k[5], k[5], k[6], 1)) {
                        // the Winograd layers' forward is another algorithm: close to the row path, not its bits
                        assertClose(rowPath, taped.get(0), 1e-4f, "row path " + java.util.Arrays.toString(k));
                    } else {
                        assertBitwise(taped.subList(0, 1), List.of(rowPath), "row path " + java.util.Arrays.toString(k));
                    }
                }
            }
            for (boolean on : new boolean[]{true, false}) {
                dev.bellman.tensor.kernels.Kernels.setSimdEnabled(on && simd);
                try (var ng = Tensor.noGrad()) {
                    List<float[]> inference = List.of(Ops.conv2d(x, w, b, k[6], k[7]).toArray(),
                            Ops.conv2d(img, 255f, w, b, k[6], k[7]).toArray());
                    if (on) assertBitwise(taped, inference, "noGrad " + java.util.Arrays.toString(k));
                } finally {
                    dev.bellman.tensor.kernels.Kernels.setSimdEnabled(simd);
                }
            }
        }
    }

    // ------------------------------------------------------------------ threads

    /** Output and the gradients of x, w and b, computed with {@code threads} threads. */
    private static List<float[]> runWithThreads(int threads, Supplier<List<float[]>> body) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            return body.get();
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void conv2d_bitwiseIdenticalForOneTwoAndThreeThreads() {
        // large enough that the GEMMs split across threads too (≥ 2 MFLOP)
        int[][] cases = { // n, c, h, w, o, k, stride, padding, dilation
                {7, 4, 24, 24, 16, 3, 1, 1, 1},
                {5, 4, 36, 36, 32, 8, 4, 0, 1},
                {6, 3, 17, 15, 8, 3, 2, 2, 2},
                {5, 3, 17, 15, 48, 3, 2, 2, 2},
                {9, 32, 9, 9, 64, 1, 1, 0, 1},
                {5, 16, 9, 9, 64, 3, 1, 1, 1},    // padded, Winograd forward and weight gradient, input gradient direct
                {12, 32, 9, 9, 64, 3, 1, 1, 1},   // Winograd throughout, three chunks of samples
        };
        for (int[] k : cases) {
            float[] xv = randn(rng, k[0], k[1], k[2], k[3]).toArray(), wv = randn(rng, k[4], k[1], k[5], k[5]).toArray();
            float[] bv = randn(rng, k[4]).toArray();
            ByteImages img = bytes(k[0], k[1], k[2], k[3]);
            Supplier<List<float[]>> body = () -> {
                Tensor x = Tensor.parameter(xv.clone(), k[0], k[1], k[2], k[3]);
                Tensor w = Tensor.parameter(wv.clone(), k[4], k[1], k[5], k[5]);
                Tensor b = Tensor.parameter(bv.clone(), k[4]);
                List<float[]> r = outAndGrads(() -> Ops.conv2d(x, w, b, k[6], k[7], k[8]), w, b);
                r.add(x.grad().clone());
                r.addAll(outAndGrads(() -> Ops.conv2d(img, 255f, w, b, k[6], k[7], k[8]), w, b));
                r.add(Ops.maxPool2d(x, 3, 2, 1).toArray());
                try (var ng = Tensor.noGrad()) { // inference path (chunked in the row layout)
                    r.add(Ops.conv2d(x, w, b, k[6], k[7], k[8]).toArray());
                    r.add(Ops.conv2d(img, 255f, w, b, k[6], k[7], k[8]).toArray());
                }
                return r;
            };
            List<float[]> one = runWithThreads(1, body);
            assertBitwise(one, runWithThreads(2, body), "2 threads " + java.util.Arrays.toString(k));
            assertBitwise(one, runWithThreads(3, body), "3 threads " + java.util.Arrays.toString(k));
        }
    }
}
