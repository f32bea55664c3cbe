package dev.bellman.nn;

import dev.bellman.tensor.Recurrent;
import dev.bellman.tensor.Tensor;

/**
 * One step of a long short-term memory (Hochreiter &amp; Schmidhuber 1997; forget gate of Gers et al. 2000), as
 * {@code torch.nn.LSTMCell}: input {@code [N, I]} and state {@code (h, c)}, each {@code [N, H]}, give the next
 * state. Parameters {@code weight_ih [4H, I]}, {@code weight_hh [4H, H]}, {@code bias_ih}, {@code bias_hh [4H]},
 * gates in PyTorch's order i, f, g, o; all initialised from U(−1/√H, 1/√H) as PyTorch. The step is one fused op
 * with a hand-written backward ({@link Recurrent#lstmCell}, equations there).
 */
public final class LstmCell extends Module {
    private final int inputSize, hiddenSize;
    private final RecurrentParams p;

    /** A cell with biases. */
    public LstmCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    public LstmCell(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.p = RecurrentParams.create("LstmCell", 4, inputSize, hiddenSize, bias, "", this::registerParameter, rng);
    }

    /** The next state from input {@code x [N, I]} and {@code state} (null: zeros). */
    public Recurrent.LstmState forward(Tensor x, Recurrent.LstmState state) {
        return Recurrent.lstmCell(x, state == null ? null : state.h(), state == null ? null : state.c(),
                p.wIh(), p.wHh(), p.bIh(), p.bHh());
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (p.bIh() == null ? ", bias=False" : "");
    }
}
