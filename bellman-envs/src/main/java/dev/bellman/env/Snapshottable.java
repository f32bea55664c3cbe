package dev.bellman.env;

import java.util.ArrayList;
import java.util.List;

/**
 * An environment or wrapper whose complete dynamic state, its random generator included, can be captured
 * and put back exactly: what a training checkpoint needs so that a resumed run continues with the very
 * trajectory the uninterrupted run would have taken.
 *
 * <p>A snapshot is a {@code long[]} (doubles as their raw bits), so it round-trips exactly through any text
 * or binary file. Its layout is private to the implementing class and may change with the class's version;
 * a snapshot is only restored into an object of the same class built with the same arguments.
 *
 * <p>{@link #snapshotChain(Env)} and {@link #restoreChain(Env, List)} capture and restore every layer of a
 * wrapped env ({@code Envs.make} adds {@code OrderEnforcing} and {@code TimeLimit}) in one call.
 */
public interface Snapshottable {

    /** A copy of this object's complete dynamic state. */
    long[] snapshot();

    /**
     * Puts back a state from {@link #snapshot()} of an object of the same class and arguments.
     *
     * @throws IllegalArgumentException if the snapshot has the wrong length or an impossible value
     */
    void restore(long[] snapshot);

    /**
     * The snapshots of every {@link Snapshottable} layer of {@code env}, outermost first.
     *
     * @throws IllegalArgumentException if the innermost env is not {@link Snapshottable} (its state could not
     *     be restored, so a checkpoint of it would be silently wrong)
     */
    static List<long[]> snapshotChain(Env<?, ?> env) {
        List<long[]> out = new ArrayList<>();
        for (Env<?, ?> e : layers(env)) {
            if (e instanceof Snapshottable s) {
                out.add(s.snapshot());
            }
        }
        return out;
    }

    /** Restores snapshots from {@link #snapshotChain(Env)} of an env made the same way. */
    static void restoreChain(Env<?, ?> env, List<long[]> snapshots) {
        List<Snapshottable> layers = new ArrayList<>();
        for (Env<?, ?> e : layers(env)) {
            if (e instanceof Snapshottable s) {
                layers.add(s);
            }
        }
        if (layers.size() != snapshots.size()) {
            throw new IllegalArgumentException("env " + env + " has " + layers.size()
                    + " snapshottable layers but the snapshot has " + snapshots.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).restore(snapshots.get(i));
        }
    }

    private static List<Env<?, ?>> layers(Env<?, ?> env) {
        List<Env<?, ?>> out = new ArrayList<>();
        Env<?, ?> e = env;
        while (e instanceof Wrapper<?, ?, ?, ?> w) {
            out.add(e);
            e = w.inner();
        }
        out.add(e);
        if (!(e instanceof Snapshottable)) {
            throw new IllegalArgumentException(e.getClass().getSimpleName()
                    + " cannot snapshot its state (it does not implement Snapshottable), so it cannot be checkpointed");
        }
        return out;
    }

    /** Checks a snapshot's length, naming the class and both lengths. */
    static void checkLength(long[] snapshot, int expected, Object owner) {
        if (snapshot == null || snapshot.length != expected) {
            throw new IllegalArgumentException("a snapshot of " + owner.getClass().getSimpleName() + " has " + expected
                    + " values but this one has " + (snapshot == null ? "none (null)" : snapshot.length));
        }
    }
}
