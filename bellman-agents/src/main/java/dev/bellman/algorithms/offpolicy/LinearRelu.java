package dev.bellman.algorithms.offpolicy;

import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Vec;

/**
 * {@code relu(x · wᵀ + b)} as one tape op, for the hidden layers of SAC's networks: the same products, adds and maxima as
 * {@code Tensor.linear(x, w, b).relu()}, so the same bits, with one output array instead of two and one pass for the
 * ReLU's backward instead of three and a scratch array. At SAC's sizes (batch 256, 256 units) each such array is 256 kB,
 * and a gradient step builds 16 of these layers and runs the backward of 10.
 *
 * <p>Forward: {@code Gemm.sgemm} of {@code x·wᵀ}, the bias added as {@code Tensor.linear} adds it
 * ({@link Gemm#addRowVector}), then {@link Vec#relu} ({@code Math.max(z, 0)}) in place. Backward, from the gradient g
 * of the output: {@code gz = z > 0 ? g : 0} ({@link Vec#reluBackward}; {@code z > 0} is {@code relu(z) > 0}, NaN
 * included), then {@code Tensor.linear}'s three gradients from gz: {@code dx += gz·w}, {@code dw += gzᵀ·x} (the same
 * {@code Gemm.sgemm} calls) and {@code db += Σ_rows gz} (rows in order, one rounded add per element). The separate ops
 * hand the linear layer {@code 0 + (z > 0 ? g : +0)} in a fresh accumulator, which differs from gz only where g is −0;
 * g is a sum that starts from +0 and so is never −0 (nor is a product accumulator, which makes a zero's sign moot
 * there too). {@code LinearReluTest} checks values and every gradient against the separate ops bit for bit.
 */
final class LinearRelu {
    private LinearRelu() {}

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
        Gemm.addRowVector(out, 0, outF, rows, outF, b.data(), b.offset());
        Vec.relu(out, 0, out, 0, n);
        return Tensor.custom("linear_relu", out, new int[]{rows, outF}, (o, g) -> {
            float[] gz = new float[n];
            Vec.reluBackward(g, 0, out, 0, gz, 0, n);
            if (x.requiresGrad()) { // dx = gz · w
                Gemm.sgemm(false, false, rows, in, outF, gz, 0, outF, w.data(), w.offset(), in, 1f, x.gradAccumulator(), 0, in);
            }
            if (w.requiresGrad()) { // dw = gzᵀ · x
                Gemm.sgemm(true, false, outF, in, rows, gz, 0, outF, x.data(), x.offset(), in, 1f, w.gradAccumulator(), 0, in);
            }
            if (b.requiresGrad()) { // db = Σ_rows gz, rows in order
                float[] gb = b.gradAccumulator();
                for (int i = 0; i < rows; i++) Vec.add(gb, 0, gz, i * outF, gb, 0, outF);
            }
        }, x, w, b);
    }
}
