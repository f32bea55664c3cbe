package dev.bellman.tensor;

import dev.bellman.tensor.kernels.ConvDirect;
import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Parallel;

import java.util.Arrays;

/**
 * The 2-D convolution behind {@link Ops#conv2d}: forward, backward and forward-mode tangent.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li><b>One GEMM per layer.</b> The whole batch is lowered to one column matrix
 *       {@code cols [C·kh·kw, N·Ho·Wo]} (im2col, Chellapilla et al. 2006; sample {@code i} owns the
 *       column range {@code [i·Ho·Wo, (i+1)·Ho·Wo)}), and the layer is one GEMM
 *       {@code W [O, C·kh·kw] · cols → [O, N·Ho·Wo]}, copied to {@code [N, O, Ho, Wo]} with the bias.
 *       Backward: the output gradient is laid out as {@code G [O, N·Ho·Wo]} and
 *       {@code dW += G·colsᵀ} (one GEMM summing over the whole batch), {@code dcols = Wᵀ·G}
 *       (one GEMM), scattered back per sample by col2im.</li>
 *   <li><b>Row layout.</b> From {@value #ROWS_MIN_CHANNELS} output channels the columns are stored
 *       transposed, one row of {@code C·kh·kw} per output position ({@code rows [N·Ho·Wo, C·kh·kw]}),
 *       and the products become {@code rows·Wᵀ} (then a per-sample transpose to {@code [O, Ho·Wo]}),
 *       {@code dW += G·rows} and {@code drows = Gᵀ·W} (one sample at a time, scattered back while in cache): a tall-by-narrow GEMM that runs faster than
 *       {@code W·cols} with few rows (NatureCNN's three layers at batch 32: about 6 ms against 9–10 ms of GEMM
 *       on one core, CPU time on a loaded machine). The forward GEMM is {@link Gemm#sgemmInOrder}, so each
 *       output is one FMA chain over the taps in order. Narrower layers (MinAtar's 16 channels) keep the
 *       column layout.</li>
 *   <li><b>Direct kernels.</b> For a layer (not 1×1) with SIMD on and the output channels a
 *       multiple of the vector length (NatureCNN's, MinAtar's and the AlphaZero tower's layers), {@link ConvDirect} computes
 *       the forward and the weight gradient straight from the input (an implicit GEMM: taps gathered into registers, never
 *       written out as rows). A padded layer first copies its input once per call into a zero-bordered
 *       {@code [N, C, H + 2p, W + 2p]} buffer (reused untaped, kept with the tape otherwise) and runs the unpadded kernels on
 *       it ({@link Geom#padded()}). The input gradient of a stride-1 layer with a square kernel whose input channels also
 *       fill vectors is a direct convolution too: the output gradient zero-padded by {@code d·(k − 1) − p}, convolved with
 *       the weight flipped and transposed to {@code [C, O, k, k]}; other layers compute {@code Gᵀ·W} and scatter it back as
 *       on the other paths. The forward's transposed weight {@code Wᵀ [ckk, O]} is kept per thread and reused while the
 *       weight's values equal a kept copy (checked on every call, so writes through {@code data()} are seen).
 *       Its forward forms the same in-order FMA chain as the row path, so the two give the same bits
 *       (tested); taped and untaped calls both take it, so they agree too. On NatureCNN at batch 32 this took the forward from 21 to 13 ms with the tape and from
 *       15 to 10 ms without (one core, CPU time, loaded machine).
 *       Mostly-zero byte input (MinAtar's 0/1 board planes) on a stride-1 layer without padding takes
 *       {@link ConvSparseBytes} for the forward and the weight gradient: it visits only the nonzero inputs and forms the
 *       same chains, so the same bits.</li>
 *   <li><b>Winograd.</b> Within the direct path, 3×3 stride-1 undilated layers with at least 16 input and 32 output
 *       channels (the AlphaZero tower, NatureCNN's third layer; not MinAtar's 4→16 layer) compute the forward, the weight
 *       gradient and (when its own channels qualify) the input gradient by Winograd's F(2×2, 3×3) on the zero-padded
 *       input ({@link ConvWinograd}): 16 products per 2×2 tile where the direct kernel does 36. Its bits are its own
 *       (not the direct kernel's), the same on every vector width and thread count; the forward-mode tangent path
 *       (row layout) stays the direct kernel's order, so the primal of a call with tangents differs from one without
 *       in the last bits for these layers. Strided layers whose kernel is twice the stride (NatureCNN's 8×8 stride-4 and
 *       4×4 stride-2 layers) compute their forward by space-to-depth and F(3×3, 2×2) ({@link ConvStridedWinograd}: 16
 *       products per 3×3 output tile where the direct kernel does 36), with the same properties; their gradients stay
 *       the direct kernels'. Untaped, such a layer divides a scaled input ({@code x / 255}) as it reads it, without the
 *       scaled copy.</li>
 *   <li><b>Columns kept for backward.</b> When the op is taped (and not direct), the forward's columns are kept with
 *       the tape and read again by backward (no im2col recompute; the cost is the memory of the
 *       columns, {@code kh·kw/s²} times the input's). Untaped (inference, {@code noGrad}) calls and the
 *       backward's scratch ({@code G}, {@code dcols}) use per-thread buffers reused across calls. An
 *       untaped row-layout call keeps no columns, so it lowers and multiplies a chunk of samples at a
 *       time (about half a MB of rows, a chunk size fixed by the shapes) in cache: one GEMM per chunk.</li>
 *   <li><b>1×1 fast path.</b> A 1×1 kernel with stride 1 and no padding needs no columns: each
 *       sample {@code x_i [C, H·W]} is already its column matrix, so the layer is one GEMM per sample
 *       written straight into the output, {@code dx_i += Wᵀ·g_i} straight into the input gradient,
 *       and {@code dW += Σ_i g_i·x_iᵀ} in sample order.</li>
 *   <li><b>Input readers.</b> im2col reads floats as they are, or bytes through a 256-entry table of
 *       {@code v / divisor} ({@link ByteImages}), so 8-bit input is never converted to a float tensor.
 *       Floats divided by a constant (a first layer that scales pixels, {@code x / 255}) are divided
 *       once into a per-thread buffer reused across calls, not a new tensor (im2col reads an input
 *       up to {@code kh·kw/s²} times, and a division at every read cost as much as the layer's GEMM; the
 *       direct path keeps its own copy when taped). Each value is computed exactly as {@code x.div(divisor)} or
 *       {@link ByteImages#toTensor(float)} would compute it, so these paths give bitwise the results of
 *       converting first.</li>
 *   <li><b>Deterministic parallelism.</b> im2col, col2im, the padding copies, the direct forward and input gradient and the
 *       output copies run one task per sample through {@link Parallel#forEachTask} (a partition fixed by the batch size; every task
 *       writes its own samples' memory), the direct weight gradient one task per block of 48 taps (each sums
 *       over samples and positions in order); the GEMMs parallelise by their own fixed partition; the bias
 *       gradient is summed in a fixed order (per channel over samples then positions, in double). Results
 *       are therefore bitwise identical for any thread count.</li>
 *   <li>Geometry as PyTorch's {@code nn.Conv2d}: a cross-correlation with zero padding {@code p},
 *       stride {@code s} and dilation {@code d} on both axes; output size
 *       {@code (H + 2p − d·(kh − 1) − 1) / s + 1}.</li>
 * </ol>
 */
