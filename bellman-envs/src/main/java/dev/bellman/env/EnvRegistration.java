package dev.bellman.env;

import java.util.Collection;

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
}
