package dev.bellman.core.tabular;

import dev.bellman.algorithms.tabular.QLearning;
import dev.bellman.core.CheckpointingProvider;
import dev.bellman.core.Checkpoints;
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

/** Registers {@link QLearning} as {@code q-learning}. */
public final class QLearningProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "q-learning";
    }

    @Override
    public String description() {
        return "Tabular Q-learning (Watkins 1989; Sutton & Barto 2018, 6.5), epsilon-greedy";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.DISCRETE, SpaceKind.DISCRETE);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return Td.hyperparameters();
    }

    /** Builds the config (every check of {@code TdConfig}) and sizes the Q-table. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        return Td.preflight(request, env);
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return Td.train(request, sink, checkpoints,
                (config, env, listener, from, hook) -> new QLearning(config).train(env, listener, from, hook));
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return TablePolicy.load(directory);
    }
}
