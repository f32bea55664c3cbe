package dev.bellman.env;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An environment whose physical constants can be read and changed between episodes: what
 * {@link dev.bellman.env.wrappers.DomainRandomization} resamples at every reset and what {@code bellman robustness}
 * sweeps. Each declared parameter is also a keyword argument of the env's registration, with the nominal value as its
 * default, so {@code Envs.make(id, Map.of("length", 1.0))} and {@code setPhysicalParameter("length", 1.0)} give the same
 * dynamics.
 *
 * <p>A new value takes effect from the next step; wrappers set parameters before the inner reset, so an episode runs
 * under one set of values.
 */
public interface HasPhysicalParameters {

    /** The declared parameters, in a fixed order. */
    List<PhysicalParameter> declaredParameters();

    /** The current value of the parameter named {@code name} (one of {@link #declaredParameters()}). */
    double physicalParameter(String name);

    /**
     * Sets the parameter named {@code name}.
     *
     * @throws IllegalArgumentException naming the value and the valid names, for an undeclared name or a value the
     *     parameter does not accept (see {@link PhysicalParameter#accepts})
     */
    void setPhysicalParameter(String name, double value);

    /** The current values by name, in declaration order. */
    default Map<String, Double> physicalParameters() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (PhysicalParameter p : declaredParameters()) {
            out.put(p.name(), physicalParameter(p.name()));
        }
        return out;
    }

    /** The declaration of {@code name} in {@code env}, failing with the closest declared names. */
    static PhysicalParameter declaration(HasPhysicalParameters env, String name) {
        for (PhysicalParameter p : env.declaredParameters()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        List<String> names = env.declaredParameters().stream().map(PhysicalParameter::name).toList();
        List<String> close = Envs.closest(String.valueOf(name), names, 1);
        throw new IllegalArgumentException("unknown physical parameter '" + name + "' of "
                + env.getClass().getSimpleName() + (close.isEmpty() ? "" : "; did you mean '" + close.get(0) + "'?")
                + " Declared parameters: " + describe(env.declaredParameters()));
    }

    /** {@link #declaration} plus the value check, as {@link #setPhysicalParameter} implementations start. */
    static PhysicalParameter check(HasPhysicalParameters env, String name, double value) {
        PhysicalParameter p = declaration(env, name);
        if (!p.accepts(value)) {
            throw new IllegalArgumentException("physical parameter " + name + " of " + env.getClass().getSimpleName()
                    + " (" + p.meaning() + ") must be a " + (p.positive() ? "positive " : "") + "finite number but was "
                    + value);
        }
        return p;
    }

    /** "name (meaning, nominal v), ..." for messages. */
    static String describe(List<PhysicalParameter> params) {
        return params.stream().map(p -> p.name() + " (" + p.meaning() + ", nominal " + p.nominal() + ")")
                .collect(Collectors.joining(", "));
    }
}
