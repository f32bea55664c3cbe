package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * A parameter-free elementwise layer ({@code nn.ReLU}, {@code nn.Tanh}, ...), for use in
 * {@link Sequential} and {@link Mlp}. Create with the factories: {@link #relu()}, {@link #tanh()},
 * {@link #sigmoid()}, {@link #leakyRelu(float)}, {@link #elu(float)}, {@link #softplus()},
 * {@link #identity()}, or {@link #flatten()} (a reshape, {@code nn.Flatten()}).
 */
public final class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> f;

    private Activation(String name, UnaryOperator<Tensor> f) {
        this.name = name;
        this.f = f;
    }

    @Override
    public Tensor forward(Tensor x) {
        return f.apply(x);
    }

    /** PyTorch's class name of the layer ("ReLU", "Tanh", ...). */
    public String name() { return name; }

    public static Activation relu() { return new Activation("ReLU", Tensor::relu); }

    public static Activation tanh() { return new Activation("Tanh", Tensor::tanh); }

    public static Activation sigmoid() { return new Activation("Sigmoid", Tensor::sigmoid); }

    /** Leaky ReLU; PyTorch's default slope is 0.01. */
    public static Activation leakyRelu(float negativeSlope) {
        return new Activation("LeakyReLU", x -> x.leakyRelu(negativeSlope));
    }

    /** ELU; PyTorch's default alpha is 1. */
    public static Activation elu(float alpha) { return new Activation("ELU", x -> x.elu(alpha)); }

    /** Softplus log(1 + eˣ) (β = 1). */
    public static Activation softplus() { return new Activation("Softplus", Tensor::softplus); }

    public static Activation identity() { return new Activation("Identity", x -> x); }

    /** Flattens all axes after the batch axis: [N, ...] → [N, ∏...]. */
    public static Activation flatten() { return new Activation("Flatten", x -> x.flatten(1)); }

    @Override
    public String toString() {
        return name + "()";
    }
}
