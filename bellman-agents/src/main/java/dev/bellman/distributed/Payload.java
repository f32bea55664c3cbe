package dev.bellman.distributed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The little-endian binary encoding that the distributed algorithms use for {@link ExperienceMessage} and
 * {@link ParameterSnapshot} payloads: a sequence of scalars and length-prefixed primitive arrays, read back in the
 * order written. No Java serialization, no field names: each algorithm documents its layout.
 */
public final class Payload {
    private Payload() {}

    /** Appends values to a growing buffer; {@link #toBytes} returns exactly the bytes written. */
    public static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

        private void ensure(int more) {
            if (buf.remaining() >= more) return;
            int cap = Math.max(buf.capacity() * 2, buf.position() + more);
            ByteBuffer next = ByteBuffer.allocate(cap).order(ByteOrder.LITTLE_ENDIAN);
            buf.flip();
            next.put(buf);
            buf = next;
        }

        public Writer putInt(int v) {
            ensure(4);
            buf.putInt(v);
            return this;
        }

        public Writer putLong(long v) {
            ensure(8);
            buf.putLong(v);
            return this;
        }

        public Writer putFloat(float v) {
            ensure(4);
            buf.putFloat(v);
            return this;
        }

        public Writer putDouble(double v) {
            ensure(8);
            buf.putDouble(v);
            return this;
        }

        public Writer putFloats(float[] a) {
            ensure(4 + 4 * a.length);
            buf.putInt(a.length);
            buf.asFloatBuffer().put(a);
            buf.position(buf.position() + 4 * a.length);
            return this;
        }

        public Writer putInts(int[] a) {
            ensure(4 + 4 * a.length);
            buf.putInt(a.length);
            buf.asIntBuffer().put(a);
            buf.position(buf.position() + 4 * a.length);
            return this;
        }

        public Writer putLongs(long[] a) {
            ensure(4 + 8 * a.length);
            buf.putInt(a.length);
            buf.asLongBuffer().put(a);
            buf.position(buf.position() + 8 * a.length);
            return this;
        }

        public Writer putBytes(byte[] a) {
            ensure(4 + a.length);
            buf.putInt(a.length);
            buf.put(a);
            return this;
        }

        /** Booleans as one byte each (0 or 1). */
        public Writer putBooleans(boolean[] a) {
            ensure(4 + a.length);
            buf.putInt(a.length);
            for (boolean b : a) buf.put((byte) (b ? 1 : 0));
            return this;
        }

        public byte[] toBytes() {
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** Reads what a {@link Writer} wrote, in the same order. */
    public static final class Reader {
        private final ByteBuffer buf;

        public Reader(byte[] bytes) {
            buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        public int getInt() {
            return buf.getInt();
        }

        public long getLong() {
            return buf.getLong();
        }

        public float getFloat() {
            return buf.getFloat();
        }

        public double getDouble() {
            return buf.getDouble();
        }

        public float[] getFloats() {
            float[] a = new float[length(4)];
            buf.asFloatBuffer().get(a);
            buf.position(buf.position() + 4 * a.length);
            return a;
        }

        public int[] getInts() {
            int[] a = new int[length(4)];
            buf.asIntBuffer().get(a);
            buf.position(buf.position() + 4 * a.length);
            return a;
        }

        public long[] getLongs() {
            long[] a = new long[length(8)];
            buf.asLongBuffer().get(a);
            buf.position(buf.position() + 8 * a.length);
            return a;
        }

        public byte[] getBytes() {
            byte[] a = new byte[length(1)];
            buf.get(a);
            return a;
        }

        public boolean[] getBooleans() {
            boolean[] a = new boolean[length(1)];
            for (int i = 0; i < a.length; i++) a[i] = buf.get() != 0;
            return a;
        }

        /** Bytes not read yet. */
        public int remaining() {
            return buf.remaining();
        }

        private int length(int width) {
            int n = buf.getInt();
            if (n < 0 || (long) n * width > buf.remaining()) {
                throw new IllegalArgumentException("corrupt payload: an array of " + n + " entries of " + width
                        + " bytes at offset " + (buf.position() - 4) + " but only " + buf.remaining() + " bytes remain");
            }
            return n;
        }
    }
}
