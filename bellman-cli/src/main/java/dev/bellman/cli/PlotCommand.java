package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bellman plot}: learning curves of one or more runs (mean and std across runs). */
@Command(name = "plot", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Plot charts/episodic_return against global_step: the mean across the given runs, a band of"
                + " +/- one standard deviation, and the env's reward threshold.")
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

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new UserError("run directory " + d + " does not exist; expected a directory written by 'bellman train'.");
            }
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
        Plots.learningCurve(dirs, out, t, ti == null ? "learning curve" : ti,
                w -> warnTo.println("bellman plot: warning: " + w));
        o.println("wrote " + out + " (" + dirs.size() + " run" + (dirs.size() == 1 ? "" : "s") + ")");
        return 0;
    }
}
