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
 * <p>Dtypes: {@code F32}, {@code F16}, {@code BF16}, {@code U8} and {@code I64} ({@link DType}).
 * Values of the float dtypes and {@code U8} are held as floats ({@link Entry#floats()}; widening is
 * exact; writing F16 or BF16 rounds to nearest, ties to even, as PyTorch's {@code .half()} and
 * {@code .bfloat16()}); {@code I64} values are held as longs ({@link Entry#longs()}), so an int64
 * counter such as batch norm's {@code num_batches_tracked} round-trips exactly.
 * {@link Contents#tensors()} gives every entry as a float {@link Tensor} for callers that only
 * want floats. Writes are atomic: the file is written to a temporary file in
 * the same directory, forced to disk, and renamed over the target with {@code ATOMIC_MOVE}, so a
 * crash leaves either the old file or the new one, never a torn one.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>The writer lists tensors in the header in the map's iteration order and lays their data
 *       out by decreasing element size, in iteration order within a size (the reference writer
 *       sorts by dtype, then name; readers do not depend on the order). The reader returns tensors
 *       ordered by their data offsets, which for an all-F32 Bellman-written file is the order they
 *       were saved in.</li>
 *   <li>Metadata keys are written sorted, so equal inputs give byte-identical files.</li>
 *   <li>The reader rejects overlapping tensors, offsets outside the buffer and byte sizes that do
 *       not match the shape; unlike the reference it tolerates gaps between tensors.</li>
 * </ul>
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The largest header accepted (as the reference reader: 100 MB). */
    static final long MAX_HEADER = 100_000_000L;

    /** The element types read and written (safetensors' names). */
    public enum DType {
        F32(4), F16(2), BF16(2), I64(8), U8(1);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }

        /** True for the floating-point dtypes (F32, F16, BF16). */
        public boolean isFloat() {
            return this == F32 || this == F16 || this == BF16;
        }
    }

    /**
     * One tensor of a file: its dtype, shape and values, as floats ({@code floats}, for F32, F16,
     * BF16 and U8; {@code longs} null) or as longs ({@code longs}, for I64; {@code floats} null).
     * Arrays are not copied.
     */
    public record Entry(DType dtype, int[] shape, float[] floats, long[] longs) {
        public Entry {
            long n = 1;
            for (int d : shape) {
                if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                n *= d;
            }
            if ((dtype == DType.I64) != (longs != null) || (floats == null) == (longs == null)) {
                throw new IllegalArgumentException("a " + dtype + " entry holds " + (dtype == DType.I64 ? "longs" : "floats"));
            }
            int len = longs != null ? longs.length : floats.length;
            if (len != n) {
                throw new IllegalArgumentException(len + " values do not match shape " + Arrays.toString(shape));
            }
            if (dtype == DType.U8) {
                for (float v : floats) {
                    if (!(v >= 0 && v <= 255 && v == Math.rint(v))) {
                        throw new IllegalArgumentException("U8 entry holds " + v + ", not an integer in [0, 255]");
                    }
                }
            }
        }

        /** The tensor's values, to be written as F32. */
        public static Entry of(Tensor t) {
            return of(t, DType.F32);
        }

        /** The tensor's values, to be written as {@code dtype} (F32, F16, BF16, or U8 for integers 0..255). */
        public static Entry of(Tensor t, DType dtype) {
            if (dtype == DType.I64) throw new IllegalArgumentException("write int64 values with Entry.ofLongs");
            return new Entry(dtype, t.shape(), t.toArray(), null);
        }

        /** Int64 values of the given shape (a 0-d scalar if no shape is given and there is one value). */
        public static Entry ofLongs(long[] values, int... shape) {
            int[] s = shape.length == 0 && values.length != 1 ? new int[]{values.length} : shape;
            return new Entry(DType.I64, s, null, values);
        }

        /** Number of elements. */
        public int size() {
            return longs != null ? longs.length : floats.length;
        }

        /** The values as a float tensor (I64 values rounded to the nearest float, exact up to 2²⁴ in magnitude). */
        public Tensor toTensor() {
            float[] d;
            if (floats != null) {
                d = floats;
            } else {
                d = new float[longs.length];
                for (int i = 0; i < d.length; i++) d[i] = (float) longs[i];
            }
            return Tensor.of(d, shape.length == 0 ? new int[0] : shape.clone());
        }
    }

    /**
     * A file's tensors as floats ({@link Entry#toTensor()}; ordered by data offset), its
     * {@code __metadata__} (empty if none), and the typed entries (same order).
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata, Map<String, Entry> entries) {}

    /** Writes {@code tensors} without metadata; see {@link #save(Path, Map, Map)}. */
    public static void save(Path path, Map<String, Tensor> tensors) throws IOException {
        save(path, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} as F32 (in iteration order) and {@code metadata} to {@code path}
     * atomically, creating parent directories as needed.
     *
     * @throws IllegalArgumentException if a name is empty or {@code "__metadata__"}
     */
    public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) entries.put(e.getKey(), Entry.of(e.getValue()));
        write(path, entries, metadata);
    }

    /**
     * Writes typed {@code entries} and {@code metadata} to {@code path} atomically, creating parent
     * directories as needed. The header lists the entries in iteration order; the data buffer holds
     * them by decreasing element size, in iteration order within a size (so every element is
     * aligned to its size, as the reference writer guarantees by sorting by dtype).
     *
     * @throws IllegalArgumentException if a name is empty or {@code "__metadata__"}
     */
    public static void write(Path path, Map<String, Entry> entries, Map<String, String> metadata) throws IOException {
        List<Map.Entry<String, Entry>> layout = new ArrayList<>(entries.entrySet());
        layout.sort(Comparator.comparingInt((Map.Entry<String, Entry> e) -> -e.getValue().dtype().bytes()));
        Map<String, long[]> offsets = new LinkedHashMap<>();
        long off = 0;
        for (var e : layout) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "' for safetensors");
            }
            long bytes = (long) e.getValue().dtype().bytes() * e.getValue().size();
            offsets.put(name, new long[]{off, off + bytes});
            off += bytes;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put("__metadata__", new java.util.TreeMap<>(metadata));
        for (var e : entries.entrySet()) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.getValue().dtype().name());
            info.put("shape", e.getValue().shape());
            info.put("data_offsets", offsets.get(e.getKey()));
            header.put(e.getKey(), info);
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
                for (var le : layout) {
                    Entry en = le.getValue();
                    int n = en.size(), w = en.dtype().bytes();
                    for (int i = 0; i < n; i++) {
                        if (buf.remaining() < w) {
                            buf.flip();
                            writeFully(ch, buf);
                            buf.clear();
                        }
                        switch (en.dtype()) {
                            case F32 -> buf.putFloat(en.floats()[i]);
                            case F16 -> buf.putShort(Float.floatToFloat16(en.floats()[i]));
                            case BF16 -> buf.putShort(toBfloat16(en.floats()[i]));
                            case U8 -> buf.put((byte) (int) en.floats()[i]);
                            case I64 -> buf.putLong(en.longs()[i]);
                        }
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
     * @throws IOException naming the file and the problem (and the tensor, where one is at fault)
     *     if it cannot be read, is truncated, has a header that is not valid JSON or not a valid
     *     safetensors header, uses a dtype other than those of {@link DType}, or has data offsets out
     *     of range, overlapping or inconsistent with a shape and dtype
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
        record Span(String name, DType dtype, int[] shape, long begin, long end) {}
        List<Span> entries = new ArrayList<>();
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
            DType dt;
            try {
                dt = DType.valueOf((String) dtype);
            } catch (IllegalArgumentException ex) {
                throw bad(path, "tensor '" + name + "' has unsupported dtype '" + dtype + "' (supported: "
                        + Arrays.toString(DType.values()) + ")");
            }
            int[] shape = intList(path, name, "shape", info.get("shape"));
            long[] offs = longPair(path, name, info.get("data_offsets"));
            long numel = 1;
            for (int d : shape) numel *= d;
            if (offs[0] > offs[1] || offs[1] > dataLen) {
                throw bad(path, "tensor '" + name + "' has data_offsets [" + offs[0] + ", " + offs[1]
                        + "] out of range for a data buffer of " + dataLen + " bytes");
            }
            if (offs[1] - offs[0] != dt.bytes() * numel) {
                throw bad(path, "tensor '" + name + "' of dtype " + dt + " and shape " + Arrays.toString(shape) + " needs "
                        + dt.bytes() * numel + " bytes but data_offsets span " + (offs[1] - offs[0]));
            }
            entries.add(new Span(name, dt, shape, offs[0], offs[1]));
        }
        entries.sort(Comparator.comparingLong(Span::begin).thenComparingLong(Span::end));
        Span prev = null;
        for (Span e : entries) {
            if (prev != null && e.begin() < prev.end()) {
                throw bad(path, "tensors '" + prev.name() + "' [" + prev.begin() + ", " + prev.end() + "] and '"
                        + e.name() + "' [" + e.begin() + ", " + e.end() + "] overlap");
            }
            if (e.end() > e.begin()) prev = e;
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Entry> typed = new LinkedHashMap<>();
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (Span e : entries) {
            int count = (int) ((e.end() - e.begin()) / e.dtype().bytes());
            int pos = dataStart + (int) e.begin();
            int[] shape = e.shape().length == 0 ? new int[0] : e.shape();
            Entry en;
            if (e.dtype() == DType.I64) {
                long[] d = new long[count];
                for (int i = 0; i < count; i++) d[i] = bb.getLong(pos + 8 * i);
                en = new Entry(DType.I64, shape, null, d);
            } else {
                float[] d = new float[count];
                switch (e.dtype()) {
                    case F32 -> {
                        bb.position(pos);
                        bb.asFloatBuffer().get(d);
                    }
                    case F16 -> { for (int i = 0; i < count; i++) d[i] = Float.float16ToFloat(bb.getShort(pos + 2 * i)); }
                    case BF16 -> { for (int i = 0; i < count; i++) d[i] = Float.intBitsToFloat((bb.getShort(pos + 2 * i) & 0xFFFF) << 16); }
                    case U8 -> { for (int i = 0; i < count; i++) d[i] = raw[pos + i] & 0xFF; }
                    default -> throw new AssertionError(e.dtype());
                }
                en = new Entry(e.dtype(), shape, d, null);
            }
            typed.put(e.name(), en);
            tensors.put(e.name(), en.toTensor());
        }
        return new Contents(tensors, metadata, typed);
    }

    /** float32 → bfloat16 bits, rounding to nearest, ties to even; NaN stays a (quiet) NaN. */
    static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x0040);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
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
