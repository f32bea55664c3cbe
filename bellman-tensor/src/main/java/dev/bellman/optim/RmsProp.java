package dev.bellman.optim;

import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;
import dev.bellman.tensor.kernels.Vec;

import java.util.List;

/**
 * RMSprop (Hinton, Coursera lecture 6e, 2012) with optional momentum and the centered variant of
 * Graves (2013, eq. 38–45), with the semantics of {@code torch.optim.RMSprop}.
 *
 * <p>Per parameter θ with gradient g:
 * <pre>
 *   g ← g + λθ                            (weight decay λ)
 *   v ← α v + (1 − α) g²
 *   centered:  ḡ ← ḡ + (1 − α)(g − ḡ);  d ← √(v − ḡ²) + ε
 *   otherwise: d ← √v + ε
 *   momentum μ > 0: b ← μ b + g / d;  θ ← θ − γ b
 *   otherwise:      θ ← θ − γ g / d
 * </pre>
 * ε is added outside the square root (PyTorch), unlike TensorFlow's RMSprop, which adds it
 * inside; PyTorch's defaults are γ 0.01, α 0.99, ε 1e-8.
 *
 * <p>Without momentum and weight decay (the MinAtar reference agent's setting) the update runs through
 * {@link Vec#rmsprop}: the same float operations per element in SIMD lanes (products and sums rounded separately, the
 * square root correctly rounded, as {@code (float) Math.sqrt} of a float is), and a parameter larger than
 * {@value #TASK_ELEMENTS} elements in blocks of that size over the kernel threads ({@link Parallel}). Every element is
 * independent of the others, so the results are the scalar loop's bit for bit on every path, vector width and thread
 * count. On the MinAtar DQN (132,000 parameters) this took the optimizer from about a quarter of an update's time to
 * a sixteenth (JFR samples, one thread, loaded machine).
 */
public final class RmsProp extends BaseOptimizer {

    public record Config(double learningRate, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        public Config {
            checkLr(learningRate);
            checkRange("alpha", alpha, 0, 1);
            checkRange("eps", eps, 0, Double.MAX_VALUE);
            checkRange("weightDecay", weightDecay, 0, Double.MAX_VALUE);
            checkRange("momentum", momentum, 0, Double.MAX_VALUE);
        }

        /** PyTorch's defaults with the given learning rate: α 0.99, ε 1e-8, no momentum, not centered. */
        public static Config defaults(double learningRate) {
            return new Config(learningRate, 0.99, 1e-8, 0, 0, false);
        }
    }

    private final float alpha, eps, weightDecay, momentum;
    private final boolean centered;

    public RmsProp(List<Tensor> params, Config config) {
        super(params, config.learningRate(), "square_avg", "grad_avg", "momentum_buffer");
        this.alpha = (float) config.alpha();
        this.eps = (float) config.eps();
        this.weightDecay = (float) config.weightDecay();
        this.momentum = (float) config.momentum();
        this.centered = config.centered();
    }

    /** Elements per task when a large parameter's update is split over the kernel threads (a multiple of 64). */
    static final int TASK_ELEMENTS = 16384;

    @Override
    void update(int i, float[] data, int off, float[] grad, int n, long step) {
        float[] v = buffer("square_avg", i);
        float[] gAvg = centered ? buffer("grad_avg", i) : null;
        float[] buf = momentum > 0 ? buffer("momentum_buffer", i) : null;
        float negLr = (float) -lr;
        float w = 1f - alpha;
        if (weightDecay == 0 && buf == null) {
            // the same float operations per element as the loop below (Vec.rmsprop), SIMD and, for large parameters,
            // in fixed blocks over the kernel threads: every element is independent, so the bits do not change
            int tasks = (n + TASK_ELEMENTS - 1) / TASK_ELEMENTS;
            if (tasks <= 1) {
                Vec.rmsprop(data, off, grad, 0, v, gAvg, 0, alpha, w, eps, negLr, n);
            } else {
                Parallel.forEachTask(tasks, t -> {
                    int from = t * TASK_ELEMENTS, len = Math.min(TASK_ELEMENTS, n - from);
                    Vec.rmsprop(data, off + from, grad, from, v, gAvg, from, alpha, w, eps, negLr, len);
                });
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            float p = data[off + j];
            float g = grad[j];
            if (weightDecay != 0) g = g + weightDecay * p;
            float vj = v[j] * alpha + w * (g * g);
            v[j] = vj;
            float avg;
            if (gAvg != null) {
                float ga = gAvg[j] + w * (g - gAvg[j]);
                gAvg[j] = ga;
                avg = (float) Math.sqrt(vj - ga * ga);
            } else {
                avg = (float) Math.sqrt(vj);
            }
            avg = avg + eps;
            if (buf != null) {
                float b = buf[j] * momentum + g / avg;
                buf[j] = b;
                data[off + j] = p + negLr * b;
            } else {
                data[off + j] = p + negLr * (g / avg);
            }
        }
    }
}
