package dev.bellman.algorithms.offpolicy;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
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
import dev.bellman.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Soft Actor-Critic for continuous actions (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and
 * Applications", arXiv:1812.05905 — the v2 with twin critics and automatic temperature tuning).
 *
 * <p>Equations implemented (policy actions {@code a ∈ [−1, 1]^D}, rescaled to the env's Box by
 * {@link ActionScaler}):
 * <pre>
 *   π_φ(·|s):  u ~ N(μ_φ(s), σ_φ(s)²),  a = tanh(u),  log π(a|s) = log N(u) − Σ log(1 − tanh² u)   (eq. 21)
 *   y        = r + γ (1 − d) [ min_{j=1,2} Q_θ̄j(s', a') − α log π(a'|s') ],  a' ~ π_φ(·|s')          (eqs. 3, 7)
 *   J_Q(θj)  = ½ · E[(Q_θj(s, a) − y)²]                                                                (eq. 5)
 *   J_π(φ)   = E[ α log π(ã|s) − min_j Q_θj(s, ã) ],  ã = tanh(μ + σ ε), ε ~ N(0, I) (reparameterised) (eq. 12)
 *   J(α)     = E[ −log α · (log π(ã|s) + H̄) ],  H̄ = −dim(A)                                          (eq. 18)
 *   θ̄j      ← τ θj + (1 − τ) θ̄j                                                                      (Polyak)
 * </pre>
 *
 * <p>Follows Stable-Baselines3's {@code SAC.train} (order of the updates within a gradient step, ½ on
 * the critic loss, log-α parameterisation of the temperature loss, one learning rate for all three
 * optimisers, uniform random actions before {@code learningStarts}) and CleanRL's
 * {@code sac_continuous_action.py} for the actor's log-σ squashing into [−5, 2].
 *
 * <p>Symbols: {@code alpha} = α, {@code logAlpha} = log α, {@code targetEntropy} = H̄, {@code qf1/qf2} =
 * Q_θ1/Q_θ2, {@code qf1Target/qf2Target} = Q_θ̄1/Q_θ̄2, {@code logPi} = log π, {@code tau} = τ.
 *
 * <h2>Implementation notes</h2>
 * Each gradient step: (a) sample a minibatch; (b) reparameterised ã, log π(ã|s) from the current actor;
 * (c) temperature step on J(α), using the α from before the step in (d)–(e) as SB3 does; (d) target y
 * under no-grad and critic step; (e) actor step through the just-updated critics, whose parameters are
 * detached for this pass so that no critic weight gradient is computed; (f) Polyak update of the
 * target critics every {@code targetNetworkFrequency} gradient steps.
 * <p>Checkpoints: what is saved ({@link #train(Config, Env, long, long, MetricsSink, Checkpoints)}, between env
 * steps, after the previous step's gradient step): actor (gSDE log-σ included), both critics and their targets;
 * log α and the three Adam states (critics, actor, temperature); the α in use; every {@link Rng} (root, init,
 * exploration, sampling, reparameterisation); the gSDE exploration matrix W when one has been drawn; the env's
 * wrapper chain; the current observation; the replay contents, position and size; the global and gradient step
 * counters and the running episode's return and length. Tagged {@code sac} or {@code sac+gsde}. With
 * {@code -Dbellman.threads} of 2 or more the twin critics' work runs one critic per thread ({@code TwinCritics}) and
 * the other matrix products are split; both give the same bits for any thread count, so a run may resume with another.
 * <p>Deviations:
 * <ol>
 *   <li>The temperature loss uses log α as the trained variable ({@code −log α · (log π + H̄)}, SB3)
 *       rather than CleanRL's {@code −α · (log π + H̄)}; both have the same fixed point.</li>
 *   <li>log σ = −5 + 3.5 (tanh(raw) + 1) (CleanRL) rather than SB3's clamp to [−20, 2].</li>
 *   <li>The tanh Jacobian uses the exact, stable form of {@link TanhGaussian} instead of
 *       {@code log(1 − a² + 1e-6)}.</li>
 *   <li>gSDE ({@code useSde}, Raffin et al. 2022; SB3's {@code use_sde}, off by default as in SB3) replaces the
 *       log-σ head by a log-σ matrix over the detached trunk features (see {@link Actor}); a new exploration
 *       matrix is drawn at the start of each training phase or every {@code sdeSampleFreq} steps, and each gradient
 *       step's reparameterised draws share one fresh matrix (SB3). RL Zoo's MountainCarContinuous-v0 entry uses it,
 *       and so does Bellman's tuned entry (sac.yml, RL Zoo's values).</li>
 *   <li>The replay buffer holds {@code min(bufferSize, totalTimesteps)} transitions (no change in
 *       behaviour; avoids allocating unused memory).</li>
 * </ol>
 */
public final class Sac {
    private Sac() {}

    /** Log-σ bounds of the actor (CleanRL's LOG_STD_MIN / LOG_STD_MAX). */
    static final float LOG_STD_MIN = -5f, LOG_STD_MAX = 2f;

    /**
     * SAC's hyperparameters (defaults: Stable-Baselines3's).
     *
     * @param learningRate           Adam step size of the actor, the critics and the temperature
     * @param bufferSize             replay capacity in transitions
     * @param gamma                  discount factor γ
     * @param tau                    target smoothing coefficient τ (Polyak)
     * @param batchSize              transitions per gradient step
     * @param learningStarts         env steps of uniform random actions before learning starts
     * @param trainFrequency         env steps between training phases
     * @param gradientSteps          gradient steps per training phase
     * @param targetNetworkFrequency gradient steps between target updates
     * @param alpha                  entropy coefficient α (its initial value when {@code autotune})
     * @param autotune               tune α towards the target entropy −dim(A)
     * @param netArch                hidden layer sizes of the actor and of each critic
     * @param useSde                 explore with generalized state-dependent noise (gSDE) instead of the actor's log-σ head
     * @param logStdInit             initial value of the gSDE log-σ parameters
     * @param sdeSampleFreq          env steps between gSDE noise draws while acting; −1: once per training phase (SB3)
     */
    public record Config(double learningRate, int bufferSize, double gamma, double tau, int batchSize,
                         int learningStarts, int trainFrequency, int gradientSteps, int targetNetworkFrequency,
                         double alpha, boolean autotune, int[] netArch, boolean useSde, double logStdInit,
                         int sdeSampleFreq) {
        public Config {
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (bufferSize < 1) throw new IllegalArgumentException("bufferSize must be at least 1 but was " + bufferSize);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in (0, 1] but was " + tau);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
            if (learningStarts < 0) throw new IllegalArgumentException("learningStarts must be >= 0 but was " + learningStarts);
            if (trainFrequency < 1) throw new IllegalArgumentException("trainFrequency must be at least 1 but was " + trainFrequency);
            if (gradientSteps < 1) throw new IllegalArgumentException("gradientSteps must be at least 1 but was " + gradientSteps);
            if (targetNetworkFrequency < 1) {
                throw new IllegalArgumentException("targetNetworkFrequency must be at least 1 but was " + targetNetworkFrequency);
            }
            if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be positive but was " + alpha);
            netArch = NetArch.check(netArch);
            if (!Double.isFinite(logStdInit)) throw new IllegalArgumentException("logStdInit must be finite but was " + logStdInit);
            if (sdeSampleFreq == 0 || sdeSampleFreq < -1) {
                throw new IllegalArgumentException("sdeSampleFreq must be -1 or positive but was " + sdeSampleFreq);
            }
        }

        /** Stable-Baselines3's defaults: lr 3e-4, buffer 1e6, γ 0.99, τ 0.005, batch 256, 100 random steps, α auto from 1. */
        public static Config defaults() {
            return new Config(3e-4, 1_000_000, 0.99, 0.005, 256, 100, 1, 1, 1, 1.0, true, new int[]{256, 256},
                    false, -3.0, -1);
        }

        @Override
        public int[] netArch() {
            return netArch.clone();
        }
    }

    // ------------------------------------------------------------------ networks

    /**
     * π_φ: an MLP trunk φ(s) with a mean head and either a log-σ head (SAC) or, with gSDE (Raffin et al. 2022,
     * "Smooth Exploration for Robotic Reinforcement Learning", SB3's {@code StateDependentNoiseDistribution}),
     * a log-σ parameter matrix {@code [latent, D]}: noise {@code φ(s)·W}, {@code W ~ N(0, σ²)}, so that
     * {@code σ_d(s)² = Σ_j φ_j(s)² σ_jd² + 1e-6} and the mean is clipped to ±2. {@link #forward} is the
     * deterministic tanh(μ(s)).
     */
    static final class Actor extends Module {
        private final List<Linear> trunk = new ArrayList<>();
        private final Linear fcMean, fcLogStd;
        private final Tensor sdeLogStd;
        private final int latentDim, actDim;
        private float[] exploreMat;

        Actor(int obsDim, int actDim, int[] hidden, Rng rng) {
            this(obsDim, actDim, hidden, false, 0, rng);
        }

        Actor(int obsDim, int actDim, int[] hidden, boolean useSde, double logStdInit, Rng rng) {
            int in = obsDim;
            for (int i = 0; i < hidden.length; i++) {
                trunk.add(registerModule("fc" + (i + 1), new Linear(in, hidden[i], rng)));
                in = hidden[i];
            }
            this.latentDim = in;
            this.actDim = actDim;
            fcMean = registerModule("fc_mean", new Linear(in, actDim, rng));
            if (useSde) {
                float[] ls = new float[in * actDim];
                java.util.Arrays.fill(ls, (float) logStdInit);
                sdeLogStd = registerParameter("log_std", Tensor.parameter(ls, in, actDim));
                fcLogStd = null;
            } else {
                fcLogStd = registerModule("fc_logstd", new Linear(in, actDim, rng));
                sdeLogStd = null;
            }
        }

        boolean usesSde() {
            return sdeLogStd != null;
        }

        private Tensor features(Tensor obs) {
            Tensor h = obs;
            for (Linear l : trunk) h = LinearRelu.apply(h, l.weight(), l.bias()); // l.forward(h).relu(), same bits
            return h;
        }

        private Tensor mean(Tensor h) {
            Tensor m = fcMean.forward(h);
            return sdeLogStd == null ? m : m.clamp(-2f, 2f);
        }

        private TanhGaussian dist(Tensor h, Tensor mean) {
            if (sdeLogStd == null) {
                Tensor logStd = fcLogStd.forward(h).tanh().add(1f).mul(0.5f * (LOG_STD_MAX - LOG_STD_MIN)).add(LOG_STD_MIN);
                return new TanhGaussian(mean, logStd);
            }
            Tensor variance = h.detach().square().matmul(sdeLogStd.mul(2f).exp()).add(1e-6f);
            return new TanhGaussian(mean, variance.log().mul(0.5f));
        }

        /** The squashed Gaussian π_φ(·|s) for a batch {@code [B, obsDim]}. */
        TanhGaussian dist(Tensor obs) {
            Tensor h = features(obs);
            return dist(h, mean(h));
        }

        /** A reparameterised draw ã and log π(ã|s); with gSDE a fresh W ~ N(0, σ²) shared by the batch (SB3). */
        TanhGaussian.Sample rsample(Tensor obs, Rng rng) {
            if (sdeLogStd == null) return dist(obs).rsample(rng);
            Tensor h = features(obs), mean = mean(h);
            Tensor w = sdeLogStd.exp().mul(Tensor.of(normal(rng, latentDim * actDim), latentDim, actDim));
            Tensor u = mean.add(h.detach().matmul(w));
            return new TanhGaussian.Sample(u.tanh(), dist(h, mean).logProbPreTanh(u), u);
        }

        /** Draws the exploration matrix W used by {@link #act} (gSDE only). */
        void resetNoise(Rng rng) {
            float[] eps = normal(rng, latentDim * actDim);
            float[] ls = sdeLogStd.data();
            for (int i = 0; i < eps.length; i++) eps[i] *= (float) Math.exp(ls[sdeLogStd.offset() + i]);
            exploreMat = eps;
        }

        /** An exploratory action in (−1, 1) for one observation, into {@code out} (no tape). */
        void act(Tensor obs, Rng rng, float[] out) {
            if (sdeLogStd == null) {
                Tensor a = dist(obs).sample(rng);
                System.arraycopy(a.data(), a.offset(), out, 0, actDim);
                return;
            }
            Tensor h = features(obs);
            Tensor u = mean(h).add(h.matmul(Tensor.of(exploreMat, latentDim, actDim)));
            for (int i = 0; i < actDim; i++) out[i] = (float) Math.tanh(u.data()[u.offset() + i]);
        }

        private static float[] normal(Rng rng, int n) {
            float[] e = new float[n];
            for (int i = 0; i < n; i++) e[i] = (float) rng.nextGaussian();
            return e;
        }

        /** The deterministic action tanh(μ(s)) used for evaluation. */
        @Override
        public Tensor forward(Tensor obs) {
            return mean(features(obs)).tanh();
        }
    }

    /** Q_θ(s, a): an MLP on the concatenation [s, a]. */
    static final class QNetwork extends Module {
        private final List<Linear> layers = new ArrayList<>();

        QNetwork(int obsDim, int actDim, int[] hidden, Rng rng) {
            int in = obsDim + actDim;
            for (int i = 0; i < hidden.length; i++) {
                layers.add(registerModule("fc" + (i + 1), new Linear(in, hidden[i], rng)));
                in = hidden[i];
            }
            layers.add(registerModule("fc" + (hidden.length + 1), new Linear(in, 1, rng)));
        }

        /** Q(s, a), shape {@code [B, 1]}. With {@code frozen}, no gradient reaches this network's parameters. */
        Tensor q(Tensor obs, Tensor act, boolean frozen) {
            Tensor h = Tensor.concat(1, obs, act);
            for (int i = 0; i < layers.size(); i++) {
                Linear l = layers.get(i);
                Tensor w = frozen ? l.weight().detach() : l.weight(), b = frozen ? l.bias().detach() : l.bias();
                // hidden layers: linear(h, w, b).relu() as one op, same bits
                h = i + 1 < layers.size() ? LinearRelu.apply(h, w, b) : Tensor.linear(h, w, b);
            }
            return h;
        }
    }

    // ------------------------------------------------------------------ shared maths

    /**
     * The soft TD target y_i = r_i + γ (1 − d_i) (min(q1_i, q2_i) − α logπ_i) (Haarnoja et al. 2018, eqs. 3 and 7),
     * written into {@code out}.
     */
    static void softTarget(float[] rewards, float[] terminated, float[] q1Next, float[] q2Next, float[] logPiNext,
                           float alpha, float gamma, float[] out) {
        for (int i = 0; i < out.length; i++) {
            float v = Math.min(q1Next[i], q2Next[i]) - alpha * logPiNext[i];
            out[i] = rewards[i] + gamma * (1f - terminated[i]) * v;
        }
    }

    // ------------------------------------------------------------------ training

    /**
     * Trains SAC on {@code env} (Box observations and bounded Box actions) for {@code totalTimesteps} env steps.
     *
     * @param sink receives CleanRL's keys: charts/episodic_return, charts/episodic_length, charts/SPS,
     *     losses/qf1_values, losses/qf_loss, losses/actor_loss, losses/alpha, losses/alpha_loss
     */
    public static dev.bellman.core.Policy train(Config cfg, Env<float[], float[]> env, long seed, long totalTimesteps,
                                                MetricsSink sink) {
        return train(cfg, env, seed, totalTimesteps, sink, Checkpoints.none());
    }

    /**
     * {@link #train(Config, Env, long, long, MetricsSink)} writing a checkpoint whenever {@code checkpoints} says one
     * is due and, when it holds one to resume from, continuing from it (the env must be made as the saved run's).
     * @throws dev.bellman.core.NonFiniteException when a loss, the gradient norm or a parameter becomes NaN or infinite
     *     after an update (checked after every update; nothing is saved after it)
     */
    public static dev.bellman.core.Policy train(Config cfg, Env<float[], float[]> env, long seed, long totalTimesteps,
                                                MetricsSink sink, Checkpoints checkpoints) {
        Box obsSpace = (Box) env.observationSpace();
        ActionScaler scaler = ActionScaler.of((Box) env.actionSpace());
        int obsDim = obsSpace.size(), actDim = scaler.dim();
        int[] hidden = cfg.netArch();
        Rng rng = new Rng(seed);
        Rng initRng = rng.split(), actRng = rng.split(), sampleRng = rng.split(), noiseRng = rng.split();

        Actor actor = new Actor(obsDim, actDim, hidden, cfg.useSde(), cfg.logStdInit(), initRng);
        QNetwork qf1 = new QNetwork(obsDim, actDim, hidden, initRng), qf2 = new QNetwork(obsDim, actDim, hidden, initRng);
        QNetwork qf1Target = new QNetwork(obsDim, actDim, hidden, initRng), qf2Target = new QNetwork(obsDim, actDim, hidden, initRng);
        qf1Target.copyFrom(qf1);
        qf2Target.copyFrom(qf2);
        List<Tensor> qParams = new ArrayList<>(qf1.parameters());
        qParams.addAll(qf2.parameters());
        Adam qOptimizer = new Adam(qParams, cfg.learningRate());
        Adam actorOptimizer = new Adam(actor.parameters(), cfg.learningRate());
        float targetEntropy = -actDim;
        Tensor logAlpha = Tensor.parameter(new float[]{(float) Math.log(cfg.alpha())}, 1);
        Adam alphaOptimizer = new Adam(List.of(logAlpha), cfg.learningRate());
        FiniteGuard guard = FiniteGuard.forLearningRate("sac", cfg.learningRate());
        float alpha = (float) cfg.alpha();

        ReplayBuffer rb = ReplayBuffer.continuous((int) Math.min(cfg.bufferSize(), totalTimesteps), obsDim, actDim);
        int batchSize = cfg.batchSize();
        ReplayBuffer.Batch batch = rb.newBatch(batchSize);
        float gamma = (float) cfg.gamma(), tau = (float) cfg.tau();
        float[] action = new float[actDim], envAction = new float[actDim];
        float[] q1Next = new float[batchSize], q2Next = new float[batchSize], target = new float[batchSize];
        long start = System.nanoTime();
        long gradientStep = 0;
        double episodeReturn = 0;
        int episodeLength = 0;

        float[] obs = env.reset(seed).observation().clone();
        String tag = cfg.useSde() ? "sac+gsde" : "sac";
        Supplier<ActorPolicy> trained = () -> new ActorPolicy(actor, scaler, obsDim, Map.of("algorithm", "sac",
                "net_arch", ActorPolicy.ints(hidden), "use_sde", Boolean.toString(cfg.useSde())));
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        long firstStep = 0;
        if (checkpoints.resumeFrom().isPresent()) { // everything was built as for a fresh run; now overwrite its state
            TrainingState.Reader r = OffPolicyState.read(checkpoints.resumeFrom().get(), tag);
            r.loadModule("actor.", actor);
            r.loadModule("qf1.", qf1);
            r.loadModule("qf2.", qf2);
            r.loadModule("qf1_target.", qf1Target);
            r.loadModule("qf2_target.", qf2Target);
            r.loadTensors("log_alpha.", List.of(logAlpha));
            r.loadOptimizer("q_optimizer", qOptimizer);
            r.loadOptimizer("actor_optimizer", actorOptimizer);
            r.loadOptimizer("alpha_optimizer", alphaOptimizer);
            alpha = r.floats("alpha")[0];
            if (r.getBoolean("has_explore_mat")) actor.exploreMat = r.floats("explore_mat");
            r.loadRng("rng", rng);
            r.loadRng("init_rng", initRng);
            r.loadRng("act_rng", actRng);
            r.loadRng("sample_rng", sampleRng);
            r.loadRng("noise_rng", noiseRng);
            r.loadEnv("env", env);
            r.floatsInto("obs", obs);
            rb.restore(r, "rb.");
            firstStep = r.getLong("global_step");
            gradientStep = r.getLong("gradient_step");
            episodeReturn = r.getDouble("episode_return");
            episodeLength = (int) r.getLong("episode_length");
        }
        for (long globalStep = firstStep; globalStep < totalTimesteps; globalStep++) {
            // 0. checkpoint, between steps: every update and metric of the steps before globalStep is done
            if (checkpoints.due(globalStep)) {
                guard.optimizer(globalStep, "q_optimizer", qOptimizer);
                guard.optimizer(globalStep, "actor_optimizer", actorOptimizer);
                guard.optimizer(globalStep, "alpha_optimizer", alphaOptimizer);
                TrainingState.Writer w = OffPolicyState.writer(tag);
                w.putModule("actor.", actor).putModule("qf1.", qf1).putModule("qf2.", qf2)
                        .putModule("qf1_target.", qf1Target).putModule("qf2_target.", qf2Target)
                        .putTensors("log_alpha.", List.of(logAlpha))
                        .putOptimizer("q_optimizer", qOptimizer).putOptimizer("actor_optimizer", actorOptimizer)
                        .putOptimizer("alpha_optimizer", alphaOptimizer).put("alpha", new float[] {alpha})
                        .putBoolean("has_explore_mat", actor.exploreMat != null)
                        .put("explore_mat", actor.exploreMat != null ? actor.exploreMat : new float[0])
                        .putRng("rng", rng).putRng("init_rng", initRng).putRng("act_rng", actRng)
                        .putRng("sample_rng", sampleRng).putRng("noise_rng", noiseRng)
                        .putEnv("env", env).put("obs", obs);
                rb.save(w, "rb.");
                w.putLong("global_step", globalStep).putLong("gradient_step", gradientStep)
                        .putDouble("episode_return", episodeReturn).putLong("episode_length", episodeLength);
                checkpoints.save(globalStep, dir -> w.write(dir.resolve(OffPolicyState.FILE)));
            }
            // 1. rollout: uniform random actions until learningStarts, then a ~ π(·|s)
            if (globalStep < cfg.learningStarts()) {
                for (int i = 0; i < actDim; i++) action[i] = 2f * actRng.nextFloat() - 1f;
            } else {
                // gSDE: a new W at the start of every training phase (SB3's collect_rollouts) or every sdeSampleFreq steps
                long period = cfg.sdeSampleFreq() > 0 ? cfg.sdeSampleFreq() : cfg.trainFrequency();
                if (actor.usesSde() && (globalStep == cfg.learningStarts() || globalStep % period == 0)) actor.resetNoise(actRng);
                try (Tensor.Scope ignored = Tensor.noGrad()) {
                    actor.act(Tensor.of(obs, 1, obsDim), actRng, action);
                }
            }
            scaler.toEnv(action, 0, envAction);
            Step<float[]> step = env.step(envAction);
            episodeReturn += step.reward();
            episodeLength++;
            // 2. store: s' is the real final observation also under truncation; bootstrap unless terminated
            rb.add(obs, 0, action, 0, (float) step.reward(), step.observation(), 0, step.terminated());
            if (step.terminated() || step.truncated()) {
                sink.record(globalStep + 1, MetricsSink.EPISODIC_RETURN, episodeReturn);
                sink.record(globalStep + 1, MetricsSink.EPISODIC_LENGTH, episodeLength);
                episodeReturn = 0;
                episodeLength = 0;
                System.arraycopy(env.reset().observation(), 0, obs, 0, obsDim); // reuse the buffer: no per-step allocation
            } else {
                System.arraycopy(step.observation(), 0, obs, 0, obsDim);
            }

            if (globalStep < cfg.learningStarts() || (globalStep + 1) % cfg.trainFrequency() != 0) continue;
            // 3. update
            for (int g = 0; g < cfg.gradientSteps(); g++) {
                rb.sample(sampleRng, batch);
                Tensor s = Tensor.of(batch.obs(), batchSize, obsDim);
                Tensor a = Tensor.of(batch.continuousActions(), batchSize, actDim);
                Tensor sNext = Tensor.of(batch.nextObs(), batchSize, obsDim);

                // 3a. reparameterised ã ~ π(·|s) and log π(ã|s) (eq. 11), shared by the α and actor losses
                TanhGaussian.Sample pi = actor.rsample(s, noiseRng);
                Tensor logPi = pi.logProb().reshape(batchSize, 1);

                // 3b. temperature (eq. 18): J(α) = −log α · (log π + H̄); the step's losses use α before it
                double alphaLoss = Double.NaN;
                if (cfg.autotune()) {
                    alpha = (float) Math.exp(logAlpha.item());
                    Tensor loss = logAlpha.mul(logPi.detach().add(targetEntropy)).neg().mean();
                    alphaOptimizer.zeroGrad();
                    loss.backward();
                    alphaOptimizer.step();
                    guard.check(globalStep + 1, "alpha_loss", loss.item());
                    alphaLoss = loss.item();
                }

                // 3c. soft TD target (eqs. 3, 7): y = r + γ (1 − d) (min Q̄(s', a') − α log π(a'|s'))
                try (Tensor.Scope ignored = Tensor.noGrad()) {
                    TanhGaussian.Sample next = actor.rsample(sNext, noiseRng);
                    TwinCritics.targetValues(qf1Target, qf2Target, sNext, next.action(), q1Next, q2Next);
                    Tensor logPiNext = next.logProb();
                    softTarget(batch.rewards(), batch.terminated(), q1Next, q2Next,
                            logPiNext.toArray(), alpha, gamma, target);
                }
                Tensor y = Tensor.of(target, batchSize, 1);

                // 3d. critics (eq. 5): J_Q = ½ Σ_j mse(Q_j(s, a), y)
                qOptimizer.zeroGrad();
                TwinCritics.Losses2 critic = TwinCritics.lossBackward(qf1, qf2, s, a, y); // one task per critic
                Tensor q1 = critic.q1(), qfLoss = critic.qfLoss();
                qOptimizer.step();
                guard.update(globalStep + 1, "qf_loss", qfLoss.item(), qf1, qf2);

                // 3e. actor (eq. 12): J_π = mean(α log π(ã|s) − min_j Q_j(s, ã)), critics frozen
                // forwards and their backward one per task
                Tensor[] qPi = TwinCritics.frozenValuesTwoTaskBackward(qf1, qf2, s, pi.action());
                Tensor minQPi = qPi[0].minimum(qPi[1]);
                Tensor actorLoss = logPi.mul(alpha).sub(minQPi).mean();
                actorOptimizer.zeroGrad();
                actorLoss.backward();
                actorOptimizer.step();
                guard.update(globalStep + 1, "actor_loss", actorLoss.item(), actor);

                // 3f. target critics: θ̄ ← τ θ + (1 − τ) θ̄
                gradientStep++;
                if (gradientStep % cfg.targetNetworkFrequency() == 0) {
                    qf1Target.polyakFrom(qf1, tau);
                    qf2Target.polyakFrom(qf2, tau);
                }

                // 4. log (every 100 gradient steps, as CleanRL)
                if (gradientStep % 100 == 0) {
                    long t = globalStep + 1;
                    sink.record(t, "losses/qf1_values", q1.mean().item());
                    sink.record(t, "losses/qf_loss", qfLoss.item());
                    sink.record(t, "losses/actor_loss", actorLoss.item());
                    sink.record(t, "losses/alpha", alpha);
                    if (cfg.autotune()) sink.record(t, "losses/alpha_loss", alphaLoss);
                    sink.record(t, MetricsSink.SPS, (t - firstStep) / ((System.nanoTime() - start) / 1e9));
                }
            }
        }
        return trained.get();
    }

    /** Restores a policy saved by the policy {@link #train} returned. */
    static ActorPolicy load(Path directory) throws IOException {
        SafeTensors.Contents c = ActorPolicy.read(directory, "sac");
        Map<String, String> m = c.metadata();
        int obsDim = Integer.parseInt(m.get("obs_dim")), actDim = Integer.parseInt(m.get("act_dim"));
        int[] hidden = ActorPolicy.parseInts(m.get("net_arch"));
        boolean useSde = Boolean.parseBoolean(m.getOrDefault("use_sde", "false"));
        Actor actor = new Actor(obsDim, actDim, hidden, useSde, 0, new Rng(0));
        actor.load(directory.resolve(ActorPolicy.FILE));
        return new ActorPolicy(actor, ActorPolicy.scaler(m), obsDim, Map.of("algorithm", "sac", "net_arch", ActorPolicy.ints(hidden),
                "use_sde", Boolean.toString(useSde)));
    }
}
