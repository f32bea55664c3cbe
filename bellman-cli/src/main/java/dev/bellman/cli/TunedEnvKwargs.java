package dev.bellman.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Env keyword arguments in a tuned section ({@code hyperparams/<algo>.yml}): lines {@code env-kwarg.NAME: value} (RL
 * Zoo's {@code env_kwargs}) are the env's keyword arguments for that entry, under any {@code --env-kwarg NAME=...} the
 * user gives, rather than hyperparameters of the algorithm. Names may be written with '-' or '_' (both mean '_').
 */
final class TunedEnvKwargs {
    /** The key prefix of an env keyword argument in a tuned section. */
    static final String PREFIX = "env-kwarg.";

    private TunedEnvKwargs() {}

    /** {@code given} over the tuned section's env keyword arguments. */
    static Map<String, Object> merge(Map<String, Object> tuned, Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        tuned.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                // the tuned map's keys come with '_' turned into '-'; kwarg names are Python identifiers
                out.put(k.substring(PREFIX.length()).replace('-', '_'), v);
            }
        });
        out.putAll(given);
        return out;
    }

    /** The tuned section without its env keyword arguments: the algorithm's hyperparameters and budget. */
    static Map<String, Object> hyperparameters(Map<String, Object> tuned) {
        Map<String, Object> out = new LinkedHashMap<>();
        tuned.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
