package dev.bellman.algorithms.dqn;

import dev.bellman.core.CheckpointingProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.replay.ByteReplayBuffer;
import dev.bellman.env.ByteBox;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Registers {@link Dqn} as {@code dqn}: CleanRL's hyperparameter names in kebab-case, defaults of CleanRL's {@code dqn.py}. */
public final class DqnProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "dqn";
    }

    @Override
    public String description() {
        return "Deep Q-Network (Mnih et al. 2015) with Double DQN, dueling head, prioritized replay and n-step toggles";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.DISCRETE);
    }

    @Override
    public long defaultTotalTimesteps() {
        return 500_000;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Dqn.Config d = Dqn.Config.cleanRl();
        return List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "the optimizer's step size").positive(),
                Hyperparameter.ofBoolean("anneal-lr", d.annealLr(),
                        "decay the learning rate linearly to 0 over total-timesteps (SB3's lin_ schedule)"),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "parallel env copies").atLeast(1),
                Hyperparameter.ofInt("buffer-size", d.bufferSize(), "replay memory capacity in transitions").atLeast(1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("tau", d.tau(), "target network update rate (1 = hard copy)")
                        .withRange(new Hyperparameter.Range(0, false, 1, true)),
                Hyperparameter.ofInt("target-network-frequency", d.targetNetworkFrequency(),
                        "env steps between target network updates").atLeast(1),
                Hyperparameter.ofInt("batch-size", d.batchSize(), "transitions sampled per gradient step").atLeast(1),
                Hyperparameter.ofDouble("start-e", d.startE(), "exploration epsilon at the start").between(0, 1),
                Hyperparameter.ofDouble("end-e", d.endE(), "exploration epsilon after the decay").between(0, 1),
                Hyperparameter.ofDouble("exploration-fraction", d.explorationFraction(),
                        "fraction of total-timesteps over which epsilon decays linearly")
                        .withRange(new Hyperparameter.Range(0, false, 1, true)),
                Hyperparameter.ofBoolean("exploration-after-warmup", d.explorationAfterWarmup(),
                        "act uniformly for the first learning-starts steps and start epsilon's decay there (the MinAtar"
                                + " reference agent); false: decay from step 0 (CleanRL)"),
                Hyperparameter.ofLong("learning-starts", d.learningStarts(), "env steps before learning starts").atLeast(0),
                Hyperparameter.ofInt("train-frequency", d.trainFrequency(), "vector steps between updates").atLeast(1),
                Hyperparameter.ofInt("gradient-steps", d.gradientSteps(), "gradient steps per update").atLeast(1),
                Hyperparameter.ofDouble("max-grad-norm", d.maxGradNorm(), "gradient norm clipping threshold (0 = off)").atLeast(0),
                Hyperparameter.ofString("loss", d.loss(), "TD loss", "mse", "huber"),
                Hyperparameter.ofString("net-arch", "120,84", "hidden layer widths of the MLP torso, comma-separated"),
                Hyperparameter.ofBoolean("double-q", d.doubleQ(), "Double DQN targets (van Hasselt et al. 2016)"),
                Hyperparameter.ofBoolean("dueling", d.dueling(), "dueling head (Wang et al. 2016)"),
                Hyperparameter.ofBoolean("prioritized-replay", d.prioritizedReplay(),
                        "proportional prioritized replay (Schaul et al. 2016)"),
                Hyperparameter.ofDouble("prioritized-replay-alpha", d.prioritizedReplayAlpha(), "priority exponent alpha")
                        .between(0, 1),
                Hyperparameter.ofDouble("prioritized-replay-beta0", d.prioritizedReplayBeta0(),
                        "initial importance-sampling exponent beta (annealed to 1)").between(0, 1),
                Hyperparameter.ofDouble("prioritized-replay-eps", d.prioritizedReplayEps(), "added to |TD error| in priorities")
                        .positive(),
                Hyperparameter.ofInt("n-step", d.nStep(), "n of the n-step return").between(1, 100),
                Hyperparameter.ofString("torso", d.torso(), "network torso (auto: MLP for vectors, CNN for [C,H,W] images)",
                        "auto", "mlp", "nature-cnn", "minatar-cnn"),
                Hyperparameter.ofString("optimizer", d.optimizer(), "Adam (PyTorch defaults) or RMSprop (torch.optim.RMSprop)",
                        "adam", "rmsprop"),
                Hyperparameter.ofDouble("rmsprop-alpha", d.rmspropAlpha(), "RMSprop's smoothing constant alpha")
                        .withRange(new Hyperparameter.Range(0, true, 1, false)),
                Hyperparameter.ofDouble("rmsprop-eps", d.rmspropEps(), "RMSprop's epsilon, added outside the square root")
                        .positive(),
                Hyperparameter.ofBoolean("rmsprop-centered", d.rmspropCentered(),
                        "centered RMSprop (Graves 2013): normalise by the gradient's estimated variance"));
    }

    /** The config a request resolves to (the same one {@link #train} runs). */
    public static Dqn.Config config(TrainRequest r) {
        Hyperparameters hp = r.hyperparameters();
        List<Integer> netArch;
        try {
            netArch = Arrays.stream(hp.getString("net-arch").split(",")).map(String::strip)
                    .map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("net-arch must be comma-separated integers such as 120,84 but was '"
                    + hp.getString("net-arch") + "'");
        }
        return new Dqn.Config(r.totalTimesteps(), hp.getDouble("learning-rate"), hp.getBoolean("anneal-lr"), hp.getInt("num-envs"),
                hp.getInt("buffer-size"), hp.getDouble("gamma"), hp.getDouble("tau"), hp.getInt("target-network-frequency"),
                hp.getInt("batch-size"), hp.getDouble("start-e"), hp.getDouble("end-e"), hp.getDouble("exploration-fraction"),
                hp.getLong("learning-starts"), hp.getInt("train-frequency"), hp.getInt("gradient-steps"),
                hp.getDouble("max-grad-norm"), hp.getString("loss"), netArch, hp.getBoolean("double-q"),
                hp.getBoolean("dueling"), hp.getBoolean("prioritized-replay"), hp.getDouble("prioritized-replay-alpha"),
                hp.getDouble("prioritized-replay-beta0"), hp.getDouble("prioritized-replay-eps"), hp.getInt("n-step"),
                hp.getString("torso"), r.seed(), hp.getString("optimizer"), hp.getDouble("rmsprop-alpha"),
                hp.getDouble("rmsprop-eps"), hp.getBoolean("rmsprop-centered"),
                hp.getBoolean("exploration-after-warmup"));
    }

    /**
     * Builds the config (every check of {@link Dqn.Config}) and sizes the replay buffer (observations and next
     * observations as floats, or for uint8 images on a CNN torso each observation once as bytes or bits, plus action, reward, termination and horizon per transition; the sum tree of
     * prioritized replay), the n-step accumulators, the env copies and, for an MLP torso, the Q-network with its
     * gradients, Adam's two moments and the target network (5 copies); the same for the MinAtar CNN. The Nature CNN is
     * not counted.
     */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Dqn.Config c = config(request);
        long obs = env.observationSpace().flatDim();
        long capacity = c.bufferSize();
        String buffer = "replay buffer (buffer-size " + capacity + " x " + obs + " observation values)";
        MemoryEstimate.Builder m = MemoryEstimate.builder();
        String resolved = Dqn.Architecture.resolveTorso(c.torso(), env.observationSpace().shape());
        if (env.observationSpace() instanceof ByteBox bytes && !resolved.equals("mlp") && !c.prioritizedReplay() && c.nStep() == 1) {
            // the byte path of Dqn.train: each observation once, as bytes or bits (ByteReplayBuffer)
            long frames = ByteReplayBuffer.defaultFrameCapacity(c.bufferSize(), c.numEnvs());
            m.arrays(buffer.replace("replay buffer", "byte replay buffer"), 1, frames,
                    (int) (bytes.isBinary() ? (obs + 7) / 8 : obs))
                    .arrays("replay buffer frame numbers, actions, rewards, flags (buffer-size " + capacity + ")", 1, capacity, 26);
        } else {
            m.arrays(buffer, 2, capacity * obs, Float.BYTES)
                    .arrays("replay buffer actions, rewards, flags (buffer-size " + capacity + ")", 1, capacity, 14);
        }
        if (c.prioritizedReplay()) {
            long leaves = Long.highestOneBit(capacity) == capacity ? capacity : Long.highestOneBit(capacity) << 1;
            m.arrays("prioritized replay sum tree (buffer-size " + capacity + ")", 2, 2 * leaves, Double.BYTES);
        }
        m.floats("n-step accumulator (num-envs " + c.numEnvs() + " x n-step " + c.nStep() + " x " + obs + ")",
                (long) c.numEnvs() * c.nStep() * obs);
        m.envCopies("env copies (num-envs " + c.numEnvs() + ")", c.numEnvs(), obs);
        int[] shape = env.observationSpace().shape();
        String torso = Dqn.Architecture.resolveTorso(c.torso(), shape);
        if (!torso.equals("mlp") && shape.length != 3) {
            throw new IllegalArgumentException("torso " + torso + " needs [C, H, W] image observations but the env's are "
                    + Arrays.toString(shape) + "; use torso=mlp or auto");
        }
        if (env.actionSpace() instanceof Discrete d && torso.equals("mlp")) {
            int[] hidden = c.netArch().stream().mapToInt(Integer::intValue).toArray();
            m.mlp("Q-network (net-arch " + request.hyperparameters().getString("net-arch") + "), its target,"
                    + " gradients and optimizer state", obs, hidden, d.n() + (c.dueling() ? 1 : 0),
                    c.optimizer().equals("rmsprop") && c.rmspropCentered() ? 5 : c.optimizer().equals("rmsprop") ? 4 : 5);
        }
        if (env.actionSpace() instanceof Discrete d && torso.equals("minatar-cnn")) {
            // conv 3x3 C -> 16 (valid), FC 16(H-2)(W-2) -> 128, head 128 -> actions (+1 dueling): weights and biases
            long conv = 16L * shape[0] * 9 + 16, fc = 16L * (shape[1] - 2) * (shape[2] - 2) * 128 + 128;
            long head = 129L * (d.n() + (c.dueling() ? 1 : 0));
            m.floats("MinAtar CNN Q-network, its target, gradients and optimizer state (5 copies)", 5 * (conv + fc + head));
        }
        return m.build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        Dqn.Config c = config(request);
        try (VectorEnv envs = request.envKwargs().isEmpty()
                ? VectorEnvs.make(request.envId(), c.numEnvs(), AutoresetMode.SAME_STEP)
                : VectorEnvs.sync(request.envId(), request.envKwargs(), c.numEnvs(), AutoresetMode.SAME_STEP)) {
            return Dqn.train(envs, c, sink, checkpoints);
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return QPolicy.load(directory);
    }
}
