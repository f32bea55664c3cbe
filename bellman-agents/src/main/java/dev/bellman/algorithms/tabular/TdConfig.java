package dev.bellman.algorithms.tabular;

/**
 * Hyperparameters of the tabular temporal-difference learners ({@link QLearning}, {@link Sarsa},
 * {@link ExpectedSarsa}). Names follow CleanRL's DQN in camelCase.
 *
 * <p>Schedules are linear in the environment step t (CleanRL's {@code linear_schedule}): ε goes from
 * {@code startE} to {@code endE} over the first {@code explorationFraction · totalTimesteps} steps and then stays;
 * α goes from {@code learningRate} to {@code endLearningRate} over all {@code totalTimesteps}. Equal start and end
 * values give a constant ε or α.
 *
 * @param totalTimesteps environment steps of training, positive
 * @param learningRate step size α at the start, in (0, 1]
 * @param endLearningRate step size α at the end, in (0, 1]
 * @param gamma discount factor γ, in [0, 1]
 * @param startE exploration probability ε at the start, in [0, 1]
 * @param endE exploration probability ε after the decay, in [0, 1]
 * @param explorationFraction fraction of {@code totalTimesteps} over which ε decays, in (0, 1]
 * @param initialQ initial value of every Q(s, a) (optimistic when above the achievable returns, §2.6), finite
 * @param seed seed of the env's first reset and of the exploration generator
 */
public record TdConfig(long totalTimesteps, double learningRate, double endLearningRate, double gamma,
                       double startE, double endE, double explorationFraction, double initialQ, long seed) {
    public TdConfig {
        if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
        checkStepSize("learningRate", learningRate);
        checkStepSize("endLearningRate", endLearningRate);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
        checkProbability("startE", startE);
        checkProbability("endE", endE);
        if (!(explorationFraction > 0 && explorationFraction <= 1)) {
            throw new IllegalArgumentException("explorationFraction must be in (0, 1] but was " + explorationFraction);
        }
        if (!Double.isFinite(initialQ)) throw new IllegalArgumentException("initialQ must be finite but was " + initialQ);
    }

    private static void checkStepSize(String name, double alpha) {
        if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException(name + " must be in (0, 1] but was " + alpha);
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1] but was " + p);
    }

    /** 100,000 steps, α = 0.1 constant, γ = 0.99, ε from 1 to 0.05 over the first half, Q = 0, seed 1. */
    public static TdConfig defaults() {
        return new TdConfig(100_000, 0.1, 0.1, 0.99, 1.0, 0.05, 0.5, 0.0, 1);
    }

    /**
     * The budget tuned and measured for a toy-text env (see the package documentation for the measured results), or
     * {@link #defaults()} for other ids:
     * <ul>
     *   <li>{@code FrozenLake-v1}: 200,000 steps, α 0.1 → 0.01, ε 1 → 0.1 over the first half, γ 0.99;</li>
     *   <li>{@code Taxi-v3}: 200,000 steps, α 0.1, ε 1 → 0.05 over the first half, γ 0.99;</li>
     *   <li>{@code CliffWalking-v0}: 20,000 steps (about 1,000 episodes), α 0.5, ε 0.1 constant, γ 1 (Sutton and
     *       Barto's example 6.6 settings);</li>
     *   <li>{@code GridWorld-v0}: 30,000 steps, α 0.5 → 0.05, ε 1 → 0.1 over the first half, γ 1.</li>
     * </ul>
     */
    public static TdConfig forEnv(String envId) {
        TdConfig d = defaults();
        return switch (envId == null ? "" : envId) {
            case "FrozenLake-v1" -> d.withTotalTimesteps(200_000).withLearningRate(0.1, 0.01).withEpsilon(1.0, 0.1, 0.5);
            case "Taxi-v3" -> d.withTotalTimesteps(200_000).withLearningRate(0.1).withEpsilon(1.0, 0.05, 0.5);
            case "CliffWalking-v0" -> d.withTotalTimesteps(20_000).withLearningRate(0.5).withGamma(1.0).withEpsilon(0.1);
            case "GridWorld-v0" -> d.withTotalTimesteps(30_000).withGamma(1.0).withLearningRate(0.5, 0.05)
                    .withEpsilon(1.0, 0.1, 0.5);
            default -> d;
        };
    }

    /** ε at environment step t. */
    public double epsilonAt(long t) {
        double duration = explorationFraction * totalTimesteps;
        double slope = (endE - startE) / duration;
        return t >= duration ? endE : startE + slope * t;
    }

    /** α at environment step t. */
    public double learningRateAt(long t) {
        return learningRate + (endLearningRate - learningRate) * Math.min(1.0, (double) t / totalTimesteps);
    }

    public TdConfig withTotalTimesteps(long v) {
        return new TdConfig(v, learningRate, endLearningRate, gamma, startE, endE, explorationFraction, initialQ, seed);
    }

    /** Constant α. */
    public TdConfig withLearningRate(double alpha) {
        return new TdConfig(totalTimesteps, alpha, alpha, gamma, startE, endE, explorationFraction, initialQ, seed);
    }

    /** α decaying linearly from {@code start} to {@code end}. */
    public TdConfig withLearningRate(double start, double end) {
        return new TdConfig(totalTimesteps, start, end, gamma, startE, endE, explorationFraction, initialQ, seed);
    }

    public TdConfig withGamma(double v) {
        return new TdConfig(totalTimesteps, learningRate, endLearningRate, v, startE, endE, explorationFraction, initialQ, seed);
    }

    /** Constant ε. */
    public TdConfig withEpsilon(double e) {
        return new TdConfig(totalTimesteps, learningRate, endLearningRate, gamma, e, e, 1.0, initialQ, seed);
    }

    /** ε decaying linearly from {@code start} to {@code end} over {@code fraction} of the run. */
    public TdConfig withEpsilon(double start, double end, double fraction) {
        return new TdConfig(totalTimesteps, learningRate, endLearningRate, gamma, start, end, fraction, initialQ, seed);
    }

    public TdConfig withInitialQ(double v) {
        return new TdConfig(totalTimesteps, learningRate, endLearningRate, gamma, startE, endE, explorationFraction, v, seed);
    }

    public TdConfig withSeed(long v) {
        return new TdConfig(totalTimesteps, learningRate, endLearningRate, gamma, startE, endE, explorationFraction, initialQ, v);
    }
}
