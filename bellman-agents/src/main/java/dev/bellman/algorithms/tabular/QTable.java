package dev.bellman.algorithms.tabular;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * A table of action values Q(s, a) over {@code numStates × numActions}, with its greedy policy and a file format.
 *
 * <h2>File format ({@code bellman-qtable 1})</h2>
 * UTF-8 text, lines ending in {@code \n}:
 * <pre>
 *   bellman-qtable 1
 *   states 16
 *   actions 4
 *   0.0 0.5904900000000002 0.0 0.0        ← one line per state s = 0, 1, …: Q(s, 0) … Q(s, numActions − 1),
 *   …                                        separated by one space, each in Java's {@link Double#toString}
 *   crc32 1a2b3c4d                         ← CRC-32 (lower-case hex, as java.util.zip.CRC32) of every byte above
 * </pre>
 * Values round-trip exactly. {@link #save} writes a temporary file in the target's directory and renames it over
 * the target (atomically where the file system allows), so a reader never sees a half-written table.
 * {@link #load} rejects with {@link CorruptTableException} a file with a wrong header, wrong counts, a value that is
 * not a finite number, a missing or mismatched checksum, or trailing bytes.
 */
public final class QTable {
    static final String MAGIC = "bellman-qtable 1";

    private final int numStates;
    private final int numActions;
    private final double[] q;

    /** A zero table. */
    public QTable(int numStates, int numActions) {
        if (numStates <= 0) throw new IllegalArgumentException("numStates must be positive but was " + numStates);
        if (numActions <= 0) throw new IllegalArgumentException("numActions must be positive but was " + numActions);
        this.numStates = numStates;
        this.numActions = numActions;
        this.q = new double[numStates * numActions];
    }

    /** A table holding a copy of {@code values[s][a]}. */
    public static QTable of(double[][] values) {
        if (values == null || values.length == 0 || values[0] == null || values[0].length == 0) {
            throw new IllegalArgumentException("values must be a non-empty [states][actions] array");
        }
        QTable t = new QTable(values.length, values[0].length);
        for (int s = 0; s < values.length; s++) {
            if (values[s] == null || values[s].length != t.numActions) {
                throw new IllegalArgumentException("values[" + s + "] must have " + t.numActions + " actions but had "
                        + (values[s] == null ? "null" : values[s].length));
            }
            System.arraycopy(values[s], 0, t.q, s * t.numActions, t.numActions);
        }
        return t;
    }

    /** A table with every entry set to {@code value} (optimistic initialisation, §2.6). */
    public static QTable filled(int numStates, int numActions, double value) {
        QTable t = new QTable(numStates, numActions);
        java.util.Arrays.fill(t.q, value);
        return t;
    }

    public int numStates() {
        return numStates;
    }

    public int numActions() {
        return numActions;
    }

    public double get(int s, int a) {
        return q[s * numActions + a];
    }

    public void set(int s, int a, double value) {
        q[s * numActions + a] = value;
    }

    /** max_a Q(s, a). */
    public double max(int s) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = s * numActions, end = i + numActions; i < end; i++) best = Math.max(best, q[i]);
        return best;
    }

    /** argmax_a Q(s, a), ties (within 1e-9) to the lowest index as NumPy's argmax. */
    public int greedyAction(int s) {
        double best = max(s);
        int base = s * numActions;
        for (int a = 0; a < numActions; a++) if (q[base + a] >= best - Greedy.TIE_TOLERANCE) return a;
        return 0;
    }

    /** The greedy policy, one action per state. */
    public int[] greedyPolicy() {
        int[] pi = new int[numStates];
        for (int s = 0; s < numStates; s++) pi[s] = greedyAction(s);
        return pi;
    }

    /** V(s) = max_a Q(s, a) for every state. */
    public double[] stateValues() {
        double[] v = new double[numStates];
        for (int s = 0; s < numStates; s++) v[s] = max(s);
        return v;
    }

    /** A copy as {@code [s][a]}. */
    public double[][] toArray() {
        double[][] out = new double[numStates][numActions];
        for (int s = 0; s < numStates; s++) System.arraycopy(q, s * numActions, out[s], 0, numActions);
        return out;
    }

    /** An independent copy. */
    public QTable copy() {
        QTable t = new QTable(numStates, numActions);
        System.arraycopy(q, 0, t.q, 0, q.length);
        return t;
    }


    /** Evaluates the greedy policy on {@code env} over {@code episodes} seeded episodes ({@link Evaluation#run}). */
    public Evaluation.Result evaluate(dev.bellman.env.Env<Integer, Integer> env, int episodes, long seed) {
        return Evaluation.run(env, greedyPolicy(), episodes, seed);
    }

    // ---- file format ----

    /** The file's text (without the checksum line). */
    private String body() {
        StringBuilder sb = new StringBuilder(q.length * 20);
        sb.append(MAGIC).append('\n');
        sb.append("states ").append(numStates).append('\n');
        sb.append("actions ").append(numActions).append('\n');
        for (int s = 0; s < numStates; s++) {
            for (int a = 0; a < numActions; a++) {
                if (a > 0) sb.append(' ');
                sb.append(q[s * numActions + a]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return String.format("%08x", crc.getValue());
    }

    /** Writes the table to {@code path} atomically (temporary file in the same directory, then rename). */
    public void save(Path path) throws IOException {
        byte[] body = body().getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("crc32 " + crc(body, body.length) + "\n").getBytes(StandardCharsets.UTF_8);
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
        try {
            byte[] all = new byte[body.length + tail.length];
            System.arraycopy(body, 0, all, 0, body.length);
            System.arraycopy(tail, 0, all, body.length, tail.length);
            try {
                Files.write(tmp, all);
            } catch (FileSystemException e) {
                throw e;
            } catch (IOException e) { // "No space left on device" names no file: name the target
                FileSystemException named = new FileSystemException(path.toString(), null, e.getMessage());
                named.initCause(e);
                throw named;
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a table written by {@link #save}.
     *
     * @throws CorruptTableException when the file is not a valid, intact {@code bellman-qtable 1} file
     * @throws IOException when it cannot be read
     */
    public static QTable load(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith(MAGIC + "\n")) {
            throw new CorruptTableException(path, "does not start with the header line '" + MAGIC + "'");
        }
        if (!text.endsWith("\n")) throw new CorruptTableException(path, "is truncated (no final newline)");
        int lastLineStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        String last = text.substring(lastLineStart, text.length() - 1);
        if (!last.startsWith("crc32 ")) {
            throw new CorruptTableException(path, "is truncated or damaged: the last line must be 'crc32 <hex>' but was '"
                    + abbreviate(last) + "'");
        }
        int bodyBytes = text.substring(0, lastLineStart).getBytes(StandardCharsets.UTF_8).length;
        String expected = crc(bytes, bodyBytes);
        if (!last.substring(6).equals(expected)) {
            throw new CorruptTableException(path, "checksum mismatch: file says " + abbreviate(last.substring(6))
                    + " but the content hashes to " + expected);
        }
        String[] lines = text.substring(0, lastLineStart).split("\n", -1);
        // lines: header, states, actions, rows..., "" (after the final newline)
        int numStates = parseCount(path, lines, 1, "states");
        int numActions = parseCount(path, lines, 2, "actions");
        if (lines.length != 3 + numStates + 1) {
            throw new CorruptTableException(path, "declares " + numStates + " states but holds " + (lines.length - 4)
                    + " rows");
        }
        QTable t = new QTable(numStates, numActions);
        for (int s = 0; s < numStates; s++) {
            String[] parts = lines[3 + s].split(" ", -1);
            if (parts.length != numActions) {
                throw new CorruptTableException(path, "row of state " + s + " has " + parts.length + " values but "
                        + numActions + " actions are declared");
            }
            for (int a = 0; a < numActions; a++) {
                double v;
                try {
                    v = Double.parseDouble(parts[a]);
                } catch (NumberFormatException e) {
                    throw new CorruptTableException(path, "Q(" + s + ", " + a + ") is not a number: '" + abbreviate(parts[a]) + "'");
                }
                if (!Double.isFinite(v)) {
                    throw new CorruptTableException(path, "Q(" + s + ", " + a + ") is not finite: " + v);
                }
                t.q[s * numActions + a] = v;
            }
        }
        return t;
    }

    private static int parseCount(Path path, String[] lines, int index, String key) throws CorruptTableException {
        if (lines.length <= index || !lines[index].startsWith(key + " ")) {
            throw new CorruptTableException(path, "line " + (index + 1) + " must be '" + key + " <count>'");
        }
        try {
            int n = Integer.parseInt(lines[index].substring(key.length() + 1));
            if (n <= 0) throw new CorruptTableException(path, key + " must be positive but was " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new CorruptTableException(path, "line " + (index + 1) + " must be '" + key + " <count>' but was '"
                    + abbreviate(lines[index]) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Thrown by {@link #load} for a file that is not an intact Q-table. */
    public static final class CorruptTableException extends IOException {
        public CorruptTableException(Path path, String reason) {
            super("corrupt Q-table file " + path + ": " + reason);
        }
    }

    @Override
    public String toString() {
        return "QTable[" + numStates + " states x " + numActions + " actions]";
    }
}
