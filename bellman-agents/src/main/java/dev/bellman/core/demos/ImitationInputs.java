package dev.bellman.core.demos;

import dev.bellman.core.Policy;

import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link ImitationProvider} learns from besides the env: the demonstrations, and for interactive imitation
 * (DAgger) an expert that can be queried for the action it would take in any state.
 *
 * @param demos the demonstration dataset
 * @param expert the queryable expert (a trained run's greedy policy), or {@code null} when none was given
 */
public record ImitationInputs(Dataset demos, Policy expert) {
    public ImitationInputs {
        Objects.requireNonNull(demos, "demos");
    }

    /** The expert, when one was given. */
    public Optional<Policy> expertPolicy() {
        return Optional.ofNullable(expert);
    }
}
