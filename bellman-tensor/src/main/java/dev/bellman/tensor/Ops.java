package dev.bellman.tensor;

import dev.bellman.tensor.kernels.Gemm;

import java.util.Arrays;

/**
 * Neural-network ops: {@link #linear}, {@link #conv2d}, {@link #maxPool2d}, {@link #layerNorm}.
 *
 * <p>Every matrix product goes through {@link Gemm#sgemm}. Each op has a backward for all of its
 * tensor inputs and a forward-mode tangent rule (see {@link Tensor} for the JVP scope).
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>{@code conv2d} lowers each sample to columns (im2col, Chellapilla et al. 2006): a matrix
 *       {@code [C·kh·kw, Ho·Wo]}, so the convolution is one GEMM {@code W[O, C·kh·kw] · cols}.
 *       Backward recomputes the columns instead of storing them (memory over time), then
 *       {@code dW += g·colsᵀ}, {@code dcols = Wᵀ·g} scattered back by col2im. As in PyTorch,
 *       the op is a cross-correlation; output size {@code (H + 2p − kh) / s + 1}.</li>
 *   <li>{@code layerNorm} (Ba et al. 2016) is composed of primitive ops, normalising over the last
 *       axis with the biased variance as PyTorch's {@code nn.LayerNorm}.</li>
 * </ol>
 */
public final class Ops {
    private Ops() {}

    private static String s(int[] shape) { return Arrays.toString(shape); }

    // ------------------------------------------------------------------ linear

