package dev.bellman.core;

import dev.bellman.env.Env;
import dev.bellman.env.Snapshottable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The checkpoints of one training run: where a provider that supports them ({@link AlgorithmProvider#supportsCheckpoints()})
 * writes its complete training state every {@link #frequency()} environment steps, and where a resumed run reads the
 * last one back ({@link #resumeFrom()}).
 *
 * <h2>Layout</h2>
 * <pre>
 * checkpoints/step-000000020000/   one directory per checkpoint, named by its global step
 *     checkpoint.txt               "bellman-checkpoint 1", global_step, the run's metadata (meta KEY VALUE),
 *                                  one "file PATH BYTES CRC32C" line per file, then "crc32c" of the lines above
 *     ...                          the provider's files (any names, subdirectories allowed)
 * </pre>
 * A checkpoint is written into a hidden temporary directory, its manifest last, and then renamed into place, so a
 * process killed at any moment leaves either the previous checkpoint or the new one, never a part. The newest two
 * are kept. {@link #latest(Path)} verifies every size and checksum and reports a corrupt or truncated checkpoint as
 * such ({@link CorruptCheckpointException}), naming the file.
 *
 * <h2>What a provider saves</h2>
 * Everything the rest of the run depends on, so that a resumed run ends with exactly the metrics and weights of the
 * uninterrupted one: parameters (and target networks), optimizer state (Adam moments, step count), every random
 * generator (exploration, sampling, shuffles; {@code Rng.state()}), replay contents and position, the envs' states
 * ({@link #saveEnvs}), normalisation statistics, schedules' positions, episode counters and the partial returns of
 * running episodes, and the global step. The checkpoint must be taken between steps, after every metric of the
 * steps so far was sent to the sink (the command line truncates {@code metrics.csv} to what had been recorded).
 *
 * <h2>Stopping on request</h2>
 * {@link #requestStop()} (the command line calls it on the first SIGINT, SIGTERM or SIGHUP) makes {@link #due} true at
 * every step and the next {@link #save} throw {@link TrainingStoppedException} once its checkpoint is in place, also
 * when {@link #frequency()} is 0. A provider therefore stops within one step or iteration without code of its own;
 * it must only let that exception propagate (wrapped or not). Temporary directories that killed writes left are
 * removed by {@link #deleteInterruptedWrites}.
 *
 * <h2>Snapshots</h2>
 * {@link #snapshot} keeps a policy as it was at a step, for matches between stages of training (an Elo ladder):
 * {@code snapshots/step-000000020000/model/} beside {@code checkpoints/}, written by the {@link ModelWriter} the
 * command line supplies ({@link #withModelWriter}), so {@code snapshots/step-N} loads wherever a run directory does.
 * Snapshots are never deleted; without a model writer ({@link #none()}, library use) they are not written.
 */
public final class Checkpoints {
    /** The manifest file in each checkpoint directory. */
    public static final String MANIFEST = "checkpoint.txt";
    static final String FORMAT = "bellman-checkpoint 1";
    static final String ENV_FILE = "env_state.txt";
    private static final String PREFIX = "step-";
    private static final int KEEP = 2;
    private static final String SNAPSHOT_MODEL = "model";

    /** Called just before a checkpoint is written: returns the run's metadata to store with it. */
    @FunctionalInterface
    public interface RunState {
        Map<String, String> beforeSave(long globalStep) throws IOException;
    }

    /** Writes a provider's files into an existing, empty directory. */
    @FunctionalInterface
    public interface Writer {
        void write(Path directory) throws IOException;
    }

    /** Writes a policy as a run's loadable model directory, {@code model/} (the command line's format and manifest). */
    @FunctionalInterface
    public interface ModelWriter {
        void write(Path modelDir, Policy policy) throws IOException;
    }

    /**
     * A verified checkpoint.
     *
     * @param directory its directory (read the provider's files from here)
     * @param globalStep the environment steps taken when it was written
     * @param meta the run's metadata stored with it
     */
    public record Loaded(Path directory, long globalStep, Map<String, String> meta) {
        public Loaded {
            Objects.requireNonNull(directory, "directory");
            meta = Map.copyOf(meta);
        }
    }

    private static final Checkpoints NONE = new Checkpoints(null, 0, step -> Map.of(), null, null);

    private final Path root;
    private final long frequency;
    private final RunState runState;
    private final Loaded resumeFrom;
    private final ModelWriter modelWriter;
    private java.util.function.Supplier<? extends Policy> policyAtStop;
    private long lastSaved = -1;
    private volatile boolean stopRequested;

    private Checkpoints(Path root, long frequency, RunState runState, Loaded resumeFrom, ModelWriter modelWriter) {
        this.root = root;
        this.frequency = frequency;
        this.runState = runState;
        this.resumeFrom = resumeFrom;
        this.modelWriter = modelWriter;
    }

    /** No checkpoints and nothing to resume from. */
    public static Checkpoints none() {
        return NONE;
    }

    /**
     * Checkpoints under {@code root} every {@code frequency} env steps (0 for none), resuming from {@code resumeFrom}
     * when it is non-null.
     */
    public static Checkpoints in(Path root, long frequency, RunState runState, Loaded resumeFrom) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(runState, "runState");
        if (frequency < 0) {
            throw new IllegalArgumentException("checkpoint frequency must be >= 0 env steps (0 for none) but was " + frequency);
        }
        return new Checkpoints(root, frequency, runState, resumeFrom, null);
    }

    /**
     * These checkpoints with {@link #snapshot}s written by {@code writer}; {@link #none()} stays without. Call it before
     * training starts (the returned object is the one to hand to the provider).
     */
    public Checkpoints withModelWriter(ModelWriter writer) {
        Objects.requireNonNull(writer, "writer");
        return root == null ? this : new Checkpoints(root, frequency, runState, resumeFrom, writer);
    }

    /** Whether {@link #snapshot} writes anything (a model writer was supplied). */
    public boolean snapshotsEnabled() {
        return modelWriter != null;
    }

    /**
     * Keeps {@code policy} as {@code snapshots/step-N/model/} beside the checkpoints (N = {@code globalStep}, 12 digits),
     * written into a hidden temporary directory and renamed into place; a snapshot of the same step (a resumed run
     * repeating it) is replaced. Does nothing when {@link #snapshotsEnabled()} is false.
     *
     * @throws UncheckedIOException if writing fails
     */
    public void snapshot(long globalStep, Policy policy) {
        if (modelWriter == null) {
            return;
        }
        writeSnapshot(root, globalStep, tmp -> modelWriter.write(tmp.resolve(SNAPSHOT_MODEL), policy));
    }

    /**
     * Writes {@code snapshots/step-N/} beside the checkpoints under {@code checkpointRoot} (N = {@code globalStep}, 12
     * digits) with {@code writer}: into a hidden temporary directory (removed by {@link #deleteInterruptedWrites} if
     * the process dies), then renamed into place, replacing a snapshot of the same step. {@link #snapshot} writes a
     * policy this way; the command line, a finished run's model and summary before it raises the run's budget.
     *
     * @throws UncheckedIOException if writing fails
     */
    public static Path writeSnapshot(Path checkpointRoot, long globalStep, Writer writer) {
        Path dir = snapshotRoot(checkpointRoot);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, "." + PREFIX);
            writer.write(tmp);
            Path target = dir.resolve(String.format("%s%012d", PREFIX, globalStep));
            replace(tmp, target);
            return target;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("could not write the snapshot at step " + globalStep + " under " + dir, e);
        }
    }

    /** Renames the finished {@code tmp} to {@code target}, atomically where the file system can, replacing it. */
    private static void replace(Path tmp, Path target) throws IOException {
        if (Files.exists(target)) {
            deleteTree(target);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
    }

    /** Removes what a failed write left in {@code tmp} (may be null), keeping the write's own error the one reported. */
    private static void deleteQuietly(Path tmp) {
        if (tmp != null && Files.exists(tmp)) {
            try {
                deleteTree(tmp);
            } catch (IOException | UncheckedIOException ignored) {
                // the original error matters more
            }
        }
    }

    /** The snapshots' directory for the checkpoints under {@code checkpointRoot}: its sibling {@code snapshots}. */
    public static Path snapshotRoot(Path checkpointRoot) {
        return checkpointRoot.resolveSibling("snapshots");
    }

    /**
     * Asks the run to stop at its next checkpoint opportunity: from now on {@link #due} is true, and the next
     * {@link #save} that completes throws {@link TrainingStoppedException}. Safe to call from any thread (a signal
     * handler). Has no effect on {@link #none()}, which cannot write the checkpoint a stop needs.
     */
    public void requestStop() {
        if (root != null) {
            stopRequested = true;
        }
    }

    /** Whether {@link #requestStop()} was called. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Whether this run writes checkpoints at all (false for {@link #none()}), periodic or on a stop request. */
    public boolean enabled() {
        return root != null;
    }

    /** Environment steps between checkpoints; 0 when none are to be written. */
    public long frequency() {
        return frequency;
    }

    /** The checkpoint to continue from, or empty for a fresh run. */
    public Optional<Loaded> resumeFrom() {
        return Optional.ofNullable(resumeFrom);
    }

    /**
     * Whether a checkpoint is due at {@code globalStep}: a whole number of {@link #frequency()} periods has passed
     * since the run (or its resumption) began, for providers whose step advances by more than one at a time.
     * Always true once a stop was requested ({@link #requestStop()}).
     */
    public boolean due(long globalStep) {
        if (stopRequested) {
            return true;
        }
        if (frequency == 0) {
            return false;
        }
        long since = lastSaved >= 0 ? lastSaved : resumeFrom != null ? resumeFrom.globalStep() : 0;
        return globalStep / frequency > since / frequency;
    }

    /**
     * Writes a checkpoint for {@code globalStep}: the run's metadata, then {@code writer}'s files, checksums, and an
     * atomic rename into place; older checkpoints beyond the newest two are deleted.
     *
     * @throws UncheckedIOException if writing fails (training cannot go on safely without knowing)
     * @throws TrainingStoppedException after the checkpoint is in place, when a stop was requested
     */
    public void save(long globalStep, Writer writer) {
        if (root == null) {
            throw new IllegalStateException("checkpoints are disabled for this run");
        }
        Path tmp = null;
        try {
            Map<String, String> meta = runState.beforeSave(globalStep);
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, "." + PREFIX);
            writer.write(tmp);
            StringBuilder sb = new StringBuilder(FORMAT).append('\n');
            sb.append("global_step ").append(globalStep).append('\n');
            for (var e : meta.entrySet()) {
                checkToken(e.getKey(), "metadata key");
                checkToken(e.getValue(), "metadata value");
                sb.append("meta ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
            }
            for (Path f : files(tmp)) {
                String rel = tmp.relativize(f).toString().replace('\\', '/');
                checkToken(rel, "file name");
                sb.append("file ").append(rel).append(' ').append(Files.size(f)).append(' ').append(crc32c(f)).append('\n');
            }
            String bodyCrc = crc(sb.toString().getBytes(StandardCharsets.UTF_8));
            sb.append("crc32c ").append(bodyCrc).append('\n');
            Files.writeString(tmp.resolve(MANIFEST), sb.toString(), StandardCharsets.UTF_8);
            replace(tmp, root.resolve(String.format("%s%012d", PREFIX, globalStep)));
            lastSaved = globalStep;
            List<Path> all = list(root);
            for (int i = 0; i < all.size() - KEEP; i++) {
                deleteTree(all.get(i));
            }
        } catch (IOException e) {
            deleteQuietly(tmp); // a failed write (disk full) leaves no partial checkpoint behind
            throw new UncheckedIOException("could not write the checkpoint at step " + globalStep + " under " + root, e);
        }
        if (stopRequested) {
            throw new TrainingStoppedException(globalStep, policyAtStop == null ? null : policyAtStop.get());
        }
    }

    /**
     * Registers how to build the policy as it is at any moment (from the live networks), so that a requested stop
     * hands it out with its {@link TrainingStoppedException} and the command line saves it as the interrupted run's
     * model (as SB3's RL Zoo saves a model on Ctrl-C). A provider calls it once before its loop, with the same code
     * that builds the policy it returns at the end; one that does not leaves a stopped run without a model.
     */
    public void policyAtStop(java.util.function.Supplier<? extends Policy> policy) {
        Objects.requireNonNull(policy, "policy");
        if (root != null) { // none() is shared, and never stops
            this.policyAtStop = policy;
        }
    }

    /**
     * Deletes the hidden temporary directories that interrupted {@link #save}s and {@link #snapshot}s left under
     * {@code root} and its snapshots' directory (a process killed while writing); returns how many. Call it only while
     * no other process writes there.
     */
    public static int deleteInterruptedWrites(Path root) throws IOException {
        return deleteTemporaries(root) + deleteTemporaries(snapshotRoot(root));
    }

    private static int deleteTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> tmp;
        try (Stream<Path> s = Files.list(dir)) {
            tmp = s.filter(p -> p.getFileName().toString().startsWith("." + PREFIX)).toList();
        }
        for (Path p : tmp) {
            deleteTree(p);
        }
        return tmp.size();
    }

    /**
     * The newest checkpoint under {@code root}, verified, or empty when there is none (hidden temporary directories
     * of an interrupted write are ignored).
     *
     * @throws CorruptCheckpointException when the newest one is truncated or corrupt (the message names the file and
     *     the older checkpoint, if any, that could be used instead by deleting the newest)
     */
    public static Optional<Loaded> latest(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        List<Path> all = list(root);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path newest = all.get(all.size() - 1);
        try {
            return Optional.of(verify(newest));
        } catch (CorruptCheckpointException e) {
            String older = all.size() > 1 ? " An older checkpoint is " + all.get(all.size() - 2)
                    + "; delete " + newest + " to resume from it." : "";
            throw new CorruptCheckpointException(e.getMessage() + older);
        }
    }

    /** Reads and verifies one checkpoint directory: manifest checksum, then every file's size and CRC32C. */
    public static Loaded verify(Path dir) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new CorruptCheckpointException("checkpoint " + dir + " is incomplete: it has no " + MANIFEST);
        }
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        int last = text.lastIndexOf("crc32c ");
        if (!text.startsWith(FORMAT + "\n") || last < 0 || !text.endsWith("\n")) {
            throw new CorruptCheckpointException("checkpoint manifest " + manifest + " is truncated or not a Bellman"
                    + " checkpoint (expected '" + FORMAT + "' first and a crc32c line last)");
        }
        String body = text.substring(0, last);
        String stored = text.substring(last + "crc32c ".length()).strip();
        String actual = crc(body.getBytes(StandardCharsets.UTF_8));
        if (!stored.equals(actual)) {
            throw new CorruptCheckpointException("checkpoint manifest " + manifest + " is corrupt: its checksum is "
                    + stored + " but its content's is " + actual);
        }
        try {
            return parse(dir, body, manifest);
        } catch (RuntimeException e) { // a malformed line under a matching checksum: written by something else
            throw new CorruptCheckpointException("checkpoint manifest " + manifest + " is malformed: " + e);
        }
    }

    private static Loaded parse(Path dir, String body, Path manifest) throws IOException {
        long step = -1;
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            String[] p = line.split(" ");
            switch (p[0]) {
                case "global_step" -> step = Long.parseLong(p[1]);
                case "meta" -> meta.put(p[1], p[2]);
                case "file" -> {
                    Path f = dir.resolve(p[1]);
                    long bytes = Long.parseLong(p[2]);
                    if (!Files.isRegularFile(f)) {
                        throw new CorruptCheckpointException("checkpoint " + dir + " is incomplete: " + p[1] + " is missing");
                    }
                    if (Files.size(f) != bytes) {
                        throw new CorruptCheckpointException("checkpoint file " + f + " is truncated or corrupt: "
                                + Files.size(f) + " bytes but the manifest says " + bytes);
                    }
                    String c = crc32c(f);
                    if (!c.equals(p[3])) {
                        throw new CorruptCheckpointException("checkpoint file " + f + " is corrupt: CRC32C " + c
                                + " but the manifest says " + p[3]);
                    }
                }
                default -> { }
            }
        }
        if (step < 0) {
            throw new CorruptCheckpointException("checkpoint manifest " + manifest + " has no global_step");
        }
        return new Loaded(dir, step, meta);
    }

    /** Writes the state of every layer of {@code env} ({@link Snapshottable#snapshotChain}) to {@code env_state.txt}. */
    public static void saveEnvs(Path dir, Env<?, ?> env) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (long[] layer : Snapshottable.snapshotChain(env)) {
            sb.append("layer");
            for (long v : layer) {
                sb.append(' ').append(v);
            }
            sb.append('\n');
        }
        Files.writeString(dir.resolve(ENV_FILE), sb.toString(), StandardCharsets.UTF_8);
    }

    /** Puts back into {@code env} (made as the saved one was) what {@link #saveEnvs} wrote. */
    public static void restoreEnvs(Path dir, Env<?, ?> env) throws IOException {
        List<long[]> layers = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(ENV_FILE), StandardCharsets.UTF_8)) {
            String[] p = line.split(" ");
            long[] v = new long[p.length - 1];
            for (int i = 1; i < p.length; i++) {
                v[i - 1] = Long.parseLong(p[i]);
            }
            layers.add(v);
        }
        Snapshottable.restoreChain(env, layers);
    }

    /** A checkpoint that fails verification; the message names the file and what is wrong. */
    public static final class CorruptCheckpointException extends IOException {
        public CorruptCheckpointException(String message) {
            super(message);
        }
    }

    private static List<Path> list(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void checkToken(String s, String what) {
        if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("checkpoint " + what + " must be non-empty without spaces but was '" + s + "'");
        }
    }

    /** The CRC32C of a file's bytes as 8 hex digits, as checkpoint manifests (and model manifests) record it. */
    public static String crc32c(Path f) throws IOException {
        CRC32C c = new CRC32C();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                c.update(buf, 0, n);
            }
        }
        return HexFormat.of().toHexDigits((int) c.getValue());
    }

    private static String crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        return HexFormat.of().toHexDigits((int) c.getValue());
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
