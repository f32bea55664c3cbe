package dev.bellman.env.wrappers;

import dev.bellman.env.NpRandom;
import java.util.Arrays;

/**
 * The random generator of a wrapper that draws its own numbers (domain randomization, noise): seeded at
 * {@code reset(seed)} from {@code seed} mixed with the wrapper's salt (so that its stream is not the env's own,
 * seeded with the same number), continued at {@code reset(null)}, from entropy when never seeded.
 */
final class EpisodeRandom {
    private final long salt;
    private NpRandom random;

    EpisodeRandom(long salt) {
        this.salt = salt;
    }

    /** Called at every reset: reseeds for a non-null seed. */
    void reset(Long seed) {
        if (seed != null) {
            if (seed < 0) {
                throw new IllegalArgumentException("seed must be >= 0 (as Gymnasium and NumPy require) but was " + seed);
            }
            random = new NpRandom(mix(seed, salt));
        } else if (random == null) {
            random = NpRandom.fromEntropy();
        }
    }

    /** The generator; seeded from entropy if no reset has seeded it yet. */
    NpRandom get() {
        if (random == null) {
            random = NpRandom.fromEntropy();
        }
        return random;
    }

    /** SplitMix64's finaliser of {@code seed + salt}, kept non-negative. */
    static long mix(long seed, long salt) {
        long z = seed + salt;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    /** 9 words: whether seeded, then the generator's state. */
    long[] snapshot() {
        long[] out = new long[9];
        if (random != null) {
            out[0] = 1;
            System.arraycopy(random.snapshot(), 0, out, 1, 8);
        }
        return out;
    }

    /** Puts back the 9 words of {@link #snapshot()} found at {@code offset}. */
    void restore(long[] snapshot, int offset) {
        if (snapshot[offset] == 1) {
            random = NpRandom.fromEntropy();
            random.restore(Arrays.copyOfRange(snapshot, offset + 1, offset + 9));
        } else {
            random = null;
        }
    }
}
