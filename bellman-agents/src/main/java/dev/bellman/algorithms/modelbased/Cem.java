package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;

/**
 * The cross-entropy method as an MPC optimiser (Botev et al. 2013; the PETS settings of Chua et al. 2018, App. A.2):
 * a diagonal Gaussian over the action sequence is refined {@code iterations} times by fitting it to the
 * {@code numElites} best of {@code populationSize} samples, smoothed by α,
 * <pre>
 *   μ ← α μ + (1 − α) mean(elites),   σ² ← α σ² + (1 − α) var(elites)
 * </pre>
 * Samples come from a normal truncated at two standard deviations, with the variance limited so that ±2σ stays inside
 * the bounds (PETS' {@code constrained_var}). The mean starts from the previous step's mean shifted by one step (warm
 * start); the variance restarts at ((high − low)/4)² every step.
 *
 * <p>Symbols: {@code mean} = μ, {@code var} = σ², {@code alpha} = α.
 */
public final class Cem implements Planner {

    /**
     * @param populationSize samples per iteration
     * @param numElites      best samples the Gaussian is refitted to
     * @param iterations     refinements per env step
     * @param alpha          smoothing α in [0, 1): weight of the previous mean and variance
     */
    public record Config(int populationSize, int numElites, int iterations, double alpha) {
        public Config {
            if (populationSize < 2) throw new IllegalArgumentException("populationSize must be at least 2 but was " + populationSize);
            if (numElites < 1 || numElites > populationSize) {
                throw new IllegalArgumentException("numElites must be in [1, populationSize " + populationSize + "] but was " + numElites);
            }
            if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1 but was " + iterations);
            if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in [0, 1) but was " + alpha);
        }

        /** PETS: population 500, 50 elites, 5 iterations, α 0.1. */
        public static Config pets() {
            return new Config(500, 50, 5, 0.1);
        }
    }

    private final RolloutModel model;
    private final Bounds bounds;
    private final Config config;
    private float[] mean;

    public Cem(RolloutModel model, Bounds bounds, Config config) {
        this.model = model;
        this.bounds = bounds;
        this.config = config;
        this.mean = bounds.middle();
    }

    @Override
    public float[] act(float[] obs, Rng rng) {
        int len = bounds.horizon() * bounds.actDim(), pop = config.populationSize(), ne = config.numElites();
        double[] var = new double[len];
        for (int i = 0; i < len; i++) {
            double w = bounds.high()[i % bounds.actDim()] - bounds.low()[i % bounds.actDim()];
            var[i] = w * w / 16;
        }
        float[] samples = new float[pop * len];
        double[] ret = new double[pop];
        Integer[] order = new Integer[pop];
        for (int it = 0; it < config.iterations(); it++) {
            for (int i = 0; i < len; i++) {
                int d = i % bounds.actDim();
                double lb = mean[i] - bounds.low()[d], ub = bounds.high()[d] - mean[i];
                double v = Math.min(var[i], Math.min(lb * lb / 4, ub * ub / 4)); // constrained variance
                double sd = Math.sqrt(v);
                for (int k = 0; k < pop; k++) samples[k * len + i] = bounds.clip((float) (mean[i] + sd * truncatedNormal(rng)), i);
            }
            model.returns(obs, samples, pop, bounds.horizon(), rng, ret);
            for (int k = 0; k < pop; k++) order[k] = k;
            java.util.Arrays.sort(order, (x, y) -> Double.compare(ret[y], ret[x])); // best first, stable
            for (int i = 0; i < len; i++) {
                double m = 0, s = 0;
                for (int e = 0; e < ne; e++) m += samples[order[e] * len + i];
                m /= ne;
                for (int e = 0; e < ne; e++) {
                    double dv = samples[order[e] * len + i] - m;
                    s += dv * dv;
                }
                s /= ne;
                mean[i] = (float) (config.alpha() * mean[i] + (1 - config.alpha()) * m);
                var[i] = config.alpha() * var[i] + (1 - config.alpha()) * s;
            }
        }
        float[] action = java.util.Arrays.copyOf(mean, bounds.actDim());
        bounds.shift(mean);
        return action;
    }

    /** A standard normal draw truncated to [−2, 2] by resampling. */
    static double truncatedNormal(Rng rng) {
        while (true) {
            double z = rng.nextGaussian();
            if (z >= -2 && z <= 2) return z;
        }
    }

    @Override
    public void reset() { mean = bounds.middle(); }

    @Override
    public float[] plan() { return mean.clone(); }

    @Override
    public void setPlan(float[] plan) { mean = plan.clone(); }
}
