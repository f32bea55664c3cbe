package dev.bellman.algorithms.offpolicy;

import java.util.Arrays;

/** Hidden-layer sizes as the {@code net-arch} hyperparameter writes them: {@code "256,256"}. */
final class NetArch {
    private NetArch() {}

    /** A validated copy of {@code sizes} (at least one layer, each positive). */
    static int[] check(int[] sizes) {
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException("netArch must list at least one hidden layer size but was "
                    + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s <= 0) throw new IllegalArgumentException("netArch sizes must be positive but were " + Arrays.toString(sizes));
        }
        return sizes.clone();
    }

    /** Parses {@code "400,300"} (spaces allowed). */
    static int[] parse(String s) {
        try {
            return check(Arrays.stream(s.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("net-arch must be comma-separated positive integers such as 256,256 but was '"
                    + s + "'", e);
        }
    }
}
