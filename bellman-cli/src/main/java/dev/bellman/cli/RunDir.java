package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layout of a run directory, as {@code bellman train} writes it:
 * <pre>
 * bellman-run.json     written first: "format": "bellman-run/1" and the run's identity as created (see RunManifest)
 * bellman.lock         the lock held by the 'train' writing the run: its PID, host and start time (see RunLock)
 * config.json          every resolved hyperparameter, env id, seed, Bellman version
 * metrics.csv          global_step, wall_time_s, then one column per metric key
 * model/manifest.json  algo, env, spaces, format, size and CRC32C of every model file (see ModelDir)
 * model/...            the algorithm's saved parameters
 * summary.json         wall time, steps/s, eval mean and std, time to the reward threshold; after a graceful stop
 *                      "interrupted": true instead (the run can be resumed)
 * learning_curve.png   charts/episodic_return against global_step; for a game run measured against a solver during
 *                      training (alphazero on ConnectFour), the eval/solver_* shares instead
 * values.png           tabular runs on grid envs: the value table
 * learning_curve_vs_expert.png  imitation runs (--demos): returns against the expert's and a random policy's
 *                      (ImitationCurve); summary.json then has "vs_expert" with the normalised score
 * checkpoints/         while training: the last two checkpoints (deleted when the run finishes, unless
 *                      --keep-checkpoints)
 * snapshots/step-N/    alphazero with snapshot-interval: the playing network at step N as model/ (kept; each loads
 *                      as a run directory, e.g. an arena player); and a finished run whose budget was raised: its
 *                      model/, summary.json and pictures (learning_curve.png, episode.gif, ...) at its old budget N
 * tb/                  with --tensorboard: events.out.tfevents.* (TensorBoard event files)
 * episode.gif          with --gif: one greedy episode of the trained policy (see EpisodeGif)
 * </pre>
 * Every file is written atomically (temp file, then rename). {@code --overwrite} deletes only a directory whose
 * {@code bellman-run.json} says it is a Bellman run, and only when it holds nothing but the entries above (and the
 * hidden temporary files of their interrupted writes).
 */
final class RunDir {
    static final String CONFIG = "config.json";
    static final String METRICS = "metrics.csv";
    static final String MODEL = "model";
    static final String MANIFEST = "manifest.json";
    static final String SUMMARY = "summary.json";
    static final String CURVE = "learning_curve.png";
    static final String MODEL_FORMAT = "bellman-model/1";
    static final String CHECKPOINTS = "checkpoints";
    static final String TENSORBOARD = "tb";
    static final String SNAPSHOTS = "snapshots";
    /** The pictures a finished run draws (when asked to), kept with its model when its budget is raised. */
    static final List<String> FINISHED_PICTURES =
            List.of(CURVE, ValueHeatmap.FILE, ImitationCurve.FILE, EpisodeGif.FILE);
    /** Everything a run writes at the top of its directory. */
    static final Set<String> RUN_FILES = Set.of(RunManifest.FILE, RunLock.FILE, CONFIG, METRICS, MODEL, SUMMARY, CURVE,
            ValueHeatmap.FILE, ImitationCurve.FILE, CHECKPOINTS, SNAPSHOTS, TENSORBOARD, EpisodeGif.FILE);

    private RunDir() {}

    /** The default run directory: {@code runs/<algo>-<env>-s<seed>}. */
    static Path defaultFor(String algo, String envId, long seed) {
        return Path.of("runs", algo + "-" + envId + "-s" + seed);
    }

