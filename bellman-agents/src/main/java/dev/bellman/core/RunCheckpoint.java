package dev.bellman.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoint files of a loop whose whole state fits one {@link TrainingState}: {@code state.bin} and
 * {@code run.txt}, the algorithm id and every component of its config record, so that resuming with another
 * algorithm or other hyperparameters fails with a message naming the difference instead of silently mixing two runs.
 * Used by the policy-gradient ({@code dev.bellman.algorithms.pg}) and evolution-strategy
 * ({@code dev.bellman.algorithms.es}) loops.
 *
 * <p>{@code run.txt} is one {@code NAME VALUE} line per component after an {@code algorithm ID} line; values are
 * {@link String#valueOf(Object)} with newlines replaced by spaces, and maps are written with sorted keys (their
 * iteration order is otherwise unspecified).
 */
public final class RunCheckpoint {
    /** The {@link TrainingState} file of a checkpoint. */
    public static final String STATE = "state.bin";
    /** The run header: algorithm id and config components. */
    public static final String RUN = "run.txt";

    private RunCheckpoint() {}

    /** Writes {@code state} and the run header for {@code algo}/{@code config} as the checkpoint of {@code step}. */
    public static void save(Checkpoints checkpoints, long step, String algo, Record config, TrainingState.Writer state) {
        checkpoints.save(step, dir -> {
            StringBuilder sb = new StringBuilder("algorithm ").append(algo).append('\n');
            for (var e : fields(config).entrySet()) sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
            Files.writeString(dir.resolve(RUN), sb.toString(), StandardCharsets.UTF_8);
            state.write(dir.resolve(STATE));
        });
    }

    /**
     * The state of the checkpoint to resume from, after checking it was written by {@code algo} with {@code config}.
     *
     * @throws IllegalArgumentException if another algorithm or another config wrote it (the message names both)
     * @throws UncheckedIOException if it cannot be read
     */
    public static TrainingState.Reader load(Checkpoints.Loaded from, String algo, Record config) {
        Path dir = from.directory();
        try {
            Path run = dir.resolve(RUN);
            if (!Files.isRegularFile(run)) {
                throw new IllegalArgumentException("checkpoint " + dir + " was not written by " + algo
                        + " (it has no " + RUN + "); resume it with the algorithm that wrote it");
            }
            Map<String, String> saved = new LinkedHashMap<>();
            for (String line : Files.readAllLines(run, StandardCharsets.UTF_8)) {
                int sp = line.indexOf(' ');
                if (sp > 0) saved.put(line.substring(0, sp), line.substring(sp + 1));
            }
            String savedAlgo = saved.remove("algorithm");
            if (!algo.equals(savedAlgo)) {
                throw new IllegalArgumentException("checkpoint " + dir + " was written by " + savedAlgo
                        + " and cannot be resumed by " + algo + "; resume it with " + savedAlgo);
            }
            Map<String, String> now = fields(config);
            List<String> diffs = new ArrayList<>();
            for (var e : now.entrySet()) {
                String s = saved.get(e.getKey());
                if (!e.getValue().equals(s)) diffs.add(e.getKey() + " " + s + " (saved) vs " + e.getValue() + " (now)");
            }
            for (String k : saved.keySet()) if (!now.containsKey(k)) diffs.add(k + " " + saved.get(k) + " (saved) vs absent (now)");
            if (!diffs.isEmpty()) {
                throw new IllegalArgumentException("checkpoint " + dir + " was written by " + algo
                        + " with another configuration: " + String.join(", ", diffs)
                        + "; resume with the hyperparameters of the run that wrote it");
            }
            return TrainingState.Reader.read(dir.resolve(STATE));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The record's components by name, maps with sorted keys (their iteration order is otherwise unspecified). */
    private static Map<String, String> fields(Record config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent rc : config.getClass().getRecordComponents()) {
            Object v;
            try {
                v = rc.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + rc.getName() + " of " + config.getClass(), e);
            }
            if (v instanceof Map<?, ?> m) v = new TreeMap<>(m);
            out.put(rc.getName(), String.valueOf(v).replace('\n', ' '));
        }
        return out;
    }
}
