package dev.bellman.distributions;

import dev.bellman.tensor.Autodiff;
import dev.bellman.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Exact products {@code (F + λI)·v} of the average Fisher information matrix of a policy with a vector
 * {@code v} in parameter space, for the conjugate-gradient step of TRPO (Schulman et al. 2015, "Trust
 * Region Policy Optimization", appendix C).
 *
 * <p>Let {@code η_b(θ)} be the distribution parameters the policy produces for batch row {@code b}
 * (logits for {@link Categorical}; mean and log-std for {@link DiagGaussian}), {@code J_b = ∂η_b/∂θ}, and
 * {@code M_b} the Fisher information of the distribution in its own parameters {@code η}:
 * <ul>
 *   <li>categorical logits: {@code M = diag(p) − p pᵀ};</li>
 *   <li>diagonal Gaussian in (μ, log σ): {@code M = diag(1/σ², 2)} per coordinate (the cross terms vanish).</li>
 * </ul>
 * Then {@code F = (1/B) Σ_b J_bᵀ M_b J_b} and
 * <pre>
 *   F·v = (1/B) Σ_b J_bᵀ (M_b (J_b v))
 * </pre>
 * computed with one forward-mode pass for {@code J v} ({@link Autodiff#jvp}), the analytic {@code M} applied
 * in double precision, and one reverse pass for {@code Jᵀ(·)} ({@link Autodiff#vjp}) over a graph recorded
 * once at construction.
 *
 * <p>This is exact (up to float32 rounding), not a finite-difference approximation, and it equals the Hessian
 * of the mean KL divergence {@code (1/B) Σ_b KL(π_old(·|s_b) ‖ π_θ(·|s_b))} at {@code θ = θ_old}: the
 * Hessian is {@code Σ_b [J_bᵀ ∇²_η KL J_b + Σ_i ∂KL/∂η_i ∇²_θ η_{b,i}]}, the second sum vanishes because
 * the KL is minimal (zero gradient) at {@code η = η_old}, and {@code ∇²_η KL(p_old ‖ p_η)} at
 * {@code η_old} is the Fisher matrix {@code M}. The optional damping adds {@code λ v} (TRPO
 * implementations such as Spinning Up and SB3-contrib default to {@code λ = 0.1}).
 *
 * <p>The products are taken at the parameter values current when the instance is built (θ_old); the
 * supplier is re-run on every {@link #apply} (for the forward-mode pass), so the parameters must not change
 * while the instance is in use.
 */
public final class FisherVectorProduct {

    /** Writes {@code (1/B) M_b t_b} for every row b of the output tangent {@code t} into {@code out}. */
    private interface Metric {
        void apply(float[] tangent, float[] out);
    }

    private final List<Tensor> params;
    private final Supplier<Tensor> head;
    private final Tensor out;
    private final Metric metric;
    private final float damping;
    private final int dimension;

    private FisherVectorProduct(List<Tensor> params, Supplier<Tensor> head, Metric metric, Tensor out,
                                float damping) {
        if (!out.requiresGrad()) {
            throw new IllegalStateException("FisherVectorProduct: the policy output does not require grad; build the"
                    + " product outside Tensor.noGrad() and pass parameters that require grad");
        }
        this.params = List.copyOf(params);
        this.head = head;
        this.out = out;
        this.metric = metric;
        this.damping = damping;
        int n = 0;
        for (Tensor p : this.params) n += p.size();
        this.dimension = n;
    }

    /**
     * Fisher-vector products of a categorical policy.
     *
     * @param params  the policy parameters θ (the flattening order of {@code v})
     * @param policy  evaluates the policy on the fixed batch of states at the current parameters
     * @param damping {@code λ ≥ 0}
     */
    public static FisherVectorProduct categorical(List<Tensor> params, Supplier<Categorical> policy, float damping) {
        checkDamping(damping);
        Supplier<Tensor> head = () -> policy.get().logits();
        Tensor logits = head.get();
        int batch = logits.dim(0), k = logits.dim(1);
        float[] p;
        try (var g = Tensor.noGrad()) {
            p = logits.detach().softmax(-1).toArray();
        }
        double invB = 1.0 / batch;
        Metric m = (t, o) -> {
            for (int b = 0; b < batch; b++) {
                int row = b * k;
                double pt = 0;
                for (int j = 0; j < k; j++) pt += (double) p[row + j] * t[row + j];
                for (int j = 0; j < k; j++) o[row + j] = (float) (invB * p[row + j] * (t[row + j] - pt));
            }
        };
        return new FisherVectorProduct(params, head, m, logits, damping);
    }

    /**
     * Fisher-vector products of a diagonal-Gaussian policy, in the parameters (μ, log σ); a state-independent
     * {@code [D]} log-std parameter is handled through its expansion over the batch.
     *
     * @param params  the policy parameters θ (the flattening order of {@code v})
     * @param policy  evaluates the policy on the fixed batch of states at the current parameters
     * @param damping {@code λ ≥ 0}
     */
    public static FisherVectorProduct diagGaussian(List<Tensor> params, Supplier<DiagGaussian> policy, float damping) {
        checkDamping(damping);
        Supplier<Tensor> head = () -> {
            DiagGaussian d = policy.get();
            return Tensor.concat(1, d.mean(), d.logStdExpanded());
        };
        Tensor stacked = head.get();
        int batch = stacked.dim(0), d2 = stacked.dim(1), d = d2 / 2;
        float[] v = stacked.toArray();
        double invB = 1.0 / batch;
        double[] invVar = new double[batch * d];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < d; j++) invVar[b * d + j] = Math.exp(-2.0 * v[b * d2 + d + j]);
        }
        Metric m = (t, o) -> {
            for (int b = 0; b < batch; b++) {
                int row = b * d2;
                for (int j = 0; j < d; j++) {
                    o[row + j] = (float) (invB * invVar[b * d + j] * t[row + j]); // 1/σ² for the mean
                    o[row + d + j] = (float) (invB * 2.0 * t[row + d + j]);       // 2 for log σ
                }
            }
        };
        return new FisherVectorProduct(params, head, m, stacked, damping);
    }

    private static void checkDamping(float damping) {
        if (!(damping >= 0f) || Float.isInfinite(damping)) {
            throw new IllegalArgumentException("damping must be finite and non-negative but was " + damping);
        }
    }

    /** The number of parameters (the length of the vectors {@link #apply} takes and returns). */
    public int dimension() {
        return dimension;
    }

    /** {@code (F + λI)·v}, flattened in the order of the parameter list. */
    public float[] apply(float[] v) {
        if (v.length != dimension) {
            throw new IllegalArgumentException("FisherVectorProduct: vector of length " + v.length + " for "
                    + dimension + " parameters");
        }
        float[] jv = Autodiff.jvp(head, params, v);
        float[] mjv = new float[jv.length];
        metric.apply(jv, mjv);
        float[] fv = Autodiff.vjp(out, params, mjv);
        if (damping != 0f) {
            for (int i = 0; i < fv.length; i++) fv[i] += damping * v[i];
        }
        return fv;
    }
}
