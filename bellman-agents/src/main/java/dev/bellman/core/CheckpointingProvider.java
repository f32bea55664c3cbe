package dev.bellman.core;

/**
 * An {@link AlgorithmProvider} whose training writes checkpoints and resumes from them: it implements only
 * {@link #train(TrainRequest, MetricsSink, Checkpoints)}; training without checkpoints is that with
 * {@link Checkpoints#none()}, and {@link #supportsCheckpoints()} is true.
 */
public interface CheckpointingProvider extends AlgorithmProvider {
    @Override
    default Policy train(TrainRequest request, MetricsSink sink) {
        return train(request, sink, Checkpoints.none());
    }

    @Override
    default boolean supportsCheckpoints() {
        return true;
    }

    /** Trains as {@link AlgorithmProvider#train(TrainRequest, MetricsSink, Checkpoints)} describes, resuming when asked. */
    @Override
    Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints);
}
