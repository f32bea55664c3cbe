package dev.bellman.tensor;

import java.util.Arrays;

/**
 * A batch of 8-bit images {@code [n, c, h, w]} held as bytes, each read as an unsigned value 0–255
 * (pixels, or 0/1 board planes). A network's first layer reads it directly and multiplies each
 * value by a divisor as it reads ({@link Ops#conv2d(ByteImages, float, Tensor, Tensor, int, int)}),
 * so a replay buffer of bytes never becomes a float copy of the batch. Images carry no gradient.
 *
 * @param data   the bytes, image {@code i} channel {@code ci} row {@code y} column {@code x} at
 *               {@code offset + ((i·c + ci)·h + y)·w + x}
 * @param offset index of the first byte of image 0
 */
public record ByteImages(byte[] data, int offset, int n, int c, int h, int w) {
    public ByteImages {
        if (data == null) throw new IllegalArgumentException("ByteImages: data is null");
        if (n < 0 || c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("ByteImages: shape [" + n + ", " + c + ", " + h + ", " + w
                    + "] must have n >= 0 and positive c, h, w");
        }
        long need = (long) offset + (long) n * c * h * w;
        if (offset < 0 || need > data.length) {
            throw new IllegalArgumentException("ByteImages: offset " + offset + " plus " + n + "x" + c + "x" + h + "x" + w
                    + " bytes exceeds the array length " + data.length);
        }
    }

    /** {@code [n, c, h, w]}. */
    public int[] shape() {
        return new int[]{n, c, h, w};
    }

    /** Bytes per image, {@code c·h·w}. */
    public int imageSize() {
        return c * h * w;
    }

    /** The value at flat index {@code i} (relative to {@code offset}) as an unsigned number. */
    public int get(int i) {
        return data[offset + i] & 0xFF;
    }

    /** A float tensor {@code [n, c, h, w]} of the values divided by {@code divisor} (a copy; for tests and MLP torsos). */
    public Tensor toTensor(float divisor) {
        float[] f = new float[n * imageSize()];
        for (int i = 0; i < f.length; i++) f[i] = (data[offset + i] & 0xFF) / divisor;
        return Tensor.of(f, n, c, h, w);
    }

    @Override
    public String toString() {
        return "ByteImages" + Arrays.toString(shape());
    }
}
