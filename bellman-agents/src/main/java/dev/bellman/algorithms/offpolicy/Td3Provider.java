package dev.bellman.algorithms.offpolicy;

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
import dev.bellman.env.Env;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Registers {@link Td3} as {@code td3}. */
public final class Td3Provider implements CheckpointingProvider {
    @Override
    public String id() {
        return "td3";
    }

    @Override
    public String description() {
        return "Twin Delayed DDPG (Fujimoto et al. 2018): clipped double Q, target smoothing, delayed actor";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.BOX);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Td3.Config d = Td3.Config.defaults();
        return List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam step size of actor and critics").positive(),
                Hyperparameter.ofInt("buffer-size", d.bufferSize(), "replay buffer capacity in transitions").atLeast(1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "discount factor").between(0, 1),
                Hyperparameter.ofDouble("tau", d.tau(), "target network smoothing coefficient (Polyak)").positive(),
                Hyperparameter.ofInt("batch-size", d.batchSize(), "transitions per gradient step").atLeast(1),
                Hyperparameter.ofInt("learning-starts", d.learningStarts(), "env steps of uniform random actions before learning").atLeast(0),
                Hyperparameter.ofInt("train-frequency", d.trainFrequency(), "env steps between training phases").atLeast(1),
                Hyperparameter.ofInt("gradient-steps", d.gradientSteps(), "gradient steps per training phase").atLeast(1),
                Hyperparameter.ofDouble("exploration-noise", d.explorationNoise(), "std of Gaussian exploration noise in [-1, 1] units").atLeast(0),
                Hyperparameter.ofInt("policy-frequency", d.policyFrequency(), "critic steps per delayed actor and target step").atLeast(1),
                Hyperparameter.ofDouble("policy-noise", d.policyNoise(), "std of target policy smoothing noise").atLeast(0),
                Hyperparameter.ofDouble("noise-clip", d.noiseClip(), "clip of target policy smoothing noise").atLeast(0),
                Hyperparameter.ofString("net-arch", "400,300", "hidden layer sizes of actor and critics"));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 100_000;
    }

    /** The config record for resolved hyperparameters. */
    static Td3.Config config(Hyperparameters h) {
        return new Td3.Config(h.getDouble("learning-rate"), h.getInt("buffer-size"), h.getDouble("gamma"), h.getDouble("tau"),
                h.getInt("batch-size"), h.getInt("learning-starts"), h.getInt("train-frequency"), h.getInt("gradient-steps"),
                h.getDouble("exploration-noise"), h.getInt("policy-frequency"), h.getDouble("policy-noise"),
                h.getDouble("noise-clip"), NetArch.parse(h.getString("net-arch")));
    }

    /** Independent of the budget while {@code buffer-size} is at most the budget (see {@link ContinuousEnvs}). */
    @Override
    public Optional<String> budgetDependence(Hyperparameters hp, long budget) {
        return ContinuousEnvs.bufferBudgetDependence(id(), hp.getInt("buffer-size"), budget);
    }

    @Override
    public Optional<String> extensibleWhen() {
        return Optional.of(ContinuousEnvs.EXTENSIBLE_WHEN);
    }

    /** Builds the config (every check of its record), checks the spaces and sizes the replay buffer and networks. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Td3.Config c = config(request.hyperparameters());
        return ContinuousEnvs.estimate(env, request.envId(), id(), c.bufferSize(), request.totalTimesteps(), c.netArch(),
                1, 2);
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        Td3.Config cfg = config(request.hyperparameters());
        try (Env<float[], float[]> env = ContinuousEnvs.open(request, id())) {
            return Td3.train(cfg, env, request.seed(), request.totalTimesteps(), sink, checkpoints);
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return Td3.load(directory);
    }
}
