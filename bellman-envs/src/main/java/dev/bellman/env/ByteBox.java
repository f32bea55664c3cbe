package dev.bellman.env;

import java.util.Arrays;

/**
 * A box of 8-bit unsigned integers ({@code gymnasium.spaces.Box} with {@code dtype=np.uint8}, or {@code dtype=bool}
 * for 0/1 planes): images and board planes. Elements are {@code byte[]} in row-major order of {@link #shape()}, each
 * byte read as an unsigned value 0–255 ({@code b & 0xFF}), so 4× smaller than the same image as float32.
 *
 * <p>{@link #pixels(int...)} is {@code Box(0, 255, shape, uint8)}, Atari-style frames; {@link #binary(int...)} is
 * {@code Box(False, True, shape, bool)}, the 0/1 object planes of MinAtar (Young and Tian 2019). Bounds are one pair
 * of scalars for every element.
 *
 * <p>{@link #sample()} follows Gymnasium's rule for integer boxes: per element {@code floor(uniform(low, high + 1))},
 * drawn with the space's {@link NpRandom} in row-major order, which for the same seed gives NumPy's uniform draws.
 * {@link #flatten} writes the unsigned values as floats, unscaled, as {@code gymnasium.spaces.flatten} keeps the values.
 *
 * <p>Vector envs carry such observations as bytes ({@link dev.bellman.env.vector.VectorStep#byteObservations()});
 * their float view ({@link #asFloatBox()}) is what algorithms without a byte path see.
 */
public final class ByteBox implements Space<byte[]> {
    private final int low;
    private final int high;
    private final boolean bool;
    private final int[] shape;
    private final int size;
    private final SpaceRandom random = new SpaceRandom();

    /**
     * {@code Box(low, high, shape, uint8)}: every element an integer in {@code [low, high]}, {@code 0 <= low <= high <= 255}.
     */
    public ByteBox(int low, int high, int... shape) {
        this(low, high, false, shape);
    }

    private ByteBox(int low, int high, boolean bool, int[] shape) {
        if (low < 0 || high > 255 || low > high) {
            throw new IllegalArgumentException("ByteBox needs 0 <= low <= high <= 255 but low was " + low + " and high " + high);
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("ByteBox needs a shape but got " + Arrays.toString(shape));
        }
        this.low = low;
        this.high = high;
        this.bool = bool;
        this.shape = shape.clone();
        this.size = Spaces.product(this.shape, "ByteBox shape");
    }

    /** {@code Box(0, 255, shape, uint8)}: 8-bit pixels. */
    public static ByteBox pixels(int... shape) {
        return new ByteBox(0, 255, false, shape);
    }

    /** {@code Box(False, True, shape, bool)}: 0/1 planes (elements are bytes 0 or 1). */
    public static ByteBox binary(int... shape) {
        return new ByteBox(0, 1, true, shape);
    }

    /** The lower bound of every element. */
    public int low() {
        return low;
    }

    /** The upper bound of every element. */
    public int high() {
        return high;
    }

    /** Whether every element is 0 or 1 ({@code high <= 1}), so a replay buffer may store it as one bit. */
    public boolean isBinary() {
        return high <= 1;
    }

    /** Number of elements (bytes per observation). */
    public int size() {
        return size;
    }

    /** The same bounds and shape as a float32 {@link Box}: what the values are when read as floats. */
    public Box asFloatBox() {
        return new Box(low, high, shape);
    }

    /**
     * The unsigned values of {@code x} as floats (what {@link #asFloatBox()} describes): for code that takes float
     * observations, such as a policy evaluated on a uint8 env.
     */
    public static float[] toFloats(byte[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = x[i] & 0xFF;
        }
        return f;
    }

    @Override
    public boolean contains(Object x) {
        if (!(x instanceof byte[] a) || a.length != size) {
            return false;
        }
        for (byte b : a) {
            int v = b & 0xFF;
            if (v < low || v > high) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] sample() {
        NpRandom r = random.get();
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            // Gymnasium, integer dtypes: floor(uniform(low, high + 1)), cast to the dtype
            out[i] = (byte) (int) Math.floor(r.uniform(low, high + 1.0));
        }
        return out;
    }

    @Override
    public byte[] sample(Object mask) {
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
        return size;
    }

    @Override
    public void flatten(byte[] x, float[] out, int offset) {
        for (int i = 0; i < size; i++) {
            out[offset + i] = x[i] & 0xFF;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteBox b && b.low == low && b.high == high && b.bool == bool && Arrays.equals(b.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * low + high) + Arrays.hashCode(shape) + (bool ? 1 : 0);
    }

    /** Gymnasium's repr: {@code Box(0, 255, (4, 84, 84), uint8)} or {@code Box(False, True, (10, 10, 4), bool)}. */
    @Override
    public String toString() {
        StringBuilder t = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            t.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        t.append(shape.length == 1 ? ",)" : ")");
        return bool ? "Box(" + (low == 1 ? "True" : "False") + ", " + (high == 1 ? "True" : "False") + ", " + t + ", bool)"
                : "Box(" + low + ", " + high + ", " + t + ", uint8)";
    }
}
