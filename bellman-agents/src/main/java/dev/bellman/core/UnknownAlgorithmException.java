package dev.bellman.core;

import java.util.List;

/** An algorithm id that no registered provider has; the message suggests the closest and lists all. */
public final class UnknownAlgorithmException extends IllegalArgumentException {
    private final String id;

    public UnknownAlgorithmException(String id, List<String> known) {
        super("unknown algorithm '" + id + "'."
                + Suggest.closest(id, known).map(c -> " Did you mean '" + c + "'?").orElse("")
                + " Known algorithms: " + (known.isEmpty() ? "(none registered)" : String.join(", ", known)) + ".");
        this.id = id;
    }

    /** The unknown id. */
    public String id() {
        return id;
    }
}
