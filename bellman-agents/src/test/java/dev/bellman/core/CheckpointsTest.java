package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    private static Checkpoints every(Path root, long n) {
        return Checkpoints.in(root, n, step -> Map.of("metrics_rows", Long.toString(step / 10)), null);
    }

    @Test
    void save_keepsTheNewestTwo_andLatestReadsTheNewestWithItsMetadata(@TempDir Path root) throws IOException {
        Checkpoints c = every(root, 100);
        for (long step : new long[] {100, 200, 300}) {
            c.save(step, dir -> Files.writeString(dir.resolve("weights.bin"), "w" + step));
        }
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(List.of("step-000000000200", "step-000000000300"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Checkpoints.Loaded l = Checkpoints.latest(root).orElseThrow();
        assertEquals(300, l.globalStep());
        assertEquals("30", l.meta().get("metrics_rows"));
        assertEquals("w300", Files.readString(l.directory().resolve("weights.bin")));
    }

    @Test
    void latest_ofATruncatedFile_reportsItAsTruncatedAndNamesTheOlderOne(@TempDir Path root) throws IOException {
        Checkpoints c = every(root, 100);
        c.save(100, dir -> Files.writeString(dir.resolve("weights.bin"), "0123456789"));
        c.save(200, dir -> Files.writeString(dir.resolve("weights.bin"), "abcdefghij"));
        Path f = root.resolve("step-000000000200/weights.bin");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(4);
        }
        var e = assertThrows(Checkpoints.CorruptCheckpointException.class, () -> Checkpoints.latest(root));
        assertTrue(e.getMessage().contains("weights.bin is truncated or corrupt: 4 bytes but the manifest says 10"), e.getMessage());
        assertTrue(e.getMessage().contains("An older checkpoint is " + root.resolve("step-000000000100")), e.getMessage());
    }

    @Test
    void latest_ofAFlippedByte_reportsACorruptChecksum(@TempDir Path root) throws IOException {
        every(root, 100).save(100, dir -> Files.writeString(dir.resolve("weights.bin"), "0123456789"));
        Files.writeString(root.resolve("step-000000000100/weights.bin"), "0123456780");
        var e = assertThrows(Checkpoints.CorruptCheckpointException.class, () -> Checkpoints.latest(root));
        assertTrue(e.getMessage().matches("checkpoint file .*weights.bin is corrupt: CRC32C [0-9a-f]{8} but the manifest"
                + " says [0-9a-f]{8}"), e.getMessage());
    }

    @Test
    void latest_ofAnEditedManifest_reportsItsChecksum(@TempDir Path root) throws IOException {
        every(root, 100).save(100, dir -> Files.writeString(dir.resolve("w"), "x"));
        Path m = root.resolve("step-000000000100/" + Checkpoints.MANIFEST);
        Files.writeString(m, Files.readString(m).replace("global_step 100", "global_step 900"));
        var e = assertThrows(Checkpoints.CorruptCheckpointException.class, () -> Checkpoints.latest(root));
        assertTrue(e.getMessage().contains("is corrupt: its checksum is"), e.getMessage());
    }

    @Test
    void latest_ignoresAnInterruptedTemporaryDirectory(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve(".step-123/"));
        assertFalse(Checkpoints.latest(root).isPresent());
        every(root, 100).save(100, dir -> Files.writeString(dir.resolve("w"), "x"));
        assertEquals(100, Checkpoints.latest(root).orElseThrow().globalStep());
    }

    /** A policy whose saved file says which one it is. */
    private record Tagged(String tag) implements Policy {
        @Override
        public Object act(Object observation) {
            return 0;
        }

        @Override
        public void save(Path directory) throws IOException {
            Files.writeString(directory.resolve("policy.txt"), tag);
        }
    }

    @Test
    void snapshot_keepsEveryOne_replacesARepeatedStep_andWritesNothingWithoutAModelWriter(@TempDir Path run)
            throws IOException {
        Path root = run.resolve("checkpoints");
        every(root, 100).snapshot(100, new Tagged("unwritten")); // no model writer: library use
        assertFalse(Files.exists(run.resolve("snapshots")));
        Checkpoints.none().withModelWriter((dir, p) -> { throw new AssertionError("none() writes no snapshot"); })
                .snapshot(1, new Tagged("x"));

        Checkpoints c = every(root, 100).withModelWriter((dir, p) -> {
            Files.createDirectories(dir);
            p.save(dir);
            Files.writeString(dir.resolve("manifest.json"), "{}");
        });
        assertTrue(c.snapshotsEnabled());
        for (long step : new long[] {100, 200, 300}) c.snapshot(step, new Tagged("p" + step));
        c.snapshot(200, new Tagged("again")); // a resumed run repeating an iteration
        try (Stream<Path> s = Files.list(run.resolve("snapshots"))) {
            assertEquals(List.of("step-000000000100", "step-000000000200", "step-000000000300"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("p100", Files.readString(run.resolve("snapshots/step-000000000100/model/policy.txt")));
        assertEquals("again", Files.readString(run.resolve("snapshots/step-000000000200/model/policy.txt")));
        assertEquals(Checkpoints.snapshotRoot(root), run.resolve("snapshots"));

        // a write killed midway leaves a hidden directory, which the next resume removes
        Files.createDirectories(run.resolve("snapshots/.step-123/model"));
        Files.createDirectories(root.resolve(".step-456"));
        assertEquals(2, Checkpoints.deleteInterruptedWrites(root));
        assertFalse(Files.exists(run.resolve("snapshots/.step-123")));
        assertTrue(Files.exists(run.resolve("snapshots/step-000000000300/model/policy.txt")));
    }

    @Test
    void snapshot_thatFailsToWrite_leavesNoPartAndSaysWhere(@TempDir Path run) throws IOException {
        Path root = run.resolve("checkpoints");
        Checkpoints c = every(root, 100).withModelWriter((dir, p) -> {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("half"), "x");
            throw new IOException("disk full");
        });
        var e = assertThrows(java.io.UncheckedIOException.class, () -> c.snapshot(700, new Tagged("x")));
        assertTrue(e.getMessage().contains("snapshot at step 700"), e.getMessage());
        try (Stream<Path> s = Files.list(run.resolve("snapshots"))) {
            assertEquals(0, s.count(), "no partial snapshot is left");
        }
    }

    @Test
    void due_countsWholePeriodsSinceTheLastSave(@TempDir Path root) {
        Checkpoints c = every(root, 100);
        List<Long> due = new ArrayList<>();
        for (long step = 32; step <= 400; step += 32) { // a vector env's step grows by 32 at a time
            if (c.due(step)) {
                due.add(step);
                c.save(step, dir -> { });
            }
        }
        assertEquals(List.of(128L, 224L, 320L), due);
        assertFalse(Checkpoints.none().due(1_000_000));
    }

    @Test
    void defaultTrainWithCheckpoints_refusesToResume(@TempDir Path root) throws IOException {
        AlgorithmProvider p = new FixedActionProvider();
        assertFalse(p.supportsCheckpoints());
        every(root, 10).save(10, dir -> { });
        Checkpoints resume = Checkpoints.in(root, 10, s -> Map.of(), Checkpoints.latest(root).orElseThrow());
        var e = assertThrows(UnsupportedOperationException.class,
                () -> p.train(new TrainRequest("FrozenLake-v1", 1, 100, p.resolve(Map.of())), MetricsSink.none(), resume));
        assertEquals(p.id() + " cannot resume from a checkpoint", e.getMessage());
    }
}
