package dev.bellman.core;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" suggestions for misspelt ids and names (Levenshtein distance, case-insensitive). */
public final class Suggest {
    private Suggest() {}

    /**
     * The candidate closest to {@code input}, if one is close enough to be a plausible typo: within
     * about a third of its length in edits, or containing / contained in the input.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        return dev.bellman.env.Envs.closestName(input, candidates);
    }
}
