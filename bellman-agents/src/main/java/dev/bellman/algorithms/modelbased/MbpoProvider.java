package dev.bellman.algorithms.modelbased;

import dev.bellman.core.CheckpointingProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Registers {@link Mbpo} as {@code mbpo}. */
public final class MbpoProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "mbpo";
    }

    @Override
    public String description() {
        return "MBPO (Janner et al. 2019): SAC on short model rollouts branched from real states";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.BOX);
    }

    @Override
    public Optional<String> incompatibility(Env<?, ?> env) {
        Optional<String> spaces = CheckpointingProvider.super.incompatibility(env);
        if (spaces.isPresent()) return spaces;
        return TaskFunctions.missingFor("mbpo", "rolls out its model with", env);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Mbpo.Config d = Mbpo.Config.defaults();
        return List.of(
                Hyperparameter.ofInt("ensemble-size", d.ensembleSize(), "members of the dynamics ensemble").atLeast(1),
                Hyperparameter.ofString("model-net-arch", "64,64", "hidden layer sizes of each member"),
                Hyperparameter.ofDouble("model-learning-rate", d.modelLearningRate(), "Adam step size of the model").positive(),
                Hyperparameter.ofInt("model-epochs", d.modelEpochs(), "epochs over all data at every refit").atLeast(1),
                Hyperparameter.ofInt("model-train-freq", d.modelTrainFreq(), "env steps between refits and rollout generations").atLeast(1),
                Hyperparameter.ofInt("rollout-batch-size", d.rolloutBatchSize(), "branched rollouts per generation").atLeast(1),
                Hyperparameter.ofInt("rollout-length", d.rolloutLength(), "model steps per branched rollout").atLeast(1),
                Hyperparameter.ofInt("model-retain-epochs", d.modelRetainEpochs(), "generations kept in the model buffer").atLeast(1),
                Hyperparameter.ofDouble("real-ratio", d.realRatio(), "share of real transitions per SAC minibatch").between(0, 1),
                Hyperparameter.ofInt("learning-starts", d.learningStarts(), "env steps of random actions before learning").atLeast(1),
                Hyperparameter.ofInt("gradient-steps", d.gradientSteps(), "SAC updates per env step").atLeast(1),
                Hyperparameter.ofInt("batch-size", d.batchSize(), "SAC minibatch size").atLeast(1),
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam step size of actor, critics and temperature").positive(),
                Hyperparameter.ofDouble("gamma", d.gamma(), "discount factor").between(0, 1),
                Hyperparameter.ofDouble("tau", d.tau(), "target smoothing coefficient (Polyak)").positive(),
                Hyperparameter.ofString("net-arch", "64,64", "hidden layer sizes of actor and critics"));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 5_000;
    }

    static Mbpo.Config config(Hyperparameters h) {
        return new Mbpo.Config(h.getInt("ensemble-size"), ints("model-net-arch", h.getString("model-net-arch")),
                h.getDouble("model-learning-rate"), h.getInt("model-epochs"), h.getInt("model-train-freq"),
                h.getInt("rollout-batch-size"), h.getInt("rollout-length"), h.getInt("model-retain-epochs"),
                h.getDouble("real-ratio"), h.getInt("learning-starts"), h.getInt("gradient-steps"), h.getInt("batch-size"),
                h.getDouble("learning-rate"), h.getDouble("gamma"), h.getDouble("tau"), ints("net-arch", h.getString("net-arch")));
    }

    private static int[] ints(String name, String s) {
        try {
            String[] p = s.split(",");
            int[] out = new int[p.length];
            for (int i = 0; i < p.length; i++) out[i] = Integer.parseInt(p[i].trim());
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be comma-separated layer sizes such as 64,64 but was " + s);
        }
    }

    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Mbpo.Config c = config(request.hyperparameters());
        incompatibility(env).ifPresent(m -> { throw new IllegalArgumentException(m); });
        long obs = env.observationSpace().flatDim(), act = env.actionSpace().flatDim();
        long model = (long) c.rolloutBatchSize() * c.rolloutLength() * c.modelRetainEpochs();
        return MemoryEstimate.builder()
                .arrays("env transitions (" + request.totalTimesteps() + " steps, twice)", 2, request.totalTimesteps() * (2 * obs + act + 2), Float.BYTES)
                .arrays("model transitions (" + model + ")", 1, model * (2 * obs + act + 2), Float.BYTES)
                .mlp(c.ensembleSize() + " dynamics members and their optimizer state", obs + act, c.modelHidden(), 2 * obs, 4 * c.ensembleSize())
                .mlp("actor and its optimizer state", obs, c.netArch(), 2 * act, 4)
                .mlp("4 critics and their optimizer state", obs + act, c.netArch(), 1, 14)
                .build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        Mbpo.Config cfg = config(request.hyperparameters());
        Env<?, ?> raw = Envs.make(request.envId(), request.envKwargs());
        try {
            incompatibility(raw).ifPresent(m -> { throw new IllegalArgumentException(m); });
            if (!(raw.actionSpace() instanceof Box b) || !b.isBounded()) {
                throw new IllegalArgumentException("mbpo needs a bounded action Box but " + request.envId() + " has " + raw.actionSpace());
            }
            @SuppressWarnings("unchecked")
            Env<float[], float[]> env = (Env<float[], float[]>) raw;
            return Mbpo.train(cfg, env, TaskFunctions.forEnv(request.envId()).orElseThrow(), request.seed(),
                    request.totalTimesteps(), sink, checkpoints);
        } finally {
            raw.close();
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return Mbpo.MbpoPolicy.load(directory);
    }
}
