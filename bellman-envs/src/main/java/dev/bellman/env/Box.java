package dev.bellman.env;

import java.util.Arrays;

/**
 * A (possibly unbounded) box in R^n of float32 values ({@code gymnasium.spaces.Box} with {@code dtype=float32}).
 * Elements are {@code float[]} in row-major order of {@link #shape()}.
 *
 * <p>{@link #sample()} follows Gymnasium's rule per dimension: bounded on both sides → uniform on [low, high];
 * bounded below only → low + Exp(1); bounded above only → high − Exp(1); unbounded → N(0, 1); drawn in float64 in that
 * order (normal, lower-bounded, upper-bounded, bounded) and cast to float32. The uniform draws equal NumPy's for the
 * same seed; the exponential and normal draws do not (see {@link NpRandom}).
 */
public final class Box implements Space<float[]> {
    private final float[] low;
    private final float[] high;
    private final int[] shape;
    private final SpaceRandom random = new SpaceRandom();

    /**
     * A box with per-element bounds; {@code shape} defaults to {@code [low.length]}. Bounds may be infinite but not
     * NaN, and {@code low[i] <= high[i]} for every i.
     */
    public Box(float[] low, float[] high, int... shape) {
        if (low == null || high == null) {
            throw new IllegalArgumentException("Box bounds must not be null");
        }
        int[] s = shape == null || shape.length == 0 ? new int[] {low.length} : shape.clone();
        int size = Spaces.product(s, "Box shape");
        if (low.length != size || high.length != size) {
            throw new IllegalArgumentException("Box bounds must have " + size + " elements for shape "
                    + Arrays.toString(s) + " but low had " + low.length + " and high " + high.length);
        }
        for (int i = 0; i < size; i++) {
            if (Float.isNaN(low[i]) || Float.isNaN(high[i])) {
                throw new IllegalArgumentException("Box bounds must not be NaN but low[" + i + "]=" + low[i]
                        + ", high[" + i + "]=" + high[i]);
            }
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("Box needs low <= high but low[" + i + "]=" + low[i]
                        + " > high[" + i + "]=" + high[i]);
            }
            if (low[i] == Float.POSITIVE_INFINITY || high[i] == Float.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("Box low must not be +inf and high must not be -inf but low["
                        + i + "]=" + low[i] + ", high[" + i + "]=" + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
        this.shape = s;
    }

    /** A box with the same scalar bounds in every element. */
    public Box(float low, float high, int... shape) {
        this(fill(low, shape), fill(high, shape), shape);
    }

    private static float[] fill(float v, int[] shape) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("Box with scalar bounds needs a shape");
        }
        float[] a = new float[Spaces.product(shape, "Box shape")];
        Arrays.fill(a, v);
        return a;
    }

    /** A copy of the lower bounds. */
    public float[] low() {
        return low.clone();
    }

    /** A copy of the upper bounds. */
    public float[] high() {
        return high.clone();
    }

    /** The lower bound of element {@code i}, without copying. */
    public float low(int i) {
        return low[i];
    }

    /** The upper bound of element {@code i}, without copying. */
    public float high(int i) {
        return high[i];
    }

    /** Number of elements. */
    public int size() {
        return low.length;
    }

    /** Whether every element is bounded on both sides. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Float.isInfinite(low[i]) || Float.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean contains(Object x) {
        if (!(x instanceof float[] a) || a.length != low.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] >= low[i] && a[i] <= high[i])) { // false for NaN
                return false;
            }
        }
        return true;
    }

    @Override
    public float[] sample() {
        NpRandom r = random.get();
        int n = low.length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            if (Float.isInfinite(low[i]) && Float.isInfinite(high[i])) {
                s[i] = r.standardNormal();
            }
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isInfinite(low[i]) && Float.isInfinite(high[i])) {
                s[i] = r.exponential() + low[i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (Float.isInfinite(low[i]) && !Float.isInfinite(high[i])) {
                s[i] = -r.exponential() + high[i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isInfinite(low[i]) && !Float.isInfinite(high[i])) {
                s[i] = r.uniform(low[i], high[i]);
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) s[i];
        }
        return out;
    }

    @Override
    public float[] sample(Object mask) {
        Spaces.rejectBoxMask(mask);
        return sample();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public void seed(long seed) {
        random.seed(seed);
    }

    @Override
    public int flatDim() {
        return low.length;
    }

    @Override
    public void flatten(float[] x, float[] out, int offset) {
        System.arraycopy(x, 0, out, offset, low.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(b.shape, shape) && Arrays.equals(b.low, low)
                && Arrays.equals(b.high, high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "Box(" + Spaces.compact(low) + ", " + Spaces.compact(high) + ", " + Arrays.toString(shape) + ", float32)";
    }
}
