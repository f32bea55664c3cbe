package dev.bellman.search;

import dev.bellman.nn.Rng;

/** Symmetric Dirichlet samples from gamma variates (Marsaglia and Tsang 2000), for AlphaZero's root noise. */
final class Dirichlet {
    private Dirichlet() {}

    /** A sample of Dirichlet(alpha, ..., alpha) with {@code k} components. */
    static double[] sample(Rng rng, double alpha, int k) {
        double[] x = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            x[i] = gamma(rng, alpha);
            sum += x[i];
        }
        for (int i = 0; i < k; i++) x[i] = sum > 0 ? x[i] / sum : 1.0 / k;
        return x;
    }

    /** Gamma(alpha, 1): Marsaglia-Tsang for alpha >= 1, and {@code Gamma(alpha + 1) * U^(1/alpha)} below. */
    static double gamma(Rng rng, double alpha) {
        if (alpha < 1) {
            double u = rng.nextDouble();
            return gamma(rng, alpha + 1) * Math.pow(u, 1 / alpha);
        }
        double d = alpha - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian(), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
        }
    }
}
