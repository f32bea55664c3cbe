package dev.bellman.nn;

import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A full NatureCNN torso against PyTorch 1.13 (fixture {@code fixtures/tensor/nature_cnn.safetensors},
 * written by {@code tools/fixtures/make_conv_fixtures.py}): batch 3 of 4×84×84 uint8-valued input,
 * weights from an integer formula both sides compute, loss {@code sum(out ⊙ r)} with
 * {@code r_k = sin(0.7k + 0.3)}; the output and every parameter's gradient, through the float input
 * path and the {@link ByteImages} path.
 *
 * <p>Tolerance: {@code |a − e| ≤ 1e-5 · max|e|} per tensor (float32 sums of up to 3136 products in
 * a different order than PyTorch's). The linear layer's weight gradient (6.4 MB) is checked in full
 * against {@code deltaᵀ · features} computed in double from PyTorch's own stored delta and features,
 * and its first 8 rows against PyTorch's gradient directly.
 */
class NatureCnnTorchParityTest {

    private static final int N = 3;
    private static final double TOL = 1e-5;
    private static final Map<String, Double> SCALES = Map.of("0.weight", 0x1p-4, "0.bias", 0x1p-4, "2.weight", 0x1p-5,
            "2.bias", 0x1p-5, "4.weight", 0x1p-5, "4.bias", 0x1p-5, "7.weight", 0x1p-6, "7.bias", 0x1p-6);

    private static long hash(long salt, long k) {
        return ((k + 1) * 2654435761L + salt * 40503L) & 0xFFFFFFFFL;
    }

    private static Map<String, Tensor> fixture() throws Exception {
        return SafeTensors.load(Path.of(NatureCnnTorchParityTest.class.getResource("/fixtures/tensor/nature_cnn.safetensors").toURI()));
    }

    /** The torso with the formula weights (salt = index in state-dict order); checks the sums PyTorch recorded. */
    private static NatureCnn net(Map<String, Tensor> f) {
        NatureCnn net = new NatureCnn(new Rng(1));
        int salt = 0;
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            double scale = SCALES.get(e.getKey()), sum = 0;
            float[] d = p.data();
            for (int k = 0; k < p.size(); k++) {
                d[p.offset() + k] = (float) (((hash(salt, k) >> 21) - 1024) * 0x1p-10 * scale);
                sum += d[p.offset() + k];
            }
            p.bumpVersion();
            assertEquals(f.get("check.param_sum." + e.getKey()).item(), sum, Math.abs(sum) * 1e-6, e.getKey() + " formula");
            salt++;
        }
        return net;
    }

    private static ByteImages input(Map<String, Tensor> f) {
        byte[] b = new byte[N * 4 * 84 * 84];
        long sum = 0;
        for (int k = 0; k < b.length; k++) {
            int v = (int) (hash(1000, k) >> 24);
            b[k] = (byte) v;
            sum += v;
        }
        assertEquals(f.get("check.input_sum").item(), (float) sum, "input formula");
        return new ByteImages(b, 0, N, 4, 84, 84);
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        for (float e : expected) max = Math.max(max, Math.abs(e));
        double tol = TOL * max, worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) actual[i] - expected[i]);
            if (err > worst) { worst = err; at = i; }
        }
        assertTrue(worst <= tol, what + ": worst error " + worst + " at " + at + " (PyTorch " + (at < 0 ? 0 : expected[at])
                + ", Bellman " + (at < 0 ? 0 : actual[at]) + ") exceeds " + tol);
    }

    private static void checkAgainstTorch(String path, Map<String, Tensor> f, NatureCnn net, Function<NatureCnn, Tensor> forward) {
        net.zeroGrad();
        Tensor out = forward.apply(net);
        assertArrayEquals(new int[]{N, 512}, out.shape());
        assertClose(path + " out", f.get("out").toArray(), out.toArray());
        float[] r = new float[out.size()];
        for (int k = 0; k < r.length; k++) r[k] = (float) Math.sin(0.7 * k + 0.3);
        out.backward(r);
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            float[] g = e.getValue().grad();
            assertNotNull(g, path + " " + e.getKey() + " has no gradient");
            if (!e.getKey().equals("7.weight")) {
                assertClose(path + " grad " + e.getKey(), f.get("grad." + e.getKey()).toArray(), g);
                continue;
            }
            float[] rows = f.get("grad.7.weight.rows").toArray();
            assertClose(path + " grad 7.weight rows 0..7", rows, java.util.Arrays.copyOf(g, rows.length));
            float[] delta = f.get("delta").toArray(), feat = f.get("features").toArray();
            float[] full = new float[512 * 3136];
            for (int o = 0; o < 512; o++) {
                for (int i = 0; i < 3136; i++) {
                    double s = 0;
                    for (int n = 0; n < N; n++) s += (double) delta[n * 512 + o] * feat[n * 3136 + i];
                    full[o * 3136 + i] = (float) s;
                }
            }
            assertClose(path + " grad 7.weight = deltaᵀ·features", full, g);
        }
    }

    @Test
    void floatInput_outputAndEveryGradient_matchPyTorch() throws Exception {
        Map<String, Tensor> f = fixture();
        NatureCnn net = net(f);
        Tensor x = input(f).toTensor(1f); // pixel values 0..255 as floats; the torso divides by 255
        checkAgainstTorch("float input", f, net, m -> m.forward(x));
    }

    @Test
    void byteInput_outputAndEveryGradient_matchPyTorch_andEqualFloatPathBitwise() throws Exception {
        Map<String, Tensor> f = fixture();
        NatureCnn net = net(f);
        ByteImages img = input(f);
        checkAgainstTorch("byte input", f, net, m -> m.forward(img));
        float[] viaBytes = net.forward(img).toArray(), viaFloats = net.forward(img.toTensor(1f)).toArray();
        for (int i = 0; i < viaBytes.length; i++) {
            assertEquals(Float.floatToRawIntBits(viaFloats[i]), Float.floatToRawIntBits(viaBytes[i]), "output " + i);
        }
    }
}
