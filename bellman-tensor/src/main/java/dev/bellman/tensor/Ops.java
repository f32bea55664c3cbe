package dev.bellman.tensor;

import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Parallel;

import java.util.Arrays;

/**
 * Neural-network ops: {@link #linear}, {@link #conv2d}, {@link #maxPool2d}, {@link #globalAvgPool2d},
 * {@link #layerNorm}.
 *
 * <p>Every matrix product goes through {@link Gemm#sgemm}. Each op has a backward for all of its
 * tensor inputs and a forward-mode tangent rule (see {@link Tensor} for the JVP scope).
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>{@code conv2d} lowers the whole batch to one column matrix (im2col, Chellapilla et al. 2006)
 *       and runs one GEMM per layer; backward reuses the forward's columns; 1×1 kernels skip im2col;
 *       scaled-float and byte inputs are read inside im2col. Work is split per sample on a fixed
 *       partition, so results are bitwise identical for any thread count. Details in {@link Conv}.
 *       As in PyTorch, the op is a cross-correlation.</li>
 *   <li>{@code maxPool2d} with padding pads with −∞ (PyTorch's {@code MaxPool2d}), one task per sample.</li>
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
     * sides; output [N, O, (H + 2p − kh)/s + 1, (W + 2p − kw)/s + 1]. See {@link Conv} for how it is computed.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        return Conv.conv2d(x, 1f, w, b, stride, padding, 1);
    }

    /**
     * 2-D cross-correlation with dilation {@code d} (as {@code torch.nn.functional.conv2d(..., dilation=d)}):
     * kernel taps {@code d} apart; output [N, O, (H + 2p − d·(kh − 1) − 1)/s + 1, (W + 2p − d·(kw − 1) − 1)/s + 1].
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation) {
        return Conv.conv2d(x, 1f, w, b, stride, padding, dilation);
    }

    /**
     * The convolution of {@code x / divisor} (a first layer that scales its input, as PyTorch's
     * {@code conv(x / 255.0)}), without a scaled copy of x: the columns are read as
     * {@code x / divisor}, so the result is bitwise that of {@code conv2d(x.div(divisor), ...)}. The gradient of x is {@code col2im(·)/divisor}.
     */
    public static Tensor conv2d(Tensor x, float divisor, Tensor w, Tensor b, int stride, int padding, int dilation) {
        return Conv.conv2d(x, divisor, w, b, stride, padding, dilation);
    }

    /**
     * 2-D cross-correlation of a batch of 8-bit images, each value divided by {@code divisor} as the
     * first layer reads it (255 for pixels, as PyTorch's {@code x / 255.0}; 1 for 0/1 planes); otherwise as {@link #conv2d(Tensor, Tensor, Tensor, int, int)}.
     * The images carry no gradient; {@code w} and {@code b} do. im2col reads the bytes through a
     * 256-entry table, so the batch is never converted to floats, and the result is bitwise that of
     * {@code conv2d(x.toTensor(divisor), w, b, stride, padding)}.
     */
    public static Tensor conv2d(ByteImages x, float divisor, Tensor w, Tensor b, int stride, int padding) {
        return Conv.conv2d(x, divisor, w, b, stride, padding, 1);
    }

    /** {@link #conv2d(ByteImages, float, Tensor, Tensor, int, int)} with dilation. */
    public static Tensor conv2d(ByteImages x, float divisor, Tensor w, Tensor b, int stride, int padding, int dilation) {
        return Conv.conv2d(x, divisor, w, b, stride, padding, dilation);
    }

    // ------------------------------------------------------------------ maxPool2d

    /**
     * Max pooling over {@code kernel × kernel} windows with the given stride, no padding:
     * x [N, C, H, W] → [N, C, (H − k)/s + 1, (W − k)/s + 1]. The gradient goes to the first
     * arg max of each window (row-major order).
     */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride) {
        return maxPool2d(x, kernel, stride, 0);
    }

    /**
     * Max pooling with implicit −∞ padding {@code p} on all sides, as {@code torch.nn.MaxPool2d(k, s, p)}
     * (IMPALA's 3×3 stride 2 padding 1): x [N, C, H, W] → [N, C, (H + 2p − k)/s + 1, (W + 2p − k)/s + 1];
     * padding may be at most {@code k/2}, so every window holds at least one input element. The gradient
     * goes to the first arg max of each window (row-major order).
     */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        if (x.rank() != 4) throw new IllegalArgumentException("maxPool2d: input must be [N,C,H,W] but was " + s(x.shape));
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("maxPool2d: kernel and stride must be >= 1 but were " + kernel + " and " + stride);
        }
        if (padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException("maxPool2d: padding must be between 0 and half the kernel (" + kernel / 2
                    + ") but was " + padding);
        }
        int nc = x.shape[0] * x.shape[1], h = x.shape[2], w = x.shape[3];
        if (kernel > h + 2 * padding || kernel > w + 2 * padding) {
            throw new IllegalArgumentException("maxPool2d: kernel " + kernel + " is larger than the input " + s(x.shape)
                    + (padding > 0 ? " padded by " + padding : ""));
        }
        int ho = (h + 2 * padding - kernel) / stride + 1, wo = (w + 2 * padding - kernel) / stride + 1;
        float[] out = new float[nc * ho * wo];
        int[] arg = new int[out.length]; // flat index into x (relative to offset)
        float[] xd = x.data;
        int xo = x.offset;
        Parallel.forEachTask(x.shape[0], n -> {
            int c = x.shape[1];
            for (int p = n * c; p < (n + 1) * c; p++) {
                for (int oh = 0; oh < ho; oh++) {
                    int i0 = Math.max(0, oh * stride - padding), i1 = Math.min(h, oh * stride - padding + kernel);
                    for (int ow = 0; ow < wo; ow++) {
                        int j0 = Math.max(0, ow * stride - padding), j1 = Math.min(w, ow * stride - padding + kernel);
                        float best = Float.NEGATIVE_INFINITY;
                        int bi = -1;
                        for (int i = i0; i < i1; i++) {
                            int rowBase = (p * h + i) * w;
                            for (int j = j0; j < j1; j++) {
                                float v = xd[xo + rowBase + j];
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
        });
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

    // ------------------------------------------------------------------ globalAvgPool2d

    /**
     * Global average pooling, {@code [N, C, H, W] → [N, C]}: the mean of each channel's plane, as
     * {@code torch.nn.AdaptiveAvgPool2d(1)} followed by flatten. Each mean is summed in double in
     * row-major order and rounded once; the gradient spreads {@code g / (H·W)} evenly.
     */
    public static Tensor globalAvgPool2d(Tensor x) {
        if (x.rank() != 4 || x.shape[2] * x.shape[3] == 0) {
            throw new IllegalArgumentException("globalAvgPool2d: input must be [N,C,H,W] with H·W > 0 but was " + s(x.shape));
        }
        int nc = x.shape[0] * x.shape[1], hw = x.shape[2] * x.shape[3];
        float[] out = new float[nc];
        planeMeans(x.data, x.offset, nc, hw, out);
        Tensor r = Tensor.result("globalAvgPool2d", out, new int[]{x.shape[0], x.shape[1]}, (o, g) -> {
            float[] gx = x.gradBuffer();
            for (int p = 0; p < nc; p++) {
                float v = g[p] / hw;
                int base = p * hw;
                for (int q = 0; q < hw; q++) gx[base + q] += v;
            }
        }, x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[nc];
            planeMeans(x.tangent, 0, nc, hw, t);
            r.tangent = t;
        }
        return r;
    }

    private static void planeMeans(float[] x, int xo, int nc, int hw, float[] out) {
        for (int p = 0; p < nc; p++) {
            double sum = 0;
            int base = xo + p * hw;
            for (int q = 0; q < hw; q++) sum += x[base + q];
            out[p] = (float) (sum / hw);
        }
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
