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
 * OpenAI-ES (Salimans, Ho, Chen, Sidor and Sutskever 2017, "Evolution strategies as a scalable alternative to
 * reinforcement learning"): a Gaussian search distribution around the parameters θ of a deterministic policy,
 * mirrored samples, centred-rank fitness shaping and Adam on the estimated gradient.
 *
 * <pre>
 *   ε_i ~ N(0, I), i = 1..n                     (slices of the shared noise table at random offsets)
 *   F_i⁺ = F(θ + σ ε_i),  F_i⁻ = F(θ − σ ε_i)   (mean return over E episodes, from seeds shared by all members)
 *   u = centred ranks of (F_1⁺, F_1⁻, ..., F_n⁺, F_n⁻) in [−0.5, 0.5]
 *   ĝ = 1/(2nσ) Σ_i (u_i⁺ − u_i⁻) ε_i          (the paper's ∇_θ E_ε F(θ + σε) ≈ 1/(nσ) Σ F_i ε_i, mirrored)
 *   θ ← θ − Adam(−ĝ + λ θ)                      (weight decay λ as an L2 term, as OpenAI's code)
 * </pre>
 * Symbols: {@code populationSize} = 2n (members per iteration), {@code noiseStd} = σ, {@code l2Coeff} = λ,
 * {@code learningRate} = Adam's step size, {@code episodesPerMember} = E.
 *
 * <p>Details follow the paper and OpenAI's {@code evolution-strategies-starter}: a noise table shared by all workers
 * (here {@code noiseTableSize} floats, default 2^24 = 16,777,216, i.e. 64 MiB, generated from the run's seed),
 * members identified by their offset into it; {@code compute_centered_ranks}; Adam with β = (0.9, 0.999), ε = 1e−8;
 * the MuJoCo setup's observation normalisation ({@code obsNorm}: running mean and std of the observations seen
 * in all evaluations, std floored at 0.1, normalised values clipped to ±5, fixed during an iteration); a tanh MLP
 * of two {@code hiddenSize} layers whose weights start with OpenAI's normalised-column init (std 1, output layer
 * 0.01) and biases at 0. Discrete actions are the arg max of the outputs; Box actions the outputs squashed by tanh
 * into the box.
 *
 * <p>Parallelism: the members are evaluated by {@link Evaluator} over {@code -Dbellman.threads} threads; each result
 * depends only on the member's parameters and seed and lands at its index, and observation statistics are summed in
 * member order, so a run gives the same bits with any thread count (and may resume with another).
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>Each member plays {@code episodesPerMember} episodes; episode e of every member of an iteration starts
 *       from the same seed, derived from (run seed, iteration, e). The budget {@code totalTimesteps} counts every
 *       evaluation step; an iteration is never cut, so a run may end up to one iteration past it.</li>
 *   <li>The metrics {@code charts/episodic_return} and {@code charts/episodic_length} are those of the perturbed
 *       members' episodes (2nE per iteration), all recorded at the step count after the iteration; {@code es/fitness_mean},
 *       {@code es/fitness_max}, {@code es/fitness_std} summarise the members' fitnesses F; {@code es/grad_norm} is |ĝ|, and
 *       {@code es/param_norm} |θ|.</li>
 *   <li>The returned policy is θ (the mean of the search distribution) with the current normalisation.</li>
 * </ol>
 * <p><b>Checkpoints: what is saved</b> (after an iteration, when one is {@link Checkpoints#due}): θ, Adam's moments
 * and step count, the observation statistics, the generator of the noise offsets, the iteration and the step count.
 * The noise table is regenerated from the seed; env copies hold nothing across iterations (every episode starts
 * from a reset with a seed derived from the run's seed, the iteration and the episode index). Only {@code es} with the same
 * config resumes it ({@code run.txt}).
 * <p><b>Deviations</b>
 * <ol>
 *   <li>Virtual batch normalisation (the paper's Atari policies) is omitted; so are the frame-skip/time-limit tricks
 *       for MuJoCo. OpenAI's action noise is an option, off by default ({@code actionNoiseStd}; their MuJoCo
 *       configuration used 0.01): N(0, {@code actionNoiseStd}²) added to each raw output, before the tanh squash, at
 *       every step of the training episodes (never in the returned policy), drawn from a generator seeded by the
 *       episode's seed, so that the members who share a start state also share the noise.</li>
 *   <li>The gradient carries the paper's 1/σ (OpenAI's code drops it). Adam is invariant to that scale up to its
 *       ε, but the weight decay is not scaled with it: λ here acts as σλ would in OpenAI's code, so their
 *       {@code l2coeff} 0.005 at σ = 0.05 is {@code l2Coeff} 0.1 here (the default 0.005 decays 20 times more
 *       weakly than theirs).</li>
 *   <li>Tied returns share the mean of their ranks (OpenAI's {@code argsort} breaks ties arbitrarily): on CartPole
 *       many members tie at 500, and arbitrary tie-breaking would add noise to ĝ.</li>
 *   <li>Observation statistics use every observation of every evaluation (OpenAI's workers sample 1% of them).</li>
 *   <li>Common random numbers: all members of an iteration play from the same env seeds (OpenAI's workers draw
 *       their own), so ranks compare policies rather than start states. On Pendulum this is what made ES learn
 *       (per-pair seeds: about −900 after 2M steps; shared seeds: about −270). A fitness averaged over
 *       {@code episodesPerMember} &gt; 1 episodes is also not in the paper (one episode per member
 *       there).</li>
 *   <li>{@code annealLr} (default off: OpenAI's constant step size) decays Adam's step size linearly to 0 over
 *       {@code totalTimesteps}, as CleanRL's {@code anneal-lr}: lr_t = lr (1 − steps before the iteration /
 *       totalTimesteps). The returned θ is the last iterate, which a constant step size leaves oscillating.</li>
 * </ol>
 */
public final class EvolutionStrategies {
    private EvolutionStrategies() {}

    /**
     * OpenAI-ES's hyperparameters.
     *
     * @param envId the registered env id
     * @param seed the run's seed (noise table, initial θ, noise offsets, episode seeds)
     * @param totalTimesteps evaluation steps to train for, summed over members
     * @param envKwargs keyword arguments for {@code Envs.make}
     * @param populationSize members per iteration, even: {@code populationSize / 2} mirrored pairs
     * @param learningRate Adam's step size
     * @param noiseStd the perturbation scale σ
     * @param l2Coeff the weight decay λ
     * @param hiddenSize the width of the policy's two tanh hidden layers
     * @param obsNorm whether to normalise observations with running statistics
     * @param episodesPerMember episodes E averaged into each member's fitness
     * @param annealLr whether Adam's step size decays linearly to 0 over {@code totalTimesteps}
     * @param noiseTableSize floats in the shared noise table
     * @param actionNoiseStd the std of the Gaussian noise added to the policy's raw outputs in training episodes
     *        (OpenAI's {@code ac_noise_std}); 0 for none
     */
    public record Config(String envId, long seed, long totalTimesteps, Map<String, Object> envKwargs,
                         int populationSize, double learningRate, double noiseStd, double l2Coeff, int hiddenSize,
                         boolean obsNorm, int episodesPerMember, boolean annealLr, int noiseTableSize,
                         double actionNoiseStd) {
        public Config {
            Objects.requireNonNull(envId, "envId");
            envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (populationSize < 2 || populationSize % 2 != 0) {
                throw new IllegalArgumentException("populationSize must be an even number of at least 2 (mirrored pairs) but was " + populationSize);
            }
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (!(noiseStd > 0) || !Double.isFinite(noiseStd)) throw new IllegalArgumentException("noiseStd must be positive but was " + noiseStd);
            if (!(l2Coeff >= 0)) throw new IllegalArgumentException("l2Coeff must be non-negative but was " + l2Coeff);
            if (hiddenSize <= 0) throw new IllegalArgumentException("hiddenSize must be positive but was " + hiddenSize);
            if (episodesPerMember <= 0) throw new IllegalArgumentException("episodesPerMember must be positive but was " + episodesPerMember);
            if (noiseTableSize <= 0) throw new IllegalArgumentException("noiseTableSize must be positive but was " + noiseTableSize);
            if (!(actionNoiseStd >= 0) || !Double.isFinite(actionNoiseStd)) {
                throw new IllegalArgumentException("actionNoiseStd must be a finite number of at least 0 but was " + actionNoiseStd);
            }
        }

        /** Defaults for {@code envId}: 40 members, Adam 0.03 (constant), σ 0.05, λ 0.005, 32×32 tanh, normalised, E 1, 2^24 table, no action noise. */
        public static Config defaults(String envId) {
            return new Config(envId, 1, 200_000, Map.of(), 40, 0.03, 0.05, 0.005, 32, true, 1, false, 1 << 24, 0);
        }
    }

    static final double ADAM_BETA1 = 0.9, ADAM_BETA2 = 0.999, ADAM_EPS = 1e-8;
    static final float OBS_CLIP = 5f;
    static final double MIN_OBS_VAR = 1e-2;

    /** Trains a policy and returns it; metrics go to {@code sink}. */
    public static FlatPolicy train(Config c, MetricsSink sink) {
        return train(c, sink, Checkpoints.none());
    }

    /**
     * {@link #train(Config, MetricsSink)} writing {@code checkpoints} after the iterations at which one is due, and
     * continuing from {@link Checkpoints#resumeFrom()} when present (see "Checkpoints" in the class notes).
     *
     * @throws dev.bellman.core.NonFiniteException when θ or a return becomes NaN or infinite
     */
    public static FlatPolicy train(Config c, MetricsSink sink, Checkpoints checkpoints) {
        try (Evaluator evaluator = new Evaluator(c.envId(), c.envKwargs())) {
            Env<Object, Object> env = evaluator.any();
            FlatPolicy.Arch arch = FlatPolicy.Arch.of(env.observationSpace(), env.actionSpace(),
                    new int[]{c.hiddenSize(), c.hiddenSize()}, true, true);
            int dim = arch.numParams(), pairs = c.populationSize() / 2, members = c.populationSize();
            NoiseTable table = new NoiseTable(c.seed(), c.noiseTableSize());
            Rng rng = new Rng(c.seed());
            float[] theta = arch.normcInit(rng.split());
            Rng noiseRng = rng.split();
            double[] adamM = new double[dim], adamV = new double[dim];
            long adamT = 0;
            ObsStat stat = new ObsStat(arch.obsSize());
            long iteration = 0, globalStep = 0;
            FiniteGuard guard = FiniteGuard.forLearningRate("es", c.learningRate());
            Supplier<FlatPolicy> trained = () -> new FlatPolicy(arch, theta, normMean(stat, c.obsNorm()),
                    normScale(stat, c.obsNorm()), c.obsNorm() ? OBS_CLIP : Float.POSITIVE_INFINITY, "es");
            checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
            if (checkpoints.resumeFrom().isPresent()) {
                TrainingState.Reader s = RunCheckpoint.load(checkpoints.resumeFrom().get(), "es", c);
                s.floatsInto("theta", theta);
                s.doublesInto("adam_m", adamM);
                s.doublesInto("adam_v", adamV);
                adamT = s.getLong("adam_t");
                stat.fromArray(s.doubles("obs_stat"));
                s.loadRng("noise_rng", noiseRng);
                iteration = s.getLong("iteration");
                globalStep = s.getLong("global_step");
            }
            int[] offsets = new int[pairs];
            int episodes = c.episodesPerMember(), tasks = members * episodes;
            long[] seeds = new long[tasks];
            double[] episodeReturns = new double[tasks], returns = new double[members];
            int[] lengths = new int[tasks];
            ObsStat[] stats = c.obsNorm() ? new ObsStat[tasks] : null;
            long start = System.nanoTime(), startStep = globalStep;

            while (globalStep < c.totalTimesteps()) {
                // 1. sample n mirrored pairs: ε_i = noise[offset_i, offset_i + dim); member 2i = θ + σε_i, 2i+1 = θ − σε_i
                for (int i = 0; i < pairs; i++) offsets[i] = table.sampleOffset(noiseRng, dim);
                // common random numbers: episode e of every member starts from the same seed
                for (int t = 0; t < tasks; t++) seeds[t] = Evaluator.episodeSeed(c.seed(), iteration, t % episodes);
                float[] mean = normMean(stat, c.obsNorm()), scale = normScale(stat, c.obsNorm());
                float obsClip = c.obsNorm() ? OBS_CLIP : Float.POSITIVE_INFINITY;
                float sigma = (float) c.noiseStd();
                float[] base = theta;

                // 2. evaluate: task t is episode t % E of member t / E; in parallel, results at their indices
                evaluator.evaluate(arch, tasks, (t, out) -> {
                    int m = t / episodes;
                    table.perturb(base, offsets[m / 2], m % 2 == 0 ? sigma : -sigma, out);
                }, seeds, mean, scale, obsClip, c.actionNoiseStd(), episodeReturns, lengths, stats);
                double lr = learningRate(c, globalStep);
                for (int t = 0; t < tasks; t++) globalStep += lengths[t];
                guard.values(globalStep, "es returns", episodeReturns);
                if (stats != null) for (int t = 0; t < tasks; t++) stat.add(stats[t]);
                memberMeans(episodeReturns, episodes, returns); // F: each member's mean return

                // 3. fitness shaping and the gradient: ĝ = 1/(2nσ) Σ_i (u_i⁺ − u_i⁻) ε_i
                double[] g = gradient(table, offsets, centeredRanks(returns), c.noiseStd(), dim);

                // 4. update: Adam on the minimised objective's gradient −ĝ + λθ
                adamT++;
                double a = lr * Math.sqrt(1 - Math.pow(ADAM_BETA2, adamT)) / (1 - Math.pow(ADAM_BETA1, adamT));
                double gNorm = 0, pNorm = 0;
                for (int j = 0; j < dim; j++) {
                    gNorm += g[j] * g[j];
                    double grad = -g[j] + c.l2Coeff() * theta[j];
                    adamM[j] = ADAM_BETA1 * adamM[j] + (1 - ADAM_BETA1) * grad;
                    adamV[j] = ADAM_BETA2 * adamV[j] + (1 - ADAM_BETA2) * grad * grad;
                    theta[j] = (float) (theta[j] - a * adamM[j] / (Math.sqrt(adamV[j]) + ADAM_EPS));
                    pNorm += (double) theta[j] * theta[j];
                }
                guard.check(globalStep, "es parameter norm", pNorm);
                iteration++;

                // 5. log
                for (int t = 0; t < tasks; t++) {
                    sink.record(globalStep, MetricsSink.EPISODIC_RETURN, episodeReturns[t]);
                    sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, lengths[t]);
                }
                logFitness(sink, globalStep, returns);
                sink.record(globalStep, "es/grad_norm", Math.sqrt(gNorm));
                sink.record(globalStep, "es/param_norm", Math.sqrt(pNorm));
                sink.record(globalStep, MetricsSink.LEARNING_RATE, lr);
                sink.record(globalStep, MetricsSink.SPS, (globalStep - startStep) / ((System.nanoTime() - start) / 1e9));

                // 6. checkpoint
                if (globalStep < c.totalTimesteps() && checkpoints.due(globalStep)) {
                    RunCheckpoint.save(checkpoints, globalStep, "es", c, new TrainingState.Writer()
                            .put("theta", theta).put("adam_m", adamM).put("adam_v", adamV).putLong("adam_t", adamT)
                            .put("obs_stat", stat.toArray()).putRng("noise_rng", noiseRng)
                            .putLong("iteration", iteration).putLong("global_step", globalStep));
                }
            }
            return trained.get();
        }
    }

    /** Adam's step size for the iteration that starts after {@code stepsDone} steps: constant, or linearly annealed to 0. */
    static double learningRate(Config c, long stepsDone) {
        return c.annealLr() ? c.learningRate() * Math.max(0, 1 - (double) stepsDone / c.totalTimesteps()) : c.learningRate();
    }

    /** {@code out[m]}: the mean of {@code episodeReturns[m E .. m E + E)}, member m's E episodes. */
    static void memberMeans(double[] episodeReturns, int episodes, double[] out) {
        for (int m = 0; m < out.length; m++) {
            double sum = 0;
            for (int e = 0; e < episodes; e++) sum += episodeReturns[m * episodes + e];
            out[m] = sum / episodes;
        }
    }

    /**
     * Centred ranks (OpenAI's {@code compute_centered_ranks}): rank r ∈ [0, N−1] of each value in increasing order,
     * mapped to {@code r / (N − 1) − 0.5}; tied values share the mean of their ranks. One value maps to 0.
     */
    static double[] centeredRanks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Double.compare(x[p], x[q]));
        double[] out = new double[n];
        if (n == 1) return out;
        for (int lo = 0; lo < n; ) {
            int hi = lo;
            while (hi + 1 < n && Double.compare(x[order[hi + 1]], x[order[lo]]) == 0) hi++;
            double rank = (lo + hi) / 2.0;
            for (int k = lo; k <= hi; k++) out[order[k]] = rank / (n - 1) - 0.5;
            lo = hi + 1;
        }
        return out;
    }

    /**
     * The mirrored-sampling estimate ĝ = 1/(2nσ) Σ_i (u[2i] − u[2i+1]) ε_i for the n pairs whose noise starts at
     * {@code offsets[i]}, from the members' utilities {@code u} (member 2i is θ + σε_i, 2i+1 is θ − σε_i).
     */
    static double[] gradient(NoiseTable table, int[] offsets, double[] u, double sigma, int dim) {
        double[] g = new double[dim];
        for (int i = 0; i < offsets.length; i++) table.accumulate(offsets[i], u[2 * i] - u[2 * i + 1], g);
        double f = 1 / (2 * offsets.length * sigma);
        for (int j = 0; j < dim; j++) g[j] *= f;
        return g;
    }

    private static float[] normMean(ObsStat s, boolean on) {
        return on ? s.mean() : new float[s.sum.length];
    }

    /** 1 / max(std, 0.1) per component (OpenAI's {@code ob_std} floor), ones when off. */
    private static float[] normScale(ObsStat s, boolean on) {
        float[] out = new float[s.sum.length];
        for (int i = 0; i < out.length; i++) out[i] = on ? (float) (1 / Math.sqrt(Math.max(s.variance(i), MIN_OBS_VAR))) : 1f;
        return out;
    }

    /** {@code es/fitness_mean}, {@code es/fitness_std} (population), {@code es/fitness_max}. */
    static void logFitness(MetricsSink sink, long step, double[] returns) {
        double mean = 0, max = Double.NEGATIVE_INFINITY;
        for (double r : returns) {
            mean += r;
            max = Math.max(max, r);
        }
        mean /= returns.length;
        double var = 0;
        for (double r : returns) var += (r - mean) * (r - mean);
        sink.record(step, "es/fitness_mean", mean);
        sink.record(step, "es/fitness_std", Math.sqrt(var / returns.length));
        sink.record(step, "es/fitness_max", max);
    }
}
