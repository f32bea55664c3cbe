package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;

/**
 * Model-predictive path integral control (Williams et al. 2017, "Information Theoretic MPC for Model-Based
 * Reinforcement Learning", Algorithm 2): {@code numSamples} perturbations ε_k ~ N(0, σ²) of the nominal sequence U
 * are rolled out, weighted by their exponentiated returns, and averaged into U,
 * <pre>
 *   w_k = exp((R_k − max_j R_j) / λ),   U ← U + Σ_k w_k ε_k / Σ_k w_k
 * </pre>
 * (the cost S_k = −R_k; subtracting the best return is the paper's ρ = min S for numerical stability). Perturbed
 * actions are clipped to the bounds. U is shifted by one step after each action (warm start).
 *
 * <p>Symbols: {@code lambda} = λ, {@code noiseStd} = σ (a fraction of the half-width of the bounds), {@code plan} = U.
 */
public final class Mppi implements Planner {

    /**
     * @param numSamples samples K per iteration
     * @param lambda     temperature λ, positive
     * @param noiseStd   σ as a fraction of the half-width of the action bounds, positive
     * @param iterations updates of U per env step
     */
    public record Config(int numSamples, double lambda, double noiseStd, int iterations) {
        public Config {
            if (numSamples < 1) throw new IllegalArgumentException("numSamples must be at least 1 but was " + numSamples);
            if (!(lambda > 0)) throw new IllegalArgumentException("lambda must be positive but was " + lambda);
            if (!(noiseStd > 0)) throw new IllegalArgumentException("noiseStd must be positive but was " + noiseStd);
            if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1 but was " + iterations);
        }
    }

    private final RolloutModel model;
    private final Bounds bounds;
    private final Config config;
    private float[] u;

    public Mppi(RolloutModel model, Bounds bounds, Config config) {
        this.model = model;
        this.bounds = bounds;
        this.config = config;
        this.u = bounds.middle();
    }

    @Override
    public float[] act(float[] obs, Rng rng) {
        int len = u.length, k = config.numSamples(), ad = bounds.actDim();
        float[] seqs = new float[k * len];
        float[] eps = new float[k * len];
        double[] ret = new double[k];
        for (int it = 0; it < config.iterations(); it++) {
            for (int s = 0; s < k; s++) {
                for (int i = 0; i < len; i++) {
                    double half = 0.5 * (bounds.high()[i % ad] - bounds.low()[i % ad]);
                    float v = bounds.clip((float) (u[i] + config.noiseStd() * half * rng.nextGaussian()), i);
                    seqs[s * len + i] = v;
                    eps[s * len + i] = v - u[i]; // the perturbation actually applied (after clipping)
                }
            }
            model.returns(obs, seqs, k, bounds.horizon(), rng, ret);
            double best = Double.NEGATIVE_INFINITY;
            for (double r : ret) best = Math.max(best, r);
            double[] w = new double[k];
            double sum = 0;
            for (int s = 0; s < k; s++) sum += w[s] = Math.exp((ret[s] - best) / config.lambda());
            for (int i = 0; i < len; i++) {
                double du = 0;
                for (int s = 0; s < k; s++) du += w[s] * eps[s * len + i];
                u[i] = bounds.clip((float) (u[i] + du / sum), i);
            }
        }
        float[] action = java.util.Arrays.copyOf(u, ad);
        bounds.shift(u);
        return action;
    }

    @Override
    public void reset() { u = bounds.middle(); }

    @Override
    public float[] plan() { return u.clone(); }

    @Override
    public void setPlan(float[] plan) { u = plan.clone(); }
}
