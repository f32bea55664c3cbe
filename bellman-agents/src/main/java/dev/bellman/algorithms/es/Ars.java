package dev.bellman.algorithms.es;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainingState;
import dev.bellman.env.Env;
import dev.bellman.nn.Rng;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Augmented Random Search (Mania, Guy and Recht 2018, "Simple random search of static linear policies is
 * competitive for reinforcement learning", Algorithm 2): finite differences along random directions for a linear
 * policy, versions V1 and V2 (observation normalisation) and their top-b variants V1-t and V2-t.
 *
 * <pre>
 *   δ_k ~ N(0, I) of the shape of M, k = 1..N        (slices of the shared noise table)
 *   V1:  π_{M±νδ_k}(x) = (M ± νδ_k) x
 *   V2:  π_{M±νδ_k}(x) = (M ± νδ_k) diag(Σ)^(−1/2) (x − μ)   (μ, Σ: mean and covariance of all states seen so far)
 *   r_k⁺, r_k⁻ = returns of one episode each (mean return over E episodes when episodesPerDirection E > 1)
 *   keep the b directions with the largest max(r_k⁺, r_k⁻); σ_R = std of those 2b returns
 *   M ← M + α / (b σ_R) Σ_{k ∈ top b} (r_k⁺ − r_k⁻) δ_k
 * </pre>
 * Symbols: {@code stepSize} = α, {@code noiseStd} = ν, {@code numDirections} = N, {@code topDirections} = b
 * ({@code b < N} gives the -t variants), {@code version} = V1 or V2, {@code episodesPerDirection} = E (the paper: 1).
 *
 * <p>Details follow the paper and its code ({@code modestyachts/ARS}): M starts at zero; μ and Σ are updated after
 * each iteration with every state its rollouts visited and are fixed during an iteration; a component whose std is
 * below 1e−7 is ignored (scaled by 0) rather than divided by; Box actions are the linear outputs clipped to the box.
 * The directions come from a shared noise table of {@code noiseTableSize} floats (default 2^24 = 16,777,216, 64 MiB,
 * generated from the run's seed) at random offsets. Members are evaluated in parallel by {@link Evaluator}, with
 * results identical for any thread count ({@code -Dbellman.threads}).
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>Member {@code 2k} is M + νδ_k and {@code 2k+1} is M − νδ_k. Each plays E episodes; episode e of every
 *       member of an iteration starts from the same env seed (derived from the run seed, the iteration and e);
 *       {@code totalTimesteps} counts every evaluation step, and an iteration is never cut.</li>
 *   <li>{@code charts/episodic_return} and {@code charts/episodic_length} are those of the 2NE episodes;
 *       {@code es/fitness_*} summarise the members' r; {@code es/reward_std} is σ_R and {@code es/step_norm} the norm of
 *       the update. When σ_R is 0 (every kept return equal) the iteration makes no update.</li>
 * </ol>
 * <p><b>Checkpoints: what is saved</b> (after an iteration, when one is {@link Checkpoints#due}): M, the state
 * statistics, the generator of the noise offsets, the iteration and the step count; the noise table is regenerated
 * from the seed and no env state crosses an iteration. Only {@code ars} with the same config resumes it.
 * <p><b>Deviations</b>
 * <ol>
 *   <li>Discrete actions (the paper has only MuJoCo's Box actions): the arg max of the N-output linear map.</li>
 *   <li>{@code hiddenSize > 0} replaces the linear map by a tanh MLP (two layers, biases, OpenAI-ES's
 *       normalised-column init); the default 0 is the paper's linear policy. A static linear policy cannot swing
 *       Pendulum up from rest (its torque is an affine function of (cos θ, sin θ, θ̇), clipped), so Pendulum's tuned
 *       entry uses it.</li>
 *   <li>No survival-bonus shift for Hopper/Walker/Humanoid-style rewards (the paper subtracts it); none of the
 *       registered envs needs it.</li>
 *   <li>Common random numbers: all 2N members of an iteration play from the same start state (the reference's
 *       workers each have their own env stream), so the top-b selection by max(r⁺, r⁻) compares directions rather
 *       than start states.</li>
 *   <li>Σ is the population variance of the states (the reference's running estimator differs in the first
 *       few states only); before two states have been seen V2 acts as V1.</li>
 *   <li>{@code episodesPerDirection} E &gt; 1 (default 1, the paper's setting) averages each member's return over
 *       E episodes from E start states. On Pendulum one start state per iteration makes r_k⁺ − r_k⁻ measure one
 *       start only, and policies learned that way swing up from most start states but hold the pendulum at a
 *       fixed angle from others.</li>
 *   <li>{@code annealStepSize} (default off, the paper's constant α) decays α linearly to 0 over
 *       {@code totalTimesteps}, as CleanRL's {@code anneal-lr}: α_t = α (1 − steps before the iteration /
 *       totalTimesteps). The returned policy is the last iterate, which a constant α leaves oscillating.</li>
 * </ol>
 */
public final class Ars {
    private Ars() {}

    /**
     * ARS's hyperparameters.
     *
     * @param envId the registered env id
     * @param seed the run's seed (noise table, directions, episode seeds)
     * @param totalTimesteps evaluation steps to train for, summed over members
     * @param envKwargs keyword arguments for {@code Envs.make}
     * @param stepSize the step size α
     * @param noiseStd the exploration noise ν
     * @param numDirections the directions N per iteration (2N episodes)
     * @param topDirections the directions b kept for the update, 1 ≤ b ≤ N
     * @param version {@code v1} (raw states) or {@code v2} (normalised states)
     * @param hiddenSize 0 for the paper's linear policy; otherwise the width of two tanh hidden layers (not in the paper)
     * @param episodesPerDirection episodes E averaged into each member's return (the paper: 1)
     * @param annealStepSize whether α decays linearly to 0 over {@code totalTimesteps} (the paper: constant)
     * @param noiseTableSize floats in the shared noise table
     */
    public record Config(String envId, long seed, long totalTimesteps, Map<String, Object> envKwargs, double stepSize,
                         double noiseStd, int numDirections, int topDirections, String version, int hiddenSize,
                         int episodesPerDirection, boolean annealStepSize, int noiseTableSize) {
        public Config {
            Objects.requireNonNull(envId, "envId");
            envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (!(stepSize > 0) || !Double.isFinite(stepSize)) throw new IllegalArgumentException("stepSize must be positive but was " + stepSize);
            if (!(noiseStd > 0) || !Double.isFinite(noiseStd)) throw new IllegalArgumentException("noiseStd must be positive but was " + noiseStd);
            if (numDirections <= 0) throw new IllegalArgumentException("numDirections must be positive but was " + numDirections);
            if (topDirections <= 0 || topDirections > numDirections) {
                throw new IllegalArgumentException("topDirections must be between 1 and numDirections (" + numDirections
                        + ") but was " + topDirections);
            }
            if (!"v1".equals(version) && !"v2".equals(version)) {
                throw new IllegalArgumentException("version must be v1 or v2 but was " + version);
            }
            if (hiddenSize < 0) throw new IllegalArgumentException("hiddenSize must be 0 (linear) or positive but was " + hiddenSize);
            if (episodesPerDirection <= 0) {
                throw new IllegalArgumentException("episodesPerDirection must be positive but was " + episodesPerDirection);
            }
            if (noiseTableSize <= 0) throw new IllegalArgumentException("noiseTableSize must be positive but was " + noiseTableSize);
        }

        /** Defaults for {@code envId}: α 0.02 (constant), ν 0.03, N 8, b 4, V2, linear, E 1, 2^24 table. */
        public static Config defaults(String envId) {
            return new Config(envId, 1, 200_000, Map.of(), 0.02, 0.03, 8, 4, "v2", 0, 1, false, 1 << 24);
        }

        boolean v2() {
            return "v2".equals(version);
        }
    }

    /** Trains a linear policy and returns it; metrics go to {@code sink}. */
    public static FlatPolicy train(Config c, MetricsSink sink) {
        return train(c, sink, Checkpoints.none());
    }

    /**
     * {@link #train(Config, MetricsSink)} writing {@code checkpoints} after the iterations at which one is due, and
     * continuing from {@link Checkpoints#resumeFrom()} when present.
     *
     * @throws dev.bellman.core.NonFiniteException when M or a return becomes NaN or infinite
     */
    public static FlatPolicy train(Config c, MetricsSink sink, Checkpoints checkpoints) {
        try (Evaluator evaluator = new Evaluator(c.envId(), c.envKwargs())) {
            Env<Object, Object> env = evaluator.any();
            FlatPolicy.Arch arch = arch(c, env);
            int dim = arch.numParams(), n = c.numDirections(), members = 2 * n;
            NoiseTable table = new NoiseTable(c.seed(), c.noiseTableSize());
            Rng rng = new Rng(c.seed());
            Rng noiseRng = rng.split();
            float[] weights = c.hiddenSize() == 0 ? new float[dim] : arch.normcInit(rng.split()); // linear: M = 0
            ObsStat stat = new ObsStat(arch.obsSize());
            long iteration = 0, globalStep = 0;
            FiniteGuard guard = new FiniteGuard("ars", "try a smaller step-size");
            Supplier<FlatPolicy> trained = () -> new FlatPolicy(arch, weights, mean(stat, c.v2()), scale(stat, c.v2()),
                    Float.POSITIVE_INFINITY, "ars");
            checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
            if (checkpoints.resumeFrom().isPresent()) {
                TrainingState.Reader s = RunCheckpoint.load(checkpoints.resumeFrom().get(), "ars", c);
                s.floatsInto("weights", weights);
                stat.fromArray(s.doubles("obs_stat"));
                s.loadRng("noise_rng", noiseRng);
                iteration = s.getLong("iteration");
                globalStep = s.getLong("global_step");
            }
            int[] offsets = new int[n];
            int episodes = c.episodesPerDirection(), tasks = members * episodes;
            long[] seeds = new long[tasks];
            double[] episodeReturns = new double[tasks], returns = new double[members];
            int[] lengths = new int[tasks];
            ObsStat[] stats = c.v2() ? new ObsStat[tasks] : null;
            long start = System.nanoTime(), startStep = globalStep;

            while (globalStep < c.totalTimesteps()) {
                // 1. directions δ_k = noise[offset_k, offset_k + dim); members M + νδ_k (2k) and M − νδ_k (2k+1)
                for (int k = 0; k < n; k++) offsets[k] = table.sampleOffset(noiseRng, dim);
                // common random numbers: episode e of every member of the iteration starts from the same seed
                for (int t = 0; t < tasks; t++) seeds[t] = Evaluator.episodeSeed(c.seed(), iteration, t % episodes);
                float[] mean = mean(stat, c.v2()), scale = scale(stat, c.v2());
                float nu = (float) c.noiseStd();
                float[] base = weights;

                // 2. evaluate in parallel: task t is episode t % E of member t / E
                evaluator.evaluate(arch, tasks, (t, out) -> {
                    int m = t / episodes;
                    table.perturb(base, offsets[m / 2], m % 2 == 0 ? nu : -nu, out);
                }, seeds, mean, scale, Float.POSITIVE_INFINITY, episodeReturns, lengths, stats);
                double alpha = stepSize(c, globalStep);
                for (int t = 0; t < tasks; t++) globalStep += lengths[t];
                guard.values(globalStep, "ars returns", episodeReturns);
                if (stats != null) for (int t = 0; t < tasks; t++) stat.add(stats[t]); // V2: μ, Σ for the next iteration
                EvolutionStrategies.memberMeans(episodeReturns, episodes, returns);

                // 3. update with the top b directions: M += α / (b σ_R) Σ (r⁺ − r⁻) δ
                int[] top = topDirections(returns, c.topDirections());
                double sigmaR = keptStd(returns, top);
                double[] step = step(table, offsets, returns, top, alpha, dim);
                double stepNorm = 0;
                for (int j = 0; j < dim; j++) {
                    stepNorm += step[j] * step[j];
                    weights[j] = (float) (weights[j] + step[j]);
                }
                double wNorm = 0;
                for (float w : weights) wNorm += (double) w * w;
                guard.check(globalStep, "ars weight norm", wNorm);
                iteration++;

                // 4. log
                for (int t = 0; t < tasks; t++) {
                    sink.record(globalStep, MetricsSink.EPISODIC_RETURN, episodeReturns[t]);
                    sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, lengths[t]);
                }
                EvolutionStrategies.logFitness(sink, globalStep, returns);
                sink.record(globalStep, MetricsSink.LEARNING_RATE, alpha);
                sink.record(globalStep, "es/reward_std", sigmaR);
                sink.record(globalStep, "es/step_norm", Math.sqrt(stepNorm));
                sink.record(globalStep, "es/param_norm", Math.sqrt(wNorm));
                sink.record(globalStep, MetricsSink.SPS, (globalStep - startStep) / ((System.nanoTime() - start) / 1e9));

                // 5. checkpoint
                if (globalStep < c.totalTimesteps() && checkpoints.due(globalStep)) {
                    RunCheckpoint.save(checkpoints, globalStep, "ars", c, new TrainingState.Writer()
                            .put("weights", weights).put("obs_stat", stat.toArray()).putRng("noise_rng", noiseRng)
                            .putLong("iteration", iteration).putLong("global_step", globalStep));
                }
            }
            return trained.get();
        }
    }

    /** α for the iteration that starts after {@code stepsDone} steps: constant, or linearly annealed to 0. */
    static double stepSize(Config c, long stepsDone) {
        return c.annealStepSize() ? c.stepSize() * Math.max(0, 1 - (double) stepsDone / c.totalTimesteps()) : c.stepSize();
    }

    /** The linear map without bias (the paper), or with {@code hiddenSize} two tanh hidden layers with biases. */
    static FlatPolicy.Arch arch(Config c, Env<?, ?> env) {
        int[] hidden = c.hiddenSize() == 0 ? new int[0] : new int[]{c.hiddenSize(), c.hiddenSize()};
        return FlatPolicy.Arch.of(env.observationSpace(), env.actionSpace(), hidden, c.hiddenSize() > 0, false);
    }

    /**
     * The indices k of the {@code b} directions with the largest {@code max(r[2k], r[2k+1])}, best first; ties keep
     * the lower index first.
     */
    static int[] topDirections(double[] returns, int b) {
        int n = returns.length / 2;
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) order[k] = k;
        Arrays.sort(order, (p, q) -> Double.compare(Math.max(returns[2 * q], returns[2 * q + 1]),
                Math.max(returns[2 * p], returns[2 * p + 1])));
        int[] top = new int[b];
        for (int i = 0; i < b; i++) top[i] = order[i];
        return top;
    }

    /**
     * The update α / (b σ_R) Σ_{k ∈ top} (r[2k] − r[2k+1]) δ_k, where δ_k starts at {@code offsets[k]}; zeros when
     * σ_R is 0.
     */
    static double[] step(NoiseTable table, int[] offsets, double[] returns, int[] top, double alpha, int dim) {
        double[] step = new double[dim];
        double sigmaR = keptStd(returns, top);
        if (!(sigmaR > 0)) return step;
        for (int k : top) table.accumulate(offsets[k], returns[2 * k] - returns[2 * k + 1], step);
        double f = alpha / (top.length * sigmaR);
        for (int j = 0; j < dim; j++) step[j] *= f;
        return step;
    }

    /** σ_R: the population std of the 2b returns of the kept directions. */
    static double keptStd(double[] returns, int[] top) {
        double mean = 0;
        for (int k : top) mean += returns[2 * k] + returns[2 * k + 1];
        mean /= 2 * top.length;
        double var = 0;
        for (int k : top) {
            var += (returns[2 * k] - mean) * (returns[2 * k] - mean);
            var += (returns[2 * k + 1] - mean) * (returns[2 * k + 1] - mean);
        }
        return Math.sqrt(var / (2 * top.length));
    }

    /** V2: μ (zeros before two states, and for V1). */
    private static float[] mean(ObsStat s, boolean v2) {
        return v2 && s.count >= 2 ? s.mean() : new float[s.sum.length];
    }

    /** V2: diag(Σ)^(−1/2), with 0 for a component whose std is below 1e−7 (ones before two states, and for V1). */
    private static float[] scale(ObsStat s, boolean v2) {
        float[] out = new float[s.sum.length];
        for (int i = 0; i < out.length; i++) {
            if (!v2 || s.count < 2) {
                out[i] = 1f;
            } else {
                double std = Math.sqrt(s.variance(i));
                out[i] = std < 1e-7 ? 0f : (float) (1 / std);
            }
        }
        return out;
    }
}
