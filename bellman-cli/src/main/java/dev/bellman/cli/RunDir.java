package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The layout of a run directory, as {@code bellman train} writes it:
 * <pre>
 * config.json          every resolved hyperparameter, env id, seed, Bellman version
 * metrics.csv          global_step, wall_time_s, then one column per metric key
 * model/manifest.json  algo, env, spaces, format (what eval needs to load the model)
 * model/...            the algorithm's saved parameters
 * summary.json         wall time, steps/s, eval mean and std, time to the reward threshold
 * learning_curve.png   charts/episodic_return against global_step
 * checkpoints/         while training: the last two checkpoints (deleted when the run finishes)
 * tb/                  with --tensorboard: events.out.tfevents.* (TensorBoard event files)
 * </pre>
 * Every file is written atomically (temp file, then rename).
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

    private RunDir() {}

    /** The default run directory: {@code runs/<algo>-<env>-s<seed>}. */
    static Path defaultFor(String algo, String envId, long seed) {
        return Path.of("runs", algo + "-" + envId + "-s" + seed);
    }

    /**
     * Prepares {@code dir} for a new run: creates it, or (with {@code overwrite}) empties an earlier
     * run there. Refuses an existing directory without {@code overwrite}, and never deletes a
     * non-empty directory that is not a Bellman run.
     */
    static void prepare(Path dir, boolean overwrite) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UserError("run directory " + dir + " exists and is a file; expected a directory path that does"
                        + " not exist yet (or choose another with --run-dir).");
            }
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty) {
                if (!overwrite) {
                    throw new UserError("run directory " + dir + " already exists; pass --overwrite to replace it, or"
                            + " choose another with --run-dir.");
                }
                if (!Files.exists(dir.resolve(CONFIG)) && !Files.exists(dir.resolve(SUMMARY))
                        && !Files.exists(dir.resolve(MODEL))) {
                    throw new UserError("run directory " + dir + " is not empty and is not a Bellman run (it has no "
                            + CONFIG + "); refusing to delete it even with --overwrite. Choose another --run-dir.");
                }
                deleteContents(dir);
            }
        }
        Files.createDirectories(dir);
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
