package dev.bellman.algorithms.preference;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainingState;
import dev.bellman.core.returns.Returns;
import dev.bellman.distributions.Categorical;
import dev.bellman.env.Discrete;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.optim.GradClip;
import dev.bellman.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Deep reinforcement learning from human preferences (Christiano et al. 2017, "Deep Reinforcement Learning from Human
 * Preferences") with PPO as the policy optimiser, for discrete actions: the policy never sees the env's reward, only
 * a {@link RewardModel} fitted to a labeller's comparisons of clips of its own behaviour.
 *
 * <p>Each iteration, in the order of the sections below:
 * <ol>
 *   <li>rollout: {@code numSteps × numEnvs} steps of the current policy (the true reward is kept for metrics and the
 *       synthetic labeller only);</li>
 *   <li>queries: while the label budget's schedule says labels are due, {@code candidateFactor × k} random pairs of
 *       clips of {@code segmentLength} steps are cut from this rollout, the k pairs with the highest ensemble
 *       disagreement (variance over members of P(σ¹ ≻ σ²)) are kept (or k random ones), and the {@link Labeller}
 *       answers them;</li>
 *   <li>reward model: new answers are added to the comparisons and every member trains {@code rewardEpochs} passes
 *       over all of them with the {@link BradleyTerry} loss;</li>
 *   <li>learned reward: r̂ of every rollout step, normalised ({@link RewardModel#normalize});</li>
 *   <li>PPO update on r̂: GAE(λ), clipped surrogate, value loss and entropy bonus as CleanRL's {@code ppo.py}
 *       (written out here, no code shared with {@code ppo});</li>
 *   <li>log;</li>
 *   <li>checkpoint when one is due: the actor and critic, Adam's moments, every generator (actions, minibatch
 *       order, queries, the reward model's shuffling, the synthetic labeller's), the env copies, the comparisons
 *       so far and the reward ensemble with its optimizers ({@code RunCheckpoint}, so that another algorithm or
 *       config is refused).</li>
 * </ol>
 *
 * <p>Label schedule: {@code initialLabels} in the first iteration, then the rest of {@code maxLabels} spread linearly
 * over the first {@code labelFraction} of the iterations (the paper's rate decreases over training too), asked in
 * rounds of at least {@code queryBatch} labels. Skipped queries count against the budget but give no comparison.
 *
 * <p>Symbols: μ = the label (1, 0, ½); R^i = Σ r̂ over clip i; {@code clipCoef} = ε; {@code entCoef} = c₂;
 * {@code vfCoef} = c₁.
 *
 * <p>The defaults are PPO's tuned CartPole-v1 settings ({@link Config#defaults()}); with CleanRL's {@code ppo.py}
 * settings the loop reached 75 % (disagreement) and 84 % (random) of PPO's greedy return, because those settings
 * themselves reach only 500, 492 and 346 on the true reward in 200k steps (seeds 1-3), not because of the learned
 * reward.
 *
 * <h2>Implementation notes</h2>
 * <p><b>Deviations</b> from Christiano et al.:
 * <ol>
 *   <li>Labelling, reward-model training and the policy alternate synchronously in one thread, not asynchronously.</li>
 *   <li>Clips that reach a termination continue in an absorbing state ({@link Segment}) and r̂ is shifted so that the
 *       absorbing state earns 0 (the paper normalises r̂ to mean 0, which on CartPole, whose every step before the
 *       failure is worth +1, would make staying alive worth nothing on average). With the shift, the learned episode
 *       return on CartPole tracks the true one (per episode, learned / true had median 1.000 and range 0.86 to 1.19
 *       over three runs of 200k steps), so ending an episode early never pays.</li>
 *   <li>PPO instead of A2C/TRPO; the value loss is not clipped; truncated episodes bootstrap V of their final
 *       observation.</li>
 * </ol>
 */
public final class PreferencePpo {
    private static final String ID = "preference-ppo";

    private PreferencePpo() {
    }

    /**
     * The hyperparameters: PPO's (CleanRL's names) then the preference loop's.
     *
     * @param rewardInput {@code obs} (r̂(s)) or {@code obs-action} (r̂(s, a), the action one-hot)
     * @param querySelection {@code disagreement} or {@code random}
     */
    public record Config(long totalTimesteps, double learningRate, int numEnvs, int numSteps, boolean annealLr,
            double gamma, double gaeLambda, int numMinibatches, int updateEpochs, double clipCoef, double entCoef,
            double vfCoef, double maxGradNorm, int hiddenSize,
            int maxLabels, int initialLabels, double labelFraction, int queryBatch, int segmentLength,
            String querySelection, int candidateFactor, String rewardInput, int ensembleSize, int rewardHiddenSize,
            double rewardLearningRate, int rewardEpochs, int rewardMinibatchSize, long seed) {
        public Config {
            positive("totalTimesteps", totalTimesteps);
            positive("numEnvs", numEnvs);
            positive("numSteps", numSteps);
            positive("numMinibatches", numMinibatches);
            positive("updateEpochs", updateEpochs);
            positive("hiddenSize", hiddenSize);
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            }
            if ((long) numEnvs * numSteps % numMinibatches != 0) {
                throw new IllegalArgumentException("numMinibatches = " + numMinibatches + " must divide the batch size "
                        + "numEnvs * numSteps = " + (long) numEnvs * numSteps);
            }
            if (totalTimesteps < (long) numEnvs * numSteps) {
                throw new IllegalArgumentException("totalTimesteps = " + totalTimesteps + " must be at least one batch, "
                        + "numEnvs * numSteps = " + (long) numEnvs * numSteps);
            }
            positive("maxLabels", maxLabels);
            if (initialLabels < 0 || initialLabels > maxLabels) {
                throw new IllegalArgumentException("initialLabels must be in [0, maxLabels = " + maxLabels + "] but was "
                        + initialLabels);
            }
            if (!(labelFraction > 0 && labelFraction <= 1)) {
                throw new IllegalArgumentException("labelFraction must be in (0, 1] but was " + labelFraction);
            }
            positive("queryBatch", queryBatch);
            positive("segmentLength", segmentLength);
            if (segmentLength > numSteps) {
                throw new IllegalArgumentException("segmentLength = " + segmentLength + " must not exceed numSteps = "
                        + numSteps + ": clips are cut from one rollout");
            }
            if (!querySelection.equals("disagreement") && !querySelection.equals("random")) {
                throw new IllegalArgumentException("querySelection must be disagreement or random but was "
                        + querySelection);
            }
            positive("candidateFactor", candidateFactor);
            if (!rewardInput.equals("obs") && !rewardInput.equals("obs-action")) {
                throw new IllegalArgumentException("rewardInput must be obs or obs-action but was " + rewardInput);
            }
            positive("ensembleSize", ensembleSize);
            positive("rewardHiddenSize", rewardHiddenSize);
            if (!(rewardLearningRate > 0)) {
                throw new IllegalArgumentException("rewardLearningRate must be positive but was " + rewardLearningRate);
            }
            positive("rewardEpochs", rewardEpochs);
            positive("rewardMinibatchSize", rewardMinibatchSize);
        }

        /**
         * Defaults for CartPole-v1, 100k steps: the PPO settings of {@code ppo}'s tuned CartPole-v1 entry (RL Zoo's:
         * lr 1e-3 annealed, 8 × 32 steps, one minibatch, 20 epochs, λ 0.8, γ 0.98, no entropy bonus) with 500 labels,
         * 50 at the start, clips of 25 steps. CleanRL's {@code ppo.py} settings (lr 2.5e-4, 4 × 128, 4 × 4, λ 0.95,
         * γ 0.99, c₂ 0.01) at 200k steps fall short on the true reward itself (greedy 500 / 492 / 346 over seeds
         * 1-3), so preference-ppo with them could not reach PPO's 500 whatever the reward model did.
         */
        public static Config defaults() {
            return new Config(100_000, 1e-3, 8, 32, true, 0.98, 0.8, 1, 20, 0.2, 0.0, 0.5, 0.5, 64,
                    500, 50, 0.5, 25, 25, "disagreement", 4, "obs", 3, 64, 1e-3, 3, 32, 1);
        }

        int batchSize() {
            return numEnvs * numSteps;
        }

        long numIterations() {
            return totalTimesteps / batchSize();
        }

        /** Labels the schedule wants asked by the end of iteration {@code it} (1-based). */
        int labelsDue(long it) {
            double spread = Math.max(1, labelFraction * numIterations());
            double frac = Math.min(1, (it - 1) / spread);
            return (int) Math.min(maxLabels, Math.round(initialLabels + (maxLabels - initialLabels) * frac));
        }
    }

    /** CleanRL's agent: separate 64-64 tanh actor and critic, orthogonal init. */
    static final class Agent extends Module {
        final Sequential actor;
        final Sequential critic;

        Agent(int obsSize, int numActions, int hidden, Rng rng) {
            LayerInit init = LayerInit.orthogonal(Math.sqrt(2), 0);
            critic = registerModule("critic", Mlp.builder(obsSize, hidden, hidden, 1).activation(Activation::tanh)
                    .init(init).outputInit(LayerInit.orthogonal(1.0, 0)).build(rng));
            actor = registerModule("actor", Mlp.builder(obsSize, hidden, hidden, numActions)
                    .activation(Activation::tanh).init(init).outputInit(LayerInit.orthogonal(0.01, 0)).build(rng));
        }
    }

    /**
     * Trains on {@code envs} (SAME_STEP autoreset, {@code config.numEnvs()} copies, Discrete actions), asking
     * {@code labeller}; the labeller's answers are the only signal of what is wanted.
     */
    public static Trained train(VectorEnv envs, Config config, Labeller labeller, MetricsSink sink) {
        return train(envs, config, labeller, sink, Checkpoints.none());
    }

    /**
     * {@link #train(VectorEnv, Config, Labeller, MetricsSink)} writing {@code checkpoints} after the iterations at
     * which one is due, and continuing from {@link Checkpoints#resumeFrom()} when present, so that a resumed run ends
     * with the metrics and weights of an uninterrupted one.
     */
    public static Trained train(VectorEnv envs, Config config, Labeller labeller, MetricsSink sink,
            Checkpoints checkpoints) {
        if (envs.autoresetMode() != AutoresetMode.SAME_STEP) {
            throw new IllegalArgumentException("preference-ppo needs a SAME_STEP vector env but got "
                    + envs.autoresetMode());
        }
        if (!(envs.singleActionSpace() instanceof Discrete discrete)) {
            throw new IllegalArgumentException("PreferencePpo needs a Discrete action space but got "
                    + envs.singleActionSpace());
        }
        final int numEnvs = config.numEnvs();
        final int numSteps = config.numSteps();
        final int obsSize = envs.observationSize();
        final int numActions = discrete.n();
        final int actionStart = discrete.start();
        final boolean withAction = config.rewardInput().equals("obs-action");
        final int inputSize = obsSize + (withAction ? numActions : 0) + 1;   // + absorbing flag
        final float clipCoef = (float) config.clipCoef();

        Rng root = new Rng(config.seed());
        Agent agent = new Agent(obsSize, numActions, config.hiddenSize(), root.split());
        Rng actionRng = root.split();
        Rng shuffleRng = root.split();
        Rng queryRng = root.split();
        RewardModel rewardModel = new RewardModel(inputSize, config.ensembleSize(), config.rewardHiddenSize(),
                config.rewardLearningRate(), root.split());
        List<Tensor> params = agent.parameters();
        Adam optimizer = new Adam(params, Adam.Config.defaults(config.learningRate()).withEps(1e-5));

        float[][] obs = new float[numSteps][numEnvs * obsSize];
        int[][] actions = new int[numSteps][numEnvs];
        float[][] logprobs = new float[numSteps][numEnvs];
        float[][] trueRewards = new float[numSteps][numEnvs];
        float[][] rewards = new float[numSteps][numEnvs];
        boolean[][] terminated = new boolean[numSteps][numEnvs];
        boolean[][] truncated = new boolean[numSteps][numEnvs];
        boolean[][] ended = new boolean[numSteps][numEnvs];
        float[][] values = new float[numSteps][numEnvs];
        float[][] finalValues = new float[numSteps][numEnvs];
        float[][] advantages = new float[numSteps][numEnvs];
        float[][] returns = new float[numSteps][numEnvs];
        float[] lastValues = new float[numEnvs];
        int[] envActions = new int[numEnvs];
        double[] learnedEpisodeReturn = new double[numEnvs];
        int batchSize = config.batchSize();
        int mbSize = batchSize / config.numMinibatches();

        List<Comparison> comparisons = new ArrayList<>();
        int labelsAsked = 0;
        long nextQueryId = 1;
        double rewardLoss = Double.NaN;
        double rewardAccuracy = Double.NaN;
        float[] absorbing = new float[inputSize];
        absorbing[inputSize - 1] = 1;

        VectorStep step = envs.reset(config.seed());
        float[] nextObs = step.observations().clone();
        long globalStep = 0;
        long firstIteration = 1;
        Supplier<Trained> trained = () -> new Trained(agent, obsSize, numActions, actionStart, config.hiddenSize());
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        if (checkpoints.resumeFrom().isPresent()) {
            // everything above was built as for a fresh run; now overwrite what the run has changed since
            TrainingState.Reader r = RunCheckpoint.load(checkpoints.resumeFrom().get(), ID, config);
            r.loadModule("agent.", agent);
            r.loadOptimizer("optimizer", optimizer);
            r.loadRng("action_rng", actionRng);
            r.loadRng("shuffle_rng", shuffleRng);
            r.loadRng("query_rng", queryRng);
            r.loadEnvs("envs", envs);
            r.floatsInto("next_obs", nextObs);
            r.doublesInto("learned_episode_return", learnedEpisodeReturn);
            PreferenceState.loadRewardModel(r, rewardModel);
            PreferenceState.loadLabeller(r, labeller);
            comparisons.addAll(PreferenceState.comparisons(r));
            labelsAsked = (int) r.getLong("labels_asked");
            nextQueryId = r.getLong("next_query_id");
            rewardLoss = r.getDouble("reward_loss");
            rewardAccuracy = r.getDouble("reward_accuracy");
            globalStep = r.getLong("global_step");
            firstIteration = r.getLong("next_iteration");
        }
        long startNanos = System.nanoTime();
        long numIterations = config.numIterations();
        for (long iteration = firstIteration; iteration <= numIterations; iteration++) {
            if (config.annealLr()) {
                optimizer.setLearningRate((1.0 - (iteration - 1.0) / numIterations) * config.learningRate());
            }

            // 1. rollout of the current policy (true rewards kept for clips' true returns and metrics only)
            for (int t = 0; t < numSteps; t++) {
                globalStep += numEnvs;
                System.arraycopy(nextObs, 0, obs[t], 0, nextObs.length);
                try (Tensor.Scope noGrad = Tensor.noGrad()) {
                    Tensor x = Tensor.of(obs[t], numEnvs, obsSize);
                    Categorical dist = new Categorical(agent.actor.forward(x));
                    int[] a = dist.sample(actionRng);
                    System.arraycopy(a, 0, actions[t], 0, numEnvs);
                    copy(dist.logProb(a), logprobs[t]);
                    copy(agent.critic.forward(x), values[t]);
                }
                for (int i = 0; i < numEnvs; i++) {
                    envActions[i] = actions[t][i] + actionStart;
                }
                step = envs.step(envActions);
                for (int i = 0; i < numEnvs; i++) {
                    trueRewards[t][i] = (float) step.rewards()[i];
                    terminated[t][i] = step.terminated()[i];
                    truncated[t][i] = step.truncated()[i] && !step.terminated()[i];
                    ended[t][i] = step.episodeEnded()[i];
                    if (truncated[t][i]) {
                        try (Tensor.Scope noGrad = Tensor.noGrad()) {
                            finalValues[t][i] = agent.critic.forward(Tensor.of(step.finalObservation(i).clone(), 1,
                                    obsSize)).item();
                        }
                    }
                    if (ended[t][i]) {
                        sink.record(globalStep, MetricsSink.EPISODIC_RETURN, step.episodeReturn()[i]);
                        sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, step.episodeLength()[i]);
                    }
                }
                System.arraycopy(step.observations(), 0, nextObs, 0, nextObs.length);
            }

            // 2. queries: clips cut from this rollout, pairs picked by ensemble disagreement (or at random), labelled
            int due = config.labelsDue(iteration);
            int k = Math.min(due - labelsAsked, config.maxLabels() - labelsAsked);
            boolean lastRound = due == config.maxLabels();
            if (k > 0 && (k >= config.queryBatch() || lastRound || iteration == 1)) {
                List<Segment[]> candidates = new ArrayList<>();
                for (int c = 0; c < k * config.candidateFactor(); c++) {
                    Segment a = cut(queryRng, obs, actions, trueRewards, terminated, truncated, obsSize, numActions,
                            withAction, config.segmentLength());
                    Segment b = cut(queryRng, obs, actions, trueRewards, terminated, truncated, obsSize, numActions,
                            withAction, config.segmentLength());
                    if (a != null && b != null) {
                        candidates.add(new Segment[] {a, b});
                    }
                }
                if (config.querySelection().equals("disagreement") && !comparisons.isEmpty()) {
                    // Christiano et al. §2.2.4: the pairs whose predicted preference varies most across the ensemble
                    double[] var = new double[candidates.size()];
                    Integer[] order = new Integer[candidates.size()];
                    for (int c = 0; c < var.length; c++) {
                        var[c] = rewardModel.disagreement(candidates.get(c)[0], candidates.get(c)[1]);
                        order[c] = c;
                    }
                    java.util.Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -var[c]));
                    List<Segment[]> top = new ArrayList<>();
                    for (int c = 0; c < Math.min(k, order.length); c++) {
                        top.add(candidates.get(order[c]));
                    }
                    candidates = top;
                } else if (candidates.size() > k) {
                    candidates = new ArrayList<>(candidates.subList(0, k));   // already in random order
                }
                List<Labeller.Query> queries = new ArrayList<>();
                for (Segment[] pair : candidates) {
                    queries.add(new Labeller.Query(nextQueryId++, pair[0], pair[1]));
                }
                float[] mu = labeller.label(queries);
                labelsAsked += queries.size();
                List<Comparison> fresh = new ArrayList<>();
                for (int q = 0; q < mu.length; q++) {
                    if (!Float.isNaN(mu[q])) {
                        fresh.add(new Comparison(queries.get(q).first(), queries.get(q).second(), mu[q]));
                    }
                }
                // accuracy on the new labels before the model has seen them: a held-out estimate
                if (!comparisons.isEmpty()) {
                    rewardAccuracy = rewardModel.accuracy(fresh);
                }
                comparisons.addAll(fresh);

                // 3. reward model: every member trains on all comparisons so far (Bradley-Terry loss)
                if (!fresh.isEmpty()) {
                    rewardLoss = rewardModel.train(comparisons, config.rewardEpochs(), config.rewardMinibatchSize());
                }
            }

            // 4. learned reward r̂ of every rollout step, normalised on this rollout
            float[] features = new float[batchSize * inputSize];
            for (int t = 0; t < numSteps; t++) {
                for (int i = 0; i < numEnvs; i++) {
                    stepFeatures(obs[t], i, actions[t][i], obsSize, numActions, withAction, false, features,
                            (t * numEnvs + i) * inputSize);
                }
            }
            rewardModel.normalize(features, batchSize, absorbing);
            float[] rHat = rewardModel.rewards(features, batchSize);
            for (int t = 0; t < numSteps; t++) {
                for (int i = 0; i < numEnvs; i++) {
                    rewards[t][i] = rHat[t * numEnvs + i];
                    learnedEpisodeReturn[i] += rewards[t][i];
                    if (ended[t][i]) {
                        sink.record(globalStep - (long) (numSteps - 1 - t) * numEnvs, "charts/learned_episodic_return",
                                learnedEpisodeReturn[i]);
                        learnedEpisodeReturn[i] = 0;
                    }
                }
            }

            // 5. PPO update on r̂: GAE(λ), then updateEpochs passes of shuffled minibatches
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                copy(agent.critic.forward(Tensor.of(nextObs.clone(), numEnvs, obsSize)), lastValues);
            }
            Returns.gaeSameStep(rewards, values, lastValues, finalValues, terminated, truncated,
                    (float) config.gamma(), (float) config.gaeLambda(), advantages, returns);
            float[] bObs = new float[batchSize * obsSize];
            int[] bActions = new int[batchSize];
            float[] bLogprobs = new float[batchSize];
            float[] bAdv = new float[batchSize];
            float[] bReturns = new float[batchSize];
            for (int t = 0; t < numSteps; t++) {
                System.arraycopy(obs[t], 0, bObs, t * numEnvs * obsSize, numEnvs * obsSize);
                for (int i = 0; i < numEnvs; i++) {
                    int b = t * numEnvs + i;
                    bActions[b] = actions[t][i];
                    bLogprobs[b] = logprobs[t][i];
                    bAdv[b] = advantages[t][i];
                    bReturns[b] = returns[t][i];
                }
            }
            int[] inds = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                inds[i] = i;
            }
            float pgLossValue = 0;
            float vLossValue = 0;
            for (int epoch = 0; epoch < config.updateEpochs(); epoch++) {
                shuffleRng.shuffle(inds);
                for (int start = 0; start < batchSize; start += mbSize) {
                    float[] mbObs = new float[mbSize * obsSize];
                    int[] mbActions = new int[mbSize];
                    float[] mbLogprobs = new float[mbSize];
                    float[] mbAdv = new float[mbSize];
                    float[] mbReturns = new float[mbSize];
                    for (int j = 0; j < mbSize; j++) {
                        int b = inds[start + j];
                        System.arraycopy(bObs, b * obsSize, mbObs, j * obsSize, obsSize);
                        mbActions[j] = bActions[b];
                        mbLogprobs[j] = bLogprobs[b];
                        mbAdv[j] = bAdv[b];
                        mbReturns[j] = bReturns[b];
                    }
                    normalize(mbAdv);
                    Tensor x = Tensor.of(mbObs, mbSize, obsSize);
                    Categorical dist = new Categorical(agent.actor.forward(x));
                    Tensor ratio = dist.logProb(mbActions).sub(Tensor.of(mbLogprobs, mbSize)).exp();
                    // L^CLIP = mean(max(−Â r, −Â clip(r, 1 − ε, 1 + ε)))
                    Tensor negAdv = Tensor.of(mbAdv, mbSize).neg();
                    Tensor pgLoss = negAdv.mul(ratio).maximum(negAdv.mul(ratio.clamp(1 - clipCoef, 1 + clipCoef)))
                            .mean();
                    // L^V = ½ mean((V − R)²)
                    Tensor vLoss = agent.critic.forward(x).reshape(mbSize).sub(Tensor.of(mbReturns, mbSize)).square()
                            .mean().mul(0.5f);
                    Tensor loss = pgLoss.sub(dist.entropy().mean().mul((float) config.entCoef()))
                            .add(vLoss.mul((float) config.vfCoef()));
                    optimizer.zeroGrad();
                    loss.backward();
                    GradClip.clipGradNorm(params, (float) config.maxGradNorm());
                    optimizer.step();
                    pgLossValue = pgLoss.item();
                    vLossValue = vLoss.item();
                }
            }

            // 6. log
            sink.record(globalStep, "preference/labels_used", comparisons.size());
            sink.record(globalStep, "preference/labels_asked", labelsAsked);
            if (!Double.isNaN(rewardAccuracy)) {
                sink.record(globalStep, "preference/reward_model_accuracy", rewardAccuracy);
            }
            if (!Double.isNaN(rewardLoss)) {
                sink.record(globalStep, "losses/reward_model_loss", rewardLoss);
            }
            sink.record(globalStep, "losses/policy_loss", pgLossValue);
            sink.record(globalStep, "losses/value_loss", vLossValue);
            sink.record(globalStep, MetricsSink.LEARNING_RATE, optimizer.learningRate());
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            sink.record(globalStep, MetricsSink.SPS, seconds > 0 ? Math.floor(globalStep / seconds) : 0);

            // 7. checkpoint, between iterations (the rollout arrays are all rewritten by the next rollout)
            if (iteration < numIterations && checkpoints.due(globalStep)) {
                TrainingState.Writer w = new TrainingState.Writer().putModule("agent.", agent)
                        .putOptimizer("optimizer", optimizer).putRng("action_rng", actionRng)
                        .putRng("shuffle_rng", shuffleRng).putRng("query_rng", queryRng).putEnvs("envs", envs)
                        .put("next_obs", nextObs).put("learned_episode_return", learnedEpisodeReturn)
                        .putLong("global_step", globalStep).putLong("next_iteration", iteration + 1);
                PreferenceState.putRewardModel(w, rewardModel);
                PreferenceState.putLabeller(w, labeller);
                PreferenceState.putComparisons(w, comparisons);
                PreferenceState.putQueries(w, labelsAsked, nextQueryId, rewardLoss, rewardAccuracy);
                RunCheckpoint.save(checkpoints, globalStep, ID, config, w);
            }
        }
        return trained.get();
    }

    /**
     * A random clip of {@code length} steps of one copy within the rollout; steps after a termination are absorbing.
     * Null when the window crosses a truncation (its tail would belong to the next episode).
     */
    static Segment cut(Rng rng, float[][] obs, int[][] actions, float[][] trueRewards, boolean[][] terminated,
            boolean[][] truncated, int obsSize, int numActions, boolean withAction, int length) {
        int numSteps = obs.length;
        int numEnvs = actions[0].length;
        int i = rng.nextInt(numEnvs);
        int t0 = rng.nextInt(numSteps - length + 1);
        int inputSize = obsSize + (withAction ? numActions : 0) + 1;
        float[] features = new float[length * inputSize];
        float[] observations = new float[length * obsSize];
        double trueReturn = 0;
        int alive = length;
        for (int s = 0; s < length; s++) {
            int t = t0 + s;
            if (s >= alive) {
                features[s * inputSize + inputSize - 1] = 1;   // absorbing
                continue;
            }
            stepFeatures(obs[t], i, actions[t][i], obsSize, numActions, withAction, false, features, s * inputSize);
            System.arraycopy(obs[t], i * obsSize, observations, s * obsSize, obsSize);
            trueReturn += trueRewards[t][i];
            if (terminated[t][i]) {
                alive = s + 1;
            } else if (truncated[t][i] && s < length - 1) {
                return null;
            }
        }
        return new Segment(features, length, inputSize, observations, alive, trueReturn);
    }

    /** One step's reward-model features: observation, one-hot action (with {@code withAction}), absorbing flag. */
    static void stepFeatures(float[] obsRow, int copy, int action, int obsSize, int numActions, boolean withAction,
            boolean absorbing, float[] out, int offset) {
        System.arraycopy(obsRow, copy * obsSize, out, offset, obsSize);
        if (withAction) {
            out[offset + obsSize + action] = 1;
        }
        out[offset + obsSize + (withAction ? numActions : 0)] = absorbing ? 1 : 0;
    }

    private static void copy(Tensor t, float[] dst) {
        System.arraycopy(t.data(), t.offset(), dst, 0, dst.length);
    }

    private static void normalize(float[] x) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (float v : x) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / Math.max(1, x.length - 1));
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((x[i] - mean) / (std + 1e-8));
        }
    }


    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + v);
        }
    }

    /** The trained policy: the arg max of the actor's logits; saved as safetensors. */
    public static final class Trained implements Policy {
        static final String FILE = "preference_ppo.safetensors";
        private final Agent agent;
        private final int obsSize;
        private final int numActions;
        private final int actionStart;
        private final int hiddenSize;

        Trained(Agent agent, int obsSize, int numActions, int actionStart, int hiddenSize) {
            this.agent = agent;
            this.obsSize = obsSize;
            this.numActions = numActions;
            this.actionStart = actionStart;
            this.hiddenSize = hiddenSize;
        }

        @Override
        public Object act(Object observation) {
            if (!(observation instanceof float[] o) || o.length != obsSize) {
                throw new IllegalArgumentException("a preference-ppo policy needs a float[" + obsSize
                        + "] observation");
            }
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                return new Categorical(agent.actor.forward(Tensor.of(o.clone(), 1, obsSize))).mode()[0] + actionStart;
            }
        }

        /** The actor and critic. */
        public Module network() {
            return agent;
        }

        @Override
        public void save(Path directory) throws IOException {
            agent.save(directory.resolve(FILE), Map.of("algorithm", "preference-ppo",
                    "obs_size", Integer.toString(obsSize), "num_actions", Integer.toString(numActions),
                    "action_start", Integer.toString(actionStart), "hidden_size", Integer.toString(hiddenSize)));
        }

        /** Restores a policy written by {@link #save}. */
        public static Trained load(Path directory) throws IOException {
            Map<String, String> meta = SafeTensors.read(directory.resolve(FILE)).metadata();
            int obsSize = Integer.parseInt(meta.get("obs_size"));
            int numActions = Integer.parseInt(meta.get("num_actions"));
            int hidden = Integer.parseInt(meta.get("hidden_size"));
            Agent agent = new Agent(obsSize, numActions, hidden, new Rng(0));
            agent.load(directory.resolve(FILE));
            return new Trained(agent, obsSize, numActions, Integer.parseInt(meta.get("action_start")), hidden);
        }
    }
}
