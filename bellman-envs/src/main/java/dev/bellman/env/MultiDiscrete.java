package dev.bellman.env;

import java.util.Arrays;

/**
 * A vector of independent discrete values, element i in {@code [start[i], start[i] + nvec[i])}
 * ({@code gymnasium.spaces.MultiDiscrete}, one-dimensional {@code nvec}). Elements are {@code int[]}.
 */
public final class MultiDiscrete implements Space<int[]> {
    private final int[] nvec;
    private final int[] start;
    private final SpaceRandom random = new SpaceRandom();

    public MultiDiscrete(int[] nvec, int[] start) {
        if (nvec == null || nvec.length == 0) {
            throw new IllegalArgumentException("MultiDiscrete nvec must be non-empty but was " + Arrays.toString(nvec));
        }
        for (int n : nvec) {
            if (n <= 0) {
                throw new IllegalArgumentException("MultiDiscrete nvec entries must be positive but was " + Arrays.toString(nvec));
            }
        }
        if (start != null && start.length != nvec.length) {
            throw new IllegalArgumentException("MultiDiscrete start must have " + nvec.length + " entries but had " + start.length);
        }
        this.nvec = nvec.clone();
        this.start = start == null ? new int[nvec.length] : start.clone();
    }

    public MultiDiscrete(int... nvec) {
        this(nvec, null);
    }

    public int[] nvec() {
        return nvec.clone();
    }

    public int[] start() {
        return start.clone();
    }

    @Override
    public boolean contains(Object x) {
        if (!(x instanceof int[] a) || a.length != nvec.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] < start[i] || a[i] - start[i] >= nvec[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int[] sample() {
        NpRandom r = random.get();
        int[] out = new int[nvec.length];
        for (int i = 0; i < out.length; i++) {
            // Gymnasium: (np_random.random(shape) * nvec).astype(dtype) + start
            out[i] = (int) (r.random() * nvec[i]) + start[i];
        }
        return out;
    }

    @Override
    public int[] sample(Object mask) {
        if (mask == null) {
            return sample();
        }
        if (!(mask instanceof boolean[][] m) || m.length != nvec.length) {
            throw new IllegalArgumentException("MultiDiscrete mask must be a boolean[" + nvec.length
                    + "][] but was " + Spaces.describe(mask));
        }
        int[] out = new int[nvec.length];
        for (int i = 0; i < out.length; i++) {
            if (m[i] == null || m[i].length != nvec[i]) {
                throw new IllegalArgumentException("MultiDiscrete mask row " + i + " must have " + nvec[i]
                        + " entries but was " + Spaces.describe(m[i]));
            }
            Discrete d = new Discrete(nvec[i], start[i]);
            d.seed(random.get().integers(Integer.MAX_VALUE));
            out[i] = d.sample(m[i]);
        }
        return out;
    }

    @Override
    public int[] shape() {
        return new int[] {nvec.length};
    }

    @Override
    public void seed(long seed) {
        random.seed(seed);
    }

    @Override
    public int flatDim() {
        int s = 0;
        for (int n : nvec) {
            s += n;
        }
        return s;
    }

    @Override
    public void flatten(int[] x, float[] out, int offset) {
        int o = offset;
        for (int i = 0; i < nvec.length; i++) {
            Arrays.fill(out, o, o + nvec[i], 0f);
            out[o + x[i] - start[i]] = 1f;
            o += nvec[i];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiDiscrete m && Arrays.equals(m.nvec, nvec) && Arrays.equals(m.start, start);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nvec) * 31 + Arrays.hashCode(start);
    }

    @Override
    public String toString() {
        return "MultiDiscrete(" + Arrays.toString(nvec) + ")";
    }
}
