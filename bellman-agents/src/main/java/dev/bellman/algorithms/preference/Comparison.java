package dev.bellman.algorithms.preference;

import java.util.Objects;

/**
 * A labelled pair of clips: {@code mu} = 1 when the first is preferred, 0 when the second is, ½ when they are equal.
 */
public record Comparison(Segment first, Segment second, float mu) {
    public Comparison {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (!(mu == 0f || mu == 0.5f || mu == 1f)) {
            throw new IllegalArgumentException("mu must be 0, 0.5 or 1 but was " + mu);
        }
        if (first.length() != second.length() || first.inputSize() != second.inputSize()) {
            throw new IllegalArgumentException("the clips of a comparison must have the same length and features but had "
                    + first.length() + "x" + first.inputSize() + " and " + second.length() + "x" + second.inputSize());
        }
    }
}
