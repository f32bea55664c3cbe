package dev.bellman.algorithms.pg;

import dev.bellman.tensor.Tensor;

import java.util.List;

/** Parameters as one flat vector, in list order (the order of {@code Autodiff.flatGrad}). */
final class Params {
    private Params() {}

    static float[] flatten(List<Tensor> params) {
        int n = 0;
        for (Tensor p : params) n += p.size();
        float[] out = new float[n];
        int k = 0;
        for (Tensor p : params) {
            System.arraycopy(p.data(), p.offset(), out, k, p.size());
            k += p.size();
        }
        return out;
    }

    /** Writes {@code flat} back into the parameters' storage, in place. */
    static void assign(List<Tensor> params, float[] flat) {
        int k = 0;
        for (Tensor p : params) {
            System.arraycopy(flat, k, p.data(), p.offset(), p.size());
            p.bumpVersion();
            k += p.size();
        }
        if (k != flat.length) throw new IllegalArgumentException("flat vector of length " + flat.length + " for " + k + " parameters");
    }
}
