package dev.bellman.algorithms.tabular;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * When and where a TD learner hands out its {@link TdState} while it trains: before every step t that is a
 * positive multiple of {@code every} (and not the step a run resumed at), the learner calls {@code sink} with
 * its state. The env is then between steps, so the caller may snapshot it in the same call.
 *
 * @param every environment steps between checkpoints; 0 for none
 * @param sink receives each state (a copy the learner no longer touches)
 */
public record TdCheckpoints(long every, Consumer<TdState> sink) {
    /** No checkpoints. */
    public static final TdCheckpoints NONE = new TdCheckpoints(0, s -> { });

    public TdCheckpoints {
        if (every < 0) throw new IllegalArgumentException("every must be >= 0 (0 for no checkpoints) but was " + every);
        Objects.requireNonNull(sink, "sink");
    }

    /** Whether a checkpoint is due before step {@code t} of a loop that started (or resumed) at {@code start}. */
    boolean due(long t, long start) {
        return every > 0 && t > start && t % every == 0;
    }
}
