package dev.bellman.algorithms.pg;

import java.util.function.UnaryOperator;

/**
 * The conjugate-gradient method (Hestenes and Stiefel 1952; Nocedal and Wright 2006, Algorithm 5.2) for
 * {@code A x = b} with a symmetric positive-definite {@code A} available only through products {@code A·v}:
 * TRPO's natural-gradient direction {@code x ≈ F⁻¹ g} (Schulman et al. 2015, appendix C).
 *
 * <p>Starting from {@code x = 0}: {@code r = p = b}; each iteration {@code α = rᵀr / pᵀAp}, {@code x += α p},
 * {@code r −= α Ap}, {@code β = r'ᵀr' / rᵀr}, {@code p = r + β p}; it stops after {@code maxIterations} products or
 * when {@code rᵀr < residualTol}. Vectors are float (the parameters' precision); the dot products are accumulated in
 * double.
 */
final class ConjugateGradient {
    private ConjugateGradient() {}

    /**
     * An approximate solution of {@code A x = b}.
     *
     * @param a the product {@code v ↦ A v} (must not modify its argument)
     * @param b the right-hand side
     * @param maxIterations the number of products at most (SB3-contrib's {@code cg_max_steps}, 15; Spinning Up's 10)
     * @param residualTol stop once the squared residual norm falls below this (1e-10 as in the TRPO reference code)
     */
    static float[] solve(UnaryOperator<float[]> a, float[] b, int maxIterations, double residualTol) {
        if (maxIterations <= 0) throw new IllegalArgumentException("maxIterations must be positive but was " + maxIterations);
        int n = b.length;
        float[] x = new float[n];
        float[] r = b.clone();
        float[] p = b.clone();
        double rr = dot(r, r);
        for (int it = 0; it < maxIterations && rr >= residualTol; it++) {
            float[] ap = a.apply(p);
            double pap = dot(p, ap);
            if (!(pap > 0)) break; // not positive definite along p (or NaN): keep the current iterate
            double alpha = rr / pap;
            for (int i = 0; i < n; i++) {
                x[i] += (float) (alpha * p[i]);
                r[i] -= (float) (alpha * ap[i]);
            }
            double rrNew = dot(r, r);
            double beta = rrNew / rr;
            for (int i = 0; i < n; i++) p[i] = (float) (r[i] + beta * p[i]);
            rr = rrNew;
        }
        return x;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
