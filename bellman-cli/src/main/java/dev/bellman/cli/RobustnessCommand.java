package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.core.Evaluation;
import dev.bellman.env.Env;
import dev.bellman.env.HasPhysicalParameters;
import dev.bellman.env.PhysicalParameter;
import dev.bellman.env.wrappers.ParameterDistribution;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman robustness}: evaluates a trained run's greedy policy on a 1-D or 2-D grid of physical-parameter
 * values and writes the mean return of every cell (robustness.csv, robustness.json) and a line plot or heatmap
 * (robustness.png) with the training range marked: the nominal point, or the interval a {@code --randomize}d run
 * sampled from. Every cell is evaluated with the same seed, so cells differ only by the parameter values, and the cell
 * at the run's own parameter values is exactly what {@code bellman eval} with that seed reports.
 */
@Command(name = "robustness", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Evaluate a trained policy over a grid of physical-parameter values and plot the mean return.",
                "Example: bellman robustness --run-dir runs/ppo-CartPole-v1-s1 --param length=0.25:2:16"
                        + " --param masscart=0.5:3:16"})
final class RobustnessCommand implements Callable<Integer> {
    static final String CSV = "robustness.csv";
    static final String JSON = "robustness.json";
    static final String PNG = "robustness.png";

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "A directory written by 'bellman train'.")
    Path runDir;

    @Option(names = "--param", required = true, paramLabel = "NAME=START:STOP:COUNT",
            description = "A grid axis (once for a line, twice for a heatmap): COUNT values from START to STOP, evenly"
                    + " spaced, or evenly in log space with a log: prefix, e.g. length=0.25:2:16 or length=log:0.25:2:16.")
    List<String> params = new ArrayList<>();

    @Option(names = "--episodes", defaultValue = "10", paramLabel = "N",
            description = "Greedy episodes per cell (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of each cell's first reset (default: the run's seed + 1, as eval).")
    Long seed;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where to write the files (default: the run directory).")
    Path outDir;

    /** One grid axis. */
    record Axis(String name, double[] values, boolean log) {
        /** Parses {@code NAME=START:STOP:COUNT} or {@code NAME=log:START:STOP:COUNT}. */
        static Axis parse(String text) {
            String expected = "expected NAME=START:STOP:COUNT (e.g. length=0.25:2:16, or length=log:0.25:2:16)";
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--param '" + text + "' has no NAME=; " + expected + ".");
            }
            String name = text.substring(0, eq).strip();
            String rest = text.substring(eq + 1).strip();
            boolean log = rest.toLowerCase(Locale.ROOT).startsWith("log:");
            if (log) {
                rest = rest.substring(4);
            }
            String[] p = rest.split(":", -1);
            if (p.length != 3) {
                throw new UserError("--param '" + text + "' has " + p.length + " colon-separated fields; " + expected + ".");
            }
            double start;
            double stop;
            int count;
            try {
                start = Double.parseDouble(p[0].strip());
                stop = Double.parseDouble(p[1].strip());
            } catch (NumberFormatException e) {
                throw new UserError("--param '" + text + "': START and STOP must be numbers; " + expected + ".");
            }
            try {
                count = Integer.parseInt(p[2].strip());
            } catch (NumberFormatException e) {
                throw new UserError("--param '" + text + "': COUNT must be an integer but was '" + p[2].strip() + "'.");
            }
            if (count < 1 || count > 1000) {
                throw new UserError("--param '" + text + "': COUNT must be between 1 and 1000 but was " + count + ".");
            }
            if (!Double.isFinite(start) || !Double.isFinite(stop) || log && !(start > 0 && stop > 0)) {
                throw new UserError("--param '" + text + "': START and STOP must be finite" + (log ? " and positive for a"
                        + " log: axis" : "") + " but were " + start + " and " + stop + ".");
            }
            double[] v = new double[count];
            for (int i = 0; i < count; i++) {
                double f = count == 1 ? 0 : (double) i / (count - 1);
                v[i] = log ? Math.exp(Math.log(start) + f * (Math.log(stop) - Math.log(start))) : start + f * (stop - start);
            }
            if (count > 1) { // the ends exactly as given
                v[count - 1] = stop;
            }
            v[0] = start;
            return new Axis(name, v, log);
        }
    }

    /**
     * What the run was trained on along one axis: {@code low == high} for a fixed value (the nominal one, or the
     * run's --env-kwarg), else the randomized interval (mean ± 2 std for an untruncated normal).
     */
    record TrainingRange(double low, double high, String label) {}

    /** The grid's results: {@code mean[i][j]} for values {@code x[i]} and {@code y[j]} (one column for 1-D). */
    record Grid(List<Axis> axes, double[][] mean, double[][] std) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (params.isEmpty() || params.size() > 2) {
            throw new UserError("--param must be given once (a line) or twice (a heatmap) but was given " + params.size()
                    + " times.");
        }
        if (episodes <= 0) {
            throw new UserError("--episodes must be a positive integer but was " + episodes + ".");
        }
        if (seed != null && seed < 0) {
            throw new UserError("--seed must be a non-negative integer (as Gymnasium and NumPy require) but was " + seed + ".");
        }
        EvalCommand.Loaded run = EvalCommand.load(runDir);
        EvalCommand.noteIfStopped(spec.commandLine().getErr(), "robustness", run, runDir);
        List<Axis> axes = params.stream().map(Axis::parse).toList();
        if (axes.size() == 2 && axes.get(0).name().equals(axes.get(1).name())) {
            throw new UserError("--param names " + axes.get(0).name() + " twice; give two different parameters.");
        }
        List<PhysicalParameter> declared;
        try (Env<?, ?> env = EnvCatalog.make(run.envId(), run.envKwargs())) {
            declared = env.unwrapped() instanceof HasPhysicalParameters p ? p.declaredParameters() : List.of();
        }
        List<TrainingRange> ranges = new ArrayList<>();
        JsonNode cfg = Files.isRegularFile(runDir.resolve(RunDir.CONFIG)) ? RunDir.readJson(runDir, RunDir.CONFIG) : null;
        Map<String, String> randomized = cfg == null ? Map.of() : Randomization.fromConfig(cfg);
        for (Axis a : axes) {
            PhysicalParameter decl = declared.stream().filter(p -> p.name().equals(a.name())).findFirst()
                    .orElseThrow(() -> new UserError("--param " + a.name() + ": " + run.envId() + " declares no such"
                            + " physical parameter" + (declared.isEmpty() ? " (it declares none)." : "; it declares "
                            + HasPhysicalParameters.describe(declared) + ".")));
            for (double v : a.values()) {
                if (!decl.accepts(v)) {
                    throw new UserError("--param " + a.name() + " includes " + v + ", but " + a.name() + " ("
                            + decl.meaning() + ") must be " + (decl.positive() ? "positive" : "finite") + ".");
                }
            }
            ranges.add(trainingRange(decl, run.envKwargs(), randomized));
        }
        long s = seed != null ? seed : EvalCommand.evalSeed(run.seed());
        Grid grid = evaluate(run, axes, episodes, s, out);
        Path dir = outDir != null ? outDir : runDir;
        Files.createDirectories(dir);
        writeCsv(dir.resolve(CSV), grid);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("algo", run.algo());
        json.put("env", run.envId());
        json.put("env_kwargs", run.envKwargs());
        json.put("episodes_per_cell", episodes);
        json.put("seed", s);
        List<Map<String, Object>> axisJson = new ArrayList<>();
        for (int k = 0; k < axes.size(); k++) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", axes.get(k).name());
            a.put("values", axes.get(k).values());
            a.put("log", axes.get(k).log());
            a.put("training_low", ranges.get(k).low());
            a.put("training_high", ranges.get(k).high());
            a.put("training", ranges.get(k).label());
            axisJson.add(a);
        }
        json.put("axes", axisJson);
        json.put("mean", grid.mean());
        json.put("std", grid.std());
        Files2.writeJson(dir.resolve(JSON), json);
        String title = run.algo() + " on " + run.envId() + ": mean return over " + episodes + " episodes per cell";
        RobustnessPlot.write(dir.resolve(PNG), grid, ranges, title);
        out.printf(Locale.ROOT, "bellman robustness: %d cells -> %s, %s, %s%n", grid.mean().length * grid.mean()[0].length,
                dir.resolve(CSV), dir.resolve(JSON), dir.resolve(PNG));
        return 0;
    }

    static TrainingRange trainingRange(PhysicalParameter decl, Map<String, Object> envKwargs,
                                       Map<String, String> randomized) {
        String r = randomized.get(decl.name());
        if (r != null) {
            ParameterDistribution d = ParameterDistribution.parse(r);
            double[] range = d.range();
            if (d instanceof ParameterDistribution.Normal n && (Double.isInfinite(range[0]) || Double.isInfinite(range[1]))) {
                range = new double[] {Math.max(range[0], n.mean() - 2 * n.std()), Math.min(range[1], n.mean() + 2 * n.std())};
            }
            return new TrainingRange(range[0], range[1], "randomized " + d);
        }
        Object fixed = envKwargs.get(decl.name());
        double v = fixed instanceof Number n ? n.doubleValue() : decl.nominal();
        return new TrainingRange(v, v, (fixed instanceof Number ? "fixed " : "nominal ") + ValueHeatmap.format(v));
    }

    /** Every cell: the env made with the run's kwargs and the cell's values, evaluated from {@code seed}. */
    static Grid evaluate(EvalCommand.Loaded run, List<Axis> axes, int episodes, long seed, PrintWriter out) {
        Axis x = axes.get(0);
        Axis y = axes.size() > 1 ? axes.get(1) : null;
        int ny = y == null ? 1 : y.values().length;
        double[][] mean = new double[x.values().length][ny];
        double[][] std = new double[x.values().length][ny];
        for (int i = 0; i < x.values().length; i++) {
            for (int j = 0; j < ny; j++) {
                Map<String, Object> kwargs = new LinkedHashMap<>(run.envKwargs());
                kwargs.put(x.name(), x.values()[i]);
                if (y != null) {
                    kwargs.put(y.name(), y.values()[j]);
                }
                try (Env<?, ?> env = EnvCatalog.make(run.envId(), kwargs)) {
                    Evaluation.Result r = Evaluation.evaluate(env, run.policy(), episodes, seed);
                    mean[i][j] = r.mean();
                    std[i][j] = r.std();
                }
            }
            if (out != null && y != null) {
                out.printf(Locale.ROOT, "bellman robustness: %s=%s done (%d of %d rows)%n", x.name(),
                        ValueHeatmap.format(x.values()[i]), i + 1, x.values().length);
                out.flush();
            }
        }
        return new Grid(axes, mean, std);
    }

    private static void writeCsv(Path file, Grid grid) throws IOException {
        StringBuilder sb = new StringBuilder();
        Axis x = grid.axes().get(0);
        Axis y = grid.axes().size() > 1 ? grid.axes().get(1) : null;
        sb.append(x.name()).append(y == null ? "" : "," + y.name()).append(",mean_return,std_return\n");
        for (int i = 0; i < x.values().length; i++) {
            for (int j = 0; j < grid.mean()[i].length; j++) {
                sb.append(x.values()[i]);
                if (y != null) {
                    sb.append(',').append(y.values()[j]);
                }
                sb.append(',').append(grid.mean()[i][j]).append(',').append(grid.std()[i][j]).append('\n');
            }
        }
        Files2.writeString(file, sb.toString());
    }
}
