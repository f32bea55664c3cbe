package dev.bellman.nn;

import dev.bellman.tensor.Recurrent;
import dev.bellman.tensor.Tensor;

/**
 * One step of a gated recurrent unit (Cho et al. 2014), as {@code torch.nn.GRUCell}: input {@code [N, I]} and
 * hidden state {@code [N, H]} give the next hidden state. Parameters {@code weight_ih [3H, I]},
 * {@code weight_hh [3H, H]}, {@code bias_ih}, {@code bias_hh [3H]}, gates in PyTorch's order r, z, n (with
 * {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))}, {@code h' = (1 − z) ⊙ n + z ⊙ h}); all initialised from
 * U(−1/√H, 1/√H) as PyTorch. The step is one fused op with a hand-written backward ({@link Recurrent#gruCell}).
 */
public final class GruCell extends Module {
    private final int inputSize, hiddenSize;
    private final RecurrentParams p;

    /** A cell with biases. */
    public GruCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    public GruCell(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.p = RecurrentParams.create("GruCell", 3, inputSize, hiddenSize, bias, "", this::registerParameter, rng);
    }

    /** The next hidden state from the zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /** The next hidden state from input {@code x [N, I]} and {@code h [N, H]} (null: zeros). */
    public Tensor forward(Tensor x, Tensor h) {
        return Recurrent.gruCell(x, h, p.wIh(), p.wHh(), p.bIh(), p.bHh());
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (p.bIh() == null ? ", bias=False" : "");
    }
}
