package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Evaluation;
import dev.bellman.core.Policy;
import dev.bellman.env.Env;
import java.io.IOException;
import java.io.PrintWriter;
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

/** {@code bellman eval}: loads a run's model and reports greedy returns. */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Evaluate the greedy policy of a trained run.")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "A directory written by 'bellman train'.")
    Path runDir;

    @Option(names = "--episodes", defaultValue = "100", paramLabel = "N", description = "Episodes (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the first reset (default: the run's seed + 1, as after training).")
    Long seed;

    @Option(names = "--randomize", paramLabel = "NAME=DIST", arity = "1..*",
            description = "Evaluate under domain randomization instead of the nominal env (repeatable), e.g."
                    + " --randomize 'length=uniform(0.25,2)'; same syntax as train's --randomize.")
    List<String> randomize = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object {\"mean\", \"std\", \"episodes\", \"returns\"}, and"
            + " \"stopped_at_step\" when the run was stopped before its end.")
    boolean json;

    /** The evaluation seed that train uses for a run seeded {@code seed}: distinct from training's. */
    static long evalSeed(long seed) {
        return seed + 1;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (episodes <= 0) {
            throw new UserError("--episodes must be a positive integer but was " + episodes + ".");
        }
        if (seed != null && seed < 0) {
            throw new UserError("--seed must be a non-negative integer (as Gymnasium and NumPy require) but was " + seed + ".");
        }
        Loaded run = load(runDir);
        GameTargets.refuseGameRun(run, runDir, "eval");
        noteIfStopped(spec.commandLine().getErr(), "eval", run, runDir);
        long s = seed != null ? seed : evalSeed(run.seed());
        Evaluation.Result r;
        String algo = run.algo();
        String envId = run.envId();
        Policy policy = run.policy();
        Map<String, Object> envKwargs = Randomization.withRandomize(run.envKwargs(),
                Randomization.parse(envId, run.envKwargs(), randomize, "--randomize"));
        try (Env<?, ?> env = EnvCatalog.make(envId, envKwargs)) {
            r = Evaluation.evaluate(env, policy, episodes, s);
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("mean", r.mean());
            o.put("std", r.std());
            o.put("episodes", r.episodes());
            o.put("returns", r.returns());
            if (run.stoppedAt() != null) o.put(TrainCommand.STOPPED_AT, run.stoppedAt());
            out.println(Files2.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "%s on %s: mean return %.4f +/- %.4f over %d greedy episodes (seed %d)%n", algo, envId,
                    r.mean(), r.std(), r.episodes(), s);
        }
        return 0;
    }

    /**
     * Notes on {@code err} that {@code run}'s model is the policy a stopped run saved ({@code TrainCommand.stopped}),
     * not a finished run's, and how to continue it; nothing for a finished run. Every command that reads a run's model
     * to play, evaluate, serve or export it says so.
     */
    static void noteIfStopped(PrintWriter err, String command, Loaded run, Path runDir) {
        if (run.stoppedAt() != null) {
            err.printf(Locale.ROOT, "bellman %s: note: the policy of a run stopped at step %d, not finished"
                    + " ('bellman train --resume %s' continues it)%n", command, run.stoppedAt(), runDir);
            err.flush();
        }
    }

    /**
     * A saved run's model, loaded: what {@code eval} and {@code play} need; {@code stoppedAt} is the step of a stopped
     * run's policy ({@value TrainCommand#STOPPED_AT} in its manifest), null for a finished run's.
     */
    record Loaded(String algo, String envId, Map<String, Object> envKwargs, long seed, Policy policy, Long stoppedAt) {}

    /** Loads the model of the run in {@code runDir}, failing with a {@link UserError} that says what is wrong. */
    static Loaded load(Path runDir) {
        Path modelDir = runDir.resolve(RunDir.MODEL);
        JsonNode manifest = RunDir.readJson(runDir, RunDir.MODEL + "/" + RunDir.MANIFEST);
        String algo = text(runDir, manifest, "algo");
        String envId = text(runDir, manifest, "env");
        AlgorithmProvider provider = Algorithms.find(algo).orElseThrow(() -> new UserError("run directory " + runDir
                + " was trained with algorithm '" + algo + "', which is not registered here; known: "
                + String.join(", ", Algorithms.ids()) + "."));
        ModelDir.verify(modelDir, manifest);
        ModelWeights.requireFinite(modelDir);
        Policy policy;
        try {
            policy = provider.load(modelDir);
        } catch (IOException | RuntimeException e) {
            throw new UserError("the model in " + modelDir + " is missing or corrupt: " + e.getMessage()
                    + ". Expected the files that 'bellman train --algo " + algo + "' saves there.", e);
        }
        Map<String, Object> envKwargs = new LinkedHashMap<>();
        JsonNode kw = manifest.get("env_kwargs");
        if (kw != null && !kw.isNull()) {
            if (!kw.isObject()) {
                throw new UserError(modelDir.resolve(RunDir.MANIFEST) + " is corrupt: env_kwargs must be a JSON object.");
            }
            kw.fields().forEachRemaining(e -> envKwargs.put(e.getKey(), Files2.JSON.convertValue(e.getValue(), Object.class)));
        }
        JsonNode stoppedAt = manifest.get(TrainCommand.STOPPED_AT);
        return new Loaded(algo, envId, envKwargs, manifest.path("seed").asLong(0), policy,
                stoppedAt == null ? null : stoppedAt.asLong());
    }

    private static String text(Path runDir, JsonNode manifest, String field) {
        JsonNode n = manifest.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new UserError(runDir.resolve(RunDir.MODEL).resolve(RunDir.MANIFEST) + " is corrupt: it has no '" + field
                    + "' string; expected the manifest that 'bellman train' writes.");
        }
        return n.asText();
    }
}