    /** {@code x · wᵀ + b} for x of shape [..., in], w [out, in] (PyTorch layout), b [out] or null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        if (x.rank() < 1 || w.rank() != 2 || x.shape[x.rank() - 1] != w.shape[1]
                || (b != null && (b.rank() != 1 || b.shape[0] != w.shape[0]))) {
            throw new IllegalArgumentException("linear: shapes x " + s(x.shape) + ", w " + s(w.shape)
                    + (b == null ? "" : ", b " + s(b.shape)) + " are not compatible (x [..., in], w [out, in], b [out])");
        }
        int in = w.shape[1], outF = w.shape[0], rows = x.size / Math.max(in, 1);
        if (in == 0) rows = Shapes.size(Arrays.copyOf(x.shape, x.rank() - 1));
        int[] shape = x.shape.clone();
        shape[shape.length - 1] = outF;
        float[] out = new float[rows * outF];
        linearRaw(x.data, x.offset, w.data, w.offset, b == null ? null : b.data, b == null ? 0 : b.offset, rows, in, outF, out, 0f);
        final int m = rows;
        Tensor r = Tensor.result("linear", out, shape, (o, g) -> {
            if (x.requiresGrad) { // dx = g · w
                Gemm.sgemm(false, false, m, in, outF, g, 0, outF, w.data, w.offset, in, 1f, x.gradBuffer(), 0, in);
            }
            if (w.requiresGrad) { // dw = gᵀ · x
                Gemm.sgemm(true, false, outF, in, m, g, 0, outF, x.data, x.offset, in, 1f, w.gradBuffer(), 0, in);
            }
            if (b != null && b.requiresGrad) {
                float[] gb = b.gradBuffer();
                for (int i = 0; i < m; i++) {
                    int gi = i * outF;
                    for (int j = 0; j < outF; j++) gb[j] += g[gi + j];
                }
            }
        }, b == null ? new Tensor[]{x, w} : new Tensor[]{x, w, b});
        boolean tb = b != null && b.tangent != null;
        if ((x.tangent != null || w.tangent != null || tb) && Tensor.isForwardADEnabled()) {
            float[] t = new float[rows * outF];
            if (x.tangent != null) linearRaw(x.tangent, 0, w.data, w.offset, null, 0, rows, in, outF, t, 1f);
            if (w.tangent != null) linearRaw(x.data, x.offset, w.tangent, 0, null, 0, rows, in, outF, t, 1f);
            if (tb) {
                for (int i = 0; i < rows; i++) for (int j = 0; j < outF; j++) t[i * outF + j] += b.tangent[j];
            }
            r.tangent = t;
        }
        return r;
    }

    private static void linearRaw(float[] x, int xo, float[] w, int wo, float[] b, int bo, int rows, int in, int outF,
                                  float[] out, float beta) {
        Gemm.sgemm(false, true, rows, outF, in, x, xo, in, w, wo, in, beta, out, 0, outF);
        if (b != null) Gemm.addRowVector(out, 0, outF, rows, outF, b, bo);
    }

    // ------------------------------------------------------------------ batched matmul

    /** Matmul for ranks other than 2·2: 1-D operands and batched [..., m, k]·[..., k, n]. */
    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: shapes " + s(a.shape) + " and " + s(b.shape) + " are not compatible (0-d operand)");
        }
        int ka = a.shape[a.rank() - 1], kb = b.shape[Math.max(0, b.rank() - 2)];
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: shapes " + s(a.shape) + " and " + s(b.shape)
                    + " are not compatible (inner dimensions " + ka + " and " + kb + " differ)");
        }
        if (a.rank() == 1) {
            Tensor r = matmul2(a.reshape(1, a.shape[0]), b);
            return ShapeOps.squeeze(r, -2);
        }
        if (b.rank() == 1) {
            Tensor r = matmul2(a, b.reshape(b.shape[0], 1));
            return ShapeOps.squeeze(r, -1);
        }
        return matmul2(a, b);
    }

    private static Tensor matmul2(Tensor a, Tensor b) {
        if (a.rank() == 2 && b.rank() == 2) return a.matmul(b);
        int ra = a.rank(), rb = b.rank();
        int m = a.shape[ra - 2], k = a.shape[ra - 1], k2 = b.shape[rb - 2], n = b.shape[rb - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: shapes " + s(a.shape) + " and " + s(b.shape)
                    + " are not compatible ([..., m, k]·[..., k, n])");
        }
        int[] ba = Arrays.copyOf(a.shape, ra - 2), bb = Arrays.copyOf(b.shape, rb - 2);
        int[] batch;
        try {
            batch = Shapes.broadcast(ba, bb, "matmul");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dims of shapes " + s(a.shape) + " and " + s(b.shape)
                    + " cannot be broadcast together", e);
        }
        int nb = Shapes.size(batch);
        int[] mapA = Elementwise.broadcastMap(ba, batch), mapB = Elementwise.broadcastMap(bb, batch);
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        float[] out = new float[nb * m * n];
        int sa = m * k, sb = k * n, so = m * n;
        for (int i = 0; i < nb; i++) {
            Gemm.sgemm(false, false, m, n, k, a.data, a.offset + mapA[i] * sa, k, b.data, b.offset + mapB[i] * sb, n,
                    0f, out, i * so, n);
        }
        Tensor r = Tensor.result("matmul", out, shape, (o, g) -> {
            for (int i = 0; i < nb; i++) {
                if (a.requiresGrad) {
                    Gemm.sgemm(false, true, m, k, n, g, i * so, n, b.data, b.offset + mapB[i] * sb, n, 1f,
                            a.gradBuffer(), mapA[i] * sa, k);
                }
                if (b.requiresGrad) {
                    Gemm.sgemm(true, false, k, n, m, a.data, a.offset + mapA[i] * sa, k, g, i * so, n, 1f,
                            b.gradBuffer(), mapB[i] * sb, n);
                }
            }
        }, a, b);
        if (Elementwise.hasTangent(a, b)) {
            float[] t = new float[out.length];
            for (int i = 0; i < nb; i++) {
                if (a.tangent != null) {
                    Gemm.sgemm(false, false, m, n, k, a.tangent, mapA[i] * sa, k, b.data, b.offset + mapB[i] * sb, n, 1f, t, i * so, n);
                }
                if (b.tangent != null) {
                    Gemm.sgemm(false, false, m, n, k, a.data, a.offset + mapA[i] * sa, k, b.tangent, mapB[i] * sb, n, 1f, t, i * so, n);
                }
            }
            r.tangent = t;
        }
        return r;
    }

    // ------------------------------------------------------------------ conv2d

    /**
     * 2-D cross-correlation: x [N, C, H, W], w [O, C, kh, kw], b [O] or null, zero padding on all
     * sides; output [N, O, (H + 2p − kh)/s + 1, (W + 2p − kw)/s + 1].
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        if (x.rank() != 4 || w.rank() != 4 || x.shape[1] != w.shape[1]
                || (b != null && (b.rank() != 1 || b.shape[0] != w.shape[0]))) {
            throw new IllegalArgumentException("conv2d: shapes x " + s(x.shape) + ", w " + s(w.shape)
                    + (b == null ? "" : ", b " + s(b.shape)) + " are not compatible (x [N,C,H,W], w [O,C,kh,kw], b [O])");
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0 but were " + stride + " and " + padding);
        }
        Conv g = new Conv(x.shape, w.shape, stride, padding);
        float[] out = new float[g.n * g.o * g.hw];
        float[] cols = new float[g.ckk * g.hw];
        for (int i = 0; i < g.n; i++) {
            g.forwardSample(x.data, x.offset, w.data, w.offset, b == null ? null : b.data, b == null ? 0 : b.offset, i, cols, out, 0f);
        }
        Tensor r = Tensor.result("conv2d", out, new int[]{g.n, g.o, g.ho, g.wo}, (o, grad) -> {
            float[] c = new float[g.ckk * g.hw];
            float[] dcols = x.requiresGrad ? new float[g.ckk * g.hw] : null;
            for (int i = 0; i < g.n; i++) {
                int go = i * g.o * g.hw;
                if (w.requiresGrad) {
                    g.im2col(x.data, x.offset + i * g.chw, c);
                    Gemm.sgemm(false, true, g.o, g.ckk, g.hw, grad, go, g.hw, c, 0, g.hw, 1f, w.gradBuffer(), 0, g.ckk);
                }
                if (x.requiresGrad) {
                    Gemm.sgemm(true, false, g.ckk, g.hw, g.o, w.data, w.offset, g.ckk, grad, go, g.hw, 0f, dcols, 0, g.hw);
                    g.col2im(dcols, x.gradBuffer(), i * g.chw);
                }
                if (b != null && b.requiresGrad) {
                    float[] gb = b.gradBuffer();
                    for (int oc = 0; oc < g.o; oc++) {
                        double sum = 0;
                        int base = go + oc * g.hw;
                        for (int q = 0; q < g.hw; q++) sum += grad[base + q];
                        gb[oc] += (float) sum;
                    }
                }
            }
        }, b == null ? new Tensor[]{x, w} : new Tensor[]{x, w, b});
        boolean tb = b != null && b.tangent != null;
        if ((x.tangent != null || w.tangent != null || tb) && Tensor.isForwardADEnabled()) {
            float[] t = new float[out.length];
            for (int i = 0; i < g.n; i++) {
                if (x.tangent != null) g.forwardSample(x.tangent, 0, w.data, w.offset, null, 0, i, cols, t, 1f);
                if (w.tangent != null) g.forwardSample(x.data, x.offset, w.tangent, 0, null, 0, i, cols, t, 1f);
                if (tb) {
                    for (int oc = 0; oc < g.o; oc++) {
                        int base = (i * g.o + oc) * g.hw;
                        for (int q = 0; q < g.hw; q++) t[base + q] += b.tangent[oc];
                    }
                }
            }
            r.tangent = t;
        }
        return r;
    }

    /**
     * 2-D cross-correlation of a batch of 8-bit images, each value divided by {@code divisor} as the
     * first layer reads it (255 for pixels, as PyTorch's {@code x / 255.0}; 1 for 0/1 planes); otherwise as {@link #conv2d(Tensor, Tensor, Tensor, int, int)}.
     * The images carry no gradient; {@code w} and {@code b} do.
     */
    public static Tensor conv2d(ByteImages x, float divisor, Tensor w, Tensor b, int stride, int padding) {
        // TODO(conv): read the bytes inside im2col instead of converting the batch first
        return conv2d(x.toTensor(divisor), w, b, stride, padding);
    }

    /** Geometry of one conv2d call. */
    private static final class Conv {
        final int n, c, h, w, o, kh, kw, stride, pad, ho, wo, hw, ckk, chw;

        Conv(int[] xs, int[] ws, int stride, int pad) {
            n = xs[0]; c = xs[1]; h = xs[2]; w = xs[3];
            o = ws[0]; kh = ws[2]; kw = ws[3];
            this.stride = stride;
            this.pad = pad;
            int hh = h + 2 * pad - kh, ww = w + 2 * pad - kw;
            if (hh < 0 || ww < 0) {
                throw new IllegalArgumentException("conv2d: kernel " + kh + "x" + kw + " is larger than the padded input "
                        + (h + 2 * pad) + "x" + (w + 2 * pad) + " (x " + Arrays.toString(xs) + ", w " + Arrays.toString(ws) + ")");
            }
            ho = hh / stride + 1;
            wo = ww / stride + 1;
            hw = ho * wo;
            ckk = c * kh * kw;
            chw = c * h * w;
        }

        /** cols[(ci·kh + i)·kw + j][oh·wo + ow] = x[ci][oh·s − p + i][ow·s − p + j] (0 outside). */
        void im2col(float[] x, int xo, float[] cols) {
            int row = 0;
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++, row++) {
                        int dst = row * hw;
                        for (int oh = 0; oh < ho; oh++) {
                            int ih = oh * stride - pad + i;
                            int d = dst + oh * wo;
                            if (ih < 0 || ih >= h) {
                                Arrays.fill(cols, d, d + wo, 0f);
                                continue;
                            }
                            int src = xo + (ci * h + ih) * w;
                            for (int ow = 0; ow < wo; ow++) {
                                int iw = ow * stride - pad + j;
                                cols[d + ow] = iw >= 0 && iw < w ? x[src + iw] : 0f;
                            }
                        }
                    }
                }
            }
        }

        /** The adjoint of {@link #im2col}: gx[xo + ...] += cols scattered back. */
        void col2im(float[] cols, float[] gx, int xo) {
            int row = 0;
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++, row++) {
                        int srcRow = row * hw;
                        for (int oh = 0; oh < ho; oh++) {
                            int ih = oh * stride - pad + i;
                            if (ih < 0 || ih >= h) continue;
                            int dst = xo + (ci * h + ih) * w;
                            int s = srcRow + oh * wo;
                            for (int ow = 0; ow < wo; ow++) {
                                int iw = ow * stride - pad + j;
                                if (iw >= 0 && iw < w) gx[dst + iw] += cols[s + ow];
                            }
                        }
                    }
                }
            }
        }

        /** out[i] (beta 0: overwrite, 1: accumulate) = W · im2col(x[i]) + b. */
        void forwardSample(float[] x, int xo, float[] wt, int wOff, float[] b, int bo, int i, float[] cols, float[] out, float beta) {
            im2col(x, xo + i * chw, cols);
            int oo = i * o * hw;
            Gemm.sgemm(false, false, o, hw, ckk, wt, wOff, ckk, cols, 0, hw, beta, out, oo, hw);
            if (b != null) {
                for (int oc = 0; oc < o; oc++) {
                    float bv = b[bo + oc];
                    int base = oo + oc * hw;
                    for (int q = 0; q < hw; q++) out[base + q] += bv;
                }
            }
        }
    }

    // ------------------------------------------------------------------ maxPool2d

    /**
     * Max pooling over {@code kernel × kernel} windows with the given stride, no padding:
     * x [N, C, H, W] → [N, C, (H − k)/s + 1, (W − k)/s + 1]. The gradient goes to the first
     * arg max of each window (row-major order).
     */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride) {
        if (x.rank() != 4) throw new IllegalArgumentException("maxPool2d: input must be [N,C,H,W] but was " + s(x.shape));
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("maxPool2d: kernel and stride must be >= 1 but were " + kernel + " and " + stride);
        }
        int nc = x.shape[0] * x.shape[1], h = x.shape[2], w = x.shape[3];
        if (kernel > h || kernel > w) {
            throw new IllegalArgumentException("maxPool2d: kernel " + kernel + " is larger than the input " + s(x.shape));
        }
        int ho = (h - kernel) / stride + 1, wo = (w - kernel) / stride + 1;
        float[] out = new float[nc * ho * wo];
        int[] arg = new int[out.length]; // flat index into x (relative to offset)
        for (int p = 0; p < nc; p++) {
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int bi = -1;
                    for (int i = 0; i < kernel; i++) {
                        int rowBase = (p * h + oh * stride + i) * w + ow * stride;
                        for (int j = 0; j < kernel; j++) {
                            float v = x.data[x.offset + rowBase + j];
                            if (bi < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                best = v;
                                bi = rowBase + j;
                            }
                        }
                    }
                    int f = (p * ho + oh) * wo + ow;
                    out[f] = best;
                    arg[f] = bi;
                }
            }
        }
        Tensor r = Tensor.result("maxPool2d", out, new int[]{x.shape[0], x.shape[1], ho, wo}, (o, g) -> {
            float[] gx = x.gradBuffer();
            for (int f = 0; f < arg.length; f++) gx[arg[f]] += g[f];
        }, x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[out.length];
            for (int f = 0; f < arg.length; f++) t[f] = x.tangent[arg[f]];
            r.tangent = t;
        }
        return r;
    }

    // ------------------------------------------------------------------ layerNorm

    /**
     * Layer normalisation over the last axis: {@code (x − mean) / sqrt(var + eps) · gamma + beta}
     * with the biased variance; gamma and beta have the shape of the last axis, or are null
     * (no affine transform).
     */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        if (x.rank() < 1) throw new IllegalArgumentException("layerNorm: input must have rank >= 1 but was " + s(x.shape));
        int d = x.shape[x.rank() - 1];
        for (Tensor p : new Tensor[]{gamma, beta}) {
            if (p != null && (p.rank() != 1 || p.shape[0] != d)) {
                throw new IllegalArgumentException("layerNorm: gamma/beta of shape " + s(p.shape)
                        + " do not match the last axis of input " + s(x.shape));
            }
        }
        if (!(eps >= 0f)) throw new IllegalArgumentException("layerNorm: eps must be >= 0 but was " + eps);
        Tensor centred = x.sub(x.mean(-1, true));
        Tensor var = centred.square().mean(-1, true);
        Tensor y = centred.div(var.add(eps).sqrt());
        if (gamma != null) y = y.mul(gamma);
        if (beta != null) y = y.add(beta);
        return y;
    }
}
