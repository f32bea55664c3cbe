package dev.bellman.algorithms.tabular;

/**
 * Settings shared by the dynamic-programming planners ({@link PolicyEvaluation}, {@link ValueIteration},
 * {@link QValueIteration}, {@link PolicyIteration}).
 *
 * @param gamma discount factor γ, in [0, 1]; with γ = 1 a planner converges only on episodic MDPs
 *     (every policy it evaluates must reach a terminal state)
 * @param tolerance stop when a sweep changes no value by more than this (max norm), positive
 * @param maxIterations give up after this many sweeps (the result then says {@code converged = false}), positive
 */
public record PlanningConfig(double gamma, double tolerance, int maxIterations) {
    /** Default discount. */
    public static final double DEFAULT_GAMMA = 0.99;
    /** Default max-norm tolerance. */
    public static final double DEFAULT_TOLERANCE = 1e-10;
    /** Default sweep limit. */
    public static final int DEFAULT_MAX_ITERATIONS = 100_000;

    public PlanningConfig {
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be positive and finite but was " + tolerance);
        }
        if (maxIterations <= 0) {
            throw new IllegalArgumentException("maxIterations must be positive but was " + maxIterations);
        }
    }

    /** γ = 0.99, tolerance 1e-10, at most 100,000 sweeps. */
    public static PlanningConfig defaults() {
        return new PlanningConfig(DEFAULT_GAMMA, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    /** This config with another discount. */
    public PlanningConfig withGamma(double gamma) {
        return new PlanningConfig(gamma, tolerance, maxIterations);
    }

    /** This config with another tolerance. */
    public PlanningConfig withTolerance(double tolerance) {
        return new PlanningConfig(gamma, tolerance, maxIterations);
    }

    /** This config with another sweep limit. */
    public PlanningConfig withMaxIterations(int maxIterations) {
        return new PlanningConfig(gamma, tolerance, maxIterations);
    }
}
