package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b}, as {@code torch.nn.Linear}: weight
 * {@code [out, in]}, bias {@code [out]}; input {@code [..., in]}, output {@code [..., out]}.
 *
 * <p>Default initialisation is PyTorch's (kaiming_uniform with a = √5, i.e. weight and bias from
 * U(−1/√in, 1/√in)); pass a {@link LayerInit} for others (e.g. CleanRL's orthogonal init).
 */
public final class Linear extends Module {
    private final int inFeatures, outFeatures;
    private final Tensor weight, bias;

    /** A layer with bias and PyTorch's default initialisation. */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, LayerInit.torchDefault(), rng);
    }

    /** A layer with bias, initialised by {@code init}. */
    public Linear(int inFeatures, int outFeatures, LayerInit init, Rng rng) {
        this(inFeatures, outFeatures, true, init, rng);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, LayerInit init, Rng rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear needs positive sizes but got in=" + inFeatures + ", out=" + outFeatures);
        }
        if ((long) inFeatures * outFeatures > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + ") would have "
                    + (long) inFeatures * outFeatures + " weights, more than one Java array holds");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.parameter(new float[outFeatures * inFeatures], outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.parameter(new float[outFeatures], outFeatures)) : null;
        init.init(weight, this.bias, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Tensor.linear(x, weight, bias);
    }

    /** The weight, shape {@code [out, in]}. */
    public Tensor weight() { return weight; }

    /** The bias, shape {@code [out]}, or null. */
    public Tensor bias() { return bias; }

    public int inFeatures() { return inFeatures; }

    public int outFeatures() { return outFeatures; }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null);
    }
}
