package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

/**
 * Dropout (Srivastava et al. 2014) with inverted scaling, as {@code torch.nn.Dropout(p)}: in
 * training mode each element is zeroed with probability {@code p} and the survivors are scaled by
 * 1/(1 − p), so the expected output equals the input; in evaluation mode ({@link Module#eval()})
 * it is the identity (the input tensor itself is returned).
 *
 * <p>The masks come from the {@link Rng} given at construction (one {@code nextFloat()} per
 * element, dropped where it is {@code < p}), so a seeded run drops the same elements; the mask
 * is a constant, and the gradient flows through the kept elements scaled by 1/(1 − p).
 */
public final class Dropout extends Module {
    private final float p;
    private final Rng rng;

    /**
     * @throws IllegalArgumentException unless 0 ≤ p ≤ 1
     */
    public Dropout(float p, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout p must be in [0, 1] but was " + p);
        this.p = p;
        this.rng = java.util.Objects.requireNonNull(rng, "rng");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0f) return x;
        float[] mask = new float[x.size()];
        float scale = p == 1f ? 0f : 1f / (1f - p);
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextFloat() < p ? 0f : scale;
        return x.mul(Tensor.of(mask, x.shape()));
    }

    public float p() { return p; }

    @Override
    protected String extraRepr() {
        return "p=" + p + ", inplace=False";
    }
}
