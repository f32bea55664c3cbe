package dev.bellman.algorithms.tabular;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * When and where a TD learner hands out its {@link TdState} while it trains: before every step t that is a
 * positive multiple of {@code every} (and not the step a run resumed at), the learner calls {@code sink} with
 * its state. The env is then between steps, so the caller may snapshot it in the same call. Once {@code stop} says
 * so (a stop was requested), a checkpoint is due before every step after {@code start}; the sink is then expected to
 * end the loop by throwing ({@link dev.bellman.core.Checkpoints#save} does).
 *
 * @param every environment steps between checkpoints; 0 for none
 * @param sink receives each state (a copy the learner no longer touches)
 * @param stop whether a stop was requested
 */
public record TdCheckpoints(long every, Consumer<TdState> sink, BooleanSupplier stop) {
    /** No checkpoints. */
    public static final TdCheckpoints NONE = new TdCheckpoints(0, s -> { });

    public TdCheckpoints {
        if (every < 0) throw new IllegalArgumentException("every must be >= 0 (0 for no checkpoints) but was " + every);
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(stop, "stop");
    }

    /** Checkpoints every {@code every} steps, never on request. */
    public TdCheckpoints(long every, Consumer<TdState> sink) {
        this(every, sink, () -> false);
    }

    /** Whether a checkpoint is due before step {@code t} of a loop that started (or resumed) at {@code start}. */
    boolean due(long t, long start) {
        return t > start && (every > 0 && t % every == 0 || stop.getAsBoolean());
    }
}
