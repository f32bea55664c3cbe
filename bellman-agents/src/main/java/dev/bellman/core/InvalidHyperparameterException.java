package dev.bellman.core;

/** A hyperparameter value of the wrong type or out of range; the message names the value and what was expected. */
public final class InvalidHyperparameterException extends IllegalArgumentException {
    private final String name;
    private final transient Object value;

    public InvalidHyperparameterException(String name, Object value, String message) {
        super(message);
        this.name = name;
        this.value = value;
    }

    /** The hyperparameter's kebab-case name. */
    public String name() {
        return name;
    }

    /** The rejected raw value (may be null). */
    public Object value() {
        return value;
    }
}
