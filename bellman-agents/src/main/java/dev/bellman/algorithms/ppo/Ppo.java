package dev.bellman.algorithms.ppo;

import dev.bellman.core.BatchPolicy;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainingState;
import dev.bellman.core.returns.Returns;
import dev.bellman.distributions.Categorical;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Linear;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.SafeTensors;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.optim.GradClip;
import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Proximal Policy Optimization for discrete actions (Schulman et al. 2017, "Proximal Policy Optimization Algorithms"),
 * following CleanRL's {@code ppo.py} detail for detail (Huang et al. 2022, "The 37 Implementation Details of PPO").
 *
 * <p>Equations, per minibatch (at the lines below):
 * <pre>
 *   r_t(θ)  = exp(log π_θ(a_t|s_t) − log π_old(a_t|s_t))
 *   L^CLIP  = mean( max(−Â_t r_t, −Â_t clip(r_t, 1 − ε, 1 + ε)) )                      (eq. 7, as a loss)
 *   L^V     = ½ mean( max((V_θ − R_t)², (V_old + clip(V_θ − V_old, −ε, ε) − R_t)²) )   (clipped value loss)
 *   loss    = L^CLIP − c₂ · mean(H[π_θ]) + c₁ · L^V                                     (eq. 9)
 * </pre>
 * with Â_t from GAE(λ) (Schulman et al. 2016) and R_t = Â_t + V_old(s_t), computed by {@link Returns}.
 *
 * <p>Symbols: {@code ratio} = r_t(θ); {@code clipCoef} = ε; {@code entCoef} = c₂; {@code vfCoef} = c₁;
 * {@code gaeLambda} = λ; {@code b*} arrays = the flattened batch of {@code numSteps × numEnvs} transitions.
 *
 * <p>Details as in CleanRL: separate 64-64 tanh actor and critic, orthogonal init (gain √2, policy head 0.01, value
 * head 1), Adam with ε = 1e-5, learning rate annealed linearly to 0, minibatch advantage normalisation, clipped value
 * loss, global gradient-norm clipping at 0.5, optional per-epoch early stop when the approximate KL
 * ({@code mean((r − 1) − log r)}, Schulman 2020) exceeds {@code targetKl}. Metrics use CleanRL's keys.
 *
 * <p><b>Torso</b> ({@link #train(VectorEnv, Config, String, MetricsSink, Checkpoints)}, {@link PpoTorso}): on
 * {@code [C, H, W]} image observations a CNN trunk ({@code network}, orthogonal init √2) shared by a linear
 * {@code actor} (gain 0.01) and {@code critic} (gain 1), as CleanRL's {@code ppo_atari.py}; {@code hiddenSize} is then
 * unused. On uint8 observations ({@link ByteBox}) a CNN torso's rollout stores the frames as bytes and its minibatches
 * reach the first convolution as {@link ByteImages}; the result equals that of the float rollout bit for bit.
 *
 * <h2>Implementation notes</h2>
 * <p>The rollout is stored step-major ({@code [numSteps][numEnvs]}) in primitive arrays; the vector env runs under
 * {@code SAME_STEP} autoreset, so the row after an episode end already holds the next episode's first observation.
 * <p>With the MLP torso the rollout's forward passes and each minibatch's loss, gradient and gradient-norm clipping
 * run in {@link PpoMlpKernel} (fused, preallocated buffers, gradients written by hand; the same loss as the autodiff
 * graph {@link #lossGraph}, which the CNN torso uses), in a fixed summation order, so a run gives the same bits at
 * any vector width and thread count; with two threads or more the actor's and the critic's passes run in parallel.
 * Its hidden layers use the kernel's own tanh ({@link PpoTanh}, within 1.5 ulp of {@link Math#tanh}), so the autodiff
 * graph's values differ from the kernel's in the last bits. With {@code -Dbellman.ppo.warmup=true} (off by default: it
 * measured slower on a quiet 2-CPU machine) a {@link PpoWarmUp} thread runs the kernel on a throwaway agent during the
 * first iterations so that the JIT compiles it sooner (no effect on results).
 * <p><b>Deviations</b> from CleanRL's {@code ppo.py}:
 * <ol>
 *   <li>Truncated episodes bootstrap the value of their final observation (one extra critic pass over the copies that
 *       were truncated on that step) instead of treating truncation as termination.</li>
 *   <li>Random draws come from the project's {@link Rng} (actions, minibatch shuffles), not NumPy/PyTorch.</li>
 *   <li>{@code targetKl = 0} switches the early stop off (CleanRL's {@code None}).</li>
 * </ol>
 * <p><b>Checkpoints: what is saved</b> ({@code ppo_state.bin}, after an iteration's update and log, when
 * {@link Checkpoints#due} says so): actor and critic parameters, Adam's moments and step counts, the action and
 * shuffle generators, the vector env (every copy's state and episode bookkeeping), the next observations carried into
 * the next rollout (as bytes on the byte path), the global step and the iteration index (the annealed learning rate is a function of it), and the
 * variant and sizes (num-envs, num-steps, observation and action sizes, hidden-size) so that a checkpoint of another
 * shape of run is refused by name. Nothing else crosses an iteration: the rollout arrays are fully rewritten (the
 * final values only read where the same rollout truncated), and the network-init generator is spent at construction.
 */
public final class Ppo {

    private Ppo() {
    }


    /**
     * PPO's hyperparameters, CleanRL's names in camelCase and CleanRL's {@code ppo.py} defaults.
     *
     * @param totalTimesteps environment steps to train for (summed over copies)
     * @param learningRate Adam's step size (annealed linearly to 0 when {@code annealLr})
     * @param numEnvs number of parallel environment copies
     * @param numSteps steps per copy in each rollout
     * @param annealLr whether the learning rate decays linearly to 0 over training
     * @param gamma discount factor
     * @param gaeLambda GAE's λ
     * @param numMinibatches minibatches per epoch (the batch is {@code numEnvs * numSteps})
     * @param updateEpochs passes over the batch per update
     * @param normAdv whether advantages are normalised per minibatch
     * @param clipCoef the surrogate clipping ε (also used for the value clipping)
     * @param clipVloss whether the value loss is clipped
     * @param entCoef entropy bonus coefficient c₂
     * @param vfCoef value loss coefficient c₁
     * @param maxGradNorm global gradient norm clipping threshold
     * @param targetKl approximate-KL threshold for stopping an update early; 0 = off
     * @param hiddenSize width of the two hidden layers of actor and critic
     * @param seed the run's seed (network init, actions, shuffles; copy i's env seed is seed + i)
     */
    public record Config(long totalTimesteps, double learningRate, int numEnvs, int numSteps, boolean annealLr,
            double gamma, double gaeLambda, int numMinibatches, int updateEpochs, boolean normAdv, double clipCoef,
            boolean clipVloss, double entCoef, double vfCoef, double maxGradNorm, double targetKl, int hiddenSize,
            long seed) {
        public Config {
            positive("totalTimesteps", totalTimesteps);
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            }
            positive("numEnvs", numEnvs);
            positive("numSteps", numSteps);
            unit("gamma", gamma);
            unit("gaeLambda", gaeLambda);
            positive("numMinibatches", numMinibatches);
            positive("updateEpochs", updateEpochs);
            if ((long) numEnvs * numSteps % numMinibatches != 0) {
                throw new IllegalArgumentException("numMinibatches = " + numMinibatches + " must divide the batch size "
                        + "numEnvs * numSteps = " + numEnvs + " * " + numSteps + " = " + (long) numEnvs * numSteps);
            }
            if (totalTimesteps < (long) numEnvs * numSteps) {
                throw new IllegalArgumentException("totalTimesteps = " + totalTimesteps
                        + " must be at least one batch, numEnvs * numSteps = " + numEnvs + " * " + numSteps + " = "
                        + (long) numEnvs * numSteps);
            }
            if (!(clipCoef > 0)) {
                throw new IllegalArgumentException("clipCoef must be positive but was " + clipCoef);
            }
            nonNegative("entCoef", entCoef);
            nonNegative("vfCoef", vfCoef);
            if (!(maxGradNorm > 0)) {
                throw new IllegalArgumentException("maxGradNorm must be positive but was " + maxGradNorm);
            }
            nonNegative("targetKl", targetKl);
            positive("hiddenSize", hiddenSize);
        }

        /** CleanRL's {@code ppo.py} defaults (CartPole-v1, 500,000 steps). */
        public static Config defaults() {
            return new Config(500_000, 2.5e-4, 4, 128, true, 0.99, 0.95, 4, 4, true, 0.2, true, 0.01, 0.5, 0.5, 0,
                    64, 1);
        }

        public Config withTotalTimesteps(long n) {
            return new Config(n, learningRate, numEnvs, numSteps, annealLr, gamma, gaeLambda, numMinibatches,
                    updateEpochs, normAdv, clipCoef, clipVloss, entCoef, vfCoef, maxGradNorm, targetKl, hiddenSize, seed);
        }

        public Config withSeed(long s) {
            return new Config(totalTimesteps, learningRate, numEnvs, numSteps, annealLr, gamma, gaeLambda,
                    numMinibatches, updateEpochs, normAdv, clipCoef, clipVloss, entCoef, vfCoef, maxGradNorm, targetKl,
                    hiddenSize, s);
        }

        /** Transitions per rollout, {@code numEnvs * numSteps}. */
        public int batchSize() {
            return numEnvs * numSteps;
        }

        /** Transitions per gradient step. */
        public int minibatchSize() {
            return batchSize() / numMinibatches;
        }

        /** Rollout-and-update iterations, {@code totalTimesteps / batchSize}. */
        public long numIterations() {
            return totalTimesteps / batchSize();
        }
    }

    /**
     * CleanRL's {@code Agent}: separate actor and critic MLPs with orthogonal init ({@code ppo.py}), or with a CNN
     * torso ({@link PpoTorso}) one trunk {@code network} shared by a linear {@code actor} (init gain 0.01) and a linear
     * {@code critic} (gain 1) ({@code ppo_atari.py}).
     */
    static final class Agent extends Module {
        final Sequential critic;
        final Sequential actor;
        /** The CNN torso's shared trunk and heads; null with the MLP torso. */
        final Module network;
        final Linear actorHead;
        final Linear criticHead;
        final String torso;
        final int[] chw;
        final boolean scaleInput;

        Agent(int obsSize, int numActions, int hidden, Rng rng) {
            LayerInit hiddenInit = LayerInit.orthogonal(Math.sqrt(2), 0);
            critic = registerModule("critic", Mlp.builder(obsSize, hidden, hidden, 1).activation(Activation::tanh)
                    .init(hiddenInit).outputInit(LayerInit.orthogonal(1.0, 0)).build(rng));
            actor = registerModule("actor", Mlp.builder(obsSize, hidden, hidden, numActions)
                    .activation(Activation::tanh).init(hiddenInit).outputInit(LayerInit.orthogonal(0.01, 0)).build(rng));
            network = null;
            actorHead = null;
            criticHead = null;
            torso = "mlp";
            chw = null;
            scaleInput = false;
        }

        /** The shared-trunk agent with CNN torso {@code torso} on {@code [C, H, W]} observations. */
        Agent(String torso, int[] chw, boolean scaleInput, int numActions, Rng rng) {
            this.torso = torso;
            this.chw = chw.clone();
            this.scaleInput = scaleInput;
            network = registerModule("network", PpoTorso.cnn(torso, chw, scaleInput, rng));
            int features = PpoTorso.outputDim(network);
            actorHead = registerModule("actor", new Linear(features, numActions, LayerInit.orthogonal(0.01, 0), rng));
            criticHead = registerModule("critic", new Linear(features, 1, LayerInit.orthogonal(1.0, 0), rng));
            actor = null;
            critic = null;
        }

        /** Logits and values {@code [B, 1]} of flat observations {@code [B, obsSize]}. */
        Tensor[] logitsAndValues(Tensor x) {
            if (network == null) {
                return new Tensor[] {actor.forward(x), critic.forward(x)};
            }
            Tensor h = PpoTorso.features(network, x, chw);
            return new Tensor[] {actorHead.forward(h), criticHead.forward(h)};
        }

        /** Logits and values {@code [B, 1]} of byte images (CNN torso only). */
        Tensor[] logitsAndValues(ByteImages x) {
            Tensor h = PpoTorso.features(network, x);
            return new Tensor[] {actorHead.forward(h), criticHead.forward(h)};
        }

        /** Values {@code [B, 1]} of flat observations. */
        Tensor values(Tensor x) {
            return network == null ? critic.forward(x) : criticHead.forward(PpoTorso.features(network, x, chw));
        }

        /** Logits of flat observations. */
        Tensor logits(Tensor x) {
            return network == null ? actor.forward(x) : actorHead.forward(PpoTorso.features(network, x, chw));
        }
    }

    /**
     * Trains on {@code envs}, which must use {@link AutoresetMode#SAME_STEP}, have {@code config.numEnvs()} copies
     * and a {@code Discrete} action space; it is reset with {@code config.seed()}.
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
        return train(envs, config, "auto", sink, checkpoints);
    }

    /**
     * {@link #train(VectorEnv, Config, MetricsSink, Checkpoints)} with a network torso ({@link PpoTorso#NAMES}):
     * {@code auto} is the MLP for vector observations and a CNN for {@code [C, H, W]} images. With a CNN torso and
     * byte observations ({@link VectorEnv#singleByteObservationSpace()}) the rollout holds the observations as bytes
     * and the minibatches reach the convolution as {@link ByteImages}, without a float copy.
     *
     * @throws IllegalArgumentException for an unknown torso, or a CNN torso on observations that are not images
     */
    public static Trained train(VectorEnv envs, Config config, String torsoName, MetricsSink sink,
            Checkpoints checkpoints) {
        if (envs.autoresetMode() != AutoresetMode.SAME_STEP) {
            throw new IllegalArgumentException("PPO needs a SAME_STEP vector env but got " + envs.autoresetMode());
        }
        if (envs.numEnvs() != config.numEnvs()) {
            throw new IllegalArgumentException("the vector env has " + envs.numEnvs() + " copies but numEnvs = "
                    + config.numEnvs());
        }
        if (!(envs.singleActionSpace() instanceof Discrete discrete)) {
            throw new IllegalArgumentException("Ppo needs a Discrete action space but got " + envs.singleActionSpace()
                    + " (PpoContinuous handles Box actions)");
        }
        final int numEnvs = config.numEnvs();
        final int numSteps = config.numSteps();
        final int obsSize = envs.observationSize();
        final int numActions = discrete.n();
        final int actionStart = discrete.start();
        final float gamma = (float) config.gamma();

        int[] obsShape = envs.singleObservationSpace().shape();
        String torso = PpoTorso.resolve(torsoName, obsShape);
        ByteBox byteSpace = torso.equals("mlp") ? null : envs.singleByteObservationSpace();
        final boolean bytes = byteSpace != null;
        // the fused kernel's code compiled sooner: the same passes on a throwaway agent on another thread (PpoWarmUp)
        PpoWarmUp warmUp = torso.equals("mlp") && !bytes
                ? PpoWarmUp.start(obsSize, numActions, config.hiddenSize(), numEnvs, config.minibatchSize()) : null;
        Rng root = new Rng(config.seed());
        Agent agent = torso.equals("mlp") ? new Agent(obsSize, numActions, config.hiddenSize(), root.split())
                : new Agent(torso, obsShape, envs.singleObservationSpace().high(0) > 1, numActions, root.split());
        Rng actionRng = root.split();
        Rng shuffleRng = root.split();
        List<Tensor> params = agent.parameters();
        Adam optimizer = new Adam(params, Adam.Config.defaults(config.learningRate()).withEps(1e-5));
        FiniteGuard guard = FiniteGuard.forLearningRate("ppo", config.learningRate());
        // the MLP torso's fused passes (rollout forward, minibatch loss and gradient); null: autodiff
        PpoMlpKernel kernel = bytes ? null : PpoMlpKernel.of(agent);
        Map<String, Tensor> namedParams = agent.namedParameters();
        Rollout ro = new Rollout(numEnvs, numSteps, obsSize, numActions, config.minibatchSize(), obsShape, bytes);
        UpdateStats stats = new UpdateStats();

        VectorStep step = envs.reset(config.seed());
        ro.nextObs = bytes ? null : step.observations().clone();
        ro.nextBytes = bytes ? step.byteObservations().clone() : null;
        long globalStep = 0;
        long startNanos = System.nanoTime();
        long numIterations = config.numIterations();
        Supplier<Trained> trained = () -> new Trained(agent, obsSize, numActions, actionStart,
                config.hiddenSize());
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        long firstIteration = 1;
        if (checkpoints.resumeFrom().isPresent()) {
            // everything above was built as for a fresh run; overwrite it with the saved state
            Checkpoints.Loaded from = checkpoints.resumeFrom().get();
            TrainingState.Reader state = readState(from);
            checkShape(state, from, KIND_DISCRETE, numEnvs, numSteps, obsSize, numActions, config.hiddenSize());
            PpoTorso.checkSaved(state, from, torso);
            state.loadModule("agent.", agent);
            state.loadOptimizer("optimizer", optimizer);
            state.loadRng("rng.action", actionRng);
            state.loadRng("rng.shuffle", shuffleRng);
            state.loadEnvs("envs", envs);
            if (bytes) {
                state.bytesInto("next_obs_bytes", ro.nextBytes);
            } else {
                state.floatsInto("next_obs", ro.nextObs);
            }
            globalStep = state.getLong("global_step");
            firstIteration = state.getLong("iteration") + 1;
        }

        // Each phase of an iteration is its own method with its own loops, so that the JIT compiles them one by one
        // (small compilations, each recompiled alone when a late-taken branch such as the first truncation sends it
        // back to the interpreter) rather than as one on-stack-replacement of this whole loop with every call inlined:
        // that compilation took the only C2 thread of a 2-core machine for two thirds of a 500k-step CartPole run while
        // the kernels it had queued ran unoptimised (tools/bench/README.md, "PPO: the JIT's view of Ppo.train").
        for (long iteration = firstIteration; iteration <= numIterations; iteration++) {
            if (config.annealLr()) {
                double frac = 1.0 - (iteration - 1.0) / numIterations;
                optimizer.setLearningRate(frac * config.learningRate());
            }

            // 1. rollout: one actor and one critic pass per vector step, without a tape
            globalStep = rollout(ro, envs, agent, kernel, actionRng, sink, globalStep, actionStart);

            // 2. advantages: GAE(λ) with V(final observation) bootstrapped on truncation
            if (kernel != null) {
                kernel.act(ro.nextObs, numEnvs, null, ro.lastValues);
            } else try (Tensor.Scope noGrad = Tensor.noGrad()) {
                copy(bytes ? agent.logitsAndValues(images(ro.nextBytes.clone(), numEnvs, obsShape))[1]
                        : agent.values(Tensor.of(ro.nextObs.clone(), numEnvs, obsSize)), ro.lastValues);
            }
            Returns.gaeSameStep(ro.rewards, ro.values, ro.lastValues, ro.finalValues, ro.terminated, ro.truncated,
                    gamma, (float) config.gaeLambda(), ro.advantages, ro.returns);
            ro.flatten();

            // 3. update: updateEpochs passes of numMinibatches shuffled minibatches
            update(ro, agent, kernel, optimizer, guard, params, namedParams, shuffleRng, config, globalStep, stats);
            if (warmUp != null && iteration == firstIteration + WARM_UP_ITERATIONS - 1) {
                warmUp.stop();
            }

            // 4. log (CleanRL's keys; losses of the last minibatch)
            double explainedVar = explainedVariance(ro.bValues, ro.bReturns);
            sink.record(globalStep, MetricsSink.LEARNING_RATE, optimizer.learningRate());
            sink.record(globalStep, "losses/value_loss", stats.vLoss);
            sink.record(globalStep, "losses/policy_loss", stats.pgLoss);
            sink.record(globalStep, "losses/entropy", stats.entropy);
            sink.record(globalStep, "losses/old_approx_kl", stats.oldApproxKl);
            sink.record(globalStep, "losses/approx_kl", stats.approxKl);
            sink.record(globalStep, "losses/clipfrac", stats.clipfracSum / Math.max(1, stats.clipfracCount));
            sink.record(globalStep, "losses/explained_variance", explainedVar);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            sink.record(globalStep, MetricsSink.SPS, seconds > 0 ? Math.floor(globalStep / seconds) : 0);

            // 5. checkpoint: between iterations, after this iteration's metrics reached the sink
            if (checkpoints.due(globalStep)) {
                guard.optimizer(globalStep, "optimizer", optimizer);
                TrainingState.Writer state = new TrainingState.Writer();
                putShape(state, KIND_DISCRETE, numEnvs, numSteps, obsSize, numActions, config.hiddenSize());
                PpoTorso.putSaved(state, torso);
                state.putModule("agent.", agent);
                state.putOptimizer("optimizer", optimizer);
                state.putRng("rng.action", actionRng);
                state.putRng("rng.shuffle", shuffleRng);
                state.putEnvs("envs", envs);
                if (bytes) {
                    state.put("next_obs_bytes", ro.nextBytes);
                } else {
                    state.put("next_obs", ro.nextObs);
                }
                state.putLong("global_step", globalStep);
                state.putLong("iteration", iteration);
                checkpoints.save(globalStep, dir -> state.write(dir.resolve(STATE_FILE)));
            }
        }
        if (warmUp != null) {
            warmUp.stop();
        }
        return trained.get();
    }

    /** Iterations of a run after which its {@link PpoWarmUp} thread stops (the run's own calls are enough by then). */
    static final int WARM_UP_ITERATIONS = 8;

    /**
     * A run's rollout storage, step-major {@code [numSteps][numEnvs]} (observations {@code [numSteps][numEnvs *
     * obsSize]}, as floats or, on the byte path, as bytes), the observations carried into the next rollout, the
     * flattened batch and one minibatch's buffers; allocated once per run.
     */
    private static final class Rollout {
        final int numEnvs;
        final int numSteps;
        final int obsSize;
        final int numActions;
        final int[] obsShape;
        final boolean bytes;
        final float[][] obs;
        final byte[][] obsBytes;
        final int[][] actions;
        final float[][] logprobs;
        final float[][] rewards;
        final boolean[][] terminated;
        final boolean[][] truncated;
        final float[][] values;
        final float[][] finalValues;
        final float[][] advantages;
        final float[][] returns;
        final float[] lastValues;
        final int[] envActions;
        final float[] stepLogits;
        float[] nextObs;
        byte[] nextBytes;
        // the flattened batch
        final float[] bObs;
        final byte[] bObsBytes;
        final int[] bActions;
        final float[] bLogprobs;
        final float[] bAdvantages;
        final float[] bReturns;
        final float[] bValues;
        final int[] bInds;
        // one minibatch
        final float[] mbObs;
        final byte[] mbBytes;
        final int[] mbActions;
        final float[] mbLogprobs;
        final float[] mbAdv;
        final float[] mbReturns;
        final float[] mbValues;

        Rollout(int numEnvs, int numSteps, int obsSize, int numActions, int mbSize, int[] obsShape, boolean bytes) {
            this.numEnvs = numEnvs;
            this.numSteps = numSteps;
            this.obsSize = obsSize;
            this.numActions = numActions;
            this.obsShape = obsShape;
            this.bytes = bytes;
            obs = bytes ? null : new float[numSteps][numEnvs * obsSize];
            obsBytes = bytes ? new byte[numSteps][numEnvs * obsSize] : null;
            actions = new int[numSteps][numEnvs];
            logprobs = new float[numSteps][numEnvs];
            rewards = new float[numSteps][numEnvs];
            terminated = new boolean[numSteps][numEnvs];
            truncated = new boolean[numSteps][numEnvs];
            values = new float[numSteps][numEnvs];
            finalValues = new float[numSteps][numEnvs];
            advantages = new float[numSteps][numEnvs];
            returns = new float[numSteps][numEnvs];
            lastValues = new float[numEnvs];
            envActions = new int[numEnvs];
            stepLogits = new float[numEnvs * numActions];
            int batchSize = numEnvs * numSteps;
            bObs = bytes ? null : new float[batchSize * obsSize];
            bObsBytes = bytes ? new byte[batchSize * obsSize] : null;
            bActions = new int[batchSize];
            bLogprobs = new float[batchSize];
            bAdvantages = new float[batchSize];
            bReturns = new float[batchSize];
            bValues = new float[batchSize];
            bInds = new int[batchSize];
            mbObs = bytes ? null : new float[mbSize * obsSize];
            mbBytes = bytes ? new byte[mbSize * obsSize] : null;
            mbActions = new int[mbSize];
            mbLogprobs = new float[mbSize];
            mbAdv = new float[mbSize];
            mbReturns = new float[mbSize];
            mbValues = new float[mbSize];
        }

        /** Copies the step-major rollout into the flattened batch (row t * numEnvs + i). */
        void flatten() {
            int n = numEnvs;
            for (int t = 0; t < numSteps; t++) {
                if (bytes) {
                    System.arraycopy(obsBytes[t], 0, bObsBytes, t * n * obsSize, n * obsSize);
                } else {
                    System.arraycopy(obs[t], 0, bObs, t * n * obsSize, n * obsSize);
                }
                System.arraycopy(actions[t], 0, bActions, t * n, n);
                System.arraycopy(logprobs[t], 0, bLogprobs, t * n, n);
                System.arraycopy(advantages[t], 0, bAdvantages, t * n, n);
                System.arraycopy(returns[t], 0, bReturns, t * n, n);
                System.arraycopy(values[t], 0, bValues, t * n, n);
            }
        }

        /** bInds = 0, 1, …, batchSize − 1 (before an update's first shuffle). */
        void resetIndices() {
            for (int i = 0; i < bInds.length; i++) {
                bInds[i] = i;
            }
        }

        /** Gathers the batch rows {@code bInds[start ..]} into the minibatch buffers. */
        void gather(int start) {
            int mbSize = mbActions.length;
            for (int j = 0; j < mbSize; j++) {
                int b = bInds[start + j];
                if (bytes) {
                    System.arraycopy(bObsBytes, b * obsSize, mbBytes, j * obsSize, obsSize);
                } else {
                    System.arraycopy(bObs, b * obsSize, mbObs, j * obsSize, obsSize);
                }
                mbActions[j] = bActions[b];
                mbLogprobs[j] = bLogprobs[b];
                mbAdv[j] = bAdvantages[b];
                mbReturns[j] = bReturns[b];
                mbValues[j] = bValues[b];
            }
        }
    }

    /** An update's statistics for the log: the last minibatch's losses and KL, the mean clip fraction. */
    private static final class UpdateStats {
        float pgLoss;
        float vLoss;
        float entropy;
        float approxKl;
        float oldApproxKl;
        double clipfracSum;
        int clipfracCount;
    }

    /**
     * Step 1 of an iteration: {@code numSteps} vector steps from {@code ro.nextObs} (or {@code nextBytes}), filling
     * the rollout storage and recording finished episodes; returns the global step after them.
     */
    private static long rollout(Rollout ro, VectorEnv envs, Agent agent, PpoMlpKernel kernel, Rng actionRng,
            MetricsSink sink, long globalStep, int actionStart) {
        for (int t = 0; t < ro.numSteps; t++) {
            globalStep += ro.numEnvs;
            rolloutStep(ro, t, envs, agent, kernel, actionRng, sink, globalStep, actionStart);
        }
        return globalStep;
    }

    /**
     * Vector step {@code t} of {@link #rollout}, at {@code globalStep} (counted after it). A method of its own, called
     * once per step, so that the JIT compiles it once (no on-stack replacement of a long loop beside the standard
     * compilation) and the loop around it stays small.
     */
    private static void rolloutStep(Rollout ro, int t, VectorEnv envs, Agent agent, PpoMlpKernel kernel,
            Rng actionRng, MetricsSink sink, long globalStep, int actionStart) {
        final int numEnvs = ro.numEnvs;
        final int numActions = ro.numActions;
        final int obsSize = ro.obsSize;
        final boolean bytes = ro.bytes;
        Tensor[] out;
        if (kernel != null) {
            System.arraycopy(ro.nextObs, 0, ro.obs[t], 0, ro.nextObs.length);
            kernel.act(ro.obs[t], numEnvs, ro.stepLogits, ro.values[t]);
            int[] a = new Categorical(Tensor.of(ro.stepLogits, numEnvs, numActions)).sample(actionRng);
            System.arraycopy(a, 0, ro.actions[t], 0, numEnvs);
            kernel.logProbs(ro.stepLogits, numEnvs, a, ro.logprobs[t]);
        } else try (Tensor.Scope noGrad = Tensor.noGrad()) {
            if (bytes) {
                System.arraycopy(ro.nextBytes, 0, ro.obsBytes[t], 0, ro.nextBytes.length);
                out = agent.logitsAndValues(images(ro.obsBytes[t], numEnvs, ro.obsShape));
            } else {
                System.arraycopy(ro.nextObs, 0, ro.obs[t], 0, ro.nextObs.length);
                out = agent.logitsAndValues(Tensor.of(ro.obs[t], numEnvs, obsSize));
            }
            Tensor logits = out[0];
            copy(out[1], ro.values[t]);
            Categorical dist = new Categorical(logits);
            int[] a = dist.sample(actionRng);
            System.arraycopy(a, 0, ro.actions[t], 0, numEnvs);
            copy(dist.logProb(a), ro.logprobs[t]);
        }
        for (int i = 0; i < numEnvs; i++) {
            ro.envActions[i] = ro.actions[t][i] + actionStart;
        }
        VectorStep step = envs.step(ro.envActions);
        double[] r = step.rewards();
        boolean anyTruncated = false;
        for (int i = 0; i < numEnvs; i++) {
            ro.rewards[t][i] = (float) r[i];
            ro.terminated[t][i] = step.terminated()[i];
            ro.truncated[t][i] = step.truncated()[i] && !step.terminated()[i];
            anyTruncated |= ro.truncated[t][i];
            if (step.episodeEnded()[i]) {
                sink.record(globalStep, MetricsSink.EPISODIC_RETURN, step.episodeReturn()[i]);
                sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, step.episodeLength()[i]);
            }
        }
        if (anyTruncated) {
            finalValues(agent, kernel, step, ro.truncated[t], obsSize, ro.finalValues[t]);
        }
        if (bytes) {
            System.arraycopy(step.byteObservations(), 0, ro.nextBytes, 0, ro.nextBytes.length);
        } else {
            System.arraycopy(step.observations(), 0, ro.nextObs, 0, ro.nextObs.length);
        }
    }

    /**
     * Step 3 of an iteration: {@code updateEpochs} passes of {@code numMinibatches} shuffled minibatches over the
     * flattened batch (the fused kernel's path for the MLP torso, the autodiff graph otherwise), each an Adam step
     * after gradient-norm clipping; the epochs stop early when the approximate KL passes {@code targetKl} &gt; 0.
     */
    private static void update(Rollout ro, Agent agent, PpoMlpKernel kernel, Adam optimizer, FiniteGuard guard,
            List<Tensor> params, Map<String, Tensor> namedParams, Rng shuffleRng, Config config, long globalStep,
            UpdateStats s) {
        final int batchSize = config.batchSize();
        final int mbSize = config.minibatchSize();
        final int obsSize = ro.obsSize;
        final float clipCoef = (float) config.clipCoef();
        final int[] bInds = ro.bInds;
        ro.resetIndices();
        s.clipfracSum = 0;
        s.clipfracCount = 0;
        s.pgLoss = 0;
        s.vLoss = 0;
        s.entropy = 0;
        s.approxKl = 0;
        s.oldApproxKl = 0;
        float[] mbObs = ro.mbObs;
        byte[] mbBytes = ro.mbBytes;
        int[] mbActions = ro.mbActions;
        float[] mbLogprobs = ro.mbLogprobs;
        float[] mbAdv = ro.mbAdv;
        float[] mbReturns = ro.mbReturns;
        float[] mbValues = ro.mbValues;
        for (int epoch = 0; epoch < config.updateEpochs(); epoch++) {
            shuffleRng.shuffle(bInds);
            for (int start = 0; start < batchSize; start += mbSize) {
                ro.gather(start);
                if (config.normAdv()) {
                    normalize(mbAdv);
                }
                if (kernel != null) {
                    kernel.lossAndGrad(mbObs, mbSize, mbActions, mbLogprobs, mbAdv, mbReturns, mbValues,
                            clipCoef, config.clipVloss(), (float) config.entCoef(), (float) config.vfCoef());
                    s.oldApproxKl = (float) kernel.oldApproxKl();
                    s.approxKl = (float) kernel.approxKl();
                    s.clipfracSum += (double) kernel.clipped() / mbSize;
                    s.clipfracCount++;
                    float gradNorm = kernel.clipGradNorm((float) config.maxGradNorm());
                    optimizer.step();
                    guard.update(globalStep, "loss", (float) kernel.loss(), gradNorm, namedParams);
                    s.pgLoss = (float) kernel.pgLoss();
                    s.vLoss = (float) kernel.vLoss();
                    s.entropy = (float) kernel.entropy();
                    continue;
                }
                Tensor[] out = ro.bytes ? agent.logitsAndValues(images(mbBytes, mbSize, ro.obsShape))
                        : agent.logitsAndValues(Tensor.of(mbObs, mbSize, obsSize));
                LossGraph g = lossGraph(out, mbActions, mbLogprobs, mbAdv, mbReturns, mbValues, config);
                float[] lr = g.logratio();
                float[] rt = g.ratio();
                double kl = 0;
                double oldKl = 0;
                int clipped = 0;
                for (int j = 0; j < mbSize; j++) {
                    oldKl += -lr[j];
                    kl += (rt[j] - 1) - lr[j];      // Schulman's k3 estimator of KL(old ‖ new)
                    if (Math.abs(rt[j] - 1) > clipCoef) {
                        clipped++;
                    }
                }
                s.oldApproxKl = (float) (oldKl / mbSize);
                s.approxKl = (float) (kl / mbSize);
                s.clipfracSum += (double) clipped / mbSize;
                s.clipfracCount++;
                Tensor loss = g.loss();
                Tensor pgLoss = g.pgLoss();
                Tensor vLoss = g.vLoss();
                Tensor entropyLoss = g.entropy();
                optimizer.zeroGrad();
                loss.backward();
                float gradNorm = GradClip.clipGradNorm(params, (float) config.maxGradNorm());
                optimizer.step();
                guard.update(globalStep, "loss", loss.item(), gradNorm, agent);
                s.pgLoss = pgLoss.item();
                s.vLoss = vLoss.item();
                s.entropy = entropyLoss.item();
            }
            if (config.targetKl() > 0 && s.approxKl > config.targetKl()) {
                break;
            }
        }
    }

    /**
     * A minibatch's PPO loss as an autodiff graph on the agent's outputs {@code out} (logits, values {@code [B, 1]}):
     * the total {@code loss}, its parts (the entropy as its mean) and the rows' log-ratios and ratios.
     */
    record LossGraph(Tensor loss, Tensor pgLoss, Tensor vLoss, Tensor entropy, float[] logratio, float[] ratio) {
    }

    /** The equations of the class notes on one minibatch, as the autodiff graph ({@link PpoMlpKernel} fuses them). */
    static LossGraph lossGraph(Tensor[] out, int[] mbActions, float[] mbLogprobs, float[] mbAdv, float[] mbReturns,
            float[] mbValues, Config config) {
        int mbSize = mbActions.length;
        float clipCoef = (float) config.clipCoef();
        Categorical dist = new Categorical(out[0]);
        Tensor newLogprob = dist.logProb(mbActions);
        Tensor entropy = dist.entropy();
        Tensor newValue = out[1].reshape(mbSize);

        // r_t(θ) = exp(log π_θ(a|s) − log π_old(a|s))
        Tensor logratio = newLogprob.sub(Tensor.of(mbLogprobs, mbSize));
        Tensor ratio = logratio.exp();

        // L^CLIP = mean(max(−Â r, −Â clip(r, 1 − ε, 1 + ε)))
        Tensor negAdv = Tensor.of(mbAdv, mbSize).neg();
        Tensor pgLoss = negAdv.mul(ratio).maximum(negAdv.mul(ratio.clamp(1 - clipCoef, 1 + clipCoef))).mean();

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
        Tensor loss = pgLoss.sub(entropyLoss.mul((float) config.entCoef())).add(vLoss.mul((float) config.vfCoef()));
        return new LossGraph(loss, pgLoss, vLoss, entropyLoss, logratio.toArray(), ratio.toArray());
    }

    /** {@code n} observations of shape {@code [C, H, W]} held as bytes. */
    private static ByteImages images(byte[] data, int n, int[] chw) {
        return new ByteImages(data, 0, n, chw[0], chw[1], chw[2]);
    }

    /** The training state's file in a checkpoint directory. */
    static final String STATE_FILE = "ppo_state.bin";
    static final long KIND_DISCRETE = 0;
    static final long KIND_CONTINUOUS = 1;
    private static final String[] SHAPE_NAMES = {"num-envs", "num-steps", "observation size", "action size",
        "hidden-size"};

    /** Reads a checkpoint's training state, naming the checkpoint when it cannot. */
    static TrainingState.Reader readState(Checkpoints.Loaded from) {
        try {
            return TrainingState.Reader.read(from.directory().resolve(STATE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the PPO checkpoint in " + from.directory() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Records which variant wrote the state and the sizes that fix its arrays' shapes. */
    static void putShape(TrainingState.Writer state, long kind, long... sizes) {
        state.putLong("ppo.kind", kind);
        state.put("ppo.shape", sizes);
    }

    /**
     * Refuses a checkpoint written by the other PPO variant, by another algorithm, or by a run whose arrays have
     * other shapes, naming what differs.
     */
    static void checkShape(TrainingState.Reader state, Checkpoints.Loaded from, long kind, long... sizes) {
        String variant = kind == KIND_DISCRETE ? "discrete-action PPO" : "continuous-action PPO";
        if (!state.has("ppo.kind") || !state.has("ppo.shape")) {
            throw new IllegalArgumentException("the checkpoint in " + from.directory() + " was not written by PPO, so "
                    + variant + " cannot resume from it");
        }
        long saved = state.getLong("ppo.kind");
        if (saved != kind) {
            throw new IllegalArgumentException("the checkpoint in " + from.directory() + " was written by "
                    + (saved == KIND_DISCRETE ? "discrete-action PPO" : "continuous-action PPO") + ", so " + variant
                    + " cannot resume from it");
        }
        long[] savedSizes = state.longs("ppo.shape");
        for (int i = 0; i < sizes.length; i++) {
            if (i >= savedSizes.length || savedSizes[i] != sizes[i]) {
                throw new IllegalArgumentException("the checkpoint in " + from.directory() + " was written with "
                        + SHAPE_NAMES[i] + " = " + (i < savedSizes.length ? savedSizes[i] : "?") + " but this run has "
                        + SHAPE_NAMES[i] + " = " + sizes[i] + "; resume with the saved run's settings");
            }
        }
        if (state.getLong("global_step") != from.globalStep()) {
            throw new IllegalArgumentException("the checkpoint in " + from.directory() + " is for step "
                    + from.globalStep() + " but its training state is at step " + state.getLong("global_step"));
        }
    }

    /** V of the final observations of the copies truncated on this step, one critic pass over them. */
    private static void finalValues(Agent agent, PpoMlpKernel kernel, VectorStep step, boolean[] truncated,
            int obsSize, float[] out) {
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
        float[] v = new float[count];
        if (kernel != null) {
            kernel.act(x, count, null, v);
        } else try (Tensor.Scope noGrad = Tensor.noGrad()) {
            System.arraycopy(agent.values(Tensor.of(x, count, obsSize)).toArray(), 0, v, 0, count);
        }
        row = 0;
        for (int i = 0; i < truncated.length; i++) {
            if (truncated[i]) {
                out[i] = v[row++];
            }
        }
    }

    private static void copy(Tensor t, float[] dst) {
        System.arraycopy(t.data(), t.offset(), dst, 0, dst.length);
    }

    /** (x − mean) / (std + 1e-8) with the unbiased standard deviation, as {@code torch.std}. */
    static void normalize(float[] x) {
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

    /** 1 − Var[R − V] / Var[R]; NaN when the returns have no variance. */
    static double explainedVariance(float[] predicted, float[] target) {
        double my = 0;
        double md = 0;
        for (int i = 0; i < target.length; i++) {
            my += target[i];
            md += target[i] - predicted[i];
        }
        my /= target.length;
        md /= target.length;
        double vy = 0;
        double vd = 0;
        for (int i = 0; i < target.length; i++) {
            vy += (target[i] - my) * (target[i] - my);
            double d = target[i] - predicted[i] - md;
            vd += d * d;
        }
        return vy == 0 ? Double.NaN : 1 - vd / vy;
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(name + " must be non-negative but was " + v);
        }
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] but was " + v);
        }
    }

    /** A trained discrete PPO policy: acts with the arg max of the actor's logits; saves as safetensors. */
    public static final class Trained implements Policy, BatchPolicy {
        static final String FILE = "ppo.safetensors";
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

        /**
         * The greedy action for a {@code float[]} observation, or a {@code byte[]} one of a uint8 space (its unsigned
         * values, as in training), as an {@code Integer} of the env's action space.
         */
        @Override
        public Object act(Object observation) {
            if (!(observation instanceof float[]) && !(observation instanceof byte[])) {
                throw new IllegalArgumentException("a PPO policy needs a float[] (Box) or byte[] (uint8 Box) observation"
                        + " but got " + (observation == null ? "null" : observation.getClass().getSimpleName()));
            }
            float[] o = observation instanceof byte[] b ? dev.bellman.env.ByteBox.toFloats(b) : (float[]) observation;
            if (o.length != obsSize) {
                throw new IllegalArgumentException("observation must have " + obsSize + " values but had " + o.length);
            }
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                Tensor logits = agent.logits(Tensor.of(o.clone(), 1, obsSize));
                return new Categorical(logits).mode()[0] + actionStart;
            }
        }

        @Override
        public int observationSize() {
            return obsSize;
        }

        @Override
        public int numActions() {
            return numActions;
        }

        @Override
        public int actionStart() {
            return actionStart;
        }

        @Override
        public boolean hasValues() {
            return true;
        }

        /**
         * Rows per pass of {@link #evaluate}: the tensor kernels compute products of up to four rows in the same
         * summation order as one row (their dot form), while larger ones take another order that rounds differently
         * in the last bits; so passes of at most this many rows give each row exactly what {@link #act} gives.
         */
        static final int ROWS_PER_PASS = 4;

        /**
         * Greedy actions, probabilities and values of a batch through actor and critic, in passes of
         * {@value #ROWS_PER_PASS} rows so that each row is bitwise what the policy gives for it alone.
         */
        @Override
        public BatchPolicy.Output evaluate(float[] observations, int batch) {
            if (batch <= 0 || observations.length != batch * obsSize) {
                throw new IllegalArgumentException("observations must hold " + batch + " x " + obsSize
                        + " values but had " + observations.length);
            }
            int[] actions = new int[batch];
            float[] probs = new float[batch * numActions];
            float[] values = new float[batch];
            try (Tensor.Scope noGrad = Tensor.noGrad()) {
                for (int b0 = 0; b0 < batch; b0 += ROWS_PER_PASS) {
                    int rows = Math.min(ROWS_PER_PASS, batch - b0);
                    float[] x = java.util.Arrays.copyOfRange(observations, b0 * obsSize, (b0 + rows) * obsSize);
                    Tensor[] lv = agent.logitsAndValues(Tensor.of(x, rows, obsSize));
                    Categorical pi = new Categorical(lv[0]);
                    int[] mode = pi.mode();
                    for (int r = 0; r < rows; r++) {
                        actions[b0 + r] = mode[r] + actionStart;
                    }
                    System.arraycopy(pi.probs().toArray(), 0, probs, b0 * numActions, rows * numActions);
                    System.arraycopy(lv[1].toArray(), 0, values, b0, rows);
                }
            }
            return new BatchPolicy.Output(actions, probs, values);
        }

        /** The network (actor and critic), e.g. to compare weights. */
        public Module network() {
            return agent;
        }

        @Override
        public void save(Path directory) throws IOException {
            agent.save(directory.resolve(FILE), Map.of("algorithm", "ppo", "kind", "discrete",
                    "obs_size", Integer.toString(obsSize), "num_actions", Integer.toString(numActions),
                    "action_start", Integer.toString(actionStart), "hidden_size", Integer.toString(hiddenSize),
                    "torso", agent.torso, "obs_shape", agent.chw == null ? "" : PpoTorso.join(agent.chw),
                    "scale_input", Boolean.toString(agent.scaleInput)));
        }

        /** Restores a policy written by {@link #save}. */
        static Trained load(Path directory, Map<String, String> meta) throws IOException {
            int obsSize = Integer.parseInt(meta.get("obs_size"));
            int numActions = Integer.parseInt(meta.get("num_actions"));
            int hidden = Integer.parseInt(meta.get("hidden_size"));
            String torso = meta.getOrDefault("torso", "mlp");
            Agent agent = torso.equals("mlp") ? new Agent(obsSize, numActions, hidden, new Rng(0))
                    : new Agent(torso, PpoTorso.split(meta.get("obs_shape")),
                            Boolean.parseBoolean(meta.get("scale_input")), numActions, new Rng(0));
            agent.load(directory.resolve(FILE));
            return new Trained(agent, obsSize, numActions, Integer.parseInt(meta.get("action_start")), hidden);
        }

        static Map<String, String> metadata(Path directory) throws IOException {
            return SafeTensors.read(directory.resolve(FILE)).metadata();
        }
    }
}
