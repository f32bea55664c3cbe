package dev.bellman.algorithms.pg;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.RunCheckpoint;
import dev.bellman.core.TrainingState;
import dev.bellman.core.returns.Returns;
import dev.bellman.distributions.DiagGaussian;
import dev.bellman.distributions.FisherVectorProduct;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Autodiff;
import dev.bellman.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Trust Region Policy Optimization (Schulman et al. 2015, "Trust Region Policy Optimization"), the practical
 * algorithm of its section 6 with the single-path estimator and GAE(λ) advantages (Schulman et al. 2016).
 *
 * <pre>
 *   maximise  L(θ) = mean_t[ π_θ(a_t|s_t) / π_old(a_t|s_t) · Â_t ]   subject to   mean_t KL(π_old(·|s_t) ‖ π_θ(·|s_t)) ≤ δ
 *   g = ∇_θ L(θ_old);   F = ∇²_θ mean KL at θ_old (the Fisher matrix; exact products, {@link FisherVectorProduct})
 *   s ≈ (F + λI)⁻¹ g   by conjugate gradient ({@link ConjugateGradient}, appendix C)
 *   β = √(2δ / sᵀ(F + λI)s)                       (the largest step with quadratic KL = δ)
 *   θ = θ_old + αʲ β s,  j = 0, 1, ...           accept the first with mean KL ≤ δ and L(θ) > L(θ_old)
 * </pre>
 * If no step is accepted the policy stays at θ_old. The value function is fitted separately: {@code nCriticUpdates}
 * epochs of Adam on shuffled minibatches of {@code (V(s_t) − R_t)²}, R_t = Â_t + V(s_t) the GAE returns.
 *
 * <p>Details follow SB3-contrib's {@code TRPO} (its defaults: CG 15 steps, damping 0.1, shrink 0.8, 10 line-search
 * steps, 10 critic epochs, advantage normalisation, separate 64×64 tanh actor and critic) and RL Zoo's tuned
 * {@code trpo.yml}.
 *
 * <p>Symbols: {@code targetKl} = δ, {@code cgDamping} = λ, {@code lineSearchShrinkingFactor} = α,
 * {@code stepDir} = s, {@code stepSize} = β, {@code gaeLambda} = λ of GAE.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>The Fisher-vector product is exact (forward-mode Jacobian product, analytic Fisher of the distribution,
 *       reverse-mode back), evaluated on the whole batch (SB3-contrib's {@code sub_sampling_factor = 1}).</li>
 *   <li>The acceptance test uses the KL and surrogate measured at the candidate parameters, not the quadratic
 *       model; every accepted update therefore satisfies the constraint as measured on the batch (in float32), and the
 *       logged {@code losses/approx_kl} is that measured KL. π_old is a snapshot ({@link #oldPolicy}): the
 *       candidates are written into the live parameters, the Gaussian log-std among them.</li>
 * </ol>
 * <p><b>Checkpoints: what is saved</b> (after an update, when one is {@link Checkpoints#due}): actor and critic
 * parameters, the critic's Adam moments and step count, the action and minibatch-shuffle generators, every env copy
 * (state, random stream, running episode statistics), the observations the next rollout starts from, and the global
 * step. Nothing else crosses an update (the rollout arrays are rewritten by every collect). Only {@code trpo} with
 * the same config resumes it ({@code run.txt}).
 * <p><b>Deviations</b>
 * <ol>
 *   <li>Truncated episodes bootstrap V(final observation) (shared {@link Returns#gaeSameStep}); SB3 does the same
 *       through its {@code terminal_observation} handling.</li>
 *   <li>No observation normalisation ({@code VecNormalize}), which RL Zoo uses for Acrobot.</li>
 * </ol>
 */
public final class Trpo {

    private Trpo() {}

    /**
     * TRPO's hyperparameters.
     *
     * @param envId the registered env id
     * @param seed the run's seed
     * @param totalTimesteps environment steps to train for
     * @param envKwargs keyword arguments for {@code Envs.make}
     * @param learningRate the critic's Adam step size
     * @param numEnvs parallel env copies
     * @param numSteps steps per copy per rollout
     * @param batchSize critic minibatch size
     * @param gamma the discount factor
     * @param gaeLambda GAE's λ
     * @param targetKl the trust-region radius δ (maximum mean KL of an accepted step)
     * @param cgMaxSteps conjugate-gradient iterations
     * @param cgDamping damping λ added to the Fisher matrix
     * @param lineSearchShrinkingFactor step shrink factor α of the backtracking line search
     * @param lineSearchMaxIter candidate steps tried at most
     * @param nCriticUpdates critic epochs per rollout
     * @param normalizeAdvantage whether to normalise advantages over the batch
     * @param initLogStd initial log-std of a Gaussian policy
     */
    public record Config(String envId, long seed, long totalTimesteps, Map<String, Object> envKwargs,
                         double learningRate, int numEnvs, int numSteps, int batchSize, double gamma, double gaeLambda,
                         double targetKl, int cgMaxSteps, double cgDamping, double lineSearchShrinkingFactor,
                         int lineSearchMaxIter, int nCriticUpdates, boolean normalizeAdvantage, double initLogStd) {
        public Config {
            Objects.requireNonNull(envId, "envId");
            envKwargs = envKwargs == null ? Map.of() : Map.copyOf(envKwargs);
            if (totalTimesteps <= 0) throw new IllegalArgumentException("totalTimesteps must be positive but was " + totalTimesteps);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
            if (numSteps <= 0) throw new IllegalArgumentException("numSteps must be positive but was " + numSteps);
            if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive but was " + batchSize);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
            if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("gaeLambda must be in [0, 1] but was " + gaeLambda);
            if (!(targetKl > 0)) throw new IllegalArgumentException("targetKl must be positive but was " + targetKl);
            if (cgMaxSteps <= 0) throw new IllegalArgumentException("cgMaxSteps must be positive but was " + cgMaxSteps);
            if (!(cgDamping >= 0)) throw new IllegalArgumentException("cgDamping must be non-negative but was " + cgDamping);
            if (!(lineSearchShrinkingFactor > 0 && lineSearchShrinkingFactor < 1)) {
                throw new IllegalArgumentException("lineSearchShrinkingFactor must be in (0, 1) but was " + lineSearchShrinkingFactor);
            }
            if (lineSearchMaxIter <= 0) throw new IllegalArgumentException("lineSearchMaxIter must be positive but was " + lineSearchMaxIter);
            if (nCriticUpdates <= 0) throw new IllegalArgumentException("nCriticUpdates must be positive but was " + nCriticUpdates);
            if (!Double.isFinite(initLogStd)) throw new IllegalArgumentException("initLogStd must be finite but was " + initLogStd);
        }

        /** SB3-contrib's defaults for {@code envId}. */
        public static Config defaults(String envId) {
            return new Config(envId, 1, 1_000_000, Map.of(), 1e-3, 1, 2048, 128, 0.99, 0.95, 0.01, 15, 0.1, 0.8, 10,
                    10, true, 0.0);
        }
    }

    private static final int[] HIDDEN = {64, 64};

    /** Trains a policy; metrics (CleanRL keys plus {@code losses/approx_kl} of each accepted step) go to {@code sink}. */
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
            PolicyNet actor = new PolicyNet(obsSize, spec.discrete(), spec.size(), HIDDEN, false, (float) c.initLogStd(), rng.split());
            Module critic = Mlp.builder(obsSize, HIDDEN[0], HIDDEN[1], 1).activation(Activation::tanh)
                    .init(LayerInit.orthogonal(Math.sqrt(2), 0)).outputInit(LayerInit.orthogonal(1, 0)).build(rng.split());
            Adam criticOptimizer = new Adam(critic.parameters(), Adam.Config.defaults(c.learningRate()));
            List<Tensor> policyParams = actor.parameters();
            FiniteGuard guard = FiniteGuard.forLearningRate("trpo", c.learningRate());
            Rng actionRng = rng.split(), shuffleRng = rng.split();
            Rollout ro = new Rollout(c.numSteps(), c.numEnvs(), obsSize, spec);
            int batch = ro.batchSize();
            float[][] advantages = new float[c.numSteps()][c.numEnvs()], returns = new float[c.numSteps()][c.numEnvs()];
            ro.reset(envs, c.seed());
            long globalStep = 0;
            Supplier<NetworkPolicy> trained = () -> new NetworkPolicy(actor, spec, "trpo");
            checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
            if (checkpoints.resumeFrom().isPresent()) {
                // everything above was built as for a fresh run; now overwrite what the run has changed since
                TrainingState.Reader s = RunCheckpoint.load(checkpoints.resumeFrom().get(), "trpo", c);
                s.loadModule("actor.", actor);
                s.loadModule("critic.", critic);
                s.loadOptimizer("critic_optimizer", criticOptimizer);
                s.loadRng("action_rng", actionRng);
                s.loadRng("shuffle_rng", shuffleRng);
                s.loadEnvs("envs", envs);
                s.floatsInto("next_obs", ro.nextObs);
                globalStep = s.getLong("global_step");
            }
            long start = System.nanoTime();

            while (globalStep < c.totalTimesteps()) {
                // 1. rollout
                globalStep = ro.collect(envs, actor, o -> critic.forward(o).reshape(o.dim(0)), actionRng, globalStep, sink);

                // 2. advantages: GAE (Schulman et al. 2016, eq. 16) via the shared block
                Returns.gaeSameStep(ro.rewards, ro.values, ro.lastValues, ro.finalValues, ro.terminated, ro.truncated,
                        (float) c.gamma(), (float) c.gaeLambda(), advantages, returns);
                float[] adv = Rollout.flat(advantages), ret = Rollout.flat(returns);
                if (c.normalizeAdvantage()) Reinforce.normalize(adv);
                Tensor obsT = Tensor.of(ro.obs, batch, obsSize);
                Tensor advT = Tensor.of(adv, batch);

                // 3a. policy update: natural gradient step inside the KL trust region
                PolicyNet.Pi old = oldPolicy(actor, obsT);
                Tensor oldLogProb;
                try (var g = Tensor.noGrad()) {
                    oldLogProb = old.logProb(ro.actions);
                }
                // surrogate L(θ) = mean(exp(log π_θ − log π_old) · Â) and its gradient g at θ_old
                Tensor surrogate = actor.pi(obsT).logProb(ro.actions).sub(oldLogProb).exp().mul(advT).mean();
                actor.zeroGrad();
                surrogate.backward();
                float[] grad = Autodiff.flatGrad(policyParams);
                actor.zeroGrad();
                double oldSurrogate = surrogate.item();
                FisherVectorProduct fvp = spec.discrete()
                        ? FisherVectorProduct.categorical(policyParams, () -> actor.pi(obsT).categorical, (float) c.cgDamping())
                        : FisherVectorProduct.diagGaussian(policyParams, () -> actor.pi(obsT).gaussian, (float) c.cgDamping());
                // s ≈ (F + λI)⁻¹ g (appendix C)
                float[] stepDir = ConjugateGradient.solve(fvp::apply, grad, c.cgMaxSteps(), 1e-10);
                double sFs = ConjugateGradient.dot(stepDir, fvp.apply(stepDir));
                // β = sqrt(2δ / sᵀFs): the quadratic model of the KL reaches δ at θ_old + β s
                double stepSize = sFs > 0 ? Math.sqrt(2 * c.targetKl() / sFs) : 0;
                float[] thetaOld = Params.flatten(policyParams);
                LineSearch ls = lineSearch(thetaOld, stepDir, stepSize, oldSurrogate, c.targetKl(),
                        c.lineSearchShrinkingFactor(), c.lineSearchMaxIter(),
                        candidate(actor, policyParams, obsT, ro.actions, oldLogProb, advT, old));
                Params.assign(policyParams, ls.accepted ? ls.theta : thetaOld);

                // 3b. critic: nCriticUpdates epochs of minibatch regression on the GAE returns
                double valueLoss = 0;
                int[] perm = new int[batch];
                for (int i = 0; i < batch; i++) perm[i] = i;
                for (int epoch = 0; epoch < c.nCriticUpdates(); epoch++) {
                    shuffleRng.shuffle(perm);
                    for (int s = 0; s < batch; s += c.batchSize()) {
                        int e = Math.min(batch, s + c.batchSize());
                        int[] mb = java.util.Arrays.copyOfRange(perm, s, e);
                        Tensor v = critic.forward(obsT.indexSelect(0, mb)).reshape(mb.length);
                        Tensor target = Tensor.of(gather(ret, mb), mb.length);
                        Tensor loss = v.sub(target).square().mean();
                        criticOptimizer.zeroGrad();
                        loss.backward();
                        criticOptimizer.step();
                        guard.update(globalStep, "value_loss", loss.item(), critic);
                        valueLoss = loss.item();
                    }
                }

                guard.check(globalStep, "policy_objective", oldSurrogate);
                guard.parameters(globalStep, actor);

                // 4. log
                if (ls.accepted) {
                    sink.record(globalStep, "losses/approx_kl", ls.kl);
                    sink.record(globalStep, "losses/policy_objective", ls.surrogate);
                }
                sink.record(globalStep, "losses/is_line_search_success", ls.accepted ? 1 : 0);
                sink.record(globalStep, "losses/line_search_steps", ls.steps);
                sink.record(globalStep, "losses/value_loss", valueLoss);
                sink.record(globalStep, MetricsSink.LEARNING_RATE, criticOptimizer.learningRate());
                sink.record(globalStep, MetricsSink.SPS, globalStep / ((System.nanoTime() - start) / 1e9));

                // 5. checkpoint, between updates (the rollout arrays are all rewritten by the next collect)
                if (globalStep < c.totalTimesteps() && checkpoints.due(globalStep)) {
                    guard.optimizer(globalStep, "critic_optimizer", criticOptimizer);
                    RunCheckpoint.save(checkpoints, globalStep, "trpo", c, new TrainingState.Writer()
                            .putModule("actor.", actor).putModule("critic.", critic)
                            .putOptimizer("critic_optimizer", criticOptimizer).putRng("action_rng", actionRng)
                            .putRng("shuffle_rng", shuffleRng).putEnvs("envs", envs).put("next_obs", ro.nextObs)
                            .putLong("global_step", globalStep));
                }
            }
            return trained.get();
        }
    }

    /**
     * π_old at {@code obs}, detached from the live parameters: the line search writes each candidate θ into the
     * actor's storage in place, so a Gaussian's log-std (a parameter, not an op output) is copied here; otherwise
     * KL(π_old ‖ π_θ) would compare the candidate's log-std with itself and see only the mean's change.
     */
    static PolicyNet.Pi oldPolicy(PolicyNet actor, Tensor obs) {
        try (var g = Tensor.noGrad()) {
            PolicyNet.Pi pi = actor.pi(obs);
            if (pi.gaussian == null) return pi; // logits are a fresh op output
            return new PolicyNet.Pi(null, new DiagGaussian(pi.gaussian.mean(), pi.gaussian.logStd().copy()));
        }
    }

    /**
     * The line search's evaluation: writes θ into {@code params} and measures (L(θ), mean KL(π_old ‖ π_θ)) on the
     * batch; {@code old} must come from {@link #oldPolicy}.
     */
    static Candidate candidate(PolicyNet actor, List<Tensor> params, Tensor obs, float[] actions, Tensor oldLogProb,
                               Tensor adv, PolicyNet.Pi old) {
        return theta -> {
            Params.assign(params, theta);
            try (var g = Tensor.noGrad()) {
                PolicyNet.Pi pi = actor.pi(obs);
                double sur = pi.logProb(actions).sub(oldLogProb).exp().mul(adv).mean().item();
                double kl = pi.klFrom(old).mean().item();
                return new double[]{sur, kl};
            }
        };
    }

    /** The outcome of {@link #lineSearch}: the accepted parameters (or null), their surrogate and KL, steps tried. */
    record LineSearch(boolean accepted, float[] theta, double surrogate, double kl, int steps) {}

    /** Evaluates (surrogate L(θ), mean KL(π_old ‖ π_θ)) at candidate parameters. */
    @FunctionalInterface
    interface Candidate {
        double[] evaluate(float[] theta);
    }

    /**
     * Backtracking line search of TRPO (Schulman et al. 2015, appendix C): tries {@code θ_old + αʲ β s} for
     * {@code j = 0 .. maxIter−1} and accepts the first with {@code KL ≤ maxKl} and {@code L > L(θ_old)}.
     */
    static LineSearch lineSearch(float[] thetaOld, float[] stepDir, double stepSize, double oldSurrogate, double maxKl,
                                 double shrink, int maxIter, Candidate candidate) {
        double coef = stepSize;
        float[] theta = new float[thetaOld.length];
        for (int j = 0; j < maxIter && coef > 0; j++) {
            for (int i = 0; i < theta.length; i++) theta[i] = (float) (thetaOld[i] + coef * stepDir[i]);
            double[] sk = candidate.evaluate(theta);
            if (sk[1] <= maxKl && sk[0] > oldSurrogate) {
                return new LineSearch(true, theta, sk[0], sk[1], j + 1);
            }
            coef *= shrink;
        }
        return new LineSearch(false, null, oldSurrogate, 0, maxIter);
    }


    private static float[] gather(float[] src, int[] idx) {
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = src[idx[i]];
        return out;
    }
}
