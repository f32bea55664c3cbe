package dev.bellman.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained policy as training returns it and {@link AlgorithmProvider#load(Path)} restores it: it picks
 * the greedy (deterministic) action for an observation and saves its parameters.
 *
 * <p>Observations and actions are the env's own types ({@code Integer} for {@code Discrete},
 * {@code float[]} for {@code Box}); a policy is only ever used with the kind of env it was trained on.
 */
public interface Policy {

    /** The greedy action for {@code observation}: the arg max of a value table, a network's mode, ... */
    Object act(Object observation);

    /**
     * Writes the policy's parameters into {@code directory} (which exists), each file written
     * atomically. The caller writes the manifest naming the algorithm and env beside them.
     */
    void save(Path directory) throws IOException;
}
