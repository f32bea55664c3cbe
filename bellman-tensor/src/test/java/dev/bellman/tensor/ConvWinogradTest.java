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
 * The Winograd F(2×2, 3×3) path of conv2d ({@link ConvWinograd}): which layers take it, its forward, input and weight
 * gradients against double-precision loops, finite differences, and the same bits on narrower vectors (child JVMs).
 */
class ConvWinogradTest {

    private final Rng rng = new Rng(20261205L);

    /** out[n][o][y][x] = Σ w[o][c][i][j]·x[n][c][y − p + i][x − p + j], in double (no bias). */
    private static double[] forward(float[] x, float[] w, int n, int c, int h, int wd, int o, int p) {
        int ho = h + 2 * p - 2, wo = wd + 2 * p - 2;
        double[] out = new double[n * o * ho * wo];
        for (int ni = 0; ni < n; ni++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < ho; y++)
                    for (int xx = 0; xx < wo; xx++) {
                        double s = 0;
                        for (int ci = 0; ci < c; ci++)
                            for (int i = 0; i < 3; i++)
                                for (int j = 0; j < 3; j++) {
                                    int iy = y - p + i, ix = xx - p + j;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                    s += (double) w[((oc * c + ci) * 3 + i) * 3 + j] * x[((ni * c + ci) * h + iy) * wd + ix];
                                }
                        out[((ni * o + oc) * ho + y) * wo + xx] = s;
                    }
        return out;
    }

    /** dx[n][c][iy][ix] = Σ g[n][o][y][x]·w[o][c][iy − y + p][ix − x + p], in double. */
    private static double[] inputGrad(float[] g, float[] w, int n, int c, int h, int wd, int o, int p) {
        int ho = h + 2 * p - 2, wo = wd + 2 * p - 2;
        double[] dx = new double[n * c * h * wd];
        for (int ni = 0; ni < n; ni++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < ho; y++)
                    for (int xx = 0; xx < wo; xx++) {
                        double gv = g[((ni * o + oc) * ho + y) * wo + xx];
                        for (int ci = 0; ci < c; ci++)
                            for (int i = 0; i < 3; i++)
                                for (int j = 0; j < 3; j++) {
                                    int iy = y - p + i, ix = xx - p + j;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                    dx[((ni * c + ci) * h + iy) * wd + ix] += gv * w[((oc * c + ci) * 3 + i) * 3 + j];
                                }
                    }
        return dx;
    }

    /** dw[o][c][i][j] = Σ g[n][o][y][x]·x[n][c][y − p + i][x − p + j], in double. */
    private static double[] weightGrad(float[] x, float[] g, int n, int c, int h, int wd, int o, int p) {
        int ho = h + 2 * p - 2, wo = wd + 2 * p - 2;
        double[] dw = new double[o * c * 9];
        for (int ni = 0; ni < n; ni++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < ho; y++)
                    for (int xx = 0; xx < wo; xx++) {
                        double gv = g[((ni * o + oc) * ho + y) * wo + xx];
                        for (int ci = 0; ci < c; ci++)
                            for (int i = 0; i < 3; i++)
                                for (int j = 0; j < 3; j++) {
                                    int iy = y - p + i, ix = xx - p + j;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                    dw[((oc * c + ci) * 3 + i) * 3 + j] += gv * x[((ni * c + ci) * h + iy) * wd + ix];
                                }
                    }
        return dw;
    }

