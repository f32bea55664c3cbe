package dev.bellman.env;

import java.util.Arrays;

/** Binary vectors of length {@code n} ({@code gymnasium.spaces.MultiBinary}); elements are {@code byte[]} of 0/1. */
public final class MultiBinary implements Space<byte[]> {
    private final int n;
    private final SpaceRandom random = new SpaceRandom();

    public MultiBinary(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("MultiBinary n must be positive but was " + n);
        }
        this.n = n;
    }

    public int n() {
        return n;
    }

    @Override
    public boolean contains(Object x) {
        if (!(x instanceof byte[] a) || a.length != n) {
            return false;
        }
        for (byte b : a) {
            if (b != 0 && b != 1) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] sample() {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) random.get().integers(2);
        }
        return out;
    }

    @Override
    public byte[] sample(Object mask) {
        if (mask == null) {
            return sample();
        }
        if (!(mask instanceof byte[] m) || m.length != n) {
            throw new IllegalArgumentException("MultiBinary(" + n + ") mask must be a byte[" + n + "] of 0, 1, 2 but was "
                    + Spaces.describe(mask));
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            if (m[i] == 2) {
                out[i] = (byte) random.get().integers(2);
            } else if (m[i] == 0 || m[i] == 1) {
                out[i] = m[i];
            } else {
                throw new IllegalArgumentException("MultiBinary mask entries must be 0, 1 or 2 but mask[" + i + "]=" + m[i]);
            }
        }
        return out;
    }

    @Override
    public int[] shape() {
        return new int[] {n};
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
    public void flatten(byte[] x, float[] out, int offset) {
        for (int i = 0; i < n; i++) {
            out[offset + i] = x[i];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiBinary m && m.n == n;
    }

    @Override
    public int hashCode() {
        return n;
    }

    @Override
    public String toString() {
        return "MultiBinary(" + n + ")";
    }

    static String describe(byte[] b) {
        return Arrays.toString(b);
    }
}
