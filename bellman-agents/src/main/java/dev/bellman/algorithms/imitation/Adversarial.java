package dev.bellman.algorithms.imitation;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainingState;
import dev.bellman.core.demos.Column;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Episode;
import dev.bellman.core.returns.Returns;
import dev.bellman.distributions.Categorical;
import dev.bellman.distributions.DiagGaussian;
import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Space;
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
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The adversarial imitation loop shared by {@link Gail} and {@link Airl} (the {@code imitation} library's
 * {@code AdversarialTrainer}): each round a PPO generator collects a rollout on which a learned reward replaces the
 * env's, takes its PPO update, and then the discriminator takes {@code discUpdatesPerRound} steps of binary
 * cross-entropy between a minibatch of expert transitions and one of the round's generator transitions. What differs
 * between the two methods (the discriminator's logit and the generator's reward) is an {@link Objective}.
 *
 * <p>Conventions as in {@code imitation}: the discriminator outputs a logit ℓ that is high for the generator,
 * {@code D_gen = σ(ℓ)}; its loss is {@code BCE(ℓ, 1[generator])}; the accuracies are
 * {@code mean(ℓ < 0)} on expert and {@code mean(ℓ > 0)} on generator transitions.
 *
 * <p>The generator follows CleanRL's PPO (clipped surrogate, clipped value loss, GAE, minibatch advantage
 * normalisation, gradient-norm clipping, Adam ε = 1e-5) with a tanh MLP actor ({@link ImitationPolicy.Net}: logits or
 * a Gaussian mean with a state-independent log-std) and a separate tanh MLP critic, on a {@code SAME_STEP} vector env.
 * The learned reward is scaled by the running std of its discounted return and clipped to ±10 when
 * {@code normalizeReward} (SB3's {@code VecNormalize(norm_reward=True)}, which {@code imitation} wraps around the
 * reward-replaced env).
 *
 * <p><b>Deviations</b> from {@code imitation}:
 * <ol>
 *   <li>The discriminator sees the generator transitions of the last {@link DiscriminatorConfig#genReplayRounds}
 *       rounds (by default the round just collected, as {@code imitation}'s default
 *       {@code gen_replay_buffer_capacity} = one round), sampled with replacement; the replay holds whole rounds
 *       rather than a number of transitions.</li>
 *   <li>A truncated episode's last transition is not "done": its next state is the final observation and AIRL's
 *       shaping term and PPO's value bootstrap both use it; {@code imitation}'s rollouts mark every episode end as
 *       done.</li>
 *   <li>The discriminator sees the action the env received (clipped to a {@code Box}'s bounds), as the expert's
 *       recorded action; Discrete actions one-hot.</li>
 *   <li>Observation normalisation for the generator is an option ({@link GeneratorConfig#normObs}), Gymnasium's
 *       {@code NormalizeObservation} inside the loop: the statistics are updated on every observation the generator
 *       sees, the discriminator and the learned reward see raw observations ({@code imitation} normalises the reward
 *       network's input with its own running statistics instead), and the saved policy keeps the final
 *       statistics.</li>
 * </ol>
 *
 * <p><b>Checkpoints: what is saved</b> (file {@value #STATE_FILE}): the actor, critic and discriminator parameters,
 * both Adam states, the action, shuffle and discriminator generators, the vector env, the next observations (raw and,
 * with {@code normObs}, normalised), the observation statistics, the reward-normalisation statistics and per-copy discounted returns, the per-copy learned-reward episode sums, the global
 * step and round, and (with {@link DiscriminatorConfig#genReplayRounds} &gt; 1) the replayed generator transitions.
 */
public final class Adversarial {
    static final String STATE_FILE = "adversarial_state.safetensors";

    private Adversarial() {}

    /**
     * The generator's PPO hyperparameters (CleanRL's names).
     *
     * @param totalTimesteps env steps in all
     * @param learningRate Adam's step size (constant)
     * @param numEnvs env copies
     * @param numSteps steps per copy per round
     * @param gamma discount
     * @param gaeLambda GAE's λ
     * @param numMinibatches minibatches per epoch
     * @param updateEpochs passes over the rollout per round
     * @param clipCoef ε of the clipped surrogate and value loss
     * @param entCoef entropy bonus coefficient
     * @param vfCoef value-loss coefficient
     * @param maxGradNorm gradient-norm clip
     * @param hiddenSize width of the actor's and critic's two tanh hidden layers
     * @param annealLr whether the step size decays linearly to 0 over the rounds (CleanRL's {@code anneal_lr})
     * @param normObs whether the actor and critic see observations normalised by running statistics and clipped to
     *                ±10 (Gymnasium's {@code NormalizeObservation}, as PPO's {@code norm-obs}); the discriminator
     *                always sees the raw ones
     */
    public record GeneratorConfig(long totalTimesteps, double learningRate, int numEnvs, int numSteps, double gamma,
                                  double gaeLambda, int numMinibatches, int updateEpochs, double clipCoef,
                                  double entCoef, double vfCoef, double maxGradNorm, int hiddenSize, boolean annealLr,
                                  boolean normObs) {
        public GeneratorConfig {
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
            if (numSteps <= 0) throw new IllegalArgumentException("numSteps must be positive but was " + numSteps);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("gaeLambda must be in [0, 1] but was " + gaeLambda);
            if (numMinibatches <= 0) throw new IllegalArgumentException("numMinibatches must be positive but was " + numMinibatches);
            if ((long) numEnvs * numSteps % numMinibatches != 0) {
                throw new IllegalArgumentException("numEnvs * numSteps = " + (long) numEnvs * numSteps
                        + " must be a multiple of numMinibatches = " + numMinibatches);
            }
            if (updateEpochs <= 0) throw new IllegalArgumentException("updateEpochs must be positive but was " + updateEpochs);
            if (!(clipCoef > 0)) throw new IllegalArgumentException("clipCoef must be positive but was " + clipCoef);
            if (!(entCoef >= 0)) throw new IllegalArgumentException("entCoef must be >= 0 but was " + entCoef);
            if (!(vfCoef >= 0)) throw new IllegalArgumentException("vfCoef must be >= 0 but was " + vfCoef);
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be positive but was " + maxGradNorm);
            if (hiddenSize <= 0) throw new IllegalArgumentException("hiddenSize must be positive but was " + hiddenSize);
            if (totalTimesteps < (long) numEnvs * numSteps) {
                throw new IllegalArgumentException("totalTimesteps = " + totalTimesteps + " is less than one round of"
                        + " numEnvs * numSteps = " + (long) numEnvs * numSteps + " steps");
            }
        }

        /**
         * Defaults: 8 copies x 256 steps, 8 minibatches, 5 epochs, lr 3e-4 (constant), γ 0.99, λ 0.95, no entropy
         * bonus, raw observations.
         */
        public static GeneratorConfig defaults(long totalTimesteps) {
            return new GeneratorConfig(totalTimesteps, 3e-4, 8, 256, 0.99, 0.95, 8, 5, 0.2, 0.0, 0.5, 0.5, 64, false,
                    false);
        }

        int batchSize() {
            return numEnvs * numSteps;
        }

        long numRounds() {
            return totalTimesteps / batchSize();
        }
    }

    /**
     * The discriminator's hyperparameters ({@code imitation}'s names in camelCase).
     *
     * @param demoBatchSize expert transitions per discriminator minibatch (and as many generator transitions)
     * @param discUpdatesPerRound discriminator steps after each generator round
     * @param discLearningRate the discriminator's Adam step size
     * @param discHiddenSize width of the reward networks' two ReLU hidden layers
     * @param normalizeReward whether the learned reward is scaled by its discounted return's running std
     * @param genReplayRounds how many of the latest generator rounds (this one included) the discriminator's generator
     *                        transitions are drawn from, uniformly ({@code imitation}'s
     *                        {@code gen_replay_buffer_capacity} in rounds; 1 = the round just collected)
     */
    public record DiscriminatorConfig(int demoBatchSize, int discUpdatesPerRound, double discLearningRate,
                                      int discHiddenSize, boolean normalizeReward, int genReplayRounds) {
        public DiscriminatorConfig {
            if (demoBatchSize <= 0) throw new IllegalArgumentException("demoBatchSize must be positive but was " + demoBatchSize);
            if (discUpdatesPerRound <= 0) {
                throw new IllegalArgumentException("discUpdatesPerRound must be positive but was " + discUpdatesPerRound);
            }
            if (!(discLearningRate > 0)) {
                throw new IllegalArgumentException("discLearningRate must be positive but was " + discLearningRate);
            }
            if (discHiddenSize <= 0) throw new IllegalArgumentException("discHiddenSize must be positive but was " + discHiddenSize);
            if (genReplayRounds <= 0) {
                throw new IllegalArgumentException("genReplayRounds must be positive but was " + genReplayRounds);
            }
        }

        /**
         * Defaults: minibatches of 256 expert + 256 generator transitions, 4 steps per round, Adam 1e-3, 32x32, the
         * generator transitions drawn from the last round only.
         */
        public static DiscriminatorConfig defaults() {
            return new DiscriminatorConfig(256, 4, 1e-3, 32, true, 1);
        }
    }

    /** Transitions as the discriminator sees them: rows of observation, action features, next observation. */
    record Batch(Tensor obs, Tensor act, Tensor nextObs, Tensor notDone, Tensor logPi, int size) {}

    /** What GAIL and AIRL plug into the loop. */
    interface Objective {
        /** The discriminator's trainable network. */
        Module net();

        /** Whether {@link Batch#logPi()} must be filled (AIRL's discriminator uses the policy). */
        boolean needsLogProb();

        /** ℓ per row, high for the generator, shape {@code [B]}. */
        Tensor logitsGenIsHigh(Batch b);

        /** The generator's reward per row (evaluated without gradients), shape {@code [B]}. */
        Tensor rewardTrain(Batch b);

        /** A penalty added to the discriminator loss, or null (GAIL's optional gradient penalty). */
        Tensor penalty(Batch expert, Batch generator, Rng rng);
    }

    /** Expert transitions as flat arrays. */
    static final class Transitions {
        final float[] obs, act, nextObs, notDone;
        final int size;

        Transitions(Dataset demos, int obsSize, int actFeatures, Space<?> actionSpace) {
            int n = (int) demos.totalSteps();
            obs = new float[n * obsSize];
            nextObs = new float[n * obsSize];
            act = new float[n * actFeatures];
            notDone = new float[n];
            int row = 0;
            for (Episode e : demos.episodes()) {
                for (int t = 0; t < e.steps(); t++, row++) {
                    float[] o = e.observations().rowAsFloats(t);
                    float[] o2 = e.observations().rowAsFloats(t + 1);
                    if (o.length != obsSize) {
                        throw new IllegalArgumentException("the demonstrations' observations have " + o.length
                                + " values but the env's have " + obsSize);
                    }
                    System.arraycopy(o, 0, obs, row * obsSize, obsSize);
                    System.arraycopy(o2, 0, nextObs, row * obsSize, obsSize);
                    actionFeatures(e.actions(), t, actionSpace, act, row * actFeatures);
                    notDone[row] = e.terminated(t) ? 0f : 1f;
                }
            }
            size = n;
        }

        private static void actionFeatures(Column c, int t, Space<?> space, float[] out, int at) {
            if (space instanceof Discrete) {
                out[at + (int) ((Column.Longs) c).data()[t]] = 1f;
            } else {
                float[] a = c.rowAsFloats(t);
                System.arraycopy(a, 0, out, at, a.length);
            }
        }
    }

    /** A generator policy and, for AIRL, the learned reward saved beside it. */
    static final class Trained implements Policy {
        final ImitationPolicy policy;
        final LearnedReward reward; // null: none saved

        Trained(ImitationPolicy policy, LearnedReward reward) {
            this.policy = policy;
            this.reward = reward;
        }

        @Override
        public Object act(Object observation) {
            return policy.act(observation);
        }

        @Override
        public void save(Path directory) throws IOException {
            policy.save(directory);
            if (reward != null) reward.save(directory);
        }
    }

    /**
     * Trains on {@code envs} (SAME_STEP, {@code g.numEnvs()} copies, reset with {@code seed}) against {@code demos}.
     *
     * @param algorithm the algorithm id, for messages and the saved policy
     * @param seed the env reset's seed
     * @param root the generator of every other random draw (after the caller built the objective from it)
     * @param objective the discriminator and rewards
     * @param rewardToSave the learned reward to save with the policy (AIRL), or null
     */
    static Trained train(String algorithm, VectorEnv envs, Dataset demos, GeneratorConfig g, DiscriminatorConfig dc,
                         long seed, Rng root, Objective objective, LearnedReward rewardToSave, MetricsSink sink,
                         Checkpoints checkpoints) {
        if (envs.autoresetMode() != AutoresetMode.SAME_STEP) {
            throw new IllegalArgumentException(algorithm + " needs a SAME_STEP vector env but got " + envs.autoresetMode());
        }
        if (envs.numEnvs() != g.numEnvs()) {
            throw new IllegalArgumentException("the vector env has " + envs.numEnvs() + " copies but numEnvs = " + g.numEnvs());
        }
        if (demos.totalSteps() == 0) {
            throw new IllegalArgumentException("the dataset " + demos.datasetId() + " has no transitions to imitate");
        }
        final Space<?> actionSpace = envs.singleActionSpace();
        final boolean discrete = actionSpace instanceof Discrete;
        if (!discrete && !(actionSpace instanceof Box box && box.isBounded())) {
            throw new IllegalArgumentException(algorithm + " needs Discrete or bounded Box actions but got " + actionSpace);
        }
        final int numEnvs = g.numEnvs(), numSteps = g.numSteps();
        final int obsSize = envs.observationSize();
        final int actSize = discrete ? 1 : actionSpace.flatDim(); // stored per step
        final int actFeatures = discrete ? ((Discrete) actionSpace).n() : actionSpace.flatDim();
        final float[] low = discrete ? null : ((Box) actionSpace).low();
        final float[] high = discrete ? null : ((Box) actionSpace).high();
        final float gamma = (float) g.gamma();
        final float clipCoef = (float) g.clipCoef();
        final Transitions expert = new Transitions(demos, obsSize, actFeatures, actionSpace);

        Rng actorRng = root.split();
        ImitationPolicy policy = ImitationPolicy.create(envs.singleObservationSpace(), actionSpace,
                new int[] {g.hiddenSize(), g.hiddenSize()}, actorRng, algorithm);
        ImitationPolicy.Net actor = policy.net;
        Sequential critic = Mlp.builder(obsSize, g.hiddenSize(), g.hiddenSize(), 1).activation(Activation::tanh)
                .init(LayerInit.orthogonal(Math.sqrt(2), 0)).outputInit(LayerInit.orthogonal(1.0, 0)).build(root.split());
        Rng actionRng = root.split();
        Rng shuffleRng = root.split();
        Rng discRng = root.split();
        List<Tensor> genParams = new ArrayList<>(actor.parameters());
        genParams.addAll(critic.parameters());
        Adam genOpt = new Adam(genParams, Adam.Config.defaults(g.learningRate()).withEps(1e-5));
        Module disc = objective.net();
        Adam discOpt = new Adam(disc.parameters(), dc.discLearningRate());
        FiniteGuard guard = FiniteGuard.forLearningRate(algorithm, g.learningRate());
        RunningMeanStd returnRms = new RunningMeanStd(1);
        RunningMeanStd obsRms = g.normObs() ? new RunningMeanStd(obsSize) : null; // null: raw observations
        double[] discountedReturn = new double[numEnvs];
        double[] learnedEpisodeReturn = new double[numEnvs];

        // rollout storage, [numSteps][numEnvs]
        float[][] obs = new float[numSteps][numEnvs * obsSize];
        float[][] genObs = g.normObs() ? new float[numSteps][numEnvs * obsSize] : obs; // what the actor and critic saw
        float[][] nextObsStore = new float[numSteps][numEnvs * obsSize];
        float[][] actions = new float[numSteps][numEnvs * actSize];
        float[][] envActions = new float[numSteps][numEnvs * actSize];
        float[][] logprobs = new float[numSteps][numEnvs];
        float[][] rewards = new float[numSteps][numEnvs];
        boolean[][] terminated = new boolean[numSteps][numEnvs];
        boolean[][] truncated = new boolean[numSteps][numEnvs];
        boolean[][] ended = new boolean[numSteps][numEnvs];
        float[][] values = new float[numSteps][numEnvs];
        float[][] finalValues = new float[numSteps][numEnvs];
        float[][] advantages = new float[numSteps][numEnvs];
        float[][] returns = new float[numSteps][numEnvs];
        float[] lastValues = new float[numEnvs];
        final int batchSize = g.batchSize();
        final int mbSize = batchSize / g.numMinibatches();

        VectorStep step = envs.reset(seed);
        float[] nextObs = step.observations().clone();
        float[] nextGenObs = observe(nextObs, obsRms, true, obsSize);
        long globalStep = 0;
        long firstRound = 1;
        long startNanos = System.nanoTime();
        ArrayDeque<Batch> replay = new ArrayDeque<>(); // the generator rollouts the discriminator samples from
        Supplier<Trained> trained = () -> {
            if (obsRms != null) policy.obsRms = obsRms; // it normalises as the actor did
            return new Trained(policy, rewardToSave);
        };
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        if (checkpoints.resumeFrom().isPresent()) {
            Checkpoints.Loaded from = checkpoints.resumeFrom().get();
            TrainingState.Reader state = TrainingState.Reader.read(from, STATE_FILE);
            String kind = state.string("algorithm");
            if (!algorithm.equals(kind)) {
                throw new IllegalArgumentException("the checkpoint in " + from.directory() + " was written by " + kind
                        + ", not " + algorithm);
            }
            state.loadModule("actor.", actor);
            state.loadModule("critic.", critic);
            state.loadModule("disc.", disc);
            state.loadOptimizer("gen_optimizer", genOpt);
            state.loadOptimizer("disc_optimizer", discOpt);
            state.loadRng("rng.action", actionRng);
            state.loadRng("rng.shuffle", shuffleRng);
            state.loadRng("rng.disc", discRng);
            state.loadEnvs("envs", envs);
            state.floatsInto("next_obs", nextObs);
            if (obsRms != null) {
                obsRms.fromArray(state.doubles("obs_rms"));
                System.arraycopy(state.floats("next_gen_obs"), 0, nextGenObs, 0, nextGenObs.length);
            }
            returnRms.fromArray(state.doubles("return_rms"));
            state.doublesInto("discounted_return", discountedReturn);
            state.doublesInto("learned_episode_return", learnedEpisodeReturn);
            globalStep = state.getLong("global_step");
            firstRound = state.getLong("round") + 1;
            long replaySize = dc.genReplayRounds() > 1 && state.has("replay.size") ? state.getLong("replay.size") : 0;
            for (int k = 0; k < replaySize; k++) {
                float[] nd = state.floats("replay." + k + ".not_done");
                int rows = nd.length;
                replay.addLast(new Batch(Tensor.of(state.floats("replay." + k + ".obs"), rows, obsSize),
                        Tensor.of(state.floats("replay." + k + ".act"), rows, actFeatures),
                        Tensor.of(state.floats("replay." + k + ".next_obs"), rows, obsSize), Tensor.of(nd, rows),
                        null, rows));
            }
        }

        for (long round = firstRound; round <= g.numRounds(); round++) {
            if (g.annealLr()) {
                genOpt.setLearningRate((1.0 - (round - 1.0) / g.numRounds()) * g.learningRate());
            }
            // 1. rollout with the generator; the env's reward is kept only for the true-return metric
            for (int t = 0; t < numSteps; t++) {
                globalStep += numEnvs;
                System.arraycopy(nextObs, 0, obs[t], 0, nextObs.length);
                if (obsRms != null) System.arraycopy(nextGenObs, 0, genObs[t], 0, nextGenObs.length);
                try (Tensor.Scope noGrad = Tensor.noGrad()) {
                    Tensor x = Tensor.of(genObs[t], numEnvs, obsSize);
                    Tensor out = actor.head(x);
                    if (discrete) {
                        Categorical pi = new Categorical(out);
                        int[] a = pi.sample(actionRng);
                        for (int i = 0; i < numEnvs; i++) actions[t][i] = a[i];
                        copy(pi.logProb(a), logprobs[t]);
                    } else {
                        DiagGaussian pi = new DiagGaussian(out, actor.logStd);
                        Tensor a = pi.sample(actionRng);
                        System.arraycopy(a.data(), a.offset(), actions[t], 0, numEnvs * actSize);
                        copy(pi.logProb(a), logprobs[t]);
                    }
                    copy(critic.forward(x), values[t]);
                }
                if (discrete) {
                    int[] a = new int[numEnvs];
                    for (int i = 0; i < numEnvs; i++) a[i] = (int) actions[t][i];
                    System.arraycopy(actions[t], 0, envActions[t], 0, numEnvs);
                    step = envs.step(a);
                } else {
                    for (int j = 0; j < numEnvs * actSize; j++) {
                        int d = j % actSize;
                        envActions[t][j] = Math.min(Math.max(actions[t][j], low[d]), high[d]);
                    }
                    step = envs.step(envActions[t].clone());
                }
                float[] o2 = step.observations();
                System.arraycopy(o2, 0, nextObsStore[t], 0, o2.length);
                for (int i = 0; i < numEnvs; i++) {
                    terminated[t][i] = step.terminated()[i];
                    truncated[t][i] = step.truncated()[i] && !step.terminated()[i];
                    ended[t][i] = step.episodeEnded()[i];
                    if (ended[t][i]) {
                        System.arraycopy(step.finalObservation(i), 0, nextObsStore[t], i * obsSize, obsSize);
                        sink.record(globalStep, MetricsSink.EPISODIC_RETURN, step.episodeReturn()[i]);
                        sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, step.episodeLength()[i]);
                    }
                }
                if (anyTrue(truncated[t])) {
                    float[] fin = obsRms == null ? nextObsStore[t] : observe(nextObsStore[t], obsRms, false, obsSize);
                    finalValues(critic, fin, truncated[t], obsSize, finalValues[t]);
                }
                System.arraycopy(o2, 0, nextObs, 0, o2.length);
                nextGenObs = observe(nextObs, obsRms, true, obsSize);
            }

            // 2. learned reward on the rollout (the discriminator of the previous round), normalised as VecNormalize
            Batch rollout = batchOf(obs, envActions, nextObsStore, terminated, discrete, actFeatures, obsSize,
                    actSize, numEnvs);
            float[] learned;
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                Batch withLogPi = objective.needsLogProb()
                        ? withLogProb(rollout, logProbOfFeatures(actor, rollout, discrete, obsRms)) : rollout;
                learned = objective.rewardTrain(withLogPi).toArray();
            }
            for (int t = 0; t < numSteps; t++) {
                for (int i = 0; i < numEnvs; i++) {
                    double r = learned[t * numEnvs + i];
                    learnedEpisodeReturn[i] += r;
                    if (dc.normalizeReward()) {
                        // G ← γ G + r (reset at every episode end); r̂ = clip(r / sqrt(Var[G] + 1e-8), −10, 10)
                        discountedReturn[i] = discountedReturn[i] * g.gamma() + r;
                        returnRms.update(discountedReturn[i]);
                        r = Math.min(Math.max(r / Math.sqrt(returnRms.var(0) + 1e-8), -10), 10);
                    }
                    rewards[t][i] = (float) r;
                    if (ended[t][i]) {
                        sink.record(globalStep - (long) (numSteps - 1 - t) * numEnvs, "charts/learned_episodic_return",
                                learnedEpisodeReturn[i]);
                        learnedEpisodeReturn[i] = 0;
                        discountedReturn[i] = 0;
                    }
                }
            }

            // 3. generator: GAE(λ) and the PPO update
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                copy(critic.forward(Tensor.of(nextGenObs.clone(), numEnvs, obsSize)), lastValues);
            }
            Returns.gaeSameStep(rewards, values, lastValues, finalValues, terminated, truncated, gamma,
                    (float) g.gaeLambda(), advantages, returns);
            float[] bObs = flatten(genObs), bActions = flatten(actions), bLogprobs = flatten(logprobs);
            float[] bAdv = flatten(advantages), bReturns = flatten(returns), bValues = flatten(values);
            int[] inds = new int[batchSize];
            for (int i = 0; i < batchSize; i++) inds[i] = i;
            float pgLossValue = 0, vLossValue = 0, entropyValue = 0, approxKl = 0;
            for (int epoch = 0; epoch < g.updateEpochs(); epoch++) {
                shuffleRng.shuffle(inds);
                for (int start = 0; start < batchSize; start += mbSize) {
                    float[] mbObs = new float[mbSize * obsSize];
                    float[] mbAct = new float[mbSize * actSize];
                    float[] mbLogp = new float[mbSize], mbAdv = new float[mbSize], mbRet = new float[mbSize];
                    float[] mbVal = new float[mbSize];
                    for (int j = 0; j < mbSize; j++) {
                        int b = inds[start + j];
                        System.arraycopy(bObs, b * obsSize, mbObs, j * obsSize, obsSize);
                        System.arraycopy(bActions, b * actSize, mbAct, j * actSize, actSize);
                        mbLogp[j] = bLogprobs[b];
                        mbAdv[j] = bAdv[b];
                        mbRet[j] = bReturns[b];
                        mbVal[j] = bValues[b];
                    }
                    normalize(mbAdv);
                    Tensor x = Tensor.of(mbObs, mbSize, obsSize);
                    Tensor out = actor.head(x);
                    Tensor newLogprob, entropy;
                    if (discrete) {
                        int[] a = new int[mbSize];
                        for (int j = 0; j < mbSize; j++) a[j] = (int) mbAct[j];
                        Categorical pi = new Categorical(out);
                        newLogprob = pi.logProb(a);
                        entropy = pi.entropy();
                    } else {
                        DiagGaussian pi = new DiagGaussian(out, actor.logStd);
                        newLogprob = pi.logProb(Tensor.of(mbAct, mbSize, actSize));
                        entropy = pi.entropy();
                    }
                    Tensor newValue = critic.forward(x).reshape(mbSize);
                    // r_t(θ) = exp(log π_θ(a|s) − log π_old(a|s))
                    Tensor logratio = newLogprob.sub(Tensor.of(mbLogp, mbSize));
                    Tensor ratio = logratio.exp();
                    float[] lr = logratio.toArray(), rt = ratio.toArray();
                    double kl = 0;
                    for (int j = 0; j < mbSize; j++) kl += (rt[j] - 1) - lr[j];
                    approxKl = (float) (kl / mbSize);
                    // L^CLIP = mean(max(−Â r, −Â clip(r, 1 − ε, 1 + ε)))
                    Tensor negAdv = Tensor.of(mbAdv, mbSize).neg();
                    Tensor pgLoss = negAdv.mul(ratio).maximum(negAdv.mul(ratio.clamp(1 - clipCoef, 1 + clipCoef))).mean();
                    // clipped value loss
                    Tensor ret = Tensor.of(mbRet, mbSize);
                    Tensor oldV = Tensor.of(mbVal, mbSize);
                    Tensor vClipped = oldV.add(newValue.sub(oldV).clamp(-clipCoef, clipCoef));
                    Tensor vLoss = newValue.sub(ret).square().maximum(vClipped.sub(ret).square()).mean().mul(0.5f);
                    Tensor entropyLoss = entropy.mean();
                    Tensor loss = pgLoss.sub(entropyLoss.mul((float) g.entCoef())).add(vLoss.mul((float) g.vfCoef()));
                    genOpt.zeroGrad();
                    loss.backward();
                    float gradNorm = GradClip.clipGradNorm(genParams, (float) g.maxGradNorm());
                    genOpt.step();
                    guard.update(globalStep, "loss", loss.item(), gradNorm, actor);
                    pgLossValue = pgLoss.item();
                    vLossValue = vLoss.item();
                    entropyValue = entropyLoss.item();
                }
            }

            // 4. discriminator: BCE(ℓ, 1[generator]) on expert and generator transitions of the last genReplayRounds
            //    rounds (this one included), uniformly over the replay
            replay.addLast(rollout);
            if (replay.size() > dc.genReplayRounds()) replay.removeFirst();
            double discLoss = 0, accExpert = 0, accGen = 0, penaltyValue = 0;
            for (int u = 0; u < dc.discUpdatesPerRound(); u++) {
                int n = dc.demoBatchSize();
                Batch e = sampleExpert(expert, n, discRng, obsSize, actFeatures);
                int[] gi = new int[n];
                for (int j = 0; j < n; j++) gi[j] = discRng.nextInt(batchSize * replay.size());
                Batch gb = select(replay, gi, batchSize, obsSize, actFeatures);
                if (objective.needsLogProb()) {
                    try (Tensor.Scope noGrad = Tensor.noGrad()) {
                        e = withLogProb(e, logProbOfFeatures(actor, e, discrete, obsRms));
                        gb = withLogProb(gb, logProbOfFeatures(actor, gb, discrete, obsRms));
                    }
                }
                Tensor le = objective.logitsGenIsHigh(e);
                Tensor lg = objective.logitsGenIsHigh(gb);
                // BCE with logits: expert label 0 → softplus(ℓ); generator label 1 → softplus(−ℓ)
                Tensor loss = le.softplus().mean().add(lg.neg().softplus().mean()).mul(0.5f);
                Tensor penalty = objective.penalty(e, gb, discRng);
                Tensor total = penalty == null ? loss : loss.add(penalty);
                discOpt.zeroGrad();
                total.backward();
                discOpt.step();
                guard.update(globalStep, "disc_loss", total.item(), disc);
                discLoss += loss.item();
                if (penalty != null) penaltyValue += penalty.item();
                for (float v : le.toArray()) accExpert += v < 0 ? 1 : 0;
                for (float v : lg.toArray()) accGen += v > 0 ? 1 : 0;
            }
            int updates = dc.discUpdatesPerRound();

            // 5. log
            sink.record(globalStep, "losses/policy_loss", pgLossValue);
            sink.record(globalStep, "losses/value_loss", vLossValue);
            sink.record(globalStep, "losses/entropy", entropyValue);
            sink.record(globalStep, "losses/approx_kl", approxKl);
            sink.record(globalStep, "losses/disc_loss", discLoss / updates);
            if (penaltyValue != 0) sink.record(globalStep, "losses/grad_penalty", penaltyValue / updates);
            sink.record(globalStep, "charts/disc_acc_expert", accExpert / ((double) updates * dc.demoBatchSize()));
            sink.record(globalStep, "charts/disc_acc_gen", accGen / ((double) updates * dc.demoBatchSize()));
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            sink.record(globalStep, MetricsSink.SPS, seconds > 0 ? Math.floor(globalStep / seconds) : 0);

            // 6. checkpoint between rounds
            if (checkpoints.due(globalStep)) {
                TrainingState.Writer state = new TrainingState.Writer();
                state.putString("algorithm", algorithm);
                state.putModule("actor.", actor);
                state.putModule("critic.", critic);
                state.putModule("disc.", disc);
                state.putOptimizer("gen_optimizer", genOpt);
                state.putOptimizer("disc_optimizer", discOpt);
                state.putRng("rng.action", actionRng);
                state.putRng("rng.shuffle", shuffleRng);
                state.putRng("rng.disc", discRng);
                state.putEnvs("envs", envs);
                state.put("next_obs", nextObs);
                if (obsRms != null) {
                    state.put("obs_rms", obsRms.toArray());
                    state.put("next_gen_obs", nextGenObs);
                }
                state.put("return_rms", returnRms.toArray());
                state.put("discounted_return", discountedReturn);
                state.put("learned_episode_return", learnedEpisodeReturn);
                state.putLong("global_step", globalStep);
                state.putLong("round", round);
                if (dc.genReplayRounds() > 1) { // with one round the replay is refilled before it is read
                    state.putLong("replay.size", replay.size());
                    int k = 0;
                    for (Batch b : replay) {
                        state.put("replay." + k + ".obs", b.obs().toArray());
                        state.put("replay." + k + ".act", b.act().toArray());
                        state.put("replay." + k + ".next_obs", b.nextObs().toArray());
                        state.put("replay." + k++ + ".not_done", b.notDone().toArray());
                    }
                }
                checkpoints.save(globalStep, dir -> state.write(dir.resolve(STATE_FILE)));
            }
        }
        return trained.get();
    }

    /**
     * The generator's view of {@code raw} ({@code numEnvs} rows): a fresh copy normalised by {@code rms} and clipped to
     * ±10, after merging each row into {@code rms} when {@code update}; {@code raw} itself when {@code rms} is null.
     */
    private static float[] observe(float[] raw, RunningMeanStd rms, boolean update, int obsSize) {
        if (rms == null) return raw;
        if (update) {
            for (int r = 0; r < raw.length / obsSize; r++) {
                rms.update(java.util.Arrays.copyOfRange(raw, r * obsSize, (r + 1) * obsSize));
            }
        }
        float[] out = new float[raw.length];
        ImitationPolicy.normalize(raw, out, rms);
        return out;
    }

    // ----- plumbing -----

    private static Batch batchOf(float[][] obs, float[][] envActions, float[][] nextObs, boolean[][] terminated,
                                 boolean discrete, int actFeatures, int obsSize, int actSize, int numEnvs) {
        int steps = obs.length, n = steps * numEnvs;
        float[] act = new float[n * actFeatures];
        float[] notDone = new float[n];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < numEnvs; i++) {
                int row = t * numEnvs + i;
                if (discrete) {
                    act[row * actFeatures + (int) envActions[t][i]] = 1f;
                } else {
                    System.arraycopy(envActions[t], i * actSize, act, row * actFeatures, actSize);
                }
                notDone[row] = terminated[t][i] ? 0f : 1f;
            }
        }
        return new Batch(Tensor.of(flatten(obs), n, obsSize), Tensor.of(act, n, actFeatures),
                Tensor.of(flatten(nextObs), n, obsSize), Tensor.of(notDone, n), null, n);
    }

    private static Batch withLogProb(Batch b, Tensor logPi) {
        return new Batch(b.obs(), b.act(), b.nextObs(), b.notDone(), logPi, b.size());
    }

    /**
     * log π(a|s) with a read from the batch's action features (one-hot or the Box action), s normalised by {@code rms}
     * (not updated) unless it is null.
     */
    private static Tensor logProbOfFeatures(ImitationPolicy.Net actor, Batch b, boolean discrete, RunningMeanStd rms) {
        Tensor x = b.obs();
        if (rms != null) {
            float[] n = new float[b.size() * x.dim(1)];
            ImitationPolicy.normalize(x.toArray(), n, rms);
            x = Tensor.of(n, b.size(), x.dim(1));
        }
        Tensor out = actor.head(x);
        if (discrete) {
            return new Categorical(out).logProb(b.act().argmax(1));
        }
        return new DiagGaussian(out, actor.logStd).logProb(b.act());
    }

    private static Batch sampleExpert(Transitions x, int n, Rng rng, int obsSize, int actFeatures) {
        float[] o = new float[n * obsSize], o2 = new float[n * obsSize], a = new float[n * actFeatures];
        float[] nd = new float[n];
        for (int j = 0; j < n; j++) {
            int r = rng.nextInt(x.size);
            System.arraycopy(x.obs, r * obsSize, o, j * obsSize, obsSize);
            System.arraycopy(x.nextObs, r * obsSize, o2, j * obsSize, obsSize);
            System.arraycopy(x.act, r * actFeatures, a, j * actFeatures, actFeatures);
            nd[j] = x.notDone[r];
        }
        return new Batch(Tensor.of(o, n, obsSize), Tensor.of(a, n, actFeatures), Tensor.of(o2, n, obsSize),
                Tensor.of(nd, n), null, n);
    }

    /** Rows of the rounds in {@code rounds} (oldest first, {@code roundSize} rows each) by index into their union. */
    private static Batch select(ArrayDeque<Batch> rounds, int[] rows, int roundSize, int obsSize, int actFeatures) {
        int n = rows.length, k = 0;
        float[][] so = new float[rounds.size()][], sa = new float[rounds.size()][], so2 = new float[rounds.size()][];
        float[][] snd = new float[rounds.size()][];
        for (Batch b : rounds) {
            so[k] = b.obs().toArray();
            sa[k] = b.act().toArray();
            so2[k] = b.nextObs().toArray();
            snd[k++] = b.notDone().toArray();
        }
        float[] o = new float[n * obsSize], o2 = new float[n * obsSize], a = new float[n * actFeatures];
        float[] nd = new float[n];
        for (int j = 0; j < n; j++) {
            int q = rows[j] / roundSize, r = rows[j] % roundSize;
            System.arraycopy(so[q], r * obsSize, o, j * obsSize, obsSize);
            System.arraycopy(so2[q], r * obsSize, o2, j * obsSize, obsSize);
            System.arraycopy(sa[q], r * actFeatures, a, j * actFeatures, actFeatures);
            nd[j] = snd[q][r];
        }
        return new Batch(Tensor.of(o, n, obsSize), Tensor.of(a, n, actFeatures), Tensor.of(o2, n, obsSize),
                Tensor.of(nd, n), null, n);
    }

    /** V of the final observations of the truncated copies. */
    private static void finalValues(Sequential critic, float[] nextObs, boolean[] truncated, int obsSize, float[] out) {
        int count = 0;
        for (boolean b : truncated) count += b ? 1 : 0;
        float[] x = new float[count * obsSize];
        int row = 0;
        for (int i = 0; i < truncated.length; i++) {
            if (truncated[i]) System.arraycopy(nextObs, i * obsSize, x, row++ * obsSize, obsSize);
        }
        try (Tensor.Scope noGrad = Tensor.noGrad()) {
            float[] v = critic.forward(Tensor.of(x, count, obsSize)).toArray();
            row = 0;
            for (int i = 0; i < truncated.length; i++) {
                if (truncated[i]) out[i] = v[row++];
            }
        }
    }

    private static boolean anyTrue(boolean[] a) {
        for (boolean b : a) if (b) return true;
        return false;
    }

    private static float[] flatten(float[][] a) {
        int w = a[0].length;
        float[] out = new float[a.length * w];
        for (int t = 0; t < a.length; t++) System.arraycopy(a[t], 0, out, t * w, w);
        return out;
    }

    private static void copy(Tensor t, float[] dst) {
        System.arraycopy(t.data(), t.offset(), dst, 0, dst.length);
    }

    /** (x − mean) / (std + 1e-8), std with Bessel's correction as torch.std. */
    private static void normalize(float[] x) {
        double mean = 0;
        for (float v : x) mean += v;
        mean /= x.length;
        double var = 0;
        for (float v : x) var += (v - mean) * (v - mean);
        double std = Math.sqrt(var / Math.max(1, x.length - 1));
        for (int i = 0; i < x.length; i++) x[i] = (float) ((x[i] - mean) / (std + 1e-8));
    }

}
