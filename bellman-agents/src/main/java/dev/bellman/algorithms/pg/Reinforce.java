package dev.bellman.algorithms.pg;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainingState;
import dev.bellman.core.returns.Returns;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.optim.GradClip;
import dev.bellman.tensor.Tensor;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.nn.Activation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * REINFORCE (Williams 1992, "Simple statistical gradient-following algorithms for connectionist reinforcement
 * learning"): the Monte Carlo policy gradient over complete episodes, optionally with a learned state-value
 * baseline (Sutton and Barto 2018, section 13.4) and normalised weights.
 *
 * <pre>
 *   G_t   = Σ_{k≥t} γ^{k−t} r_k                                   (discounted return of the rest of the episode)
 *   ψ_t   = G_t            (no baseline)   or   G_t − V_φ(s_t)    (baseline)
 *   ψ_t  ← (ψ_t − mean ψ) / (std ψ + 1e−8)                       (normalize-returns, over the batch)
 *   L(θ, φ) = −mean_t[ log π_θ(a_t|s_t) · ψ_t ] − c_H · mean_t H[π_θ(·|s_t)] + c_V · mean_t (V_φ(s_t) − G_t)²
 * </pre>
 * One gradient step of {@code L} per batch of {@code numEpisodes} complete episodes.
 *
 * <p>No single reference implementation; the details follow PyTorch's {@code examples/reinforcement_learning}
 * (normalised returns) and SB3/CleanRL conventions elsewhere: tanh MLP 64×64, orthogonal init, Adam, a diagonal
 * Gaussian with a state-independent log-std for {@code Box} actions, actions clipped to the box before stepping.
 *
 * <p>Symbols: {@code gamma} = γ, {@code entCoef} = c_H, {@code vfCoef} = c_V, {@code weights} = ψ,
 * {@code returns} = G.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>Episodes come from {@code numEnvs} copies stepped together; each copy's steps are kept until its episode
 *       ends. Once {@code numEpisodes} episodes have ended the update runs on exactly those; episodes still in flight
 *       are discarded and every copy is reset (continuing its random stream), so every update uses on-policy
 *       episodes only. Discarded steps count towards {@code totalTimesteps}.</li>
 *   <li>Returns use the shared {@link Returns#discounted} over each episode. An episode cut by a time limit
 *       (truncated, e.g. CartPole at 500 steps) bootstraps {@code V(final observation)} when there is a baseline,
 *       and nothing (the plain Monte Carlo return) without one.</li>
 * </ol>
 * <p><b>Checkpoints: what is saved</b> (after an update, when one is {@link Checkpoints#due}): actor and baseline
 * parameters, Adam's moments and step count, the action generator, every env copy (state, random stream, episode
 * statistics), the observations they were reset to, and the global step. Nothing else crosses an update: in-flight
 * episodes are discarded and every copy reset at each update, so no partial episode needs saving. A checkpoint is
 * only resumed by {@code reinforce} with the same config ({@code run.txt}).
 * <p><b>Deviations</b>
 * <ol>
 *   <li>Williams' REINFORCE updates after every episode with a plain gradient step; here one Adam step per batch of
 *       episodes, on the mean over all their steps (not the sum), with gradient-norm clipping.</li>
 *   <li>Entropy bonus available ({@code entCoef}, default 0, i.e. off).</li>
 * </ol>
 */
public final class Reinforce {

    private Reinforce() {}

    /**
     * REINFORCE's hyperparameters.
     *
     * @param envId the registered env id
     * @param seed the run's seed (network init, action draws, env copy i seeded seed + i)
     * @param totalTimesteps environment steps to train for, summed over copies
     * @param envKwargs keyword arguments for {@code Envs.make}
     * @param learningRate Adam's step size for policy and baseline
     * @param numEnvs parallel env copies
     * @param numEpisodes complete episodes per update
     * @param gamma the discount factor γ
     * @param baseline whether to learn a state-value baseline V_φ
     * @param normalizeReturns whether to normalise the weights ψ over the batch
     * @param entCoef the entropy coefficient c_H
     * @param vfCoef the baseline loss coefficient c_V
     * @param maxGradNorm the gradient-norm clip
     * @param initLogStd initial log-std of a Gaussian policy
     */
    public record Config(String envId, long seed, long totalTimesteps, Map<String, Object> envKwargs,
                         double learningRate, int numEnvs, int numEpisodes, double gamma, boolean baseline,
                         boolean normalizeReturns, double entCoef, double vfCoef, double maxGradNorm, double initLogStd) {
        public Config {
            Objects.requireNonNull(envId, "envId");
            envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
            if (numEpisodes <= 0) throw new IllegalArgumentException("numEpisodes must be positive but was " + numEpisodes);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(entCoef >= 0)) throw new IllegalArgumentException("entCoef must be non-negative but was " + entCoef);
            if (!(vfCoef >= 0)) throw new IllegalArgumentException("vfCoef must be non-negative but was " + vfCoef);
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be positive but was " + maxGradNorm);
            if (!Double.isFinite(initLogStd)) throw new IllegalArgumentException("initLogStd must be finite but was " + initLogStd);
        }

        /** Defaults for {@code envId}: Adam 1e-3, one env, 4 episodes per update, γ 0.99, baseline, normalised. */
        public static Config defaults(String envId) {
            return new Config(envId, 1, 500_000, Map.of(), 1e-3, 1, 4, 0.99, true, true, 0.0, 0.5, 0.5, 0.0);
        }
    }

    private static final int[] HIDDEN = {64, 64};

    /** Trains a policy and returns it; metrics go to {@code sink} with CleanRL's keys. */
    public static NetworkPolicy train(Config c, MetricsSink sink) {
        return train(c, sink, Checkpoints.none());
    }

    /**
     * {@link #train(Config, MetricsSink)} writing {@code checkpoints} after the updates at which one is due, and
     * continuing from {@link Checkpoints#resumeFrom()} when present (see "Checkpoints" in the class notes).
     * @throws dev.bellman.core.NonFiniteException when a loss, the gradient norm or a parameter becomes NaN or infinite
     *     after an update (checked after every update; nothing is saved after it)
     */
    public static NetworkPolicy train(Config c, MetricsSink sink, Checkpoints checkpoints) {
        Rng rng = new Rng(c.seed());
        try (VectorEnv envs = PgEnvs.make(c.envId(), c.envKwargs(), c.numEnvs(), AutoresetMode.SAME_STEP)) {
            ActionSpec spec = ActionSpec.of(envs.singleActionSpace());
            int obsSize = envs.observationSize(), n = c.numEnvs(), ad = spec.dim();
            PolicyNet actor = new PolicyNet(obsSize, spec.discrete(), spec.size(), HIDDEN, false, (float) c.initLogStd(), rng.split());
            Module critic = Mlp.builder(obsSize, HIDDEN[0], HIDDEN[1], 1).activation(Activation::tanh)
                    .init(LayerInit.orthogonal(Math.sqrt(2), 0)).outputInit(LayerInit.orthogonal(1, 0)).build(rng.split());
            List<Tensor> params = new ArrayList<>(actor.parameters());
            if (c.baseline()) params.addAll(critic.parameters());
            Adam optimizer = new Adam(params, Adam.Config.defaults(c.learningRate()).withEps(1e-5));
            FiniteGuard guard = FiniteGuard.forLearningRate("reinforce", c.learningRate());
            Rng actionRng = rng.split();

            // per-copy episodes in flight, and the finished episodes of the current batch
            EpisodeBuffer[] inFlight = new EpisodeBuffer[n];
            for (int i = 0; i < n; i++) inFlight[i] = new EpisodeBuffer(obsSize, ad);
            List<EpisodeBuffer> batch = new ArrayList<>();
            float[] actions = new float[n * ad];
            ActionSpec.Buffers stepBuf = new ActionSpec.Buffers(n, spec);
            float[] obs = envs.reset(c.seed()).observations().clone();
            long globalStep = 0;
            Supplier<NetworkPolicy> trained = () -> new NetworkPolicy(actor, spec, "reinforce");
            checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
            if (checkpoints.resumeFrom().isPresent()) {
                // everything above was built as for a fresh run; now overwrite what the run has changed since
                TrainingState.Reader s = RunCheckpoint.load(checkpoints.resumeFrom().get(), "reinforce", c);
                s.loadModule("actor.", actor);
                s.loadModule("critic.", critic);
                s.loadOptimizer("optimizer", optimizer);
                s.loadRng("action_rng", actionRng);
                s.loadEnvs("envs", envs);
                s.floatsInto("obs", obs);
                globalStep = s.getLong("global_step");
            }
            long start = System.nanoTime();

            while (globalStep < c.totalTimesteps()) {
                // 1. rollout: step every copy until numEpisodes episodes have ended
                while (batch.size() < c.numEpisodes() && globalStep < c.totalTimesteps()) {
                    try (var g = Tensor.noGrad()) {
                        actor.pi(Tensor.of(obs, n, obsSize)).sample(actionRng, actions);
                    }
                    VectorStep step = spec.step(envs, actions, stepBuf);
                    globalStep += n;
                    for (int i = 0; i < n; i++) {
                        inFlight[i].add(obs, i * obsSize, actions, i * ad, (float) step.rewards()[i]);
                        if (step.done(i)) {
                            inFlight[i].end(step.terminated()[i], step.truncated()[i] ? step.finalObservation(i) : null);
                            batch.add(inFlight[i]);
                            inFlight[i] = new EpisodeBuffer(obsSize, ad);
                            sink.record(globalStep, MetricsSink.EPISODIC_RETURN, step.episodeReturn()[i]);
                            sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, step.episodeLength()[i]);
                        }
                    }
                    System.arraycopy(step.observations(), 0, obs, 0, obs.length);
                }
                if (batch.isEmpty()) break;

                // 2. returns G_t per episode (Williams 1992), weights ψ_t = G_t [− V(s_t)]
                int total = 0;
                for (EpisodeBuffer e : batch) total += e.length;
                float[] bObs = new float[total * obsSize], bAct = new float[total * ad], bRet = new float[total];
                int row = 0;
                for (EpisodeBuffer e : batch) {
                    float bootstrap = 0f;
                    if (e.finalObs != null && c.baseline()) {
                        try (var g = Tensor.noGrad()) {
                            bootstrap = critic.forward(Tensor.of(e.finalObs.clone(), 1, obsSize)).item();
                        }
                    }
                    float[] r = e.returns((float) c.gamma(), bootstrap);
                    System.arraycopy(e.obs, 0, bObs, row * obsSize, e.length * obsSize);
                    System.arraycopy(e.actions, 0, bAct, row * ad, e.length * ad);
                    System.arraycopy(r, 0, bRet, row, e.length);
                    row += e.length;
                }
                batch.clear();
                Tensor obsT = Tensor.of(bObs, total, obsSize);
                Tensor returns = Tensor.of(bRet, total);
                Tensor values = c.baseline() ? critic.forward(obsT).reshape(total) : null;
                float[] weights = bRet.clone();
                if (values != null) {
                    float[] v = values.toArray();
                    for (int t = 0; t < total; t++) weights[t] -= v[t];
                }
                if (c.normalizeReturns()) normalize(weights);

                // 3. update: L = −mean(log π(a|s) ψ) − c_H mean H + c_V mean (V − G)²
                PolicyNet.Pi pi = actor.pi(obsT);
                Tensor logProb = pi.logProb(bAct);
                Tensor pgLoss = logProb.mul(Tensor.of(weights, total)).mean().neg();
                Tensor entropy = pi.entropy().mean();
                Tensor loss = pgLoss.sub(entropy.mul((float) c.entCoef()));
                Tensor vLoss = null;
                if (values != null) {
                    vLoss = values.sub(returns).square().mean();
                    loss = loss.add(vLoss.mul((float) c.vfCoef()));
                }
                optimizer.zeroGrad();
                loss.backward();
                float gradNorm = GradClip.clipGradNorm(params, (float) c.maxGradNorm());
                optimizer.step();
                guard.update(globalStep, "loss", loss.item(), gradNorm, actor, critic);
                // episodes in flight were drawn by the old policy: drop them and restart every copy
                for (int i = 0; i < n; i++) inFlight[i] = new EpisodeBuffer(obsSize, ad);
                System.arraycopy(envs.reset().observations(), 0, obs, 0, obs.length);

                // 4. log
                sink.record(globalStep, "losses/policy_loss", pgLoss.item());
                sink.record(globalStep, "losses/entropy", entropy.item());
                if (vLoss != null) sink.record(globalStep, "losses/value_loss", vLoss.item());
                sink.record(globalStep, MetricsSink.LEARNING_RATE, optimizer.learningRate());
                sink.record(globalStep, MetricsSink.SPS, globalStep / ((System.nanoTime() - start) / 1e9));

                // 5. checkpoint: between updates no episode is in flight (every copy was just reset)
                if (globalStep < c.totalTimesteps() && checkpoints.due(globalStep)) {
                    guard.optimizer(globalStep, "optimizer", optimizer);
                    RunCheckpoint.save(checkpoints, globalStep, "reinforce", c, new TrainingState.Writer()
                            .putModule("actor.", actor).putModule("critic.", critic)
                            .putOptimizer("optimizer", optimizer).putRng("action_rng", actionRng)
                            .putEnvs("envs", envs).put("obs", obs).putLong("global_step", globalStep));
                }
            }
            return trained.get();
        }
    }

    /** ψ ← (ψ − mean) / (std + 1e−8), population std. */
    static void normalize(float[] w) {
        double mean = 0;
        for (float v : w) mean += v;
        mean /= w.length;
        double var = 0;
        for (float v : w) var += (v - mean) * (v - mean);
        double std = Math.sqrt(var / w.length);
        for (int i = 0; i < w.length; i++) w[i] = (float) ((w[i] - mean) / (std + 1e-8));
    }

    /** One copy's episode: observations, actions and rewards in growable primitive arrays. */
    private static final class EpisodeBuffer {
        final int obsSize, ad;
        float[] obs, actions, rewards;
        int length;
        boolean terminated;
        float[] finalObs; // truncated episodes only

        EpisodeBuffer(int obsSize, int ad) {
            this.obsSize = obsSize;
            this.ad = ad;
            obs = new float[64 * obsSize];
            actions = new float[64 * ad];
            rewards = new float[64];
        }

        void add(float[] o, int oOff, float[] a, int aOff, float r) {
            if (length == rewards.length) {
                obs = java.util.Arrays.copyOf(obs, obs.length * 2);
                actions = java.util.Arrays.copyOf(actions, actions.length * 2);
                rewards = java.util.Arrays.copyOf(rewards, rewards.length * 2);
            }
            System.arraycopy(o, oOff, obs, length * obsSize, obsSize);
            System.arraycopy(a, aOff, actions, length * ad, ad);
            rewards[length++] = r;
        }

        void end(boolean terminated, float[] finalObservation) {
            this.terminated = terminated;
            this.finalObs = finalObservation == null ? null : finalObservation.clone();
        }

        /** G_t for every step through the shared {@link Returns#discounted} over a one-copy rollout. */
        float[] returns(float gamma, float bootstrap) {
            float[][] r = new float[length][1], next = new float[length][1], g = new float[length][1];
            boolean[][] term = new boolean[length][1], trunc = new boolean[length][1];
            for (int t = 0; t < length; t++) r[t][0] = rewards[t];
            term[length - 1][0] = terminated;
            trunc[length - 1][0] = !terminated;
            next[length - 1][0] = bootstrap;
            Returns.discounted(r, next, term, trunc, gamma, g);
            float[] out = new float[length];
            for (int t = 0; t < length; t++) out[t] = g[t][0];
            return out;
        }
    }
}
