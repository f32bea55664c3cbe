package dev.bellman.cli;

import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.DatasetStats;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bellman dataset}: inspects demonstration datasets. */
@Command(name = "dataset", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Inspect demonstration datasets (Minari's HDF5 layout).",
        subcommands = {DatasetCommand.Info.class})
final class DatasetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code bellman dataset info DATASET}: the summary statistics. */
    @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Print a dataset's env, spaces, episodes, steps and return statistics.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DATASET", description = "A dataset directory (with data/main_data.hdf5).")
        Path dataset;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Dataset d = DemoInputs.readDataset(dataset, "dataset");
            DatasetStats s = d.stats();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("dataset_id", d.datasetId());
                o.put("env", d.envId());
                o.put("observation_space", d.observationSpace().toString());
                o.put("action_space", d.actionSpace().toString());
                o.put("episodes", s.episodes());
                o.put("steps", s.steps());
                o.put("return_mean", s.returnMean());
                o.put("return_std", s.returnStd());
                o.put("return_min", s.returnMin());
                o.put("return_max", s.returnMax());
                o.put("length_mean", s.lengthMean());
                o.put("terminated", s.terminated());
                o.put("truncated", s.truncated());
                o.put("metadata", d.metadata());
                out.println(Files2.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(o));
                return 0;
            }
            out.printf(Locale.ROOT, "dataset      %s (%s)%n", d.datasetId(), dataset);
            out.printf(Locale.ROOT, "env          %s%n", d.envId());
            out.printf(Locale.ROOT, "observations %s%n", d.observationSpace());
            out.printf(Locale.ROOT, "actions      %s%n", d.actionSpace());
            out.printf(Locale.ROOT, "episodes     %d (%d terminated, %d truncated)%n", s.episodes(), s.terminated(),
                    s.truncated());
            out.printf(Locale.ROOT, "steps        %d (mean length %.1f)%n", s.steps(), s.lengthMean());
            out.printf(Locale.ROOT, "return       mean %.4f  std %.4f  min %.4f  max %.4f%n", s.returnMean(),
                    s.returnStd(), s.returnMin(), s.returnMax());
            for (var e : d.metadata().entrySet()) out.printf(Locale.ROOT, "%-12s %s%n", e.getKey(), e.getValue());
            return 0;
        }
    }
}
