package dev.bellman.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds multi-layer perceptrons as a {@link Sequential} with PyTorch's child numbering.
 *
 * <p>{@code Mlp.builder(4, 64, 64, 2).activation(Activation::tanh).init(LayerInit.orthogonal(Math.sqrt(2), 0))
 * .outputInit(LayerInit.orthogonal(0.01, 0)).build(rng)} is CleanRL's PPO actor:
 * {@code Linear(4,64), Tanh, Linear(64,64), Tanh, Linear(64,2)} with parameters
 * {@code 0.*, 2.*, 4.*}. With {@link Builder#layerNorm(boolean)}, each hidden Linear is followed
 * by a {@link LayerNormModule} before its activation (shifting the numbering accordingly).
 *
 * <p>Defaults: ReLU hidden activation, no output activation, PyTorch's default initialisation for
 * every layer.
 */
public final class Mlp {
    private Mlp() {}

    /** {@code sizes} = input size, hidden sizes..., output size (at least two entries). */
    public static Builder builder(int... sizes) {
        return new Builder(sizes);
    }

    public static final class Builder {
        private final int[] sizes;
        private Supplier<? extends Module> activation = Activation::relu;
        private Supplier<? extends Module> outputActivation;
        private LayerInit init = LayerInit.torchDefault();
        private LayerInit outputInit;
        private boolean layerNorm;

        private Builder(int[] sizes) {
            if (sizes.length < 2) {
                throw new IllegalArgumentException("an MLP needs at least input and output sizes but got " + Arrays.toString(sizes));
            }
            for (int s : sizes) {
                if (s <= 0) throw new IllegalArgumentException("MLP sizes must be positive but were " + Arrays.toString(sizes));
            }
            this.sizes = sizes.clone();
        }

        /** Hidden activation, e.g. {@code Activation::tanh}. */
        public Builder activation(Supplier<? extends Module> activation) {
            this.activation = activation;
            return this;
        }

        /** Activation after the last layer (none by default). */
        public Builder outputActivation(Supplier<? extends Module> outputActivation) {
            this.outputActivation = outputActivation;
            return this;
        }

        /** Initialisation of the hidden layers (and of the output layer unless {@link #outputInit} is set). */
        public Builder init(LayerInit init) {
            this.init = init;
            return this;
        }

        /** Initialisation of the output layer. */
        public Builder outputInit(LayerInit outputInit) {
            this.outputInit = outputInit;
            return this;
        }

        /** Whether each hidden Linear is followed by a LayerNorm. */
        public Builder layerNorm(boolean layerNorm) {
            this.layerNorm = layerNorm;
            return this;
        }

        /** Builds the network, drawing its initial weights from {@code rng} layer by layer. */
        public Sequential build(Rng rng) {
            List<Module> layers = new ArrayList<>();
            for (int i = 0; i + 1 < sizes.length; i++) {
                boolean last = i + 2 == sizes.length;
                layers.add(new Linear(sizes[i], sizes[i + 1], last && outputInit != null ? outputInit : init, rng));
                if (!last) {
                    if (layerNorm) layers.add(new LayerNormModule(sizes[i + 1]));
                    layers.add(activation.get());
                } else if (outputActivation != null) {
                    layers.add(outputActivation.get());
                }
            }
            return new Sequential(layers);
        }
    }
}
