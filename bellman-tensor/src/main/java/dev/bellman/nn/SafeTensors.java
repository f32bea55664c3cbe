package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format (Hugging Face, github.com/huggingface/safetensors), so
 * that weights move between Bellman and PyTorch ({@code safetensors.torch.load_file}).
 *
 * <p>Layout: an unsigned 64-bit little-endian header length {@code n}; {@code n} bytes of UTF-8
 * JSON, {@code {"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [...],
 * "data_offsets": [begin, end]}, ...}}, padded with spaces to a multiple of 8 as the reference
 * writer pads it; then the data buffer, each tensor row-major little-endian at
 * {@code [begin, end)} relative to the buffer start.
 *
 * <p>Only {@code F32} is supported. Writes are atomic: the file is written to a temporary file in
 * the same directory, forced to disk, and renamed over the target with {@code ATOMIC_MOVE}, so a
 * crash leaves either the old file or the new one, never a torn one.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>The writer lays tensors out in the map's iteration order (the reference writer sorts by
 *       dtype, then name; readers do not depend on the order). The reader returns tensors ordered
 *       by their data offsets, which for Bellman-written files is the order they were saved in.</li>
 *   <li>Metadata keys are written sorted, so equal inputs give byte-identical files.</li>
 *   <li>The reader rejects overlapping tensors, offsets outside the buffer and byte sizes that do
 *       not match the shape; unlike the reference it tolerates gaps between tensors.</li>
 * </ul>
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The largest header accepted (as the reference reader: 100 MB). */
    static final long MAX_HEADER = 100_000_000L;

    /** A file's tensors (ordered by data offset) and its {@code __metadata__} (empty if none). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Writes {@code tensors} without metadata; see {@link #save(Path, Map, Map)}. */
    public static void save(Path path, Map<String, Tensor> tensors) throws IOException {
        save(path, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} (as F32, in iteration order) and {@code metadata} to {@code path}
     * atomically, creating parent directories as needed.
     *
     * @throws IllegalArgumentException if a name is empty or {@code "__metadata__"}
     */
    public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put("__metadata__", new java.util.TreeMap<>(metadata));
        long off = 0;
        for (var e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "' for safetensors");
            }
            Tensor t = e.getValue();
            long bytes = 4L * t.size();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", t.shape());
            info.put("data_offsets", new long[]{off, off + bytes});
            header.put(name, info);
            off += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, head);
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    float[] d = t.data();
                    int o = t.offset(), n = t.size();
                    for (int i = 0; i < n; i++) {
                        if (buf.remaining() < 4) {
                            buf.flip();
                            writeFully(ch, buf);
                            buf.clear();
                        }
                        buf.putFloat(d[o + i]);
                    }
                }
                buf.flip();
                writeFully(ch, buf);
                ch.force(true);
            } catch (FileSystemException e) {
                throw e;
            } catch (IOException e) { // "No space left on device" names no file: name the target
                FileSystemException named = new FileSystemException(target.toString(), null, e.getMessage());
                named.initCause(e);
                throw named;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // persist the rename; not supported on every platform
            } catch (IOException | UnsupportedOperationException ignored) {
                // best effort
            }
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** The tensors of a safetensors file, ordered by data offset; see {@link #read(Path)}. */
    public static Map<String, Tensor> load(Path path) throws IOException {
        return read(path).tensors();
    }

    /**
     * Reads a safetensors file.
     *
     * @throws IOException naming the file and the problem if it cannot be read, is truncated, has
     *     a header that is not valid JSON or not a valid safetensors header, uses a dtype other
     *     than F32, or has data offsets out of range, overlapping or inconsistent with a shape
     */
    public static Contents read(Path path) throws IOException {
        byte[] raw = Files.readAllBytes(path);
        if (raw.length < 8) throw bad(path, "file has " + raw.length + " bytes, too short for the 8-byte header length");
        long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > raw.length - 8L) {
            throw bad(path, "header length " + Long.toUnsignedString(n) + " is beyond the file size " + raw.length
                    + " (truncated or not a safetensors file)");
        }
        if (n > MAX_HEADER) throw bad(path, "header length " + n + " exceeds the limit " + MAX_HEADER);
        int dataStart = 8 + (int) n;
        long dataLen = raw.length - dataStart;
        Object parsed;
        try {
            parsed = Json.parse(new String(raw, 8, (int) n, StandardCharsets.UTF_8));
        } catch (Json.ParseException e) {
            throw bad(path, "header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) throw bad(path, "header is not a JSON object");

        Map<String, String> metadata = new LinkedHashMap<>();
        record Entry(String name, int[] shape, long begin, long end) {}
        List<Entry> entries = new ArrayList<>();
        for (var e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw bad(path, "__metadata__ is not an object");
                for (var me : m.entrySet()) {
                    if (!(me.getValue() instanceof String sv)) {
                        throw bad(path, "__metadata__ value of '" + me.getKey() + "' is not a string");
                    }
                    metadata.put((String) me.getKey(), sv);
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) throw bad(path, "entry '" + name + "' is not an object");
            Object dtype = info.get("dtype");
            if (!(dtype instanceof String)) throw bad(path, "tensor '" + name + "' has no dtype");
            if (!dtype.equals("F32")) {
                throw bad(path, "tensor '" + name + "' has unsupported dtype '" + dtype + "' (only F32 is supported)");
            }
            int[] shape = intList(path, name, "shape", info.get("shape"));
            long[] offs = longPair(path, name, info.get("data_offsets"));
            long numel = 1;
            for (int d : shape) numel *= d;
            if (offs[0] > offs[1] || offs[1] > dataLen) {
                throw bad(path, "tensor '" + name + "' has data_offsets [" + offs[0] + ", " + offs[1]
                        + "] out of range for a data buffer of " + dataLen + " bytes");
            }
            if (offs[1] - offs[0] != 4 * numel) {
                throw bad(path, "tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs " + 4 * numel
                        + " bytes but data_offsets span " + (offs[1] - offs[0]));
            }
            entries.add(new Entry(name, shape, offs[0], offs[1]));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry prev = null;
        for (Entry e : entries) {
            if (prev != null && e.begin() < prev.end()) {
                throw bad(path, "tensors '" + prev.name() + "' [" + prev.begin() + ", " + prev.end() + "] and '"
                        + e.name() + "' [" + e.begin() + ", " + e.end() + "] overlap");
            }
            if (e.end() > e.begin()) prev = e;
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : entries) {
            int count = (int) ((e.end() - e.begin()) / 4);
            float[] d = new float[count];
            bb.position(dataStart + (int) e.begin());
            bb.asFloatBuffer().get(d);
            tensors.put(e.name(), Tensor.of(d, e.shape().length == 0 ? new int[0] : e.shape()));
        }
        return new Contents(tensors, metadata);
    }

    private static int[] intList(Path path, String name, String field, Object v) throws IOException {
        if (!(v instanceof List<?> l)) throw bad(path, "tensor '" + name + "' has no " + field + " array");
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long x) || x < 0 || x > Integer.MAX_VALUE) {
                throw bad(path, "tensor '" + name + "' has an invalid " + field + " entry " + l.get(i));
            }
            out[i] = (int) (long) x;
        }
        return out;
    }

    private static long[] longPair(Path path, String name, Object v) throws IOException {
        if (!(v instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Long b) || !(l.get(1) instanceof Long e)
                || b < 0 || e < 0) {
            throw bad(path, "tensor '" + name + "' has invalid data_offsets " + v + " (expected [begin, end])");
        }
        return new long[]{b, e};
    }

    private static IOException bad(Path path, String what) {
        return new IOException("invalid safetensors file " + path + ": " + what);
    }
}
