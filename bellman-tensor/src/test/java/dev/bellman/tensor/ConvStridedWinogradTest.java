package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.bellman.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The space-to-depth F(3×3, 2×2) forward of strided conv2d layers with a kernel of twice the stride
 * ({@link ConvStridedWinograd}): which layers take it, the forward against double-precision loops (float, divided and
 * byte input, edges that cut tiles and space-to-depth cells), the op's bits taped and untaped, batch independence,
 * finite differences, and the same bits on narrower vectors and two threads (child JVMs).
 */
class ConvStridedWinogradTest {

    private final Rng rng = new Rng(20261205L);

    /** out[n][o][y][x] = Σ w[o][c][i][j]·x[n][c][y·s + i][x·s + j], in double (no bias, no padding). */
    private static double[] forward(float[] x, float[] w, int n, int c, int h, int wd, int o, int k, int s) {
        int ho = (h - k) / s + 1, wo = (wd - k) / s + 1;
        double[] out = new double[n * o * ho * wo];
        for (int ni = 0; ni < n; ni++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < ho; y++)
                    for (int xx = 0; xx < wo; xx++) {
                        double sum = 0;
                        for (int ci = 0; ci < c; ci++)
                            for (int i = 0; i < k; i++)
                                for (int j = 0; j < k; j++) {
                                    sum += (double) w[((oc * c + ci) * k + i) * k + j] * x[((ni * c + ci) * h + y * s + i) * wd + xx * s + j];
                                }
                        out[((ni * o + oc) * ho + y) * wo + xx] = sum;
                    }
        return out;
    }

