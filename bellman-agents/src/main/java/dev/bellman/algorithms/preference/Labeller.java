package dev.bellman.algorithms.preference;

import java.util.List;
import java.util.Objects;

/**
 * Who answers the preference queries: {@link SyntheticLabeller} (the default, from the env's true reward) or
 * {@link PageLabeller} (a person on the labelling page of {@code bellman label}).
 */
public interface Labeller {

    /** One query: which of two clips of the same length is better. {@code id} is unique within the run. */
    record Query(long id, Segment first, Segment second) {
        public Query {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(second, "second");
        }
    }

    /**
     * The answers to {@code queries}, in order: 1 when the first clip is preferred, 0 when the second is, ½ when they
     * are equal, NaN when the query was skipped (it then yields no comparison). May block until the answers exist.
     */
    float[] label(List<Query> queries);
}
