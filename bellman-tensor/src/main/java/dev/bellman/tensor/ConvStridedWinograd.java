package dev.bellman.tensor;

import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Kernels;
import dev.bellman.tensor.kernels.Parallel;
import dev.bellman.tensor.kernels.StridedWinogradSimd;
import dev.bellman.tensor.kernels.WinogradSimd;

import java.util.Arrays;
import java.util.WeakHashMap;

/**
 * The forward of strided convolutions whose kernel is twice the stride ({@code k = 2s}, s ≥ 2: NatureCNN's 8×8 stride-4
 * and 4×4 stride-2 layers) by space-to-depth and Winograd's F(3×3, 2×2), for {@link Conv}'s direct path.
 *
 * <p><b>Space-to-depth.</b> A stride-s convolution with a 2s×2s kernel over C channels is a stride-1 convolution with a
 * 2×2 kernel over {@code C' = C·s²} channels: input channel {@code (ci·s + di)·s + dj} at position (r, q) is
 * {@code x[ci][r·s + di][q·s + dj]}, and its kernel tap (i, j) is {@code W[o][ci][i·s + di][j·s + dj]}. The output is the
 * same, {@code ho = (h − 2s)/s + 1}.
 *
 * <p><b>F(3×3, 2×2)</b> (Lavin and Gray 2016, with the interpolation nodes 0, 1, −1 and ∞) on that 2×2 convolution:
 * the output is cut into 3×3 tiles; tile t reads the 4×4 patch {@code d} of the space-to-depth input at its top-left
 * corner (zeros past the input's edge), transformed to {@code V = Bᵀ·d·B}; each 2×2 kernel to {@code U = G·g·Gᵀ}; for
 * each of the 16 transformed positions e, {@code M_e [tiles, O] = V_e [tiles, C'] · U_e [C', O]} (one GEMM each), and
 * {@code Y = Aᵀ·M·A} is the tile's 3×3 output ({@link StridedWinogradSimd} has the matrices). That is 16·C'·O
 * multiply-adds per 9 outputs where the direct kernel does 36·C'·O (2.25× fewer; NatureCNN's 20×20 output uses 49
 * tiles, 2.04×, its 9×9 one 9 tiles, 2.25×). The transforms are additions, subtractions and halvings only.
 *
 * <p>Deterministic and portable as {@link ConvWinograd}: each transform is a fixed sequence of float operations, the
 * same in vector lanes and the scalar tail; the GEMMs are {@link Gemm#sgemmInOrder} (each element one FMA chain over the
 * channels in order, whatever the vector width and row partition); work is split into chunks of whole samples whose
 * size depends only on the shapes, one task each, each writing its own samples' output. So the same bits for any thread
 * count, batch composition and vector width; not the direct kernel's bits (within float rounding of the exact sum:
 * {@code ConvStridedWinogradTest}, {@code NatureCnnTorchParityTest}). Only the forward changes: the weight and input
 * gradients of these layers stay the direct kernels' (the exact gradient of the convolution), and the forward-mode
 * tangent path (row layout) stays the direct kernel's order.
 *
 * <p>{@code -Dbellman.stridedWinograd=false} turns it off (for measurements: the direct kernel's results then).
 */
final class ConvStridedWinograd {
    private ConvStridedWinograd() {}

