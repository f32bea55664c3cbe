package dev.bellman.nn;

import dev.bellman.tensor.Recurrent;
import dev.bellman.tensor.Tensor;

/**
 * A single-layer LSTM over a sequence (Hochreiter &amp; Schmidhuber 1997), as {@code torch.nn.LSTM(input_size,
 * hidden_size)} with {@code num_layers=1}, {@code batch_first=False}: input {@code [T, N, I]}, output
 * {@code [T, N, H]} (the hidden state of every step) and the final state. Parameter names and shapes are
 * PyTorch's ({@code weight_ih_l0 [4H, I]}, {@code weight_hh_l0 [4H, H]}, {@code bias_ih_l0}, {@code bias_hh_l0}),
 * so state dicts move between the two; initialisation U(−1/√H, 1/√H) as PyTorch.
 *
 * <p>The whole sequence is one fused op ({@link Recurrent#lstm}): one GEMM projects the inputs of all T steps,
 * then one GEMM per step for the recurrence; the backward is hand-written backpropagation through time.
 *
 * <p><b>Deviation:</b> states are {@code [N, H]}; PyTorch's {@code h_0}/{@code h_n} carry a leading
 * {@code num_layers · num_directions} axis, which is 1 here ({@code h.reshape(1, N, H)} gives PyTorch's layout).
 */
public final class Lstm extends Module {
    private final int inputSize, hiddenSize;
    private final RecurrentParams p;

    /** A layer with biases. */
    public Lstm(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    public Lstm(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.p = RecurrentParams.create("Lstm", 4, inputSize, hiddenSize, bias, "_l0", this::registerParameter, rng);
    }

    /** The outputs {@code [T, N, H]} from the zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).output();
    }

    /** Outputs and final state for {@code x [T, N, I]} from {@code state} (each {@code [N, H]}; null: zeros). */
    public Recurrent.LstmOutput forward(Tensor x, Recurrent.LstmState state) {
        return Recurrent.lstm(x, state == null ? null : state.h(), state == null ? null : state.c(),
                p.wIh(), p.wHh(), p.bIh(), p.bHh());
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (p.bIh() == null ? ", bias=False" : "");
    }
}
