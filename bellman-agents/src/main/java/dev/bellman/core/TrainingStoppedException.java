package dev.bellman.core;

/**
 * Thrown out of {@link Checkpoints#save} once a requested stop ({@link Checkpoints#requestStop()}) has its checkpoint
 * in place: the provider's training loop ends there, and the caller resumes the run later from that checkpoint.
 */
public final class TrainingStoppedException extends RuntimeException {
    private final long globalStep;
    private final transient Policy policy;

    public TrainingStoppedException(long globalStep) {
        this(globalStep, null);
    }

    /** A stop after the checkpoint at {@code globalStep}, with the policy as it was then (null: none handed out). */
    public TrainingStoppedException(long globalStep, Policy policy) {
        super("training stopped on request after the checkpoint at step " + globalStep);
        this.globalStep = globalStep;
        this.policy = policy;
    }

    /**
     * The policy at the stop, where the provider registered one with {@link Checkpoints#policyAtStop}: the command
     * line saves it as the run's {@code model/}, so that an interrupted run can be evaluated and played.
     */
    public java.util.Optional<Policy> policy() {
        return java.util.Optional.ofNullable(policy);
    }

    /** The global step of the checkpoint written before stopping. */
    public long globalStep() {
        return globalStep;
    }
}
