package dev.bellman.tensor;

import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Kernels;
import dev.bellman.tensor.kernels.Parallel;
import dev.bellman.tensor.kernels.WinogradSimd;

import java.util.Arrays;
import java.util.WeakHashMap;

/**
 * Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray 2016) for the 3×3, stride-1, undilated convolutions of
 * {@link Conv}'s direct path with at least {@value #MIN_IN_CHANNELS} input and {@value #MIN_OUT_CHANNELS} output
 * channels (the AlphaZero tower's 64→64 layers and its 17→64 stem, NatureCNN's third layer, IMPALA-CNN's 16→32 and
 * 32→32 layers), with their input and weight gradients.
 *
 * <p>The output is cut into 2×2 tiles; tile t reads the 4×4 input patch {@code d} at its top-left corner (zeros past
 * the input's edge) and each channel's patch is transformed to {@code V = Bᵀ·d·B}, each weight's 3×3 kernel to
 * {@code U = G·g·Gᵀ}; then for each of the 16 transformed positions e, {@code M_e [tiles, O] = V_e [tiles, C] · U_e
 * [C, O]} (one GEMM each), and {@code Y = Aᵀ·M·A} is the tile's 2×2 output. That is 16·C·O multiply-adds per tile
 * where the direct kernel does 36·C·O, 2.25× fewer (less for sizes that leave a tile row or column past the output:
 * a 9×9 output uses 25 tiles, 1.8×); the transforms are additions only, linear in C or O.
 *
 * <p>Matrices, with the 2-point interpolation nodes 0, 1, −1 and ∞:
 * {@code Bᵀ = [[1,0,−1,0],[0,1,1,0],[0,−1,1,0],[0,1,0,−1]]}, {@code G = [[1,0,0],[½,½,½],[½,−½,½],[0,0,1]]},
 * {@code Aᵀ = [[1,1,1,0],[0,1,−1,−1]]}.
 *
 * <p>Backward: the input gradient of such a layer is the same convolution of the output gradient (zero-padded by
 * {@code 2 − p}) with each kernel rotated by 180° and the channel axes swapped ({@link #transformedWeight} with
 * {@code flipped}); the weight gradient ({@link #weightGrad}) is {@code dU_e = V_eᵀ·dM_e} over all tiles with
 * {@code dM = A·dY·Aᵀ}, brought back by {@code dg = Gᵀ·dU·G}.
 *
 * <p>Deterministic and portable: each transform is a fixed sequence of float additions, subtractions and halvings
 * ({@link WinogradSimd}: lane-wise vector operations over channels with a scalar tail of the same expressions), and the
 * GEMMs are {@link Gemm#sgemmInOrder}, whose elements are one FMA chain over the channels (the tiles, for the weight
 * gradient) in order on every vector width and for any row partition. Work is split into chunks of samples whose size
 * depends only on the shapes, one task per chunk ({@link Parallel#forEachTask}), each writing its own samples' output:
 * the same bits for any thread count and on AVX2 and AVX-512 ({@code ConvWinogradTest} compares 16, 8 and 4 lanes).
 * The results are not the direct kernel's bits (a different algorithm, within float rounding of the exact sum: see
 * {@code ConvWinogradTest}); MinAtar's 4→16 layer stays below the channel thresholds, so its bits are the direct
 * kernel's as before.
 *
 * <p>{@code -Dbellman.winograd=false} turns it off (for measurements: the direct kernel's results then).
 */
final class ConvWinograd {
    private ConvWinograd() {}

