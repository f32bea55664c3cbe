package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

/**
 * How a layer's weight and bias are initialised; passed to {@link Linear}, {@link Conv2d},
 * {@link Mlp} and the CNN torsos.
 *
 * <p>{@code orthogonal(Math.sqrt(2), 0)} is CleanRL's {@code layer_init} (orthogonal weight with
 * gain √2, zero bias), with {@code orthogonal(0.01, 0)} for a policy head and
 * {@code orthogonal(1, 0)} for a value head.
 */
@FunctionalInterface
public interface LayerInit {

    /** Fills {@code weight} and {@code bias} (null for a layer without bias) in place. */
    void init(Tensor weight, Tensor bias, Rng rng);

    /** PyTorch's construction-time default (see {@link Init#torchDefault}). */
    static LayerInit torchDefault() {
        return Init::torchDefault;
    }

    /** Orthogonal weight with {@code gain}, constant bias {@code biasConst}. */
    static LayerInit orthogonal(double gain, double biasConst) {
        return (w, b, rng) -> {
            Init.orthogonal(w, gain, rng);
            if (b != null) Init.constant(b, (float) biasConst);
        };
    }

    /** Xavier-uniform weight with {@code gain}, zero bias. */
    static LayerInit xavierUniform(double gain) {
        return (w, b, rng) -> {
            Init.xavierUniform(w, gain, rng);
            if (b != null) Init.constant(b, 0f);
        };
    }

    /** Xavier-normal weight with {@code gain}, zero bias. */
    static LayerInit xavierNormal(double gain) {
        return (w, b, rng) -> {
            Init.xavierNormal(w, gain, rng);
            if (b != null) Init.constant(b, 0f);
        };
    }

    /** He-uniform weight, zero bias. */
    static LayerInit heUniform() {
        return (w, b, rng) -> {
            Init.heUniform(w, rng);
            if (b != null) Init.constant(b, 0f);
        };
    }

    /** He-normal weight, zero bias. */
    static LayerInit heNormal() {
        return (w, b, rng) -> {
            Init.heNormal(w, rng);
            if (b != null) Init.constant(b, 0f);
        };
    }

    /** Every weight {@code weightValue}, every bias {@code biasValue} (for tests and special heads). */
    static LayerInit constant(float weightValue, float biasValue) {
        return (w, b, rng) -> {
            Init.constant(w, weightValue);
            if (b != null) Init.constant(b, biasValue);
        };
    }
}
