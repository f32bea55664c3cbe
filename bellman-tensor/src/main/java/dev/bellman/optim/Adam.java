package dev.bellman.optim;

import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;
import dev.bellman.tensor.kernels.Vec;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) with optional L2 weight decay and AMSGrad (Reddi et al.
 * 2018), with the semantics of {@code torch.optim.Adam}.
 *
 * <p>Per parameter θ with gradient g, at step t:
 * <pre>
 *   g ← g + λθ                          (L2 weight decay λ added to the gradient)
 *   m ← m + (1 − β1)(g − m)             (= β1 m + (1 − β1) g, PyTorch's lerp)
 *   v ← β2 v + (1 − β2) g²
 *   v̂max ← max(v̂max, v)                 (AMSGrad only; used in place of v below)
 *   θ ← θ − (γ / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * Note the placement of ε: it is added after the bias correction of √v (PyTorch), not inside
 * the square root and not before the correction. The bias corrections are computed in double
 * precision from the per-parameter step count, as PyTorch does on the host.
 *
 * <p>For decoupled weight decay use {@link AdamW}.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>The first moment uses the lerp form of PyTorch 2.x; PyTorch 1.13 (which generated the
 *       test fixtures) writes it as {@code m·β1 + (1 − β1)·g}. They differ only in float32
 *       rounding; the fixture test bounds the accumulated difference over 100 steps.</li>
 *   <li>Only the non-capturable CPU path is reproduced (no fused/foreach variants, no
 *       {@code maximize}).</li>
 *   <li>Every variant (weight decay, AMSGrad, {@link AdamW}) runs through {@link Vec#adam}: the same float operations
 *       per element in SIMD lanes (products and sums rounded separately, the square root correctly rounded), and a
 *       parameter larger than {@value #TASK_ELEMENTS} elements in blocks of that size over the kernel threads. Each
 *       element is independent of the others, so the results are the scalar loop's bit for bit on every path, vector
 *       width and thread count ({@code AdamVecTest}).</li>
 * </ol>
 */
public final class Adam extends BaseOptimizer {

    /**
     * Hyperparameters; {@link #defaults(double)} gives PyTorch's (β1 0.9, β2 0.999, ε 1e-8, no
     * weight decay, no AMSGrad). RL code often sets ε = 1e-5 (CleanRL's PPO).
     */
    public record Config(double learningRate, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        public Config {
            checkLr(learningRate);
            checkRange("beta1", beta1, 0, Math.nextDown(1.0));
            checkRange("beta2", beta2, 0, Math.nextDown(1.0));
            checkRange("eps", eps, 0, Double.MAX_VALUE);
            checkRange("weightDecay", weightDecay, 0, Double.MAX_VALUE);
        }

        public static Config defaults(double learningRate) {
            return new Config(learningRate, 0.9, 0.999, 1e-8, 0, false);
        }

        public Config withEps(double newEps) {
            return new Config(learningRate, beta1, beta2, newEps, weightDecay, amsgrad);
        }
    }

    private final Config config;

    public Adam(List<Tensor> params, Config config) {
        super(params, config.learningRate(), "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
        this.config = config;
    }

    /** Adam with PyTorch's defaults and the given learning rate. */
    public Adam(List<Tensor> params, double learningRate) {
        this(params, Config.defaults(learningRate));
    }

    public Config config() {
        return config;
    }

    @Override
    void update(int i, float[] data, int off, float[] grad, int n, long step) {
        adamUpdate(this, config, false, i, data, off, grad, n, step);
    }

    /** Elements per task when a large parameter's update is split over the kernel threads (a multiple of 64). */
    static final int TASK_ELEMENTS = 16384;

    /**
     * The Adam step shared with {@link AdamW}; {@code decoupled} selects AdamW's weight decay. Runs through
     * {@link Vec#adam} (SIMD lanes, the same float operations per element as its scalar loop), a parameter larger than
     * {@value #TASK_ELEMENTS} elements in blocks of that size over the kernel threads ({@link Parallel}): every element
     * is independent of the others, so the bits are the same on every path, vector width and thread count.
     */
    static void adamUpdate(BaseOptimizer opt, Config c, boolean decoupled, int i, float[] data, int off, float[] grad,
                           int n, long step) {
        double lr = opt.lr;
        float[] m = opt.buffer("exp_avg", i);
        float[] v = opt.buffer("exp_avg_sq", i);
        float[] vmax = c.amsgrad() ? opt.buffer("max_exp_avg_sq", i) : null;
        double bc1 = 1 - Math.pow(c.beta1(), step);
        double bc2 = 1 - Math.pow(c.beta2(), step);
        float negStepSize = (float) -(lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float w1 = (float) (1 - c.beta1());
        float b2 = (float) c.beta2();
        float w2 = (float) (1 - c.beta2());
        float eps = (float) c.eps();
        float weightDecay = (float) c.weightDecay();
        // Adam: g ← g + λθ (L2); AdamW (Loshchilov and Hutter 2019): θ ← θ(1 − γλ) before the Adam step
        float l2 = decoupled ? 0f : weightDecay;
        float decay = decoupled && weightDecay != 0 ? (float) (1 - lr * c.weightDecay()) : 1f;
        int tasks = (n + TASK_ELEMENTS - 1) / TASK_ELEMENTS;
        if (tasks <= 1) {
            Vec.adam(data, off, grad, 0, m, v, vmax, 0, w1, b2, w2, bc2Sqrt, eps, negStepSize, l2, decay, n);
        } else {
            Parallel.forEachTask(tasks, t -> {
                int from = t * TASK_ELEMENTS, len = Math.min(TASK_ELEMENTS, n - from);
                Vec.adam(data, off + from, grad, from, m, v, vmax, from, w1, b2, w2, bc2Sqrt, eps, negStepSize, l2, decay,
                        len);
            });
        }
    }
}
