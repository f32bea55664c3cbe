package dev.bellman.algorithms.pg;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainingState;
import dev.bellman.core.returns.Returns;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.optim.GradClip;
import dev.bellman.optim.Optimizer;
import dev.bellman.optim.RmsProp;
import dev.bellman.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Synchronous advantage actor-critic, A2C: the synchronous, batched variant of A3C (Mnih et al. 2016,
 * "Asynchronous Methods for Deep Reinforcement Learning", algorithm S3) that OpenAI Baselines introduced, with
 * {@code numEnvs} copies stepped together for {@code numSteps} steps per update.
 *
 * <pre>
 *   Â_t = GAE(γ, λ)  (λ = 1: the n-step advantage  Σ_{k=t}^{T−1} γ^{k−t} r_k + γ^{T−t} V(s_T) − V(s_t);
 *                     λ = 0: the one-step TD error  r_t + γ V(s_{t+1}) − V(s_t))
 *   R_t = Â_t + V(s_t)
 *   L = −mean[ log π(a_t|s_t) · Â_t ] − c_H · mean H[π(·|s_t)] + c_V · mean (V(s_t) − R_t)²
 * </pre>
 * One gradient step of {@code L} per rollout, RMSprop (α 0.99, ε 1e-5, PyTorch semantics) or Adam, gradient-norm
 * clip {@code maxGradNorm}.
 *
 * <p>Details follow Stable-Baselines3's {@code A2C} (defaults: lr 7e-4, 5 steps, γ 0.99, λ 1, c_V 0.5, c_H 0,
 * clip 0.5, RMSprop, separate 64×64 tanh actor and critic with orthogonal init, no advantage normalisation) and the
 * RL Zoo's {@code a2c.yml} (CartPole-v1: 8 envs; Acrobot-v1: 16 envs).
 *
 * <p>Symbols: {@code gamma} = γ, {@code gaeLambda} = λ, {@code entCoef} = c_H, {@code vfCoef} = c_V,
 * {@code advantages} = Â, {@code returns} = R.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>{@code sharedNetwork}: actor and critic share the tanh trunk (policy and value heads on the same features,
 *       Mnih et al.'s architecture); otherwise two networks, as SB3's current {@code MlpPolicy}.</li>
 *   <li>Advantages via the shared {@link Returns#gaeSameStep}: a terminated episode bootstraps nothing, a truncated
 *       one bootstraps V(final observation).</li>
 * </ol>
 * <p><b>Checkpoints: what is saved</b> (after an update, when one is {@link Checkpoints#due}): actor and critic
 * parameters, the optimizer's state (RMSprop square averages or Adam moments and step count), the action generator,
 * every env copy (state, random stream, running episode statistics), the observations the next rollout starts from,
 * the global step and the next update's index (which sets the annealed learning rate). The rollout arrays are
 * rewritten by every collect, so they are not saved. Only {@code a2c} with the same config resumes it
 * ({@code run.txt}).
 * <p><b>Deviations</b>
 * <ol>
 *   <li>No observation normalisation ({@code VecNormalize}), which RL Zoo uses for Acrobot-v1.</li>
 *   <li>Continuous actions use a state-independent log-std (SB3's default without gSDE); gSDE is not implemented.</li>
 * </ol>
 */
public final class A2c {

    private A2c() {}

    /**
     * A2C's hyperparameters.
     *
     * @param envId the registered env id
     * @param seed the run's seed
     * @param totalTimesteps environment steps to train for
     * @param envKwargs keyword arguments for {@code Envs.make}
     * @param learningRate the optimizer's step size
     * @param numEnvs parallel env copies
     * @param numSteps steps per copy per update
     * @param gamma the discount factor γ
     * @param gaeLambda GAE's λ (1: n-step returns)
     * @param entCoef the entropy coefficient c_H
     * @param vfCoef the value-loss coefficient c_V
     * @param maxGradNorm the gradient-norm clip
     * @param useRmsProp RMSprop (true, SB3's default) or Adam
     * @param rmsPropEps ε of RMSprop (or of Adam)
     * @param normalizeAdvantage whether to normalise advantages over the batch
     * @param sharedNetwork whether actor and critic share their hidden layers
     * @param annealLr whether to decay the learning rate linearly to 0
     * @param initLogStd initial log-std of a Gaussian policy
     */
    public record Config(String envId, long seed, long totalTimesteps, Map<String, Object> envKwargs,
                         double learningRate, int numEnvs, int numSteps, double gamma, double gaeLambda, double entCoef,
                         double vfCoef, double maxGradNorm, boolean useRmsProp, double rmsPropEps,
                         boolean normalizeAdvantage, boolean sharedNetwork, boolean annealLr, double initLogStd) {
        public Config {
            Objects.requireNonNull(envId, "envId");
            envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
            if (numSteps <= 0) throw new IllegalArgumentException("numSteps must be positive but was " + numSteps);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("gaeLambda must be in [0, 1] but was " + gaeLambda);
            if (!(entCoef >= 0)) throw new IllegalArgumentException("entCoef must be non-negative but was " + entCoef);
            if (!(vfCoef >= 0)) throw new IllegalArgumentException("vfCoef must be non-negative but was " + vfCoef);
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be positive but was " + maxGradNorm);
            if (!(rmsPropEps > 0)) throw new IllegalArgumentException("rmsPropEps must be positive but was " + rmsPropEps);
            if (!Double.isFinite(initLogStd)) throw new IllegalArgumentException("initLogStd must be finite but was " + initLogStd);
        }

        /** SB3's A2C defaults for {@code envId}, with 8 env copies (the RL Zoo's CartPole-v1 value; SB3 itself steps the envs it is given). */
        public static Config defaults(String envId) {
            return new Config(envId, 1, 500_000, Map.of(), 7e-4, 8, 5, 0.99, 1.0, 0.0, 0.5, 0.5, true, 1e-5, false,
                    false, false, 0.0);
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
            int obsSize = envs.observationSize();
            PolicyNet actor = new PolicyNet(obsSize, spec.discrete(), spec.size(), HIDDEN, c.sharedNetwork(),
                    (float) c.initLogStd(), rng.split());
            Module critic = c.sharedNetwork() ? null : Mlp.builder(obsSize, HIDDEN[0], HIDDEN[1], 1)
                    .activation(Activation::tanh).init(LayerInit.orthogonal(Math.sqrt(2), 0))
                    .outputInit(LayerInit.orthogonal(1, 0)).build(rng.split());
            Function<Tensor, Tensor> valueFn = critic == null
                    ? o -> actor.value(actor.features(o))
                    : o -> critic.forward(o).reshape(o.dim(0));
            List<Tensor> params = new ArrayList<>(actor.parameters());
            if (critic != null) params.addAll(critic.parameters());
            Optimizer optimizer = c.useRmsProp()
                    ? new RmsProp(params, new RmsProp.Config(c.learningRate(), 0.99, c.rmsPropEps(), 0, 0, false))
                    : new Adam(params, Adam.Config.defaults(c.learningRate()).withEps(c.rmsPropEps()));
            FiniteGuard guard = FiniteGuard.forLearningRate("a2c", c.learningRate());
            Rng actionRng = rng.split();
            Rollout ro = new Rollout(c.numSteps(), c.numEnvs(), obsSize, spec);
            int batch = ro.batchSize();
            float[][] advantages = new float[c.numSteps()][c.numEnvs()], returns = new float[c.numSteps()][c.numEnvs()];
            ro.reset(envs, c.seed());
            long numUpdates = Math.ceilDiv(c.totalTimesteps(), (long) batch);
            long globalStep = 0;
            long firstUpdate = 0;
            Supplier<NetworkPolicy> trained = () -> new NetworkPolicy(actor, spec, "a2c");
            checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
            if (checkpoints.resumeFrom().isPresent()) {
                // everything above was built as for a fresh run; now overwrite what the run has changed since
                TrainingState.Reader s = RunCheckpoint.load(checkpoints.resumeFrom().get(), "a2c", c);
                s.loadModule("actor.", actor);
                if (critic != null) s.loadModule("critic.", critic);
                s.loadOptimizer("optimizer", optimizer);
                s.loadRng("action_rng", actionRng);
                s.loadEnvs("envs", envs);
                s.floatsInto("next_obs", ro.nextObs);
                globalStep = s.getLong("global_step");
                firstUpdate = s.getLong("next_update");
            }
            long start = System.nanoTime();

            for (long update = firstUpdate; update < numUpdates; update++) {
                if (c.annealLr()) optimizer.setLearningRate(c.learningRate() * (1.0 - (double) update / numUpdates));

                // 1. rollout
                globalStep = ro.collect(envs, actor, valueFn, actionRng, globalStep, sink);

                // 2. advantages: GAE (Schulman et al. 2016, eq. 16); λ = 1 gives the n-step advantage of A3C
                Returns.gaeSameStep(ro.rewards, ro.values, ro.lastValues, ro.finalValues, ro.terminated, ro.truncated,
                        (float) c.gamma(), (float) c.gaeLambda(), advantages, returns);
                float[] adv = Rollout.flat(advantages);
                if (c.normalizeAdvantage()) Reinforce.normalize(adv);

                // 3. update: L = −mean(log π(a|s) Â) − c_H mean H + c_V mean (V − R)²
                Tensor obsT = Tensor.of(ro.obs, batch, obsSize);
                Tensor features = actor.features(obsT);
                PolicyNet.Pi pi = actor.head(features);
                Tensor values = critic == null ? actor.value(features) : critic.forward(obsT).reshape(batch);
                Tensor pgLoss = pi.logProb(ro.actions).mul(Tensor.of(adv, batch)).mean().neg();
                Tensor valueLoss = values.sub(Tensor.of(Rollout.flat(returns), batch)).square().mean();
                Tensor entropy = pi.entropy().mean();
                Tensor loss = pgLoss.sub(entropy.mul((float) c.entCoef())).add(valueLoss.mul((float) c.vfCoef()));
                optimizer.zeroGrad();
                loss.backward();
                float gradNorm = GradClip.clipGradNorm(params, (float) c.maxGradNorm());
                optimizer.step();
                guard.update(globalStep, "loss", loss.item(), gradNorm, actor, critic);

                // 4. log
                if (update % 10 == 0 || update == numUpdates - 1) {
                    sink.record(globalStep, "losses/policy_loss", pgLoss.item());
                    sink.record(globalStep, "losses/value_loss", valueLoss.item());
                    sink.record(globalStep, "losses/entropy", entropy.item());
                    sink.record(globalStep, MetricsSink.LEARNING_RATE, optimizer.learningRate());
                    sink.record(globalStep, MetricsSink.SPS, globalStep / ((System.nanoTime() - start) / 1e9));
                }

                // 5. checkpoint, between updates (the rollout arrays are all rewritten by the next collect)
                if (update + 1 < numUpdates && checkpoints.due(globalStep)) {
                    guard.optimizer(globalStep, "optimizer", optimizer);
                    TrainingState.Writer w = new TrainingState.Writer().putModule("actor.", actor);
                    if (critic != null) w.putModule("critic.", critic);
                    RunCheckpoint.save(checkpoints, globalStep, "a2c", c, w.putOptimizer("optimizer", optimizer)
                            .putRng("action_rng", actionRng).putEnvs("envs", envs).put("next_obs", ro.nextObs)
                            .putLong("global_step", globalStep).putLong("next_update", update + 1));
                }
            }
            return trained.get();
        }
    }
}
