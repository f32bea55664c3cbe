package dev.bellman.env;

import java.util.Map;

/** Builds a fresh, unwrapped environment from keyword arguments (the spec's defaults merged with the caller's). */
@FunctionalInterface
public interface EnvFactory {
    Env<?, ?> create(Map<String, Object> kwargs);
}
