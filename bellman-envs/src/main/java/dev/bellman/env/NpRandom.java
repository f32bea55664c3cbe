package dev.bellman.env;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A NumPy-compatible random generator: {@code np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))},
 * which is what Gymnasium's {@code gymnasium.utils.seeding.np_random(seed)} builds. With the same non-negative seed,
 * {@link #random()}, {@link #uniform}, and {@link #integers} return bit-for-bit the numbers NumPy returns, so
 * {@code reset(seed)} of a classic-control environment starts where Gymnasium's does.
 *
 * <p>Pieces, each following NumPy's {@code numpy/random} sources:
 * <ol>
 *   <li>{@code SeedSequence} (O'Neill's seed-sequence hashing): the seed's 32-bit words are mixed into a pool of four
 *       words, then {@code generate_state(4, uint64)} yields the PCG state and increment.</li>
 *   <li>PCG64 (O'Neill 2014, "PCG: A Family of Simple Fast Space-Efficient Statistically Good Algorithms"): a 128-bit
 *       LCG with multiplier {@code 0x2360ed051fc65da44385df649fccf645}, output XSL-RR 128/64, step then output.
 *       32-bit draws use the low half of a 64-bit draw and keep the high half for the next one, as NumPy does.</li>
 *   <li>{@code Generator}: {@code random()} = (u64 &gt;&gt; 11)·2⁻⁵³; {@code uniform(lo, hi)} = lo + (hi − lo)·random();
 *       {@code integers(lo, hi)} by Lemire's nearly-divisionless method (Lemire 2019, "Fast Random Integer Generation
 *       in an Interval"), 32-bit when the range fits, as NumPy's default (unmasked) path.</li>
 * </ol>
 *
 * <p><b>Deviations.</b> (1) {@link #normal} and {@link #exponential} use inversion / the Marsaglia polar method on this
 * stream, not NumPy's ziggurat tables, so they are deterministic per seed but do not equal NumPy's draws (classic-control
 * resets only use {@code uniform}; {@code normal} only feeds {@link Box#sample()} of unbounded dimensions).
 * (2) Seeds are {@code long} values ≥ 0 (NumPy accepts arbitrarily large Python ints).
 *
 * <p>Not thread-safe: each environment and space owns its own instance.
 */
public final class NpRandom {
    // PCG_DEFAULT_MULTIPLIER_128
    private static final long MULT_HI = 0x2360ed051fc65da4L;
    private static final long MULT_LO = 0x4385df649fccf645L;
    private static final AtomicLong ENTROPY = new AtomicLong(System.nanoTime() ^ 0x9e3779b97f4a7c15L);

    private long stateHi;
    private long stateLo;
    private long incHi;
    private long incLo;
    private boolean hasUint32;
    private int uinteger;
    private final long seed;

    /** {@code np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))}; {@code seed} must be ≥ 0. */
    public NpRandom(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be >= 0 (as Gymnasium and NumPy require) but was " + seed);
        }
        this.seed = seed;
        long[] words = seedSequenceState(seed);
        seedPcg(words[0], words[1], words[2], words[3]);
    }

    /** A generator seeded from process entropy, as Gymnasium's {@code np_random(None)}. */
    public static NpRandom fromEntropy() {
        long s = ENTROPY.addAndGet(0x9e3779b97f4a7c15L);
        s = (s ^ (s >>> 30)) * 0xbf58476d1ce4e5b9L;
        s = (s ^ (s >>> 27)) * 0x94d049bb133111ebL;
        s ^= s >>> 31;
        return new NpRandom((s ^ System.nanoTime()) & Long.MAX_VALUE);
    }

    /** The seed this generator was built from. */
    public long seed() {
        return seed;
    }

    /**
     * The generator's complete state (PCG64 state and increment, the buffered 32-bit half, the spare normal), for
     * checkpoints: {@link #restore(long[])} on any instance makes it continue exactly where this one is.
     * {@link #seed()} is not part of the state.
     */
    public long[] snapshot() {
        return new long[] {stateHi, stateLo, incHi, incLo, hasUint32 ? 1 : 0, uinteger,
            Double.doubleToRawLongBits(spareNormal), hasSpareNormal ? 1 : 0};
    }

    /** Puts back a state from {@link #snapshot()}. */
    public void restore(long[] snapshot) {
        if (snapshot == null || snapshot.length != 8) {
            throw new IllegalArgumentException("an NpRandom snapshot has 8 values but this one has "
                    + (snapshot == null ? "none (null)" : snapshot.length));
        }
        if ((snapshot[3] & 1L) == 0) {
            throw new IllegalArgumentException("an NpRandom snapshot has an odd PCG increment but this one's is even");
        }
        stateHi = snapshot[0];
        stateLo = snapshot[1];
        incHi = snapshot[2];
        incLo = snapshot[3];
        hasUint32 = snapshot[4] != 0;
        uinteger = (int) snapshot[5];
        spareNormal = Double.longBitsToDouble(snapshot[6]);
        hasSpareNormal = snapshot[7] != 0;
    }

    // ---------------------------------------------------------------- SeedSequence

    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int POOL_SIZE = 4;

    /** {@code SeedSequence(seed).generate_state(4, np.uint64)} as four unsigned 64-bit words. */
    static long[] seedSequenceState(long seed) {
        int[] entropy = (seed >>> 32) == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        int[] pool = new int[POOL_SIZE];
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], hashConst));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hashmix(entropy[src], hashConst));
            }
        }
        int[] state32 = new int[8];
        int h = INIT_B;
        for (int i = 0; i < state32.length; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= h;
            h *= MULT_B;
            v *= h;
            v ^= v >>> 16;
            state32[i] = v;
        }
        long[] out = new long[4];
        for (int i = 0; i < 4; i++) { // little-endian view of pairs of uint32 as uint64
            out[i] = (state32[2 * i] & 0xffffffffL) | ((long) state32[2 * i + 1] << 32);
        }
        return out;
    }

    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        value ^= value >>> 16;
        return value;
    }

    private static int mix(int x, int y) {
        int r = MIX_MULT_L * x - MIX_MULT_R * y;
        return r ^ (r >>> 16);
    }

    // ---------------------------------------------------------------- PCG64

    private void seedPcg(long initStateHi, long initStateLo, long initSeqHi, long initSeqLo) {
        // pcg_setseq_128_srandom_r: state = 0; inc = initseq << 1 | 1; step; state += initstate; step
        stateHi = 0;
        stateLo = 0;
        incHi = (initSeqHi << 1) | (initSeqLo >>> 63);
        incLo = (initSeqLo << 1) | 1L;
        step();
        long lo = stateLo + initStateLo;
        long carry = Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0;
        stateHi = stateHi + initStateHi + carry;
        stateLo = lo;
        step();
        hasUint32 = false;
    }

    private void step() {
        // state = state * MULT + inc (mod 2^128)
        long lo = stateLo * MULT_LO;
        long hi = Math.unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
        long lo2 = lo + incLo;
        long carry = Long.compareUnsigned(lo2, lo) < 0 ? 1 : 0;
        stateHi = hi + incHi + carry;
        stateLo = lo2;
    }

    /** The next raw unsigned 64-bit output (NumPy's {@code next_uint64}). */
    public long nextLong() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /** The next raw unsigned 32-bit output (NumPy's {@code next_uint32}: low half first, then the buffered high half). */
    public int nextInt() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger;
        }
        long next = nextLong();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return (int) next;
    }

    // ---------------------------------------------------------------- Generator

    /** {@code Generator.random()}: a double uniform on [0, 1) with 53 random bits. */
    public double random() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** {@code Generator.uniform(low, high)}: {@code low + (high - low) * random()}. */
    public double uniform(double low, double high) {
        double range = high - low;
        if (!Double.isFinite(range)) {
            throw new IllegalArgumentException("uniform range high - low must be finite but was " + range
                    + " (low=" + low + ", high=" + high + ")");
        }
        return low + range * random();
    }

    /** {@code Generator.uniform(low, high, size=n)}: n draws in order. */
    public double[] uniform(double low, double high, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = uniform(low, high);
        }
        return out;
    }

    /** {@code Generator.integers(0, high)}: an int64 uniform on [0, high). */
    public long integers(long high) {
        return integers(0, high);
    }

    /** {@code Generator.integers(low, high)} (dtype int64, endpoint=False): uniform on [low, high). */
    public long integers(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("integers needs low < high but got low=" + low + ", high=" + high);
        }
        long rng = high - low - 1; // unsigned range, inclusive
        if (rng == 0) {
            return low;
        }
        if (Long.compareUnsigned(rng, 0xffffffffL) <= 0) {
            if (rng == 0xffffffffL) {
                return low + (nextInt() & 0xffffffffL);
            }
            return low + boundedLemire32((int) rng);
        }
        if (rng == -1L) {
            return low + nextLong();
        }
        return low + boundedLemire64(rng);
    }

    /**
     * {@code Generator.choice(a)} for a one-dimensional {@code a} of {@code populationSize} elements (replace=True, no
     * probabilities, no size): the index of the chosen element. NumPy draws it as {@code integers(0, populationSize)},
     * so it consumes the same 32-bit halves; Gymnasium's Blackjack draws its cards and suits this way.
     */
    public int choice(int populationSize) {
        if (populationSize <= 0) {
            throw new IllegalArgumentException("choice needs a non-empty population but its size was " + populationSize);
        }
        return (int) integers(populationSize);
    }

    private long boundedLemire32(int rng) {
        long rngExcl = (rng & 0xffffffffL) + 1;
        long m = (nextInt() & 0xffffffffL) * rngExcl;
        long leftover = m & 0xffffffffL;
        if (leftover < rngExcl) {
            long threshold = (0xffffffffL - (rng & 0xffffffffL)) % rngExcl;
            while (leftover < threshold) {
                m = (nextInt() & 0xffffffffL) * rngExcl;
                leftover = m & 0xffffffffL;
            }
        }
        return m >>> 32;
    }

    private long boundedLemire64(long rng) {
        long rngExcl = rng + 1;
        long x = nextLong();
        long leftover = x * rngExcl;
        if (Long.compareUnsigned(leftover, rngExcl) < 0) {
            long threshold = Long.remainderUnsigned(-1L - rng, rngExcl);
            while (Long.compareUnsigned(leftover, threshold) < 0) {
                x = nextLong();
                leftover = x * rngExcl;
            }
        }
        return Math.unsignedMultiplyHigh(x, rngExcl);
    }

    private double spareNormal;
    private boolean hasSpareNormal;

    /** A standard normal draw (Marsaglia polar method on this stream; see the class notes: not NumPy's ziggurat). */
    public double standardNormal() {
        if (hasSpareNormal) {
            hasSpareNormal = false;
            return spareNormal;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * random() - 1.0;
            v = 2.0 * random() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(s) / s);
        spareNormal = v * f;
        hasSpareNormal = true;
        return u * f;
    }

    /** {@code loc + scale * standardNormal()}. */
    public double normal(double loc, double scale) {
        return loc + scale * standardNormal();
    }

    /** A standard exponential draw by inversion, {@code -log(1 - random())} (not NumPy's ziggurat). */
    public double exponential() {
        return -Math.log1p(-random());
    }
}
