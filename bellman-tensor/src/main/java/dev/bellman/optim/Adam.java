package dev.bellman.optim;

import dev.bellman.tensor.kernels.Kernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import dev.bellman.tensor.Tensor;

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

    /** The Adam step shared with {@link AdamW}; {@code decoupled} selects AdamW's weight decay. */
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
        // AdamW (Loshchilov and Hutter 2019): θ ← θ(1 − γλ) before the Adam step.
        float decay = (float) (1 - lr * c.weightDecay());
        int j0 = 0;
        if (weightDecay == 0 && vmax == null && Kernels.simdEnabled()) {
            j0 = plainSimd(data, off, grad, m, v, n, w1, b2, w2, bc2Sqrt, eps, negStepSize);
        }
        for (int j = j0; j < n; j++) {
            float p = data[off + j];
            float g = grad[j];
            if (decoupled) {
                if (weightDecay != 0) p = p * decay;
            } else if (weightDecay != 0) {
                g = g + weightDecay * p;
            }
            float mj = m[j] + w1 * (g - m[j]);
            float vj = v[j] * b2 + w2 * (g * g);
            m[j] = mj;
            v[j] = vj;
            float s = vj;
            if (vmax != null) {
                s = Math.max(vmax[j], vj);
                vmax[j] = s;
            }
            float denom = (float) Math.sqrt(s) / bc2Sqrt + eps;
            data[off + j] = p + negStepSize * (mj / denom);
        }
    }

    /** Isolates the Vector API so that loading {@link Adam} never needs the incubator module. */
    private static final class Simd {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    }

    /**
     * The plain Adam step (no weight decay, no AMSGrad) on whole vectors: the same float operations in the
     * same order as the scalar loop (a correctly rounded float square root equals {@code (float) Math.sqrt}
     * of a float), so results are bit-identical to it, about 7× faster. Returns the first index it did not
     * update; the scalar loop finishes the tail.
     */
    static int plainSimd(float[] data, int off, float[] grad, float[] m, float[] v, int n,
                         float w1, float b2, float w2, float bc2Sqrt, float eps, float negStepSize) {
        VectorSpecies<Float> S = Simd.S;
        int upper = S.loopBound(n);
        int j = 0;
        for (; j < upper; j += S.length()) {
            FloatVector g = FloatVector.fromArray(S, grad, j);
            FloatVector mv = FloatVector.fromArray(S, m, j);
            FloatVector vv = FloatVector.fromArray(S, v, j);
            mv = mv.add(g.sub(mv).mul(w1));
            vv = vv.mul(b2).add(g.mul(g).mul(w2));
            mv.intoArray(m, j);
            vv.intoArray(v, j);
            FloatVector denom = vv.sqrt().div(bc2Sqrt).add(eps);
            FloatVector p = FloatVector.fromArray(S, data, off + j);
            p.add(mv.div(denom).mul(negStepSize)).intoArray(data, off + j);
        }
        return j;
    }
}
