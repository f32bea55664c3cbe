package dev.bellman.cli;

import dev.bellman.core.MetricsSink;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.zip.CRC32C;

/**
 * Writes metrics as a TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>}), without
 * TensorFlow or a protobuf library.
 *
 * <p>The file is a sequence of TFRecords (TensorFlow {@code tensorflow/core/lib/io/record_writer.cc}): the
 * data length as a little-endian uint64, the masked CRC32C of those 8 bytes, the data, the masked CRC32C of
 * the data, where {@code masked(crc) = ((crc >>> 15) | (crc << 17)) + 0xa282ead8} (32-bit arithmetic). Each
 * record's data is a serialized {@code tensorflow.Event} ({@code tensorflow/core/util/event.proto}):
 * {@code wall_time} (field 1, double), {@code step} (field 2, int64), {@code file_version} (field 3, string;
 * the first record, {@value #FILE_VERSION}) or {@code summary} (field 5), a {@code tensorflow.Summary}
 * ({@code tensorflow/core/framework/summary.proto}) holding one {@code Value} (field 1) with {@code tag}
 * (field 1, string) and {@code simple_value} (field 2, float). The few fields are encoded by hand in the
 * protobuf wire format (varint keys {@code field << 3 | wire type}; 1 = 64-bit, 2 = length-delimited,
 * 5 = 32-bit; little-endian fixed-width values).
 */
final class TensorBoardWriter implements MetricsSink, Closeable {
    static final String FILE_VERSION = "brain.Event:2";
    static final int MASK_DELTA = 0xa282ead8;
    private static final long FLUSH_NANOS = 2_000_000_000L;

    private final Path file;
    private final OutputStream out;
    private final DoubleSupplier wallClock;
    private long lastFlush = System.nanoTime();

    /** Opens a new event file in {@code dir} (created if needed) and writes the file-version record. */
    TensorBoardWriter(Path dir, DoubleSupplier wallClockSeconds) throws IOException {
        Files.createDirectories(dir);
        this.wallClock = wallClockSeconds;
        double now = wallClockSeconds.getAsDouble();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        Path f = dir.resolve(String.format(Locale.ROOT, "events.out.tfevents.%d.%s", (long) now, host));
        for (int i = 1; Files.exists(f); i++) { // a second writer within the same second
            f = dir.resolve(String.format(Locale.ROOT, "events.out.tfevents.%d.%s.%d", (long) now, host, i));
        }
        this.file = f;
        this.out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16);
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        fixed64(event, 1, Double.doubleToRawLongBits(now));
        bytes(event, 3, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
        writeRecord(out, event.toByteArray());
        out.flush();
    }

    /** Opens a new event file in {@code dir} stamped with the system clock. */
    TensorBoardWriter(Path dir) throws IOException {
        this(dir, () -> System.currentTimeMillis() / 1000.0);
    }

    Path file() {
        return file;
    }

    @Override
    public void record(long globalStep, String key, double value) {
        try {
            writeRecord(out, scalarEvent(wallClock.getAsDouble(), globalStep, key, (float) value));
            long now = System.nanoTime();
            if (now - lastFlush >= FLUSH_NANOS) { // TensorBoard reads the file while training runs
                out.flush();
                lastFlush = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** The serialized {@code Event{wall_time, step, summary{value{tag, simple_value}}}}. */
    static byte[] scalarEvent(double wallTime, long step, String tag, float value) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        bytes(v, 1, tag.getBytes(StandardCharsets.UTF_8));
        key(v, 2, 5);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            v.write(bits >>> (8 * i));
        }
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        bytes(summary, 1, v.toByteArray());
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        fixed64(event, 1, Double.doubleToRawLongBits(wallTime));
        key(event, 2, 0);
        varint(event, step);
        bytes(event, 5, summary.toByteArray());
        return event.toByteArray();
    }

    /** Writes one TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
    static void writeRecord(OutputStream out, byte[] data) throws IOException {
        byte[] len = new byte[8];
        for (int i = 0; i < 8; i++) {
            len[i] = (byte) ((long) data.length >>> (8 * i));
        }
        out.write(len);
        writeInt32(out, maskedCrc32c(len, 0, 8));
        out.write(data);
        writeInt32(out, maskedCrc32c(data, 0, data.length));
    }

    /** TFRecord's masked CRC32C. */
    static int maskedCrc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    private static void writeInt32(OutputStream out, int v) throws IOException {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
    }

    private static void key(ByteArrayOutputStream o, int field, int wireType) {
        varint(o, (long) field << 3 | wireType);
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    private static void fixed64(ByteArrayOutputStream o, int field, long bits) {
        key(o, field, 1);
        for (int i = 0; i < 8; i++) {
            o.write((int) (bits >>> (8 * i)));
        }
    }

    private static void bytes(ByteArrayOutputStream o, int field, byte[] b) {
        key(o, field, 2);
        varint(o, b.length);
        o.writeBytes(b);
    }
}