final class Conv {
    private Conv() {}

    /** Output channels from which the row layout is used (see {@link Geom#rows()}). */
    static final int ROWS_MIN_CHANNELS = 32;

    /** Floats of rows per chunk of samples in the untaped row-layout forward (about half a MB: stays in L2). */
    private static final int ROWS_CHUNK_FLOATS = 1 << 17;

    private static String s(int[] shape) { return Arrays.toString(shape); }

    // ------------------------------------------------------------------ geometry

    /** Geometry of one call. */
    static final class Geom {
        final int n, c, h, w, o, kh, kw, stride, pad, dil, ho, wo, hw, ckk, chw;

        Geom(int[] xs, int[] ws, int stride, int pad, int dil) {
            n = xs[0]; c = xs[1]; h = xs[2]; w = xs[3];
            o = ws[0]; kh = ws[2]; kw = ws[3];
            this.stride = stride;
            this.pad = pad;
            this.dil = dil;
            int ekh = dil * (kh - 1) + 1, ekw = dil * (kw - 1) + 1;
            int hh = h + 2 * pad - ekh, ww = w + 2 * pad - ekw;
            if (hh < 0 || ww < 0) {
                throw new IllegalArgumentException("conv2d: kernel " + kh + "x" + kw + (dil > 1 ? " with dilation " + dil
                        + " (extent " + ekh + "x" + ekw + ")" : "") + " is larger than the padded input "
                        + (h + 2 * pad) + "x" + (w + 2 * pad) + " (x " + s(xs) + ", w " + s(ws) + ")");
            }
            ho = hh / stride + 1;
            wo = ww / stride + 1;
            hw = ho * wo;
            ckk = c * kh * kw;
            chw = c * h * w;
        }

        boolean pointwise() {
            return kh == 1 && kw == 1 && stride == 1 && pad == 0;
        }

        /**
         * Whether the columns are stored as rows, {@code [N·hw, ckk]} (one row per output position),
         * rather than {@code [ckk, N·hw]}: for 32 output channels or more, where the GEMM
         * {@code rows · Wᵀ} (a tall matrix times a narrow one) runs faster than {@code W · cols}.
         */
        /** The same layer on the input zero-padded by {@code pad} on each side, without padding: the same output size. */
        Geom padded() {
            return new Geom(new int[]{n, c, h + 2 * pad, w + 2 * pad}, new int[]{o, c, kh, kw}, stride, 0, dil);
        }

        boolean rows() {
            return !pointwise() && o >= ROWS_MIN_CHANNELS;
        }
    }

    // ------------------------------------------------------------------ input readers

    /** Reads the input batch: {@code dst[d + k] = value(x[src + k·step])} for k < count. */
    private abstract static class Source {
        abstract void row(int src, int step, float[] dst, int d, int count);
    }

    /** Floats, optionally divided by a constant as {@code x.div(divisor)} computes it. */
    private static final class FloatSource extends Source {
        final float[] x;
        final int off;
        final float divisor;

        FloatSource(float[] x, int off, float divisor) {
            this.x = x;
            this.off = off;
            this.divisor = divisor;
        }

        @Override
        void row(int src, int step, float[] dst, int d, int count) {
            int p = off + src;
            if (divisor == 1f) {
                if (step == 1) {
                    System.arraycopy(x, p, dst, d, count);
                } else {
                    for (int k = 0; k < count; k++, p += step) dst[d + k] = x[p];
                }
            } else {
                float dv = divisor;
                for (int k = 0; k < count; k++, p += step) dst[d + k] = x[p] / dv;
            }
        }
    }

    /** Unsigned bytes through a table {@code t[v] = v / divisor}. */
    private static final class ByteSource extends Source {
        final byte[] x;
        final int off;
        final float[] table = new float[256];

        ByteSource(ByteImages img, float divisor) {
            this.x = img.data();
            this.off = img.offset();
            // the same float expression as ByteImages.toTensor, so values are bitwise equal
            for (int v = 0; v < 256; v++) table[v] = v / divisor;
        }

        @Override
        void row(int src, int step, float[] dst, int d, int count) {
            int p = off + src;
            float[] t = table;
            for (int k = 0; k < count; k++, p += step) dst[d + k] = t[x[p] & 0xFF];
        }
    }

    // ------------------------------------------------------------------ per-thread scratch

    private static final class Scratch {
        float[] cols, out, g, dcols, scaled, chunkRows, chunkOut, padded, gradPadded, bytesAsFloats;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static float[] grow(float[] a, long size) {
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("conv2d: workspace of " + size + " floats is too large");
        return a != null && a.length >= size ? a : new float[(int) size];
    }

    // ------------------------------------------------------------------ entry points