    /**
     * Prepares {@code dir} for a new run and locks it: creates it, or (with {@code overwrite}) empties an earlier
     * Bellman run there. Refuses an existing non-empty directory without {@code overwrite}, and with it anything that
     * is not a Bellman run or holds files a run does not write (listing them), deleting nothing. The checks are made
     * before the lock is taken (so a refused directory gets no lock file) and again under it.
     *
     * @return the lock, to hold until the run ends
     * @throws UserError when the directory cannot be used (the message says why), or another run holds it
     */
    static RunLock prepare(Path dir, boolean overwrite, PrintWriter err) throws IOException {
        check(dir, overwrite);
        Files.createDirectories(dir);
        RunLock lock = RunLock.acquire(dir, err);
        try {
            if (check(dir, overwrite)) {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.filter(p -> !p.getFileName().toString().equals(RunLock.FILE)).toList()) {
                        deleteTree(p);
                    }
                }
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Checks that a new run may be prepared in {@code dir}; true when an earlier run there is to be deleted. */
    private static boolean check(Path dir, boolean overwrite) throws IOException {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError("run directory " + dir + " exists and is a file; expected a directory path that does"
                    + " not exist yet (or choose another with --run-dir).");
        }
        List<String> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(RunLock.FILE)).sorted().toList();
        }
        if (entries.isEmpty()) {
            return false;
        }
        if (!overwrite) {
            throw new UserError("run directory " + dir + " already exists; pass --overwrite to replace it, --resume "
                    + dir + " to continue it, or choose another with --run-dir.");
        }
        if (!RunManifest.isRun(dir)) {
            throw new UserError("run directory " + dir + " is not empty and is not a Bellman run (it has no "
                    + RunManifest.FILE + " saying so); refusing to delete it even with --overwrite. Choose another"
                    + " --run-dir, or delete it yourself.");
        }
        List<String> unknown = entries.stream().filter(n -> !RUN_FILES.contains(n) && !isTempOfRunFile(n)).toList();
        if (!unknown.isEmpty()) {
            throw new UserError("run directory " + dir + " holds files that 'bellman train' does not write: "
                    + String.join(", ", unknown) + "; refusing to delete anything even with --overwrite. Move them"
                    + " away, or choose another --run-dir.");
        }
        return true;
    }

    /** A hidden temporary file of an interrupted atomic write of a run file ({@code .config.json.123.tmp}). */
    static boolean isTempOfRunFile(String name) {
        if (!name.startsWith(".") || !name.endsWith(".tmp")) {
            return false;
        }
        return RUN_FILES.stream().anyMatch(f -> name.startsWith("." + f + "."));
    }

    /** Deletes the hidden temporary files that interrupted atomic writes left at the top of {@code dir}. */
    static void deleteInterruptedWrites(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> isTempOfRunFile(p.getFileName().toString())).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            deleteContents(p);
        }
        Files.delete(p);
    }

    /** Copies the directory {@code from} and its files (no links) to {@code to}, which must not exist. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Deletes {@code dir}'s model directory, if there is one (the policy a stopped run saved). */
    static void deleteModel(Path dir) throws IOException {
        Path model = dir.resolve(MODEL);
        if (Files.exists(model)) {
            deleteTree(model);
        }
    }

    /** Deletes the checkpoints of a finished run. */
    static void deleteCheckpoints(Path dir) throws IOException {
        Path c = dir.resolve(CHECKPOINTS);
        if (Files.exists(c)) {
            deleteContents(c);
            Files.delete(c);
        }
    }

    /** Deletes the TensorBoard event files in {@code tbDir}, if any. */
    static void deleteEventFiles(Path tbDir) throws IOException {
        if (!Files.isDirectory(tbDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(tbDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Reads a JSON file of a run directory, failing with a message that says what is missing or broken.
     */
    static JsonNode readJson(Path dir, String relative) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("run directory " + dir + " does not exist; expected a directory written by"
                    + " 'bellman train' (default runs/<algo>-<env>-s<seed>).");
        }
        Path file = dir.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new UserError("run directory " + dir + " has no " + relative + "; expected a directory written by"
                    + " 'bellman train' (was training interrupted?).");
        }
        try {
            JsonNode node = Files2.JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new UserError(file + " is corrupt: expected a JSON object.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new UserError(file + " is corrupt: it does not parse as JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + " (" + e.getOriginalMessage() + ").", e);
        } catch (IOException e) {
            throw new UserError(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
