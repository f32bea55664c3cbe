package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --tensorboard: the event file decodes as TFRecords of tensorflow.Event protos holding the metrics. */
class TensorBoardTest {
    @TempDir
    Path tmp;

    /** A decoded Event: wall_time, step, file_version or (tag, simple_value). */
    record Event(double wallTime, Long step, String fileVersion, String tag, Float value) {}

    private static int masked(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    /** Reads every TFRecord, checking lengths and both CRCs, and decodes the Event fields. */
    static List<Event> decode(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            int at = b.position();
            long len = b.getLong();
            assertEquals(masked(file, at, 8), b.getInt(), "length CRC of the record at byte " + at);
            assertTrue(len > 0 && len <= b.remaining() - 4, "record length " + len);
            int dataAt = b.position();
            byte[] data = new byte[(int) len];
            b.get(data);
            assertEquals(masked(file, dataAt, (int) len), b.getInt(), "data CRC of the record at byte " + at);
            events.add(event(data));
        }
        return events;
    }

    private static long varint(ByteBuffer b) {
        long r = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b.get() & 0xFF;
            r |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return r;
            }
        }
    }

    private static byte[] lengthDelimited(ByteBuffer b) {
        byte[] v = new byte[(int) varint(b)];
        b.get(v);
        return v;
    }

    private static Event event(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double wall = Double.NaN;
        Long step = null;
        String version = null;
        String tag = null;
        Float value = null;
        while (b.hasRemaining()) {
            long key = varint(b);
            switch ((int) key) {
                case (1 << 3) | 1 -> wall = b.getDouble();
                case (2 << 3) -> step = varint(b);
                case (3 << 3) | 2 -> version = new String(lengthDelimited(b), StandardCharsets.UTF_8);
                case (5 << 3) | 2 -> {
                    ByteBuffer summary = ByteBuffer.wrap(lengthDelimited(b)).order(ByteOrder.LITTLE_ENDIAN);
                    assertEquals((1 << 3) | 2, varint(summary), "Summary.value");
                    ByteBuffer v = ByteBuffer.wrap(lengthDelimited(summary)).order(ByteOrder.LITTLE_ENDIAN);
                    assertTrue(!summary.hasRemaining(), "one value per summary");
                    while (v.hasRemaining()) {
                        long k = varint(v);
                        if (k == ((1 << 3) | 2)) {
                            tag = new String(lengthDelimited(v), StandardCharsets.UTF_8);
                        } else if (k == ((2 << 3) | 5)) {
                            value = v.getFloat();
                        } else {
                            throw new AssertionError("unexpected Summary.Value key " + k);
                        }
                    }
                }
                default -> throw new AssertionError("unexpected Event key " + key);
            }
        }
        return new Event(wall, step, version, tag, value);
    }

    @Test
    void maskedCrc_matchesTheCrc32cCheckValue() {
        // CRC-32C of "123456789" is 0xE3069283 (RFC 3720, B.4); the mask rotates right by 15 and adds 0xa282ead8
        int crc = 0xE3069283;
        assertEquals(((crc >>> 15) | (crc << 17)) + 0xa282ead8,
                TensorBoardWriter.maskedCrc32c("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void scalarEvent_roundTrips() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TensorBoardWriter.writeRecord(out, TensorBoardWriter.scalarEvent(1.5e9, 300_000_000_000L, "losses/td_loss", -0.25f));
        List<Event> events = decode(out.toByteArray());
        assertEquals(List.of(new Event(1.5e9, 300_000_000_000L, null, "losses/td_loss", -0.25f)), events);
    }

    @Test
    void train_tensorboard_writesEveryMetricOfTheCsv() throws Exception {
        Path dir = tmp.resolve("run");
        Cli r = Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--seed", "2", "--total-timesteps", "2000",
                "--eval-episodes", "5", "--no-plot", "--tensorboard", "--run-dir", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        List<Path> files;
        try (var s = Files.list(dir.resolve("tb"))) {
            files = s.toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().startsWith("events.out.tfevents."), files.toString());
        List<Event> events = decode(Files.readAllBytes(files.get(0)));
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        double now = System.currentTimeMillis() / 1000.0;
        assertTrue(Math.abs(events.get(0).wallTime() - now) < 600, "wall_time is seconds since the epoch");

        // every non-empty cell of metrics.csv is one scalar event, in order
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        String[] header = csv.get(0).split(",");
        List<Event> expected = new ArrayList<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] cells = line.split(",", -1);
            for (int c = 2; c < header.length; c++) {
                if (!cells[c].isEmpty()) {
                    expected.add(new Event(0, Long.parseLong(cells[0]), null, header[c], Float.parseFloat(cells[c])));
                }
            }
        }
        List<Event> scalars = events.subList(1, events.size());
        assertEquals(expected.size(), scalars.size());
        for (int i = 0; i < expected.size(); i++) {
            Event e = expected.get(i);
            Event a = scalars.get(i);
            assertEquals(e.step(), a.step(), "event " + i);
            assertEquals(e.tag(), a.tag(), "event " + i);
            assertEquals(e.value(), a.value(), Math.ulp(e.value()) * 4, "event " + i);
            assertTrue(a.wallTime() >= events.get(0).wallTime());
        }
        assertEquals(true, Files2.JSON.readTree(dir.resolve("config.json").toFile()).get("tensorboard").asBoolean());
    }
}
