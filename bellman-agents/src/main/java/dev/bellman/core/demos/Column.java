package dev.bellman.core.demos;

import java.util.Arrays;
import java.util.Objects;

/**
 * One per-step field of an {@link Episode}: a row-major array whose first dimension is the step. Observations of a
 * {@code Box} env are {@link Floats} ({@code [steps + 1, ...shape]}), of a {@code Discrete} env {@link Longs}
 * ({@code [steps + 1]}), of a {@code ByteBox} env {@link Bytes}; actions are {@link Longs} ({@code Discrete}) or
 * {@link Floats} ({@code Box}). These are the element types Minari stores (float32, int64, uint8).
 *
 * <p>Equality compares shape and contents, so two columns read from two files compare equal when they hold the
 * same values.
 */
public sealed interface Column permits Column.Floats, Column.Longs, Column.Bytes {

    /** The shape, first dimension the rows (steps); a fresh copy. */
    int[] shape();

    /** Number of rows (the first dimension). */
    default int rows() {
        return shape()[0];
    }

    /** Values per row (the product of the dimensions after the first). */
    default int rowSize() {
        int[] s = shape();
        int n = 1;
        for (int i = 1; i < s.length; i++) n *= s[i];
        return n;
    }

    /** Row {@code i} as floats (widened from longs or unsigned bytes). */
    float[] rowAsFloats(int i);

    /** The element type's name as NumPy spells it: {@code float32}, {@code int64}, {@code uint8}. */
    String dtype();

    /** The first {@code rows} rows as a new column. */
    Column head(int rows);

    private static int[] checkShape(int length, int[] shape) {
        Objects.requireNonNull(shape, "shape");
        if (shape.length == 0) throw new IllegalArgumentException("a column needs at least one dimension (the steps)");
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("column shape must be non-negative but was " + Arrays.toString(shape));
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("column shape " + Arrays.toString(shape) + " needs " + n + " values but had "
                    + length);
        }
        return shape.clone();
    }

    private static int[] headShape(int[] shape, int rows) {
        if (rows < 0 || rows > shape[0]) {
            throw new IllegalArgumentException("rows must be in [0, " + shape[0] + "] but was " + rows);
        }
        int[] s = shape.clone();
        s[0] = rows;
        return s;
    }

    /** float32 values. */
    record Floats(float[] data, int[] shape) implements Column {
        public Floats {
            Objects.requireNonNull(data, "data");
            shape = checkShape(data.length, shape);
        }

        @Override public int[] shape() { return shape.clone(); }
        @Override public String dtype() { return "float32"; }

        @Override
        public float[] rowAsFloats(int i) {
            int n = rowSize();
            return Arrays.copyOfRange(data, i * n, (i + 1) * n);
        }

        @Override
        public Column head(int rows) {
            int[] s = headShape(shape, rows);
            return new Floats(Arrays.copyOf(data, rows * rowSize()), s);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Floats f && Arrays.equals(shape, f.shape) && Arrays.equals(data, f.data);
        }
        @Override public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }
        @Override public String toString() { return "Floats" + Arrays.toString(shape); }
    }

    /** int64 values (discrete observations and actions). */
    record Longs(long[] data, int[] shape) implements Column {
        public Longs {
            Objects.requireNonNull(data, "data");
            shape = checkShape(data.length, shape);
        }

        /** A one-dimensional column of {@code data.length} rows. */
        public static Longs of(long... data) {
            return new Longs(data, new int[] {data.length});
        }

        @Override public int[] shape() { return shape.clone(); }
        @Override public String dtype() { return "int64"; }

        @Override
        public float[] rowAsFloats(int i) {
            int n = rowSize();
            float[] out = new float[n];
            for (int j = 0; j < n; j++) out[j] = data[i * n + j];
            return out;
        }

        @Override
        public Column head(int rows) {
            int[] s = headShape(shape, rows);
            return new Longs(Arrays.copyOf(data, rows * rowSize()), s);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Longs l && Arrays.equals(shape, l.shape) && Arrays.equals(data, l.data);
        }
        @Override public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }
        @Override public String toString() { return "Longs" + Arrays.toString(shape); }
    }

    /** uint8 values (image observations), stored in Java's signed bytes and read back as {@code b & 0xFF}. */
    record Bytes(byte[] data, int[] shape) implements Column {
        public Bytes {
            Objects.requireNonNull(data, "data");
            shape = checkShape(data.length, shape);
        }

        @Override public int[] shape() { return shape.clone(); }
        @Override public String dtype() { return "uint8"; }

        @Override
        public float[] rowAsFloats(int i) {
            int n = rowSize();
            float[] out = new float[n];
            for (int j = 0; j < n; j++) out[j] = data[i * n + j] & 0xFF;
            return out;
        }

        @Override
        public Column head(int rows) {
            int[] s = headShape(shape, rows);
            return new Bytes(Arrays.copyOf(data, rows * rowSize()), s);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(shape, b.shape) && Arrays.equals(data, b.data);
        }
        @Override public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }
        @Override public String toString() { return "Bytes" + Arrays.toString(shape); }
    }
}