    static Tensor conv2d(Tensor x, float divisor, Tensor w, Tensor b, int stride, int padding, int dilation) {
        if (x.rank() != 4 || w.rank() != 4 || x.shape[1] != w.shape[1]
                || (b != null && (b.rank() != 1 || b.shape[0] != w.shape[0]))) {
            throw new IllegalArgumentException("conv2d: shapes x " + s(x.shape) + ", w " + s(w.shape)
                    + (b == null ? "" : ", b " + s(b.shape)) + " are not compatible (x [N,C,H,W], w [O,C,kh,kw], b [O])");
        }
        checkArgs(stride, padding, dilation, divisor);
        Geom g = new Geom(x.shape, w.shape, stride, padding, dilation);
        Source src;
        boolean taped = Tensor.isGradEnabled() && (x.requiresGrad || w.requiresGrad || (b != null && b.requiresGrad));
        if (divisor == 1f || g.pointwise()
                || (!taped && g.pad == 0 && ConvStridedWinograd.applies(g.c, g.o, g.kh, g.kw, g.stride, g.dil))) {
            // (an untaped strided Winograd layer divides as it reads its input: no scaled copy)
            src = new FloatSource(x.data, x.offset, divisor);
        } else {
            // im2col reads most inputs kh·kw/s² times: divide each once, into a reused buffer (a
            // plain loop the JIT vectorises; the same x / divisor, so the same bits)
            Scratch sc = SCRATCH.get();
            float[] xs = sc.scaled = grow(sc.scaled, (long) g.n * g.chw);
            float[] xd = x.data;
            int xo = x.offset, size = g.n * g.chw;
            for (int i = 0; i < size; i++) xs[i] = xd[xo + i] / divisor;
            src = new FloatSource(xs, 0, 1f);
        }
        return run(g, src, x, divisor, w, b);
    }

    static Tensor conv2d(ByteImages x, float divisor, Tensor w, Tensor b, int stride, int padding, int dilation) {
        if (x == null) throw new IllegalArgumentException("conv2d: images are null");
        int[] xs = x.shape();
        if (w.rank() != 4 || xs[1] != w.shape[1] || (b != null && (b.rank() != 1 || b.shape[0] != w.shape[0]))) {
            throw new IllegalArgumentException("conv2d: shapes images " + s(xs) + ", w " + s(w.shape)
                    + (b == null ? "" : ", b " + s(b.shape)) + " are not compatible (images [N,C,H,W], w [O,C,kh,kw], b [O])");
        }
        checkArgs(stride, padding, dilation, divisor);
        Geom g = new Geom(xs, w.shape, stride, padding, dilation);
        return run(g, new ByteSource(x, divisor), null, divisor, w, b);
    }

    private static void checkArgs(int stride, int padding, int dilation, float divisor) {
        if (stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException("conv2d: stride and dilation must be >= 1 and padding >= 0 but were stride "
                    + stride + ", padding " + padding + ", dilation " + dilation);
        }
        if (!(divisor > 0f) || Float.isInfinite(divisor)) {
            throw new IllegalArgumentException("conv2d: the input divisor must be a positive finite number but was " + divisor);
        }
    }

    /**
     * The op. {@code xt} is the float input tensor (null for bytes); {@code src} reads it (scaled by
     * {@code 1/divisor}).
     */
    private static Tensor run(Geom g, Source src, Tensor xt, float divisor, Tensor w, Tensor b) {
        boolean xGrad = xt != null && xt.requiresGrad;
        boolean taped = Tensor.isGradEnabled() && (xGrad || w.requiresGrad || (b != null && b.requiresGrad));
        float[] out = new float[g.n * g.o * g.hw];
        // the matrix the GEMMs read: columns [ckk, N·hw], or for the 1×1 path the input itself [N, C, hw]
        float[] cols;
        int colsOff;
        boolean inPlace = g.pointwise() && xt != null && divisor == 1f;
        boolean tangents = Tensor.isForwardADEnabled() && ((xt != null && xt.tangent != null) || w.tangent != null
                || (b != null && b.tangent != null));
        boolean direct = !g.pointwise() && ConvDirect.supports(g.o) && !tangents;
        if (direct && g.pad > 0) {
            // padded: copy the input once into a zero-bordered buffer and run the unpadded kernels on it
            Geom gp = g.padded();
            float[] xp;
            if (taped) {
                xp = new float[gp.n * gp.chw]; // kept with the tape for the weight gradient
            } else {
                Scratch sc = SCRATCH.get();
                xp = sc.padded = grow(sc.padded, (long) gp.n * gp.chw);
            }
            padInto(g, src, xp);
            Source ps = new FloatSource(xp, 0, 1f);
            if (taped) return runDirectTaped(gp, g, ps, xt, divisor, w, b, out);
            forwardDirect(gp, ps, w.data, w.offset, out);
            if (b != null) addBias(g, b.data, b.offset, out);
            return Tensor.result("conv2d", out, new int[]{g.n, g.o, g.ho, g.wo}, null, w);
        }
        if (taped && direct) {
            Source keep = src;
            if (src instanceof FloatSource f && xt != null && f.x != xt.data) {
                // the scaled input lives in a per-thread buffer that the next call reuses: keep a copy for backward
                keep = new FloatSource(Arrays.copyOf(f.x, g.n * g.chw), 0, 1f);
            }
            return runDirectTaped(g, g, keep, xt, divisor, w, b, out);
        }
        if (!taped && !tangents && (direct || g.rows())) {
            // inference: no columns to keep, so lower and multiply a few samples at a time in cache
            if (direct) {
                forwardDirect(g, src, w.data, w.offset, out);
            } else {
                forwardRowsChunked(g, src, w.data, w.offset, out);
            }
            if (b != null) addBias(g, b.data, b.offset, out);
            return Tensor.result("conv2d", out, new int[]{g.n, g.o, g.ho, g.wo}, null, w);
        }
        if (inPlace) {
            cols = xt.data;
            colsOff = xt.offset;
        } else {
            long size = (long) g.ckk * g.n * g.hw;
            Scratch sc = SCRATCH.get();
            if (taped) {
                cols = grow(null, size); // kept with the tape for backward
            } else {
                cols = sc.cols = grow(sc.cols, size);
            }
            colsOff = 0;
            lower(g, src, cols);
        }
        multiply(g, cols, colsOff, w.data, w.offset, out);
        if (b != null) addBias(g, b.data, b.offset, out);

        final float[] saved = cols;
        final int savedOff = colsOff;
        Tensor r = Tensor.result("conv2d", out, new int[]{g.n, g.o, g.ho, g.wo}, taped ? (o, grad) -> {
            if (w.requiresGrad) weightGrad(g, grad, saved, savedOff, w.gradBuffer());
            if (b != null && b.requiresGrad) biasGrad(g, grad, b.gradBuffer());
            if (xGrad) inputGrad(g, grad, w.data, w.offset, xt.gradBuffer(), divisor);
        } : null, b == null ? (xt == null ? new Tensor[]{w} : new Tensor[]{xt, w}) : (xt == null ? new Tensor[]{w, b} : new Tensor[]{xt, w, b}));

        boolean xTan = xt != null && xt.tangent != null, tb = b != null && b.tangent != null;
        if ((xTan || w.tangent != null || tb) && Tensor.isForwardADEnabled()) {
            // d(conv) = conv(dx; W) + conv(x; dW) + db
            float[] t = new float[out.length];
            if (xTan) {
                float[] tc = g.pointwise() && divisor == 1f ? xt.tangent : new float[g.ckk * g.n * g.hw];
                if (tc != xt.tangent) lower(g, new FloatSource(xt.tangent, 0, divisor), tc);
                multiply(g, tc, 0, w.data, w.offset, t);
            }
            if (w.tangent != null) {
                float[] t2 = new float[out.length];
                multiply(g, cols, colsOff, w.tangent, 0, t2);
                for (int i = 0; i < t.length; i++) t[i] += t2[i];
            }
            if (tb) addBias(g, b.tangent, 0, t);
            r.tangent = t;
        }
        return r;
    }