    /** Whether this path is on ({@code -Dbellman.stridedWinograd}, default true). */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("bellman.stridedWinograd", "true").trim());

    /** Space-to-depth input channels ({@code C·s²}) from which a layer takes this path (NatureCNN's: 64 and 128). */
    static final int MIN_IN_CHANNELS = 16;
    /** Output channels from which a layer takes this path (NatureCNN's: 32 and 64). */
    static final int MIN_OUT_CHANNELS = 32;
    /** Tiles per task (a chunk is as many whole samples as fit, at least one): keeps V and M of a chunk in L2. */
    static final int TILES_PER_CHUNK = 128;

    /** Whether an unpadded layer {@code [n, c, h, w] ⊛ [o, c, kh, kw]} with this stride and dilation takes this path. */
    static boolean applies(int c, int o, int kh, int kw, int stride, int dil) {
        return ENABLED && Kernels.simdEnabled() && stride >= 2 && kh == 2 * stride && kw == 2 * stride && dil == 1
                && (long) c * stride * stride >= MIN_IN_CHANNELS && o >= MIN_OUT_CHANNELS;
    }

    // ------------------------------------------------------------------ weights

    /** A weight seen by this thread: a copy of its values and its transform. */
    private record Transformed(int offset, int stride, float[] values, float[] u) {}

    private static final ThreadLocal<WeakHashMap<float[], Transformed>> CACHE = ThreadLocal.withInitial(WeakHashMap::new);

    /**
     * The transformed weight {@code U [16, C·s², O]} of the weight {@code wd[wo ..]} ({@code [O, C, 2s, 2s]}), kept per
     * thread and reused while the weight's values equal the kept copy (as {@link Conv}'s transposed weight).
     */
    static float[] transformedWeight(float[] wd, int wo, int o, int c, int s) {
        int size = o * c * 4 * s * s;
        WeakHashMap<float[], Transformed> cache = CACHE.get();
        Transformed e = cache.get(wd);
        if (e != null && e.offset() == wo && e.stride() == s && e.values().length == size
                && Arrays.equals(wd, wo, wo + size, e.values(), 0, size)) {
            return e.u();
        }
        float[] u = transformWeight(wd, wo, o, c, s);
        cache.put(wd, new Transformed(wo, s, Arrays.copyOfRange(wd, wo, wo + size), u));
        return u;
    }

    /** {@code U = G·g·Gᵀ} for every space-to-depth channel and output channel, laid out {@code [16, C·s², O]}. */
    static float[] transformWeight(float[] wd, int wo, int o, int c, int s) {
        int k = 2 * s, cs = c * s * s, plane = cs * o;
        float[] u = new float[16 * plane];
        for (int oc = 0; oc < o; oc++) {
            for (int ci = 0; ci < c; ci++) {
                int base = wo + (oc * c + ci) * k * k;
                for (int di = 0; di < s; di++) {
                    for (int dj = 0; dj < s; dj++) {
                        float g00 = wd[base + di * k + dj], g01 = wd[base + di * k + s + dj];
                        float g10 = wd[base + (s + di) * k + dj], g11 = wd[base + (s + di) * k + s + dj];
                        int at = ((ci * s + di) * s + dj) * o + oc;
                        // rows of G·g: g0, (g0 + g1)·½, (g0 − g1)·½, −g1; then each row [r0, r1] times Gᵀ
                        put(u, at, plane, 0, g00, g01);
                        put(u, at, plane, 1, (g00 + g10) * 0.5f, (g01 + g11) * 0.5f);
                        put(u, at, plane, 2, (g00 - g10) * 0.5f, (g01 - g11) * 0.5f);
                        put(u, at, plane, 3, -g10, -g11);
                    }
                }
            }
        }
        return u;
    }

    /** Row i of {@code (G·g)·Gᵀ} from row i of {@code G·g}: {@code r0, (r0 + r1)·½, (r0 − r1)·½, −r1}. */
    private static void put(float[] u, int at, int plane, int i, float r0, float r1) {
        u[(4 * i) * plane + at] = r0;
        u[(4 * i + 1) * plane + at] = (r0 + r1) * 0.5f;
        u[(4 * i + 2) * plane + at] = (r0 - r1) * 0.5f;
        u[(4 * i + 3) * plane + at] = -r1;
    }

    // ------------------------------------------------------------------ the convolution

    private static final class Scratch {
        float[] xl, v, m, y;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static float[] grow(float[] a, long size) {
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("conv2d: workspace of " + size + " floats is too large");
        return a != null && a.length >= size ? a : new float[(int) size];
    }

    /**
     * {@code dst [n, o, ho, wo]} (overwritten; no bias) = the unpadded, undilated stride-s convolution of
     * {@code x [n, c, h, w]} (from {@code xo}) with a {@code 2s×2s} kernel given by its transform {@code u}
     * ({@link #transformedWeight}).
     */
    static void convolve(float[] x, int xo, int n, int c, int h, int w, int s, float[] u, int o, float[] dst) {
        convolve(x, xo, 1f, n, c, h, w, s, u, o, dst);
    }

    /**
     * As {@link #convolve(float[], int, int, int, int, int, int, float[], int, float[])} on {@code x / divisor}, each
     * value divided as it is read (one float division, so the bits of dividing first).
     */
    static void convolve(float[] x, int xo, float divisor, int n, int c, int h, int w, int s, float[] u, int o,
                         float[] dst) {
        int ho = (h - 2 * s) / s + 1, wo = (w - 2 * s) / s + 1;
        int th = (ho + 2) / 3, tw = (wo + 2) / 3, tiles = th * tw;
        int nb = Math.max(1, Math.min(n, TILES_PER_CHUNK / tiles));
        int chunks = (n + nb - 1) / nb;
        Parallel.forEachTask(chunks, k -> {
            int i0 = k * nb, i1 = Math.min(n, i0 + nb);
            chunk(x, xo, divisor, i0, i1, c, h, w, s, ho, wo, th, tw, u, o, dst);
        });
    }

    private static void chunk(float[] x, int xo, float divisor, int i0, int i1, int c, int h, int w, int s, int ho, int wo, int th,
                              int tw, float[] u, int o, float[] dst) {
        int cs = c * s * s, hw = ho * wo, tiles = th * tw, count = i1 - i0, rows = count * tiles;
        // the space-to-depth input, channels last, zeros past its edge up to the tiles' extent: [hl, wl, cs]
        int hl = 3 * th + 1, wl = 3 * tw + 1, plane = hl * wl * cs;
        Scratch sc = SCRATCH.get();
        float[] xl = sc.xl = grow(sc.xl, plane);
        float[] v = sc.v = grow(sc.v, 16L * rows * cs);
        float[] m = sc.m = grow(sc.m, 16L * rows * o);
        float[] y = sc.y = grow(sc.y, (long) hw * o);
        int vs = rows * cs; // stride between the 16 matrices of v
        int[] idx = StridedWinogradSimd.spaceToDepthOffsets(c, h, w, s);
        for (int i = 0; i < count; i++) {
            StridedWinogradSimd.spaceToDepth(x, xo + (i0 + i) * c * h * w, c, h, w, s, hl, wl, idx, divisor, xl);
            for (int a = 0; a < th; a++) {
                for (int b = 0; b < tw; b++) {
                    int t = i * tiles + a * tw + b;
                    WinogradSimd.inputTile(xl, (3 * a * wl + 3 * b) * cs, wl * cs, cs, v, t * cs, vs);
                }
            }
        }
        int ms = rows * o;
        for (int e = 0; e < 16; e++) {
            Gemm.sgemmInOrder(false, false, rows, o, cs, v, e * vs, cs, u, e * cs * o, o, 0f, m, e * ms, o);
        }
        for (int i = 0; i < count; i++) {
            for (int a = 0; a < th; a++) {
                for (int b = 0; b < tw; b++) {
                    int t = i * tiles + a * tw + b;
                    StridedWinogradSimd.outputTile(m, t * o, ms, o, y, (3 * a * wo + 3 * b) * o, wo * o,
                            Math.min(3, ho - 3 * a), Math.min(3, wo - 3 * b));
                }
            }
            // y [hw, o] → dst [o, hw] of this sample
            Gemm.transpose(y, 0, o, hw, o, dst, (i0 + i) * o * hw, hw);
        }
    }
}
