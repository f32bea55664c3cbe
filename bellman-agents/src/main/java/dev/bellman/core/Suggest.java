package dev.bellman.core;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" suggestions for misspelt ids and names (Levenshtein distance, case-insensitive). */
public final class Suggest {
    private Suggest() {}

    /**
     * The candidate closest to {@code input}, if one is close enough to be a plausible typo: within
     * about a third of its length in edits, or containing / contained in the input.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        if (input == null || candidates.isEmpty()) {
            return Optional.empty();
        }
        String in = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = distance(in, lc);
            if (!in.isEmpty() && (lc.contains(in) || in.contains(lc))) {
                d = Math.min(d, Math.abs(lc.length() - in.length()) / 2);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, (Math.max(in.length(), 3) + 2) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein edit distance (the one {@link dev.bellman.env.Envs} uses for env ids). */
    static int distance(String a, String b) {
        return dev.bellman.env.Envs.editDistance(a, b);
    }
}
