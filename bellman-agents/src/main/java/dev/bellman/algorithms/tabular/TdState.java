package dev.bellman.algorithms.tabular;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a TD learner ({@link QLearning}, {@link Sarsa}, {@link ExpectedSarsa}) needs to continue a run exactly
 * from environment step {@code timestep}: the table, the exploration generator, the loop's current state (and, for
 * SARSA, its already-chosen action), and the episodes so far. The env's own state (its generator, its current state,
 * its time limit) is not here: the caller owns the env and captures it in the same callback
 * ({@code Snapshottable.snapshotChain}).
 *
 * <p>Files ({@link #save}): {@code q_table.txt} (the {@link QTable} format) and {@code td_state.txt}, UTF-8 lines
 * {@code name value ...} (integers in decimal, doubles in Java's round-trip {@link Double#toString} form):
 * {@code format bellman-td-state 1}, {@code timestep}, {@code rng} (6 longs), {@code state}, {@code action},
 * {@code current_return}, {@code current_length}, {@code episode_returns ...}, {@code episode_lengths ...}.
 *
 * @param timestep the loop index t of the next step to take (steps taken so far)
 * @param q the action values (a copy)
 * @param rng the exploration generator's state ({@code Rng.state()})
 * @param state the env state S the next step starts from
 * @param action SARSA's action A already chosen in S (-1 for the other learners)
 * @param episodeReturns returns of the episodes completed so far
 * @param episodeLengths their lengths
 * @param currentReturn undiscounted reward so far of the running episode
 * @param currentLength steps so far of the running episode
 */
public record TdState(long timestep, QTable q, long[] rng, int state, int action, double[] episodeReturns,
                      int[] episodeLengths, double currentReturn, int currentLength) {
    static final String FORMAT = "bellman-td-state 1";
    static final String STATE_FILE = "td_state.txt";
    static final String Q_FILE = "q_table.txt";

    public TdState {
        if (timestep < 0) throw new IllegalArgumentException("timestep must be >= 0 but was " + timestep);
        if (q == null) throw new IllegalArgumentException("q must not be null");
        if (rng == null || rng.length != 6) {
            throw new IllegalArgumentException("rng must be 6 longs (Rng.state()) but was " + Arrays.toString(rng));
        }
        if (state < 0 || state >= q.numStates()) {
            throw new IllegalArgumentException("state must be in [0, " + q.numStates() + ") but was " + state);
        }
        if (action < -1 || action >= q.numActions()) {
            throw new IllegalArgumentException("action must be in [-1, " + q.numActions() + ") but was " + action);
        }
        if (episodeReturns == null || episodeLengths == null || episodeReturns.length != episodeLengths.length) {
            throw new IllegalArgumentException("episodeReturns and episodeLengths must have the same length");
        }
        if (currentLength < 0) throw new IllegalArgumentException("currentLength must be >= 0 but was " + currentLength);
        rng = rng.clone();
        episodeReturns = episodeReturns.clone();
        episodeLengths = episodeLengths.clone();
    }

    /** Writes {@code q_table.txt} and {@code td_state.txt} into {@code directory} (which exists), each atomically. */
    public void save(Path directory) throws IOException {
        q.save(directory.resolve(Q_FILE));
        Path target = directory.resolve(STATE_FILE);
        Path tmp = Files.createTempFile(directory, "." + STATE_FILE + ".", ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("format " + FORMAT + "\n");
                w.write("timestep " + timestep + "\n");
                w.write("rng");
                for (long v : rng) w.write(" " + v);
                w.write("\nstate " + state + "\n");
                w.write("action " + action + "\n");
                w.write("current_return " + currentReturn + "\n");
                w.write("current_length " + currentLength + "\n");
                w.write("episode_returns");
                for (double v : episodeReturns) w.write(" " + v);
                w.write("\nepisode_lengths");
                for (int v : episodeLengths) w.write(" " + v);
                w.write("\n");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads what {@link #save} wrote.
     *
     * @throws QTable.CorruptTableException when the table is corrupt; {@link CorruptStateException} when the state file
     *     misses a line, has a malformed value or the wrong format
     */
    public static TdState load(Path directory) throws IOException {
        QTable q = QTable.load(directory.resolve(Q_FILE));
        Path file = directory.resolve(STATE_FILE);
        Map<String, String[]> lines = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.isEmpty() ? new String[0] : line.split(" ", -1);
            if (parts.length > 0) lines.put(parts[0], Arrays.copyOfRange(parts, 1, parts.length));
        }
        try {
            if (!Arrays.equals(lines.get("format"), FORMAT.split(" "))) {
                throw new CorruptStateException(file, "the first line must be 'format " + FORMAT + "'");
            }
            long[] rng = Arrays.stream(need(lines, "rng", file)).mapToLong(Long::parseLong).toArray();
            double[] returns = Arrays.stream(need(lines, "episode_returns", file)).mapToDouble(Double::parseDouble).toArray();
            int[] lengths = Arrays.stream(need(lines, "episode_lengths", file)).mapToInt(Integer::parseInt).toArray();
            return new TdState(Long.parseLong(one(lines, "timestep", file)), q, rng,
                    Integer.parseInt(one(lines, "state", file)), Integer.parseInt(one(lines, "action", file)), returns,
                    lengths, Double.parseDouble(one(lines, "current_return", file)),
                    Integer.parseInt(one(lines, "current_length", file)));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new CorruptStateException(file, e.getMessage());
        }
    }

    private static String[] need(Map<String, String[]> lines, String name, Path file) throws IOException {
        String[] v = lines.get(name);
        if (v == null) throw new CorruptStateException(file, "it has no '" + name + "' line");
        return v;
    }

    private static String one(Map<String, String[]> lines, String name, Path file) throws IOException {
        String[] v = need(lines, name, file);
        if (v.length != 1) {
            throw new CorruptStateException(file, "line '" + name + "' must have one value but had "
                    + List.of(v).size());
        }
        return v[0];
    }

    /** Checks that this state can continue a run of {@code config} on an env with these sizes. */
    void checkFits(int numStates, int numActions, TdConfig config) {
        if (q.numStates() != numStates || q.numActions() != numActions) {
            throw new IllegalArgumentException("the saved table is " + q.numStates() + " states x " + q.numActions()
                    + " actions but the env has " + numStates + " x " + numActions);
        }
        if (timestep > config.totalTimesteps()) {
            throw new IllegalArgumentException("the saved state is at step " + timestep + ", past the run's totalTimesteps "
                    + config.totalTimesteps());
        }
    }

    /** A state file that cannot be read back: the message names the file and what is wrong. */
    public static final class CorruptStateException extends IOException {
        public CorruptStateException(Path path, String reason) {
            super("corrupt TD state file " + path + ": " + reason);
        }
    }

    /** Number of completed episodes. */
    public int episodes() {
        return episodeReturns.length;
    }
}
