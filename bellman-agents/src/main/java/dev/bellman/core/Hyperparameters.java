package dev.bellman.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The resolved hyperparameters of one run: every hyperparameter an algorithm declares, each with its
 * typed value, in declaration order.
 *
 * <p>Built by {@link #resolve(String, List, Map)} from the declared {@link Hyperparameter}s and a map
 * of overrides (from a tuned-defaults file, a config file or {@code --set}); unknown names and bad
 * values are refused there, so a {@code Hyperparameters} is always complete and valid.
 *
 * @param values name to typed value, in declaration order (unmodifiable)
 */
public record Hyperparameters(Map<String, Object> values) {

    public Hyperparameters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    /**
     * Every declared hyperparameter at its default, replaced by the override of the same name where one
     * is given.
     *
     * @param algorithm the algorithm id, for messages
     * @param declared the algorithm's hyperparameters
     * @param overrides raw values by kebab-case name (strings, numbers or booleans)
     * @throws UnknownHyperparameterException for a name not declared (listing the valid ones)
     * @throws InvalidHyperparameterException for a value of the wrong type or out of range
     */
    public static Hyperparameters resolve(String algorithm, List<Hyperparameter> declared, Map<String, ?> overrides) {
        Map<String, Hyperparameter> byName = new LinkedHashMap<>();
        for (Hyperparameter h : declared) {
            byName.put(h.name(), h);
        }
        for (String key : overrides.keySet()) {
            if (!byName.containsKey(key)) {
                throw new UnknownHyperparameterException(algorithm, key, new ArrayList<>(byName.keySet()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Hyperparameter h : declared) {
            values.put(h.name(), overrides.containsKey(h.name()) ? h.parse(overrides.get(h.name())) : h.defaultValue());
        }
        return new Hyperparameters(values);
    }

    /** The value of {@code name}, whatever its type. */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no hyperparameter '" + name + "'; present: " + values.keySet());
        }
        return v;
    }

    public int getInt(String name) {
        return ((Number) get(name)).intValue();
    }

    public long getLong(String name) {
        return ((Number) get(name)).longValue();
    }

    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return get(name).toString();
    }
}
