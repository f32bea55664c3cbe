package dev.bellman.core.tabular;

import dev.bellman.algorithms.tabular.PolicyIteration;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Hyperparameter;
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

/** Registers {@link PolicyIteration} as {@code policy-iteration}; needs the env's transition model. */
public final class PolicyIterationProvider implements AlgorithmProvider {
    @Override
    public String id() {
        return "policy-iteration";
    }

    @Override
    public String description() {
        return "Policy iteration (Howard 1960; Sutton & Barto 2018, 4.3) on the env's transition model; takes no env steps";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.DISCRETE, SpaceKind.DISCRETE);
    }

    @Override
    public Optional<String> incompatibility(Env<?, ?> env) {
        return AlgorithmProvider.super.incompatibility(env).or(() -> Planning.needsModel(id(), env));
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return Planning.hyperparameters();
    }

    @Override
    public boolean takesEnvSteps() {
        return false;
    }

    @Override
    public long defaultTotalTimesteps() {
        return 1;
    }

    /** Builds the config (every check of {@code PlanningConfig}) and sizes the value and Q tables. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Planning.config(request.hyperparameters());
        return Td.table(env);
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink) {
        PolicyIteration pi = new PolicyIteration(Planning.config(request.hyperparameters()));
        return Planning.plan(request, sink, pi::solve);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return TablePolicy.load(directory);
    }
}
