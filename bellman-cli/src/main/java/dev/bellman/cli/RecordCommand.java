package dev.bellman.cli;

import dev.bellman.core.Policy;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.DatasetStats;
import dev.bellman.core.demos.Episode;
import dev.bellman.core.demos.Recorder;
import dev.bellman.datasets.MinariDatasets;
import dev.bellman.env.Env;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman record}: records demonstrations of a trained run's greedy policy (or of a uniformly random policy)
 * into a dataset in Minari's HDF5 layout.
 */
@Command(name = "record", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Record demonstrations of a trained run (or a random policy) as a Minari-layout dataset.",
        footer = {"", "Examples:",
                "  bellman record --run-dir runs/ppo-CartPole-v1-s1 --episodes 50 --out demos/cartpole-ppo",
                "  bellman record --policy random --env FrozenLake-v1 --episodes 20 --out demos/frozenlake-random",
                "  bellman dataset info demos/cartpole-ppo"})
final class RecordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "A run written by 'bellman train': its greedy policy acts.")
    Path runDir;

    @Option(names = "--policy", paramLabel = "KIND", defaultValue = "run",
            description = "run (the --run-dir's greedy policy, default) or random (uniform actions; needs --env).")
    String policyKind;

    @Option(names = "--env", paramLabel = "ENV_ID", description = "The env for --policy random.")
    String envId;

    @Option(names = "--episodes", required = true, paramLabel = "N", description = "Episodes to record.")
    int episodes;

    @Option(names = "--out", required = true, paramLabel = "DATASET", description = "Directory to write (must not hold a dataset).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the first reset (default: the run's seed + 1000).")
    Long seed;

    @Option(names = "--dataset-id", paramLabel = "ID", description = "Minari dataset id (default bellman/ENV/ALGO-v0).")
    String datasetId;

    @Override
    public Integer call() throws IOException {
        PrintWriter outW = spec.commandLine().getOut();
        if (episodes <= 0) throw new UserError("--episodes must be a positive integer but was " + episodes + ".");
        if (seed != null && seed < 0) {
            throw new UserError("--seed must be a non-negative integer (as Gymnasium and NumPy require) but was " + seed + ".");
        }
        if (MinariDatasets.exists(out)) {
            throw new UserError("--out " + out + " already holds a dataset; choose another directory or delete it.");
        }
        String env;
        Map<String, Object> kwargs;
        String source;
        long s;
        Policy policy = null;
        switch (policyKind) {
            case "run" -> {
                if (runDir == null) {
                    throw new UserError("give --run-dir DIR (a trained run), or --policy random --env ENV_ID.");
                }
                if (envId != null) throw new UserError("--env is for --policy random; a run records on its own env.");
                EvalCommand.Loaded run = EvalCommand.load(runDir);
                EvalCommand.noteIfStopped(spec.commandLine().getErr(), "record", run, runDir);
                env = run.envId();
                kwargs = run.envKwargs();
                policy = run.policy();
                source = run.algo();
                s = seed != null ? seed : run.seed() + 1000;
            }
            case "random" -> {
                if (envId == null) throw new UserError("--policy random needs --env ENV_ID.");
                if (runDir != null) throw new UserError("--run-dir is for --policy run; drop it with --policy random.");
                env = envId;
                kwargs = Map.of();
                source = "random";
                s = seed != null ? seed : 0;
            }
            default -> throw new UserError("--policy must be run or random but was '" + policyKind + "'.");
        }
        List<Episode> eps;
        Dataset d;
        try (Env<?, ?> e = EnvCatalog.make(env, kwargs)) {
            Function<Object, Object> actor;
            if (policy != null) {
                Policy p = policy;
                actor = p::act;
            } else {
                e.actionSpace().seed(s);
                actor = obs -> e.actionSpace().sample();
            }
            eps = Recorder.record(e, actor, episodes, s, 0);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("algorithm_name", source);
            meta.put("author", "bellman record");
            if (runDir != null) meta.put("bellman_run_dir", runDir.toString());
            meta.put("bellman_version", Version.VERSION);
            d = new Dataset(datasetId != null ? datasetId : "bellman/" + env + "/" + source + "-v0", env,
                    e.observationSpace(), e.actionSpace(), eps, meta);
        }
        MinariDatasets.write(d, out);
        DatasetStats st = d.stats();
        outW.printf(Locale.ROOT, "bellman record: %d episodes, %d steps of %s on %s (seed %d) -> %s; return %.2f +/- %.2f%n",
                st.episodes(), st.steps(), source, env, s, out, st.returnMean(), st.returnStd());
        return 0;
    }
}
