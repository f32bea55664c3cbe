package dev.bellman.algorithms.imitation;

import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

/**
 * The scalar network of the adversarial methods ({@code imitation}'s {@code BasicRewardNet} MLP): two ReLU hidden
 * layers and a linear output, PyTorch's default {@code nn.Linear} initialisation. It also returns its gradient with
 * respect to the input as a differentiable function of the weights ({@link #inputGradient}), which the gradient penalty
 * needs and which the tensor engine, having no double backward, cannot take from the tape.
 */
final class RewardMlp extends Module {
    final int inSize, hidden;
    private final Linear l1, l2, l3;

    RewardMlp(int inSize, int hidden, Rng rng) {
        if (inSize <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("inSize and hidden must be positive but were " + inSize + ", " + hidden);
        }
        this.inSize = inSize;
        this.hidden = hidden;
        l1 = registerModule("l1", new Linear(inSize, hidden, rng));
        l2 = registerModule("l2", new Linear(hidden, hidden, rng));
        l3 = registerModule("l3", new Linear(hidden, 1, rng));
    }

    /** The output per row, shape {@code [B]}. */
    @Override
    public Tensor forward(Tensor x) {
        int b = x.dim(0);
        return l3.forward(l2.forward(l1.forward(x).relu()).relu()).reshape(b);
    }

    /**
     * ∂out/∂x per row, {@code [B, inSize]}, built from the weights so that it can be differentiated with respect to
     * them: with {@code m1, m2} the ReLU masks (constants), {@code ∇x = ((m2 ⊙ w3) W2 ⊙ m1) W1}.
     */
    Tensor inputGradient(Tensor x) {
        Tensor pre1 = l1.forward(x);
        Tensor pre2 = l2.forward(pre1.relu());
        Tensor m1 = Tensor.of(mask(pre1), pre1.shape());
        Tensor m2 = Tensor.of(mask(pre2), pre2.shape());
        Tensor g2 = m2.mul(l3.weight()); // [B, H] * [1, H]
        Tensor g1 = g2.matmul(l2.weight()).mul(m1); // [B, H] x [H, H]
        return g1.matmul(l1.weight()); // [B, H] x [H, in]
    }

    private static float[] mask(Tensor pre) {
        float[] v = pre.toArray();
        for (int i = 0; i < v.length; i++) v[i] = v[i] > 0 ? 1f : 0f;
        return v;
    }
}