    /** Whether the Winograd path is on ({@code -Dbellman.winograd}, default true). */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("bellman.winograd", "true").trim());

    /**
     * Input channels from which a layer takes this path. The layers measured (17 and 64 input channels, 64 output) gain
     * 1.15–1.55× (tools/bench/README.md); narrower ones were not measured, and MinAtar's 4→16 layer must keep the
     * direct kernel's bits.
     */
    static final int MIN_IN_CHANNELS = 16;
    /** Output channels from which a layer takes this path. */
    static final int MIN_OUT_CHANNELS = 32;
    /** Parts of the batch whose weight gradients are summed separately, then added in order (a fixed partition). */
    static final int WEIGHT_GRAD_PARTS = 4;
    /** Tiles per task (a chunk is as many whole samples as fit, at least one): keeps V and M of a chunk in L2. */
    static final int TILES_PER_CHUNK = 128;

    /** Whether an unpadded layer {@code [n, c, h, w] ⊛ [o, c, kh, kw]} with this stride and dilation takes this path. */
    static boolean applies(int c, int o, int kh, int kw, int stride, int dil) {
        return ENABLED && Kernels.simdEnabled() && kh == 3 && kw == 3 && stride == 1 && dil == 1
                && c >= MIN_IN_CHANNELS && o >= MIN_OUT_CHANNELS;
    }

    // ------------------------------------------------------------------ weights

    /** A weight seen by this thread: a copy of its values, whether flipped, and its transform. */
    private record Transformed(int offset, boolean flipped, float[] values, float[] u) {}

    private static final ThreadLocal<WeakHashMap<float[], Transformed>> FORWARD = ThreadLocal.withInitial(WeakHashMap::new);
    private static final ThreadLocal<WeakHashMap<float[], Transformed>> FLIPPED = ThreadLocal.withInitial(WeakHashMap::new);

    /**
     * The transformed weight {@code U [16, cIn, cOut]} of the weight {@code wd[wo ..]} ({@code [O, C, 3, 3]}). Not
     * flipped: the layer's own ({@code cIn = C}, {@code cOut = O}). Flipped: the kernel of its input gradient, each
     * 3×3 kernel rotated by 180° and the channel axes swapped ({@code cIn = O}, {@code cOut = C}). Kept per thread and
     * reused while the weight's values equal the kept copy (as {@link Conv}'s transposed weight).
     */
    static float[] transformedWeight(float[] wd, int wo, int o, int c, boolean flipped) {
        int size = o * c * 9;
        WeakHashMap<float[], Transformed> cache = (flipped ? FLIPPED : FORWARD).get();
        Transformed e = cache.get(wd);
        if (e != null && e.offset() == wo && e.values().length == size && Arrays.equals(wd, wo, wo + size, e.values(), 0, size)) {
            return e.u();
        }
        float[] u = transformWeight(wd, wo, o, c, flipped);
        cache.put(wd, new Transformed(wo, flipped, Arrays.copyOfRange(wd, wo, wo + size), u));
        return u;
    }

    /** Output channels per task of the weight transforms (a fixed partition: each task writes its own elements). */
    static final int TRANSFORM_CHANNELS = 8;

    /**
     * {@code U = G·g·Gᵀ} for every pair of channels, laid out {@code [16, cIn, cOut]} (see {@link #transformedWeight});
     * blocks of {@value #TRANSFORM_CHANNELS} output channels of the weight over the kernel threads.
     */
    static float[] transformWeight(float[] wd, int wo, int o, int c, boolean flipped) {
        int cIn = flipped ? o : c, cOut = flipped ? c : o, plane = cIn * cOut;
        float[] u = new float[16 * plane];
        Parallel.forEachTask((o + TRANSFORM_CHANNELS - 1) / TRANSFORM_CHANNELS, task -> {
            float[] g = new float[9], col = new float[12];
            for (int oc = task * TRANSFORM_CHANNELS, end = Math.min(o, oc + TRANSFORM_CHANNELS); oc < end; oc++) {
                for (int ci = 0; ci < c; ci++) {
                    int s = wo + (oc * c + ci) * 9;
                    for (int t = 0; t < 9; t++) g[flipped ? 8 - t : t] = wd[s + t];
                    int at = flipped ? oc * cOut + ci : ci * cOut + oc;
                    for (int j = 0; j < 3; j++) {
                        // column j of G·g
                        float g0 = g[j], g1 = g[3 + j], g2 = g[6 + j];
                        float t1 = (g0 + g1 + g2) * 0.5f, t2 = (g0 - g1 + g2) * 0.5f;
                        col[j] = g0;
                        col[3 + j] = t1;
                        col[6 + j] = t2;
                        col[9 + j] = g2;
                    }
                    for (int i = 0; i < 4; i++) {
                        // row i of (G·g)·Gᵀ
                        float r0 = col[3 * i], r1 = col[3 * i + 1], r2 = col[3 * i + 2];
                        u[(4 * i) * plane + at] = r0;
                        u[(4 * i + 1) * plane + at] = (r0 + r1 + r2) * 0.5f;
                        u[(4 * i + 2) * plane + at] = (r0 - r1 + r2) * 0.5f;
                        u[(4 * i + 3) * plane + at] = r2;
                    }
                }
            }
        });
        return u;
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
     * The unpadded 3×3 convolution of {@code x [n, cIn, h, w]} (from {@code xo}) with the transformed weight {@code u}
     * ({@link #transformedWeight}): {@code dst [n, cOut, h − 2, w − 2]} is overwritten ({@code accumulate} false) or
     * added to (true). No bias.
     */
    static void convolve(float[] x, int xo, int n, int cIn, int h, int w, float[] u, int cOut, float[] dst,
                         boolean accumulate) {
        int ho = h - 2, wo = w - 2;
        int th = (ho + 1) / 2, tw = (wo + 1) / 2, tiles = th * tw;
        int nb = Math.max(1, Math.min(n, TILES_PER_CHUNK / tiles));
        int chunks = (n + nb - 1) / nb;
        Parallel.forEachTask(chunks, k -> {
            int i0 = k * nb, i1 = Math.min(n, i0 + nb);
            chunk(x, xo, i0, i1, cIn, h, w, th, tw, u, cOut, dst, accumulate);
        });
    }

    private static void chunk(float[] x, int xo, int i0, int i1, int cIn, int h, int w, int th, int tw, float[] u,
                              int cOut, float[] dst, boolean accumulate) {
        int ho = h - 2, wo = w - 2, hw = ho * wo, tiles = th * tw, count = i1 - i0, rows = count * tiles;
        // the input, channels last, with zeros past its edge up to the tiles' extent: [hl, wl, cIn] per sample
        int hl = 2 * th + 2, wl = 2 * tw + 2, plane = hl * wl * cIn;
        Scratch sc = SCRATCH.get();
        float[] xl = sc.xl = grow(sc.xl, (long) plane);
        float[] v = sc.v = grow(sc.v, 16L * rows * cIn);
        float[] m = sc.m = grow(sc.m, 16L * rows * cOut);
        float[] y = sc.y = grow(sc.y, Math.max((long) hw * cOut, (long) h * w * cIn));
        int vs = rows * cIn; // stride between the 16 matrices of v
        for (int s = 0; s < count; s++) {
            toChannelsLast(x, xo + (i0 + s) * cIn * h * w, cIn, h, w, wl, plane, y, xl);
            for (int a = 0; a < th; a++) {
                for (int b = 0; b < tw; b++) {
                    int t = s * tiles + a * tw + b;
                    WinogradSimd.inputTile(xl, ((2 * a) * wl + 2 * b) * cIn, wl * cIn, cIn, v, t * cIn, vs);
                }
            }
        }
        int ms = rows * cOut;
        for (int e = 0; e < 16; e++) {
            Gemm.sgemmInOrder(false, false, rows, cOut, cIn, v, e * vs, cIn, u, e * cIn * cOut, cOut, 0f, m, e * ms, cOut);
        }
        for (int s = 0; s < count; s++) {
            for (int a = 0; a < th; a++) {
                for (int b = 0; b < tw; b++) {
                    int t = s * tiles + a * tw + b;
                    WinogradSimd.outputTile(m, t * cOut, ms, cOut, y, (2 * a * wo + 2 * b) * cOut, wo * cOut,
                            2 * a + 1 < ho, 2 * b + 1 < wo);
                }
            }
            // y [hw, cOut] → dst [cOut, hw] of this sample
            int d = (i0 + s) * cOut * hw;
            if (!accumulate) {
                Gemm.transpose(y, 0, cOut, hw, cOut, dst, d, hw);
            } else {
                for (int oc = 0; oc < cOut; oc++) {
                    int row = d + oc * hw;
                    for (int p = 0, q = oc; p < hw; p++, q += cOut) dst[row + p] += y[q];
                }
            }
        }
    }

    // ------------------------------------------------------------------ the weight gradient

    private static final class GradScratch {
        float[] vt, dm, du;
    }

    private static final ThreadLocal<GradScratch> GRAD_SCRATCH = ThreadLocal.withInitial(GradScratch::new);

    /**
     * {@code gw [cOut, cIn, 3, 3] +=} the weight gradient of the unpadded 3×3 convolution of {@code x [n, cIn, h, w]}
     * (from {@code xo}) whose output gradient is {@code grad [n, cOut, h − 2, w − 2]}: with every tile's {@code V} (as
     * in the forward) and {@code dM = A·dY·Aᵀ} of its output gradient, {@code dU_e [cIn, cOut] = V_eᵀ·dM_e} summed over
     * the tiles, then {@code dg = Gᵀ·dU·G} for each pair of channels. The batch's chunks of samples are split into
     * {@value #WEIGHT_GRAD_PARTS} (or fewer) consecutive parts, one task each; a part runs its chunks in order, each
     * continuing the FMA chains of the part's {@code dU} (so that a chunk's {@code V} and {@code dM} stay in cache), and
     * the parts' sums are added in part order: a partition fixed by the shapes, so the same bits for any thread count.
     */
    static void weightGrad(float[] x, int xo, int n, int cIn, int h, int w, float[] grad, int cOut, float[] gw) {
        int ho = h - 2, wo = w - 2, hw = ho * wo;
        int th = (ho + 1) / 2, tw = (wo + 1) / 2, tiles = th * tw, total = n * tiles;
        int nb = Math.max(1, Math.min(n, TILES_PER_CHUNK / tiles));
        int chunks = (n + nb - 1) / nb;
        int parts = Math.min(WEIGHT_GRAD_PARTS, chunks), size = 16 * cIn * cOut;
        GradScratch gs = GRAD_SCRATCH.get();
        float[] dus = gs.du = grow(gs.du, (long) parts * size); // [parts, 16, cIn, cOut]
        Parallel.forEachTask(parts, part -> {
            int k0 = part * chunks / parts, k1 = (part + 1) * chunks / parts, chunkTiles = nb * tiles;
            GradScratch ts = GRAD_SCRATCH.get();
            float[] vt = ts.vt = grow(ts.vt, 16L * chunkTiles * cIn);   // [16, chunk's tiles, cIn]
            float[] dm = ts.dm = grow(ts.dm, 16L * chunkTiles * cOut);  // [16, chunk's tiles, cOut]
            Scratch sc = SCRATCH.get();
            int hl = 2 * th + 2, wl = 2 * tw + 2, plane = hl * wl * cIn;
            float[] xl = sc.xl = grow(sc.xl, (long) plane);
            float[] y = sc.y = grow(sc.y, Math.max((long) hw * cOut, (long) h * w * cIn));
            for (int k = k0; k < k1; k++) {
                // this part's chunks in order, each continuing the FMA chains of its dU
                int i0 = k * nb, i1 = Math.min(n, i0 + nb), rows = (i1 - i0) * tiles;
                int vs = rows * cIn, dms = rows * cOut;
                for (int s = 0; s < i1 - i0; s++) {
                    toChannelsLast(x, xo + (i0 + s) * cIn * h * w, cIn, h, w, wl, plane, y, xl);
                    for (int a = 0; a < th; a++) {
                        for (int b = 0; b < tw; b++) {
                            int t = s * tiles + a * tw + b;
                            WinogradSimd.inputTile(xl, ((2 * a) * wl + 2 * b) * cIn, wl * cIn, cIn, vt, t * cIn, vs);
                        }
                    }
                    // this sample's output gradient [cOut, hw] → y [hw, cOut]
                    Gemm.transpose(grad, (i0 + s) * cOut * hw, hw, cOut, hw, y, 0, cOut);
                    for (int a = 0; a < th; a++) {
                        for (int b = 0; b < tw; b++) {
                            int t = s * tiles + a * tw + b;
                            WinogradSimd.outputTileGrad(y, (2 * a * wo + 2 * b) * cOut, wo * cOut, 2 * a + 1 < ho,
                                    2 * b + 1 < wo, cOut, dm, t * cOut, dms);
                        }
                    }
                }
                float beta = k == k0 ? 0f : 1f;
                for (int e = 0; e < 16; e++) {
                    Gemm.sgemmInOrder(true, false, cIn, cOut, rows, vt, e * vs, cIn, dm, e * dms, cOut, beta, dus,
                            part * size + e * cIn * cOut, cOut);
                }
            }
        });
        // per block of output channels (one task each, a fixed partition): the parts' sums added in order into the
        // first, then dg = Gᵀ·dU·G, Gᵀ = [[1,½,½,0],[0,½,−½,0],[0,½,½,1]]
        float[] du = dus;
        int plane = cIn * cOut;
        Parallel.forEachTask((cOut + TRANSFORM_CHANNELS - 1) / TRANSFORM_CHANNELS, task -> {
            int oc0 = task * TRANSFORM_CHANNELS, oc1 = Math.min(cOut, oc0 + TRANSFORM_CHANNELS);
            for (int part = 1; part < parts; part++) {
                int off = part * size;
                for (int e = 0; e < 16; e++) {
                    for (int ci = 0; ci < cIn; ci++) {
                        int row = e * plane + ci * cOut;
                        for (int oc = oc0; oc < oc1; oc++) du[row + oc] += du[off + row + oc];
                    }
                }
            }
            float[] r = new float[12];
            for (int oc = oc0; oc < oc1; oc++) {
                for (int ci = 0; ci < cIn; ci++) {
                    int at = ci * cOut + oc;
                    for (int j = 0; j < 4; j++) {
                        // column j of Gᵀ·dU
                        float u0 = du[j * plane + at], u1 = du[(4 + j) * plane + at];
                        float u2 = du[(8 + j) * plane + at], u3 = du[(12 + j) * plane + at];
                        r[j] = u0 + (u1 + u2) * 0.5f;
                        r[4 + j] = (u1 - u2) * 0.5f;
                        r[8 + j] = (u1 + u2) * 0.5f + u3;
                    }
                    int d = (oc * cIn + ci) * 9;
                    for (int i = 0; i < 3; i++) {
                        // row i of (Gᵀ·dU)·G
                        float q0 = r[4 * i], q1 = r[4 * i + 1], q2 = r[4 * i + 2], q3 = r[4 * i + 3];
                        gw[d + 3 * i] += q0 + (q1 + q2) * 0.5f;
                        gw[d + 3 * i + 1] += (q1 - q2) * 0.5f;
                        gw[d + 3 * i + 2] += (q1 + q2) * 0.5f + q3;
                    }
                }
            }
        });
    }

    /** One sample {@code x[xs ..] [cIn, h, w]} → {@code xl [hl, wl, cIn]}, zero past its edge ({@code y} is scratch). */
    private static void toChannelsLast(float[] x, int xs, int cIn, int h, int w, int wl, int plane, float[] y, float[] xl) {
        Gemm.transpose(x, xs, h * w, cIn, h * w, y, 0, cIn); // [h·w, cIn]
        for (int r = 0; r < h; r++) {
            System.arraycopy(y, r * w * cIn, xl, r * wl * cIn, w * cIn);
            Arrays.fill(xl, (r * wl + w) * cIn, (r + 1) * wl * cIn, 0f);
        }
        Arrays.fill(xl, h * wl * cIn, plane, 0f);
    }
}
