package dev.bellman.algorithms.ppo;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainingState;
import dev.bellman.core.returns.Returns;
import dev.bellman.distributions.DiagGaussian;
import dev.bellman.env.Box;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.env.wrappers.RunningMeanStd;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.optim.GradClip;
import dev.bellman.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Proximal Policy Optimization for continuous ({@code Box}) actions (Schulman et al. 2017), following CleanRL's
 * {@code ppo_continuous_action.py}: a diagonal Gaussian policy whose mean is an MLP of the observation and whose
 * log standard deviation is a state-independent parameter, with observation and reward normalisation.
 *
 * <p>Equations as in {@link Ppo} (clipped surrogate, eq. 7; clipped value loss; loss of eq. 9), with
 * {@code log π_θ(a|s) = Σ_d log N(a_d; μ_θ(s)_d, exp(logstd_d)²)} and entropy {@code Σ_d (½ + ½ log 2π + logstd_d)}.
 * Normalisation (Engstrom et al. 2020, "Implementation Matters in Deep Policy Gradients"):
 * {@code ŝ = clip((s − μ_s) / sqrt(σ²_s + 1e-8), −10, 10)} with running statistics of observations, and
 * {@code r̂ = clip(r / sqrt(σ²_G + 1e-8), −10, 10)} where σ²_G is the running variance of the discounted return
 * {@code G ← γ G (1 − terminated) + r} of each copy.
 *
 * <p>Symbols: {@code ratio} = r_t(θ); {@code clipCoef} = ε; {@code entCoef} = c₂; {@code vfCoef} = c₁;
 * {@code actorLogstd} = log σ; {@code obsRms}/{@code returnRms} = the running statistics.
 *
 * <h2>Implementation notes</h2>
 * <p>CleanRL's details: separate 64-64 tanh actor mean and critic, orthogonal init (√2; mean head 0.01; value head 1),
 * {@code actor_logstd} initialised to 0, Adam ε = 1e-5, linear learning-rate annealing, minibatch advantage
 * normalisation, clipped value loss, gradient-norm clipping, optional per-epoch target-KL early stop. The sampled
 * (unclipped) action is stored and scored; the env receives it clipped to the action bounds (Gymnasium's
 * {@code ClipAction}).
 * <p><b>Deviations</b> from CleanRL's {@code ppo_continuous_action.py}:
 * <ol>
 *   <li>Truncated episodes bootstrap the value of their final observation (normalised with the current statistics)
 *       instead of treating truncation as termination (Pendulum's episodes only ever truncate).</li>
 *   <li>Normalisation statistics are shared across the copies and updated with each vector step's batch, as
 *       Gymnasium's vector {@code NormalizeObservation}/{@code NormalizeReward}; CleanRL wraps each copy separately.
 *       The observation statistics are saved with the policy.</li>
 *   <li>Random draws come from the project's {@link Rng}; {@code targetKl = 0} switches the early stop off.</li>
 * </ol>
 * <p><b>Checkpoints: what is saved</b>: as in {@link Ppo} (parameters with {@code actor_logstd}, Adam, the action
 * and shuffle generators, the vector env, the next normalised observations, global step and iteration, variant and
 * sizes), plus the normalisation state: the observation statistics {@code obsRms}, the return statistics
 * {@code returnRms} and every copy's discounted-return accumulator {@code G}. On resume the reset's update of
 * {@code obsRms} is overwritten with the saved statistics.
 */
public final class PpoContinuous {

    private PpoContinuous() {
    }

    /**
     * Hyperparameters, CleanRL's names in camelCase and {@code ppo_continuous_action.py}'s defaults; see
     * {@link Ppo.Config} for the shared ones.
     *
     * @param normObs whether observations are normalised by running statistics (and clipped to ±10)
     * @param normReward whether rewards are scaled by the running std of the discounted return (and clipped to ±10)
     */
    public record Config(long totalTimesteps, double learningRate, int numEnvs, int numSteps, boolean annealLr,
            double gamma, double gaeLambda, int numMinibatches, int updateEpochs, boolean normAdv, double clipCoef,
            boolean clipVloss, double entCoef, double vfCoef, double maxGradNorm, double targetKl, int hiddenSize,
            boolean normObs, boolean normReward, long seed) {
        public Config {
            // the shared fields are validated by Ppo.Config's rules
            new Ppo.Config(totalTimesteps, learningRate, numEnvs, numSteps, annealLr, gamma, gaeLambda, numMinibatches,
                    updateEpochs, normAdv, clipCoef, clipVloss, entCoef, vfCoef, maxGradNorm, targetKl, hiddenSize,
                    seed);
        }

        /** CleanRL's {@code ppo_continuous_action.py} defaults (1,000,000 steps, one copy, 2048-step rollouts). */
        public static Config defaults() {
            return new Config(1_000_000, 3e-4, 1, 2048, true, 0.99, 0.95, 32, 10, true, 0.2, true, 0.0, 0.5, 0.5, 0,
                    64, true, true, 1);
        }

        public Config withTotalTimesteps(long n) {
            return new Config(n, learningRate, numEnvs, numSteps, annealLr, gamma, gaeLambda, numMinibatches,
                    updateEpochs, normAdv, clipCoef, clipVloss, entCoef, vfCoef, maxGradNorm, targetKl, hiddenSize,
                    normObs, normReward, seed);
        }

        public Config withSeed(long s) {
            return new Config(totalTimesteps, learningRate, numEnvs, numSteps, annealLr, gamma, gaeLambda,
                    numMinibatches, updateEpochs, normAdv, clipCoef, clipVloss, entCoef, vfCoef, maxGradNorm, targetKl,
                    hiddenSize, normObs, normReward, s);
        }

        public int batchSize() {
            return numEnvs * numSteps;
        }

        public int minibatchSize() {
            return batchSize() / numMinibatches;
        }

        public long numIterations() {
            return totalTimesteps / batchSize();
        }
    }

    /** CleanRL's continuous {@code Agent}: critic, actor mean and a state-independent {@code actor_logstd}. */
    static final class Agent extends Module {
        final Sequential critic;
        final Sequential actorMean;
        final Tensor actorLogstd;

        Agent(int obsSize, int actionSize, int hidden, Rng rng) {
            LayerInit hiddenInit = LayerInit.orthogonal(Math.sqrt(2), 0);
            actorLogstd = registerParameter("actor_logstd", Tensor.parameter(new float[actionSize], 1, actionSize));
            critic = registerModule("critic", Mlp.builder(obsSize, hidden, hidden, 1).activation(Activation::tanh)
                    .init(hiddenInit).outputInit(LayerInit.orthogonal(1.0, 0)).build(rng));
            actorMean = registerModule("actor_mean", Mlp.builder(obsSize, hidden, hidden, actionSize)
                    .activation(Activation::tanh).init(hiddenInit).outputInit(LayerInit.orthogonal(0.01, 0))
                    .build(rng));
        }

        DiagGaussian distribution(Tensor x) {
            return new DiagGaussian(actorMean.forward(x), actorLogstd.reshape(actorLogstd.size()));
        }
    }

    /**
     * Trains on {@code envs}, which must use {@link AutoresetMode#SAME_STEP}, have {@code config.numEnvs()} copies
     * and a bounded {@code Box} action space; it is reset with {@code config.seed()}.
     */
    public static Trained train(VectorEnv envs, Config config, MetricsSink sink) {
        return train(envs, config, sink, Checkpoints.none());
    }

    /**
     * {@link #train(VectorEnv, Config, MetricsSink)} with checkpoints: saves the training state after an iteration's
     * update and log whenever {@link Checkpoints#due} says so, and continues from {@link Checkpoints#resumeFrom()}
     * when present (the env must be made as for the saved run).
     *
     * @throws IllegalArgumentException when the checkpoint was written by another PPO variant or shape of run
     * @throws UncheckedIOException when the checkpoint cannot be read
     * @throws dev.bellman.core.NonFiniteException when a loss, the gradient norm or a parameter becomes NaN or infinite
     *     after an update (checked after every update; nothing is saved after it)
     */
    public static Trained train(VectorEnv envs, Config config, MetricsSink sink, Checkpoints checkpoints) {
        if (envs.autoresetMode() != AutoresetMode.SAME_STEP) {
            throw new IllegalArgumentException("PPO needs a SAME_STEP vector env but got " + envs.autoresetMode());
        }
        if (envs.numEnvs() != config.numEnvs()) {
            throw new IllegalArgumentException("the vector env has " + envs.numEnvs() + " copies but numEnvs = "
                    + config.numEnvs());
        }
        if (!(envs.singleActionSpace() instanceof Box box) || !box.isBounded()) {
            throw new IllegalArgumentException("PpoContinuous needs a bounded Box action space but got "
                    + envs.singleActionSpace() + " (Ppo handles Discrete actions)");
        }
        final int numEnvs = config.numEnvs();
        final int numSteps = config.numSteps();
        final int obsSize = envs.observationSize();
        final int actSize = box.size();
        final float[] low = box.low();
        final float[] high = box.high();
        final float gamma = (float) config.gamma();
        final float clipCoef = (float) config.clipCoef();

        Rng root = new Rng(config.seed());
        Agent agent = new Agent(obsSize, actSize, config.hiddenSize(), root.split());
        Rng actionRng = root.split();
        Rng shuffleRng = root.split();
        List<Tensor> params = agent.parameters();
        Adam optimizer = new Adam(params, Adam.Config.defaults(config.learningRate()).withEps(1e-5));
        FiniteGuard guard = FiniteGuard.forLearningRate("ppo", config.learningRate());
        RunningMeanStd obsRms = new RunningMeanStd(obsSize);
        RunningMeanStd returnRms = new RunningMeanStd(1);
        double[] discountedReturn = new double[numEnvs];

        // rollout storage, [numSteps][numEnvs] (observations and actions row-major per step)
        float[][] obs = new float[numSteps][numEnvs * obsSize];
        float[][] actions = new float[numSteps][numEnvs * actSize];
        float[][] logprobs = new float[numSteps][numEnvs];
        float[][] rewards = new float[numSteps][numEnvs];
        boolean[][] terminated = new boolean[numSteps][numEnvs];
        boolean[][] truncated = new boolean[numSteps][numEnvs];
        float[][] values = new float[numSteps][numEnvs];
        float[][] finalValues = new float[numSteps][numEnvs];
        float[][] advantages = new float[numSteps][numEnvs];
        float[][] returns = new float[numSteps][numEnvs];
        float[] lastValues = new float[numEnvs];
        float[] envActions = new float[numEnvs * actSize];

        int batchSize = config.batchSize();
        int mbSize = config.minibatchSize();
        float[] bObs = new float[batchSize * obsSize];
        float[] bActions = new float[batchSize * actSize];
        float[] bLogprobs = new float[batchSize];
        float[] bAdvantages = new float[batchSize];
        float[] bReturns = new float[batchSize];
        float[] bValues = new float[batchSize];
        int[] bInds = new int[batchSize];

        VectorStep step = envs.reset(config.seed());
        float[] nextObs = new float[numEnvs * obsSize];
        observe(step.observations(), nextObs, numEnvs, obsRms, config.normObs(), true);
        long globalStep = 0;
        long startNanos = System.nanoTime();
        long numIterations = config.numIterations();
        Supplier<Trained> trained = () -> new Trained(agent, obsSize, actSize, low, high, config.hiddenSize(),
                config.normObs() ? obsRms.toArray() : null);
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        long firstIteration = 1;
        if (checkpoints.resumeFrom().isPresent()) {
            // everything above was built as for a fresh run (the reset's observations went into obsRms): overwrite it
            Checkpoints.Loaded from = checkpoints.resumeFrom().get();
            TrainingState.Reader state = Ppo.readState(from);
            Ppo.checkShape(state, from, Ppo.KIND_CONTINUOUS, numEnvs, numSteps, obsSize, actSize, config.hiddenSize());
            state.loadModule("agent.", agent);
            state.loadOptimizer("optimizer", optimizer);
            state.loadRng("rng.action", actionRng);
            state.loadRng("rng.shuffle", shuffleRng);
            state.loadEnvs("envs", envs);
            state.floatsInto("next_obs", nextObs);
            obsRms.fromArray(state.doubles("obs_rms"));
            returnRms.fromArray(state.doubles("return_rms"));
            state.doublesInto("discounted_return", discountedReturn);
            globalStep = state.getLong("global_step");
            firstIteration = state.getLong("iteration") + 1;
        }

        for (long iteration = firstIteration; iteration <= numIterations; iteration++) {
            if (config.annealLr()) {
                double frac = 1.0 - (iteration - 1.0) / numIterations;
                optimizer.setLearningRate(frac * config.learningRate());
            }

            // 1. rollout: a ~ N(μ(s), σ²), the env gets a clipped to its bounds
            for (int t = 0; t < numSteps; t++) {
                globalStep += numEnvs;
                System.arraycopy(nextObs, 0, obs[t], 0, nextObs.length);
                try (Tensor.Scope noGrad = Tensor.noGrad()) {
                    Tensor x = Tensor.of(obs[t], numEnvs, obsSize);
                    DiagGaussian dist = agent.distribution(x);
                    Tensor a = dist.sample(actionRng);
                    System.arraycopy(a.data(), a.offset(), actions[t], 0, numEnvs * actSize);
                    copy(dist.logProb(a), logprobs[t]);
                    copy(agent.critic.forward(x), values[t]);
                }
                for (int j = 0; j < numEnvs * actSize; j++) {
                    int d = j % actSize;
                    envActions[j] = Math.min(Math.max(actions[t][j], low[d]), high[d]);
                }
                step = envs.step(envActions);
                boolean anyTruncated = false;
                for (int i = 0; i < numEnvs; i++) {
                    double r = step.rewards()[i];
                    terminated[t][i] = step.terminated()[i];
                    truncated[t][i] = step.truncated()[i] && !step.terminated()[i];
                    anyTruncated |= truncated[t][i];
                    if (config.normReward()) {
                        // G ← γ G (1 − terminated) + r; r̂ = clip(r / sqrt(Var[G] + 1e-8), −10, 10)
                        discountedReturn[i] = discountedReturn[i] * config.gamma() * (terminated[t][i] ? 0 : 1) + r;
                        returnRms.update(discountedReturn[i]);
                        r = Math.min(Math.max(r / Math.sqrt(returnRms.var(0) + 1e-8), -10), 10);
                    }
                    rewards[t][i] = (float) r;
                    if (step.episodeEnded()[i]) {
                        sink.record(globalStep, MetricsSink.EPISODIC_RETURN, step.episodeReturn()[i]);
                        sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, step.episodeLength()[i]);
                    }
                }
                if (anyTruncated) {
                    finalValues(agent.critic, step, truncated[t], obsSize, obsRms, config.normObs(), finalValues[t]);
                }
                observe(step.observations(), nextObs, numEnvs, obsRms, config.normObs(), true);
            }

            // 2. advantages: GAE(λ) with V(final observation) bootstrapped on truncation
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                copy(agent.critic.forward(Tensor.of(nextObs.clone(), numEnvs, obsSize)), lastValues);
            }
            Returns.gaeSameStep(rewards, values, lastValues, finalValues, terminated, truncated, gamma,
                    (float) config.gaeLambda(), advantages, returns);
            for (int t = 0; t < numSteps; t++) {
                System.arraycopy(obs[t], 0, bObs, t * numEnvs * obsSize, numEnvs * obsSize);
                System.arraycopy(actions[t], 0, bActions, t * numEnvs * actSize, numEnvs * actSize);
                System.arraycopy(logprobs[t], 0, bLogprobs, t * numEnvs, numEnvs);
                System.arraycopy(advantages[t], 0, bAdvantages, t * numEnvs, numEnvs);
                System.arraycopy(returns[t], 0, bReturns, t * numEnvs, numEnvs);
                System.arraycopy(values[t], 0, bValues, t * numEnvs, numEnvs);
            }

            // 3. update: updateEpochs passes of numMinibatches shuffled minibatches
            for (int i = 0; i < batchSize; i++) {
                bInds[i] = i;
            }
            double clipfracSum = 0;
            int clipfracCount = 0;
            float pgLossValue = 0;
            float vLossValue = 0;
            float entropyValue = 0;
            float approxKl = 0;
            float oldApproxKl = 0;
            for (int epoch = 0; epoch < config.updateEpochs(); epoch++) {
                shuffleRng.shuffle(bInds);
                for (int start = 0; start < batchSize; start += mbSize) {
                    float[] mbObs = new float[mbSize * obsSize];
                    float[] mbActions = new float[mbSize * actSize];
                    float[] mbLogprobs = new float[mbSize];
                    float[] mbAdv = new float[mbSize];
                    float[] mbReturns = new float[mbSize];
                    float[] mbValues = new float[mbSize];
                    for (int j = 0; j < mbSize; j++) {
                        int b = bInds[start + j];
                        System.arraycopy(bObs, b * obsSize, mbObs, j * obsSize, obsSize);
                        System.arraycopy(bActions, b * actSize, mbActions, j * actSize, actSize);
                        mbLogprobs[j] = bLogprobs[b];
                        mbAdv[j] = bAdvantages[b];
                        mbReturns[j] = bReturns[b];
                        mbValues[j] = bValues[b];
                    }
                    if (config.normAdv()) {
                        Ppo.normalize(mbAdv);
                    }
                    Tensor x = Tensor.of(mbObs, mbSize, obsSize);
                    DiagGaussian dist = agent.distribution(x);
                    Tensor newLogprob = dist.logProb(Tensor.of(mbActions, mbSize, actSize));
                    Tensor entropy = dist.entropy();
                    Tensor newValue = agent.critic.forward(x).reshape(mbSize);

                    // r_t(θ) = exp(log π_θ(a|s) − log π_old(a|s))
                    Tensor logratio = newLogprob.sub(Tensor.of(mbLogprobs, mbSize));
                    Tensor ratio = logratio.exp();
                    float[] lr = logratio.toArray();
                    float[] rt = ratio.toArray();
                    double kl = 0;
                    double oldKl = 0;
                    int clipped = 0;
                    for (int j = 0; j < mbSize; j++) {
                        oldKl += -lr[j];
                        kl += (rt[j] - 1) - lr[j];
                        if (Math.abs(rt[j] - 1) > clipCoef) {
                            clipped++;
                        }
                    }
                    oldApproxKl = (float) (oldKl / mbSize);
                    approxKl = (float) (kl / mbSize);
                    clipfracSum += (double) clipped / mbSize;
                    clipfracCount++;

                    // L^CLIP = mean(max(−Â r, −Â clip(r, 1 − ε, 1 + ε)))
                    Tensor negAdv = Tensor.of(mbAdv, mbSize).neg();
                    Tensor pgLoss = negAdv.mul(ratio).maximum(negAdv.mul(ratio.clamp(1 - clipCoef, 1 + clipCoef)))
                            .mean();

                    // L^V = ½ mean(max((V − R)², (V_old + clip(V − V_old, −ε, ε) − R)²)), or unclipped
                    Tensor ret = Tensor.of(mbReturns, mbSize);
                    Tensor vLossUnclipped = newValue.sub(ret).square();
                    Tensor vLoss;
                    if (config.clipVloss()) {
                        Tensor oldV = Tensor.of(mbValues, mbSize);
                        Tensor vClipped = oldV.add(newValue.sub(oldV).clamp(-clipCoef, clipCoef));
                        vLoss = vLossUnclipped.maximum(vClipped.sub(ret).square()).mean().mul(0.5f);
                    } else {
                        vLoss = vLossUnclipped.mean().mul(0.5f);
                    }

                    // loss = L^CLIP − c₂ H + c₁ L^V
                    Tensor entropyLoss = entropy.mean();
                    Tensor loss = pgLoss.sub(entropyLoss.mul((float) config.entCoef()))
                            .add(vLoss.mul((float) config.vfCoef()));
                    optimizer.zeroGrad();
                    loss.backward();
                    float gradNorm = GradClip.clipGradNorm(params, (float) config.maxGradNorm());
                    optimizer.step();
                    guard.update(globalStep, "loss", loss.item(), gradNorm, agent);
                    pgLossValue = pgLoss.item();
                    vLossValue = vLoss.item();
                    entropyValue = entropyLoss.item();
                }
                if (config.targetKl() > 0 && approxKl > config.targetKl()) {
                    break;
                }
            }

            // 4. log (CleanRL's keys; losses of the last minibatch)
            sink.record(globalStep, MetricsSink.LEARNING_RATE, optimizer.learningRate());
            sink.record(globalStep, "losses/value_loss", vLossValue);
            sink.record(globalStep, "losses/policy_loss", pgLossValue);
            sink.record(globalStep, "losses/entropy", entropyValue);
            sink.record(globalStep, "losses/old_approx_kl", oldApproxKl);
            sink.record(globalStep, "losses/approx_kl", approxKl);
            sink.record(globalStep, "losses/clipfrac", clipfracSum / Math.max(1, clipfracCount));
            sink.record(globalStep, "losses/explained_variance", Ppo.explainedVariance(bValues, bReturns));
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            sink.record(globalStep, MetricsSink.SPS, seconds > 0 ? Math.floor(globalStep / seconds) : 0);

            // 5. checkpoint: between iterations, after this iteration's metrics reached the sink
            if (checkpoints.due(globalStep)) {
                guard.optimizer(globalStep, "optimizer", optimizer);
                TrainingState.Writer state = new TrainingState.Writer();
                Ppo.putShape(state, Ppo.KIND_CONTINUOUS, numEnvs, numSteps, obsSize, actSize, config.hiddenSize());
                state.putModule("agent.", agent);
                state.putOptimizer("optimizer", optimizer);
                state.putRng("rng.action", actionRng);
                state.putRng("rng.shuffle", shuffleRng);
                state.putEnvs("envs", envs);
                state.put("next_obs", nextObs);
                state.put("obs_rms", obsRms.toArray());
                state.put("return_rms", returnRms.toArray());
                state.put("discounted_return", discountedReturn);
                state.putLong("global_step", globalStep);
                state.putLong("iteration", iteration);
                checkpoints.save(globalStep, dir -> state.write(dir.resolve(Ppo.STATE_FILE)));
            }
        }
        return trained.get();
    }

    /**
     * Normalises a batch of raw observations into {@code out}: first merges each copy's observation into the
     * statistics (when {@code update}), then {@code clip((o − μ) / sqrt(σ² + 1e-8), −10, 10)}; a plain copy when
     * normalisation is off.
     */
    static void observe(float[] raw, float[] out, int rows, RunningMeanStd rms, boolean normalize, boolean update) {
        int n = raw.length / rows;
        if (!normalize) {
            System.arraycopy(raw, 0, out, 0, raw.length);
            return;
        }
        if (update) {
            float[] row = new float[n];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(raw, i * n, row, 0, n);
                rms.update(row);
            }
        }
        normalizeRows(raw, out, rms);
    }

    static void normalizeRows(float[] raw, float[] out, RunningMeanStd rms) {
        int n = rms.mean().length;
        for (int k = 0; k < raw.length; k++) {
            int j = k % n;
            double z = (raw[k] - rms.mean(j)) / Math.sqrt(rms.var(j) + 1e-8);
            out[k] = (float) Math.min(Math.max(z, -10), 10);
        }
    }

    /** V of the (normalised, without updating the statistics) final observations of the truncated copies. */
    private static void finalValues(Sequential critic, VectorStep step, boolean[] truncated, int obsSize,
            RunningMeanStd obsRms, boolean normObs, float[] out) {
        int count = 0;
        for (boolean b : truncated) {
            count += b ? 1 : 0;
        }
        float[] x = new float[count * obsSize];
        int row = 0;
        for (int i = 0; i < truncated.length; i++) {
            if (truncated[i]) {
                System.arraycopy(step.finalObservation(i), 0, x, row++ * obsSize, obsSize);
            }
        }
        if (normObs) {
            normalizeRows(x, x, obsRms);
        }
        try (Tensor.Scope noGrad = Tensor.noGrad()) {
            float[] v = critic.forward(Tensor.of(x, count, obsSize)).toArray();
            row = 0;
            for (int i = 0; i < truncated.length; i++) {
                if (truncated[i]) {
                    out[i] = v[row++];
                }
            }
        }
    }

    private static void copy(Tensor t, float[] dst) {
        System.arraycopy(t.data(), t.offset(), dst, 0, dst.length);
    }

    /**
     * A trained continuous PPO policy: acts with the Gaussian's mean, clipped to the action bounds, on observations
     * normalised by the statistics frozen at the end of training; saves weights and statistics in one safetensors file.
     * Its outputs ({@link dev.bellman.core.PolicyOutputs}): {@code value} V(s), {@code mean} μ(s) before clipping and
     * {@code std} σ = exp(log σ); a sample is μ + σ·z, z ~ N(0, I), clipped to the bounds as the env would.
     */
    public static final class Trained implements dev.bellman.core.PolicyOutputs {
        static final String FILE = "ppo.safetensors";
        private final Agent agent;
        private final int obsSize;
        private final int actSize;
        private final float[] low;
        private final float[] high;
        private final int hiddenSize;
        private final RunningMeanStd obsRms; // null: no observation normalisation

        Trained(Agent agent, int obsSize, int actSize, float[] low, float[] high, int hiddenSize, double[] obsStats) {
            this.agent = agent;
            this.obsSize = obsSize;
            this.actSize = actSize;
            this.low = low.clone();
            this.high = high.clone();
            this.hiddenSize = hiddenSize;
            if (obsStats == null) {
                this.obsRms = null;
            } else {
                this.obsRms = new RunningMeanStd(obsSize);
                this.obsRms.fromArray(obsStats);
            }
        }

        /** The deterministic action (the mean, clipped to the bounds) for a {@code float[]} observation. */
        @Override
        public Object act(Object observation) {
            float[] o = (float[]) observation;
            if (o.length != obsSize) {
                throw new IllegalArgumentException("observation must have " + obsSize + " values but had " + o.length);
            }
            float[] x = o.clone();
            if (obsRms != null) {
                normalizeRows(x, x, obsRms);
            }
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                float[] mean = agent.actorMean.forward(Tensor.of(x, 1, obsSize)).toArray();
                for (int d = 0; d < actSize; d++) {
                    mean[d] = Math.min(Math.max(mean[d], low[d]), high[d]);
                }
                return mean;
            }
        }

        @Override
        public java.util.List<String> outputNames() {
            return java.util.List.of("value", "mean", "std");
        }

        @Override
        public Map<String, float[]> outputs(Object observation) {
            float[] x = normalized(observation);
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                Tensor in = Tensor.of(x, 1, obsSize);
                float[] value = agent.critic.forward(in).toArray();
                float[] mean = agent.actorMean.forward(in).toArray();
                float[] std = new float[actSize];
                for (int d = 0; d < actSize; d++) {
                    std[d] = (float) Math.exp(agent.actorLogstd.data()[agent.actorLogstd.offset() + d]);
                }
                Map<String, float[]> out = new java.util.LinkedHashMap<>();
                out.put("value", value);
                out.put("mean", mean);
                out.put("std", std);
                return out;
            }
        }

        @Override
        public boolean stochastic() {
            return true;
        }

        @Override
        public Object sample(Object observation, java.util.SplittableRandom rng) {
            Map<String, float[]> o = outputs(observation);
            float[] mean = o.get("mean");
            float[] std = o.get("std");
            float[] a = new float[actSize];
            for (int d = 0; d < actSize; d++) {
                a[d] = Math.min(Math.max(mean[d] + std[d] * (float) gaussian(rng), low[d]), high[d]);
            }
            return a;
        }

        /** A standard normal draw (Box-Muller on two uniforms in (0, 1]). */
        private static double gaussian(java.util.SplittableRandom rng) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }

        private float[] normalized(Object observation) {
            if (!(observation instanceof float[] o)) {
                throw new IllegalArgumentException("a continuous PPO policy needs a float[] (Box) observation but got "
                        + (observation == null ? "null" : observation.getClass().getSimpleName()));
            }
            if (o.length != obsSize) {
                throw new IllegalArgumentException("observation must have " + obsSize + " values but had " + o.length);
            }
            float[] x = o.clone();
            if (obsRms != null) {
                normalizeRows(x, x, obsRms);
            }
            return x;
        }

        /** The network (actor mean, log std and critic). */
        public Module network() {
            return agent;
        }

        /** The saved observation statistics {@code [count, mean..., var...]}, or null without normalisation. */
        public double[] observationStatistics() {
            return obsRms == null ? null : obsRms.toArray();
        }

        @Override
        public void save(Path directory) throws IOException {
            Map<String, String> meta = new HashMap<>();
            meta.put("algorithm", "ppo");
            meta.put("kind", "continuous");
            meta.put("obs_size", Integer.toString(obsSize));
            meta.put("action_size", Integer.toString(actSize));
            meta.put("hidden_size", Integer.toString(hiddenSize));
            meta.put("action_low", join(low));
            meta.put("action_high", join(high));
            if (obsRms != null) {
                // count, means, variances as exact decimal doubles
                meta.put("obs_rms", Arrays.stream(obsRms.toArray()).mapToObj(Double::toString)
                        .collect(Collectors.joining(",")));
            }
            agent.save(directory.resolve(FILE), meta);
        }

        /** Restores a policy written by {@link #save}. */
        static Trained load(Path directory, Map<String, String> meta) throws IOException {
            int obsSize = Integer.parseInt(meta.get("obs_size"));
            int actSize = Integer.parseInt(meta.get("action_size"));
            int hidden = Integer.parseInt(meta.get("hidden_size"));
            Agent agent = new Agent(obsSize, actSize, hidden, new Rng(0));
            agent.load(directory.resolve(FILE));
            String rms = meta.get("obs_rms");
            double[] stats = rms == null ? null
                    : Arrays.stream(rms.split(",")).mapToDouble(Double::parseDouble).toArray();
            return new Trained(agent, obsSize, actSize, split(meta.get("action_low")),
                    split(meta.get("action_high")), hidden, stats);
        }

        private static String join(float[] a) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ",").append(a[i]);
            }
            return sb.toString();
        }

        private static float[] split(String s) {
            String[] parts = s.split(",");
            float[] out = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = Float.parseFloat(parts[i]);
            }
            return out;
        }
    }
}
