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
 * each {@link #flush()}.
 */
final class CsvMetrics implements MetricsSink {
    static final String STEP = "global_step";
    static final String WALL = "wall_time_s";

    private final Path file;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Set<String> keys = new LinkedHashSet<>();
    private final List<Row> rows = new ArrayList<>();
    private Row current;

    private record Row(long step, double wallTime, Map<String, Double> values) {}

    CsvMetrics(Path file, LongSupplier nanoClock) {
        this.file = file;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void record(long globalStep, String key, double value) {
        if (current == null || current.step != globalStep || current.values.containsKey(key)) {
            current = new Row(globalStep, (nanoClock.getAsLong() - startNanos) / 1e9, new LinkedHashMap<>());
            rows.add(current);
        }
        keys.add(key);
        current.values.put(key, value);
    }

    int rowCount() {
        return rows.size();
    }

    /** Writes the whole file atomically. */
    void flush() throws IOException {
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
