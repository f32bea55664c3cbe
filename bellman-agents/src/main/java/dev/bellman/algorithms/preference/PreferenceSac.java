package dev.bellman.algorithms.preference;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainingState;
import dev.bellman.core.replay.ReplayBuffer;
import dev.bellman.distributions.TanhGaussian;
import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Deep reinforcement learning from human preferences (Christiano et al. 2017) with Soft Actor-Critic (Haarnoja et al.
 * 2018, twin critics, automatic temperature) as the policy optimiser, for Box actions: the critics learn from r̂, the
 * {@link RewardModel} fitted to a labeller's comparisons of clips of the agent's own recent behaviour.
 *
 * <p>Each env step, in the order of the sections below:
 * <ol>
 *   <li>act (uniform random before {@code learningStarts}) and step; the transition goes to the replay buffer and to a
 *       window of the last {@code historySize} steps, from which clips are cut (the true reward is kept for the
 *       synthetic labeller and metrics only);</li>
 *   <li>queries, when the label schedule says labels are due (from {@code learningStarts} on): {@code candidateFactor
 *       × k} random pairs of clips from the window, the k with the highest ensemble disagreement (or k random ones),
 *       answered by the {@link Labeller};</li>
 *   <li>reward model: every member trains {@code rewardEpochs} passes over all comparisons ({@link BradleyTerry}
 *       loss), then the normalisation is refreshed on the window;</li>
 *   <li>SAC update: the minibatch's rewards are relabelled with the current normalised r̂(s, a), then the temperature,
 *       critic and actor steps of SAC (y = r̂ + γ (1 − d)(min Q̄(s', a') − α log π(a'|s'))), Polyak targets;</li>
 *   <li>log.</li>
 * </ol>
 * A checkpoint, when one is due, is written between steps (before the step's action): the networks, their targets,
 * log α and the three Adam optimizers, every generator (actions, sampling, noise, queries, the reward model's
 * shuffling, the synthetic labeller's), the env, the replay buffer, the clip window, the comparisons so far and the
 * reward ensemble with its optimizers ({@code RunCheckpoint}, so that another algorithm or config is refused).
 *
 * <p>Label schedule: {@code initialLabels} at {@code learningStarts}, then the rest of {@code maxLabels} spread
 * linearly over the first {@code labelFraction} of the steps, asked in rounds of at least {@code queryBatch}.
 *
 * <h2>Implementation notes</h2>
 * <p><b>Deviations</b>: synchronous labelling and training; SAC instead of TRPO/A2C (the paper's continuous-control
 * optimiser); rewards relabelled at sampling time (so old transitions see the newest r̂); networks 256-256 ReLU
 * for actor and critics, one Adam step size for all.
 */
public final class PreferenceSac {
    private static final String ID = "preference-sac";

    private PreferenceSac() {
    }

    private static final float LOG_STD_MIN = -5f;
    private static final float LOG_STD_MAX = 2f;

    /**
     * The hyperparameters: SAC's (CleanRL's names) then the preference loop's.
     *
     * @param rewardInput {@code obs} (r̂(s)) or {@code obs-action} (r̂(s, a), the action in [−1, 1])
     */
    public record Config(long totalTimesteps, double learningRate, int bufferSize, double gamma, double tau,
            int batchSize, int learningStarts, int hiddenSize,
            int maxLabels, int initialLabels, double labelFraction, int queryBatch, int segmentLength,
            String querySelection, int candidateFactor, String rewardInput, int ensembleSize, int rewardHiddenSize,
            double rewardLearningRate, int rewardEpochs, int rewardMinibatchSize, int historySize, long seed) {
        public Config {
            if (totalTimesteps <= 0 || bufferSize <= 0 || batchSize <= 0 || hiddenSize <= 0 || maxLabels <= 0
                    || queryBatch <= 0 || segmentLength <= 0 || candidateFactor <= 0 || ensembleSize <= 0
                    || rewardHiddenSize <= 0 || rewardEpochs <= 0 || rewardMinibatchSize <= 0) {
                throw new IllegalArgumentException("totalTimesteps, bufferSize, batchSize, hiddenSize, maxLabels, "
                        + "queryBatch, segmentLength, candidateFactor, ensembleSize, rewardHiddenSize, rewardEpochs and "
                        + "rewardMinibatchSize must be positive but were " + totalTimesteps + ", " + bufferSize + ", "
                        + batchSize + ", " + hiddenSize + ", " + maxLabels + ", " + queryBatch + ", " + segmentLength
                        + ", " + candidateFactor + ", " + ensembleSize + ", " + rewardHiddenSize + ", " + rewardEpochs
                        + ", " + rewardMinibatchSize);
            }
            if (!(learningRate > 0) || !(rewardLearningRate > 0)) {
                throw new IllegalArgumentException("learningRate and rewardLearningRate must be positive but were "
                        + learningRate + " and " + rewardLearningRate);
            }
            if (learningStarts < segmentLength || learningStarts >= totalTimesteps) {
                throw new IllegalArgumentException("learningStarts must be in [segmentLength = " + segmentLength
                        + ", totalTimesteps = " + totalTimesteps + ") but was " + learningStarts);
            }
            if (historySize < 2 * segmentLength) {
                throw new IllegalArgumentException("historySize must be at least 2 * segmentLength = "
                        + 2 * segmentLength + " but was " + historySize);
            }
            if (initialLabels < 0 || initialLabels > maxLabels) {
                throw new IllegalArgumentException("initialLabels must be in [0, maxLabels = " + maxLabels + "] but was "
                        + initialLabels);
            }
            if (!(labelFraction > 0 && labelFraction <= 1)) {
                throw new IllegalArgumentException("labelFraction must be in (0, 1] but was " + labelFraction);
            }
            if (!querySelection.equals("disagreement") && !querySelection.equals("random")) {
                throw new IllegalArgumentException("querySelection must be disagreement or random but was "
                        + querySelection);
            }
            if (!rewardInput.equals("obs") && !rewardInput.equals("obs-action")) {
                throw new IllegalArgumentException("rewardInput must be obs or obs-action but was " + rewardInput);
            }
        }

        /** Defaults for Pendulum-v1: 20,000 steps, 500 labels (50 at the start), clips of 25 steps. */
        public static Config defaults() {
            return new Config(20_000, 1e-3, 1_000_000, 0.99, 0.005, 256, 1000, 256,
                    500, 50, 0.5, 25, 25, "disagreement", 4, "obs-action", 3, 64, 1e-3, 3, 32, 4000, 1);
        }

        /** Labels the schedule wants asked by env step {@code step} (none before {@code learningStarts}). */
        int labelsDue(long step) {
            if (step < learningStarts) {
                return 0;
            }
            double spread = Math.max(1, labelFraction * (totalTimesteps - learningStarts));
            double frac = Math.min(1, (step - learningStarts) / spread);
            return (int) Math.min(maxLabels, Math.round(initialLabels + (maxLabels - initialLabels) * frac));
        }
    }

    /** The squashed-Gaussian actor: 2 hidden ReLU layers, mean and log σ heads (log σ squashed into [−5, 2]). */
    static final class Actor extends Module {
        final Linear fc1;
        final Linear fc2;
        final Linear mean;
        final Linear logStd;

        Actor(int obsDim, int actDim, int hidden, Rng rng) {
            fc1 = registerModule("fc1", new Linear(obsDim, hidden, rng));
            fc2 = registerModule("fc2", new Linear(hidden, hidden, rng));
            mean = registerModule("fc_mean", new Linear(hidden, actDim, rng));
            logStd = registerModule("fc_logstd", new Linear(hidden, actDim, rng));
        }

        TanhGaussian dist(Tensor obs) {
            Tensor h = fc2.forward(fc1.forward(obs).relu()).relu();
            Tensor ls = logStd.forward(h).tanh().add(1f).mul(0.5f * (LOG_STD_MAX - LOG_STD_MIN)).add(LOG_STD_MIN);
            return new TanhGaussian(mean.forward(h), ls);
        }
    }

    /** Q(s, a): 2 hidden ReLU layers on the concatenation. */
    static final class Critic extends Module {
        final Linear fc1;
        final Linear fc2;
        final Linear out;

        Critic(int obsDim, int actDim, int hidden, Rng rng) {
            fc1 = registerModule("fc1", new Linear(obsDim + actDim, hidden, rng));
            fc2 = registerModule("fc2", new Linear(hidden, hidden, rng));
            out = registerModule("fc3", new Linear(hidden, 1, rng));
        }

        Tensor q(Tensor s, Tensor a) {
            return out.forward(fc2.forward(fc1.forward(Tensor.concat(1, s, a)).relu()).relu());
        }
    }

    /** Trains on {@code env} (Box observations and actions), reset with {@code config.seed()}, asking {@code labeller}. */
    public static Trained train(Env<float[], float[]> env, Config config, Labeller labeller, MetricsSink sink) {
        return train(env, config, labeller, sink, Checkpoints.none());
    }

    /**
     * {@link #train(Env, Config, Labeller, MetricsSink)} writing {@code checkpoints} between the steps at which one is
     * due, and continuing from {@link Checkpoints#resumeFrom()} when present, so that a resumed run ends with the
     * metrics and weights of an uninterrupted one.
     */
    public static Trained train(Env<float[], float[]> env, Config config, Labeller labeller, MetricsSink sink,
            Checkpoints checkpoints) {
        if (!(env.actionSpace() instanceof Box actSpace)) {
            throw new IllegalArgumentException("PreferenceSac needs a Box action space but got " + env.actionSpace());
        }
        final int obsDim = env.observationSpace().flatDim();
        final int actDim = actSpace.flatDim();
        final float[] low = actSpace.low();
        final float[] high = actSpace.high();
        final boolean withAction = config.rewardInput().equals("obs-action");
        final int inputSize = obsDim + (withAction ? actDim : 0) + 1;   // + absorbing flag
        final int batchSize = config.batchSize();
        final float gamma = (float) config.gamma();
        final int len = config.segmentLength();

        Rng root = new Rng(config.seed());
        Actor actor = new Actor(obsDim, actDim, config.hiddenSize(), root.split());
        Critic qf1 = new Critic(obsDim, actDim, config.hiddenSize(), root.split());
        Critic qf2 = new Critic(obsDim, actDim, config.hiddenSize(), root.split());
        Critic qf1Target = new Critic(obsDim, actDim, config.hiddenSize(), root.split());
        Critic qf2Target = new Critic(obsDim, actDim, config.hiddenSize(), root.split());
        qf1Target.copyFrom(qf1);
        qf2Target.copyFrom(qf2);
        Rng actRng = root.split();
        Rng sampleRng = root.split();
        Rng noiseRng = root.split();
        Rng queryRng = root.split();
        RewardModel rewardModel = new RewardModel(inputSize, config.ensembleSize(), config.rewardHiddenSize(),
                config.rewardLearningRate(), root.split());
        List<Tensor> qParams = new ArrayList<>(qf1.parameters());
        qParams.addAll(qf2.parameters());
        Adam qOptimizer = new Adam(qParams, config.learningRate());
        Adam actorOptimizer = new Adam(actor.parameters(), config.learningRate());
        float targetEntropy = -actDim;
        Tensor logAlpha = Tensor.parameter(new float[] {0f}, 1);
        Adam alphaOptimizer = new Adam(List.of(logAlpha), config.learningRate());
        ReplayBuffer rb = ReplayBuffer.continuous((int) Math.min(config.bufferSize(), config.totalTimesteps()), obsDim,
                actDim);
        ReplayBuffer.Batch batch = rb.newBatch(batchSize);

        // the window of recent steps clips are cut from (oldest first; halved when full)
        int hist = config.historySize();
        float[] hObs = new float[hist * obsDim];
        float[] hAct = new float[hist * actDim];
        float[] hReward = new float[hist];
        boolean[] hTerminated = new boolean[hist];
        boolean[] hTruncated = new boolean[hist];
        int filled = 0;

        List<Comparison> comparisons = new ArrayList<>();
        boolean sawTermination = false;
        int labelsAsked = 0;
        long nextQueryId = 1;
        double rewardLoss = Double.NaN;
        double rewardAccuracy = Double.NaN;
        float[] absorbing = new float[inputSize];
        absorbing[inputSize - 1] = 1;

        float[] obs = env.reset(config.seed()).observation().clone();
        float[] action = new float[actDim];
        float[] envAction = new float[actDim];
        double episodeReturn = 0;
        double learnedReturn = 0;
        int episodeLength = 0;
        long start = System.nanoTime();
        float[] stepFeature = new float[inputSize];
        long firstStep = 0;
        Supplier<Trained> trained = () -> new Trained(actor, obsDim, actDim, low, high, config.hiddenSize());
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        if (checkpoints.resumeFrom().isPresent()) {
            // everything above was built as for a fresh run; now overwrite what the run has changed since
            TrainingState.Reader r = RunCheckpoint.load(checkpoints.resumeFrom().get(), ID, config);
            r.loadModule("actor.", actor);
            r.loadModule("qf1.", qf1);
            r.loadModule("qf2.", qf2);
            r.loadModule("qf1_target.", qf1Target);
            r.loadModule("qf2_target.", qf2Target);
            r.loadTensors("log_alpha.", List.of(logAlpha));
            r.loadOptimizer("q_optimizer", qOptimizer);
            r.loadOptimizer("actor_optimizer", actorOptimizer);
            r.loadOptimizer("alpha_optimizer", alphaOptimizer);
            r.loadRng("act_rng", actRng);
            r.loadRng("sample_rng", sampleRng);
            r.loadRng("noise_rng", noiseRng);
            r.loadRng("query_rng", queryRng);
            r.loadEnv("env", env);
            r.floatsInto("obs", obs);
            rb.restore(r, "rb.");
            r.floatsInto("window.obs", hObs);
            r.floatsInto("window.actions", hAct);
            r.floatsInto("window.rewards", hReward);
            r.booleansInto("window.terminated", hTerminated);
            r.booleansInto("window.truncated", hTruncated);
            filled = (int) r.getLong("window.filled");
            sawTermination = r.getBoolean("saw_termination");
            PreferenceState.loadRewardModel(r, rewardModel);
            PreferenceState.loadLabeller(r, labeller);
            comparisons.addAll(PreferenceState.comparisons(r));
            labelsAsked = (int) r.getLong("labels_asked");
            nextQueryId = r.getLong("next_query_id");
            rewardLoss = r.getDouble("reward_loss");
            rewardAccuracy = r.getDouble("reward_accuracy");
            episodeReturn = r.getDouble("episode_return");
            learnedReturn = r.getDouble("learned_return");
            episodeLength = (int) r.getLong("episode_length");
            firstStep = r.getLong("global_step");
        }
        for (long globalStep = firstStep; globalStep < config.totalTimesteps(); globalStep++) {
            // 0. checkpoint, between steps: every update and metric of the steps before globalStep is done
            if (checkpoints.due(globalStep)) {
                TrainingState.Writer w = new TrainingState.Writer().putModule("actor.", actor)
                        .putModule("qf1.", qf1).putModule("qf2.", qf2).putModule("qf1_target.", qf1Target)
                        .putModule("qf2_target.", qf2Target).putTensors("log_alpha.", List.of(logAlpha))
                        .putOptimizer("q_optimizer", qOptimizer).putOptimizer("actor_optimizer", actorOptimizer)
                        .putOptimizer("alpha_optimizer", alphaOptimizer).putRng("act_rng", actRng)
                        .putRng("sample_rng", sampleRng).putRng("noise_rng", noiseRng).putRng("query_rng", queryRng)
                        .putEnv("env", env).put("obs", obs)
                        .put("window.obs", hObs).put("window.actions", hAct).put("window.rewards", hReward)
                        .put("window.terminated", hTerminated).put("window.truncated", hTruncated)
                        .putLong("window.filled", filled).putBoolean("saw_termination", sawTermination)
                        .putDouble("episode_return", episodeReturn).putDouble("learned_return", learnedReturn)
                        .putLong("episode_length", episodeLength).putLong("global_step", globalStep);
                rb.save(w, "rb.");
                PreferenceState.putRewardModel(w, rewardModel);
                PreferenceState.putLabeller(w, labeller);
                PreferenceState.putComparisons(w, comparisons);
                PreferenceState.putQueries(w, labelsAsked, nextQueryId, rewardLoss, rewardAccuracy);
                RunCheckpoint.save(checkpoints, globalStep, ID, config, w);
            }
            // 1. act and step; store in the replay buffer and the clip window
            if (globalStep < config.learningStarts()) {
                for (int i = 0; i < actDim; i++) {
                    action[i] = 2f * actRng.nextFloat() - 1f;
                }
            } else {
                try (Tensor.Scope noGrad = Tensor.noGrad()) {
                    Tensor a = actor.dist(Tensor.of(obs.clone(), 1, obsDim)).sample(actRng);
                    System.arraycopy(a.data(), a.offset(), action, 0, actDim);
                }
            }
            for (int i = 0; i < actDim; i++) {
                envAction[i] = low[i] + (action[i] + 1f) * 0.5f * (high[i] - low[i]);
            }
            Step<float[]> step = env.step(envAction);
            rb.add(obs, 0, action, 0, (float) step.reward(), step.observation(), 0, step.terminated());
            if (filled == hist) {
                int half = hist / 2;
                System.arraycopy(hObs, half * obsDim, hObs, 0, (hist - half) * obsDim);
                System.arraycopy(hAct, half * actDim, hAct, 0, (hist - half) * actDim);
                System.arraycopy(hReward, half, hReward, 0, hist - half);
                System.arraycopy(hTerminated, half, hTerminated, 0, hist - half);
                System.arraycopy(hTruncated, half, hTruncated, 0, hist - half);
                filled = hist - half;
            }
            System.arraycopy(obs, 0, hObs, filled * obsDim, obsDim);
            System.arraycopy(action, 0, hAct, filled * actDim, actDim);
            hReward[filled] = (float) step.reward();
            hTerminated[filled] = step.terminated();
            hTruncated[filled] = step.truncated() && !step.terminated();
            filled++;
            sawTermination |= step.terminated();
            episodeReturn += step.reward();
            features(obs, action, withAction, false, stepFeature, 0);
            learnedReturn += rewardModel.rewards(stepFeature, 1)[0];
            episodeLength++;
            if (step.terminated() || step.truncated()) {
                sink.record(globalStep + 1, MetricsSink.EPISODIC_RETURN, episodeReturn);
                sink.record(globalStep + 1, MetricsSink.EPISODIC_LENGTH, episodeLength);
                sink.record(globalStep + 1, "charts/learned_episodic_return", learnedReturn);
                episodeReturn = 0;
                learnedReturn = 0;
                episodeLength = 0;
                System.arraycopy(env.reset().observation(), 0, obs, 0, obsDim);
            } else {
                System.arraycopy(step.observation(), 0, obs, 0, obsDim);
            }

            // 2. queries: clips from the window, by ensemble disagreement (or at random), labelled
            int due = config.labelsDue(globalStep + 1);
            int k = due - labelsAsked;
            if (k > 0 && (k >= config.queryBatch() || due == config.maxLabels() || labelsAsked == 0)) {
                List<Segment[]> candidates = new ArrayList<>();
                for (int c = 0; c < k * config.candidateFactor(); c++) {
                    Segment a = cut(queryRng, hObs, hAct, hReward, hTerminated, hTruncated, filled, obsDim, actDim,
                            withAction, len);
                    Segment b = cut(queryRng, hObs, hAct, hReward, hTerminated, hTruncated, filled, obsDim, actDim,
                            withAction, len);
                    if (a != null && b != null) {
                        candidates.add(new Segment[] {a, b});
                    }
                }
                if (config.querySelection().equals("disagreement") && !comparisons.isEmpty()) {
                    double[] var = new double[candidates.size()];
                    Integer[] order = new Integer[candidates.size()];
                    for (int c = 0; c < var.length; c++) {
                        var[c] = rewardModel.disagreement(candidates.get(c)[0], candidates.get(c)[1]);
                        order[c] = c;
                    }
                    Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -var[c]));
                    List<Segment[]> top = new ArrayList<>();
                    for (int c = 0; c < Math.min(k, order.length); c++) {
                        top.add(candidates.get(order[c]));
                    }
                    candidates = top;
                } else if (candidates.size() > k) {
                    candidates = new ArrayList<>(candidates.subList(0, k));
                }
                List<Labeller.Query> queries = new ArrayList<>();
                for (Segment[] pair : candidates) {
                    queries.add(new Labeller.Query(nextQueryId++, pair[0], pair[1]));
                }
                float[] mu = labeller.label(queries);
                labelsAsked += k;
                List<Comparison> fresh = new ArrayList<>();
                for (int q = 0; q < mu.length; q++) {
                    if (!Float.isNaN(mu[q])) {
                        fresh.add(new Comparison(queries.get(q).first(), queries.get(q).second(), mu[q]));
                    }
                }
                if (!comparisons.isEmpty()) {
                    rewardAccuracy = rewardModel.accuracy(fresh);
                }
                comparisons.addAll(fresh);

                // 3. reward model on all comparisons, then its normalisation on the window
                if (!fresh.isEmpty()) {
                    rewardLoss = rewardModel.train(comparisons, config.rewardEpochs(), config.rewardMinibatchSize());
                    float[] window = new float[filled * inputSize];
                    for (int t = 0; t < filled; t++) {
                        features(hObs, t, hAct, withAction, obsDim, actDim, window, t * inputSize);
                    }
                    rewardModel.normalize(window, filled, sawTermination ? absorbing : null);
                }
                sink.record(globalStep + 1, "preference/labels_used", comparisons.size());
                sink.record(globalStep + 1, "preference/labels_asked", labelsAsked);
                if (!Double.isNaN(rewardAccuracy)) {
                    sink.record(globalStep + 1, "preference/reward_model_accuracy", rewardAccuracy);
                }
                if (!Double.isNaN(rewardLoss)) {
                    sink.record(globalStep + 1, "losses/reward_model_loss", rewardLoss);
                }
            }
            if (globalStep + 1 < config.learningStarts()) {
                continue;
            }

            // 4. SAC update with the minibatch's rewards relabelled by r̂(s, a)
            rb.sample(sampleRng, batch);
            float[] x = new float[batchSize * inputSize];
            for (int j = 0; j < batchSize; j++) {
                features(batch.obs(), j, batch.continuousActions(), withAction, obsDim, actDim, x, j * inputSize);
            }
            float[] rHat = rewardModel.rewards(x, batchSize);
            Tensor s = Tensor.of(batch.obs(), batchSize, obsDim);
            Tensor a = Tensor.of(batch.continuousActions(), batchSize, actDim);
            Tensor sNext = Tensor.of(batch.nextObs(), batchSize, obsDim);
            TanhGaussian.Sample pi = actor.dist(s).rsample(noiseRng);
            Tensor logPi = pi.logProb().reshape(batchSize, 1);
            // temperature: J(α) = −log α · (log π + H̄), the step's losses use α from before it
            float alpha = (float) Math.exp(logAlpha.item());
            Tensor alphaLoss = logAlpha.mul(logPi.detach().add(targetEntropy)).neg().mean();
            alphaOptimizer.zeroGrad();
            alphaLoss.backward();
            alphaOptimizer.step();
            // soft TD target: y = r̂ + γ (1 − d) (min Q̄(s', a') − α log π(a'|s'))
            float[] y = new float[batchSize];
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                TanhGaussian.Sample next = actor.dist(sNext).rsample(noiseRng);
                float[] q1n = qf1Target.q(sNext, next.action()).toArray();
                float[] q2n = qf2Target.q(sNext, next.action()).toArray();
                float[] lpn = next.logProb().toArray();
                for (int j = 0; j < batchSize; j++) {
                    y[j] = rHat[j] + gamma * (1 - batch.terminated()[j]) * (Math.min(q1n[j], q2n[j]) - alpha * lpn[j]);
                }
            }
            Tensor target = Tensor.of(y, batchSize, 1);
            Tensor qfLoss = Losses.mse(qf1.q(s, a), target).add(Losses.mse(qf2.q(s, a), target)).mul(0.5f);
            qOptimizer.zeroGrad();
            qfLoss.backward();
            qOptimizer.step();
            // actor: J_π = mean(α log π(ã|s) − min_j Q_j(s, ã)); only the actor's optimizer steps
            Tensor minQ = qf1.q(s, pi.action()).minimum(qf2.q(s, pi.action()));
            Tensor actorLoss = logPi.mul(alpha).sub(minQ).mean();
            actorOptimizer.zeroGrad();
            actorLoss.backward();
            actorOptimizer.step();
            qOptimizer.zeroGrad();
            qf1Target.polyakFrom(qf1, (float) config.tau());
            qf2Target.polyakFrom(qf2, (float) config.tau());

            // 5. log
            if ((globalStep + 1) % 100 == 0) {
                sink.record(globalStep + 1, "losses/qf_loss", qfLoss.item());
                sink.record(globalStep + 1, "losses/actor_loss", actorLoss.item());
                sink.record(globalStep + 1, "losses/alpha", alpha);
                double sec = (System.nanoTime() - start) / 1e9;
                sink.record(globalStep + 1, MetricsSink.SPS, sec > 0 ? Math.floor((globalStep + 1) / sec) : 0);
            }
        }
        return trained.get();
    }

    /** A random clip of the window; steps after a termination are absorbing; null when it crosses a truncation. */
    static Segment cut(Rng rng, float[] hObs, float[] hAct, float[] hReward, boolean[] hTerminated,
            boolean[] hTruncated, int filled, int obsDim, int actDim, boolean withAction, int length) {
        if (filled < length) {
            return null;
        }
        int t0 = rng.nextInt(filled - length + 1);
        int inputSize = obsDim + (withAction ? actDim : 0) + 1;
        float[] features = new float[length * inputSize];
        float[] observations = new float[length * obsDim];
        double trueReturn = 0;
        int alive = length;
        for (int s = 0; s < length; s++) {
            int t = t0 + s;
            if (s >= alive) {
                features[s * inputSize + inputSize - 1] = 1;
                continue;
            }
            features(hObs, t, hAct, withAction, obsDim, actDim, features, s * inputSize);
            System.arraycopy(hObs, t * obsDim, observations, s * obsDim, obsDim);
            trueReturn += hReward[t];
            if (hTerminated[t]) {
                alive = s + 1;
            } else if (hTruncated[t] && s < length - 1) {
                return null;
            }
        }
        return new Segment(features, length, inputSize, observations, alive, trueReturn);
    }

    /** Features of row {@code row} of flat observation and action arrays. */
    private static void features(float[] obs, int row, float[] act, boolean withAction, int obsDim, int actDim,
            float[] out, int offset) {
        System.arraycopy(obs, row * obsDim, out, offset, obsDim);
        if (withAction) {
            System.arraycopy(act, row * actDim, out, offset + obsDim, actDim);
        }
        out[offset + obsDim + (withAction ? actDim : 0)] = 0;
    }

    /** Features of one step. */
    private static void features(float[] obs, float[] act, boolean withAction, boolean absorbing, float[] out,
            int offset) {
        System.arraycopy(obs, 0, out, offset, obs.length);
        if (withAction) {
            System.arraycopy(act, 0, out, offset + obs.length, act.length);
        }
        out[offset + obs.length + (withAction ? act.length : 0)] = absorbing ? 1 : 0;
    }

    /** The trained policy: tanh of the actor's mean, rescaled to the Box; saved as safetensors. */
    public static final class Trained implements Policy {
        static final String FILE = "preference_sac.safetensors";
        private final Actor actor;
        private final int obsDim;
        private final int actDim;
        private final float[] low;
        private final float[] high;
        private final int hidden;

        Trained(Actor actor, int obsDim, int actDim, float[] low, float[] high, int hidden) {
            this.actor = actor;
            this.obsDim = obsDim;
            this.actDim = actDim;
            this.low = low.clone();
            this.high = high.clone();
            this.hidden = hidden;
        }

        @Override
        public Object act(Object observation) {
            if (!(observation instanceof float[] o) || o.length != obsDim) {
                throw new IllegalArgumentException("a preference-sac policy needs a float[" + obsDim + "] observation");
            }
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                float[] a = actor.dist(Tensor.of(o.clone(), 1, obsDim)).mode().toArray();
                for (int i = 0; i < actDim; i++) {
                    a[i] = low[i] + (a[i] + 1f) * 0.5f * (high[i] - low[i]);
                }
                return a;
            }
        }

        @Override
        public void save(Path directory) throws IOException {
            actor.save(directory.resolve(FILE), Map.of("algorithm", "preference-sac", "obs_size",
                    Integer.toString(obsDim), "act_size", Integer.toString(actDim), "hidden_size",
                    Integer.toString(hidden), "low", join(low), "high", join(high)));
        }

        /** Restores a policy written by {@link #save}. */
        public static Trained load(Path directory) throws IOException {
            Map<String, String> meta = SafeTensors.read(directory.resolve(FILE)).metadata();
            int obsDim = Integer.parseInt(meta.get("obs_size"));
            int actDim = Integer.parseInt(meta.get("act_size"));
            int hidden = Integer.parseInt(meta.get("hidden_size"));
            Actor actor = new Actor(obsDim, actDim, hidden, new Rng(0));
            actor.load(directory.resolve(FILE));
            return new Trained(actor, obsDim, actDim, split(meta.get("low")), split(meta.get("high")), hidden);
        }

        private static String join(float[] v) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ",").append(v[i]);
            }
            return sb.toString();
        }

        private static float[] split(String s) {
            String[] p = s.split(",");
            float[] v = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                v[i] = Float.parseFloat(p[i]);
            }
            return v;
        }
    }
}
