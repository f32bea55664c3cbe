package dev.bellman.cli;

import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Episode;
import dev.bellman.core.demos.Recorder;
import dev.bellman.env.Env;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning curve of an imitation run against its two reference returns, {@value #FILE} in the run directory: the
 * expert's (the mean return of the demonstration episodes the run was given) and a uniformly random policy's (the mean
 * over {@value #RANDOM_EPISODES} episodes on the run's env, seed 0). The curve is {@code charts/episodic_return} (mean of the
 * last {@link ThresholdTracker#WINDOW} training episodes) against the global step where the run steps an env (DAgger,
 * GAIL, AIRL), and {@code charts/greedy_return} (greedy evaluations during training: BC per epoch, DAgger per round)
 * as points, and the final greedy evaluation as one point at the end. The same references give the normalised score of {@code summary.json}: (R − R_random) / (R_expert −
 * R_random), as the {@code imitation} library reports it (1 = the expert, 0 = random).
 */
final class ImitationCurve {
    /** The file in the run directory. */
    static final String FILE = "learning_curve_vs_expert.png";
    static final int RANDOM_EPISODES = 100;

    private ImitationCurve() {}

    /** The two reference returns. */
    record References(double expert, int expertEpisodes, double random) {
        /** (r − random) / (expert − random); NaN when the two references coincide. */
        double normalized(double r) {
            return expert == random ? Double.NaN : (r - random) / (expert - random);
        }
    }

    /**
     * The demonstrations' mean return and a random policy's on {@code envId}: {@value #RANDOM_EPISODES} episodes, the
     * first reset and the action sampler seeded with 0, so every run on the env shares the reference.
     */
    static References references(Dataset demos, String envId, Map<String, Object> envKwargs) {
        long seed = 0;
        double expert = 0;
        for (Episode e : demos.episodes()) expert += e.episodeReturn();
        expert /= Math.max(1, demos.totalEpisodes());
        double random = 0;
        try (Env<?, ?> env = EnvCatalog.make(envId, envKwargs)) {
            env.actionSpace().seed(seed);
            List<Episode> eps = Recorder.record(env, obs -> env.actionSpace().sample(), RANDOM_EPISODES, seed, 0);
            for (Episode e : eps) random += e.episodeReturn();
            random /= eps.size();
        }
        return new References(expert, demos.totalEpisodes(), random);
    }

    /** The summary's {@code vs_expert} entry: both references and the greedy evaluation's normalised score. */
    static Map<String, Object> summary(References refs, dev.bellman.core.Evaluation.Result eval) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("expert_return", refs.expert());
        m.put("expert_episodes", refs.expertEpisodes());
        m.put("random_return", refs.random());
        m.put("random_episodes", RANDOM_EPISODES);
        double score = eval == null ? Double.NaN : refs.normalized(eval.mean());
        m.put("normalized_score", Double.isNaN(score) ? null : score);
        return m;
    }

    /**
     * Draws {@value #FILE} into {@code runDir} from its metrics.csv and {@code refs}, with the final greedy evaluation
     * {@code eval} (null: none) as one point at the last step.
     */
    static void draw(Path runDir, References refs, dev.bellman.core.Evaluation.Result eval, String title)
            throws IOException {
        Plots.Curve training = Plots.readCurve(runDir);
        List<double[]> greedy = column(runDir.resolve(RunDir.METRICS), "charts/greedy_return");
        boolean stepping = training.steps().length > 0;
        double maxX = 0;
        if (stepping) maxX = training.steps()[training.steps().length - 1];
        for (double[] p : greedy) maxX = Math.max(maxX, p[0]);
        if (maxX == 0) maxX = 1;
        XYChart chart = Plots.chart(title, stepping ? "global step (env steps)" : "global step (epoch)", "return");
        if (stepping) {
            double[] xs = new double[training.steps().length];
            for (int i = 0; i < xs.length; i++) xs[i] = training.steps()[i];
            XYSeries s = chart.addSeries("training episodes (mean of last " + ThresholdTracker.WINDOW + ")", xs,
                    training.values());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(31, 119, 180));
        }
        if (!greedy.isEmpty()) {
            double[] xs = new double[greedy.size()], ys = new double[greedy.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = greedy.get(i)[0];
                ys[i] = greedy.get(i)[1];
            }
            XYSeries s = chart.addSeries("greedy evaluation", xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(44, 160, 44));
            s.setLineColor(new Color(44, 160, 44));
        }
        if (eval != null) {
            XYSeries s = chart.addSeries(String.format(java.util.Locale.ROOT, "final greedy evaluation %.1f (%d episodes)",
                    eval.mean(), eval.episodes()), new double[] {maxX}, new double[] {eval.mean()});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(new Color(148, 103, 189));
        }
        if (!stepping && greedy.isEmpty() && eval == null) {
            chart.addSeries("no returns recorded", new double[] {0}, new double[] {refs.random()})
                    .setMarker(SeriesMarkers.NONE);
        }
        reference(chart, String.format(java.util.Locale.ROOT, "expert %.1f (%d demonstration episodes)", refs.expert(),
                refs.expertEpisodes()), refs.expert(), maxX, new Color(214, 39, 40));
        reference(chart, String.format(java.util.Locale.ROOT, "random %.1f (%d episodes)", refs.random(),
                RANDOM_EPISODES), refs.random(), maxX, Color.GRAY);
        Files2.writeAtomically(runDir.resolve(FILE), os -> BitmapEncoder.saveBitmap(chart, os,
                BitmapEncoder.BitmapFormat.PNG));
    }

    private static void reference(XYChart chart, String name, double y, double maxX, Color color) {
        XYSeries t = chart.addSeries(name, new double[] {0, maxX}, new double[] {y, y});
        t.setMarker(SeriesMarkers.NONE);
        t.setLineColor(color);
        t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }

    /** (step, value) of every non-empty cell of {@code name} in a metrics.csv, in file order; empty if no column. */
    static List<double[]> column(Path csv, String name) throws IOException {
        List<double[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) return out;
        List<String> header = List.of(lines.get(0).split(",", -1));
        int col = header.indexOf(name);
        if (col < 0) return out;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.size() || cells[col].isEmpty()) continue; // Plots.readCurve reports corruption
            out.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[col])});
        }
        return out;
    }
}
