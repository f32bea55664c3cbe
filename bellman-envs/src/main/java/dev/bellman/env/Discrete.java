package dev.bellman.env;

/**
 * The integers {@code start, start + 1, ..., start + n - 1} ({@code gymnasium.spaces.Discrete}).
 * {@link #sample()} draws {@code start + integers(n)} from the space's generator.
 */
public final class Discrete implements Space<Integer> {
    private final int n;
    private final int start;
    private final SpaceRandom random = new SpaceRandom();

    /** {@code Discrete(n, start)}; {@code n} must be positive. */
    public Discrete(int n, int start) {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete n must be positive but was " + n);
        }
        this.n = n;
        this.start = start;
    }

    /** {@code Discrete(n)} starting at 0. */
    public Discrete(int n) {
        this(n, 0);
    }

    public int n() {
        return n;
    }

    public int start() {
        return start;
    }

    @Override
    public boolean contains(Object x) {
        if (x instanceof Integer i) {
            return i >= start && i - start < n;
        }
        if (x instanceof Long l) {
            return l >= start && l - start < n;
        }
        return false;
    }

    /** {@link #contains} for a primitive, without boxing. */
    public boolean contains(int x) {
        return x >= start && x - start < n;
    }

    @Override
    public Integer sample() {
        return start + (int) random.get().integers(n);
    }

    @Override
    public Integer sample(Object mask) {
        if (mask == null) {
            return sample();
        }
        if (!(mask instanceof boolean[] m) || m.length != n) {
            throw new IllegalArgumentException("Discrete(" + n + ") mask must be a boolean[" + n + "] but was "
                    + Spaces.describe(mask));
        }
        int count = 0;
        for (boolean b : m) {
            if (b) {
                count++;
            }
        }
        if (count == 0) {
            return start; // as Gymnasium: an all-false mask yields start
        }
        long k = random.get().integers(count);
        for (int i = 0; i < n; i++) {
            if (m[i] && k-- == 0) {
                return start + i;
            }
        }
        throw new AssertionError();
    }

    @Override
    public int[] shape() {
        return new int[0];
    }

    @Override
    public void seed(long seed) {
        random.seed(seed);
    }

    @Override
    public int flatDim() {
        return n;
    }

    @Override
    public void flatten(Integer x, float[] out, int offset) {
        java.util.Arrays.fill(out, offset, offset + n, 0f);
        out[offset + x - start] = 1f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Discrete d && d.n == n && d.start == start;
    }

    @Override
    public int hashCode() {
        return 31 * n + start;
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