    // ------------------------------------------------------------------ forward pieces

    /** Writes the columns of the whole batch, one task per sample. */
    private static void lower(Geom g, Source src, float[] cols) {
        if (g.pointwise()) {
            // 1×1: the "columns" are the input samples themselves, [N, C, hw]
            int per = g.chw;
            Parallel.forEachTask(g.n, i -> src.row(i * per, 1, cols, i * per, per));
            return;
        }
        if (g.rows()) {
            Parallel.forEachTask(g.n, i -> im2row(g, src, i, cols, i * g.hw * g.ckk));
            return;
        }
        int ld = g.n * g.hw;
        Parallel.forEachTask(g.n, i -> im2col(g, src, i, cols, i * g.hw, ld));
    }

    /** {@code rows[i·hw + oh·wo + ow][(ci·kh + ki)·kw + kj] = x_i[ci][oh·s − p + ki·d][ow·s − p + kj·d]} (0 outside). */
    private static void im2row(Geom g, Source src, int i, float[] rows, int rowsOff) {
        int xo = i * g.chw, r = rowsOff;
        for (int oh = 0; oh < g.ho; oh++) {
            for (int ow = 0; ow < g.wo; ow++, r += g.ckk) {
                int iw0 = ow * g.stride - g.pad; // input column of kj = 0
                int lo = iw0 >= 0 ? 0 : (-iw0 + g.dil - 1) / g.dil;
                int last = g.w - 1 - iw0, hi = last < 0 ? 0 : Math.min(g.kw, last / g.dil + 1);
                int d = r;
                for (int ci = 0; ci < g.c; ci++) {
                    for (int ki = 0; ki < g.kh; ki++, d += g.kw) {
                        int ih = oh * g.stride - g.pad + ki * g.dil;
                        if (ih < 0 || ih >= g.h || hi <= lo) {
                            Arrays.fill(rows, d, d + g.kw, 0f);
                            continue;
                        }
                        if (lo > 0) Arrays.fill(rows, d, d + lo, 0f);
                        src.row(xo + (ci * g.h + ih) * g.w + iw0 + lo * g.dil, g.dil, rows, d + lo, hi - lo);
                        if (hi < g.kw) Arrays.fill(rows, d + hi, d + g.kw, 0f);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2row}: {@code gx[xo + ...] += scale · rows} scattered back, one sample's rows from {@code rowsOff}. */
    private static void row2im(Geom g, float[] rows, int rowsOff, float[] gx, int xo, float scale) {
        int r = rowsOff;
        for (int oh = 0; oh < g.ho; oh++) {
            for (int ow = 0; ow < g.wo; ow++, r += g.ckk) {
                int iw0 = ow * g.stride - g.pad;
                int lo = iw0 >= 0 ? 0 : (-iw0 + g.dil - 1) / g.dil;
                int last = g.w - 1 - iw0, hi = last < 0 ? 0 : Math.min(g.kw, last / g.dil + 1);
                if (hi <= lo) continue;
                int s = r;
                for (int ci = 0; ci < g.c; ci++) {
                    for (int ki = 0; ki < g.kh; ki++, s += g.kw) {
                        int ih = oh * g.stride - g.pad + ki * g.dil;
                        if (ih < 0 || ih >= g.h) continue;
                        int dst = xo + (ci * g.h + ih) * g.w + iw0;
                        if (scale == 1f) {
                            for (int kj = lo; kj < hi; kj++) gx[dst + kj * g.dil] += rows[s + kj];
                        } else {
                            for (int kj = lo; kj < hi; kj++) gx[dst + kj * g.dil] += rows[s + kj] * scale;
                        }
                    }
                }
            }
        }
    }

    /** {@code cols[(ci·kh + ki)·kw + kj][col0 + oh·wo + ow] = x_i[ci][oh·s − p + ki·d][ow·s − p + kj·d]} (0 outside). */
    private static void im2col(Geom g, Source src, int i, float[] cols, int col0, int ld) {
        int xo = i * g.chw, row = 0;
        for (int ci = 0; ci < g.c; ci++) {
            for (int ki = 0; ki < g.kh; ki++) {
                for (int kj = 0; kj < g.kw; kj++, row++) {
                    int dst = row * ld + col0;
                    int jOff = kj * g.dil - g.pad;
                    int lo = validLo(jOff, g.stride), hi = validHi(jOff, g.stride, g.w, g.wo);
                    for (int oh = 0; oh < g.ho; oh++) {
                        int ih = oh * g.stride - g.pad + ki * g.dil;
                        int d = dst + oh * g.wo;
                        if (ih < 0 || ih >= g.h || hi <= lo) {
                            Arrays.fill(cols, d, d + g.wo, 0f);
                            continue;
                        }
                        if (lo > 0) Arrays.fill(cols, d, d + lo, 0f);
                        src.row(xo + (ci * g.h + ih) * g.w + lo * g.stride + jOff, g.stride, cols, d + lo, hi - lo);
                        if (hi < g.wo) Arrays.fill(cols, d + hi, d + g.wo, 0f);
                    }
                }
            }
        }
    }

    /** The first output column whose input column {@code ow·s + jOff} is ≥ 0. */
    private static int validLo(int jOff, int stride) {
        return jOff >= 0 ? 0 : (-jOff + stride - 1) / stride;
    }

    /** One past the last output column whose input column {@code ow·s + jOff} is < w. */
    private static int validHi(int jOff, int stride, int w, int wo) {
        int last = w - 1 - jOff;
        if (last < 0) return 0;
        return Math.min(wo, last / stride + 1);
    }

    /** out[N, O, hw] = W · cols (no bias; overwrites). */
    private static void multiply(Geom g, float[] cols, int colsOff, float[] wd, int wo, float[] out) {
        if (g.pointwise()) {
            Parallel.forEachTask(g.n, i -> Gemm.sgemm(false, false, g.o, g.hw, g.c, wd, wo, g.c,
                    cols, colsOff + i * g.chw, g.hw, 0f, out, i * g.o * g.hw, g.hw));
            return;
        }
        int ld = g.n * g.hw;
        Scratch sc = SCRATCH.get();
        float[] tmp = sc.out = grow(sc.out, (long) g.o * ld);
        if (g.rows()) {
            // [N·hw, O] = rows · Wᵀ, then each sample's [hw, O] transposed to [O, hw]
            Gemm.sgemmInOrder(false, true, ld, g.o, g.ckk, cols, colsOff, g.ckk, wd, wo, g.ckk, 0f, tmp, 0, g.o);
            Parallel.forEachTask(g.n, i -> Gemm.transpose(tmp, i * g.hw * g.o, g.o, g.hw, g.o, out, i * g.o * g.hw, g.hw));
            return;
        }
        Gemm.sgemm(false, false, g.o, ld, g.ckk, wd, wo, g.ckk, cols, colsOff, ld, 0f, tmp, 0, ld);
        // [O, N·hw] → [N, O, hw]
        Parallel.forEachTask(g.n, i -> {
            for (int oc = 0; oc < g.o; oc++) System.arraycopy(tmp, oc * ld + i * g.hw, out, (i * g.o + oc) * g.hw, g.hw);
        });
    }

    /**
     * The input batch as plain floats for the Winograd kernels: a float source without a divisor as it is; otherwise
     * (bytes, or a divisor) its values once into a per-thread buffer, the same values {@link Source#row} gives.
     */
    private static FloatSource asFloats(Geom g, Source src) {
        if (src instanceof FloatSource f && f.divisor == 1f) return f;
        Scratch sc = SCRATCH.get();
        float[] xf = sc.bytesAsFloats = grow(sc.bytesAsFloats, (long) g.n * g.chw);
        Parallel.forEachTask(g.n, i -> src.row(i * g.chw, 1, xf, i * g.chw, g.chw));
        return new FloatSource(xf, 0, 1f);
    }

    /**
     * The untaped forward by {@link ConvDirect} (no padding): taps read straight from the input, one task per
     * sample, each sample's {@code [hw, O]} result transposed into out. Each element is the in-order FMA chain
     * over the taps that the row-layout GEMM forms too.
     */
    private static void forwardDirect(Geom g, Source src, float[] wd, int wo, float[] out) {
        if (g.pad == 0 && ConvStridedWinograd.applies(g.c, g.o, g.kh, g.kw, g.stride, g.dil)) {
            // a float input divided by a constant (untaped: see conv2d) is divided as it is read
            FloatSource f = src instanceof FloatSource fs ? fs : asFloats(g, src);
            ConvStridedWinograd.convolve(f.x, f.off, f.divisor, g.n, g.c, g.h, g.w, g.stride,
                    ConvStridedWinograd.transformedWeight(wd, wo, g.o, g.c, g.stride), g.o, out);
            return;
        }
        if (g.pad == 0 && ConvWinograd.applies(g.c, g.o, g.kh, g.kw, g.stride, g.dil)) {
            FloatSource f = asFloats(g, src);
            ConvWinograd.convolve(f.x, f.off, g.n, g.c, g.h, g.w, ConvWinograd.transformedWeight(wd, wo, g.o, g.c, false),
                    g.o, out, false);
            return;
        }
        if (src instanceof ByteSource bs && ConvSparseBytes.forward(g, bs.x, bs.off, bs.table, wd, wo, out)) return;
        float[] wt = transposedWeight(wd, wo, g.o, g.ckk);
        int[][] t = taps(g);
        int[] base = t[0], off = t[1];
        Parallel.forEachTask(g.n, i -> {
            Scratch sc = SCRATCH.get();
            float[] tmp = sc.chunkOut = grow(sc.chunkOut, (long) g.hw * g.o);
            if (src instanceof FloatSource f) {
                ConvDirect.forward(f.x, f.off + i * g.chw, base, g.hw, off, wt, g.o, tmp, 0);
            } else {
                ByteSource b = (ByteSource) src;
                ConvDirect.forward(b.x, b.table, b.off + i * g.chw, base, g.hw, off, wt, g.o, tmp, 0);
            }
            Gemm.transpose(tmp, 0, g.o, g.hw, g.o, out, i * g.o * g.hw, g.hw);
        });
    }

    /**
     * Copies the input batch into {@code xp [N, C, H + 2p, W + 2p]} with a zero border of width p (every element written,
     * so a reused buffer needs no clearing), one task per sample.
     */
    private static void padInto(Geom g, Source src, float[] xp) {
        padInto(g.n, g.c, g.h, g.w, g.pad, src, xp);
    }

    /** {@link #padInto(Geom, Source, float[])} for a batch {@code [n, c, h, w]} and border {@code p}. */
    private static void padInto(int n, int c, int h, int w, int p, Source src, float[] xp) {
        int wp = w + 2 * p, hp = h + 2 * p, plane = hp * wp, chw = c * h * w;
        Parallel.forEachTask(n, i -> {
            for (int ci = 0; ci < c; ci++) {
                int d = (i * c + ci) * plane;
                Arrays.fill(xp, d, d + p * wp + p, 0f);
                int row = d + p * wp + p;
                for (int ih = 0; ih < h; ih++, row += wp) {
                    src.row(i * chw + ci * h * w + ih * w, 1, xp, row, w);
                    // the right border of this row and the left border of the next
                    Arrays.fill(xp, row + w, row + w + 2 * p, 0f);
                }
                Arrays.fill(xp, row, d + plane, 0f); // the rest of the bottom border
            }
        });
    }

    /** A weight seen by this thread's direct forward: a copy of its values and their transpose. */
    private record TransposedWeight(int offset, float[] values, float[] transposed) {}

    /** Per thread, by weight storage (identity; an entry goes when its array is collected). */
    private static final ThreadLocal<java.util.WeakHashMap<float[], TransposedWeight>> TRANSPOSED =
            ThreadLocal.withInitial(java.util.WeakHashMap::new);

    /**
     * {@code Wᵀ [ckk, O]} of the weight {@code wd[wo ..]} ({@code [O, ckk]}). The transpose of the last call with the
     * same storage is reused when the values still equal its copy (one vectorised comparison, cheaper than the
     * transpose and its allocation; batch-1 inference transposes every layer's weight on every call otherwise): no
     * version counter is trusted, so writes through {@code data()} are seen too.
     */
    private static float[] transposedWeight(float[] wd, int wo, int o, int ckk) {
        int size = o * ckk;
        var cache = TRANSPOSED.get();
        TransposedWeight e = cache.get(wd);
        if (e != null && e.offset() == wo && e.values().length == size
                && Arrays.equals(wd, wo, wo + size, e.values(), 0, size)) {
            return e.transposed();
        }
        float[] wt = new float[size];
        Gemm.transpose(wd, wo, ckk, o, ckk, wt, 0, o);
        cache.put(wd, new TransposedWeight(wo, Arrays.copyOfRange(wd, wo, wo + size), wt));
        return wt;
    }

    /** Input offsets (no padding) of each output position, {@code [0]}, and of each tap, {@code [1]}. */
    private static int[][] taps(Geom g) {
        int[] base = new int[g.hw], off = new int[g.ckk];
        for (int oh = 0; oh < g.ho; oh++) {
            for (int ow = 0; ow < g.wo; ow++) base[oh * g.wo + ow] = oh * g.stride * g.w + ow * g.stride;
        }
        for (int ci = 0, r = 0; ci < g.c; ci++) {
            for (int ki = 0; ki < g.kh; ki++) {
                for (int kj = 0; kj < g.kw; kj++, r++) off[r] = (ci * g.h + ki * g.dil) * g.w + kj * g.dil;
            }
        }
        return new int[][]{base, off};
    }

    /**
     * The taped op by direct kernels (SIMD): the forward and the weight gradient read {@code keep}, the input
     * itself (or its bytes, or its scaled copy, or its zero-padded copy, for which {@code g} is the unpadded geometry
     * {@link Geom#padded()}), so no rows are lowered or kept; the input gradient is {@code Gᵀ·W} scattered back as on
     * the row path, by the layer's own geometry {@code gIn}.
     */
    private static Tensor runDirectTaped(Geom g, Geom gIn, Source keep, Tensor xt, float divisor, Tensor w, Tensor b,
                                         float[] out) {
        forwardDirect(g, keep, w.data, w.offset, out);
        if (b != null) addBias(g, b.data, b.offset, out);
        final Source saved = keep;
        boolean xGrad = xt != null && xt.requiresGrad;
        return Tensor.result("conv2d", out, new int[]{g.n, g.o, g.ho, g.wo}, (o, grad) -> {
            if (w.requiresGrad) weightGradDirect(g, saved, grad, w.gradBuffer());
            if (b != null && b.requiresGrad) biasGrad(g, grad, b.gradBuffer());
            if (xGrad) {
                if (directInputGrad(gIn, divisor)) {
                    inputGradDirect(gIn, grad, w.data, w.offset, xt.gradBuffer());
                } else {
                    inputGrad(gIn, grad, w.data, w.offset, xt.gradBuffer(), divisor);
                }
            }
        }, b == null ? (xt == null ? new Tensor[]{w} : new Tensor[]{xt, w}) : (xt == null ? new Tensor[]{w, b} : new Tensor[]{xt, w, b}));
    }

    /**
     * Whether the input gradient can run as a direct convolution ({@link #inputGradDirect}): stride 1, a square kernel
     * (not 1×1) whose extent covers the padding, no input divisor, and the input channels a multiple of the vector length.
     */
    private static boolean directInputGrad(Geom g, float divisor) {
        return g.stride == 1 && g.kh == g.kw && !g.pointwise() && divisor == 1f && g.dil * (g.kh - 1) >= g.pad
                && ConvDirect.supports(g.c);
    }

    /**
     * dx += the input gradient as a direct convolution (stride 1): the output gradient zero-padded by
     * {@code q = d·(k − 1) − p} on each side, convolved (dilation d, no padding) with the weight flipped in both
     * spatial axes and transposed to {@code [C, O, k, k]}; its output is {@code [N, C, H, W]}. One task per sample:
     * {@link ConvDirect#forward} into a per-thread {@code [H·W, C]} buffer, added transposed into dx (each element
     * written by one task, so the same bits for any thread count).
     */
    private static void inputGradDirect(Geom g, float[] grad, float[] wd, int wo, float[] gx) {
        int q = g.dil * (g.kh - 1) - g.pad, k = g.kh, kk = k * k;
        Geom gg = new Geom(new int[]{g.n, g.o, g.ho + 2 * q, g.wo + 2 * q}, new int[]{g.c, g.o, k, k}, 1, 0, g.dil);
        Scratch sc = SCRATCH.get();
        float[] gp = sc.gradPadded = grow(sc.gradPadded, (long) gg.n * gg.chw);
        padInto(g.n, g.o, g.ho, g.wo, q, new FloatSource(grad, 0, 1f), gp);
        if (ConvWinograd.applies(gg.c, gg.o, k, k, 1, g.dil)) {
            ConvWinograd.convolve(gp, 0, g.n, g.o, gg.h, gg.w, ConvWinograd.transformedWeight(wd, wo, g.o, g.c, true), g.c,
                    gx, true);
            return;
        }
        // wt [O·k·k, C]: wt[(oc·k + i)·k + j][ci] = W[oc][ci][k−1−i][k−1−j]
        float[] wt = new float[gg.ckk * g.c];
        for (int oc = 0; oc < g.o; oc++) {
            for (int ci = 0; ci < g.c; ci++) {
                int src = wo + (oc * g.c + ci) * kk;
                for (int t = 0; t < kk; t++) wt[(oc * kk + kk - 1 - t) * g.c + ci] = wd[src + t];
            }
        }
        int[][] t = taps(gg);
        int plane = g.h * g.w; // = gg.hw
        Parallel.forEachTask(g.n, i -> {
            Scratch ts = SCRATCH.get();
            float[] tmp = ts.chunkOut = grow(ts.chunkOut, (long) plane * g.c);
            ConvDirect.forward(gp, i * gg.chw, t[0], plane, t[1], wt, g.c, tmp, 0);
            int xo = i * g.chw;
            for (int ci = 0; ci < g.c; ci++) {
                int d = xo + ci * plane;
                for (int p = 0, s = ci; p < plane; p++, s += g.c) gx[d + p] += tmp[s];
            }
        });
    }

    /** Taps per task of the direct weight gradient (a multiple of the kernel's 6-tap tile). */
    private static final int TAPS_PER_TASK = 48;

    /** dW += (Σ_i Σ_q x_i(q, ·) ⊗ g_i(q, ·))ᵀ by {@link ConvDirect#weightGrad}, tasks over blocks of taps. */
    private static void weightGradDirect(Geom g, Source src, float[] grad, float[] gw) {
        if (g.pad == 0 && ConvWinograd.applies(g.c, g.o, g.kh, g.kw, g.stride, g.dil)) {
            FloatSource f = asFloats(g, src);
            ConvWinograd.weightGrad(f.x, f.off, g.n, g.c, g.h, g.w, grad, g.o, gw);
            return;
        }
        if (src instanceof ByteSource bs && ConvSparseBytes.weightGrad(g, bs.x, bs.off, bs.table, grad, gw)) return;
        int[][] t = taps(g);
        Scratch sc = SCRATCH.get();
        float[] gt = sc.g = grow(sc.g, (long) g.o * g.n * g.hw);
        Parallel.forEachTask(g.n, i -> Gemm.transpose(grad, i * g.o * g.hw, g.hw, g.o, g.hw, gt, i * g.hw * g.o, g.o));
        float[] dwt = new float[g.ckk * g.o];
        int tasks = (g.ckk + TAPS_PER_TASK - 1) / TAPS_PER_TASK;
        Parallel.forEachTask(tasks, k -> {
            int r0 = k * TAPS_PER_TASK, r1 = Math.min(g.ckk, r0 + TAPS_PER_TASK);
            if (src instanceof FloatSource f) {
                ConvDirect.weightGrad(f.x, null, null, f.off, g.chw, g.n, t[0], g.hw, t[1], r0, r1, gt, g.o, dwt);
            } else {
                ByteSource bs = (ByteSource) src;
                ConvDirect.weightGrad(null, bs.x, bs.table, bs.off, g.chw, g.n, t[0], g.hw, t[1], r0, r1, gt, g.o, dwt);
            }
        });
        for (int oc = 0; oc < g.o; oc++) {
            int row = oc * g.ckk;
            for (int r = 0; r < g.ckk; r++) gw[row + r] += dwt[r * g.o + oc];
        }
    }

    /**
     * The row-layout forward in chunks of samples (a partition fixed by the shapes): each task lowers
     * its samples into a per-thread buffer that stays in cache, multiplies, and transposes into out.
     */
    private static void forwardRowsChunked(Geom g, Source src, float[] wd, int wo, float[] out) {
        int per = g.hw * g.ckk;
        int nb = Math.max(1, Math.min(g.n, ROWS_CHUNK_FLOATS / per));
        int tasks = (g.n + nb - 1) / nb;
        Parallel.forEachTask(tasks, t -> {
            int i0 = t * nb, i1 = Math.min(g.n, i0 + nb);
            Scratch sc = SCRATCH.get();
            float[] rows = sc.chunkRows = grow(sc.chunkRows, (long) nb * per);
            float[] tmp = sc.chunkOut = grow(sc.chunkOut, (long) nb * g.hw * g.o);
            for (int i = i0; i < i1; i++) im2row(g, src, i, rows, (i - i0) * per);
            Gemm.sgemmInOrder(false, true, (i1 - i0) * g.hw, g.o, g.ckk, rows, 0, g.ckk, wd, wo, g.ckk, 0f, tmp, 0, g.o);
            for (int i = i0; i < i1; i++) {
                Gemm.transpose(tmp, (i - i0) * g.hw * g.o, g.o, g.hw, g.o, out, i * g.o * g.hw, g.hw);
            }
        });
    }

    private static void addBias(Geom g, float[] bd, int bo, float[] out) {
        Parallel.forEachTask(g.n, i -> {
            for (int oc = 0; oc < g.o; oc++) {
                float bv = bd[bo + oc];
                int base = (i * g.o + oc) * g.hw;
                for (int q = 0; q < g.hw; q++) out[base + q] += bv;
            }
        });
    }

    // ------------------------------------------------------------------ backward pieces

    /** The output gradient [N, O, hw] laid out as [O, N·hw] in a per-thread buffer. */
    private static float[] gradAsMatrix(Geom g, float[] grad) {
        int ld = g.n * g.hw;
        Scratch sc = SCRATCH.get();
        float[] gm = sc.g = grow(sc.g, (long) g.o * ld);
        Parallel.forEachTask(g.n, i -> {
            for (int oc = 0; oc < g.o; oc++) System.arraycopy(grad, (i * g.o + oc) * g.hw, gm, oc * ld + i * g.hw, g.hw);
        });
        return gm;
    }

    /** dW += G·colsᵀ, summed over the batch in a fixed order. */
    private static void weightGrad(Geom g, float[] grad, float[] cols, int colsOff, float[] gw) {
        if (g.pointwise()) {
            // dW += Σ_i g_i · x_iᵀ, samples in order
            for (int i = 0; i < g.n; i++) {
                Gemm.sgemm(false, true, g.o, g.c, g.hw, grad, i * g.o * g.hw, g.hw, cols, colsOff + i * g.chw, g.hw,
                        1f, gw, 0, g.c);
            }
            return;
        }
        int ld = g.n * g.hw;
        float[] gm = gradAsMatrix(g, grad);
        if (g.rows()) {
            Gemm.sgemm(false, false, g.o, g.ckk, ld, gm, 0, ld, cols, colsOff, g.ckk, 1f, gw, 0, g.ckk);
            return;
        }
        Gemm.sgemm(false, true, g.o, g.ckk, ld, gm, 0, ld, cols, colsOff, ld, 1f, gw, 0, g.ckk);
    }

    /** Output channels whose bias-gradient sums are carried side by side (independent chains, so they overlap in the core). */
    private static final int BIAS_CHANNELS = 8;

    /**
     * db[oc] += Σ_i Σ_q grad[i, oc, q], summed in double per channel over the samples, then the positions, in order; up
     * to {@value #BIAS_CHANNELS} channels' sums advance together (each its own chain, so the order per channel is the
     * same as one channel at a time), one task per such group of channels.
     */
    private static void biasGrad(Geom g, float[] grad, float[] gb) {
        Parallel.forEachTask((g.o + BIAS_CHANNELS - 1) / BIAS_CHANNELS, t -> {
            double[] sums = new double[BIAS_CHANNELS];
            int oc0 = t * BIAS_CHANNELS, nc = Math.min(BIAS_CHANNELS, g.o - oc0);
            for (int i = 0; i < g.n; i++) {
                int base = (i * g.o + oc0) * g.hw;
                for (int q = 0; q < g.hw; q++) {
                    for (int c = 0; c < nc; c++) sums[c] += grad[base + c * g.hw + q];
                }
            }
            for (int c = 0; c < nc; c++) gb[oc0 + c] += (float) sums[c];
        });
    }

    /** dx += col2im(Wᵀ·G) / divisor. */
    private static void inputGrad(Geom g, float[] grad, float[] wd, int wo, float[] gx, float divisor) {
        if (g.pointwise() && divisor == 1f) {
            Parallel.forEachTask(g.n, i -> Gemm.sgemm(true, false, g.c, g.hw, g.o, wd, wo, g.c, grad, i * g.o * g.hw, g.hw,
                    1f, gx, i * g.chw, g.hw));
            return;
        }
        int ld = g.n * g.hw;
        Scratch sc = SCRATCH.get();
        if (g.rows()) {
            // per sample, in per-thread buffers that stay in cache: dRows_i [hw, ckk] = g_iᵀ · W, scattered back
            float scale = divisor == 1f ? 1f : 1f / divisor;
            Parallel.forEachTask(g.n, i -> {
                Scratch ts = SCRATCH.get();
                float[] gt = ts.chunkOut = grow(ts.chunkOut, (long) g.hw * g.o);
                float[] drows = ts.chunkRows = grow(ts.chunkRows, (long) g.hw * g.ckk);
                Gemm.transpose(grad, i * g.o * g.hw, g.hw, g.o, g.hw, gt, 0, g.o);
                Gemm.sgemm(false, false, g.hw, g.ckk, g.o, gt, 0, g.o, wd, wo, g.ckk, 0f, drows, 0, g.ckk);
                row2im(g, drows, 0, gx, i * g.chw, scale);
            });
            return;
        }
        float[] gm = gradAsMatrix(g, grad);
        float[] dcols = sc.dcols = grow(sc.dcols, (long) g.ckk * ld);
        Gemm.sgemm(true, false, g.ckk, ld, g.o, wd, wo, g.ckk, gm, 0, ld, 0f, dcols, 0, ld);
        float scale = 1f / divisor;
        if (g.pointwise()) {
            Parallel.forEachTask(g.n, i -> {
                for (int ci = 0; ci < g.c; ci++) {
                    int s = ci * ld + i * g.hw, d = i * g.chw + ci * g.hw;
                    for (int q = 0; q < g.hw; q++) gx[d + q] += divisor == 1f ? dcols[s + q] : dcols[s + q] * scale;
                }
            });
            return;
        }
        Parallel.forEachTask(g.n, i -> col2im(g, dcols, i * g.hw, ld, gx, i * g.chw, divisor == 1f ? 1f : scale));
    }

    /** The adjoint of {@link #im2col}: {@code gx[xo + ...] += scale · cols} scattered back. */
    private static void col2im(Geom g, float[] cols, int col0, int ld, float[] gx, int xo, float scale) {
        int row = 0;
        for (int ci = 0; ci < g.c; ci++) {
            for (int ki = 0; ki < g.kh; ki++) {
                for (int kj = 0; kj < g.kw; kj++, row++) {
                    int srcRow = row * ld + col0;
                    int jOff = kj * g.dil - g.pad;
                    int lo = validLo(jOff, g.stride), hi = validHi(jOff, g.stride, g.w, g.wo);
                    if (hi <= lo) continue;
                    for (int oh = 0; oh < g.ho; oh++) {
                        int ih = oh * g.stride - g.pad + ki * g.dil;
                        if (ih < 0 || ih >= g.h) continue;
                        int dst = xo + (ci * g.h + ih) * g.w + jOff;
                        int s = srcRow + oh * g.wo;
                        if (scale == 1f) {
                            for (int ow = lo; ow < hi; ow++) gx[dst + ow * g.stride] += cols[s + ow];
                        } else {
                            for (int ow = lo; ow < hi; ow++) gx[dst + ow * g.stride] += cols[s + ow] * scale;
                        }
                    }
                }
            }
        }
    }
}
