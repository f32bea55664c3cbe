package dev.bellman.algorithms.dqn;

import dev.bellman.optim.Adam;
import dev.bellman.optim.Optimizer;
import dev.bellman.optim.RmsProp;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainingState;
import dev.bellman.core.replay.ByteReplayBuffer;
import dev.bellman.core.replay.NStepAccumulator;
import dev.bellman.core.replay.PrioritizedReplayBuffer;
import dev.bellman.core.replay.ReplayBuffer;
import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.nn.Activation;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Linear;
import dev.bellman.nn.MinAtarCnn;
import dev.bellman.nn.Module;
import dev.bellman.nn.NatureCnn;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.GradClip;
import dev.bellman.tensor.ByteImages;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Deep Q-Network (Mnih et al. 2013, "Playing Atari with Deep Reinforcement Learning"; Mnih et al. 2015,
 * "Human-level control through deep reinforcement learning", Nature 518) with the refinements users
 * expect, each a toggle and all combinable: Double DQN (van Hasselt, Guez and Silver 2016, AAAI), the
 * dueling head (Wang et al. 2016, ICML), proportional prioritized replay (Schaul et al. 2016, ICLR) and
 * n-step returns (Sutton 1988; Hessel et al. 2018, "Rainbow", AAAI).
 *
 * <p>Equations, as implemented (at the lines marked with them):
 * <pre>
 *   ε-greedy:   a_t = uniform action with prob. ε_t, else argmax_a Q(s_t, a; θ);  ε_t linear from startE to endE
 *               over explorationFraction · totalTimesteps steps, then endE; with explorationAfterWarmup ε_t = 1 for
 *               t < learningStarts and the decay starts at t = learningStarts (the MinAtar reference agent)
 *   target:     y = R^(k) + γ^k (1 − terminated) Q(s', a*; θ⁻),   R^(k) = Σ_{j<k} γ^j r_j   (k = nStep, shorter at episode ends)
 *               a* = argmax_a Q(s', a; θ⁻)   (DQN, Mnih et al. 2015, eq. 3 / Methods)
 *               a* = argmax_a Q(s', a; θ)    (Double DQN, van Hasselt et al. 2016, eq. 4)
 *   loss:       L(θ) = (1/B) Σ_i w_i ℓ(Q(s_i, a_i; θ) − y_i),   ℓ = squared error or Huber (δ = 1)
 *               w_i = 1, or the importance weights (N P(i))^−β / max w of prioritized replay (Schaul et al., Sec. 3.4)
 *   priorities: p_i = |Q(s_i, a_i; θ) − y_i| + ε_p,   P(i) = p_i^α / Σ p^α
 *   dueling:    Q(s, a) = V(s) + A(s, a) − (1/|A|) Σ_a' A(s, a')   (Wang et al. 2016, eq. 9)
 *   target net: every targetNetworkFrequency steps θ⁻ ← τ θ + (1 − τ) θ⁻   (τ = 1: the hard copy of Mnih et al.)
 *   step size:  lr, or with annealLr lr · (1 − t / totalTimesteps) at the update after env step t
 * </pre>
 *
 * <p>The loop follows CleanRL's {@code dqn.py} (Huang et al. 2022): one visible training loop, a
 * seeded ε-greedy rollout into a uniform replay buffer, an update every {@code trainFrequency} steps after
 * {@code learningStarts}, a target update every {@code targetNetworkFrequency} steps. Options CleanRL lacks
 * follow Stable-Baselines3's {@code DQN} ({@code gradientSteps}, {@code maxGradNorm}, Huber loss) and the
 * RL Zoo's tuned values ({@code hyperparams/dqn.yml}).
 *
 * <p>Symbols: {@code gamma} = γ, {@code tau} = τ, {@code online} = Q(·; θ), {@code target} = Q(·; θ⁻),
 * {@code epsilon} = ε_t, {@code alpha} = α, {@code beta} = β (annealed linearly from {@code prioritizedReplayBeta0}
 * to 1 over training), {@code nStep} = n, {@code horizon} = k.
 *
 * <h2>Implementation notes</h2>
 * Torsos: an MLP with ReLU for vector observations (CleanRL's 120-84 by default); for image observations
 * {@code [C, H, W]} (float or uint8) the Nature CNN ({@link NatureCnn}, H, W ≥ 36) or the MinAtar CNN ({@link MinAtarCnn}),
 * with a linear (or dueling) head on top. MLP networks train through the fused {@link MlpQKernel}
 * (hand-written forward and backward on the same parameters, checked against autodiff); other torsos
 * through the autodiff graph. Only the greedy forward pass of the acting step runs per env step, and only
 * when some copy acts greedily. The fused kernel's sums have a fixed order that does not depend on the
 * machine's vector width, so an MLP run gives the same bits on every machine (DQN is chaotic in the last bit:
 * without this a learning result seen on one machine would be another run on the next). With more than one kernel
 * thread ({@code -Dbellman.threads}), plain DQN on an MLP computes the target network's Q(s', ·) on one core while
 * the online network's forward pass of the same update runs on the other, each exactly as on one thread, so the
 * run is the same for any thread count. A CNN torso on uint8 images does the same with the two taped and untaped
 * forward passes (the kernels inside each task run their fixed partitions inline), then the backward pass and the
 * optimizer use both threads by their own fixed partitions.
 *
 * <p><b>Deviations from Mnih et al. 2015</b>:
 * <ol>
 *   <li>Adam (PyTorch defaults, ε = 1e-8) by default instead of RMSProp with lr 2.5e-4, momentum 0.95; optionally
 *       ({@code annealLr}) with the step size decayed linearly to 0, as the tuned MountainCar-v0 values use.
 *       {@code optimizer = rmsprop} selects {@code torch.optim.RMSprop} (α, ε, centered as configured, no momentum),
 *       which the MinAtar reference agent uses (centered, α 0.95, ε 0.01, lr 2.5e-4).</li>
 *   <li>No frame skipping, frame stacking, reward clipping or no-op starts: those are env wrappers
 *       (pixel tasks arrive later); observations are used as given.</li>
 *   <li>The error clipping of the paper (|δ| clipped to 1, i.e. the Huber loss) is the {@code loss = huber}
 *       option; CleanRL's default, MSE, is the default here.</li>
 *   <li>Replay capacity (10⁶ in the paper), learning starts (50,000), minibatch size (32), update period
 *       (every 4 steps), target period (10,000 updates in the paper, counted here in env steps) and the ε
 *       schedule (1 → 0.1 over 10⁶ frames) follow CleanRL's / the RL Zoo's small-task values.</li>
 *   <li>Weights start from PyTorch's default initialisation; the greedy policy is evaluated with ε = 0
 *       (the paper evaluates with ε = 0.05).</li>
 *   <li>Optional gradient-norm clipping ({@code maxGradNorm}, SB3's) and several gradient steps per update.</li>
 *   <li>Time limits: transitions cut by truncation bootstrap from the real final observation; the paper
 *       treats every episode end as terminal.</li>
 *   <li>Image observations from a uint8 space ({@link ByteBox}) stay bytes when the torso is a CNN and replay is
 *       uniform and one-step: a {@link ByteReplayBuffer} stores each frame once (bits for 0/1 planes) and the first
 *       convolution reads the sampled bytes ({@link ByteImages}), divided by 255 for the Nature CNN on 0–255 pixels
 *       (CleanRL's {@code x / 255.0}) and by 1 otherwise, exactly as the float path scales the same values. With
 *       prioritized replay, n-step returns or an MLP torso, uint8 observations are converted to floats per step and
 *       stored as floats (4 bytes per value). Float image envs are stored as floats.</li>
 *   <li>Exploration decides per vector copy (SB3), not once for all copies (CleanRL).</li>
 *   <li>The dueling streams are single linear layers on the shared torso (Wang et al. use a hidden layer per
 *       stream).</li>
 *   <li>Prioritized replay uses stratified proportional sampling and normalises the weights by the
 *       largest weight in the minibatch (Dopamine), not over the whole buffer; β anneals from β₀ to 1 over
 *       all of training.</li>
 * </ol>
 *
 * <p><b>Checkpoints: what is saved</b> ({@code state.bin}, a {@link TrainingState} file, written at the end of a
 * loop iteration when {@link Checkpoints#due} says so): the online and target parameters (the fused kernel
 * reads them in place, so they are all it uses), the optimizer's state (Adam's moments and step counts, or RMSprop's averages), the four generators (root,
 * init, exploration, sampling), the vector env (every copy's state and episode bookkeeping), the current
 * observations (bytes for uint8 images), the replay buffer's filled slots, cursor and size (prioritized: every leaf
 * priority and the largest priority; uint8 images: the byte replay's frames, frame numbers and cursors), the n-step
 * windows, and the global step, update and iteration counters. ε and β are
 * functions of the global step. A string naming the variant, network and state shapes is saved too: resuming
 * with another one fails with a message naming both.
 */
public final class Dqn {
    private Dqn() {}

    /**
     * DQN's hyperparameters, CleanRL's names; {@link #cleanRl()} gives CleanRL's {@code dqn.py} defaults.
     *
     * @param totalTimesteps total environment steps (summed over copies)
     * @param learningRate the optimizer's step size (the initial one when {@code annealLr})
     * @param annealLr decay the step size linearly to 0 over totalTimesteps (SB3's {@code lin_} schedule)
     * @param numEnvs parallel env copies
     * @param bufferSize replay capacity in transitions
     * @param gamma discount factor γ
     * @param tau target-network update coefficient τ (1 = hard copy)
     * @param targetNetworkFrequency env steps between target-network updates
     * @param batchSize transitions per minibatch
     * @param startE ε at the start
     * @param endE ε after the decay
     * @param explorationFraction fraction of totalTimesteps over which ε decays linearly
     * @param learningStarts env steps before learning starts
     * @param trainFrequency vector steps between updates
     * @param gradientSteps gradient steps per update
     * @param maxGradNorm gradient-norm clipping threshold, 0 for none
     * @param loss {@code mse} or {@code huber}
     * @param netArch hidden-layer widths of the MLP torso (ignored by the CNN torsos)
     * @param doubleQ Double DQN targets
     * @param dueling dueling head
     * @param prioritizedReplay proportional prioritized replay
     * @param prioritizedReplayAlpha priority exponent α
     * @param prioritizedReplayBeta0 initial importance-sampling exponent β₀ (annealed to 1)
     * @param prioritizedReplayEps ε added to |δ| in priorities
     * @param nStep n of the n-step return (1 = one-step)
     * @param torso {@code auto} (MLP for vectors, a CNN for [C, H, W] images), {@code mlp}, {@code nature-cnn}, {@code minatar-cnn}
     * @param seed the run's seed
     * @param optimizer {@code adam} (PyTorch's Adam, ε 1e-8) or {@code rmsprop} ({@code torch.optim.RMSprop} with
     *     {@code rmspropAlpha}, {@code rmspropEps}, {@code rmspropCentered}, no momentum)
     * @param rmspropAlpha RMSprop's smoothing constant α (the squared-gradient average's decay)
     * @param rmspropEps RMSprop's ε, added outside the square root
     * @param rmspropCentered the centered RMSprop of Graves (2013): divide by an estimate of the gradient's variance
     * @param explorationAfterWarmup act uniformly for the first learningStarts steps and start ε's decay there, as the
     *     MinAtar reference agent ({@code examples/dqn.py}: uniform for its 5,000 replay-start frames, then ε 1 → 0.1
     *     over 100,000 frames); false: CleanRL's {@code linear_schedule} from step 0
     */
    public record Config(long totalTimesteps, double learningRate, boolean annealLr, int numEnvs, int bufferSize, double gamma, double tau,
                         int targetNetworkFrequency, int batchSize, double startE, double endE,
                         double explorationFraction, long learningStarts, int trainFrequency, int gradientSteps,
                         double maxGradNorm, String loss, List<Integer> netArch, boolean doubleQ, boolean dueling,
                         boolean prioritizedReplay, double prioritizedReplayAlpha, double prioritizedReplayBeta0,
                         double prioritizedReplayEps, int nStep, String torso, long seed, String optimizer,
                         double rmspropAlpha, double rmspropEps, boolean rmspropCentered,
                         boolean explorationAfterWarmup) {

        /** The config with Adam as the optimizer (the components before {@code optimizer}). */
        public Config(long totalTimesteps, double learningRate, boolean annealLr, int numEnvs, int bufferSize, double gamma,
                      double tau, int targetNetworkFrequency, int batchSize, double startE, double endE,
                      double explorationFraction, long learningStarts, int trainFrequency, int gradientSteps,
                      double maxGradNorm, String loss, List<Integer> netArch, boolean doubleQ, boolean dueling,
                      boolean prioritizedReplay, double prioritizedReplayAlpha, double prioritizedReplayBeta0,
                      double prioritizedReplayEps, int nStep, String torso, long seed) {
            this(totalTimesteps, learningRate, annealLr, numEnvs, bufferSize, gamma, tau, targetNetworkFrequency, batchSize,
                    startE, endE, explorationFraction, learningStarts, trainFrequency, gradientSteps, maxGradNorm, loss,
                    netArch, doubleQ, dueling, prioritizedReplay, prioritizedReplayAlpha, prioritizedReplayBeta0,
                    prioritizedReplayEps, nStep, torso, seed, "adam", 0.99, 1e-8, false, false);
        }

        public Config {
            positive("totalTimesteps", totalTimesteps);
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be positive but was " + learningRate);
            }
            positive("numEnvs", numEnvs);
            positive("bufferSize", bufferSize);
            unit("gamma", gamma);
            if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in (0, 1] but was " + tau);
            positive("targetNetworkFrequency", targetNetworkFrequency);
            positive("batchSize", batchSize);
            unit("startE", startE);
            unit("endE", endE);
            if (!(explorationFraction > 0 && explorationFraction <= 1)) {
                throw new IllegalArgumentException("explorationFraction must be in (0, 1] but was " + explorationFraction);
            }
            if (learningStarts < 0) throw new IllegalArgumentException("learningStarts must be >= 0 but was " + learningStarts);
            positive("trainFrequency", trainFrequency);
            positive("gradientSteps", gradientSteps);
            if (!(maxGradNorm >= 0)) throw new IllegalArgumentException("maxGradNorm must be >= 0 (0 = off) but was " + maxGradNorm);
            Objects.requireNonNull(loss, "loss");
            if (!loss.equals("mse") && !loss.equals("huber")) {
                throw new IllegalArgumentException("loss must be mse or huber but was '" + loss + "'");
            }
            netArch = List.copyOf(Objects.requireNonNull(netArch, "netArch"));
            if (netArch.isEmpty() || netArch.stream().anyMatch(w -> w <= 0)) {
                throw new IllegalArgumentException("netArch must be one or more positive widths but was " + netArch);
            }
            unit("prioritizedReplayAlpha", prioritizedReplayAlpha);
            unit("prioritizedReplayBeta0", prioritizedReplayBeta0);
            if (!(prioritizedReplayEps > 0)) {
                throw new IllegalArgumentException("prioritizedReplayEps must be positive but was " + prioritizedReplayEps);
            }
            if (nStep < 1 || nStep > 100) throw new IllegalArgumentException("nStep must be in [1, 100] but was " + nStep);
            Objects.requireNonNull(torso, "torso");
            if (!List.of("auto", "mlp", "nature-cnn", "minatar-cnn").contains(torso)) {
                throw new IllegalArgumentException("torso must be auto, mlp, nature-cnn or minatar-cnn but was '" + torso + "'");
            }
            Objects.requireNonNull(optimizer, "optimizer");
            if (!optimizer.equals("adam") && !optimizer.equals("rmsprop")) {
                throw new IllegalArgumentException("optimizer must be adam or rmsprop but was '" + optimizer + "'");
            }
            if (!(rmspropAlpha >= 0 && rmspropAlpha < 1)) {
                throw new IllegalArgumentException("rmspropAlpha must be in [0, 1) but was " + rmspropAlpha);
            }
            if (!(rmspropEps > 0) || Double.isInfinite(rmspropEps)) {
                throw new IllegalArgumentException("rmspropEps must be positive but was " + rmspropEps);
            }
        }

        /** This config with the optimizer settings given (see the record components). */
        public Config withOptimizer(String optimizer, double rmspropAlpha, double rmspropEps, boolean rmspropCentered) {
            return new Config(totalTimesteps, learningRate, annealLr, numEnvs, bufferSize, gamma, tau, targetNetworkFrequency,
                    batchSize, startE, endE, explorationFraction, learningStarts, trainFrequency, gradientSteps,
                    maxGradNorm, loss, netArch, doubleQ, dueling, prioritizedReplay, prioritizedReplayAlpha,
                    prioritizedReplayBeta0, prioritizedReplayEps, nStep, torso, seed, optimizer, rmspropAlpha, rmspropEps,
                    rmspropCentered, explorationAfterWarmup);
        }

        private static void positive(String name, long v) {
            if (v <= 0) throw new IllegalArgumentException(name + " must be positive but was " + v);
        }

        private static void unit(String name, double v) {
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1] but was " + v);
        }

        /** CleanRL's {@code dqn.py} defaults (500,000 steps of CartPole-v1, 120-84 ReLU, MSE, Adam 2.5e-4). */
        public static Config cleanRl() {
            return new Config(500_000, 2.5e-4, false, 1, 10_000, 0.99, 1.0, 500, 128, 1.0, 0.05, 0.5, 10_000, 10, 1, 0, "mse",
                    List.of(120, 84), false, false, false, 0.6, 0.4, 1e-6, 1, "auto", 1);
        }

        public Config withTotalTimesteps(long v) {
            return new Config(v, learningRate, annealLr, numEnvs, bufferSize, gamma, tau, targetNetworkFrequency, batchSize, startE,
                    endE, explorationFraction, learningStarts, trainFrequency, gradientSteps, maxGradNorm, loss, netArch,
                    doubleQ, dueling, prioritizedReplay, prioritizedReplayAlpha, prioritizedReplayBeta0,
                    prioritizedReplayEps, nStep, torso, seed, optimizer, rmspropAlpha, rmspropEps, rmspropCentered,
                    explorationAfterWarmup);
        }

        public Config withSeed(long v) {
            return new Config(totalTimesteps, learningRate, annealLr, numEnvs, bufferSize, gamma, tau, targetNetworkFrequency,
                    batchSize, startE, endE, explorationFraction, learningStarts, trainFrequency, gradientSteps,
                    maxGradNorm, loss, netArch, doubleQ, dueling, prioritizedReplay, prioritizedReplayAlpha,
                    prioritizedReplayBeta0, prioritizedReplayEps, nStep, torso, v, optimizer, rmspropAlpha, rmspropEps,
                    rmspropCentered, explorationAfterWarmup);
        }

        /** This config with Double DQN, the dueling head, prioritized replay and {@code n}-step returns set as given. */
        public Config withRefinements(boolean doubleQ, boolean dueling, boolean prioritized, int n) {
            return new Config(totalTimesteps, learningRate, annealLr, numEnvs, bufferSize, gamma, tau, targetNetworkFrequency,
                    batchSize, startE, endE, explorationFraction, learningStarts, trainFrequency, gradientSteps,
                    maxGradNorm, loss, netArch, doubleQ, dueling, prioritized, prioritizedReplayAlpha,
                    prioritizedReplayBeta0, prioritizedReplayEps, n, torso, seed, optimizer, rmspropAlpha, rmspropEps,
                    rmspropCentered, explorationAfterWarmup);
        }

        /**
         * ε at env step {@code t}: linear from startE to endE over explorationFraction · totalTimesteps (CleanRL's
         * linear_schedule); with explorationAfterWarmup 1 before learningStarts and the same decay from there.
         */
        public double epsilonAt(long t) {
            if (explorationAfterWarmup) {
                if (t < learningStarts) return 1.0;
                t -= learningStarts;
            }
            double duration = explorationFraction * totalTimesteps;
            double slope = (endE - startE) / duration;
            return Math.max(slope * t + startE, Math.min(startE, endE));
        }
    }

    /**
     * The network's shape, saved with its weights.
     *
     * @param obsShape one observation's shape ({@code [d]} or {@code [C, H, W]})
     * @param numActions number of discrete actions
     * @param actionStart the first action's value (Discrete.start)
     * @param netArch MLP hidden widths
     * @param dueling dueling head
     * @param torso {@code mlp}, {@code nature-cnn} or {@code minatar-cnn}
     * @param scaleInput divide pixel inputs by 255 (Nature CNN)
     */
    record Architecture(int[] obsShape, int numActions, int actionStart, List<Integer> netArch, boolean dueling,
                        String torso, boolean scaleInput) {
        Architecture {
            obsShape = obsShape.clone();
            netArch = List.copyOf(netArch);
            if (numActions <= 0) throw new IllegalArgumentException("numActions must be positive but was " + numActions);
        }

        int obsDim() {
            int d = 1;
            for (int s : obsShape) d *= s;
            return d;
        }

        /** The torso {@code auto} resolves to for an observation shape. */
        static String resolveTorso(String torso, int[] obsShape) {
            if (!torso.equals("auto")) return torso;
            if (obsShape.length == 3) return obsShape[1] >= 36 && obsShape[2] >= 36 ? "nature-cnn" : "minatar-cnn";
            return "mlp";
        }

        Map<String, String> toMetadata() {
            return Map.of("format", "bellman-dqn-1", "obs_shape", join(obsShape), "num_actions", Integer.toString(numActions),
                    "action_start", Integer.toString(actionStart), "net_arch", join(netArch.stream().mapToInt(i -> i).toArray()),
                    "dueling", Boolean.toString(dueling), "torso", torso, "scale_input", Boolean.toString(scaleInput));
        }

        static Architecture fromMetadata(Map<String, String> m) {
            if (!"bellman-dqn-1".equals(m.get("format"))) {
                throw new IllegalArgumentException("not a Bellman DQN network (format " + m.get("format") + ", expected bellman-dqn-1)");
            }
            return new Architecture(split(m.get("obs_shape")), Integer.parseInt(m.get("num_actions")),
                    Integer.parseInt(m.get("action_start")), Arrays.stream(split(m.get("net_arch"))).boxed().toList(),
                    Boolean.parseBoolean(m.get("dueling")), m.get("torso"), Boolean.parseBoolean(m.get("scale_input")));
        }

        private static String join(int[] v) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(v[i]);
            return sb.toString();
        }

        private static int[] split(String s) {
            return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.strip())).toArray();
        }
    }

    /** Q(s, ·; θ): a torso and a linear or dueling head; MLP networks run through the fused kernel. */
    static final class QNetwork extends Module {
        final Architecture arch;
        private final Module torso;
        private final Linear head;
        private final Linear value;
        private final MlpQKernel kernel; // null for CNN torsos
        private final int[] batchShape;

        QNetwork(Architecture arch, Rng rng) {
            this.arch = arch;
            int features;
            List<Linear> mlp = null;
            switch (arch.torso()) {
                case "mlp" -> {
                    mlp = new ArrayList<>();
                    List<Module> layers = new ArrayList<>();
                    int in = arch.obsDim();
                    for (int w : arch.netArch()) {
                        Linear l = new Linear(in, w, LayerInit.torchDefault(), rng);
                        mlp.add(l);
                        layers.add(l);
                        layers.add(Activation.relu());
                        in = w;
                    }
                    torso = new Sequential(layers);
                    features = in;
                }
                case "nature-cnn" -> {
                    int[] s = chw(arch.obsShape());
                    NatureCnn c = new NatureCnn(s[0], s[1], s[2], arch.scaleInput(), LayerInit.torchDefault(), rng);
                    torso = c;
                    features = c.outputDim();
                }
                case "minatar-cnn" -> {
                    int[] s = chw(arch.obsShape());
                    MinAtarCnn c = new MinAtarCnn(s[0], s[1], s[2], LayerInit.torchDefault(), rng);
                    torso = c;
                    features = c.outputDim();
                }
                default -> throw new IllegalArgumentException("unknown torso '" + arch.torso() + "'");
            }
            registerModule("torso", torso);
            head = new Linear(features, arch.numActions(), LayerInit.torchDefault(), rng);
            registerModule(arch.dueling() ? "advantage" : "head", head);
            value = arch.dueling() ? new Linear(features, 1, LayerInit.torchDefault(), rng) : null;
            if (value != null) registerModule("value", value);
            kernel = mlp == null ? null : new MlpQKernel(mlp, head, value);
            batchShape = new int[arch.obsShape().length + 1];
            System.arraycopy(arch.obsShape(), 0, batchShape, 1, arch.obsShape().length);
        }

        private static int[] chw(int[] shape) {
            if (shape.length != 3) {
                throw new IllegalArgumentException("a CNN torso needs [C, H, W] observations but got " + Arrays.toString(shape));
            }
            return shape;
        }

        /** The autodiff graph (any torso): x [B, ...obsShape] → Q [B, numActions]. */
        @Override
        public Tensor forward(Tensor x) {
            return head(torso.forward(x));
        }

        /** The CNN torsos on 8-bit images, read by the first convolution (divided by 255 with scaleInput, else by 1). */
        private Tensor forward(ByteImages x) {
            return head(torso instanceof NatureCnn n ? n.forward(x) : ((MinAtarCnn) torso).forward(x));
        }

        private Tensor head(Tensor h) {
            Tensor q = head.forward(h);
            if (value == null) return q;
            // dueling (Wang et al. 2016, eq. 9): Q = V + A − mean_a A
            return value.forward(h).add(q.sub(q.mean(1, true)));
        }

        private Tensor input(float[] x, int b) {
            int len = b * arch.obsDim();
            batchShape[0] = b;
            return Tensor.of(x.length == len ? x : Arrays.copyOf(x, len), batchShape);
        }

        /** Q values of {@code b} observations into {@code out[b * numActions]}, no gradient. */
        void qValues(float[] x, int b, float[] out) {
            if (kernel != null) {
                kernel.forward(x, b, out);
                return;
            }
            try (Tensor.Scope ignored = Tensor.noGrad()) {
                Tensor q = forward(input(x, b));
                System.arraycopy(q.data(), q.offset(), out, 0, b * arch.numActions());
            }
        }

        /** Q values of the {@code x.n()} images {@code x} into {@code out}, no gradient (CNN torsos). */
        void qValues(ByteImages x, float[] out) {
            try (Tensor.Scope ignored = Tensor.noGrad()) {
                Tensor q = forward(x);
                System.arraycopy(q.data(), q.offset(), out, 0, x.n() * arch.numActions());
            }
        }

        /** Whether the fused kernel holds the forward pass of the next lossAndGrad ({@link #targetValuesBesideForward}). */
        private boolean forwardReady;

        /**
         * With more than one thread and fused kernels on both networks: the target network's Q values of {@code next}
         * into {@code out} and this network's forward pass of the next {@link #lossAndGrad} (which must take the same x
         * and b) as two fixed tasks, one per network, each computed as on one thread (the update's only independent
         * halves: the target's forward is about a fifth of an update). Returns false and does nothing with one thread,
         * other torsos, or passes too small to be worth a hand-over ({@link MlpQKernel#SPLIT_MIN_FLOPS}).
         */
        boolean targetValuesBesideForward(QNetwork target, float[] next, float[] x, int b, float[] out) {
            if (kernel == null || target.kernel == null || !MlpQKernel.twoTasks(kernel.forwardFlops(b))) return false;
            Parallel.forEachTask(2, t -> {
                if (t == 0) target.kernel.forward(next, b, out);
                else kernel.forwardForLoss(x, b);
            });
            forwardReady = true;
            return true;
        }

        /** The weighted TD loss and its gradient in the parameters' gradient arrays (see {@link MlpQKernel#lossAndGrad}). */
        float lossAndGrad(float[] x, int b, int[] actions, float[] targets, float[] weights, boolean huber,
                          float[] tdOut, float[] qTakenOut) {
            if (kernel != null) {
                boolean ready = forwardReady;
                forwardReady = false;
                return ready ? kernel.lossAndGradAfterForward(x, b, actions, targets, weights, huber, tdOut, qTakenOut)
                        : kernel.lossAndGrad(x, b, actions, targets, weights, huber, tdOut, qTakenOut);
            }
            zeroGrad();
            return tdLoss(forward(input(x, b)), b, actions, targets, weights, huber, tdOut, qTakenOut);
        }

        /** This network's taped forward pass of the next byte-image lossAndGrad, when {@link #targetValuesBesideForward} made it. */
        private Tensor readyQ;
        private ByteImages readyX;

        /**
         * The byte-image (CNN) counterpart of {@link #targetValuesBesideForward(QNetwork, float[], float[], int, float[])}:
         * with more than one kernel thread, the target network's Q values of {@code next} into {@code out} and this
         * network's taped forward pass of the next {@link #lossAndGrad(ByteImages, int[], float[], float[], boolean,
         * float[], float[])} on {@code x} run as two tasks, one per network; a kernel called inside a task runs its own
         * fixed partition inline, so each pass is computed exactly as on one thread. Returns false and does nothing
         * with one thread or an MLP torso.
         */
        boolean targetValuesBesideForward(QNetwork target, ByteImages next, ByteImages x, float[] out) {
            if (kernel != null || Parallel.threads() < 2) return false;
            Tensor[] q = new Tensor[1];
            Parallel.forEachTask(2, t -> {
                if (t == 0) target.qValues(next, out);
                else q[0] = forward(x);
            });
            readyQ = q[0];
            readyX = x;
            return true;
        }

        /** {@link #lossAndGrad(float[], int, int[], float[], float[], boolean, float[], float[])} on 8-bit images (CNN torsos). */
        float lossAndGrad(ByteImages x, int[] actions, float[] targets, float[] weights, boolean huber,
                          float[] tdOut, float[] qTakenOut) {
            Tensor q = readyX == x ? readyQ : null;
            readyQ = null;
            readyX = null;
            zeroGrad();
            return tdLoss(q != null ? q : forward(x), x.n(), actions, targets, weights, huber, tdOut, qTakenOut);
        }

        private float tdLoss(Tensor q, int b, int[] actions, float[] targets, float[] weights, boolean huber,
                             float[] tdOut, float[] qTakenOut) {
            Tensor qa = q.gather(1, Arrays.copyOf(actions, b)).reshape(b);
            Tensor d = qa.sub(Tensor.of(Arrays.copyOf(targets, b), b));
            Tensor l = huber
                    ? Tensor.where(d.detach().abs().lt(1f), d.square().mul(0.5f), d.abs().sub(0.5f))
                    : d.square();
            Tensor loss = weights == null ? l.mean() : l.mul(Tensor.of(Arrays.copyOf(weights, b), b)).mean();
            loss.backward();
            for (int i = 0; i < b; i++) {
                float qi = qa.data()[qa.offset() + i];
                if (tdOut != null) tdOut[i] = qi - targets[i];
                if (qTakenOut != null) qTakenOut[i] = qi;
            }
            return loss.item();
        }
    }

    /** Trains on {@code envId} ({@code numEnvs} copies, same-step autoreset) and returns the greedy policy. */
    public static QPolicy train(String envId, Config c, MetricsSink sink) {
        try (VectorEnv envs = VectorEnvs.make(envId, c.numEnvs(), AutoresetMode.SAME_STEP)) {
            return train(envs, c, sink);
        }
    }

    /**
     * Trains on {@code envs} (Box observations, Discrete actions, {@link AutoresetMode#SAME_STEP}) and returns
     * the greedy policy. The envs are reset with {@code c.seed()} (copy i gets seed + i).
     */
    public static QPolicy train(VectorEnv envs, Config c, MetricsSink sink) {
        return train(envs, c, sink, Checkpoints.none());
    }

    /**
     * {@link #train(VectorEnv, Config, MetricsSink)} writing a checkpoint whenever {@code checkpoints} says one is
     * due (at the end of a loop iteration) and, when it holds one to resume from, continuing from it; the resumed
     * run ends with the metrics and weights of the uninterrupted one (see the class notes, "Checkpoints").
     *
     * @throws IllegalArgumentException if the checkpoint was written by another algorithm or another DQN variant
     * @throws dev.bellman.core.NonFiniteException when a loss, the gradient norm or a parameter becomes NaN or infinite
     *     after an update (checked after every update; nothing is saved after it)
     */
    public static QPolicy train(VectorEnv envs, Config c, MetricsSink sink, Checkpoints checkpoints) {
        if (envs.numEnvs() != c.numEnvs()) {
            throw new IllegalArgumentException("numEnvs is " + c.numEnvs() + " but the vector env has " + envs.numEnvs() + " copies");
        }
        if (envs.autoresetMode() != AutoresetMode.SAME_STEP) {
            throw new IllegalArgumentException("DQN needs AutoresetMode.SAME_STEP (final observations of truncated episodes) but got "
                    + envs.autoresetMode());
        }
        if (!(envs.singleActionSpace() instanceof Discrete actionSpace)) {
            throw new IllegalArgumentException("DQN needs a Discrete action space but got " + envs.singleActionSpace());
        }
        Box obsSpace = envs.singleObservationSpace();
        int numEnvs = c.numEnvs();
        int obsDim = envs.observationSize();
        int numActions = actionSpace.n();
        String torso = Architecture.resolveTorso(c.torso(), obsSpace.shape());
        boolean scaleInput = torso.equals("nature-cnn") && obsSpace.high(0) > 1;
        Architecture arch = new Architecture(obsSpace.shape(), numActions, actionSpace.start(), c.netArch(), c.dueling(),
                torso, scaleInput);

        // seeding: one root generator; network init, exploration and minibatch sampling get their own streams
        Rng root = new Rng(c.seed());
        Rng initRng = root.split();
        Rng exploreRng = root.split();
        Rng sampleRng = root.split();
        QNetwork online = new QNetwork(arch, initRng);
        QNetwork target = new QNetwork(arch, initRng);
        target.copyFrom(online);
        List<Tensor> params = online.parameters();
        // Adam, or RMSprop as in the MinAtar reference agent (Young & Tian 2019: centered, α 0.95, ε 0.01)
        String optName = c.optimizer();
        Optimizer optimizer = optName.equals("rmsprop")
                ? new RmsProp(params, new RmsProp.Config(c.learningRate(), c.rmspropAlpha(), c.rmspropEps(), 0, 0, c.rmspropCentered()))
                : new Adam(params, c.learningRate());
        FiniteGuard guard = FiniteGuard.forLearningRate("dqn", c.learningRate());

        // uint8 images for a CNN torso stay bytes end to end: replay of bytes (bits for 0/1 planes), ByteImages batches
        ByteBox byteSpace = envs.singleByteObservationSpace();
        boolean bytes = byteSpace != null && !torso.equals("mlp") && !c.prioritizedReplay() && c.nStep() == 1;
        ByteReplayBuffer byteStorage = bytes ? ByteReplayBuffer.forSpace(byteSpace, c.bufferSize(), numEnvs) : null;
        ByteReplayBuffer.Batch byteBatch = bytes ? byteStorage.newBatch(c.batchSize()) : null;
        ReplayBuffer storage = bytes ? null : ReplayBuffer.discrete(c.bufferSize(), obsDim);
        PrioritizedReplayBuffer per = c.prioritizedReplay()
                ? new PrioritizedReplayBuffer(storage, c.prioritizedReplayAlpha(), c.prioritizedReplayEps()) : null;
        NStepAccumulator nStep = bytes ? null : new NStepAccumulator(numEnvs, obsDim, c.nStep(), c.gamma());
        NStepAccumulator.Sink store = bytes ? null : per != null ? per::add : storage::add;
        ReplayBuffer.Batch batch = bytes ? null : storage.newBatch(c.batchSize());
        int bs = c.batchSize();
        float[] gammaPow = new float[c.nStep() + 1];
        for (int k = 0; k <= c.nStep(); k++) gammaPow[k] = (float) Math.pow(c.gamma(), k);
        float[] qNextTarget = new float[bs * numActions];
        float[] qNextOnline = c.doubleQ() ? new float[bs * numActions] : null;
        float[] targets = new float[bs];
        float[] tdErrors = new float[bs];
        float[] qTaken = new float[bs];
        float[] qAct = new float[numEnvs * numActions];
        int[] actions = new int[numEnvs];
        int[] envActions = new int[numEnvs];
        boolean[] explore = new boolean[numEnvs];
        float[] obs = new float[numEnvs * obsDim];
        byte[] obsBytes = bytes ? new byte[numEnvs * obsDim] : null;
        int[] chw = obsSpace.shape();
        ByteImages actImages = bytes ? new ByteImages(obsBytes, 0, numEnvs, chw[0], chw[1], chw[2]) : null;
        boolean huber = c.loss().equals("huber");
        int targetEvery = Math.max(c.targetNetworkFrequency() / numEnvs, 1);

        VectorStep step = envs.reset(c.seed());
        if (bytes) System.arraycopy(step.byteObservations(), 0, obsBytes, 0, obsBytes.length);
        else System.arraycopy(step.observations(), 0, obs, 0, obs.length);
        long globalStep = 0;
        long updates = 0;
        long firstIteration = 1;
        Supplier<QPolicy> trained = () -> new QPolicy(online);
        checkpoints.policyAtStop(trained); // a stopped run keeps the policy it had, as its model
        String variant = variant(c, arch) + (bytes ? " (" + byteSpace + " replay)" : "");
        if (checkpoints.resumeFrom().isPresent()) {
            // resume: everything above was built as for a fresh run; overwrite its state from the checkpoint
            TrainingState.Reader r = readState(checkpoints.resumeFrom().get());
            String saved = r.has("dqn.variant") ? r.string("dqn.variant") : null;
            if (!variant.equals(saved)) {
                throw new IllegalArgumentException("the checkpoint in " + checkpoints.resumeFrom().get().directory()
                        + (saved == null ? " was not written by dqn" : " was written by " + saved)
                        + " but this run is " + variant + "; resume with the hyperparameters it was written with");
            }
            r.loadModule("online.", online);
            r.loadModule("target.", target);
            r.loadOptimizer(optName, optimizer);
            r.loadRng("rng.root", root);
            r.loadRng("rng.init", initRng);
            r.loadRng("rng.explore", exploreRng);
            r.loadRng("rng.sample", sampleRng);
            r.loadEnvs("envs", envs);
            if (bytes) r.bytesInto("obs", obsBytes);
            else r.floatsInto("obs", obs);
            if (per != null) per.restore(r, "replay.");
            else if (bytes) byteStorage.restore(r, "replay.");
            else storage.restore(r, "replay.");
            if (nStep != null) nStep.restore(r, "nstep.");
            globalStep = r.getLong("global_step");
            updates = r.getLong("updates");
            firstIteration = r.getLong("iteration") + 1;
        }
        long start = System.nanoTime();
        long startStep = globalStep;
        for (long iteration = firstIteration; globalStep < c.totalTimesteps(); iteration++) {
            // 1. rollout: ε-greedy actions, one greedy forward pass for the copies that exploit
            double epsilon = c.epsilonAt(globalStep);
            boolean anyGreedy = false;
            for (int i = 0; i < numEnvs; i++) {
                explore[i] = exploreRng.nextDouble() < epsilon;
                anyGreedy |= !explore[i];
            }
            if (anyGreedy && bytes) online.qValues(actImages, qAct);
            else if (anyGreedy) online.qValues(obs, numEnvs, qAct);
            for (int i = 0; i < numEnvs; i++) {
                actions[i] = explore[i] ? exploreRng.nextInt(numActions) : argmax(qAct, i * numActions, numActions);
                envActions[i] = actions[i] + actionSpace.start();
            }
            step = envs.step(envActions);
            globalStep += numEnvs;

            // 2. store: n-step transitions with the real final observation on episode ends
            float[] next = bytes ? null : step.observations();
            boolean[] terminated = step.terminated();
            boolean[] truncated = step.truncated();
            double[] rewards = step.rewards();
            for (int i = 0; i < numEnvs; i++) {
                boolean ended = terminated[i] || truncated[i];
                int realOff = ended ? 0 : i * obsDim;
                if (bytes) {
                    byte[] realNext = ended ? step.finalByteObservation(i) : step.byteObservations();
                    byteStorage.add(i, obsBytes, i * obsDim, actions[i], (float) rewards[i], realNext, realOff, terminated[i], 1);
                } else {
                    float[] realNext = ended ? step.finalObservation(i) : next;
                    nStep.push(i, obs, i * obsDim, actions[i], rewards[i], realNext, realOff, terminated[i], truncated[i], store);
                }
                if (step.episodeEnded()[i]) {
                    sink.record(globalStep, MetricsSink.EPISODIC_RETURN, step.episodeReturn()[i]);
                    sink.record(globalStep, MetricsSink.EPISODIC_LENGTH, step.episodeLength()[i]);
                    sink.record(globalStep, MetricsSink.EPSILON, epsilon);
                }
            }
            if (bytes) System.arraycopy(step.byteObservations(), 0, obsBytes, 0, obsBytes.length);
            else System.arraycopy(next, 0, obs, 0, obs.length);

            boolean learning = globalStep > c.learningStarts() && (bytes ? byteStorage.size() : storage.size()) > 0;
            // 3. update
            if (learning && iteration % c.trainFrequency() == 0) {
                // step size: lr, or lr · (1 − t / totalTimesteps) with annealLr (SB3's progress_remaining)
                if (c.annealLr()) {
                    optimizer.setLearningRate(c.learningRate() * Math.max(1.0 - (double) globalStep / c.totalTimesteps(), 0.0));
                }
                for (int g = 0; g < c.gradientSteps(); g++) {
                    double beta = 0;
                    if (per != null) {
                        beta = c.prioritizedReplayBeta0()
                                + (1 - c.prioritizedReplayBeta0()) * Math.min(1.0, (double) globalStep / c.totalTimesteps());
                        per.sample(sampleRng, batch, beta);
                    } else if (bytes) {
                        byteStorage.sample(sampleRng, byteBatch);
                    } else {
                        storage.sample(sampleRng, batch);
                    }
                    // targets: y = R + γ^k (1 − terminated) Q(s', a*; θ⁻), a* from θ⁻ (DQN) or θ (Double DQN)
                    if (bytes) {
                        if (qNextOnline != null
                                || !online.targetValuesBesideForward(target, byteBatch.nextImages(), byteBatch.images(), qNextTarget)) {
                            target.qValues(byteBatch.nextImages(), qNextTarget);
                        }
                        if (qNextOnline != null) online.qValues(byteBatch.nextImages(), qNextOnline);
                    } else if (qNextOnline != null
                            || !online.targetValuesBesideForward(target, batch.nextObs(), batch.obs(), bs, qNextTarget)) {
                        target.qValues(batch.nextObs(), bs, qNextTarget);
                        if (qNextOnline != null) online.qValues(batch.nextObs(), bs, qNextOnline);
                    }
                    float[] r = bytes ? byteBatch.rewards() : batch.rewards();
                    float[] term = bytes ? byteBatch.terminated() : batch.terminated();
                    int[] horizon = bytes ? byteBatch.horizons() : batch.horizons();
                    for (int i = 0; i < bs; i++) {
                        int o = i * numActions;
                        int best = argmax(qNextOnline != null ? qNextOnline : qNextTarget, o, numActions);
                        targets[i] = r[i] + gammaPow[horizon[i]] * (1f - term[i]) * qNextTarget[o + best];
                    }
                    // loss: (1/B) Σ w_i ℓ(Q(s_i, a_i; θ) − y_i), gradient, clipping, Adam or RMSprop
                    float loss = bytes
                            ? online.lossAndGrad(byteBatch.images(), byteBatch.actions(), targets, null, huber, tdErrors, qTaken)
                            : online.lossAndGrad(batch.obs(), bs, batch.actions(), targets,
                                    per != null ? batch.weights() : null, huber, tdErrors, qTaken);
                    float gradNorm = c.maxGradNorm() > 0 ? GradClip.clipGradNorm(params, (float) c.maxGradNorm()) : 0;
                    optimizer.step();
                    guard.update(globalStep, "td_loss", loss, gradNorm, online);
                    // priorities: p_i = |δ_i| + ε
                    if (per != null) per.updatePriorities(batch.indices(), tdErrors, bs);
                    updates++;
                    // 4. log
                    if (updates % 100 == 0) {
                        double meanQ = 0;
                        for (int i = 0; i < bs; i++) meanQ += qTaken[i];
                        sink.record(globalStep, "losses/td_loss", loss);
                        sink.record(globalStep, "losses/q_values", meanQ / bs);
                        sink.record(globalStep, MetricsSink.SPS, (globalStep - startStep) / ((System.nanoTime() - start) * 1e-9));
                        sink.record(globalStep, MetricsSink.LEARNING_RATE, optimizer.learningRate());
                        if (per != null) sink.record(globalStep, "charts/beta", beta);
                    }
                }
            }
            // target network: θ⁻ ← τ θ + (1 − τ) θ⁻
            if (learning && iteration % targetEvery == 0) target.polyakFrom(online, (float) c.tau());

            // 5. checkpoint: at the end of an iteration, after its metrics went to the sink
            if (checkpoints.due(globalStep)) {
                guard.optimizer(globalStep, optName, optimizer);
                long gs = globalStep, up = updates, it = iteration;
                checkpoints.save(globalStep, dir -> {
                    TrainingState.Writer w = new TrainingState.Writer();
                    w.putString("dqn.variant", variant);
                    w.putModule("online.", online).putModule("target.", target).putOptimizer(optName, optimizer);
                    w.putRng("rng.root", root).putRng("rng.init", initRng).putRng("rng.explore", exploreRng)
                            .putRng("rng.sample", sampleRng);
                    w.putEnvs("envs", envs);
                    if (bytes) w.put("obs", obsBytes);
                    else w.put("obs", obs);
                    if (per != null) per.save(w, "replay.");
                    else if (bytes) byteStorage.save(w, "replay.");
                    else storage.save(w, "replay.");
                    if (nStep != null) nStep.save(w, "nstep.");
                    w.putLong("global_step", gs).putLong("updates", up).putLong("iteration", it);
                    w.write(dir.resolve(STATE_FILE));
                });
            }
        }
        sink.record(globalStep, MetricsSink.SPS, (globalStep - startStep) / ((System.nanoTime() - start) * 1e-9));
        return trained.get();
    }

    /** The training-state file inside a checkpoint directory. */
    static final String STATE_FILE = "state.bin";

    private static TrainingState.Reader readState(Checkpoints.Loaded from) {
        try {
            return TrainingState.Reader.read(from.directory().resolve(STATE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the DQN checkpoint in " + from.directory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a checkpoint must agree on to be resumed: the variant, the network and the shapes of the saved state
     * (learning rates, schedules and the step budget may differ).
     */
    static String variant(Config c, Architecture arch) {
        return describe(c) + " (net " + arch.torso() + " " + c.netArch() + ", obs " + Arrays.toString(arch.obsShape())
                + ", " + arch.numActions() + " actions, " + c.numEnvs() + " envs, buffer " + c.bufferSize()
                + ", n-step " + c.nStep() + (c.optimizer().equals("adam") ? "" : ", " + c.optimizer()) + ")";
    }

    /** Index of the largest of {@code v[off .. off + n)} (the first on ties, as NumPy's argmax). */
    static int argmax(float[] v, int off, int n) {
        int best = 0;
        float bv = v[off];
        for (int a = 1; a < n; a++) {
            if (v[off + a] > bv) {
                bv = v[off + a];
                best = a;
            }
        }
        return best;
    }

    static String describe(Config c) {
        return String.format(Locale.ROOT, "dqn%s%s%s%s", c.doubleQ() ? "+double" : "", c.dueling() ? "+dueling" : "",
                c.prioritizedReplay() ? "+per" : "", c.nStep() > 1 ? "+" + c.nStep() + "step" : "");
    }
}
