package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.bellman.cli.tfevent.Event;
import dev.bellman.cli.tfevent.Summary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --tensorboard: the event file is read back as TensorBoard reads it, with an independent TFRecord reader and
 * protobuf classes generated from TensorBoard's event schema (src/test/proto/tensorboard_event.proto), and
 * its scalars, steps and tags equal metrics.csv. Corrupted files are rejected.
 */
class TensorBoardEventFileTest {
    @TempDir
    static Path tmp;
    static Path run;
    static byte[] file;

    @BeforeAll
    static void train() throws IOException {
        run = tmp.resolve("run");
        Cli r = Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--seed", "3", "--total-timesteps", "2000",
                "--eval-episodes", "5", "--no-plot", "--tensorboard", "--run-dir", run.toString());
        assertEquals(0, r.exitCode(), r.toString());
        try (var s = Files.list(run.resolve("tb"))) {
            List<Path> files = s.toList();
            assertEquals(1, files.size(), files.toString());
            file = Files.readAllBytes(files.get(0));
        }
    }

    /**
     * Reads TFRecords as TensorFlow's record_reader.cc does: uint64 little-endian length, masked CRC32C of
     * those 8 bytes, the data, masked CRC32C of the data; masked(c) = rotr(c, 15) + 0xa282ead8. The CRC is
     * computed here with java.util.zip.CRC32C, not with the writer's helper.
     */
    static List<byte[]> records(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int at = b.position();
            if (b.remaining() < 12) {
                throw new IOException("truncated record header at byte " + at);
            }
            long len = b.getLong();
            int lenCrc = b.getInt();
            if (lenCrc != masked(bytes, at, 8)) {
                throw new IOException("length CRC mismatch in the record at byte " + at);
            }
            if (len < 0 || len > b.remaining() - 4) {
                throw new IOException("truncated record at byte " + at + ": length " + len);
            }
            byte[] data = new byte[(int) len];
            int dataAt = b.position();
            b.get(data);
            if (b.getInt() != masked(bytes, dataAt, (int) len)) {
                throw new IOException("data CRC mismatch in the record at byte " + at);
            }
            out.add(data);
        }
        return out;
    }

    private static int masked(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    static List<Event> events(byte[] bytes) throws IOException {
        List<Event> events = new ArrayList<>();
        for (byte[] data : records(bytes)) {
            Event e = Event.parseFrom(data);
            assertNoUnknownFields(e);
            events.add(e);
        }
        return events;
    }

    /** A field number the schema does not know would mean the writer used a wrong number or wire type. */
    private static void assertNoUnknownFields(Message m) {
        assertEquals(0, m.getUnknownFields().asMap().size(), () -> "unknown fields in " + m);
        m.getAllFields().values().forEach(v -> {
            if (v instanceof Message sub) {
                assertNoUnknownFields(sub);
            } else if (v instanceof List<?> list) {
                list.forEach(x -> {
                    if (x instanceof Message sub) {
                        assertNoUnknownFields(sub);
                    }
                });
            }
        });
    }

    @Test
    void eventFile_parsesWithTheTensorBoardSchema_andEqualsMetricsCsv() throws IOException {
        List<Event> events = events(file);
        Event first = events.get(0);
        assertEquals(Event.WhatCase.FILE_VERSION, first.getWhatCase());
        assertEquals("brain.Event:2", first.getFileVersion());
        assertTrue(Math.abs(first.getWallTime() - System.currentTimeMillis() / 1000.0) < 600, "wall_time in seconds");

        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        String[] header = csv.get(0).split(",");
        assertEquals("global_step", header[0]);
        List<String> expected = new ArrayList<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] cells = line.split(",", -1);
            for (int c = 2; c < header.length; c++) {
                if (!cells[c].isEmpty()) {
                    expected.add(cells[0] + " " + header[c] + " " + Float.parseFloat(cells[c]));
                }
            }
        }
        List<String> actual = new ArrayList<>();
        for (Event e : events.subList(1, events.size())) {
            assertEquals(Event.WhatCase.SUMMARY, e.getWhatCase(), e.toString());
            assertTrue(e.getWallTime() >= first.getWallTime());
            for (Summary.Value v : e.getSummary().getValueList()) {
                assertEquals(Summary.Value.ValueCase.SIMPLE_VALUE, v.getValueCase(), v.toString());
                actual.add(e.getStep() + " " + v.getTag() + " " + v.getSimpleValue());
            }
        }
        assertTrue(expected.size() > 10, "metrics.csv has " + expected.size() + " cells");
        assertTrue(expected.stream().anyMatch(s -> s.contains(" charts/episodic_return ")), expected.toString());
        assertEquals(expected, actual);
    }

    @Test
    void flippedDataByte_failsTheDataCrc() {
        byte[] bad = file.clone();
        int lastData = bad.length - 5; // the last byte of the last record's data
        bad[lastData] ^= 0x01;
        IOException e = assertThrows(IOException.class, () -> records(bad));
        assertTrue(e.getMessage().startsWith("data CRC mismatch"), e.getMessage());
    }

    @Test
    void wrongLengthCrc_isRejected() {
        byte[] bad = file.clone();
        bad[8] ^= 0x40; // the first record's length CRC
        IOException e = assertThrows(IOException.class, () -> records(bad));
        assertEquals("length CRC mismatch in the record at byte 0", e.getMessage());
    }

    @Test
    void truncatedFile_isRejected() {
        byte[] bad = java.util.Arrays.copyOf(file, file.length - 3);
        IOException e = assertThrows(IOException.class, () -> records(bad));
        assertTrue(e.getMessage().startsWith("truncated record at byte"), e.getMessage());
    }

    @Test
    void wrongWireType_isNotAnEvent() throws IOException {
        // step (field 2) written as a 64-bit fixed value instead of a varint: protobuf keeps it as an unknown field
        byte[] data = {(2 << 3) | 1, 1, 0, 0, 0, 0, 0, 0, 0};
        Event e = Event.parseFrom(data);
        assertEquals(0, e.getStep());
        AssertionError err = assertThrows(AssertionError.class, () -> assertNoUnknownFields(e));
        assertTrue(err.getMessage().contains("unknown fields"), err.getMessage());
        assertThrows(InvalidProtocolBufferException.class, () -> Event.parseFrom(new byte[] {(5 << 3) | 2, 10, 1}));
    }
}
