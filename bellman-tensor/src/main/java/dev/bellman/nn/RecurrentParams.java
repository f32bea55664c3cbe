package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

/** The four parameters of a recurrent layer, created and initialised as PyTorch's {@code RNNBase}/{@code RNNCellBase}. */
record RecurrentParams(Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {

    /**
     * Registers {@code weight_ih + suffix}, {@code weight_hh + suffix} and (with {@code bias}) {@code bias_ih + suffix},
     * {@code bias_hh + suffix} on {@code owner} through {@code register}, in that order, and fills them in that order
     * from U(−1/√H, 1/√H) (PyTorch's {@code reset_parameters}).
     */
    static RecurrentParams create(String layer, int gates, int inputSize, int hiddenSize, boolean bias, String suffix,
                                  Registrar register, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(layer + " needs positive sizes but got input_size=" + inputSize
                    + ", hidden_size=" + hiddenSize);
        }
        if ((long) gates * hiddenSize * Math.max(inputSize, hiddenSize) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(layer + "(" + inputSize + ", " + hiddenSize + ") would have more weights than one Java array holds");
        }
        int gh = gates * hiddenSize;
        Tensor wIh = register.parameter("weight_ih" + suffix, Tensor.parameter(new float[gh * inputSize], gh, inputSize));
        Tensor wHh = register.parameter("weight_hh" + suffix, Tensor.parameter(new float[gh * hiddenSize], gh, hiddenSize));
        Tensor bIh = bias ? register.parameter("bias_ih" + suffix, Tensor.parameter(new float[gh], gh)) : null;
        Tensor bHh = bias ? register.parameter("bias_hh" + suffix, Tensor.parameter(new float[gh], gh)) : null;
        double bound = 1 / Math.sqrt(hiddenSize);
        for (Tensor t : new Tensor[]{wIh, wHh, bIh, bHh}) {
            if (t != null) Init.uniform(t, -bound, bound, rng);
        }
        return new RecurrentParams(wIh, wHh, bIh, bHh);
    }

    @FunctionalInterface
    interface Registrar {
        Tensor parameter(String name, Tensor t);
    }
}
