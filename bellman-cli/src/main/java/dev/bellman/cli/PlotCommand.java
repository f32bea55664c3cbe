package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bellman plot}: learning curves of one or more runs (mean and std across runs), or with {@code --each} one
 * curve per run smoothed over a window of steps or of episodes, with a table of each run's training return at the
 * window's end and its greedy evaluation.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Plot charts/episodic_return against global_step: the mean across the given runs, a band of"
                + " +/- one standard deviation, and the env's reward threshold. With --each: one curve per run"
                + " (averaged over the last --window-steps steps or --window-episodes episodes), and per run the mean"
                + " training return over the window that ends at --at and the greedy evaluation of its summary.json."
                + " One game run without episodes (alphazero on ConnectFour with solver-eval-positions): the shares"
                + " of its moves the solver rates optimal, over training.")
final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run directories written by 'bellman train'.")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The PNG file to write.")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title (default: algo on env of the first run).")
    String title;

    @Option(names = "--threshold", paramLabel = "X",
            description = "Reward threshold line (default: the env's, from the first run's summary.json).")
    Double threshold;

    @Option(names = "--each", description = "One curve per run, named after its directory, and a table of the runs'"
            + " returns, instead of the mean and band.")
    boolean each;

    @Option(names = "--window-steps", paramLabel = "N", description = "With --each: average each curve over the"
            + " episodes that ended in the last N global steps (default: 100000).")
    Long windowSteps;

    @Option(names = "--window-episodes", paramLabel = "N", description = "With --each, instead of --window-steps:"
            + " average each curve over the last N episodes (the MinAtar README's curves: a moving average of returns"
            + " over 100 episodes); the table then gives the mean of the last N episodes ending by --at.")
    Integer windowEpisodes;

    @Option(names = "--at", paramLabel = "STEP", description = "With --each: the global step where the table's"
            + " training-return window ends (default: each run's last finished episode), e.g. 1000000; a run that"
            + " stopped before it is flagged and left out of the median.")
    Long at;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new UserError("run directory " + d + " does not exist; expected a directory written by 'bellman train'.");
            }
        }
        if (!each && (windowSteps != null || windowEpisodes != null || at != null)) {
            throw new UserError("--window-steps, --window-episodes and --at apply to --each (one curve per run); add"
                    + " --each, or leave them out for the mean of the runs over their last 20 episodes.");
        }
        if (windowSteps != null && windowEpisodes != null) {
            throw new UserError("--window-steps " + windowSteps + " and --window-episodes " + windowEpisodes
                    + " both given; give one: a window of global steps or of episodes.");
        }
        if (windowSteps != null && windowSteps < 1) {
            throw new UserError("--window-steps must be a positive number of steps but was " + windowSteps + ".");
        }
        if (windowEpisodes != null && windowEpisodes < 1) {
            throw new UserError("--window-episodes must be a positive number of episodes but was " + windowEpisodes
                    + ".");
        }
        if (at != null && at < 1) {
            throw new UserError("--at must be a positive global step but was " + at + ".");
        }
        Double t = threshold;
        String ti = title;
        Path first = dirs.get(0);
        if (Files.isRegularFile(first.resolve(RunDir.SUMMARY))) {
            JsonNode s = RunDir.readJson(first, RunDir.SUMMARY);
            if (t == null && s.path("reward_threshold").isNumber()) {
                t = s.get("reward_threshold").asDouble();
            }
            if (ti == null) {
                ti = s.path("algo").asText("?") + " on " + s.path("env").asText("?");
            }
        }
        PrintWriter warnTo = spec.commandLine().getErr();
        if (each) {
            eachRun(o, warnTo, t, ti);
            return 0;
        }
        if (dirs.size() == 1 && Plots.readEpisodes(first, w -> {}).steps().length == 0
                && Plots.solverCurve(first, out, (ti == null ? "" : ti + ": ") + "moves the solver rates optimal",
                w -> warnTo.println("bellman plot: warning: " + w))) { // a game run with no episodes: its solver curve
            o.println("wrote " + out + " (the solver measurement of " + first + ")");
            return 0;
        }
        Plots.learningCurve(dirs, out, t, ti == null ? "learning curve" : ti,
                w -> warnTo.println("bellman plot: warning: " + w));
        o.println("wrote " + out + " (" + dirs.size() + " run" + (dirs.size() == 1 ? "" : "s") + ")");
        return 0;
    }

    private void eachRun(PrintWriter o, PrintWriter warnTo, Double t, String ti) throws Exception {
        long window = windowSteps == null ? 100_000 : windowSteps;
        List<Plots.Episodes> runs = new ArrayList<>();
        for (Path d : dirs) {
            runs.add(Plots.readEpisodes(d, w -> warnTo.println("bellman plot: warning: " + w)));
        }
        if (windowEpisodes != null) {
            int n = windowEpisodes;
            Plots.eachRun(dirs, runs, e -> e.episodeWindow(n), "the last " + fmt(n) + " episodes", out, t,
                    ti == null ? "learning curves" : ti);
        } else {
            Plots.eachRun(dirs, runs, e -> e.stepWindow(window), "the last " + fmt(window) + " steps", out, t,
                    ti == null ? "learning curves" : ti);
        }
        List<Double> trains = new ArrayList<>();
        List<Double> evals = new ArrayList<>();
        int notReached = 0; // runs that have not reached --at: their figure is printed but left out of the median
        for (int r = 0; r < dirs.size(); r++) {
            Plots.Episodes e = runs.get(r);
            long end = at != null ? at : e.lastStep();
            double[] in = windowEpisodes != null ? e.lastEndingBy(end, windowEpisodes) : e.endingIn(end, window);
            JsonNode summary = Files.isRegularFile(dirs.get(r).resolve(RunDir.SUMMARY))
                    ? RunDir.readJson(dirs.get(r), RunDir.SUMMARY) : null;
            // how far the run got: a finished run's summary has its total; a stopped one's ("interrupted") has the
            // step it stopped at, and total_timesteps is then only what it was asked for
            long summarized = summary == null ? 0 : summary.path(TrainCommand.INTERRUPTED).asBoolean(false)
                    ? summary.path("global_step").asLong(0) : summary.path("total_timesteps").asLong(0);
            long reached = Math.max(e.loggedTo(), summarized);
            boolean reachedAt = at == null || reached >= at;
            if (!reachedAt) notReached++;
            StringBuilder line = new StringBuilder(dirs.get(r).toString()).append(": ");
            if (windowEpisodes != null) {
                if (in.length == 0) {
                    line.append("no episode ended by step ").append(fmt(end));
                } else {
                    double mean = Arrays.stream(in).average().orElseThrow();
                    if (reachedAt) trains.add(mean);
                    line.append("training return ").append(num(mean)).append(" (mean of the last ")
                            .append(fmt(in.length)).append(in.length == 1 ? " episode" : " episodes")
                            .append(" ending by step ").append(fmt(end))
                            .append(in.length < windowEpisodes ? ", fewer than " + fmt(windowEpisodes) + " ended" : "")
                            .append(")");
                }
            } else if (in.length == 0) {
                line.append("no episode ended in steps (").append(fmt(Math.max(0, end - window))).append(", ").append(fmt(end))
                        .append("]");
            } else {
                double mean = Arrays.stream(in).average().orElseThrow();
                if (reachedAt) trains.add(mean);
                line.append("training return ").append(num(mean)).append(" (mean of ").append(fmt(in.length))
                        .append(in.length == 1 ? " episode" : " episodes").append(" ending in steps (").append(fmt(Math.max(0, end - window))).append(", ")
                        .append(fmt(end)).append("])");
            }
            if (!reachedAt) {
                line.append(", the run has only reached step ").append(fmt(reached));
            }
            JsonNode ev = summary == null ? null : summary.path("eval");
            if (ev != null && ev.path("mean").isNumber()) {
                evals.add(ev.get("mean").asDouble());
                line.append("; greedy eval ").append(num(ev.get("mean").asDouble())).append(" +- ")
                        .append(num(ev.path("std").asDouble(Double.NaN))).append(" over ")
                        .append(ev.path("episodes").asInt()).append(" episodes");
            } else {
                line.append("; no greedy eval (").append(ev == null ? "no " + RunDir.SUMMARY + ": unfinished run"
                        : "none in " + RunDir.SUMMARY).append(")");
            }
            o.println(line);
        }
        if (dirs.size() > 1) {
            o.println("median over " + dirs.size() + " runs: training return "
                    + (trains.size() == dirs.size() ? num(median(trains))
                    : notReached > 0
                            ? "n/a (" + notReached + " of " + dirs.size() + " runs stopped before step " + fmt(at) + ")"
                    : "n/a (" + trains.size() + " of " + dirs.size() + " runs have episodes in the window)")
                    + ", greedy eval "
                    + (evals.size() == dirs.size() ? num(median(evals)) : "n/a (" + evals.size() + " of "
                    + dirs.size() + " runs evaluated)"));
        }
        o.println("wrote " + out + " (" + dirs.size() + " run" + (dirs.size() == 1 ? "" : "s") + ", one curve each)");
    }

    /** The median (the mean of the two middle values for an even count). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
