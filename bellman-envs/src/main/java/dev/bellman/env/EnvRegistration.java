package dev.bellman.env;

import java.util.Collection;
import java.util.Map;

/**
 * Service-provider interface through which third-party environments join the registry ({@link Envs}).
 *
 * <p>Implement it, list the implementation's binary name in
 * {@code META-INF/services/dev.bellman.env.EnvRegistration} on the class path, and every {@link EnvSpec} it returns
 * is registered the first time {@link Envs} is used (through {@link java.util.ServiceLoader}). Bellman's own
 * environments are registered the same way.
 */
public interface EnvRegistration {
    /** The specs to register. Ids must be unique across all providers. */
    Collection<EnvSpec> specs();

    /**
     * Ids among {@link #specs()} kept only as aliases of a newer version, each mapped to the id that replaces it
     * (Gymnasium renames, such as {@code Taxi-v3} to {@code Taxi-v4}). They still build; {@link Envs#replacement}
     * reports them, and {@code bellman list envs} marks them deprecated. None by default.
     */
    default Map<String, String> deprecatedIds() {
        return Map.of();
    }
}
