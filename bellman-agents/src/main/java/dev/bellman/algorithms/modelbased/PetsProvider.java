package dev.bellman.algorithms.modelbased;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.CheckpointingProvider;
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

/** Registers {@link Pets} as {@code pets}. */
public final class PetsProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "pets";
    }

    @Override
    public String description() {
        return "PETS (Chua et al. 2018): probabilistic ensemble, trajectory sampling, CEM model-predictive control";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.BOX);
    }

    /** Besides Box spaces, PETS needs the env's reward and termination as functions ({@link TaskFunctions}). */
    @Override
    public Optional<String> incompatibility(Env<?, ?> env) {
        Optional<String> spaces = CheckpointingProvider.super.incompatibility(env);
        if (spaces.isPresent()) return spaces;
        return TaskFunctions.missingFor("pets", "plans with", env);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Pets.Config d = Pets.Config.defaults();
        return List.of(
                Hyperparameter.ofInt("ensemble-size", d.ensembleSize(), "members of the dynamics ensemble").atLeast(1),
                Hyperparameter.ofString("net-arch", "200,200", "hidden layer sizes of each member"),
                Hyperparameter.ofDouble("model-learning-rate", d.modelLearningRate(), "Adam step size of the model").positive(),
                Hyperparameter.ofInt("model-batch-size", d.modelBatchSize(), "minibatch size per member").atLeast(1),
                Hyperparameter.ofInt("model-epochs", d.modelEpochs(), "epochs over all data at every refit").atLeast(1),
                Hyperparameter.ofInt("initial-random-steps", d.initialRandomSteps(), "env steps of random actions before the first fit").atLeast(1),
                Hyperparameter.ofInt("horizon", d.horizon(), "planning horizon").atLeast(1),
                Hyperparameter.ofInt("population-size", d.populationSize(), "CEM samples per iteration").atLeast(2),
                Hyperparameter.ofInt("num-elites", d.numElites(), "CEM elites").atLeast(1),
                Hyperparameter.ofInt("cem-iterations", d.cemIterations(), "CEM iterations per env step").atLeast(1),
                Hyperparameter.ofDouble("cem-alpha", d.cemAlpha(), "CEM smoothing of mean and variance").between(0, 0.999),
                Hyperparameter.ofInt("particles", d.particles(), "trajectory-sampling particles per candidate").atLeast(1),
                Hyperparameter.ofString("propagation", d.propagation(), "trajectory sampling", "ts-inf", "ts1", "mean"),
                Hyperparameter.ofString("planner", d.planner(), "MPC planner: CEM, or Adam on the actions through the members' means",
                        "cem", "gradient"),
                Hyperparameter.ofInt("gradient-candidates", d.gradientCandidates(), "sequences the gradient planner optimises in parallel").atLeast(1),
                Hyperparameter.ofInt("gradient-iterations", d.gradientIterations(), "Adam steps of the gradient planner per env step").atLeast(1),
                Hyperparameter.ofDouble("gradient-learning-rate", d.gradientLearningRate(), "Adam step size of the gradient planner").positive());
    }

    @Override
    public long defaultTotalTimesteps() {
        return 2_000;
    }

    static Pets.Config config(Hyperparameters h) {
        return new Pets.Config(h.getInt("ensemble-size"), parseInts(h.getString("net-arch")), h.getDouble("model-learning-rate"),
                h.getInt("model-batch-size"), h.getInt("model-epochs"), h.getInt("initial-random-steps"), h.getInt("horizon"),
                h.getInt("population-size"), h.getInt("num-elites"), h.getInt("cem-iterations"), h.getDouble("cem-alpha"),
                h.getInt("particles"), h.getString("propagation"), h.getString("planner"), h.getInt("gradient-candidates"),
                h.getInt("gradient-iterations"), h.getDouble("gradient-learning-rate"));
    }

    private static int[] parseInts(String s) {
        try {
            String[] p = s.split(",");
            int[] out = new int[p.length];
            for (int i = 0; i < p.length; i++) out[i] = Integer.parseInt(p[i].trim());
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("net-arch must be comma-separated layer sizes such as 200,200 but was " + s);
        }
    }

    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Pets.Config c = config(request.hyperparameters());
        incompatibility(env).ifPresent(m -> { throw new IllegalArgumentException(m); });
        if ("gradient".equals(c.planner())
                && !(TaskFunctions.forEnv(request.envId()).orElse(null) instanceof DifferentiableTaskFunctions)) {
            throw new IllegalArgumentException("planner=gradient needs the reward of " + request.envId() + " as a"
                    + " differentiable function, which Bellman has for Pendulum-v1 only; use planner=cem");
        }
        long obs = env.observationSpace().flatDim(), act = env.actionSpace().flatDim();
        return MemoryEstimate.builder()
                .arrays("transitions (" + request.totalTimesteps() + " steps)", 1, request.totalTimesteps() * (2 * obs + act), Float.BYTES)
                .mlp(c.ensembleSize() + " dynamics members and their optimizer state", obs + act, c.hidden(), 2 * obs, 4 * c.ensembleSize())
                .build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        Pets.Config cfg = config(request.hyperparameters());
        Env<?, ?> raw = Envs.make(request.envId(), request.envKwargs());
        try {
            incompatibility(raw).ifPresent(m -> { throw new IllegalArgumentException(m); });
            if (!(raw.actionSpace() instanceof Box b) || !b.isBounded()) {
                throw new IllegalArgumentException("pets needs a bounded action Box but " + request.envId() + " has " + raw.actionSpace());
            }
            @SuppressWarnings("unchecked")
            Env<float[], float[]> env = (Env<float[], float[]>) raw;
            return Pets.train(cfg, env, request.envId(), TaskFunctions.forEnv(request.envId()).orElseThrow(), request.seed(),
                    request.totalTimesteps(), sink, checkpoints);
        } finally {
            raw.close();
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return MpcPolicy.load(directory);
    }
}
