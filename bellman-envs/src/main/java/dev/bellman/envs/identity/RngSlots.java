package dev.bellman.envs.identity;

import dev.bellman.env.NpRandom;

import java.util.Arrays;

/**
 * The first {@link #SIZE} slots of the identity envs' snapshots: whether the env has a generator yet (0/1; it is
 * created on the first reset), then the generator's 8 longs.
 */
final class RngSlots {
    /** Slots taken at the start of a snapshot. */
    static final int SIZE = 9;

    private RngSlots() {}

    /** Writes {@code rng} (null: none yet) into {@code out[0..SIZE)}. */
    static void write(NpRandom rng, long[] out) {
        if (rng != null) {
            out[0] = 1;
            System.arraycopy(rng.snapshot(), 0, out, 1, 8);
        }
    }

    /** The generator {@link #write} stored in {@code v[0..SIZE)}, or null if there was none. */
    static NpRandom read(long[] v) {
        if (v[0] != 1) return null;
        NpRandom rng = new NpRandom(0);
        rng.restore(Arrays.copyOfRange(v, 1, SIZE));
        return rng;
    }
}
