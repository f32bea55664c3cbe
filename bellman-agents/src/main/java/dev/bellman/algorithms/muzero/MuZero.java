package dev.bellman.algorithms.muzero;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainingState;
import dev.bellman.core.replay.SumTree;
import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Step;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Linear;
import dev.bellman.nn.MinAtarCnn;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.nn.SupportTransform;
import dev.bellman.optim.Adam;
import dev.bellman.optim.GradClip;
import dev.bellman.search.LatentTree;
import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * MuZero (Schrittwieser et al. 2020, "Mastering Atari, Go, chess and shogi by planning with a learned model", Nature
 * 588) for single-agent envs with Discrete actions and a flat Box observation (CartPole-v1) or a uint8 image
 * ({@code ByteBox} {@code [C, H, W]}: the MinAtar games, {@code MinAtar/Breakout-v1}); {@link MuZeroGame} runs the same
 * networks and training step on two-player games.
 *
 * <p>Three networks with parameters θ: representation {@code s⁰ = h(o_t)}, dynamics {@code (r^k, s^k) = g(s^{k−1},
 * a_{t+k})} and prediction {@code (p^k, v^k) = f(s^k)}; every latent state is min-max scaled to [0, 1] per sample
 * (Appendix G). Each env step runs a {@link LatentTree} search of {@link Config#simulations()} simulations from
 * {@code h(o_t)} (pUCT with min-max normalised values, Dirichlet noise at the root) and samples the action from the
 * root's visit counts at a temperature (1, 0.5, 0.25 over the first half, the next quarter, the rest of the budget).
 * Finished episodes go to a replay with the search's visit distribution {@code π_t} and root value {@code ν_t}.
 *
 * <p>Training unrolls the model {@code K} ({@link Config#unrollSteps()}) steps from a sampled position t along the
 * actions taken, with the loss
 * <pre>
 *   l_t(θ) = Σ_{k=0..K} [ l^r(u_{t+k}, r^k) + c_v · l^v(z_{t+k}, v^k) + l^p(π_{t+k}, p^k) ] + c‖θ‖²
 *   z_t    = u_{t+1} + γ u_{t+2} + … + γ^{n−1} u_{t+n} + γ^n ν_{t+n}             (n-step value target)
 * </pre>
 * (no reward term at k = 0), where {@code l^r} and {@code l^v} are cross-entropies between the heads' logits over the
 * support {@code −S … S} and the two-hot encoding of {@code h(x) = sign(x)(√(|x|+1) − 1) + εx} of the target
 * ({@link SupportTransform}), and {@code l^p} the cross-entropy with {@code π}. The terms of steps k ≥ 1 are scaled
 * by 1/K and the gradient entering each dynamics step is halved ({@code s ← ½ s + ½ stop_gradient(s)}), as the
 * paper's Appendix G. Positions are drawn with prioritised replay (Schaul et al. 2016): {@code P(i) ∝ p_i^α} with
 * {@code p_i = |ν_i − z_i|} when stored and {@code |v⁰ − z|} after each sampling, and each sample's loss weighted by
 * {@code (N·P(i))^{−β}} normalised by the largest weight. Past the end of an episode the states are absorbing: value
 * and reward targets 0 after a termination; after a truncation (time limit) no value, reward or policy term there, and
 * the n-step sum bootstraps from the prediction network's value of the last observation.
 *
 * <p>Symbols: {@code unrollSteps} = K, {@code tdSteps} = n, {@code discount} = γ, {@code valueLossWeight} = c_v,
 * {@code weightDecay} = 2c (Adam's L2 term), {@code supportSize} = S (value) and {@code rewardSupportSize} (reward),
 * {@code priorityAlpha} = α, {@code priorityBeta} = β, {@code pbCInit}/{@code pbCBase} = c₁/c₂.
 *
 * <p>Implementation notes. Deviations:
 * <ol>
 *   <li>Fully connected networks (as muzero-general's CartPole model), not the paper's residual towers; the action
 *       enters the dynamics networks one-hot, concatenated with the latent state. On image observations (MinAtar's
 *       {@code [C, 10, 10]} 0/1 planes) the representation network is the MinAtar baselines' torso (Young and Tian
 *       2019: one 3×3 convolution of 16 filters, ReLU, fully connected 128, ReLU; {@link MinAtarCnn}, the torso
 *       Bellman's DQN uses there) followed by a linear layer to the latent state, in place of the paper's
 *       downsampling residual tower for 96×96 Atari frames; one frame is the input, as in the MinAtar baselines,
 *       not the paper's stack of 32 past frames and actions, and the planes' 0/1 values are fed unscaled. A convolution
 *       rather than the flattened image in the MLP because it is what the paper does on Atari at the smallest
 *       faithful size; dynamics and prediction stay fully connected on the latent vector.</li>
 *   <li>One synchronous loop: act, and every {@link Config#trainFrequency()} env steps take
 *       {@link Config#gradientSteps()} Adam steps, instead of separate self-play and training workers; no target
 *       network; the root values ν stored when acting are the bootstrap values, unless
 *       {@link Config#reanalyseFraction()} is positive: then that share of every batch takes its policy targets and
 *       bootstrap values from fresh searches with the current network ({@link Reanalyse}, MuZero Reanalyze, run inline
 *       with the network being trained rather than by separate workers with a target network).</li>
 *   <li>Adam with L2 weight decay and gradient-norm clipping instead of SGD with momentum.</li>
 *   <li>The root is counted as visited once with its predicted value before the first simulation (so pUCT's √N is
 *       not 0 at the first selection); the paper starts it at 0 visits.</li>
 *   <li>Truncated episodes bootstrap from {@code f(h(o_T))} of the last observation at the time the episode ends.</li>
 *   <li>Two-player games (negamax in the tree, legal moves at the root, the outcome as the value target) are
 *       {@link MuZeroGame}'s loop.</li>
 * </ol>
 *
 * <p>Metrics: {@code charts/episodic_return}, {@code charts/episodic_length}, {@code losses/value_loss},
 * {@code losses/reward_loss}, {@code losses/policy_loss}, {@code losses/loss}, {@code charts/root_value},
 * {@code charts/temperature}, {@code charts/SPS}.
 *
 * <p>Measured on MinAtar/Breakout-v1 (the tuned section of {@code hyperparams/muzero.yml}, not tuned beyond one
 * try; one thread, nice 10, a loaded 2-core machine, load 3.7-4.6): {@code BELLMAN_JAVA_OPTS=-Dbellman.threads=1
 * ./bellman train --algo muzero --env MinAtar/Breakout-v1 --seed 1 --eval-episodes 100} trained 80,000 steps in 191 s
 * and scored a greedy mean of 3.58 ± 0.93 over 100 episodes, against 0.43 for uniformly random play; right after
 * (load 1.9-3.1), the same command with {@code --total-timesteps 300000} trained in 286 s and scored 6.08 ± 1.20,
 * with {@code --total-timesteps 600000} (load 1.0-2.6) in 475 s and 7.02 ± 1.28.
 *
 * <p>A checkpoint (written at episode ends, when {@link Checkpoints#due} says so) saves the networks, Adam's moments,
 * the generator, the replay with its priorities, the counters and the env's state, so that a resumed run continues
 * exactly as the uninterrupted one. A seeded run is deterministic.
 */
public final class MuZero {
    static final String STATE_FILE = "state.bin";

    private MuZero() {}

    /**
     * The hyperparameters, validated.
     *
     * @param totalTimesteps env steps to train for
     * @param hiddenSize width of every network's hidden layer
     * @param latentSize size of the latent state s
     * @param supportSize S of the value head (2S + 1 atoms)
     * @param rewardSupportSize S of the reward head
     * @param simulations search simulations per env step
     * @param unrollSteps K, model steps unrolled in training
     * @param tdSteps n of the n-step value target
     * @param discount γ
     * @param pbCBase pUCT c₂
     * @param pbCInit pUCT c₁
     * @param dirichletAlpha root noise concentration
     * @param dirichletFraction root noise share
     * @param replaySize positions kept
     * @param batchSize positions per gradient step
     * @param learningStarts env steps before the first gradient step
     * @param trainFrequency env steps between training phases
     * @param gradientSteps Adam steps per training phase
     * @param learningRate Adam's step size
     * @param weightDecay Adam's L2 weight decay
     * @param maxGradNorm gradient-norm clip (0: none)
     * @param valueLossWeight c_v
     * @param priorityAlpha α of prioritised replay (0: uniform)
     * @param priorityBeta β of the importance weights
     * @param reanalyseFraction share of each batch whose policy and bootstrap-value targets a fresh search with the
     *        current network recomputes (MuZero Reanalyze; 0: the stored search statistics only)
     * @param seed the run's seed
     */
    public record Config(long totalTimesteps, int hiddenSize, int latentSize, int supportSize, int rewardSupportSize,
                         int simulations, int unrollSteps, int tdSteps, double discount, double pbCBase, double pbCInit,
                         double dirichletAlpha, double dirichletFraction, int replaySize, int batchSize,
                         long learningStarts, int trainFrequency, int gradientSteps, double learningRate,
                         double weightDecay, double maxGradNorm, double valueLossWeight, double priorityAlpha,
                         double priorityBeta, double reanalyseFraction, long seed) {
        public Config {
            if (totalTimesteps <= 0) throw new IllegalArgumentException("total-timesteps must be positive but was " + totalTimesteps);
            atLeast("hidden-size", hiddenSize, 1);
            atLeast("latent-size", latentSize, 1);
            atLeast("support-size", supportSize, 1);
            atLeast("reward-support-size", rewardSupportSize, 1);
            atLeast("simulations", simulations, 1);
            atLeast("unroll-steps", unrollSteps, 1);
            atLeast("td-steps", tdSteps, 1);
            if (!(discount >= 0 && discount <= 1)) throw new IllegalArgumentException("discount must be in [0, 1] but was " + discount);
            if (!(pbCBase > 0)) throw new IllegalArgumentException("pb-c-base must be positive but was " + pbCBase);
            if (!(pbCInit >= 0)) throw new IllegalArgumentException("pb-c-init must be >= 0 but was " + pbCInit);
            if (!(dirichletAlpha > 0)) throw new IllegalArgumentException("dirichlet-alpha must be positive but was " + dirichletAlpha);
            if (!(dirichletFraction >= 0 && dirichletFraction <= 1)) {
                throw new IllegalArgumentException("dirichlet-fraction must be in [0, 1] but was " + dirichletFraction);
            }
            atLeast("replay-size", replaySize, 1);
            atLeast("batch-size", batchSize, 1);
            atLeast("learning-starts", learningStarts, 0);
            atLeast("train-frequency", trainFrequency, 1);
            atLeast("gradient-steps", gradientSteps, 0);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning-rate must be positive but was " + learningRate);
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight-decay must be >= 0 but was " + weightDecay);
            if (!(maxGradNorm >= 0)) throw new IllegalArgumentException("max-grad-norm must be >= 0 but was " + maxGradNorm);
            if (!(valueLossWeight >= 0)) throw new IllegalArgumentException("value-loss-weight must be >= 0 but was " + valueLossWeight);
            if (!(priorityAlpha >= 0 && priorityAlpha <= 1)) {
                throw new IllegalArgumentException("priority-alpha must be in [0, 1] but was " + priorityAlpha);
            }
            if (!(priorityBeta >= 0 && priorityBeta <= 1)) {
                throw new IllegalArgumentException("priority-beta must be in [0, 1] but was " + priorityBeta);
            }
            if (!(reanalyseFraction >= 0 && reanalyseFraction <= 1)) {
                throw new IllegalArgumentException("reanalyse-fraction must be in [0, 1] but was " + reanalyseFraction);
            }
        }

        private static void atLeast(String name, long value, long min) {
            if (value < min) throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }

        /** The temperature of the visit-count distribution actions are sampled from, by training progress. */
        double temperature(long step) {
            return step < totalTimesteps / 2 ? 1.0 : step < totalTimesteps * 3 / 4 ? 0.5 : 0.25;
        }
    }

    /**
     * The shapes of the networks, as a policy file records them; {@code imageShape} is the {@code [C, H, W]} of an
     * image observation that the representation network reads with the MinAtar convolutional torso, or null for a flat
     * observation read by an MLP.
     */
    record Architecture(int obsSize, int numActions, int hiddenSize, int latentSize, int supportSize,
                        int rewardSupportSize, int simulations, double discount, double pbCBase, double pbCInit,
                        int[] imageShape) {
        Architecture {
            if (imageShape != null && (imageShape.length != 3 || imageShape[0] * imageShape[1] * imageShape[2] != obsSize)) {
                throw new IllegalArgumentException("image shape " + Arrays.toString(imageShape) + " is not a [C, H, W] of "
                        + obsSize + " values");
            }
        }

        /** For a flat observation (an MLP representation). */
        Architecture(int obsSize, int numActions, int hiddenSize, int latentSize, int supportSize, int rewardSupportSize,
                     int simulations, double discount, double pbCBase, double pbCInit) {
            this(obsSize, numActions, hiddenSize, latentSize, supportSize, rewardSupportSize, simulations, discount,
                    pbCBase, pbCInit, null);
        }

        String tag() {
            return "muzero obs " + obsSize + " actions " + numActions + " hidden " + hiddenSize + " latent " + latentSize
                    + " support " + supportSize + "/" + rewardSupportSize
                    + (imageShape == null ? "" : " image " + imageShape[0] + "x" + imageShape[1] + "x" + imageShape[2]);
        }
    }

    // ================================================================== networks

    /**
     * h, g (latent and reward) and f (policy and value) as five small MLPs; for an image observation h is instead the
     * MinAtar torso (one 3×3 convolution of 16 filters, ReLU, fully connected 128, ReLU; {@link MinAtarCnn}) and a
     * linear layer to the latent state.
     */
    static final class Networks extends Module {
        final Architecture arch;
        final Sequential representation, dynamics, reward, policy, value;
        final SupportTransform valueSupport, rewardSupport;

        Networks(Architecture a, Rng rng) {
            arch = a;
            int in = a.latentSize() + a.numActions();
            int[] chw = a.imageShape();
            representation = registerModule("representation", chw == null
                    ? Mlp.builder(a.obsSize(), a.hiddenSize(), a.latentSize()).build(rng)
                    : new Sequential(new MinAtarCnn(chw[0], chw[1], chw[2], LayerInit.torchDefault(), rng),
                            new Linear(128, a.latentSize(), LayerInit.torchDefault(), rng)));
            dynamics = registerModule("dynamics", Mlp.builder(in, a.hiddenSize(), a.latentSize()).build(rng));
            reward = registerModule("reward", Mlp.builder(in, a.hiddenSize(), 2 * a.rewardSupportSize() + 1).build(rng));
            policy = registerModule("policy", Mlp.builder(a.latentSize(), a.hiddenSize(), a.numActions()).build(rng));
            value = registerModule("value", Mlp.builder(a.latentSize(), a.hiddenSize(), 2 * a.supportSize() + 1).build(rng));
            valueSupport = SupportTransform.of(a.supportSize());
            rewardSupport = SupportTransform.of(a.rewardSupportSize());
        }

        /** s⁰ = h(o), min-max scaled per row; {@code obs} is [N, obsSize] (an image's [C, H, W] flattened). */
        Tensor represent(Tensor obs) {
            int[] chw = arch.imageShape();
            Tensor x = chw == null ? obs : obs.reshape(obs.shape()[0], chw[0], chw[1], chw[2]);
            return scale(representation.forward(x));
        }

        /** The input of g: [s, onehot(a)]. */
        Tensor dynamicsInput(Tensor s, int[] actions) {
            float[] onehot = new float[actions.length * arch.numActions()];
            for (int i = 0; i < actions.length; i++) onehot[i * arch.numActions() + actions[i]] = 1;
            return Tensor.concat(1, s, Tensor.of(onehot, actions.length, arch.numActions()));
        }

        /** Min-max scaling of each latent state to [0, 1] (Appendix G). */
        static Tensor scale(Tensor s) {
            Tensor max = s.max(1, true), min = s.mul(-1f).max(1, true).mul(-1f);
            return s.sub(min).div(max.sub(min).add(1e-5f));
        }
    }

    /** One network call of the search, without gradients. */
    static final class Inference {
        final Networks net;
        final float[] policy;
        float value, reward;
        float[] latent;

        Inference(Networks net) {
            this.net = net;
            this.policy = new float[net.arch.numActions()];
        }

        /** s⁰ = h(o) and f(s⁰). */
        void initial(float[] obs) {
            try (var g = Tensor.noGrad()) {
                Tensor s = net.represent(Tensor.of(obs, 1, obs.length));
                latent = s.toArray();
                predict(s);
                reward = 0;
            }
        }

        /** s' = g(s, a), r and f(s'). */
        void recurrent(float[] latents, int offset, int action) {
            try (var g = Tensor.noGrad()) {
                Tensor s = Tensor.of(Arrays.copyOfRange(latents, offset, offset + net.arch.latentSize()), 1,
                        net.arch.latentSize());
                Tensor in = net.dynamicsInput(s, new int[] {action});
                Tensor next = Networks.scale(net.dynamics.forward(in));
                reward = net.rewardSupport.supportToScalar(net.reward.forward(in))[0];
                latent = next.toArray();
                predict(next);
            }
        }

        private void predict(Tensor s) {
            float[] p = net.policy.forward(s).softmax(1).toArray();
            System.arraycopy(p, 0, policy, 0, policy.length);
            value = net.valueSupport.supportToScalar(net.value.forward(s))[0];
        }
    }

    /** Runs one search from observation {@code obs}; the tree then holds the root's visits and value. */
    static void search(LatentTree tree, Inference inf, float[] obs, int simulations, double alpha, double fraction, Rng rng) {
        search(tree, inf, obs, null, simulations, alpha, fraction, rng);
    }

    /** As {@link #search(LatentTree, Inference, float[], int, double, double, Rng)}, with the root's legal actions (null: all). */
    static void search(LatentTree tree, Inference inf, float[] obs, boolean[] legal, int simulations, double alpha,
                       double fraction, Rng rng) {
        inf.initial(obs);
        tree.expandRoot(inf.latent, inf.policy, inf.value, legal);
        tree.addRootNoise(alpha, fraction, rng);
        for (int i = 0; i < simulations; i++) {
            int leaf = tree.selectLeaf();
            inf.recurrent(tree.latents(), tree.parentLatent(leaf), tree.actionOf(leaf));
            tree.expandAndBackup(leaf, inf.latent, 0, inf.reward, inf.policy, 0, inf.value);
        }
    }

    // ================================================================== replay

    /**
     * Finished episodes as a ring of positions, indexed by a global position counter: observation, action taken,
     * reward u_{t+1}, search policy π, root value ν, and per position the global end of its episode, whether it ended
     * by termination, and the bootstrap value at that end (0 after a termination). For a two-player game
     * ({@code twoPlayer}) also the legal actions of each position, and the reward is the mover's.
     */
    static final class Replay {
        final int capacity, obsSize, numActions;
        final boolean twoPlayer;
        final boolean[] legal; // capacity x numActions, two-player games only
        final float[] obs, policy, rewards, rootValues, tailValues;
        final int[] actions;
        final long[] episodeEnd;
        final boolean[] terminated;
        final SumTree priorities;
        long total; // positions ever added

        Replay(int capacity, int obsSize, int numActions) {
            this(capacity, obsSize, numActions, false);
        }

        Replay(int capacity, int obsSize, int numActions, boolean twoPlayer) {
            this.twoPlayer = twoPlayer;
            legal = twoPlayer ? new boolean[capacity * numActions] : null;
            this.capacity = capacity;
            this.obsSize = obsSize;
            this.numActions = numActions;
            obs = new float[capacity * obsSize];
            policy = new float[capacity * numActions];
            rewards = new float[capacity];
            rootValues = new float[capacity];
            tailValues = new float[capacity];
            actions = new int[capacity];
            episodeEnd = new long[capacity];
            terminated = new boolean[capacity];
            priorities = new SumTree(capacity);
        }

        int slot(long g) {
            return (int) (g % capacity);
        }

        long oldest() {
            return Math.max(0, total - capacity);
        }
    }

    /**
     * The n-step value target z_g of global position g (Appendix G), with absorbing states past the episode end. In a
     * two-player game every reward and value is from its mover's or player to move's view, so the terms alternate in
     * sign: {@code z_t = u_{t+1} − γ u_{t+2} + … + (−γ)^n ν_{t+n}}.
     */
    static float valueTarget(Replay r, long g, int n, double discount) {
        return valueTarget(r, g, n, discount, null);
    }

    /** As {@link #valueTarget(Replay, long, int, double)}, with the bootstrap value ν_{t+n} from {@code reanalysed} where it has one. */
    static float valueTarget(Replay r, long g, int n, double discount, Reanalyse reanalysed) {
        int s = r.slot(g);
        long end = r.episodeEnd[s];
        double z = 0, pow = 1, step = r.twoPlayer ? -discount : discount;
        long t = g;
        for (int i = 0; i < n && t < end; i++, t++) {
            z += pow * r.rewards[r.slot(t)];
            pow *= step;
        }
        double bootstrap = t < end ? r.rootValues[r.slot(t)] : r.tailValues[s];
        if (t < end && reanalysed != null && reanalysed.has(t)) bootstrap = reanalysed.rootValue(t);
        return (float) (z + pow * bootstrap);
    }

    // ================================================================== training loop

    /**
     * The {@code [C, H, W]} of an observation space the representation network reads as an image: a uint8
     * {@link ByteBox} of three dimensions (MinAtar's boards); null for anything else (flat, read by an MLP).
     */
    static int[] imageShape(Object observationSpace) {
        return observationSpace instanceof ByteBox b && b.shape().length == 3 ? b.shape().clone() : null;
    }

    /** An observation as the networks' floats: a copy of a Box's, or a ByteBox's unsigned values. */
    static float[] floats(Object observation) {
        return observation instanceof byte[] b ? ByteBox.toFloats(b) : ((float[]) observation).clone();
    }

    /**
     * Trains on {@code env} (Box or uint8 ByteBox observations, Discrete actions) and returns the greedy search
     * policy. A three-dimensional ByteBox ({@code [C, H, W]}, MinAtar) is read by a convolutional representation
     * network; other observations are flattened into an MLP.
     */
    public static MuZeroPolicy train(Env<Object, Object> env, Config c, MetricsSink sink, Checkpoints checkpoints) {
        Object obsSpace = env.observationSpace(), actSpace = env.actionSpace();
        if (!(obsSpace instanceof Box || obsSpace instanceof ByteBox) || !(actSpace instanceof Discrete discrete)) {
            throw new IllegalArgumentException("muzero needs Box or ByteBox observations and Discrete actions but "
                    + env.spec().id() + " has " + env.observationSpace() + " and " + env.actionSpace());
        }
        int obsSize = env.observationSpace().flatDim(), numActions = discrete.n();
        Architecture arch = new Architecture(obsSize, numActions, c.hiddenSize(), c.latentSize(), c.supportSize(),
                c.rewardSupportSize(), c.simulations(), c.discount(), c.pbCBase(), c.pbCInit(), imageShape(obsSpace));
        Rng rng = new Rng(c.seed());
        Networks net = new Networks(arch, rng.split());
        Adam optimizer = new Adam(net.parameters(), new Adam.Config(c.learningRate(), 0.9, 0.999, 1e-8, c.weightDecay(), false));
        Replay replay = new Replay(c.replaySize(), obsSize, numActions);
        LatentTree tree = new LatentTree(numActions, c.latentSize(), c.simulations(), c.pbCBase(), c.pbCInit(), c.discount());
        Inference inf = new Inference(net);
        long step = 0, episodes = 0;
        Object observation;
        Supplier<MuZeroPolicy> trained = () -> new MuZeroPolicy(net);
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        if (checkpoints.resumeFrom().isPresent()) {
            Checkpoints.Loaded from = checkpoints.resumeFrom().get();
            TrainingState.Reader r;
            try {
                r = TrainingState.Reader.read(from.directory().resolve(STATE_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String written = r.string("tag");
            if (!written.equals(arch.tag())) {
                throw new IllegalArgumentException("the checkpoint in " + from.directory() + " was written by " + written
                        + " but this run is " + arch.tag());
            }
            r.loadModule("net.", net);
            r.loadOptimizer("adam", optimizer);
            r.loadRng("rng", rng);
            r.floatsInto("replay.obs", replay.obs);
            r.floatsInto("replay.policy", replay.policy);
            r.floatsInto("replay.rewards", replay.rewards);
            r.floatsInto("replay.rootValues", replay.rootValues);
            r.floatsInto("replay.tailValues", replay.tailValues);
            r.intsInto("replay.actions", replay.actions);
            r.longsInto("replay.episodeEnd", replay.episodeEnd);
            r.booleansInto("replay.terminated", replay.terminated);
            replay.priorities.setLeaves(r.doubles("replay.priorities"));
            replay.total = r.getLong("replay.total");
            step = r.getLong("step");
            episodes = r.getLong("episodes");
            r.loadEnv("env", env);
            observation = r.floats("observation"); // the first of the next episode (the env was reset before saving)
        } else {
            observation = env.reset(c.seed()).observation();
        }

        long start = System.nanoTime(), stepAtStart = step;
        int[] visits = new int[numActions];
        List<float[]> epObs = new ArrayList<>(), epPolicy = new ArrayList<>();
        List<Integer> epActions = new ArrayList<>();
        List<Float> epRewards = new ArrayList<>(), epValues = new ArrayList<>();
        double rootValueSum = 0;
        while (step < c.totalTimesteps()) {
            // 1. act: search from h(o_t), sample from the visit counts at the temperature
            float[] o = floats(observation);
            search(tree, inf, o, c.simulations(), c.dirichletAlpha(), c.dirichletFraction(), rng);
            tree.rootVisits(visits);
            double temperature = c.temperature(step);
            int action = sampleVisits(visits, temperature, rng);
            Step<Object> s = env.step(discrete.start() + action);
            step++;
            float[] pi = new float[numActions];
            for (int a = 0; a < numActions; a++) pi[a] = visits[a] / (float) c.simulations();
            epObs.add(o);
            epPolicy.add(pi);
            epActions.add(action);
            epRewards.add((float) s.reward());
            epValues.add((float) tree.rootValue());
            rootValueSum += tree.rootValue();
            observation = s.observation();

            // 2. store a finished episode
            if (s.done()) {
                float tail = 0;
                if (!s.terminated()) {
                    inf.initial(floats(observation));
                    tail = inf.value;
                }
                addEpisode(replay, epObs, epPolicy, epActions, epRewards, epValues, s.terminated(), tail, c);
                double ret = 0;
                for (float u : epRewards) ret += u;
                episodes++;
                sink.record(step, MetricsSink.EPISODIC_RETURN, ret);
                sink.record(step, MetricsSink.EPISODIC_LENGTH, epRewards.size());
                sink.record(step, "charts/root_value", rootValueSum / epRewards.size());
                sink.record(step, "charts/temperature", temperature);
                sink.record(step, MetricsSink.SPS, (step - stepAtStart) / Math.max(1e-9, (System.nanoTime() - start) / 1e9));
                epObs.clear();
                epPolicy.clear();
                epActions.clear();
                epRewards.clear();
                epValues.clear();
                rootValueSum = 0;
                observation = env.reset().observation();
            }

            // 3. train: K-step unrolls on prioritised minibatches
            if (step >= c.learningStarts() && step % c.trainFrequency() == 0 && replay.total > 0) {
                trainSteps(net, optimizer, replay, c, rng, step, sink, tree, inf);
            }

            // 4. checkpoint, between episodes only
            if (s.done() && checkpoints.due(step)) {
                long st = step, eps = episodes;
                float[] current = floats(observation);
                checkpoints.save(step, dir -> {
                    TrainingState.Writer w = new TrainingState.Writer();
                    w.putString("tag", arch.tag());
                    w.putModule("net.", net);
                    w.putOptimizer("adam", optimizer);
                    w.putRng("rng", rng);
                    w.put("replay.obs", replay.obs);
                    w.put("replay.policy", replay.policy);
                    w.put("replay.rewards", replay.rewards);
                    w.put("replay.rootValues", replay.rootValues);
                    w.put("replay.tailValues", replay.tailValues);
                    w.put("replay.actions", replay.actions);
                    w.put("replay.episodeEnd", replay.episodeEnd);
                    w.put("replay.terminated", replay.terminated);
                    w.put("replay.priorities", replay.priorities.leaves());
                    w.putLong("replay.total", replay.total);
                    w.putLong("step", st);
                    w.putLong("episodes", eps);
                    w.putEnv("env", env);
                    w.put("observation", current);
                    w.write(dir.resolve(STATE_FILE));
                });
            }
        }
        return trained.get();
    }

    /** An action drawn with probability ∝ N(a)^{1/T}; the most visited (lowest on ties) at T = 0. */
    static int sampleVisits(int[] visits, double temperature, Rng rng) {
        if (temperature == 0) return argmax(visits);
        double[] w = new double[visits.length];
        double sum = 0, max = Arrays.stream(visits).max().orElse(1);
        for (int a = 0; a < visits.length; a++) {
            w[a] = Math.pow(visits[a] / Math.max(1, max), 1 / temperature);
            sum += w[a];
        }
        double u = rng.nextDouble() * sum;
        for (int a = 0; a < visits.length; a++) {
            u -= w[a];
            if (u < 0 && w[a] > 0) return a;
        }
        return argmax(visits);
    }

    static int argmax(int[] v) {
        int best = 0;
        for (int a = 1; a < v.length; a++) if (v[a] > v[best]) best = a;
        return best;
    }

    /** Appends a finished episode to the ring, with priority |ν_t − z_t| (at least a small floor) per position. */
    static void addEpisode(Replay r, List<float[]> obs, List<float[]> policy, List<Integer> actions,
                                   List<Float> rewards, List<Float> values, boolean terminated, float tail, Config c) {
        long first = r.total, end = first + obs.size();
        for (int i = 0; i < obs.size(); i++) {
            int s = r.slot(first + i);
            System.arraycopy(obs.get(i), 0, r.obs, s * r.obsSize, r.obsSize);
            System.arraycopy(policy.get(i), 0, r.policy, s * r.numActions, r.numActions);
            r.actions[s] = actions.get(i);
            r.rewards[s] = rewards.get(i);
            r.rootValues[s] = values.get(i);
            r.episodeEnd[s] = end;
            r.terminated[s] = terminated;
            r.tailValues[s] = tail;
        }
        r.total = end;
        for (long g = first; g < end; g++) {
            double p = Math.abs(r.rootValues[r.slot(g)] - valueTarget(r, g, c.tdSteps(), c.discount())) + 1e-6;
            r.priorities.set(r.slot(g), Math.pow(p, c.priorityAlpha()));
        }
    }

    /**
     * {@link Config#gradientSteps()} Adam steps on the unrolled loss; updates the sampled positions' priorities. With a
     * {@link Config#reanalyseFraction()} the first rows of each batch get their targets from fresh searches in
     * {@code tree} ({@link Reanalyse}). With {@code symmetries} (a game; null for an env) each sample is seen under
     * one of the game's board symmetries drawn at random: its observation, its actions and its policy targets.
     */
    static void trainSteps(Networks net, Adam optimizer, Replay r, Config c, Rng rng, long step, MetricsSink sink,
                           LatentTree tree, Inference inf) {
        trainSteps(net, optimizer, r, c, rng, step, sink, tree, inf, null);
    }

    static void trainSteps(Networks net, Adam optimizer, Replay r, Config c, Rng rng, long step, MetricsSink sink,
                           LatentTree tree, Inference inf, dev.bellman.games.Game symmetries) {
        int bs = c.batchSize(), kMax = c.unrollSteps(), numActions = r.numActions;
        int reanalysedRows = (int) Math.round(c.reanalyseFraction() * bs);
        Reanalyse reanalyse = reanalysedRows > 0 ? new Reanalyse(tree, inf, c) : null;
        double valueLossSum = 0, rewardLossSum = 0, policyLossSum = 0;
        net.train();
        for (int it = 0; it < c.gradientSteps(); it++) {
            // sample positions t_i with P(i) ∝ p_i^α and their importance weights
            long[] t = new long[bs];
            float[] weight = new float[bs];
            double total = r.priorities.total(), maxWeight = 0;
            long count = r.total - r.oldest();
            for (int i = 0; i < bs; i++) {
                int slot = r.priorities.find(rng.nextDouble() * total);
                long g = r.oldest() + Math.floorMod(slot - r.slot(r.oldest()), r.capacity);
                t[i] = g;
                double prob = r.priorities.get(slot) / total;
                weight[i] = (float) Math.pow(count * prob, -c.priorityBeta());
                maxWeight = Math.max(maxWeight, weight[i]);
            }
            for (int i = 0; i < bs; i++) weight[i] /= (float) maxWeight;
            Tensor w = Tensor.of(weight, bs);
            if (reanalyse != null) reanalyse.prepare(r, t, reanalysedRows);

            float[] o = new float[bs * r.obsSize];
            for (int i = 0; i < bs; i++) System.arraycopy(r.obs, r.slot(t[i]) * r.obsSize, o, i * r.obsSize, r.obsSize);
            int[] sym = null;
            if (symmetries != null && symmetries.numSymmetries() > 1) {
                sym = new int[bs];
                float[] in = new float[r.obsSize], out = new float[r.obsSize];
                for (int i = 0; i < bs; i++) {
                    sym[i] = rng.nextInt(symmetries.numSymmetries());
                    if (sym[i] == 0) continue;
                    System.arraycopy(o, i * r.obsSize, in, 0, r.obsSize);
                    symmetries.transformObservation(sym[i], in, out);
                    System.arraycopy(out, 0, o, i * r.obsSize, r.obsSize);
                }
            }
            Tensor s = net.represent(Tensor.of(o, bs, r.obsSize));
            Tensor loss = null;
            float[] v0 = null, z0 = null;
            Tensor valueLoss = null, rewardLoss = null, policyLoss = null, rewardLogitsPending = null;
            for (int k = 0; k <= kMax; k++) {
                // targets at t + k: z, u (k ≥ 1), π, with masks past the episode end
                float[] z = new float[bs], u = new float[bs], pi = new float[bs * numActions];
                float[] maskV = new float[bs], maskP = new float[bs], maskR = new float[bs];
                int[] act = new int[bs];
                for (int i = 0; i < bs; i++) {
                    long g = t[i] + k, end = r.episodeEnd[r.slot(t[i])];
                    boolean term = r.terminated[r.slot(t[i])];
                    if (g < end) {
                        boolean fresh = reanalyse != null && i < reanalysedRows;
                        z[i] = valueTarget(r, g, c.tdSteps(), c.discount(), fresh ? reanalyse : null);
                        System.arraycopy(fresh ? reanalyse.policy(g) : r.policy, fresh ? 0 : r.slot(g) * numActions, pi,
                                i * numActions, numActions);
                        if (sym != null && sym[i] != 0) permute(symmetries, sym[i], pi, i * numActions, numActions);
                        maskV[i] = 1;
                        maskP[i] = 1;
                    } else {
                        maskV[i] = term ? 1 : 0; // absorbing: value 0 after a termination, unknown after a truncation
                    }
                    if (k >= 1) {
                        u[i] = g - 1 < end ? r.rewards[r.slot(g - 1)] : 0;
                        maskR[i] = g - 1 < end || term ? 1 : 0;
                    }
                    act[i] = g < end ? r.actions[r.slot(g)] : rng.nextInt(numActions);
                    if (g < end && sym != null && sym[i] != 0) act[i] = symmetries.transformAction(sym[i], act[i]);
                }
                Tensor valueLogits = net.value.forward(s), policyLogits = net.policy.forward(s);
                Tensor lv = crossEntropyRows(valueLogits, net.valueSupport.scalarToSupport(z)).mul(Tensor.of(maskV, bs));
                Tensor lp = crossEntropyRows(policyLogits, Tensor.of(pi, bs, numActions)).mul(Tensor.of(maskP, bs));
                Tensor term = lv.mul((float) c.valueLossWeight()).add(lp);
                if (k == 0) {
                    v0 = net.valueSupport.supportToScalar(valueLogits.detach());
                    z0 = z;
                }
                if (k >= 1) {
                    // the reward of the dynamics step into s^k, computed below in the previous iteration
                    Tensor lr = crossEntropyRows(rewardLogitsPending, net.rewardSupport.scalarToSupport(u)).mul(Tensor.of(maskR, bs));
                    term = term.add(lr).mul(1f / kMax);
                    rewardLoss = rewardLoss == null ? lr : rewardLoss.add(lr);
                }
                valueLoss = valueLoss == null ? lv : valueLoss.add(lv);
                policyLoss = policyLoss == null ? lp : policyLoss.add(lp);
                loss = loss == null ? term : loss.add(term);
                if (k < kMax) {
                    // g with the gradient into s halved (Appendix G): s ← ½ s + ½ stop_gradient(s)
                    Tensor half = s.mul(0.5f).add(s.detach().mul(0.5f));
                    Tensor in = net.dynamicsInput(half, act);
                    rewardLogitsPending = net.reward.forward(in);
                    s = Networks.scale(net.dynamics.forward(in));
                }
            }
            Tensor weighted = loss.mul(w).mean();
            optimizer.zeroGrad();
            weighted.backward();
            if (c.maxGradNorm() > 0) GradClip.clipGradNorm(net.parameters(), (float) c.maxGradNorm());
            optimizer.step();
            valueLossSum += valueLoss.mean().item();
            rewardLossSum += rewardLoss.mean().item();
            policyLossSum += policyLoss.mean().item();
            // new priorities |v⁰ − z|
            for (int i = 0; i < bs; i++) {
                double p = Math.abs(v0[i] - z0[i]) + 1e-6;
                r.priorities.set(r.slot(t[i]), Math.pow(p, c.priorityAlpha()));
            }
        }
        net.eval();
        int n = Math.max(1, c.gradientSteps());
        sink.record(step, "losses/value_loss", valueLossSum / n);
        sink.record(step, "losses/reward_loss", rewardLossSum / n);
        sink.record(step, "losses/policy_loss", policyLossSum / n);
        sink.record(step, "losses/loss", (c.valueLossWeight() * valueLossSum + rewardLossSum + policyLossSum) / n);
    }

    /** Moves {@code p[off + a]} to {@code p[off + transformAction(k, a)]} for every action a. */
    private static void permute(dev.bellman.games.Game game, int k, float[] p, int off, int n) {
        float[] copy = java.util.Arrays.copyOfRange(p, off, off + n);
        for (int a = 0; a < n; a++) p[off + game.transformAction(k, a)] = copy[a];
    }

    /** Per-row cross-entropy {@code −Σ_k q_k log softmax(z)_k}, shape [N]. */
    static Tensor crossEntropyRows(Tensor logits, Tensor probs) {
        return probs.mul(logits.logSoftmax(1)).sum(1, false).mul(-1f);
    }
}
