package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.TunedHyperparameters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman bench learn}: trains every registered algorithm (or those named) on the envs of a suite
 * (see {@link Suites}) at their tuned budgets, once per seed, each run an ordinary run directory under
 * {@code OUT/runs/}, then writes {@code OUT/results.md}, {@code OUT/results.json} and one learning curve per
 * algorithm and env ({@code OUT/curves/<algo>-<env>.png}, mean and std across seeds).
 *
 * <p>A finished run already in {@code OUT/runs/} with the same budget is reused, so an interrupted
 * benchmark continues where it stopped.
 */
@Command(name = "learn", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Train every registered algorithm on its suite envs at their tuned budgets over several seeds,"
                + " and tabulate eval returns, wall time, steps/s and time to the reward threshold.",
                "Suite 'classic': the toy-text and classic-control envs that the algorithm has a tuned section for"
                        + " in hyperparams/<algo>.yml."})
final class BenchLearnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--suite", defaultValue = "classic", paramLabel = "NAME", description = "Suite (default ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--seeds", defaultValue = "1,2,3", split = ",", paramLabel = "N,N,...",
            description = "Seeds (default ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--algos", split = ",", paramLabel = "ALGO,...", description = "Only these algorithms (default: all registered).")
    List<String> algos;

    @Option(names = "--envs", split = ",", paramLabel = "ENV_ID,...", description = "Only these suite envs (default: all).")
    List<String> envs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--eval-episodes", defaultValue = "100", paramLabel = "N",
            description = "Greedy evaluation episodes per run (default ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Option(names = "--progress-interval", defaultValue = "60", paramLabel = "SECONDS",
            description = "Seconds between progress lines within a run (default ${DEFAULT-VALUE}).")
    double progressInterval;

    @Option(names = "--tensorboard", description = "Pass --tensorboard to every run (event files under each run's tb/).")
    boolean tensorboard;

    @Option(names = "--total-timesteps", hidden = true, paramLabel = "N", description = "Override every budget (for tests).")
    Long totalTimesteps;

    @Option(names = "--budget-scale", hidden = true, paramLabel = "X", description = "Scale every tuned budget (for tests).")
    Double budgetScale;

    /** One (algorithm, env) cell of the benchmark. */
    record Cell(AlgorithmProvider provider, String env, long budget) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Suites.PACKAGES.containsKey(suite)) {
            throw new UserError("unknown suite '" + suite + "'; known: " + String.join(", ", Suites.names()) + ".");
        }
        if (seeds.isEmpty() || seeds.stream().anyMatch(s -> s < 0)) {
            throw new UserError("--seeds must be non-negative integers but was " + seeds + ".");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new UserError("--seeds lists a seed twice: " + seeds + ".");
        }
        if (evalEpisodes <= 0) {
            throw new UserError("--eval-episodes must be a positive integer but was " + evalEpisodes + ".");
        }
        if (totalTimesteps != null && totalTimesteps <= 0 || budgetScale != null && !(budgetScale > 0)) {
            throw new UserError("--total-timesteps and --budget-scale must be positive.");
        }
        List<Cell> cells = cells(err);
        int total = cells.size() * seeds.size();
        err.printf(Locale.ROOT, "bellman bench learn: %d algorithm/env pairs x %d seeds = %d runs -> %s%n", cells.size(),
                seeds.size(), total, out);
        err.flush();
        Files.createDirectories(out.resolve("runs"));
        List<Map<String, Object>> rows = new ArrayList<>();
        int done = 0;
        boolean failed = false;
        for (Cell c : cells) {
            List<JsonNode> summaries = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (long seed : seeds) {
                done++;
                Path dir = out.resolve("runs").resolve(c.provider().id() + "-" + c.env() + "-s" + seed);
                String prefix = String.format(Locale.ROOT, "[%d/%d] %s %s seed %d", done, total, c.provider().id(), c.env(), seed);
                JsonNode s = reusable(dir, c.budget());
                boolean reused = s != null;
                if (!reused) {
                    err.println(prefix + ": training " + c.budget() + " steps ...");
                    err.flush();
                    String failure = train(c, seed, dir, err);
                    if (failure != null) {
                        err.println(prefix + ": FAILED: " + failure);
                        errors.add("seed " + seed + ": " + failure);
                        failed = true;
                        continue;
                    }
                    s = RunDir.readJson(dir, RunDir.SUMMARY);
                }
                summaries.add(s);
                dirs.add(dir);
                err.println(prefix + ": " + describe(s) + (reused ? " (reused finished run)" : ""));
                err.flush();
            }
            Map<String, Object> row = Aggregate.row(c.provider().id(), c.env(), c.budget(), summaries, dirs, out);
            row.put("errors", errors);
            if (!dirs.isEmpty() && c.provider().takesEnvSteps()) {
                Path png = out.resolve("curves").resolve(c.provider().id() + "-" + c.env() + ".png");
                try {
                    Double threshold = summaries.get(0).path("reward_threshold").isNumber()
                            ? summaries.get(0).get("reward_threshold").asDouble() : null;
                    Plots.learningCurve(dirs, png, threshold, c.provider().id() + " on " + c.env() + " (" + dirs.size()
                            + " seed" + (dirs.size() == 1 ? "" : "s") + ")");
                    row.put("curve", out.relativize(png).toString());
                } catch (Exception | LinkageError ex) {
                    err.println("bellman bench learn: warning: could not draw " + png + ": " + ex);
                }
            }
            rows.add(row);
            Aggregate.write(out, suite, seeds, rows); // after every cell, so a partial benchmark is readable
        }
        o.println(Aggregate.markdown(rows));
        o.println("wrote " + out.resolve(Aggregate.MD) + ", " + out.resolve(Aggregate.JSON) + " and "
                + out.resolve("curves"));
        return failed ? 1 : 0;
    }

    private List<Cell> cells(PrintWriter err) {
        List<AlgorithmProvider> providers = new ArrayList<>();
        if (algos == null) {
            providers.addAll(Algorithms.all());
        } else {
            for (String a : algos) {
                providers.add(Algorithms.get(a.strip()));
            }
        }
        if (envs != null) {
            for (String e : envs) {
                EnvCatalog.make(e.strip(), Map.of()).close(); // unknown ids fail with a suggestion
            }
        }
        List<Cell> cells = new ArrayList<>();
        List<String> suiteEnvsSeen = new ArrayList<>();
        for (AlgorithmProvider p : providers) {
            List<String> suiteEnvs = Suites.envs(suite, p);
            suiteEnvs.stream().filter(e -> !suiteEnvsSeen.contains(e)).forEach(suiteEnvsSeen::add);
            if (suiteEnvs.isEmpty()) {
                if (algos != null) {
                    err.println("bellman bench learn: note: " + p.id() + " has no tuned " + suite + " env (hyperparams/"
                            + p.id() + ".yml" + (p.takesEnvSteps() ? "" : "; it is a planner") + "); skipped");
                }
                continue;
            }
            for (String e : suiteEnvs) {
                if (envs != null && envs.stream().noneMatch(x -> x.strip().equals(e))) {
                    continue;
                }
                cells.add(new Cell(p, e, budget(p, e)));
            }
            if (envs != null && algos != null) {
                for (String e : envs) {
                    if (!suiteEnvs.contains(e.strip())) {
                        err.println("bellman bench learn: note: " + e.strip() + " is not in " + p.id() + "'s " + suite
                                + " suite (" + String.join(", ", suiteEnvs) + "); skipped");
                    }
                }
            }
        }
        if (cells.isEmpty()) {
            throw new UserError("nothing to run: no selected algorithm has a tuned env in suite '" + suite + "'"
                    + (envs == null ? "" : " among " + envs) + ". Suite envs of the selected algorithms: "
                    + (suiteEnvsSeen.isEmpty() ? "none" : String.join(", ", suiteEnvsSeen)) + ".");
        }
        return cells;
    }

    private long budget(AlgorithmProvider p, String env) {
        if (!p.takesEnvSteps()) {
            return 0;
        }
        if (totalTimesteps != null) {
            return totalTimesteps;
        }
        long tuned = TunedHyperparameters.totalTimesteps(p.id(), env, p.defaultTotalTimesteps());
        return budgetScale == null ? tuned : Math.max(1, Math.round(tuned * budgetScale));
    }

    /** The summary of a finished run in {@code dir} with this budget, or null when it must be trained (again). */
    private static JsonNode reusable(Path dir, long budget) {
        if (!Files.isRegularFile(dir.resolve(RunDir.SUMMARY)) || !Files.isRegularFile(dir.resolve(RunDir.CONFIG))) {
            return null;
        }
        try {
            JsonNode cfg = RunDir.readJson(dir, RunDir.CONFIG);
            JsonNode s = RunDir.readJson(dir, RunDir.SUMMARY);
            return cfg.path("total_timesteps").asLong(-1) == budget && s.path("eval").isObject() ? s : null;
        } catch (UserError e) {
            return null;
        }
    }

    /** Trains one run in-process with {@code bellman train}; returns null on success, else what went wrong. */
    private String train(Cell c, long seed, Path dir, PrintWriter err) {
        List<String> args = new ArrayList<>(List.of("train", "--algo", c.provider().id(), "--env", c.env(),
                "--seed", Long.toString(seed), "--run-dir", dir.toString(), "--overwrite", "--no-plot",
                "--eval-episodes", Integer.toString(evalEpisodes), "--progress-interval", Double.toString(progressInterval)));
        if (tensorboard) {
            args.add("--tensorboard");
        }
        if (c.provider().takesEnvSteps()) {
            args.addAll(List.of("--total-timesteps", Long.toString(c.budget())));
        }
        StringWriter trainOut = new StringWriter();
        StringWriter trainErr = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(trainOut, true), new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                trainErr.write(cbuf, off, len);
                err.write(cbuf, off, len); // progress lines of long runs
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {}
        }, true));
        int code = cl.execute(args.toArray(String[]::new));
        if (code == 0) {
            return null;
        }
        if (trainErr.toString().contains("bellman train: stopped by SIG")) { // Ctrl-C, SIGTERM, SIGHUP stop the bench too
            err.println("bellman bench learn: stopped by a signal; finished runs are reused when the same command runs again"
                    + " (the interrupted one is trained again from the start)");
            err.flush();
            System.exit(code);
        }
        String e = trainErr.toString().strip();
        return "exit " + code + (e.isEmpty() ? "" : ": " + e.lines().reduce((a, b) -> b).orElse(""));
    }

    static String describe(JsonNode s) {
        StringBuilder b = new StringBuilder();
        JsonNode eval = s.path("eval");
        b.append(String.format(Locale.ROOT, "eval %.4f +/- %.4f", eval.path("mean").asDouble(Double.NaN),
                eval.path("std").asDouble(Double.NaN)));
        b.append(String.format(Locale.ROOT, ", %.2f s", s.path("wall_time_s").asDouble()));
        if (s.path("steps_per_second").isNumber()) {
            b.append(String.format(Locale.ROOT, ", %.0f steps/s", s.get("steps_per_second").asDouble()));
        }
        if (s.path("reward_threshold").isNumber()) {
            b.append(s.path("first_step_at_threshold").isNumber()
                    ? ", threshold reached at step " + s.get("first_step_at_threshold").asLong()
                    : ", threshold not reached");
        }
        return b.toString();
    }
}
