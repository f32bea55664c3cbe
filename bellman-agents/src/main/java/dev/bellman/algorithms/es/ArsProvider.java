package dev.bellman.algorithms.es;

import dev.bellman.core.CheckpointingProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Registers {@link Ars} as {@code ars}. */
public final class ArsProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "ars";
    }

    @Override
    public String description() {
        return "Augmented Random Search (Mania et al. 2018), linear policies (optional MLP), V1/V2 and top-b; parallel evaluation";
    }

    @Override
    public SpaceSupport spaces() {
        return EsProvider.SPACES;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Ars.Config d = Ars.Config.defaults("x");
        return List.of(
                Hyperparameter.ofDouble("step-size", d.stepSize(), "the step size alpha").positive(),
                Hyperparameter.ofDouble("noise-std", d.noiseStd(), "the exploration noise nu").positive(),
                Hyperparameter.ofInt("num-directions", d.numDirections(), "directions N per iteration (2N episodes)").atLeast(1),
                Hyperparameter.ofInt("top-directions", d.topDirections(), "directions b kept for the update, at most num-directions").atLeast(1),
                Hyperparameter.ofString("version", d.version(), "v1: raw states; v2: states normalised by running mean and std", "v1", "v2"),
                Hyperparameter.ofInt("hidden-size", d.hiddenSize(), "0: the paper's linear policy; else two tanh hidden layers of this width").atLeast(0),
                Hyperparameter.ofInt("episodes-per-direction", d.episodesPerDirection(), "episodes averaged into each perturbed policy's return (the paper: 1)").atLeast(1),
                Hyperparameter.ofBoolean("anneal-step-size", d.annealStepSize(), "decay the step size linearly to 0 over the budget (the paper: constant)"),
                Hyperparameter.ofInt("noise-table-size", d.noiseTableSize(), "floats in the shared noise table").atLeast(1));
    }

    @Override
    public long defaultTotalTimesteps() {
        return Ars.Config.defaults("x").totalTimesteps();
    }

    /** The config record for {@code r}. */
    public static Ars.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new Ars.Config(r.envId(), r.seed(), r.totalTimesteps(), r.envKwargs(), h.getDouble("step-size"),
                h.getDouble("noise-std"), h.getInt("num-directions"), h.getInt("top-directions"), h.getString("version"),
                h.getInt("hidden-size"), h.getInt("episodes-per-direction"), h.getBoolean("anneal-step-size"),
                h.getInt("noise-table-size"));
    }

    /** Builds the config (every check of its record) and sizes the noise table, M and the env copies. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Ars.Config c = config(request);
        FlatPolicy.Arch arch = Ars.arch(c, env);
        return EsProvider.estimate(c.noiseTableSize(), arch.numParams(), 2L * c.numDirections() * c.episodesPerDirection(), arch.obsSize(), 2);
    }

    /** Trains with checkpoints (see "Checkpoints: what is saved" in {@link Ars}). */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return Ars.train(config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return FlatPolicy.load(directory);
    }
}
