package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCheckpointTest {

    record Cfg(int numEnvs, double lr, Map<String, String> envKwargs) {}

    private static Checkpoints.Loaded saved(Path root, Record config) throws IOException {
        Checkpoints c = Checkpoints.in(root, 10, step -> Map.of(), null);
        RunCheckpoint.save(c, 10, "algo", config, new TrainingState.Writer().putLong("step", 10));
        return Checkpoints.latest(root).orElseThrow();
    }

    @Test
    void save_writesTheRunHeaderWithSortedMapKeys_andLoadReturnsTheState(@TempDir Path root) throws IOException {
        Map<String, String> kwargs = new java.util.LinkedHashMap<>();
        kwargs.put("b", "2");
        kwargs.put("a", "1");
        Cfg cfg = new Cfg(4, 0.5, kwargs);
        Checkpoints.Loaded l = saved(root, cfg);
        assertEquals("algorithm algo\nnumEnvs 4\nlr 0.5\nenvKwargs {a=1, b=2}\n",
                Files.readString(l.directory().resolve(RunCheckpoint.RUN)));
        assertEquals(10, RunCheckpoint.load(l, "algo", new Cfg(4, 0.5, Map.of("a", "1", "b", "2"))).getLong("step"));
    }

    @Test
    void load_byAnotherAlgorithm_namesTheWriter(@TempDir Path root) throws IOException {
        Checkpoints.Loaded l = saved(root, new Cfg(4, 0.5, Map.of()));
        var e = assertThrows(IllegalArgumentException.class, () -> RunCheckpoint.load(l, "other", new Cfg(4, 0.5, Map.of())));
        assertTrue(e.getMessage().contains("was written by algo and cannot be resumed by other; resume it with algo"),
                e.getMessage());
    }

    @Test
    void load_withAnotherConfig_namesEachDifference(@TempDir Path root) throws IOException {
        Checkpoints.Loaded l = saved(root, new Cfg(4, 0.5, Map.of()));
        var e = assertThrows(IllegalArgumentException.class, () -> RunCheckpoint.load(l, "algo", new Cfg(8, 0.5, Map.of())));
        assertTrue(e.getMessage().contains("with another configuration: numEnvs 4 (saved) vs 8 (now);"), e.getMessage());
    }

    @Test
    void load_ofADirectoryWithoutRunHeader_saysWhichAlgorithmExpectedIt(@TempDir Path root) throws IOException {
        Checkpoints c = Checkpoints.in(root, 10, step -> Map.of(), null);
        c.save(10, dir -> Files.writeString(dir.resolve("weights.bin"), "w"));
        Checkpoints.Loaded l = Checkpoints.latest(root).orElseThrow();
        var e = assertThrows(IllegalArgumentException.class, () -> RunCheckpoint.load(l, "algo", new Cfg(4, 0.5, Map.of())));
        assertTrue(e.getMessage().contains("was not written by algo (it has no run.txt)"), e.getMessage());
    }
}
