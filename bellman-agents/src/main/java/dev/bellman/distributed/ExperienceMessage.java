package dev.bellman.distributed;

import java.util.Objects;

/**
 * One unit of experience from an actor: a trajectory segment (IMPALA) or a block of transitions with their initial
 * priorities (Ape-X), encoded by the algorithm.
 *
 * @param actorId          the sending actor's id (unique in the run)
 * @param sequence         the actor's message counter, from 0
 * @param parameterVersion the version of the parameters the actor acted with (IMPALA's policy lag)
 * @param payload          the algorithm's encoding of the experience
 */
public record ExperienceMessage(String actorId, long sequence, long parameterVersion, byte[] payload) {
    public ExperienceMessage {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(payload, "payload");
        if (sequence < 0) throw new IllegalArgumentException("sequence must be non-negative but was " + sequence);
    }
}
