package dev.bellman.algorithms.offpolicy;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainingState;
import dev.bellman.core.replay.ReplayBuffer;
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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Twin Delayed DDPG (Fujimoto, van Hoof and Meger 2018, "Addressing Function Approximation Error in
 * Actor-Critic Methods", ICML): DDPG with three fixes against overestimation.
 *
 * <p>Equations implemented (policy actions in {@code [−1, 1]^D}, rescaled by {@link ActionScaler}):
 * <pre>
 *   exploration:  a = clip(μ_φ(s) + N(0, σ_explore²), −1, 1)
 *   smoothing:    ã' = clip(μ_φ̄(s') + clip(N(0, σ̃²), −c, c), −1, 1)                       (eq. 14)
 *   clipped double Q:  y = r + γ (1 − d) min_{j=1,2} Q_θ̄j(s', ã')                          (eq. 10)
 *   critics:      J(θj) = E[(Q_θj(s, a) − y)²],  j = 1, 2
 *   delayed actor (every d steps):  ∇_φ J = E[∇_a Q_θ1(s, a)|_{a=μ_φ(s)} ∇_φ μ_φ(s)]
 *   targets (same steps): θ̄j ← τ θj + (1 − τ) θ̄j,  φ̄ ← τ φ + (1 − τ) φ̄
 * </pre>
 *
 * <p>Follows Stable-Baselines3's {@code TD3.train} (critic loss Σ_j mse without ½, targets updated on the
 * delayed steps only, uniform random actions before {@code learningStarts}, noise in policy units) and
 * CleanRL's {@code td3_continuous_action.py} for the loop's shape.
 *
 * <p>Symbols: {@code policyNoise} = σ̃, {@code noiseClip} = c, {@code policyFrequency} = d,
 * {@code explorationNoise} = σ_explore, {@code tau} = τ, {@code actor/actorTarget} = μ_φ/μ_φ̄.
 *
 * <h2>Implementation notes</h2>
 * The actor step backpropagates through Q_θ1 with its parameters detached, so only ∇_a Q reaches the
 * actor and no critic weight gradient is computed.
 * <p>Checkpoints: what is saved ({@link #train(Config, Env, long, long, MetricsSink, Checkpoints)}, between env
 * steps, after the previous step's gradient step): actor, both critics and the three targets; both Adam states;
 * every {@link Rng} (root, init, exploration, sampling, target smoothing); the env's wrapper chain; the current
 * observation; the replay contents, position and size; the global and gradient step counters (the latter places
 * the delayed actor step), the last actor loss (logged between delayed steps) and the running episode's return
 * and length. Tagged {@code td3}.
 * <p>Deviations:
 * <ol>
 *   <li>Noise is in policy units ([−1, 1]), as SB3; CleanRL scales it by the action range. Same on a
 *       symmetric Box.</li>
 *   <li>Defaults are SB3's (lr 1e-3, batch 256, net 400-300, 100 random steps); CleanRL's are 3e-4,
 *       256, 256-256, 25k. Exploration noise: Gaussian σ 0.1 (the RL Zoo's tuned entries and CleanRL's default);
 *       SB3's default is no action noise.</li>
 *   <li>The replay buffer holds {@code min(bufferSize, totalTimesteps)} transitions.</li>
 * </ol>
 */
public final class Td3 {
    private Td3() {}

    /**
     * TD3's hyperparameters (defaults: Stable-Baselines3's, except {@code explorationNoise} 0.1, the RL Zoo's and
     * CleanRL's value: SB3's default is no action noise).
     *
     * @param learningRate     Adam step size of the actor and the critics
     * @param bufferSize       replay capacity in transitions
     * @param gamma            discount factor γ
     * @param tau              target smoothing coefficient τ
     * @param batchSize        transitions per gradient step
     * @param learningStarts   env steps of uniform random actions before learning starts
     * @param trainFrequency   env steps between training phases
     * @param gradientSteps    gradient steps per training phase
     * @param explorationNoise std of the Gaussian exploration noise (policy units)
     * @param policyFrequency  critic steps per actor (and target) step, d
     * @param policyNoise      std of the target-policy smoothing noise σ̃
     * @param noiseClip        clip c of the smoothing noise
     * @param netArch          hidden layer sizes of the actor and of each critic
     */
    public record Config(double learningRate, int bufferSize, double gamma, double tau, int batchSize,
                         int learningStarts, int trainFrequency, int gradientSteps, double explorationNoise,
                         int policyFrequency, double policyNoise, double noiseClip, int[] netArch) {
        public Config {
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (bufferSize < 1) throw new IllegalArgumentException("bufferSize must be at least 1 but was " + bufferSize);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in (0, 1] but was " + tau);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
            if (learningStarts < 0) throw new IllegalArgumentException("learningStarts must be >= 0 but was " + learningStarts);
            if (trainFrequency < 1) throw new IllegalArgumentException("trainFrequency must be at least 1 but was " + trainFrequency);
            if (gradientSteps < 1) throw new IllegalArgumentException("gradientSteps must be at least 1 but was " + gradientSteps);
            if (!(explorationNoise >= 0)) throw new IllegalArgumentException("explorationNoise must be >= 0 but was " + explorationNoise);
            if (policyFrequency < 1) throw new IllegalArgumentException("policyFrequency must be at least 1 but was " + policyFrequency);
            if (!(policyNoise >= 0)) throw new IllegalArgumentException("policyNoise must be >= 0 but was " + policyNoise);
            if (!(noiseClip >= 0)) throw new IllegalArgumentException("noiseClip must be >= 0 but was " + noiseClip);
            netArch = NetArch.check(netArch);
        }

        /** Stable-Baselines3's defaults, with the RL Zoo's Gaussian exploration noise σ 0.1 (SB3 has none). */
        public static Config defaults() {
            return new Config(1e-3, 1_000_000, 0.99, 0.005, 256, 100, 1, 1, 0.1, 2, 0.2, 0.5, new int[]{400, 300});
        }

        @Override
        public int[] netArch() {
            return netArch.clone();
        }
    }

    // ------------------------------------------------------------------ networks

    /** μ_φ(s) = tanh(MLP(s)) ∈ [−1, 1]^D. */
    static final class Actor extends Module {
        private final List<Linear> layers = new ArrayList<>();

        Actor(int obsDim, int actDim, int[] hidden, Rng rng) {
            int in = obsDim;
            for (int i = 0; i < hidden.length; i++) {
                layers.add(registerModule("fc" + (i + 1), new Linear(in, hidden[i], rng)));
                in = hidden[i];
            }
            layers.add(registerModule("fc_mu", new Linear(in, actDim, rng)));
        }

        @Override
        public Tensor forward(Tensor obs) {
            Tensor h = obs;
            for (int i = 0; i + 1 < layers.size(); i++) h = layers.get(i).forward(h).relu();
            return layers.get(layers.size() - 1).forward(h).tanh();
        }
    }

    /** Q_θ(s, a): an MLP on [s, a]. */
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

        /** Q(s, a), shape {@code [B, 1]}; with {@code frozen} no gradient reaches the parameters. */
        Tensor q(Tensor obs, Tensor act, boolean frozen) {
            Tensor h = Tensor.concat(1, obs, act);
            for (int i = 0; i < layers.size(); i++) {
                Linear l = layers.get(i);
                h = frozen ? Tensor.linear(h, l.weight().detach(), l.bias().detach()) : l.forward(h);
                if (i + 1 < layers.size()) h = h.relu();
            }
            return h;
        }
    }

    // ------------------------------------------------------------------ shared maths

    /**
     * Target policy smoothing (eq. 14), in place: {@code a_i ← clip(a_i + clip(σ̃ ε_i, −c, c), −1, 1)} for
     * the target actor's actions {@code a} and standard normal draws {@code eps}.
     */
    static void smoothTargetActions(float[] actions, float[] eps, float policyNoise, float noiseClip) {
        for (int i = 0; i < actions.length; i++) {
            float noise = Math.max(-noiseClip, Math.min(noiseClip, policyNoise * eps[i]));
            actions[i] = Math.max(-1f, Math.min(1f, actions[i] + noise));
        }
    }

    /** Clipped double-Q target (eq. 10): y_i = r_i + γ (1 − d_i) min(q1_i, q2_i), into {@code out}. */
    static void clippedDoubleQTarget(float[] rewards, float[] terminated, float[] q1Next, float[] q2Next, float gamma,
                                     float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = rewards[i] + gamma * (1f - terminated[i]) * Math.min(q1Next[i], q2Next[i]);
        }
    }

    // ------------------------------------------------------------------ training

    /**
     * Trains TD3 on {@code env} (Box observations, bounded Box actions) for {@code totalTimesteps} env steps.
     *
     * @param sink receives charts/episodic_return, charts/episodic_length, charts/SPS, losses/qf1_values,
     *     losses/qf2_values, losses/qf_loss, losses/actor_loss
     */
    public static Policy train(Config cfg, Env<float[], float[]> env, long seed, long totalTimesteps, MetricsSink sink) {
        return train(cfg, env, seed, totalTimesteps, sink, Checkpoints.none());
    }

    /**
     * {@link #train(Config, Env, long, long, MetricsSink)} writing a checkpoint whenever {@code checkpoints} says one
     * is due and, when it holds one to resume from, continuing from it (the env must be made as the saved run's).
     * @throws dev.bellman.core.NonFiniteException when a loss, the gradient norm or a parameter becomes NaN or infinite
     *     after an update (checked after every update; nothing is saved after it)
     */
    public static Policy train(Config cfg, Env<float[], float[]> env, long seed, long totalTimesteps, MetricsSink sink,
                               Checkpoints checkpoints) {
        Box obsSpace = (Box) env.observationSpace();
        ActionScaler scaler = ActionScaler.of((Box) env.actionSpace());
        int obsDim = obsSpace.size(), actDim = scaler.dim();
        int[] hidden = cfg.netArch();
        Rng rng = new Rng(seed);
        Rng initRng = rng.split(), actRng = rng.split(), sampleRng = rng.split(), noiseRng = rng.split();

        Actor actor = new Actor(obsDim, actDim, hidden, initRng), actorTarget = new Actor(obsDim, actDim, hidden, initRng);
        QNetwork qf1 = new QNetwork(obsDim, actDim, hidden, initRng), qf2 = new QNetwork(obsDim, actDim, hidden, initRng);
        QNetwork qf1Target = new QNetwork(obsDim, actDim, hidden, initRng), qf2Target = new QNetwork(obsDim, actDim, hidden, initRng);
        actorTarget.copyFrom(actor);
        qf1Target.copyFrom(qf1);
        qf2Target.copyFrom(qf2);
        List<Tensor> qParams = new ArrayList<>(qf1.parameters());
        qParams.addAll(qf2.parameters());
        Adam qOptimizer = new Adam(qParams, cfg.learningRate());
        Adam actorOptimizer = new Adam(actor.parameters(), cfg.learningRate());
        FiniteGuard guard = FiniteGuard.forLearningRate("td3", cfg.learningRate());

        ReplayBuffer rb = ReplayBuffer.continuous((int) Math.min(cfg.bufferSize(), totalTimesteps), obsDim, actDim);
        int batchSize = cfg.batchSize();
        ReplayBuffer.Batch batch = rb.newBatch(batchSize);
        float gamma = (float) cfg.gamma(), tau = (float) cfg.tau();
        float[] action = new float[actDim], envAction = new float[actDim];
        float[] eps = new float[batchSize * actDim];
        float[] q1Next = new float[batchSize], q2Next = new float[batchSize], target = new float[batchSize];
        long start = System.nanoTime();
        long gradientStep = 0;
        double episodeReturn = 0, actorLossValue = Double.NaN;
        int episodeLength = 0;

        float[] obs = env.reset(seed).observation().clone();
        Supplier<ActorPolicy> trained = () -> new ActorPolicy(actor, scaler, obsDim,
                Map.of("algorithm", "td3", "net_arch", ActorPolicy.ints(hidden)));
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        long firstStep = 0;
        if (checkpoints.resumeFrom().isPresent()) { // everything was built as for a fresh run; now overwrite its state
            TrainingState.Reader r = OffPolicyState.read(checkpoints.resumeFrom().get(), "td3");
            r.loadModule("actor.", actor);
            r.loadModule("actor_target.", actorTarget);
            r.loadModule("qf1.", qf1);
            r.loadModule("qf2.", qf2);
            r.loadModule("qf1_target.", qf1Target);
            r.loadModule("qf2_target.", qf2Target);
            r.loadOptimizer("q_optimizer", qOptimizer);
            r.loadOptimizer("actor_optimizer", actorOptimizer);
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
            actorLossValue = r.getDouble("actor_loss");
            episodeReturn = r.getDouble("episode_return");
            episodeLength = (int) r.getLong("episode_length");
        }
        for (long globalStep = firstStep; globalStep < totalTimesteps; globalStep++) {
            // 0. checkpoint, between steps: every update and metric of the steps before globalStep is done
            if (checkpoints.due(globalStep)) {
                guard.optimizer(globalStep, "q_optimizer", qOptimizer);
                guard.optimizer(globalStep, "actor_optimizer", actorOptimizer);
                TrainingState.Writer w = OffPolicyState.writer("td3");
                w.putModule("actor.", actor).putModule("actor_target.", actorTarget)
                        .putModule("qf1.", qf1).putModule("qf2.", qf2)
                        .putModule("qf1_target.", qf1Target).putModule("qf2_target.", qf2Target)
                        .putOptimizer("q_optimizer", qOptimizer).putOptimizer("actor_optimizer", actorOptimizer)
                        .putRng("rng", rng).putRng("init_rng", initRng).putRng("act_rng", actRng)
                        .putRng("sample_rng", sampleRng).putRng("noise_rng", noiseRng)
                        .putEnv("env", env).put("obs", obs);
                rb.save(w, "rb.");
                w.putLong("global_step", globalStep).putLong("gradient_step", gradientStep)
                        .putDouble("actor_loss", actorLossValue).putDouble("episode_return", episodeReturn)
                        .putLong("episode_length", episodeLength);
                checkpoints.save(globalStep, dir -> w.write(dir.resolve(OffPolicyState.FILE)));
            }
            // 1. rollout: uniform random actions until learningStarts, then clip(μ(s) + N(0, σ²), −1, 1)
            if (globalStep < cfg.learningStarts()) {
                for (int i = 0; i < actDim; i++) action[i] = 2f * actRng.nextFloat() - 1f;
            } else {
                try (Tensor.Scope ignored = Tensor.noGrad()) {
                    Tensor mu = actor.forward(Tensor.of(obs, 1, obsDim));
                    for (int i = 0; i < actDim; i++) {
                        float a = mu.data()[mu.offset() + i] + (float) (cfg.explorationNoise() * actRng.nextGaussian());
                        action[i] = Math.max(-1f, Math.min(1f, a));
                    }
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

                // 3a. target: smoothed target action (eq. 14), clipped double Q (eq. 10)
                try (Tensor.Scope ignored = Tensor.noGrad()) {
                    float[] aNext = actorTarget.forward(sNext).toArray();
                    for (int i = 0; i < eps.length; i++) eps[i] = (float) noiseRng.nextGaussian();
                    smoothTargetActions(aNext, eps, (float) cfg.policyNoise(), (float) cfg.noiseClip());
                    Tensor aNextT = Tensor.of(aNext, batchSize, actDim);
                    Tensor q1n = qf1Target.q(sNext, aNextT, false), q2n = qf2Target.q(sNext, aNextT, false);
                    System.arraycopy(q1n.data(), q1n.offset(), q1Next, 0, batchSize);
                    System.arraycopy(q2n.data(), q2n.offset(), q2Next, 0, batchSize);
                    clippedDoubleQTarget(batch.rewards(), batch.terminated(), q1Next, q2Next, gamma, target);
                }
                Tensor y = Tensor.of(target, batchSize, 1);

                // 3b. critics: Σ_j mse(Q_j(s, a), y)
                Tensor q1 = qf1.q(s, a, false), q2 = qf2.q(s, a, false);
                Tensor qfLoss = Losses.mse(q1, y).add(Losses.mse(q2, y));
                qOptimizer.zeroGrad();
                qfLoss.backward();
                qOptimizer.step();
                guard.update(globalStep + 1, "qf_loss", qfLoss.item(), qf1, qf2);
                gradientStep++;

                // 3c. delayed actor and targets: J = −mean Q_1(s, μ(s)) (deterministic policy gradient)
                if (gradientStep % cfg.policyFrequency() == 0) {
                    Tensor actorLoss = qf1.q(s, actor.forward(s), true).mean().neg();
                    actorOptimizer.zeroGrad();
                    actorLoss.backward();
                    actorOptimizer.step();
                    guard.update(globalStep + 1, "actor_loss", actorLoss.item(), actor);
                    actorLossValue = actorLoss.item();
                    qf1Target.polyakFrom(qf1, tau);
                    qf2Target.polyakFrom(qf2, tau);
                    actorTarget.polyakFrom(actor, tau);
                }

                // 4. log
                if (gradientStep % 100 == 0) {
                    long t = globalStep + 1;
                    sink.record(t, "losses/qf1_values", q1.mean().item());
                    sink.record(t, "losses/qf2_values", q2.mean().item());
                    sink.record(t, "losses/qf_loss", qfLoss.item());
                    sink.record(t, "losses/actor_loss", actorLossValue);
                    sink.record(t, MetricsSink.SPS, (t - firstStep) / ((System.nanoTime() - start) / 1e9));
                }
            }
        }
        return trained.get();
    }

    /** Restores a policy saved by the policy {@link #train} returned. */
    static ActorPolicy load(Path directory) throws IOException {
        SafeTensors.Contents c = ActorPolicy.read(directory, "td3");
        Map<String, String> m = c.metadata();
        int obsDim = Integer.parseInt(m.get("obs_dim")), actDim = Integer.parseInt(m.get("act_dim"));
        int[] hidden = ActorPolicy.parseInts(m.get("net_arch"));
        Actor actor = new Actor(obsDim, actDim, hidden, new Rng(0));
        actor.load(directory.resolve(ActorPolicy.FILE));
        return new ActorPolicy(actor, ActorPolicy.scaler(m), obsDim, Map.of("algorithm", "td3", "net_arch", ActorPolicy.ints(hidden)));
    }
}
