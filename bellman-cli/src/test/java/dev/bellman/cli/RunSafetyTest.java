package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that cannot be corrupted, in-process: {@code --overwrite} deletes only Bellman runs, {@code --resume} refuses an
 * edited config.json without touching anything, and a model file with a flipped byte is refused on load.
 */
class RunSafetyTest {
    /** The run manifest's name, as docs/cli.md documents it. */
    static final String RUN_MANIFEST = "bellman-run.json";

    @TempDir
    Path tmp;

    static List<String> train(Path dir, String algo, String env, long steps, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--algo", algo, "--env", env, "--seed", "3",
                "--total-timesteps", Long.toString(steps), "--eval-episodes", "5", "--no-plot", "--run-dir",
                dir.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    static Cli run(List<String> args) {
        return Cli.run(args.toArray(String[]::new));
    }

    /** Every file under {@code dir} (relative path) with its bytes, to compare a directory before and after. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                String rel = dir.relativize(p).toString();
                out.put(rel + (Files.isDirectory(p) ? "/" : ""), Files.isDirectory(p) ? ""
                        : java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static void assertOneParagraphUserError(Cli r, String... fragments) {
        assertEquals(2, r.exitCode(), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in\n" + r);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r);
        assertEquals(1, r.err().strip().lines().count(), "one paragraph:\n" + r);
    }

    @Test
    void overwrite_ofADirectoryThatOnlyLooksLikeARun_deletesNothing() throws IOException {
        Path dir = tmp.resolve("thesis");
        Files.createDirectories(dir.resolve("photos"));
        Files.writeString(dir.resolve(RunDir.CONFIG), "{}");
        Files.writeString(dir.resolve("thesis.tex"), "\\documentclass{book}");
        Files.writeString(dir.resolve("photos/a.jpg"), "jpeg");
        Map<String, String> before = snapshot(dir);
        Cli r = run(train(dir, "q-learning", "FrozenLake-v1", 500, "--overwrite"));
        assertOneParagraphUserError(r, "is not a Bellman run", RUN_MANIFEST, "refusing to delete");
        assertEquals(before, snapshot(dir), "nothing deleted, nothing added (not even a lock file)");
    }

    @Test
    void overwrite_ofARunHoldingOtherFiles_listsThem_andDeletesNothing() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, run(train(dir, "q-learning", "FrozenLake-v1", 500)).exitCode());
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.createDirectories(dir.resolve("photos"));
        Map<String, String> before = snapshot(dir);
        Cli r = run(train(dir, "sarsa", "FrozenLake-v1", 500, "--overwrite"));
        assertOneParagraphUserError(r, "holds files that 'bellman train' does not write: notes.txt, photos");
        assertEquals(before, snapshot(dir));

        Files.delete(dir.resolve("notes.txt"));
        Files.delete(dir.resolve("photos"));
        Cli ok = run(train(dir, "sarsa", "FrozenLake-v1", 500, "--overwrite"));
        assertEquals(0, ok.exitCode(), ok.toString());
        assertEquals("sarsa", Files2.JSON.readTree(dir.resolve(RunDir.CONFIG).toFile()).get("algo").asText());
        assertTrue(Files2.JSON.readTree(dir.resolve(RUN_MANIFEST).toFile()).get("format").asText().equals("bellman-run/1"));
    }

    @Test
    void resume_afterConfigJsonWasEdited_isRefusedNamingTheChanges_andTouchesNothing() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, run(train(dir, "q-learning", "Taxi-v3", 2_000, "--checkpoint-frequency", "0")).exitCode());
        Files.delete(dir.resolve(RunDir.SUMMARY)); // as if killed before its first checkpoint
        ObjectNode cfg = (ObjectNode) Files2.JSON.readTree(dir.resolve(RunDir.CONFIG).toFile());
        ((ObjectNode) cfg.get("hyperparameters")).put("learning-rate", 0.9);
        cfg.put("seed", 4);
        cfg.put("total_timesteps", 9_000);
        Files2.writeJson(dir.resolve(RunDir.CONFIG), cfg);
        Map<String, String> before = snapshot(dir);
        Cli r = Cli.run("train", "--resume", dir.toString());
        assertOneParagraphUserError(r, "config.json was changed after the run was created",
                "learning-rate was 0.1, now 0.9", "seed was 3, now 4", "total_timesteps was 2000, now 9000");
        assertEquals(before, snapshot(dir), "a refused resume leaves the directory byte-identical");
    }

    @Test
    void resume_ofADirectoryThatIsNotABellmanRun_isRefused() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, run(train(dir, "q-learning", "Taxi-v3", 2_000, "--checkpoint-frequency", "0")).exitCode());
        Files.delete(dir.resolve(RunDir.SUMMARY));
        Files.delete(dir.resolve(RUN_MANIFEST));
        Map<String, String> before = snapshot(dir);
        Cli r = Cli.run("train", "--resume", dir.toString());
        assertOneParagraphUserError(r, "has no " + RUN_MANIFEST);
        assertEquals(before, snapshot(dir));
    }

    @Test
    void modelFileWithAFlippedByte_isRefusedByEvalAndPlay_namingTheFile() throws IOException {
        Path dir = tmp.resolve("run");
        Cli t = run(train(dir, "dqn", "CartPole-v1", 300, "--set", "net-arch=8", "--set", "learning-starts=100",
                "--set", "buffer-size=300"));
        assertEquals(0, t.exitCode(), t.toString());
        Path model;
        try (Stream<Path> s = Files.list(dir.resolve(RunDir.MODEL))) {
            model = s.filter(p -> p.toString().endsWith(".safetensors")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 3] ^= 0x01; // a bit of the last parameter's data: still a valid float
        Files.write(model, bytes);
        for (String cmd : List.of("eval", "play")) {
            Cli r = Cli.run(cmd, "--run-dir", dir.toString(), "--episodes", "1");
            assertOneParagraphUserError(r, "model file " + model + " is corrupt: its CRC32C is");
        }
    }
}
