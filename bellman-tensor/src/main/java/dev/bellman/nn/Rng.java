package dev.bellman.nn;

/**
 * The seeded pseudo-random generator used for network initialisation, exploration and minibatch
 * shuffles: xoshiro256** (Blackman and Vigna 2018), seeded through SplitMix64.
 *
 * <p>Deterministic for a given seed on every platform. Not thread-safe: give each thread its own
 * generator via {@link #split()}, which derives an independent stream deterministically.
 */
public final class Rng {
    private long s0, s1, s2, s3;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x += 0x9E3779B97F4A7C15L);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), unbiased (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive but was " + bound);
        long m = (nextLong() >>> 32) * bound;
        long l = m & 0xFFFFFFFFL;
        if (l < bound) {
            long t = (0x100000000L - bound) % bound;
            while (l < t) {
                m = (nextLong() >>> 32) * bound;
                l = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * Shuffles {@code a} in place (Fisher–Yates from the last index down, {@code j = nextInt(i + 1)}; CleanRL's
     * {@code np.random.shuffle} of minibatch indices). The algorithms' minibatch orders depend on this exact draw order.
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Standard normal (Marsaglia polar method). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** An independent generator derived from this one's next output. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** The full generator state (for checkpoints). */
    public long[] state() {
        return new long[]{s0, s1, s2, s3, Double.doubleToRawLongBits(spareGaussian), hasSpare ? 1 : 0};
    }

    /** Restores a state from {@link #state()}. */
    public void setState(long[] st) {
        if (st.length != 6) throw new IllegalArgumentException("Rng state must have 6 longs but had " + st.length);
        s0 = st[0]; s1 = st[1]; s2 = st[2]; s3 = st[3];
        spareGaussian = Double.longBitsToDouble(st[4]);
        hasSpare = st[5] != 0;
    }
}
