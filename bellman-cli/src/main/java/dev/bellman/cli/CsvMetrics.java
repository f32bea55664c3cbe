package dev.bellman.cli;

import dev.bellman.core.MetricsSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A {@link MetricsSink} that keeps the metrics as rows and writes them to {@code metrics.csv}.
 *
 * <p>Columns: {@code global_step}, {@code wall_time_s} (seconds since training began, at the first
 * value of the row), then each metric key in the order it first appeared. One row per logged step; a
 * key logged twice at the same step (two episodes ending together) starts a second row with the same
 * step. Empty cells where a row has no value for a key. The file is rewritten whole, atomically, on
 * each {@link #flush()}: at every checkpoint, at the end, and while training at most every
 * {@link #FLUSH_INTERVAL_S} seconds, so a long run's progress can be read (and plotted) as it goes.
 */
final class CsvMetrics implements MetricsSink {
    static final String STEP = "global_step";
    static final String WALL = "wall_time_s";
    /** Seconds between the flushes that {@link #record} makes on its own. */
    static final double FLUSH_INTERVAL_S = 10;

    private final Path file;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Set<String> keys = new LinkedHashSet<>();
    private final List<Row> rows = new ArrayList<>();
    private Row current;
    private double lastFlush;

    private record Row(long step, double wallTime, Map<String, Double> values) {}

    private final double wallOffset;

    CsvMetrics(Path file, LongSupplier nanoClock) {
        this(file, nanoClock, 0);
    }

    private CsvMetrics(Path file, LongSupplier nanoClock, double wallOffset) {
        this.file = file;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.wallOffset = wallOffset;
        this.lastFlush = wallOffset;
    }

    /**
     * Continues a resumed run: keeps the first {@code rows} rows of the existing file (those recorded up to the
     * checkpoint; later ones are recorded again) and counts wall time on from {@code wallOffset} seconds. A missing
     * file with {@code rows == 0} starts empty.
     *
     * @throws UserError when the file has fewer rows than the checkpoint says were written, or does not parse
     */
    static CsvMetrics resume(Path file, long rows, double wallOffset, LongSupplier nanoClock) throws IOException {
        CsvMetrics csv = new CsvMetrics(file, nanoClock, wallOffset);
        if (rows == 0) {
            return csv;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new UserError(file + " is missing, but the checkpoint says " + rows + " rows had been written.");
        }
        List<String> lines = java.nio.file.Files.readAllLines(file);
        if (lines.size() - 1 < rows) {
            throw new UserError(file + " has " + Math.max(0, lines.size() - 1) + " rows, but the checkpoint says " + rows
                    + " had been written; it was truncated or edited.");
        }
        List<String> header = split(lines.get(0));
        if (header.size() < 2 || !header.get(0).equals(STEP) || !header.get(1).equals(WALL)) {
            throw new UserError(file + " is corrupt: its header must start with " + STEP + "," + WALL);
        }
        Set<String> used = new LinkedHashSet<>();
        for (int i = 1; i <= rows; i++) {
            List<String> cells = split(lines.get(i));
            if (cells.size() != header.size()) {
                throw new UserError(file + " is corrupt: line " + (i + 1) + " has " + cells.size() + " cells, the header "
                        + header.size());
            }
            try {
                Map<String, Double> values = new LinkedHashMap<>();
                for (int c = 2; c < cells.size(); c++) {
                    if (!cells.get(c).isEmpty()) {
                        values.put(header.get(c), Double.parseDouble(cells.get(c)));
                        used.add(header.get(c));
                    }
                }
                csv.rows.add(new Row(Long.parseLong(cells.get(0)), Double.parseDouble(cells.get(1)), values));
            } catch (NumberFormatException e) {
                throw new UserError(file + " is corrupt: line " + (i + 1) + " has a value that is not a number ("
                        + e.getMessage() + ")");
            }
        }
        for (String k : header.subList(2, header.size())) { // header order is first-seen order
            if (used.contains(k)) {
                csv.keys.add(k);
            }
        }
        return csv;
    }

    /** Feeds the rows kept so far, in order, to a tracker that rebuilds its state from them. */
    void replay(ThresholdTracker tracker) {
        for (Row r : rows) {
            r.values.forEach((k, v) -> tracker.record(r.step, k, v, r.wallTime));
        }
    }

    /** Replays the kept rows (a resumed run's earlier segments) into {@code sink}, in order. */
    void replay(MetricsSink sink) {
        for (Row r : rows) {
            r.values.forEach((k, v) -> sink.record(r.step, k, v));
        }
    }

    /** Seconds of training so far, resumed segments included. */
    double wallTime() {
        return wallOffset + (nanoClock.getAsLong() - startNanos) / 1e9;
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    @Override
    public void record(long globalStep, String key, double value) {
        if (current == null || current.step != globalStep || current.values.containsKey(key)) {
            current = new Row(globalStep, wallTime(), new LinkedHashMap<>());
            rows.add(current);
        }
        keys.add(key);
        current.values.put(key, value);
        if (current.wallTime - lastFlush >= FLUSH_INTERVAL_S) {
            try {
                flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not write " + file, e);
            }
        }
    }

    int rowCount() {
        return rows.size();
    }

    /** Writes the whole file atomically. */
    void flush() throws IOException {
        lastFlush = wallTime();
        StringBuilder sb = new StringBuilder(64 + rows.size() * 32);
        sb.append(STEP).append(',').append(WALL);
        for (String k : keys) {
            sb.append(',').append(escape(k));
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append(r.step).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", r.wallTime));
            for (String k : keys) {
                sb.append(',');
                Double v = r.values.get(k);
                if (v != null) {
                    sb.append(format(v));
                }
            }
            sb.append('\n');
        }
        Files2.writeString(file, sb.toString());
    }

    /** Integral values without a fraction ("1" not "1.0"); others in Java's shortest round-trip form. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escape(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
