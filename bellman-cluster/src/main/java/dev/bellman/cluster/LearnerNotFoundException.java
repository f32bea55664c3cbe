package dev.bellman.cluster;

/** An actor member found no learner that accepted it (none at the address, or another secret). */
public final class LearnerNotFoundException extends RuntimeException {
    public LearnerNotFoundException(String message) {
        super(message);
    }
}
