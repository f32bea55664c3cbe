package dev.bellman.algorithms.offpolicy;

import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Parallel;
import dev.bellman.tensor.kernels.Vec;

/**
 * {@code relu(x · wᵀ + b)} as one tape op, for the hidden layers of SAC's networks: the same products, adds and maxima as
 * {@code Tensor.linear(x, w, b).relu()}, so the same bits, with one output array instead of two and one pass for the
 * ReLU's backward instead of three and a scratch array. At SAC's sizes (batch 256, 256 units) each such array is 256 kB,
 * and a gradient step builds 16 of these layers and runs the backward of 10.
 *
 * <p>Forward: {@code Gemm.sgemm} of {@code x·wᵀ}, then the bias added (one rounded add, as {@code Tensor.linear}) and
 * the ReLU ({@code Math.max(z, 0)}) in one pass in place ({@link Vec#addRowRelu}). Backward, from the gradient g of the
 * output: {@code gz = z > 0 ? g : 0} ({@link Vec#reluBackward}; {@code z > 0} is {@code relu(z) > 0}, NaN included), row
 * by row with {@code db += gz} (rows in order, one rounded add per element, as {@code Tensor.linear}), then
 * {@code Tensor.linear}'s other two gradients from gz: {@code dx += gz·w}, {@code dw += gzᵀ·x} (the same
 * {@code Gemm.sgemm} calls). The separate ops
 * hand the linear layer {@code 0 + (z > 0 ? g : +0)} in a fresh accumulator, which differs from gz only where g is −0;
 * g is a sum that starts from +0 and so is never −0 (nor is a product accumulator, which makes a zero's sign moot
 * there too). {@code LinearReluTest} checks values and every gradient against the separate ops bit for bit.
 */
final class LinearRelu {
    private LinearRelu() {}

    /** Outputs from which the bias-and-ReLU pass splits over two threads (as {@code Gemm.addRowVector}). */
    static final int SPLIT_MIN = 32_768;

    /** {@code relu(x [rows, in] · w [out, in]ᵀ + b [out])}, shape {@code [rows, out]}. */
    static Tensor apply(Tensor x, Tensor w, Tensor b) {
        int[] xs = x.shape(), ws = w.shape();
        if (xs.length != 2 || ws.length != 2 || b == null || xs[1] != ws[1] || b.shape().length != 1 || b.shape()[0] != ws[0]) {
            Tensor y = Tensor.linear(x, w, b); // its shape message, or the general case
            return y.relu();
        }
        int rows = xs[0], in = ws[1], outF = ws[0], n = rows * outF;
        float[] out = new float[n];
        Gemm.sgemm(false, true, rows, outF, in, x.data(), x.offset(), in, w.data(), w.offset(), in, 0f, out, 0, outF);
        if (Parallel.threads() > 1 && n >= SPLIT_MIN && rows >= 2) { // as Gemm.addRowVector splits its rows
            Parallel.forEachTask(2, t -> {
                int r0 = rows * t / 2, r1 = rows * (t + 1) / 2;
                Vec.addRowRelu(out, r0 * outF, r1 - r0, outF, b.data(), b.offset());
            });
        } else {
            Vec.addRowRelu(out, 0, rows, outF, b.data(), b.offset());
        }
        return Tensor.custom("linear_relu", out, new int[]{rows, outF}, (o, g) -> {
            float[] gz = new float[n];
            float[] gb = b.requiresGrad() ? b.gradAccumulator() : null;
            for (int i = 0; i < rows; i++) { // gz row by row, each added into db while in cache: db = Σ_rows gz in order
                Vec.reluBackward(g, i * outF, out, i * outF, gz, i * outF, outF);
                if (gb != null) Vec.add(gb, 0, gz, i * outF, gb, 0, outF);
            }
            if (x.requiresGrad()) { // dx = gz · w
                Gemm.sgemm(false, false, rows, in, outF, gz, 0, outF, w.data(), w.offset(), in, 1f, x.gradAccumulator(), 0, in);
            }
            if (w.requiresGrad()) { // dw = gzᵀ · x
                Gemm.sgemm(true, false, outF, in, rows, gz, 0, outF, x.data(), x.offset(), in, 1f, w.gradAccumulator(), 0, in);
            }
        }, x, w, b);
    }
}
