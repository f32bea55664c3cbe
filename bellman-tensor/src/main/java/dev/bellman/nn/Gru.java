package dev.bellman.nn;

import dev.bellman.tensor.Recurrent;
import dev.bellman.tensor.Tensor;

/**
 * A single-layer GRU over a sequence (Cho et al. 2014), as {@code torch.nn.GRU(input_size, hidden_size)} with
 * {@code num_layers=1}, {@code batch_first=False}: input {@code [T, N, I]}, output {@code [T, N, H]} and the final
 * hidden state. Parameter names and shapes are PyTorch's ({@code weight_ih_l0 [3H, I]}, {@code weight_hh_l0 [3H, H]},
 * {@code bias_ih_l0}, {@code bias_hh_l0}; gates r, z, n); initialisation U(−1/√H, 1/√H) as PyTorch.
 *
 * <p>The whole sequence is one fused op ({@link Recurrent#gru}) with a hand-written backward.
 *
 * <p><b>Deviation:</b> states are {@code [N, H]}; PyTorch's {@code h_0}/{@code h_n} carry a leading axis of size
 * {@code num_layers · num_directions} = 1.
 */
public final class Gru extends Module {
    private final int inputSize, hiddenSize;
    private final RecurrentParams p;

    /** A layer with biases. */
    public Gru(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    public Gru(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.p = RecurrentParams.create("Gru", 3, inputSize, hiddenSize, bias, "_l0", this::registerParameter, rng);
    }

    /** The outputs {@code [T, N, H]} from the zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).output();
    }

    /** Outputs and final hidden state for {@code x [T, N, I]} from {@code h0 [N, H]} (null: zeros). */
    public Recurrent.GruOutput forward(Tensor x, Tensor h0) {
        return Recurrent.gru(x, h0, p.wIh(), p.wHh(), p.bIh(), p.bHh());
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (p.bIh() == null ? ", bias=False" : "");
    }
}
