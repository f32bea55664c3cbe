package dev.bellman.optim;

import dev.bellman.tensor.Tensor;

import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay, as {@code torch.optim.AdamW}.
 *
 * <p>Each step first shrinks the parameter, θ ← θ(1 − γλ), and then applies the {@link Adam}
 * update with the raw gradient (no L2 term in the moments). PyTorch's default weight decay for
 * AdamW is 0.01 ({@link #defaults(double)}).
 */
public final class AdamW extends BaseOptimizer {
    private final Adam.Config config;

    /** An AdamW optimizer; {@code config.weightDecay()} is the decoupled decay λ. */
    public AdamW(List<Tensor> params, Adam.Config config) {
        super(params, config.learningRate(), "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
        this.config = config;
    }

    /** AdamW with PyTorch's defaults and the given learning rate. */
    public AdamW(List<Tensor> params, double learningRate) {
        this(params, defaults(learningRate));
    }

    /** PyTorch's AdamW defaults: β1 0.9, β2 0.999, ε 1e-8, weight decay 0.01, no AMSGrad. */
    public static Adam.Config defaults(double learningRate) {
        return new Adam.Config(learningRate, 0.9, 0.999, 1e-8, 0.01, false);
    }

    public Adam.Config config() {
        return config;
    }

    @Override
    void update(int i, float[] data, int off, float[] grad, int n, long step) {
        Adam.adamUpdate(this, config, true, i, data, off, grad, n, step);
    }
}
