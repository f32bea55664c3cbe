package dev.bellman.core;

import java.util.List;

/** A hyperparameter name that the algorithm does not have; the message lists the valid ones. */
public final class UnknownHyperparameterException extends IllegalArgumentException {
    private final String name;
    private final List<String> valid;

    public UnknownHyperparameterException(String algorithm, String name, List<String> valid) {
        super(message(algorithm, name, valid));
        this.name = name;
        this.valid = List.copyOf(valid);
    }

    private static String message(String algorithm, String name, List<String> valid) {
        String closest = Suggest.closest(name, valid).map(c -> " Did you mean '" + c + "'?").orElse("");
        return "unknown hyperparameter '" + name + "' for " + algorithm + "." + closest + " Valid hyperparameters: "
                + (valid.isEmpty() ? "(none)" : String.join(", ", valid)) + ".";
    }

    /** The unknown name. */
    public String name() {
        return name;
    }

    /** The names the algorithm accepts. */
    public List<String> valid() {
        return valid;
    }
}
