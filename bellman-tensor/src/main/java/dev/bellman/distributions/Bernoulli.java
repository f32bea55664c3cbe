package dev.bellman.distributions;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * A batch of {@code D} independent Bernoulli variables per row (a {@code MultiBinary(D)} action),
 * parameterised by logits {@code ℓ [B, D]}, {@code p = σ(ℓ)}.
 *
 * <p>Per row, summed over the last axis (PyTorch's {@code Independent(Bernoulli(logits=ℓ), 1)}), written
 * with {@code softplus} so that no {@code log σ} is ever evaluated:
 * <ul>
 *   <li>{@code log p(x) = Σ_d [x_d ℓ_d − softplus(ℓ_d)]}, {@code x ∈ {0, 1}}</li>
 *   <li>{@code H = Σ_d [softplus(ℓ_d) − ℓ_d σ(ℓ_d)]}</li>
 *   <li>{@code KL(p‖q) = Σ_d [σ(ℓ_p)(ℓ_p − ℓ_q) + softplus(ℓ_q) − softplus(ℓ_p)]}</li>
 * </ul>
 */
public final class Bernoulli {

    private final Tensor logits;
    private final int batch;
    private final int dim;

    /** @param logits {@code [B, D]} */
    public Bernoulli(Tensor logits) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("Bernoulli: logits must have shape [B, D] but had shape "
                    + Arrays.toString(logits.shape()));
        }
        this.logits = logits;
        this.batch = logits.dim(0);
        this.dim = logits.dim(1);
    }

    public int batchSize() { return batch; }

    public int dim() { return dim; }

    public Tensor logits() { return logits; }

    /** {@code σ(ℓ) [B, D]}. */
    public Tensor probs() { return logits.sigmoid(); }

    /** {@code log p(x)} for {@code x [B, D]} with entries 0 or 1, summed over the last axis: {@code [B]}. */
    public Tensor logProb(Tensor x) {
        if (x.rank() != 2 || x.dim(0) != batch || x.dim(1) != dim) {
            throw new IllegalArgumentException("Bernoulli.logProb: values must have shape [" + batch + ", " + dim
                    + "] but had shape " + Arrays.toString(x.shape()));
        }
        float[] d = x.data();
        for (int i = 0; i < x.size(); i++) {
            float v = d[x.offset() + i];
            if (v != 0f && v != 1f) {
                throw new IllegalArgumentException("Bernoulli.logProb: values must be 0 or 1 but element " + i + " was " + v);
            }
        }
        return x.mul(logits).sub(logits.softplus()).sum(-1, false);
    }

    /** Entropy per row, {@code [B]}. */
    public Tensor entropy() {
        return logits.softplus().sub(logits.mul(logits.sigmoid())).sum(-1, false);
    }

    /** {@code KL(this ‖ other)} per row, {@code [B]}. */
    public Tensor kl(Bernoulli other) {
        if (other.batch != batch || other.dim != dim) {
            throw new IllegalArgumentException("Bernoulli.kl: shapes [" + batch + ", " + dim + "] and ["
                    + other.batch + ", " + other.dim + "] differ");
        }
        Tensor lp = logits, lq = other.logits;
        return lp.sigmoid().mul(lp.sub(lq)).add(lq.softplus()).sub(lp.softplus()).sum(-1, false);
    }

    /** {@code 1} where {@code p > ½} ({@code ℓ > 0}), else {@code 0}; {@code [B, D]}, no tape. */
    public Tensor mode() {
        float[] d = logits.data();
        float[] out = new float[batch * dim];
        for (int i = 0; i < out.length; i++) out[i] = d[logits.offset() + i] > 0f ? 1f : 0f;
        return Tensor.of(out, batch, dim);
    }

    /** One draw per element, {@code 1} with probability {@code σ(ℓ)}: {@code [B, D]}, no tape. */
    public Tensor sample(Rng rng) {
        float[] d = logits.data();
        float[] out = new float[batch * dim];
        for (int i = 0; i < out.length; i++) {
            double p = 1.0 / (1.0 + Math.exp(-d[logits.offset() + i]));
            out[i] = rng.nextDouble() < p ? 1f : 0f;
        }
        return Tensor.of(out, batch, dim);
    }
}
