package dev.bellman.env;

import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link Env#reset}: the first observation of an episode and auxiliary information.
 *
 * @param observation the first observation, inside {@link Env#observationSpace()}
 * @param info        auxiliary diagnostics; never null (often {@link Map#of()})
 */
public record Reset<O>(O observation, Map<String, Object> info) {
    public Reset {
        Objects.requireNonNull(observation, "observation must not be null");
        Objects.requireNonNull(info, "info must not be null (use Map.of())");
    }
}
