package dev.bellman.distributed;

import java.util.Objects;

/**
 * The learner's parameters at one version, encoded by the algorithm (for example its networks' state dict).
 *
 * @param version grows by at least one with every publication, from 1
 * @param payload the algorithm's encoding of the parameters
 */
public record ParameterSnapshot(long version, byte[] payload) {
    public ParameterSnapshot {
        Objects.requireNonNull(payload, "payload");
        if (version < 1) throw new IllegalArgumentException("version must be at least 1 but was " + version);
    }
}
