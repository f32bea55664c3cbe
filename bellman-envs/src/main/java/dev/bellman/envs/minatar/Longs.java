package dev.bellman.envs.minatar;

import java.util.Arrays;

/** A growable {@code long[]} for snapshots, with a cursor to read one back. */
final class Longs {
    private long[] a = new long[64];
    private int n;

    void add(long v) {
        if (n == a.length) a = Arrays.copyOf(a, 2 * n);
        a[n++] = v;
    }

    void add(boolean v) {
        add(v ? 1 : 0);
    }

    long[] toArray() {
        return Arrays.copyOf(a, n);
    }

    /** Reads a snapshot in order; running past its end is an {@link IllegalArgumentException}. */
    static final class Cursor {
        private final long[] v;
        private int i;

        Cursor(long[] v, int start) {
            this.v = v;
            this.i = start;
        }

        long next() {
            if (i >= v.length) throw new IllegalArgumentException("a MinAtar snapshot ended early, at value " + i);
            return v[i++];
        }

        int nextInt() {
            return (int) next();
        }

        boolean nextBool() {
            return next() != 0;
        }

        boolean atEnd() {
            return i == v.length;
        }
    }
}