    /** Asserts |a − e| ≤ tol · (scale of the values) for every element, the scale being the largest |e|. */
    private static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1e-30;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / scale;
            if (err > tol) fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (error " + err + " of the scale)");
        }
    }

    private static float[] pad(float[] x, int n, int c, int h, int w, int p) {
        int hp = h + 2 * p, wp = w + 2 * p;
        float[] xp = new float[n * c * hp * wp];
        for (int i = 0; i < n * c; i++)
            for (int r = 0; r < h; r++) System.arraycopy(x, (i * h + r) * w, xp, (i * hp + r + p) * wp + p, w);
        return xp;
    }

    @Test
    void appliesTo_3x3Stride1LayersOfEnoughChannels_notToMinAtarsLayer() {
        boolean simd = dev.bellman.tensor.kernels.Kernels.simdEnabled();
        assertEquals(simd, ConvWinograd.applies(64, 64, 3, 3, 1, 1), "AlphaZero tower block / NatureCNN third layer");
        assertEquals(simd, ConvWinograd.applies(17, 64, 3, 3, 1, 1), "AlphaZero tower stem");
        assertFalse(ConvWinograd.applies(4, 16, 3, 3, 1, 1), "MinAtar's 4→16 layer keeps the direct kernel's bits");
        assertFalse(ConvWinograd.applies(64, 64, 3, 3, 2, 1), "stride 2");
        assertFalse(ConvWinograd.applies(64, 64, 3, 3, 1, 2), "dilation 2");
        assertFalse(ConvWinograd.applies(64, 64, 4, 4, 1, 1), "4×4");
    }

    @Test
    void forwardAndGradients_matchDoubleLoops_andTheOpTakesThePath() {
        int[][] cases = { // n, c, h, w, o, padding: even and odd outputs (a last tile row/column past the edge)
                {3, 17, 9, 9, 64, 1}, {2, 64, 9, 9, 64, 0}, {2, 32, 6, 5, 32, 2}, {13, 32, 4, 7, 48, 1}};
        for (int[] k : cases) {
            int n = k[0], c = k[1], h = k[2], wd = k[3], o = k[4], p = k[5], ho = h + 2 * p - 2, wo = wd + 2 * p - 2;
            String name = Arrays.toString(k);
            float[] xv = randn(rng, n, c, h, wd).toArray(), wv = randn(rng, o, c, 3, 3).toArray();
            float[] gv = randn(rng, n, o, ho, wo).toArray();
            Tensor x = Tensor.parameter(xv.clone(), n, c, h, wd), w = Tensor.parameter(wv.clone(), o, c, 3, 3);
            Tensor y = Ops.conv2d(x, w, null, 1, p);
            assertClose(forward(xv, wv, n, c, h, wd, o, p), y.toArray(), 2e-6, "forward " + name);
            y.backward(gv.clone());
            assertClose(inputGrad(gv, wv, n, c, h, wd, o, p), x.grad(), 2e-6, "input gradient " + name);
            assertClose(weightGrad(xv, gv, n, c, h, wd, o, p), w.grad(), 2e-6, "weight gradient " + name);

            // the op's bits are the Winograd kernel's (not the direct kernel's), taped and untaped
            float[] expected = new float[n * o * ho * wo];
            ConvWinograd.convolve(pad(xv, n, c, h, wd, p), 0, n, c, h + 2 * p, wd + 2 * p,
                    ConvWinograd.transformWeight(wv, 0, o, c, false), o, expected, false);
            assertArrayEquals(expected, y.toArray(), "taped forward " + name);
            float[] expectedGw = new float[o * c * 9];
            ConvWinograd.weightGrad(pad(xv, n, c, h, wd, p), 0, n, c, h + 2 * p, wd + 2 * p, gv, o, expectedGw);
            assertArrayEquals(expectedGw, w.grad(), "weight gradient " + name);
            if (ConvWinograd.applies(o, c, 3, 3, 1, 1) && dev.bellman.tensor.kernels.ConvDirect.supports(c)) {
                // the input gradient: the output gradient padded by 2 − p, convolved with the rotated, transposed kernels
                float[] expectedGx = new float[n * c * h * wd];
                ConvWinograd.convolve(pad(gv, n, o, ho, wo, 2 - p), 0, n, o, ho + 2 * (2 - p), wo + 2 * (2 - p),
                        ConvWinograd.transformWeight(wv, 0, o, c, true), c, expectedGx, true);
                assertArrayEquals(expectedGx, x.grad(), "input gradient " + name);
            }
            try (var ng = Tensor.noGrad()) {
                assertArrayEquals(expected, Ops.conv2d(Tensor.of(xv, n, c, h, wd), w, null, 1, p).toArray(), "noGrad " + name);
            }
        }
    }

    @Test
    void gradients_matchFiniteDifferences() {
        // conv2d is linear in each input, so a wide step has no truncation error and keeps float rounding out of the
        // differences (these sums of 288 products round at ~1e-5)
        GradCheck fd = GradCheck.of(0.25, 1e-2, 1e-3);
        // 32 → 32: the input gradient is a Winograd convolution too (the weight, fixed here, is checked below)
        Tensor w32 = randn(rng, 32, 32, 3, 3);
        Tensor[] a = {randn(rng, 2, 32, 3, 5), randn(rng, 32)};
        fd.gradients("conv2d winograd pad 1", v -> Ops.conv2d(v[0], w32, v[1], 1, 1), a);
        fd.tangents("conv2d winograd pad 1", v -> Ops.conv2d(v[0], w32, v[1], 1, 1), a);
        Tensor[] b = {randn(rng, 1, 16, 4, 5), randn(rng, 32, 16, 3, 3)};
        fd.gradients("conv2d winograd pad 0, odd output", v -> Ops.conv2d(v[0], v[1], null, 1, 0), b);
        fd.tangents("conv2d winograd pad 0, odd output", v -> Ops.conv2d(v[0], v[1], null, 1, 0), b);
    }

    /** Forward, input and weight gradients of a few Winograd layers, hashed: the same on every vector width. */
    static String hash() throws Exception {
        Rng r = new Rng(7L);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int[] k : new int[][]{{2, 17, 9, 9, 64, 1}, {3, 64, 9, 9, 64, 1}, {2, 32, 7, 6, 32, 0}}) {
            Tensor x = Tensor.parameter(randn(r, k[0], k[1], k[2], k[3]).toArray(), k[0], k[1], k[2], k[3]);
            Tensor w = Tensor.parameter(randn(r, k[4], k[1], 3, 3).toArray(), k[4], k[1], 3, 3);
            Tensor y = Ops.conv2d(x, w, null, 1, k[5]);
            y.backward(randn(r, y.shape()).toArray());
            for (float[] a : List.of(y.toArray(), x.grad(), w.grad())) {
                ByteBuffer bb = ByteBuffer.allocate(4 * a.length);
                for (float f : a) bb.putFloat(f);
                md.update(bb.array());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static void main(String[] args) throws Exception {
        System.out.println("hash " + hash());
    }

    @Test
    void sameBits_onNarrowerVectors() throws Exception {
        String here = hash();
        List<String> flags = new ArrayList<>(List.of("-XX:MaxVectorSize=16"));
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) flags.add(0, "-XX:UseAVX=2");
        for (String flag : flags) {
            Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", flag, "-cp", System.getProperty("java.class.path"),
                    ConvWinogradTest.class.getName()).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS), flag + ": no answer within 120 s");
            assertEquals(0, proc.exitValue(), flag + ":\n" + out);
            assertTrue(out.contains("hash " + here), flag + ": expected hash " + here + ", got:\n" + out);
        }
    }
}
