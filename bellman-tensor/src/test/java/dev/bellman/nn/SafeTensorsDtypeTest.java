package dev.bellman.nn;

import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** F16, BF16, I64 and U8 in safetensors files: bit patterns, rounding, and refusals. */
class SafeTensorsDtypeTest {
    @TempDir
    Path dir;

    private static final float ONE_ULP_F16 = 0x1p-10f, ONE_ULP_BF16 = 0x1p-7f;

    private SafeTensors.Contents roundTrip(Map<String, SafeTensors.Entry> entries) throws IOException {
        Path p = dir.resolve("t.safetensors");
        SafeTensors.write(p, entries, Map.of());
        return SafeTensors.read(p);
    }

    /** The data bytes of the single tensor of a file (after the header). */
    private static ByteBuffer data(Path p) throws IOException {
        byte[] raw = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return ByteBuffer.wrap(raw, 8 + (int) n, raw.length - 8 - (int) n).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void f16_writesIeeeHalfBits_roundingToNearestEven() throws IOException {
        float[] v = {1f, -2f, 0.5f, 65504f, 1f + ONE_ULP_F16 / 2, 1f + 3 * ONE_ULP_F16 / 2, 65520f, 0x1p-24f, Float.NaN};
        Map<String, SafeTensors.Entry> m = Map.of("h", SafeTensors.Entry.of(Tensor.of(v.clone(), v.length), SafeTensors.DType.F16));
        Path p = dir.resolve("h.safetensors");
        SafeTensors.write(p, m, Map.of());
        ByteBuffer d = data(p);
        short[] expected = {0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x3C00, 0x3C02, 0x7C00, 0x0001};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], d.getShort(2 * i), "element " + i + " = " + v[i]);
        float[] back = SafeTensors.read(p).tensors().get("h").toArray();
        assertArrayEquals(new float[]{1f, -2f, 0.5f, 65504f, 1f, 1f + 2 * ONE_ULP_F16, Float.POSITIVE_INFINITY, 0x1p-24f},
                java.util.Arrays.copyOf(back, 8));
        assertTrue(Float.isNaN(back[8]));
        assertEquals(SafeTensors.DType.F16, SafeTensors.read(p).entries().get("h").dtype());
    }

    @Test
    void bf16_keepsTheTop16Bits_roundingToNearestEven() throws IOException {
        float[] v = {1f, -3.5f, 1f + ONE_ULP_BF16 / 2, 1f + 3 * ONE_ULP_BF16 / 2, 1f + ONE_ULP_BF16 * 0.75f, Float.MAX_VALUE, Float.NaN};
        Path p = dir.resolve("b.safetensors");
        SafeTensors.write(p, Map.of("b", SafeTensors.Entry.of(Tensor.of(v.clone(), v.length), SafeTensors.DType.BF16)), Map.of());
        ByteBuffer d = data(p);
        short[] expected = {0x3F80, (short) 0xC060, 0x3F80, 0x3F82, 0x3F81, 0x7F80};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], d.getShort(2 * i), "element " + i + " = " + v[i]);
        float[] back = SafeTensors.read(p).tensors().get("b").toArray();
        assertEquals(1f + 2 * ONE_ULP_BF16, back[3]);
        assertEquals(Float.POSITIVE_INFINITY, back[5], "MAX_VALUE rounds up to infinity, as torch's bfloat16()");
        assertTrue(Float.isNaN(back[6]));
    }

    @Test
    void i64AndU8_roundTripExactly_andDataIsAlignedBySize() throws IOException {
        long[] longs = {Long.MIN_VALUE, -1, 0, (1L << 53) + 1, Long.MAX_VALUE};
        float[] bytes = {0, 1, 127, 128, 255};
        Map<String, SafeTensors.Entry> m = new LinkedHashMap<>();
        m.put("u", SafeTensors.Entry.of(Tensor.of(bytes.clone(), 5), SafeTensors.DType.U8));
        m.put("f", SafeTensors.Entry.of(Tensor.vector(1.5f)));
        m.put("count", SafeTensors.Entry.ofLongs(new long[]{7}));
        m.put("i", SafeTensors.Entry.ofLongs(longs));
        SafeTensors.Contents c = roundTrip(m);
        assertArrayEquals(longs, c.entries().get("i").longs());
        assertArrayEquals(new int[0], c.entries().get("count").shape());
        assertEquals(7f, c.tensors().get("count").item());
        assertArrayEquals(bytes, c.tensors().get("u").toArray());
        assertEquals(SafeTensors.DType.U8, c.entries().get("u").dtype());
        // 8-byte elements first, then 4, then 1: every element aligned to its size
        assertEquals(java.util.List.of("count", "i", "f", "u"), java.util.List.copyOf(c.entries().keySet()));
    }

    /**
     * PyTorch's conversions as the oracle ({@code dtypes_torch_written.safetensors} from
     * {@code tools/fixtures/make_alphazero_fixtures.py}): the file reads with PyTorch's values, and
     * Bellman's F16/BF16 writer rounds the float32 originals to the same bits as {@code .half()} and
     * {@code .bfloat16()}.
     */
    @Test
    void torchWrittenDtypes_read_andOurRoundingMatchesTorchs() throws Exception {
        Path f = Path.of(getClass().getResource("/fixtures/dtypes_torch_written.safetensors").toURI());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(SafeTensors.DType.F16, c.entries().get("f16").dtype());
        assertEquals(SafeTensors.DType.BF16, c.entries().get("bf16").dtype());
        assertArrayEquals(new long[]{Long.MIN_VALUE, -1, 0, (1L << 53) + 1, 7, Long.MAX_VALUE}, c.entries().get("i64").longs());
        assertArrayEquals(new int[]{2, 3}, c.entries().get("i64").shape());
        float[] u8 = c.tensors().get("u8").toArray();
        for (int i = 0; i < 16; i++) assertEquals(17f * i, u8[i]);
        Tensor f32 = c.tensors().get("f32");
        Map<String, SafeTensors.Entry> ours = new LinkedHashMap<>();
        ours.put("f16", SafeTensors.Entry.of(f32, SafeTensors.DType.F16));
        ours.put("bf16", SafeTensors.Entry.of(f32, SafeTensors.DType.BF16));
        SafeTensors.Contents back = roundTrip(ours);
        for (String k : new String[]{"f16", "bf16"}) {
            float[] torch = c.tensors().get(k).toArray(), mine = back.tensors().get(k).toArray(), x = f32.toArray();
            assertEquals(79, torch.length);
            for (int i = 0; i < torch.length; i++) {
                assertEquals(Float.floatToRawIntBits(torch[i]), Float.floatToRawIntBits(mine[i]),
                        k + " of " + x[i] + " (element " + i + "): torch " + torch[i] + ", Bellman " + mine[i]);
            }
        }
    }

    @Test
    void u8_refusesValuesOutsideABytesRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.Entry.of(Tensor.vector(256f), SafeTensors.DType.U8));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.Entry.of(Tensor.vector(1.5f), SafeTensors.DType.U8));
    }

    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void sizesInconsistentWithTheDtype_areRefusedNamingFileAndTensor() throws IOException {
        Path p = file("bad.safetensors", "{\"n\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("'n'") && e.getMessage().contains("I64")
                && e.getMessage().contains("needs 16 bytes"), e.getMessage());
        Path q = file("bad16.safetensors", "{\"h\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,4]}}", 4);
        e = assertThrows(IOException.class, () -> SafeTensors.read(q));
        assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("needs 6 bytes"), e.getMessage());
    }

    @Test
    void halfPrecisionWeights_loadIntoAModule() throws Exception {
        Rng rng = new Rng(4);
        Linear a = new Linear(3, 2, rng), b = new Linear(3, 2, new Rng(5));
        Map<String, SafeTensors.Entry> m = new LinkedHashMap<>();
        for (var e : a.stateDict().entrySet()) m.put(e.getKey(), SafeTensors.Entry.of(e.getValue(), SafeTensors.DType.BF16));
        Path p = dir.resolve("bf16.safetensors");
        SafeTensors.write(p, m, Map.of());
        b.load(p);
        float[] w = a.weight().toArray(), got = b.weight().toArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(Float.intBitsToFloat(Float.floatToIntBits(w[i]) + 0x7FFF + ((Float.floatToIntBits(w[i]) >>> 16) & 1) & 0xFFFF0000),
                    got[i], 0f, "weight " + i);
        }
        Map<String, SafeTensors.Entry> u8 = new LinkedHashMap<>(m);
        u8.put("bias", SafeTensors.Entry.of(Tensor.vector(1f, 2f), SafeTensors.DType.U8));
        Path q = dir.resolve("u8.safetensors");
        SafeTensors.write(q, u8, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.load(q));
        assertTrue(e.getMessage().contains(q.toString()) && e.getMessage().contains("'bias'") && e.getMessage().contains("U8"),
                e.getMessage());
    }
}
