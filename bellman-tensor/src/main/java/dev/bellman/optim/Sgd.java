package dev.bellman.optim;

import dev.bellman.tensor.Tensor;

import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay, exactly as {@code torch.optim.SGD}.
 *
 * <p>Per parameter θ with gradient g, at step t:
 * <pre>
 *   g ← g + λθ                                (weight decay λ, if λ ≠ 0)
 *   b ← g                  if t = 1           (momentum μ ≠ 0)
 *   b ← μb + (1 − τ)g      otherwise          (dampening τ)
 *   g ← g + μb if nesterov, else g ← b
 *   θ ← θ − γg                                (learning rate γ)
 * </pre>
 * This is Sutskever et al. (2013)'s momentum in PyTorch's form (the learning rate multiplies the
 * buffer, not the gradient inside it), which differs from some other frameworks.
 */
public final class Sgd extends BaseOptimizer {

    /** Hyperparameters; PyTorch's defaults except the learning rate, which PyTorch requires. */
    public record Config(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay) {
        public Config {
            checkLr(learningRate);
            checkRange("momentum", momentum, 0, Double.MAX_VALUE);
            checkRange("dampening", dampening, 0, 1);
            checkRange("weightDecay", weightDecay, 0, Double.MAX_VALUE);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("nesterov momentum needs momentum > 0 and dampening = 0 but momentum was "
                        + momentum + " and dampening " + dampening);
            }
        }

        /** Plain SGD: no momentum, no weight decay. */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0, 0, false, 0);
        }
    }

    private final float momentum, dampening, weightDecay;
    private final boolean nesterov;

    public Sgd(List<Tensor> params, Config config) {
        super(params, config.learningRate(), "momentum_buffer");
        this.momentum = (float) config.momentum();
        this.dampening = (float) config.dampening();
        this.weightDecay = (float) config.weightDecay();
        this.nesterov = config.nesterov();
    }

    /** Plain SGD with the given learning rate. */
    public Sgd(List<Tensor> params, double learningRate) {
        this(params, Config.of(learningRate));
    }

    @Override
    void update(int i, float[] data, int off, float[] grad, int n, long step) {
        float negLr = (float) -lr;
        boolean first = !hasBuffer("momentum_buffer", i);
        float[] buf = momentum != 0 ? buffer("momentum_buffer", i) : null;
        float oneMinusDamp = 1f - dampening;
        for (int j = 0; j < n; j++) {
            float p = data[off + j];
            float g = grad[j];
            if (weightDecay != 0) g = g + weightDecay * p;
            if (buf != null) {
                float b = first ? g : buf[j] * momentum + oneMinusDamp * g;
                buf[j] = b;
                g = nesterov ? g + momentum * b : b;
            }
            data[off + j] = p + negLr * g;
        }
    }
}
