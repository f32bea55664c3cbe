package dev.bellman.distributions;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * The tanh-squashed diagonal Gaussian of Soft Actor-Critic (Haarnoja et al. 2018, "Soft Actor-Critic:
 * Off-Policy Maximum Entropy Deep RL with a Stochastic Actor", appendix C): {@code u ~ N(μ, σ²)},
 * action {@code a = tanh(u) ∈ (−1, 1)^D}.
 *
 * <p>By the change of variables (eq. 21 of the paper),
 * <pre>
 *   log π(a|s) = log N(u | μ, σ) − Σ_d log(1 − tanh²(u_d))
 * </pre>
 * with the Jacobian term computed in the numerically stable form
 * <pre>
 *   log(1 − tanh² u) = 2 · (log 2 − u − softplus(−2u))
 * </pre>
 * which follows from {@code 1 − tanh² u = 4 e^{−2u} / (1 + e^{−2u})²}.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>The stable form is the one of PyTorch's {@code TanhTransform.log_abs_det_jacobian} and of OpenAI
 *       Spinning Up's SAC. CleanRL's {@code sac_continuous_action.py} and SB3's squashed Gaussian instead
 *       subtract {@code log(1 − a² + 1e-6)}; the two agree to about {@code 1e-6 / (1 − a²)} while
 *       {@code |u| ≲ 3}, but in float32 {@code 1 − tanh²u} rounds to 0 once {@code |u| ≳ 9} and the
 *       epsilon form then saturates at {@code log 1e-6}, whereas the stable form stays exact (and its
 *       gradient stays correct) for any {@code u}. We chose exactness; the fixture test compares against
 *       {@code torch.distributions.TransformedDistribution(Normal, TanhTransform)} evaluated in float64.</li>
 *   <li>There is no closed-form entropy or KL; SAC estimates the entropy by {@code −log π(a|s)} of the
 *       reparameterised sample, so this class has neither method.</li>
 *   <li>Prefer {@link #logProbPreTanh} with the pre-tanh sample {@code u} kept from {@link #rsample}: recovering
 *       {@code u = atanh(a)} from a float32 action (as {@link #logProb} must) loses precision near ±1.</li>
 *   <li>Action scaling to a Box {@code [low, high]} is left to the caller (it adds the constant
 *       {@code −Σ log scale} to the log-density).</li>
 * </ol>
 */
public final class TanhGaussian {

    /** A reparameterised draw: the action {@code a = tanh(u)}, its log-density, and the pre-tanh {@code u}. */
    public record Sample(Tensor action, Tensor logProb, Tensor preTanh) {}

    /** {@link #logProb} clamps actions to {@code ±(1 − ACTION_CLAMP)} before inverting tanh. */
    static final float ACTION_CLAMP = 1e-6f;
    private static final float LOG2 = (float) Math.log(2.0);

    private final DiagGaussian base;

    /**
     * @param mean   pre-tanh mean {@code [B, D]}
     * @param logStd pre-tanh log-standard-deviation {@code [B, D]} or {@code [D]}
     */
    public TanhGaussian(Tensor mean, Tensor logStd) {
        this.base = new DiagGaussian(mean, logStd);
    }

    /** The Gaussian over the pre-tanh variable {@code u}. */
    public DiagGaussian base() { return base; }

    public Tensor mean() { return base.mean(); }

    public Tensor logStd() { return base.logStd(); }

    /** {@code tanh(μ)}, the deterministic action SAC evaluates with. */
    public Tensor mode() { return base.mean().tanh(); }

    /** A squashed draw {@code tanh(μ + σ·ε)} without a tape (for acting). */
    public Tensor sample(Rng rng) {
        Tensor u = base.sample(rng);
        float[] d = u.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.tanh(d[i]);
        return u;
    }

    /** A reparameterised squashed draw and its log-density, both differentiable in μ and log σ. */
    public Sample rsample(Rng rng) {
        Tensor u = base.rsample(rng);
        return new Sample(u.tanh(), logProbPreTanh(u), u);
    }

    /** {@code log π(tanh(u))} for given pre-tanh values {@code u [B, D]}, shape {@code [B]}. */
    public Tensor logProbPreTanh(Tensor u) {
        return base.logProb(u).sub(logAbsDetJacobian(u));
    }

    /** {@code Σ_d log(1 − tanh²(u_d)) = Σ_d 2 (log 2 − u_d − softplus(−2 u_d))}, shape {@code [B]}. */
    static Tensor logAbsDetJacobian(Tensor u) {
        Tensor sp = u.mul(-2f).softplus();
        return u.neg().sub(sp).add(LOG2).mul(2f).sum(-1, false);
    }

    /**
     * {@code log π(a)} for squashed actions {@code a [B, D]} in {@code (−1, 1)}, via
     * {@code u = atanh(a) = ½ (log(1 + a) − log(1 − a))} after clamping {@code a} to
     * {@code ±(1 − 1e-6)}. See the implementation notes on precision.
     */
    public Tensor logProb(Tensor actions) {
        if (actions.rank() != 2 || actions.dim(0) != base.batchSize() || actions.dim(1) != base.dim()) {
            throw new IllegalArgumentException("TanhGaussian.logProb: actions must have shape [" + base.batchSize() + ", "
                    + base.dim() + "] but had shape " + Arrays.toString(actions.shape()));
        }
        Tensor a = actions.clamp(-1f + ACTION_CLAMP, 1f - ACTION_CLAMP);
        Tensor u = a.add(1f).log().sub(a.rsub(1f).log()).mul(0.5f);
        return logProbPreTanh(u);
    }
}
