package dev.bellman.env;

import java.util.concurrent.atomic.AtomicLong;

/**
 * NumPy's legacy generator {@code np.random.RandomState(seed)}: the 32-bit Mersenne Twister MT19937 (Matsumoto &amp;
 * Nishimura 1998, "Mersenne Twister: A 623-dimensionally equidistributed uniform pseudo-random number generator").
 * With the same seed, {@link #randomSample()}, {@link #randint}, and {@link #choice(int)} return bit for bit the numbers
 * NumPy returns. MinAtar (Young &amp; Tian 2019) draws all its randomness from this generator, so its games here replay
 * the Python package's trajectories exactly.
 *
 * <p>Pieces, each following NumPy's {@code numpy/random} sources:
 * <ol>
 *   <li>Seeding from an integer scalar is Matsumoto and Nishimura's {@code init_genrand}: {@code key[0] = seed},
 *       {@code key[i] = 1812433253·(key[i−1] ⊕ (key[i−1] ≫ 30)) + i} (mod 2³²), and the next draw regenerates the
 *       whole 624-word block. NumPy accepts seeds in [0, 2³² − 1] and so does this class.</li>
 *   <li>{@code random_sample()} / {@code rand()}: two 32-bit draws a, b give ((a ≫ 5)·2²⁶ + (b ≫ 6))·2⁻⁵³.</li>
 *   <li>{@code randint(low, high)}: NumPy's legacy masked rejection: with range r = high − 1 − low and mask the
 *       smallest 2ᵏ − 1 ≥ r, draw 32-bit words, keep {@code word & mask} once it is ≤ r, add low (r &lt; 2³²; NumPy's
 *       64-bit path for wider ranges is not needed here and is rejected). An array draw {@code randint(low, high, n)}
 *       is n such scalar draws in order.</li>
 *   <li>{@code choice(n)} without probabilities is {@code randint(0, n)}, as the legacy {@code choice} does.</li>
 * </ol>
 *
 * <p>Not thread-safe: each environment owns its own instance.
 */
public final class NpRandomState {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final AtomicLong ENTROPY = new AtomicLong(System.nanoTime() ^ 0x2545f4914f6cdd1dL);

    private final int[] key = new int[N];
    private int pos;

    /** {@code np.random.RandomState(seed)}; {@code seed} must lie in [0, 2³² − 1] as NumPy requires. */
    public NpRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1 (as NumPy's RandomState requires)"
                    + " but was " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** A generator seeded from process entropy (a 32-bit seed), as an unseeded {@code RandomState()} is. */
    public static NpRandomState fromEntropy() {
        long s = ENTROPY.addAndGet(0x9e3779b97f4a7c15L) ^ System.nanoTime();
        s = (s ^ (s >>> 30)) * 0xbf58476d1ce4e5b9L;
        s = (s ^ (s >>> 27)) * 0x94d049bb133111ebL;
        s ^= s >>> 31;
        return new NpRandomState(s & 0xffffffffL);
    }

    private void generate() {
        int i = 0;
        int y;
        for (; i < N - M; i++) {
            y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
            key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < N - 1; i++) {
            y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
            key[i] = key[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
        key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    /** The next 32-bit output (tempered), as an int whose bits are NumPy's {@code uint32}. */
    public int nextInt32() {
        if (pos == N) generate();
        int y = key[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** {@code random_sample()} (also {@code rand()}): a double in [0, 1) with 53 random bits. */
    public double randomSample() {
        long a = (nextInt32() & 0xffffffffL) >>> 5;
        long b = (nextInt32() & 0xffffffffL) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code randint(high)}: an integer in [0, high). */
    public long randint(long high) {
        return randint(0, high);
    }

    /** {@code randint(low, high)}: an integer in [low, high) by NumPy's legacy masked rejection. */
    public long randint(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("randint needs low < high but was low=" + low + ", high=" + high);
        }
        long range = high - 1 - low;
        if (range > 0xffffffffL) {
            throw new IllegalArgumentException("randint ranges wider than 2**32 are not supported but was " + (range + 1));
        }
        if (range == 0) return low;
        if (range == 0xffffffffL) return low + (nextInt32() & 0xffffffffL);
        long mask = range;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextInt32() & mask;
        } while (v > range);
        return low + v;
    }

    /** {@code choice(n)} (uniform, no probabilities): an index in [0, n). */
    public int choice(int n) {
        if (n <= 0) throw new IllegalArgumentException("choice needs a non-empty population but n was " + n);
        return (int) randint(0, n);
    }

    /** The complete state, 624 key words then the position, for checkpoints; see {@link #restore(long[])}. */
    public long[] snapshot() {
        long[] out = new long[N + 1];
        for (int i = 0; i < N; i++) out[i] = key[i] & 0xffffffffL;
        out[N] = pos;
        return out;
    }

    /** Puts back a state from {@link #snapshot()}. */
    public void restore(long[] snapshot) {
        if (snapshot == null || snapshot.length != N + 1) {
            throw new IllegalArgumentException("an NpRandomState snapshot has " + (N + 1) + " values but this one has "
                    + (snapshot == null ? "none (null)" : snapshot.length));
        }
        if (snapshot[N] < 0 || snapshot[N] > N) {
            throw new IllegalArgumentException("an NpRandomState snapshot's position must be in [0, 624] but was "
                    + snapshot[N]);
        }
        for (int i = 0; i < N; i++) key[i] = (int) snapshot[i];
        pos = (int) snapshot[N];
    }
}
