package dev.bellman.distributions;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * A batch of Gaussians with diagonal covariance: mean {@code μ [B, D]} and log-standard-deviation
 * {@code log σ}, either {@code [B, D]} (state-dependent, as SAC's actor outputs) or {@code [D]}
 * (a free parameter broadcast over the batch, as PPO and TRPO use for continuous control).
 *
 * <p>Per row, summed over the {@code D} independent coordinates (PyTorch's
 * {@code Independent(Normal(μ, σ), 1)}):
 * <ul>
 *   <li>{@code log N(a) = Σ_d [−½ ((a_d − μ_d)/σ_d)² − log σ_d − ½ log 2π]}</li>
 *   <li>{@code H = Σ_d [½ + ½ log 2π + log σ_d]}</li>
 *   <li>{@code KL(p‖q) = Σ_d [log σ_q − log σ_p + (σ_p² + (μ_p − μ_q)²) / (2 σ_q²) − ½]}</li>
 * </ul>
 * {@link #rsample} is the reparameterisation trick (Kingma and Welling 2014): {@code a = μ + σ·ε},
 * {@code ε ~ N(0, I)} drawn from the given {@link Rng} in row-major order, differentiable in μ and log σ.
 */
public final class DiagGaussian {

    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Tensor mean;
    private final Tensor logStd;
    private final int batch;
    private final int dim;
    private Tensor std;

    /**
     * @param mean   {@code [B, D]}
     * @param logStd {@code [B, D]} or {@code [D]}
     */
    public DiagGaussian(Tensor mean, Tensor logStd) {
        if (mean.rank() != 2) {
            throw new IllegalArgumentException("DiagGaussian: mean must have shape [B, D] but had shape "
                    + Arrays.toString(mean.shape()));
        }
        this.batch = mean.dim(0);
        this.dim = mean.dim(1);
        boolean shared = logStd.rank() == 1 && logStd.dim(0) == dim;
        boolean perRow = logStd.rank() == 2 && logStd.dim(0) == batch && logStd.dim(1) == dim;
        if (!shared && !perRow) {
            throw new IllegalArgumentException("DiagGaussian: logStd must have shape [" + batch + ", " + dim + "] or ["
                    + dim + "] to match mean " + Arrays.toString(mean.shape()) + " but had shape "
                    + Arrays.toString(logStd.shape()));
        }
        this.mean = mean;
        this.logStd = logStd;
    }

    public int batchSize() { return batch; }

    /** The number of action dimensions {@code D}. */
    public int dim() { return dim; }

    /** {@code μ [B, D]}. */
    public Tensor mean() { return mean; }

    /** {@code log σ} as given ({@code [B, D]} or {@code [D]}). */
    public Tensor logStd() { return logStd; }

    /** {@code log σ} broadcast to {@code [B, D]} (differentiable; a shared {@code [D]} parameter is expanded). */
    public Tensor logStdExpanded() {
        return logStd.rank() == 2 ? logStd : logStd.expand(batch, dim);
    }

    /** {@code σ = exp(log σ)}, shape as {@link #logStd()}. */
    public Tensor std() {
        if (std == null) std = logStd.exp();
        return std;
    }

    /** {@code μ}, the most probable action. */
    public Tensor mode() { return mean; }

    /** A draw {@code μ + σ·ε} without a tape (for acting). */
    public Tensor sample(Rng rng) {
        float[] m = mean.data();
        int mo = mean.offset();
        float[] ls = logStd.data();
        int lo = logStd.offset();
        boolean shared = logStd.rank() == 1;
        float[] out = new float[batch * dim];
        for (int i = 0; i < out.length; i++) {
            double s = Math.exp(ls[lo + (shared ? i % dim : i)]);
            out[i] = (float) (m[mo + i] + s * rng.nextGaussian());
        }
        return Tensor.of(out, batch, dim);
    }

    /** A reparameterised draw {@code μ + σ·ε}, differentiable in μ and log σ. */
    public Tensor rsample(Rng rng) {
        return mean.add(std().mul(standardNormal(rng, batch, dim)));
    }

    static Tensor standardNormal(Rng rng, int batch, int dim) {
        float[] eps = new float[batch * dim];
        for (int i = 0; i < eps.length; i++) eps[i] = (float) rng.nextGaussian();
        return Tensor.of(eps, batch, dim);
    }

    /** {@code log N(actions)} summed over the last axis, shape {@code [B]}. */
    public Tensor logProb(Tensor actions) {
        checkShape("logProb", actions);
        Tensor z = actions.sub(mean).div(std());
        return z.square().mul(-0.5f).sub(logStd).sub((float) HALF_LOG_2PI).sum(-1, false);
    }

    /** Differential entropy per row, shape {@code [B]}. */
    public Tensor entropy() {
        return logStdExpanded().add((float) (0.5 + HALF_LOG_2PI)).sum(-1, false);
    }

    /** {@code KL(this ‖ other)} per row, shape {@code [B]}. */
    public Tensor kl(DiagGaussian other) {
        if (other.batch != batch || other.dim != dim) {
            throw new IllegalArgumentException("DiagGaussian.kl: shapes [" + batch + ", " + dim + "] and ["
                    + other.batch + ", " + other.dim + "] differ");
        }
        Tensor varP = logStd.mul(2f).exp();
        Tensor varQ = other.logStd.mul(2f).exp();
        Tensor diff = mean.sub(other.mean);
        Tensor ratio = diff.square().add(varP).div(varQ.mul(2f)); // [B, D] by broadcasting
        return ratio.add(other.logStd.sub(logStd)).sub(0.5f).sum(-1, false);
    }

    private void checkShape(String op, Tensor actions) {
        if (actions.rank() != 2 || actions.dim(0) != batch || actions.dim(1) != dim) {
            throw new IllegalArgumentException("DiagGaussian." + op + ": actions must have shape [" + batch + ", " + dim
                    + "] but had shape " + Arrays.toString(actions.shape()));
        }
    }
}
