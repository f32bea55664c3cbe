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
 * Deep Deterministic Policy Gradient (Lillicrap et al. 2016, "Continuous control with deep
 * reinforcement learning", ICLR; Silver et al. 2014 for the deterministic policy gradient): DQN for
 * continuous actions — a deterministic actor, a Q critic, replay and slowly tracking target networks.
 *
 * <p>Equations implemented (policy actions in {@code [−1, 1]^D}, rescaled by {@link ActionScaler}):
 * <pre>
 *   exploration:  a = clip(μ_φ(s) + N(0, σ_explore²), −1, 1)
 *   target:       y = r + γ (1 − d) Q_θ̄(s', μ_φ̄(s'))                                  (Algorithm 1)
 *   critic:       J(θ) = E[(Q_θ(s, a) − y)²]
 *   actor:        ∇_φ J ≈ E[∇_a Q_θ(s, a)|_{a=μ_φ(s)} ∇_φ μ_φ(s)]                         (eq. 6)
 *   targets:      θ̄ ← τ θ + (1 − τ) θ̄,  φ̄ ← τ φ + (1 − τ) φ̄
 * </pre>
 *
 * <p>Follows Stable-Baselines3's {@code DDPG} (TD3 with one critic, no target smoothing and an actor
 * step every gradient step; uniform random actions before {@code learningStarts}; noise in policy
 * units) and CleanRL's {@code ddpg_continuous_action.py} for the loop's shape.
 *
 * <p>Symbols: {@code explorationNoise} = σ_explore, {@code tau} = τ, {@code actor/actorTarget} = μ_φ/μ_φ̄,
 * {@code qf1/qf1Target} = Q_θ/Q_θ̄.
 *
 * <h2>Implementation notes</h2>
 * The actor step backpropagates through the critic with its parameters detached, so only ∇_a Q reaches
 * the actor and no critic weight gradient is computed.
 * <p>Checkpoints: what is saved ({@link #train(Config, Env, long, long, MetricsSink, Checkpoints)}, between env
 * steps, after the previous step's gradient step): actor, critic and both targets; both Adam states; every
 * {@link Rng} (root, init, exploration, sampling); the env's wrapper chain; the current observation; the replay
 * contents, position and size; the global and gradient step counters, the last actor loss (logged with the
 * critic's) and the running episode's return and length. Tagged {@code ddpg}.
 * <p>Deviations:
 * <ol>
 *   <li>Gaussian exploration noise only, σ 0.1 by default (the paper used Ornstein-Uhlenbeck noise; CleanRL's
 *       default and the RL Zoo's tuned entries use Gaussian σ 0.1, which Fujimoto et al. 2018 found as good;
 *       SB3's own default is no action noise).</li>
 *   <li>No batch normalisation, no L2 critic weight decay, no 1e-4/1e-3 learning-rate split and no final-layer
 *       uniform(±3e-3) init of the paper: SB3's defaults (one lr 1e-3, PyTorch's default init, 400-300).</li>
 *   <li>The replay buffer holds {@code min(bufferSize, totalTimesteps)} transitions.</li>
 * </ol>
 */
public final class Ddpg {
    private Ddpg() {}

    /**
     * DDPG's hyperparameters (defaults: Stable-Baselines3's, except {@code explorationNoise} 0.1, the RL Zoo's and
     * CleanRL's value: SB3's default is no action noise).
     *
     * @param learningRate     Adam step size of the actor and the critic
     * @param bufferSize       replay capacity in transitions
     * @param gamma            discount factor γ
     * @param tau              target smoothing coefficient τ
     * @param batchSize        transitions per gradient step
     * @param learningStarts   env steps of uniform random actions before learning starts
     * @param trainFrequency   env steps between training phases
     * @param gradientSteps    gradient steps per training phase
     * @param explorationNoise std of the Gaussian exploration noise (policy units)
     * @param netArch          hidden layer sizes of the actor and of the critic
     */
    public record Config(double learningRate, int bufferSize, double gamma, double tau, int batchSize,
                         int learningStarts, int trainFrequency, int gradientSteps, double explorationNoise,
                         int[] netArch) {
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
            netArch = NetArch.check(netArch);
        }

        /** Stable-Baselines3's defaults, with the RL Zoo's Gaussian exploration noise σ 0.1 (SB3 has none). */
        public static Config defaults() {
            return new Config(1e-3, 1_000_000, 0.99, 0.005, 256, 100, 1, 1, 0.1, new int[]{400, 300});
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

    /** DDPG's TD target (Lillicrap et al. 2016, Algorithm 1): y_i = r_i + γ (1 − d_i) q'_i, into {@code out}. */
    static void tdTarget(float[] rewards, float[] terminated, float[] qNext, float gamma, float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = rewards[i] + gamma * (1f - terminated[i]) * qNext[i];
    }

    // ------------------------------------------------------------------ training

    /**
     * Trains DDPG on {@code env} (Box observations, bounded Box actions) for {@code totalTimesteps} env steps.
     *
     * @param sink receives charts/episodic_return, charts/episodic_length, charts/SPS, losses/qf1_values,
     *     losses/qf_loss, losses/actor_loss
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
        Rng initRng = rng.split(), actRng = rng.split(), sampleRng = rng.split();

        Actor actor = new Actor(obsDim, actDim, hidden, initRng), actorTarget = new Actor(obsDim, actDim, hidden, initRng);
        QNetwork qf1 = new QNetwork(obsDim, actDim, hidden, initRng), qf1Target = new QNetwork(obsDim, actDim, hidden, initRng);
        actorTarget.copyFrom(actor);
        qf1Target.copyFrom(qf1);
        Adam qOptimizer = new Adam(qf1.parameters(), cfg.learningRate());
        Adam actorOptimizer = new Adam(actor.parameters(), cfg.learningRate());
        FiniteGuard guard = FiniteGuard.forLearningRate("ddpg", cfg.learningRate());

        ReplayBuffer rb = ReplayBuffer.continuous((int) Math.min(cfg.bufferSize(), totalTimesteps), obsDim, actDim);
        int batchSize = cfg.batchSize();
        ReplayBuffer.Batch batch = rb.newBatch(batchSize);
        float gamma = (float) cfg.gamma(), tau = (float) cfg.tau();
        float[] action = new float[actDim], envAction = new float[actDim];
        float[] qNext = new float[batchSize], target = new float[batchSize];
        long start = System.nanoTime();
        long gradientStep = 0;
        double episodeReturn = 0, actorLossValue = Double.NaN;
        int episodeLength = 0;

        float[] obs = env.reset(seed).observation().clone();
        Supplier<ActorPolicy> trained = () -> new ActorPolicy(actor, scaler, obsDim,
                Map.of("algorithm", "ddpg", "net_arch", ActorPolicy.ints(hidden)));
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        long firstStep = 0;
        if (checkpoints.resumeFrom().isPresent()) { // everything was built as for a fresh run; now overwrite its state
            TrainingState.Reader r = OffPolicyState.read(checkpoints.resumeFrom().get(), "ddpg");
            r.loadModule("actor.", actor);
            r.loadModule("actor_target.", actorTarget);
            r.loadModule("qf1.", qf1);
            r.loadModule("qf1_target.", qf1Target);
            r.loadOptimizer("q_optimizer", qOptimizer);
            r.loadOptimizer("actor_optimizer", actorOptimizer);
            r.loadRng("rng", rng);
            r.loadRng("init_rng", initRng);
            r.loadRng("act_rng", actRng);
            r.loadRng("sample_rng", sampleRng);
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
                TrainingState.Writer w = OffPolicyState.writer("ddpg");
                w.putModule("actor.", actor).putModule("actor_target.", actorTarget)
                        .putModule("qf1.", qf1).putModule("qf1_target.", qf1Target)
                        .putOptimizer("q_optimizer", qOptimizer).putOptimizer("actor_optimizer", actorOptimizer)
                        .putRng("rng", rng).putRng("init_rng", initRng).putRng("act_rng", actRng).putRng("sample_rng", sampleRng)
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

                // 3a. target: y = r + γ (1 − d) Q̄(s', μ̄(s'))
                try (Tensor.Scope ignored = Tensor.noGrad()) {
                    Tensor qn = qf1Target.q(sNext, actorTarget.forward(sNext), false);
                    System.arraycopy(qn.data(), qn.offset(), qNext, 0, batchSize);
                    tdTarget(batch.rewards(), batch.terminated(), qNext, gamma, target);
                }
                Tensor y = Tensor.of(target, batchSize, 1);

                // 3b. critic: mse(Q(s, a), y)
                Tensor q1 = qf1.q(s, a, false);
                Tensor qfLoss = Losses.mse(q1, y);
                qOptimizer.zeroGrad();
                qfLoss.backward();
                qOptimizer.step();
                guard.update(globalStep + 1, "qf_loss", qfLoss.item(), qf1);
                gradientStep++;

                // 3c. actor (deterministic policy gradient through the frozen critic): J = −mean Q(s, μ(s))
                Tensor actorLoss = qf1.q(s, actor.forward(s), true).mean().neg();
                actorOptimizer.zeroGrad();
                actorLoss.backward();
                actorOptimizer.step();
                guard.update(globalStep + 1, "actor_loss", actorLoss.item(), actor);
                actorLossValue = actorLoss.item();

                // 3d. targets: θ̄ ← τ θ + (1 − τ) θ̄, φ̄ ← τ φ + (1 − τ) φ̄
                qf1Target.polyakFrom(qf1, tau);
                actorTarget.polyakFrom(actor, tau);

                // 4. log
                if (gradientStep % 100 == 0) {
                    long t = globalStep + 1;
                    sink.record(t, "losses/qf1_values", q1.mean().item());
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
        SafeTensors.Contents c = ActorPolicy.read(directory, "ddpg");
        Map<String, String> m = c.metadata();
        int obsDim = Integer.parseInt(m.get("obs_dim")), actDim = Integer.parseInt(m.get("act_dim"));
        int[] hidden = ActorPolicy.parseInts(m.get("net_arch"));
        Actor actor = new Actor(obsDim, actDim, hidden, new Rng(0));
        actor.load(directory.resolve(ActorPolicy.FILE));
        return new ActorPolicy(actor, ActorPolicy.scaler(m), obsDim, Map.of("algorithm", "ddpg", "net_arch", ActorPolicy.ints(hidden)));
    }
}
