package dev.bellman.algorithms.tabular;

import dev.bellman.env.Env;
import dev.bellman.env.Step;
import java.util.function.IntUnaryOperator;

/**
 * Runs a fixed deterministic policy for N episodes on a real env (with its wrappers and time limit) and reports the
 * undiscounted returns.
 *
 * <p>Seeding follows Gymnasium: the first reset takes {@code seed}, later resets continue the env's generator, so the
 * same seed gives the same episodes.
 *
 * <p>Envs without a time limit (CliffWalking-v0) never end under a policy that walks in circles; a guard of
 * {@link #DEFAULT_MAX_STEPS} steps per episode (or the caller's) stops such an episode, which then counts with the
 * return it has.
 */
public final class Evaluation {
    /** Steps after which an episode is stopped by the evaluation itself. */
    public static final int DEFAULT_MAX_STEPS = 100_000;

    private Evaluation() {}

    /**
     * What an evaluation returns.
     *
     * @param mean mean return
     * @param std population standard deviation of the returns (NumPy's default {@code ddof=0})
     * @param returns the return of each episode, in order
     * @param lengths the length of each episode
     */
    public record Result(double mean, double std, double[] returns, int[] lengths) {
        /** Fraction of episodes whose return is at least {@code threshold} (FrozenLake's success rate with 1.0). */
        public double fractionAtLeast(double threshold) {
            int n = 0;
            for (double r : returns) if (r >= threshold) n++;
            return (double) n / returns.length;
        }

        /** Mean episode length. */
        public double meanLength() {
            double sum = 0;
            for (int l : lengths) sum += l;
            return sum / lengths.length;
        }
    }

    /**
     * Plays {@code episodes} episodes with {@code policy} (state → action).
     *
     * @throws IllegalArgumentException when {@code episodes} is not positive or the env is not discrete
     */
    public static Result run(Env<Integer, Integer> env, IntUnaryOperator policy, int episodes, long seed) {
        return run(env, policy, episodes, seed, DEFAULT_MAX_STEPS);
    }

    /** As {@link #run(Env, IntUnaryOperator, int, long)}, stopping each episode after {@code maxSteps} steps. */
    public static Result run(Env<Integer, Integer> env, IntUnaryOperator policy, int episodes, long seed, int maxSteps) {
        if (episodes <= 0) throw new IllegalArgumentException("episodes must be positive but was " + episodes);
        if (maxSteps <= 0) throw new IllegalArgumentException("maxSteps must be positive but was " + maxSteps);
        EnvModels.numStates(env);
        EnvModels.numActions(env);
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        for (int e = 0; e < episodes; e++) {
            int s = (e == 0 ? env.reset(seed) : env.reset()).observation();
            double ret = 0;
            int length = 0;
            while (true) {
                Step<Integer> step = env.step(policy.applyAsInt(s));
                ret += step.reward();
                length++;
                if (step.terminated() || step.truncated() || length >= maxSteps) break;
                s = step.observation();
            }
            returns[e] = ret;
            lengths[e] = length;
        }
        double mean = 0;
        for (double r : returns) mean += r;
        mean /= episodes;
        double var = 0;
        for (double r : returns) var += (r - mean) * (r - mean);
        return new Result(mean, Math.sqrt(var / episodes), returns, lengths);
    }

    /** Plays the deterministic policy {@code policy[s]}. */
    public static Result run(Env<Integer, Integer> env, int[] policy, int episodes, long seed) {
        int n = EnvModels.numStates(env);
        if (policy == null || policy.length != n) {
            throw new IllegalArgumentException("policy must have one action per state (" + n + ") but had "
                    + (policy == null ? "null" : policy.length));
        }
        return run(env, s -> policy[s], episodes, seed);
    }
}
