package dev.bellman.core;

import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Step;
import java.util.Arrays;
import java.util.Objects;

/**
 * Greedy-policy evaluation: run a {@link Policy} for a number of episodes and report the mean and
 * standard deviation of the undiscounted returns.
 *
 * <p>The env is seeded once, at the first reset, as Gymnasium recommends; later episodes continue its
 * random stream, so the same seed gives the same returns.
 */
public final class Evaluation {
    /** Safety cap for envs without a time limit. */
    static final int MAX_STEPS_WITHOUT_LIMIT = 100_000;

    private Evaluation() {}

    /**
     * The outcome of an evaluation.
     *
     * @param mean mean episode return
     * @param std population standard deviation of the returns (as NumPy's {@code np.std})
     * @param returns each episode's return, in order
     */
    public record Result(double mean, double std, double[] returns) {
        public Result {
            returns = returns.clone();
        }

        /** Number of episodes. */
        public int episodes() {
            return returns.length;
        }

        /** Each episode's return (a copy). */
        @Override
        public double[] returns() {
            return returns.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && Double.compare(mean, r.mean) == 0 && Double.compare(std, r.std) == 0
                    && Arrays.equals(returns, r.returns);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(returns);
        }

        @Override
        public String toString() {
            return "Result[mean=" + mean + ", std=" + std + ", episodes=" + returns.length + "]";
        }

        /** Mean and population standard deviation of {@code returns}. */
        public static Result of(double[] returns) {
            double mean = 0;
            for (double r : returns) {
                mean += r;
            }
            mean = returns.length == 0 ? Double.NaN : mean / returns.length;
            double var = 0;
            for (double r : returns) {
                var += (r - mean) * (r - mean);
            }
            double std = returns.length == 0 ? Double.NaN : Math.sqrt(var / returns.length);
            return new Result(mean, std, returns);
        }
    }

    /**
     * Runs {@code episodes} greedy episodes of {@code policy} on {@code env}, seeding the first reset
     * with {@code seed}.
     */
    @SuppressWarnings("unchecked")
    public static <O, A> Result evaluate(Env<O, A> env, Policy policy, int episodes, long seed) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(policy, "policy");
        if (episodes <= 0) {
            throw new IllegalArgumentException("episodes must be positive but was " + episodes);
        }
        double[] returns = new double[episodes];
        for (int e = 0; e < episodes; e++) {
            Reset<O> reset = e == 0 ? env.reset(seed) : env.reset();
            O obs = reset.observation();
            double total = 0;
            for (int t = 0; t < MAX_STEPS_WITHOUT_LIMIT; t++) {
                // a uint8 observation (ByteBox) reaches the policy as the float values its training saw
                Step<O> step = env.step((A) policy.act(obs instanceof byte[] b ? dev.bellman.env.ByteBox.toFloats(b) : obs));
                total += step.reward();
                if (step.terminated() || step.truncated()) {
                    break;
                }
                obs = step.observation();
            }
            returns[e] = total;
        }
        return Result.of(returns);
    }
}
