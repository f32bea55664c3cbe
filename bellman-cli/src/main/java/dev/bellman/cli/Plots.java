package dev.bellman.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves from run directories: {@code charts/episodic_return} against {@code global_step},
 * each run smoothed over its last {@link ThresholdTracker#WINDOW} episodes, then the mean across runs
 * with a band of plus or minus one standard deviation, and the env's reward threshold as a dashed line.
 * Rendered headless with XChart.
 */
final class Plots {
    static final int GRID = 200;

    private Plots() {}

    /** One run's smoothed curve: steps ascending and the rolling mean return at each. */
    record Curve(long[] steps, double[] values) {
        /** The last value at or before {@code step}, NaN before the first episode or after the run's end. */
        double at(double step) {
            if (steps.length == 0 || step < steps[0] || step > steps[steps.length - 1]) {
                return Double.NaN;
            }
            int lo = 0;
            int hi = steps.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (steps[mid] <= step) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return values[lo];
        }
    }

    /** Reads and smooths {@code charts/episodic_return} from a run directory's metrics.csv. */
    static Curve readCurve(Path runDir) {
        return readCurve(runDir, warning -> {});
    }

    /**
     * One run's finished episodes in file order: the global step at which each ended and its return; and the largest
     * global step of any row (how far the run has logged).
     */
    record Episodes(long[] steps, double[] returns, long loggedTo) {
        /**
         * Each episode's return averaged with those of the episodes that ended in the {@code windowSteps} steps up to
         * it, {@code (step - windowSteps, step]}: a moving average over frames rather than over episodes.
         */
        Curve stepWindow(long windowSteps) {
            double[] values = new double[steps.length];
            int lo = 0;
            double sum = 0;
            for (int i = 0; i < steps.length; i++) {
                sum += returns[i];
                while (steps[lo] <= steps[i] - windowSteps) {
                    sum -= returns[lo++];
                }
                values[i] = sum / (i - lo + 1);
            }
            return new Curve(steps.clone(), values);
        }

        /**
         * Each episode's return averaged with those of the {@code n - 1} episodes before it, from the {@code n}-th
         * episode on: the moving average over episodes that the MinAtar README's learning curves plot ("moving average
         * of returns over 100 episodes"), with {@code numpy.convolve(..., 'valid')} as its {@code plot_return.py}, each
         * point at the step where its last episode ended. Empty when fewer than {@code n} episodes ended.
         */
        Curve episodeWindow(int n) {
            int points = Math.max(0, steps.length - n + 1);
            long[] at = new long[points];
            double[] values = new double[points];
            double sum = 0;
            for (int i = 0; i < steps.length; i++) {
                sum += returns[i];
                if (i >= n) {
                    sum -= returns[i - n];
                }
                if (i >= n - 1) {
                    at[i - n + 1] = steps[i];
                    values[i - n + 1] = sum / n;
                }
            }
            return new Curve(at, values);
        }

        /** The returns of the last {@code n} episodes (or fewer, if fewer ended) that ended by {@code end}. */
        double[] lastEndingBy(long end, int n) {
            int hi = 0;
            while (hi < steps.length && steps[hi] <= end) {
                hi++;
            }
            return Arrays.copyOfRange(returns, Math.max(0, hi - n), hi);
        }

        /** The returns of the episodes that ended in {@code (end - windowSteps, end]}. */
        double[] endingIn(long end, long windowSteps) {
            List<Double> in = new ArrayList<>();
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] > end - windowSteps && steps[i] <= end) {
                    in.add(returns[i]);
                }
            }
            return in.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** The last episode's step, 0 when none finished. */
        long lastStep() {
            return steps.length == 0 ? 0 : steps[steps.length - 1];
        }
    }

    /**
     * Reads and smooths {@code charts/episodic_return} from a run directory's metrics.csv over its last
     * {@link ThresholdTracker#WINDOW} episodes (see {@link #readEpisodes} for the checks).
     */
    static Curve readCurve(Path runDir, Consumer<String> warn) {
        Episodes e = readEpisodes(runDir, warn);
        double[] window = new double[ThresholdTracker.WINDOW];
        double[] values = new double[e.returns().length];
        double sum = 0;
        for (int n = 0; n < values.length; n++) {
            int slot = n % window.length;
            if (n >= window.length) {
                sum -= window[slot];
            }
            window[slot] = e.returns()[n];
            sum += e.returns()[n];
            values[n] = sum / Math.min(n + 1, window.length);
        }
        return new Curve(e.steps(), values);
    }

    /**
     * Reads {@code charts/episodic_return} and its global step from a run directory's metrics.csv. A row with a cell
     * count other than the header's, or a number that does not parse, is corruption (a {@link UserError} naming file
     * and line), except in the last line when it is incomplete (no newline at its end, or too few cells: a file cut
     * off while it was copied or written): that line is skipped, with a warning to {@code warn} naming file and line.
     */
    static Episodes readEpisodes(Path runDir, Consumer<String> warn) {
        return readColumn(runDir, "charts/episodic_return", warn);
    }

    /** As {@link #readEpisodes}, for any metric {@code key} of metrics.csv (none recorded: empty arrays). */
    static Episodes readColumn(Path runDir, String key, Consumer<String> warn) {
        Path csv = runDir.resolve(RunDir.METRICS);
        if (!Files.isRegularFile(csv)) {
            throw new UserError("run directory " + runDir + " has no " + RunDir.METRICS
                    + "; expected a directory written by 'bellman train'.");
        }
        List<String> lines;
        boolean endsWithNewline;
        try {
            String text = Files.readString(csv);
            endsWithNewline = text.isEmpty() || text.endsWith("\n");
            lines = text.lines().toList();
        } catch (IOException e) {
            throw new UserError(csv + " cannot be read: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith(CsvMetrics.STEP + ",")) {
            throw new UserError(csv + " is corrupt: its header must start with " + CsvMetrics.STEP + "," + CsvMetrics.WALL + ".");
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        int col = header.indexOf(key);
        List<Long> steps = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        long loggedTo = 0;
        if (col >= 0) {
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                boolean last = i == lines.size() - 1;
                if (last && (!endsWithNewline || cells.length < header.size())) {
                    warn.accept(csv + " line " + (i + 1) + " is incomplete (the file was cut off); skipped it");
                    continue;
                }
                if (cells.length != header.size()) {
                    throw new UserError(csv + " is corrupt at line " + (i + 1) + ": expected " + header.size()
                            + " comma-separated cells as in its header but found " + cells.length + ".");
                }
                try {
                    long step = Long.parseLong(cells[0]);
                    loggedTo = Math.max(loggedTo, step);
                    if (cells[col].isEmpty()) {
                        continue;
                    }
                    double v = Double.parseDouble(cells[col]);
                    steps.add(step);
                    returns.add(v);
                } catch (NumberFormatException e) {
                    throw new UserError(csv + " is corrupt at line " + (i + 1) + ": expected numbers but found '"
                            + lines.get(i) + "'.", e);
                }
            }
        }
        return new Episodes(steps.stream().mapToLong(Long::longValue).toArray(),
                returns.stream().mapToDouble(Double::doubleValue).toArray(), loggedTo);
    }

    /**
     * Draws the learning curve of {@code runDirs} into {@code out} (PNG, written atomically).
     *
     * @param threshold the env's reward threshold, or null for none
     */
    static void learningCurve(List<Path> runDirs, Path out, Double threshold, String title) throws IOException {
        learningCurve(runDirs, out, threshold, title, warning -> {});
    }

    /** As {@link #learningCurve(List, Path, Double, String)}, with warnings about skipped lines to {@code warn}. */
    static void learningCurve(List<Path> runDirs, Path out, Double threshold, String title, Consumer<String> warn)
            throws IOException {
        List<Curve> curves = new ArrayList<>();
        long maxStep = 0;
        for (Path d : runDirs) {
            Curve c = readCurve(d, warn);
            curves.add(c);
            if (c.steps().length > 0) {
                maxStep = Math.max(maxStep, c.steps()[c.steps().length - 1]);
            }
        }
        XYChart chart = chart(title, "global step", "episodic return (mean of last " + ThresholdTracker.WINDOW + ")");
        List<Double> xs = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        for (int g = 0; g <= GRID && maxStep > 0; g++) {
            double x = (double) maxStep * g / GRID;
            double s = 0;
            double s2 = 0;
            int n = 0;
            for (Curve c : curves) {
                double v = c.at(x);
                if (!Double.isNaN(v)) {
                    s += v;
                    s2 += v * v;
                    n++;
                }
            }
            if (n > 0) {
                double m = s / n;
                xs.add(x);
                mean.add(m);
                std.add(Math.sqrt(Math.max(0, s2 / n - m * m)));
            }
        }
        if (xs.isEmpty()) {
            chart.addSeries("no finished episodes", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        } else {
            if (curves.size() > 1) {
                int n = xs.size();
                double[] px = new double[2 * n];
                double[] py = new double[2 * n];
                for (int i = 0; i < n; i++) {
                    px[i] = xs.get(i);
                    py[i] = mean.get(i) + std.get(i);
                    px[2 * n - 1 - i] = xs.get(i);
                    py[2 * n - 1 - i] = mean.get(i) - std.get(i);
                }
                XYSeries band = chart.addSeries("+/- 1 std (" + curves.size() + " runs)", px, py);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setMarker(SeriesMarkers.NONE);
                band.setFillColor(new Color(31, 119, 180, 60));
                band.setLineColor(new Color(31, 119, 180, 60));
            }
            XYSeries m = chart.addSeries(curves.size() > 1 ? "mean of " + curves.size() + " runs" : "episodic return",
                    xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    mean.stream().mapToDouble(Double::doubleValue).toArray());
            m.setMarker(SeriesMarkers.NONE);
            m.setLineColor(new Color(31, 119, 180));
        }
        thresholdLineAndSave(chart, threshold, maxStep, out);
    }

    /** The metrics of a Connect Four alphazero run's solver measurement (SolverAccuracy) and their legends. */
    private static final List<String[]> SOLVER_SERIES = List.of(
            new String[] {"eval/solver_optimal_search", "search: optimal"},
            new String[] {"eval/solver_outcome_search", "search: keeps the outcome"},
            new String[] {"eval/solver_optimal_raw", "raw policy: optimal"},
            new String[] {"eval/solver_outcome_raw", "raw policy: keeps the outcome"});

    /**
     * Draws the learning curve of a game run measured against a solver during training ({@code solver-eval-positions}
     * of alphazero on Connect Four) into {@code out} (PNG, written atomically): the shares of its moves the solver
     * rates optimal and outcome-keeping, search and raw policy, against the global step. Returns false, drawing
     * nothing, when the run recorded none of them.
     */
    static boolean solverCurve(Path runDir, Path out, String title, Consumer<String> warn) throws IOException {
        XYChart chart = chart(title, "global step (positions)", "share of the solver-scored positions");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        for (String[] s : SOLVER_SERIES) {
            Episodes e = readColumn(runDir, s[0], warn);
            if (e.steps().length == 0) continue;
            double[] x = java.util.Arrays.stream(e.steps()).asDoubleStream().toArray();
            chart.addSeries(s[1], x, e.returns()).setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) return false;
        Files2.writeAtomically(out, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
        return true;
    }

    /**
     * Draws one curve per run into {@code out} (PNG, written atomically), each named after its directory: the
     * {@code charts/episodic_return} of its episodes smoothed by {@code smoothing} ({@link Episodes#stepWindow} over
     * global steps or {@link Episodes#episodeWindow} over episodes, the MinAtar README's curves).
     *
     * @param windowLabel what the smoothing averages over, for the axis title, e.g. "the last 100 episodes"
     * @param threshold the env's reward threshold, or null for none
     */
    static void eachRun(List<Path> runDirs, List<Episodes> runs, Function<Episodes, Curve> smoothing,
            String windowLabel, Path out, Double threshold, String title) throws IOException {
        XYChart chart = chart(title, "global step", "episodic return (mean over " + windowLabel + ")");
        long maxStep = 0;
        for (int r = 0; r < runs.size(); r++) {
            Curve c = smoothing.apply(runs.get(r));
            maxStep = Math.max(maxStep, runs.get(r).lastStep());
            Path dir = runDirs.get(r).toAbsolutePath().normalize();
            String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
            if (chart.getSeriesMap().containsKey(name)) {
                name = dir.toString();   // two runs in different parents with the same directory name
            }
            if (c.steps().length == 0) {
                continue;
            }
            // thin long runs to about 2,000 points per curve: a 1M-frame MinAtar run ends tens of thousands of episodes
            int stride = Math.max(1, c.steps().length / 2000);
            int n = (c.steps().length - 1) / stride + 1;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                int k = Math.min(c.steps().length - 1, i * stride);
                x[i] = c.steps()[k];
                y[i] = c.values()[k];
            }
            x[n - 1] = c.steps()[c.steps().length - 1];
            y[n - 1] = c.values()[c.values().length - 1];
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no finished episodes", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        thresholdLineAndSave(chart, threshold, maxStep, out);
    }

    /** A 900×540 chart in the style of every curve here: white, anti-aliased, legend lower right, steps as 1,000s. */
    static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        return chart;
    }

    /** The env's reward threshold as a dashed red line over [0, maxStep] (if known and steps exist), then the PNG. */
    private static void thresholdLineAndSave(XYChart chart, Double threshold, long maxStep, Path out) throws IOException {
        if (threshold != null && maxStep > 0) {
            XYSeries t = chart.addSeries("reward threshold " + CsvMetrics.format(threshold), new double[] {0, maxStep},
                    new double[] {threshold, threshold});
            t.setMarker(SeriesMarkers.NONE);
            t.setLineColor(new Color(214, 39, 40));
            t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        Files2.writeAtomically(out, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
    }
}
