package dev.bellman.tensor;

import java.util.Arrays;

/**
 * Ops for sequence and MuZero-style models that are not arithmetic: the {@link #embedding} lookup and
 * {@link #scaleGradient}. (The recurrent cells are in {@link Recurrent}, the losses in {@link Losses}.)
 */
public final class SequenceOps {
    private SequenceOps() {}

    /**
     * Rows of {@code weight [num, dim]} picked by {@code indices}, as {@code F.embedding}: the output has shape
     * {@code [...indexShape, dim]} (with no {@code indexShape}, {@code [indices.length, dim]}). Each index must be in
     * [0, num). The backward scatter-adds each output row's gradient into the row of {@code weight} it came from
     * (repeated indices accumulate); the indices carry no gradient.
     *
     * @throws IllegalArgumentException naming the first bad index and its position, or a shape mismatch
     */
    public static Tensor embedding(Tensor weight, int[] indices, int... indexShape) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("embedding: weight must be [num, dim] but was " + Arrays.toString(weight.shape));
        }
        int num = weight.shape[0], dim = weight.shape[1];
        int[] is = indexShape.length == 0 ? new int[]{indices.length} : indexShape.clone();
        Shapes.check(is);
        if (Shapes.size(is) != indices.length) {
            throw new IllegalArgumentException("embedding: " + indices.length + " indices do not fill index shape "
                    + Arrays.toString(is) + " (" + Shapes.size(is) + " elements)");
        }
        for (int p = 0; p < indices.length; p++) {
            if (indices[p] < 0 || indices[p] >= num) {
                throw new IllegalArgumentException("embedding: index " + indices[p] + " at position " + p
                        + " is out of range for an embedding of " + num + " rows (valid: 0 to " + (num - 1) + ")");
            }
        }
        int[] idx = indices.clone();
        int[] shape = Arrays.copyOf(is, is.length + 1);
        shape[is.length] = dim;
        float[] out = new float[idx.length * dim];
        for (int p = 0; p < idx.length; p++) System.arraycopy(weight.data, weight.offset + idx[p] * dim, out, p * dim, dim);
        Tensor r = Tensor.result("embedding", out, shape, (o, g) -> {
            float[] gw = weight.gradBuffer();
            for (int p = 0; p < idx.length; p++) {
                int src = p * dim, dst = idx[p] * dim;
                for (int j = 0; j < dim; j++) gw[dst + j] += g[src + j];
            }
        }, weight);
        if (Elementwise.hasTangent(weight)) {
            float[] t = new float[out.length];
            for (int p = 0; p < idx.length; p++) System.arraycopy(weight.tangent, idx[p] * dim, t, p * dim, dim);
            r.tangent = t;
        }
        return r;
    }

    /**
     * The identity in the forward pass whose backward multiplies the gradient by {@code scale}: MuZero's
     * {@code scale_gradient} (Schrittwieser et al. 2020, Appendix G pseudocode:
     * {@code x·s + stop_gradient(x)·(1 − s)}), used with s = ½ on the dynamics function's hidden state so that
     * the gradient reaching it from K unrolled steps stays bounded, and 1/K on each step's loss. The output is a
     * view of {@code x} (no copy). Forward-mode tangents pass unchanged (the forward map is the identity); only
     * reverse mode is scaled, so this op is deliberately not a derivative.
     *
     * @throws IllegalArgumentException if {@code scale} is not finite
     */
    public static Tensor scaleGradient(Tensor x, float scale) {
        if (!Float.isFinite(scale)) throw new IllegalArgumentException("scaleGradient: scale must be finite but was " + scale);
        int n = x.size;
        Tensor r = Tensor.view("scaleGradient", x, x.offset, x.shape.clone(), (o, g) -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < n; i++) gx[i] += scale * g[i];
        });
        if (Elementwise.hasTangent(x)) r.tangent = x.tangent;
        return r;
    }
}
