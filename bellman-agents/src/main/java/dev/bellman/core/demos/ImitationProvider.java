package dev.bellman.core.demos;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;

/**
 * An {@link AlgorithmProvider} that learns from demonstrations ({@code bellman train --algo bc --demos DATASET}):
 * behavioural cloning, DAgger, inverse RL. The command line reads the dataset (and the expert run, for
 * {@link #needsExpert()} algorithms), checks that it fits the env, and calls {@link #train(TrainRequest, MetricsSink,
 * ImitationInputs)}; the run directory is like every other, so {@code eval}, {@code play} and {@code plot} work on it.
 */
public interface ImitationProvider extends AlgorithmProvider {

    /** Whether training queries an expert ({@code --expert RUN_DIR}), as DAgger does. */
    default boolean needsExpert() {
        return false;
    }

    /** Trains from {@code inputs} and returns the final policy. */
    Policy train(TrainRequest request, MetricsSink sink, ImitationInputs inputs);

    /**
     * {@link #train(TrainRequest, MetricsSink, ImitationInputs)} with checkpoints, for providers that
     * {@link #supportsCheckpoints()}; the default ignores them.
     */
    default Policy train(TrainRequest request, MetricsSink sink, ImitationInputs inputs, Checkpoints checkpoints) {
        return train(request, sink, inputs);
    }

    /** Always fails: an imitation algorithm needs its demonstrations ({@link #train(TrainRequest, MetricsSink, ImitationInputs)}). */
    @Override
    default Policy train(TrainRequest request, MetricsSink sink) {
        throw new IllegalArgumentException(id() + " learns from demonstrations: give --demos DATASET"
                + (needsExpert() ? " and --expert RUN_DIR" : ""));
    }
}
