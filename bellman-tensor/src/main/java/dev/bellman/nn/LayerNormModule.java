package dev.bellman.nn;

import dev.bellman.tensor.Ops;
import dev.bellman.tensor.Tensor;

/**
 * Layer normalisation over the last axis (Ba et al. 2016), as {@code torch.nn.LayerNorm(dim)}:
 * {@code y = (x − mean) / √(var + eps) · weight + bias} with the biased variance; weight starts
 * at ones and bias at zeros; eps defaults to 1e-5.
 */
public final class LayerNormModule extends Module {
    private final int dim;
    private final float eps;
    private final Tensor weight, bias;

    public LayerNormModule(int dim) {
        this(dim, 1e-5f, true);
    }

    /** With {@code elementwiseAffine = false} there are no parameters. */
    public LayerNormModule(int dim, float eps, boolean elementwiseAffine) {
        if (dim <= 0) throw new IllegalArgumentException("LayerNorm dim must be positive but was " + dim);
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm eps must be positive but was " + eps);
        this.dim = dim;
        this.eps = eps;
        if (elementwiseAffine) {
            float[] ones = new float[dim];
            java.util.Arrays.fill(ones, 1f);
            weight = registerParameter("weight", Tensor.parameter(ones, dim));
            bias = registerParameter("bias", Tensor.parameter(new float[dim], dim));
        } else {
            weight = null;
            bias = null;
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.layerNorm(x, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return "(" + dim + ",), eps=" + eps + ", elementwise_affine=" + (weight != null);
    }
}
