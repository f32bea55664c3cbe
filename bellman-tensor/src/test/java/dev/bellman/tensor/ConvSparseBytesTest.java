package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.kernels.ConvDirect;
import dev.bellman.tensor.kernels.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.bellman.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sparse byte convolution ({@link ConvSparseBytes}) gives bit for bit the direct kernel's forward, weight gradient
 * and bias gradient: the direct kernel is run on the same values as a float tensor (which {@link Conv} sends to the
 * dense kernel), the sparse one on the bytes.
 */
class ConvSparseBytesTest {
    private final Rng rng = new Rng(15);

    /** n images [c, h, w] whose values are 0 except about one in {@code every}, drawn from {@code values}. */
    private ByteImages sparseBytes(int n, int c, int h, int w, int every, int... values) {
        byte[] data = new byte[5 + n * c * h * w];
        for (int i = 5; i < data.length; i++) {
            if (rng.nextInt(every) == 0) data[i] = (byte) values[rng.nextInt(values.length)];
        }
        return new ByteImages(data, 5, n, c, h, w);
    }

    /** The output and the weight and bias gradients of {@code sum(out ⊙ r)} for a fixed r. */
    private static List<float[]> outAndGrads(Supplier<Tensor> f, Tensor w, Tensor b) {
        w.zeroGrad();
        b.zeroGrad();
        Tensor y = f.get();
        float[] r = new float[y.size()];
        for (int i = 0; i < r.length; i++) r[i] = (float) Math.sin(0.7 * i + 0.3);
        y.backward(r);
        return List.of(y.toArray(), w.grad().clone(), b.grad().clone());
    }

    private static void assertBitwise(List<float[]> expected, List<float[]> actual, String what) {
        String[] names = {"output", "weight gradient", "bias gradient"};
        for (int k = 0; k < expected.size(); k++) {
            float[] e = expected.get(k), a = actual.get(k);
            assertEquals(e.length, a.length, what + " " + names[k]);
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                    fail(what + ": " + names[k] + " element " + i + " differs: " + e[i] + " (dense) vs " + a[i] + " (sparse)");
                }
            }
        }
    }

    private void checkMatchesDense(String what, ByteImages img, float divisor, int o, int kh, int kw) {
        Tensor w = Tensor.parameter(randn(rng, o, img.c(), kh, kw).toArray(), o, img.c(), kh, kw);
        Tensor b = Tensor.parameter(randn(rng, o).toArray(), o);
        Tensor floats = img.toTensor(divisor);
        List<float[]> dense = outAndGrads(() -> Ops.conv2d(floats, w, b, 1, 0), w, b);
        List<float[]> sparse = outAndGrads(() -> Ops.conv2d(img, divisor, w, b, 1, 0), w, b);
        assertBitwise(dense, sparse, what);
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            assertBitwise(List.of(dense.get(0)), List.of(Ops.conv2d(img, divisor, w, b, 1, 0).toArray()), what + " untaped");
        }
    }

    @Test
    void sparseBytes_forwardAndGradients_bitwiseAsDenseKernel() {
        assumeTrue(ConvDirect.supports(16), "the direct kernels need SIMD and 16 channels filling vectors");
        int saved = Parallel.threads();
        try {
            for (int threads : new int[]{1, 2}) {
                Parallel.setThreads(threads);
                // MinAtar's layer: 4 planes of 0/1 on 10×10, 16 filters 3×3, a batch of 32
                checkMatchesDense("minatar t" + threads, sparseBytes(32, 4, 10, 10, 10, 1), 1f, 16, 3, 3);
                // batch 1 (the acting step), other sizes, a 3×2 kernel, 32 channels, pixels divided by 255
                checkMatchesDense("batch 1 t" + threads, sparseBytes(1, 4, 10, 10, 8, 1), 1f, 16, 3, 3);
                checkMatchesDense("7x9 3x2 t" + threads, sparseBytes(3, 3, 7, 9, 6, 1, 2, 7, 255), 255f, 32, 3, 2);
                checkMatchesDense("empty t" + threads, sparseBytes(2, 2, 5, 5, Integer.MAX_VALUE, 1), 1f, 16, 3, 3);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void sparse_countsNonzeroBytes_upToAQuarter() {
        // 403 bytes from offset 3: 400 values, at most 100 nonzero; values with and without the top bit, unaligned
        byte[] x = new byte[403];
        int[] values = {1, 0x7F, 0x80, 0xFF, 2};
        for (int k = 0; k < 100; k++) x[3 + (k * 37) % 400] = (byte) values[k % values.length];
        assertTrue(ConvSparseBytes.sparse(x, 3, 400), "100 of 400");
        x[0] = 1; // outside the range
        assertTrue(ConvSparseBytes.sparse(x, 3, 400), "100 of 400, a nonzero byte before the range");
        for (int i = 3; i < 403; i++) {
            if (x[i] == 0) {
                x[i] = (byte) 0x80;
                break;
            }
        }
        assertFalse(ConvSparseBytes.sparse(x, 3, 400), "101 of 400");
    }

    @Test
    void sparseKernel_takenOnlyForSparseFiniteStrideOneInput() {
        ByteImages img = sparseBytes(4, 4, 10, 10, 10, 1);
        Conv.Geom g = new Conv.Geom(img.shape(), new int[]{16, 4, 3, 3}, 1, 0, 1);
        float[] wd = randn(rng, 16, 4, 3, 3).toArray();
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) table[v] = v;
        float[] out = new float[g.n * g.o * g.hw];
        assertTrue(ConvSparseBytes.forward(g, img.data(), img.offset(), table, wd, 0, out), "sparse 0/1 planes");
        float[] grad = randn(rng, g.n, g.o, g.hw).toArray();
        assertTrue(ConvSparseBytes.weightGrad(g, img.data(), img.offset(), table, grad, new float[16 * g.ckk]));

        ByteImages dense = sparseBytes(4, 4, 10, 10, 2, 1);
        assertFalse(ConvSparseBytes.forward(g, dense.data(), dense.offset(), table, wd, 0, out), "half the values set");
        Conv.Geom strided = new Conv.Geom(img.shape(), new int[]{16, 4, 3, 3}, 2, 0, 1);
        assertFalse(ConvSparseBytes.forward(strided, img.data(), img.offset(), table, wd, 0, out), "stride 2");
        wd[7] = Float.POSITIVE_INFINITY; // ∞·0 is NaN: only the dense kernel forms it
        assertFalse(ConvSparseBytes.forward(g, img.data(), img.offset(), table, wd, 0, out), "an infinite weight");
        grad[3] = Float.NaN;
        assertFalse(ConvSparseBytes.weightGrad(g, img.data(), img.offset(), table, grad, new float[16 * g.ckk]), "a NaN gradient");
    }
}
