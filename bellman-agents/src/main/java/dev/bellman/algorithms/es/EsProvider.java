package dev.bellman.algorithms.es;

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
import dev.bellman.tensor.kernels.Parallel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/** Registers {@link EvolutionStrategies} as {@code es}. */
public final class EsProvider implements CheckpointingProvider {
    /** Box observations; Discrete or Box actions. */
    static final SpaceSupport SPACES = new SpaceSupport(EnumSet.of(SpaceKind.BOX), EnumSet.of(SpaceKind.DISCRETE, SpaceKind.BOX));

    @Override
    public String id() {
        return "es";
    }

    @Override
    public String description() {
        return "OpenAI-ES (Salimans et al. 2017), mirrored sampling, centred ranks, Adam; parallel evaluation";
    }

    @Override
    public SpaceSupport spaces() {
        return SPACES;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        EvolutionStrategies.Config d = EvolutionStrategies.Config.defaults("x");
        return List.of(
                Hyperparameter.ofInt("population-size", d.populationSize(), "members per iteration, even (mirrored pairs)").atLeast(2),
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam's step size").positive(),
                Hyperparameter.ofDouble("noise-std", d.noiseStd(), "the perturbation scale sigma").positive(),
                Hyperparameter.ofDouble("l2-coeff", d.l2Coeff(), "the weight decay").atLeast(0),
                Hyperparameter.ofInt("hidden-size", d.hiddenSize(), "width of the policy's two tanh hidden layers").atLeast(1),
                Hyperparameter.ofBoolean("obs-norm", d.obsNorm(), "normalise observations with running statistics"),
                Hyperparameter.ofInt("episodes-per-member", d.episodesPerMember(), "episodes averaged into each member's fitness").atLeast(1),
                Hyperparameter.ofBoolean("anneal-lr", d.annealLr(), "decay Adam's step size linearly to 0 over the budget"),
                Hyperparameter.ofInt("noise-table-size", d.noiseTableSize(), "floats in the shared noise table").atLeast(1),
                Hyperparameter.ofDouble("action-noise-std", d.actionNoiseStd(), "std of the noise on the policy's outputs in training episodes").atLeast(0));
    }

    @Override
    public long defaultTotalTimesteps() {
        return EvolutionStrategies.Config.defaults("x").totalTimesteps();
    }

    /** The config record for {@code r}. */
    public static EvolutionStrategies.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new EvolutionStrategies.Config(r.envId(), r.seed(), r.totalTimesteps(), r.envKwargs(),
                h.getInt("population-size"), h.getDouble("learning-rate"), h.getDouble("noise-std"), h.getDouble("l2-coeff"),
                h.getInt("hidden-size"), h.getBoolean("obs-norm"), h.getInt("episodes-per-member"), h.getBoolean("anneal-lr"),
                h.getInt("noise-table-size"), h.getDouble("action-noise-std"));
    }

    /** Builds the config (every check of its record) and sizes the noise table, θ with Adam's moments, and envs. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        EvolutionStrategies.Config c = config(request);
        FlatPolicy.Arch arch = FlatPolicy.Arch.of(env.observationSpace(), env.actionSpace(),
                new int[]{c.hiddenSize(), c.hiddenSize()}, true, true);
        return estimate(c.noiseTableSize(), arch.numParams(), (long) c.populationSize() * c.episodesPerMember(), arch.obsSize(), 5);
    }

    static MemoryEstimate estimate(int tableSize, long dim, long members, long obs, int paramCopies) {
        return MemoryEstimate.builder()
                .floats("the shared noise table (noise-table-size " + tableSize + ")", tableSize)
                .arrays("parameters, gradient and optimizer state (" + dim + " parameters)", paramCopies, dim, Double.BYTES)
                .envCopies("env copies (one per evaluation thread)", Math.max(1, Math.min(members, Parallel.threads())), obs)
                .build();
    }

    /** Trains with checkpoints (see "Checkpoints: what is saved" in {@link EvolutionStrategies}). */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return EvolutionStrategies.train(config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return FlatPolicy.load(directory);
    }
}
