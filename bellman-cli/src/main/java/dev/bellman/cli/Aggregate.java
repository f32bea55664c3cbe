package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Aggregates the {@code summary.json} of runs over seeds into the rows of {@code results.json} and the
 * Markdown table of {@code results.md} ({@code bellman bench learn}). Means and standard deviations are over
 * seeds (population std, as NumPy's {@code np.std}); the eval return of a seed is its mean greedy return.
 */
final class Aggregate {
    static final String MD = "results.md";
    static final String JSON = "results.json";

    private Aggregate() {}

    /** One row: the algorithm on the env over the runs whose summaries are given. */
    static Map<String, Object> row(String algo, String env, long budget, List<JsonNode> summaries, List<Path> dirs, Path root) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("algo", algo);
        row.put("env", env);
        row.put("total_timesteps", budget);
        row.put("runs", summaries.size());
        List<Long> seeds = new ArrayList<>();
        double[] evals = new double[summaries.size()];
        double[] walls = new double[summaries.size()];
        double[] sps = new double[summaries.size()];
        int nSps = 0;
        int reached = 0;
        double firstSum = 0;
        Double threshold = null;
        for (int i = 0; i < summaries.size(); i++) {
            JsonNode s = summaries.get(i);
            seeds.add(s.path("seed").asLong());
            evals[i] = s.path("eval").path("mean").asDouble(Double.NaN);
            walls[i] = s.path("wall_time_s").asDouble(Double.NaN);
            if (s.path("steps_per_second").isNumber()) {
                sps[nSps++] = s.get("steps_per_second").asDouble();
            }
            if (s.path("reward_threshold").isNumber()) {
                threshold = s.get("reward_threshold").asDouble();
            }
            if (s.path("first_step_at_threshold").isNumber()) {
                reached++;
                firstSum += s.get("first_step_at_threshold").asLong();
            }
        }
        row.put("seeds", seeds);
        row.put("eval_returns", evals);
        row.put("eval_mean", finite(mean(evals, evals.length)));
        row.put("eval_std", finite(std(evals)));
        row.put("wall_time_s_mean", finite(TrainCommand.round(mean(walls, walls.length))));
        row.put("steps_per_second_mean", nSps == 0 ? null : TrainCommand.round(mean(sps, nSps)));
        row.put("reward_threshold", threshold);
        row.put("threshold_reached", threshold == null ? null : reached);
        row.put("first_step_at_threshold_mean", reached == 0 ? null : firstSum / reached);
        row.put("run_dirs", dirs.stream().map(d -> root.relativize(d).toString()).toList());
        return row;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static double mean(double[] v, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        return s / n;
    }

    static double std(double[] v) {
        double m = mean(v, v.length);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return v.length == 0 ? Double.NaN : Math.sqrt(s / v.length);
    }

    /** The Markdown table of {@code results.md}. */
    static String markdown(List<Map<String, Object>> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| algo | env | eval return (mean ± std over seeds) | budget steps | wall time mean (s) | steps/s"
                + " | threshold reached | first step at threshold (mean) |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : rows) {
            int runs = (Integer) r.get("runs");
            Object t = r.get("reward_threshold");
            b.append("| ").append(r.get("algo")).append(" | ").append(r.get("env")).append(" | ");
            b.append(r.get("eval_mean") == null ? "-" : String.format(Locale.ROOT, "%.3f ± %.3f", (Double) r.get("eval_mean"),
                    (Double) r.get("eval_std")));
            b.append(" | ").append(r.get("total_timesteps"));
            b.append(" | ").append(r.get("wall_time_s_mean") == null ? "-"
                    : String.format(Locale.ROOT, "%.2f", (Double) r.get("wall_time_s_mean")));
            b.append(" | ").append(r.get("steps_per_second_mean") == null ? "-"
                    : String.format(Locale.ROOT, "%.0f", (Double) r.get("steps_per_second_mean")));
            b.append(" | ").append(t == null ? "- (no threshold)" : r.get("threshold_reached") + "/" + runs
                    + " (≥ " + CsvMetrics.format((Double) t) + ")");
            b.append(" | ").append(r.get("first_step_at_threshold_mean") == null ? "-"
                    : String.format(Locale.ROOT, "%.0f", (Double) r.get("first_step_at_threshold_mean")));
            b.append(" |");
            @SuppressWarnings("unchecked")
            List<String> errors = (List<String>) r.getOrDefault("errors", List.of());
            if (!errors.isEmpty()) {
                b.append(" ").append(errors.size()).append(" run(s) failed");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Writes {@code results.md} and {@code results.json} into {@code out}, atomically. */
    static void write(Path out, String suite, List<Long> seeds, List<Map<String, Object>> rows) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("bellman_version", Version.VERSION);
        doc.put("suite", suite);
        doc.put("seeds", seeds);
        doc.put("java_version", System.getProperty("java.version"));
        doc.put("available_processors", Runtime.getRuntime().availableProcessors());
        doc.put("rows", rows);
        Files2.writeJson(out.resolve(JSON), doc);
        String md = "# bellman bench learn: suite " + suite + ", seeds " + seeds + "\n\n"
                + "Eval: greedy episodes after training (mean over episodes per seed, then mean ± std over seeds)."
                + " Threshold: the mean of the last " + ThresholdTracker.WINDOW + " training episodes reaches the env's"
                + " reward threshold. Bellman " + Version.VERSION + ", Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " processors.\n\n" + markdown(rows);
        Files2.writeString(out.resolve(MD), md);
    }
}
