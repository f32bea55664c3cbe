package dev.bellman.core;

/**
 * Thrown out of {@link Checkpoints#save} once a requested stop ({@link Checkpoints#requestStop()}) has its checkpoint
 * in place: the provider's training loop ends there, and the caller resumes the run later from that checkpoint.
 */
public final class TrainingStoppedException extends RuntimeException {
    private final long globalStep;

    public TrainingStoppedException(long globalStep) {
        super("training stopped on request after the checkpoint at step " + globalStep);
        this.globalStep = globalStep;
    }

    /** The global step of the checkpoint written before stopping. */
    public long globalStep() {
        return globalStep;
    }
}