    private static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1e-30;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / scale;
            if (err > tol) fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (error " + err + " of the scale)");
        }
    }

    @Test
    void appliesTo_kernelsOfTwiceTheStride_notToMinAtarsLayer() {
        boolean simd = dev.bellman.tensor.kernels.Kernels.simdEnabled();
        assertEquals(simd, ConvStridedWinograd.applies(4, 32, 8, 8, 4, 1), "NatureCNN's first layer");
        assertEquals(simd, ConvStridedWinograd.applies(32, 64, 4, 4, 2, 1), "NatureCNN's second layer");
        assertFalse(ConvStridedWinograd.applies(4, 16, 3, 3, 1, 1), "MinAtar's 4→16 layer keeps the direct kernel's bits");
        assertFalse(ConvStridedWinograd.applies(64, 64, 3, 3, 1, 1), "stride 1");
        assertFalse(ConvStridedWinograd.applies(64, 64, 3, 3, 2, 1), "3×3 stride 2");
        assertFalse(ConvStridedWinograd.applies(64, 64, 4, 4, 2, 2), "dilation 2");
        assertFalse(ConvStridedWinograd.applies(2, 64, 4, 4, 2, 1), "8 space-to-depth channels");
        assertFalse(ConvStridedWinograd.applies(32, 16, 4, 4, 2, 1), "16 output channels");
    }

    @Test
    void forward_matchesDoubleLoops_andTheOpTakesThePath() {
        int[][] cases = { // n, c, h, w, o, stride: NatureCNN's layers, and edges that cut tiles and space-to-depth cells
                {3, 4, 84, 84, 32, 4}, {2, 32, 20, 20, 64, 2}, {5, 8, 13, 11, 32, 2}, {2, 2, 17, 19, 48, 3}};
        for (int[] q : cases) {
            int n = q[0], c = q[1], h = q[2], wd = q[3], o = q[4], s = q[5], k = 2 * s;
            int ho = (h - k) / s + 1, wo = (wd - k) / s + 1;
            String name = Arrays.toString(q);
            float[] xv = randn(rng, n, c, h, wd).toArray(), wv = randn(rng, o, c, k, k).toArray();
            Tensor x = Tensor.parameter(xv.clone(), n, c, h, wd), w = Tensor.parameter(wv.clone(), o, c, k, k);
            Tensor y = Ops.conv2d(x, w, null, s, 0);
            assertClose(forward(xv, wv, n, c, h, wd, o, k, s), y.toArray(), 2e-6, "forward " + name);

            // the op's bits are this kernel's (not the direct kernel's), taped and untaped, and per sample
            float[] expected = new float[n * o * ho * wo];
            ConvStridedWinograd.convolve(xv, 0, n, c, h, wd, s, ConvStridedWinograd.transformWeight(wv, 0, o, c, s), o, expected);
            assertArrayEquals(expected, y.toArray(), "taped forward " + name);
            try (var ng = Tensor.noGrad()) {
                assertArrayEquals(expected, Ops.conv2d(Tensor.of(xv, n, c, h, wd), w, null, s, 0).toArray(), "noGrad " + name);
                int per = c * h * wd, outPer = o * ho * wo;
                float[] last = Ops.conv2d(Tensor.of(Arrays.copyOfRange(xv, (n - 1) * per, n * per), 1, c, h, wd), w, null, s, 0)
                        .toArray();
                assertArrayEquals(Arrays.copyOfRange(expected, (n - 1) * outPer, n * outPer), last, "last sample alone " + name);
            }
        }
    }

    @Test
    void pixelInput_dividedOrBytes_equalsDividingFirst() {
        // n, c, h, w, o, stride: 4 | s (rows read 4 floats at a time) with an edge past the tiles, and s = 2 (gathers)
        for (int[] q : new int[][]{{2, 4, 36, 40, 32, 4}, {3, 8, 13, 11, 32, 2}}) {
            int n = q[0], c = q[1], h = q[2], wd = q[3], o = q[4], s = q[5];
            byte[] bytes = new byte[n * c * h * wd];
            float[] xv = new float[bytes.length], scaled = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) rng.nextInt(256);
                xv[i] = bytes[i] & 0xFF;
                scaled[i] = xv[i] / 255f;
            }
            Tensor w = randn(rng, o, c, 2 * s, 2 * s), b = randn(rng, o);
            String name = Arrays.toString(q);
            try (var ng = Tensor.noGrad()) {
                float[] expected = Ops.conv2d(Tensor.of(scaled, n, c, h, wd), w, b, s, 0).toArray();
                assertArrayEquals(expected, Ops.conv2d(Tensor.of(xv, n, c, h, wd), 255f, w, b, s, 0, 1).toArray(), "x / 255 " + name);
                assertArrayEquals(expected, Ops.conv2d(new ByteImages(bytes, 0, n, c, h, wd), 255f, w, b, s, 0).toArray(),
                        "bytes " + name);
            }
        }
    }

    @Test
    void gradients_matchFiniteDifferences() {
        // the forward is this kernel, the backward the direct kernels': they must agree
        GradCheck fd = GradCheck.of(0.25, 1e-2, 1e-3);
        Tensor[] a = {randn(rng, 2, 4, 10, 9), randn(rng, 32, 4, 4, 4), randn(rng, 32)};
        fd.gradients("conv2d strided winograd", v -> Ops.conv2d(v[0], v[1], v[2], 2, 0), a);
    }

    /** Forward of a few such layers, hashed: the same on every vector width and thread count. */
    static String hash() throws Exception {
        Rng r = new Rng(7L);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int[] k : new int[][]{{5, 4, 84, 84, 32, 4}, {3, 32, 20, 20, 64, 2}, {2, 8, 13, 11, 32, 2}}) {
            Tensor x = randn(r, k[0], k[1], k[2], k[3]), w = randn(r, k[4], k[1], 2 * k[5], 2 * k[5]);
            float[] a = Ops.conv2d(x, w, null, k[5], 0).toArray();
            ByteBuffer bb = ByteBuffer.allocate(4 * a.length);
            for (float f : a) bb.putFloat(f);
            md.update(bb.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static void main(String[] args) throws Exception {
        System.out.println("hash " + hash());
    }

    @Test
    void sameBits_onNarrowerVectors_andTwoThreads() throws Exception {
        String here = hash();
        List<String> flags = new ArrayList<>(List.of("-XX:MaxVectorSize=16", "-Dbellman.threads=2"));
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) flags.add(0, "-XX:UseAVX=2");
        for (String flag : flags) {
            Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", flag, "-cp", System.getProperty("java.class.path"),
                    ConvStridedWinogradTest.class.getName()).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS), flag + ": no answer within 120 s");
            assertEquals(0, proc.exitValue(), flag + ":\n" + out);
            assertTrue(out.contains("hash " + here), flag + ": expected hash " + here + ", got:\n" + out);
        }
    }
}
