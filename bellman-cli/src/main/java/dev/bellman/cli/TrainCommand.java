package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bellman.algorithms.tabular.Mdp;
import dev.bellman.algorithms.tabular.TablePrinter;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Evaluation;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.InvalidHyperparameterException;
import dev.bellman.core.UnknownHyperparameterException;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.NonFiniteException;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TrainingStoppedException;
import dev.bellman.core.tabular.Tables;
import dev.bellman.env.Env;
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
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman train}: resolves the hyperparameters (algorithm defaults, then the tuned values for the
 * env shipped in {@code hyperparams/<algo>.yml}, then {@code --config}, then {@code --set}), trains,
 * saves the model, evaluates it greedily and writes the run directory.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Train an algorithm on an env and write a run directory.",
                "Hyperparameters, lowest precedence first: the algorithm's defaults, tuned values for the env"
                        + " (hyperparams/<algo>.yml), --config FILE, --set key=value. See 'bellman list algos -v'."})
class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--algo", paramLabel = "ALGO", description = "Algorithm id (see 'bellman list algos'); required unless --resume.")
    String algo;

    @Option(names = "--env", paramLabel = "ENV_ID", description = "Env id, e.g. FrozenLake-v1; required unless --resume.")
    String envId;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the run (default 1).")
    Long seed;

    @Option(names = "--total-timesteps", paramLabel = "N",
            description = "Environment steps to train for (default: tuned value, else the algorithm's default). With"
                    + " --resume: a larger budget for the resumed run, where the algorithm's training does not depend"
                    + " on the budget (sac, td3, ddpg with buffer-size at most the old budget; ppo with anneal-lr"
                    + " false).")
    Long totalTimesteps;

    @Option(names = "--num-envs", paramLabel = "N",
            description = "Parallel env copies, for algorithms with a num-envs hyperparameter (same as --set num-envs=N).")
    Integer numEnvs;

    @Option(names = "--actors", paramLabel = "N",
            description = "Actors, for distributed algorithms with a num-actors hyperparameter (impala, apex-dqn; same as"
                    + " --set num-actors=N); in one JVM here, across JVMs with 'bellman cluster'.")
    Integer actors;

    @Option(names = "--env-kwarg", paramLabel = "KEY=VALUE", arity = "1..*",
            description = "Keyword argument of the env (repeatable; values read as YAML scalars), e.g."
                    + " --env-kwarg is_slippery=false map_name=8x8.")
    Map<String, String> envKwargStrings = new LinkedHashMap<>();

    @Option(names = "--randomize", paramLabel = "NAME=DIST", arity = "1..*",
            description = "Domain randomization: resample a physical parameter of the env at every reset (repeatable),"
                    + " e.g. --randomize 'length=loguniform(0.25,2)' 'masscart=uniform(0.5,3)'; DIST is uniform(a,b),"
                    + " loguniform(a,b), normal(mean,std[,low,high]), choice(v1,...) or a number. Evaluation stays on the"
                    + " nominal env.")
    List<String> randomize = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Where to write the run (default runs/<algo>-<env>-s<seed>).")
    Path runDir;

    @Option(names = "--config", paramLabel = "FILE.yaml", description = "YAML file of hyperparameter: value lines.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", arity = "1..*", mapFallbackValue = "",
            description = "Override one hyperparameter (repeatable), e.g. --set learning-rate=0.1.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--overwrite", description = "Replace an existing run directory.")
    boolean overwrite;

    @Option(names = "--checkpoint-frequency", paramLabel = "N",
            description = "Environment steps between checkpoints (default: a tenth of the budget, for algorithms that"
                    + " support checkpoints; 0 for none). Checkpoints are deleted when the run finishes (see"
                    + " --keep-checkpoints).")
    Long checkpointFrequency;

    @Option(names = "--keep-checkpoints", description = "Keep the last two checkpoints when the run finishes, so that"
            + " its budget can be raised later with --resume DIR --total-timesteps N (the finished run's model/ and"
            + " summary.json then move to DIR/snapshots/step-B/, B its old budget). For the runs whose budget"
            + " can be raised (see --total-timesteps). With --resume, sets it for the resumed run.")
    boolean keepCheckpoints;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the interrupted run in DIR from its last checkpoint, with the settings in DIR/config.json.")
    Path resume;

    @Option(names = "--eval-episodes", paramLabel = "N",
            description = "Greedy evaluation episodes after training (default 100, or the resumed run's; 0 to skip).")
    Integer evalEpisodes;

    @Option(names = "--progress-interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds between progress lines: step, steps/s of this process, time left at that rate,"
                    + " recent mean return (default ${DEFAULT-VALUE}).")
    double progressInterval;

    @Option(names = "--no-plot", description = "Do not draw learning_curve.png (nor values.png for tabular runs on grid envs).")
    boolean noPlot;

    @Option(names = "--tensorboard",
            description = "Also write the metrics as TensorBoard event files under DIR/tb/ (view with 'tensorboard --logdir DIR/tb').")
    boolean tensorboard;

    @Option(names = "--gif", description = "When training ends, render one greedy episode into DIR/" + EpisodeGif.FILE
            + " (at most " + EpisodeGif.MAX_FRAMES + " frames), the latest episode 'bellman dashboard' shows.")
    boolean gif;

    @Option(names = "--demos", paramLabel = "DATASET",
            description = "Demonstrations for bc, dagger and maxent-irl (a dataset written by 'bellman record'); for alphago"
                    + " a directory of SGF game records (e.g. written by 'bellman go-records').")
    Path demos;

    @Option(names = "--expert", paramLabel = "RUN_DIR", description = "DAgger's expert: a trained run it queries for actions.")
    Path expert;

    @Option(names = "--reward-model", paramLabel = "RUN_DIR", description = "Train on the reward an airl run learned"
            + " (env LearnedReward-v0 around --env) and also evaluate on --env's true reward.")
    Path rewardModel;

    LongSupplier clock = System::nanoTime;

    /** The demonstrations (and expert) of an imitation run, read and checked before the run directory exists. */
    private dev.bellman.core.demos.ImitationInputs imitation;

    /** Everything that defines a run, from the flags or from a resumed run's config.json. */
    private record Run(AlgorithmProvider provider, String algo, String envId, Map<String, Object> envKwargs, long seed,
                       long steps, Hyperparameters hp, Path dir, int evalEpisodes, long checkpointFrequency,
                       Checkpoints.Loaded from, boolean resumed, boolean tensorboard, JsonNode manifest, RunLock lock,
                       Map<String, String> randomize) {
        /** The kwargs training makes its envs with: the fixed ones plus the randomization, if any. */
        Map<String, Object> trainKwargs() {
            return Randomization.withRandomize(envKwargs, randomize);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (evalEpisodes != null && evalEpisodes < 0) {
            throw new UserError("--eval-episodes must be >= 0 but was " + evalEpisodes + ".");
        }
        if (!(progressInterval > 0)) {
            throw new UserError("--progress-interval must be a positive number of seconds but was " + progressInterval + ".");
        }
        Run run = resume != null ? resumed() : fresh();
        try (RunLock lock = run.lock()) {
            return execute(run);
        }
    }

    private Run fresh() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (algo == null || envId == null) {
            throw new UserError("--algo ALGO and --env ENV_ID are required to start a run (or --resume DIR to continue"
                    + " one); see 'bellman list algos' and 'bellman list envs'.");
        }
        long seed = this.seed == null ? 1 : this.seed;
        if (seed < 0) {
            throw new UserError("--seed must be a non-negative integer (as Gymnasium and NumPy require) but was " + seed + ".");
        }
        AlgorithmProvider provider = Algorithms.get(algo);
        Map<String, Object> envKwargs = TunedEnvKwargs.merge(ConfigFiles.tuned(algo, envId),
                ConfigFiles.scalars(envKwargStrings, "--env-kwarg"));
        if (rewardModel != null) {
            envKwargs = RewardModelOption.kwargs(envId, envKwargs, rewardModel);
            envId = dev.bellman.algorithms.imitation.LearnedRewardEnv.ID;
        }
        SpaceKind actionKind = SpaceKind.DISCRETE;
        GameTargets.check(provider, envId, envKwargs); // --env names a game for game algorithms (AlphaZero)
        if (!GameTargets.trainsOnGame(provider, envId)) {
            try (Env<?, ?> env = EnvCatalog.make(envId, envKwargs)) {
                actionKind = SpaceKind.of(env.actionSpace());
                var why = provider.incompatibility(env);
                if (why.isPresent()) {
                    List<String> can = Algorithms.supporting(env);
                    throw new UserError(why.get() + ". Algorithms that can train on " + envId + ": "
                            + (can.isEmpty() ? "none registered" : String.join(", ", can)) + ".");
                }
            }
        }

        // 1. resolve hyperparameters: defaults (the action space's, where the algorithm has them) < tuned < --config < --set
        Map<String, Object> overrides = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        merge(overrides, sources, new LinkedHashMap<>(provider.actionSpaceDefaults(actionKind)), "default");
        merge(overrides, sources, TunedEnvKwargs.hyperparameters(ConfigFiles.tuned(algo,
                rewardModel != null ? RewardModelOption.baseEnv(envKwargs) : envId)), "tuned");
        Map<String, String> randomization = new LinkedHashMap<>(); // config file < --randomize, per parameter
        if (config != null) {
            merge(overrides, sources, ConfigFiles.read(config, envId), "config");
            randomization.putAll(Randomization.parse(envId, envKwargs, ConfigFiles.randomize(config, envId),
                    "the randomize: block of " + config));
        }
        Randomization.parse(envId, envKwargs, randomize, "--randomize").forEach((name, dist) -> {
            randomization.remove(name);
            randomization.put(name, dist);
        });
        Map<String, Object> fromSet = new LinkedHashMap<>();
        set.forEach((k, v) -> fromSet.put(k.strip().replace('_', '-'), v));
        merge(overrides, sources, fromSet, "set");
        if (numEnvs != null) {
            if (provider.hyperparameters().stream().noneMatch(h -> h.name().equals("num-envs"))) {
                throw new UserError("--num-envs " + numEnvs + " was given, but " + algo + " trains on a single env"
                        + " (it has no num-envs hyperparameter); drop the flag.");
            }
            merge(overrides, sources, Map.of("num-envs", numEnvs.toString()), "flag");
        }
        if (actors != null) {
            if (provider.hyperparameters().stream().noneMatch(h -> h.name().equals("num-actors"))) {
                List<String> can = Algorithms.all().stream().filter(p -> p.hyperparameters().stream()
                        .anyMatch(h -> h.name().equals("num-actors"))).map(AlgorithmProvider::id).toList();
                throw new UserError("--actors " + actors + " was given, but " + algo + " is not a distributed algorithm"
                        + " (it has no num-actors hyperparameter); drop the flag, or use one that has: "
                        + (can.isEmpty() ? "none registered" : String.join(", ", can)) + ".");
            }
            merge(overrides, sources, Map.of("num-actors", actors.toString()), "flag");
        }
        Path imitationDemos = demos; // alphago reads its SGF games through its hyperparameter demos instead
        if (demos != null && provider.hyperparameters().stream().anyMatch(h -> h.name().equals("demos"))) {
            merge(overrides, sources, Map.of("demos", demos.toAbsolutePath().toString()), "flag");
            imitationDemos = null;
        }
        Object budget = overrides.remove(ConfigFiles.TOTAL_TIMESTEPS);
        String budgetSource = sources.remove(ConfigFiles.TOTAL_TIMESTEPS);
        long steps;
        if (totalTimesteps != null) {
            steps = totalTimesteps;
            budgetSource = "flag";
        } else if (budget != null) {
            steps = (Long) Hyperparameter.ofLong(ConfigFiles.TOTAL_TIMESTEPS, 1, "budget").positive().parse(budget);
        } else {
            steps = provider.defaultTotalTimesteps();
            budgetSource = "default";
        }
        if (steps <= 0) {
            throw new UserError("--total-timesteps must be a positive integer but was " + steps + ".");
        }
        Hyperparameters hp;
        try {
            hp = provider.resolve(overrides);
        } catch (IllegalArgumentException e) { // a provider's own cross-field checks
            throw e instanceof UnknownHyperparameterException || e instanceof InvalidHyperparameterException
                    ? e : new UserError(e.getMessage(), e);
        }
        if (!provider.takesEnvSteps() && totalTimesteps != null) {
            err.println("bellman train: note: " + algo + (provider instanceof dev.bellman.core.demos.ImitationProvider
                    ? " learns from --demos" : " plans on the env's model") + " and takes no env steps;"
                    + " --total-timesteps is ignored");
        }
        long frequency = checkpointFrequency(provider, steps);
        if (keepCheckpoints) {
            checkKeepCheckpoints(provider, hp, steps, frequency, provider.supportsCheckpoints()
                    ? "this run writes none (--checkpoint-frequency 0)" : provider.id() + " does not support checkpoints");
        }
        int episodes = evalEpisodes == null ? 100 : evalEpisodes;
        imitation = DemoInputs.load(provider, envId, envKwargs, imitationDemos, expert);

        // every check the algorithm would make, and its memory against the heap, before anything is created
        Preflight.check(provider, new TrainRequest(envId, seed, steps, hp,
                Randomization.withRandomize(envKwargs, randomization)));

        // 2. the run directory
        Path dir = runDir != null ? runDir : RunDir.defaultFor(algo, envId, seed);
        RunLock lock = RunDir.prepare(dir, overwrite, err);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("bellman_version", Version.VERSION);
        cfg.put("algo", algo);
        cfg.put("env", envId);
        cfg.put("env_kwargs", envKwargs);
        if (!randomization.isEmpty()) {
            cfg.put(Randomization.FIELD, randomization);
        }
        cfg.put("seed", seed);
        cfg.put("total_timesteps", provider.takesEnvSteps() ? steps : 0);
        cfg.put("eval_episodes", episodes);
        cfg.put("checkpoint_frequency", frequency);
        cfg.put("tensorboard", tensorboard);
        if (keepCheckpoints) cfg.put(KEEP_CHECKPOINTS, true); // only where set, as older runs have it
        cfg.put("hyperparameters", hp.values());
        if (imitationDemos != null) cfg.put("demos", demos.toString());
        if (expert != null) cfg.put("expert", expert.toString());
        Map<String, String> src = new LinkedHashMap<>();
        for (String name : hp.values().keySet()) {
            src.put(name, sources.getOrDefault(name, "default"));
        }
        src.put(ConfigFiles.TOTAL_TIMESTEPS, budgetSource == null ? "default" : budgetSource);
        cfg.put("sources", src);
        cfg.put("java_version", System.getProperty("java.version"));
        JsonNode manifest;
        try { // the manifest first: from now on the directory is recognisably a Bellman run
            RunManifest.write(dir, Files2.JSON.readTree(Files2.JSON.writeValueAsString(cfg)));
            manifest = RunManifest.read(dir);
            Files2.writeJson(dir.resolve(RunDir.CONFIG), cfg);
        } catch (Exception e) {
            lock.close();
            throw e;
        }
        return new Run(provider, algo, envId, envKwargs, seed, steps, hp, dir, episodes, frequency, null, false, tensorboard,
                manifest, lock, randomization);
    }

    private long checkpointFrequency(AlgorithmProvider provider, long steps) {
        if (checkpointFrequency == null) {
            return provider.supportsCheckpoints() && provider.takesEnvSteps() ? Math.max(1, steps / 10) : 0;
        }
        if (checkpointFrequency < 0) {
            throw new UserError("--checkpoint-frequency must be >= 0 env steps (0 for none) but was " + checkpointFrequency + ".");
        }
        if (checkpointFrequency > 0 && !provider.supportsCheckpoints()) {
            List<String> can = Algorithms.all().stream().filter(AlgorithmProvider::supportsCheckpoints)
                    .map(AlgorithmProvider::id).toList();
            throw new UserError(provider.id() + " does not support checkpoints; drop --checkpoint-frequency."
                    + " Algorithms that do: " + (can.isEmpty() ? "none registered" : String.join(", ", can)) + ".");
        }
        return checkpointFrequency;
    }

    private Run resumed() throws Exception {
        List<String> extra = new java.util.ArrayList<>();
        if (algo != null) extra.add("--algo");
        if (envId != null) extra.add("--env");
        if (seed != null) extra.add("--seed");
        if (numEnvs != null) extra.add("--num-envs");
        if (actors != null) extra.add("--actors");
        if (!envKwargStrings.isEmpty()) extra.add("--env-kwarg");
        if (demos != null) extra.add("--demos");
        if (expert != null) extra.add("--expert");
        if (!randomize.isEmpty()) extra.add("--randomize");
        if (runDir != null) extra.add("--run-dir");
        if (config != null) extra.add("--config");
        if (!set.isEmpty()) extra.add("--set");
        if (overwrite) extra.add("--overwrite");
        if (checkpointFrequency != null) extra.add("--checkpoint-frequency");
        if (!extra.isEmpty()) {
            throw new UserError("--resume continues a run with the settings saved in " + resume.resolve(RunDir.CONFIG)
                    + "; drop " + String.join(", ", extra) + ".");
        }
        Path dir = resume;
        checkResumable(dir); // read-only: a refused resume leaves the directory as it was
        RunLock lock = RunLock.acquire(dir, spec.commandLine().getErr());
        try {
            Run run = checkResumable(dir); // again, now that no other process can change it
            if (keepCheckpoints) {
                checkKeepCheckpoints(run.provider(), run.hp(), run.steps(), run.checkpointFrequency(),
                        dir + " writes none (checkpoint_frequency 0)");
            }
            if (finished(dir)) { // a finished run that kept its checkpoints, its budget raised (checkResumable)
                keepFinishedResult(dir, run.manifest().get("run").get("total_timesteps").asLong());
            }
            JsonNode saved = RunDir.readJson(dir, RunDir.CONFIG);
            if (keepCheckpoints && !saved.path(KEEP_CHECKPOINTS).asBoolean(false)) {
                saved = ((ObjectNode) saved.deepCopy()).put(KEEP_CHECKPOINTS, true);
                Files2.writeJson(dir.resolve(RunDir.CONFIG), saved); // not part of the run's identity
            }
            if (totalTimesteps != null && (totalTimesteps != saved.get("total_timesteps").asLong()
                    || totalTimesteps != run.manifest().get("run").get("total_timesteps").asLong())) {
                extendBudget(dir, saved, run.manifest(), totalTimesteps, run.from());
            }
            imitation = DemoInputs.load(run.provider(), run.envId(), run.envKwargs(),
                    saved.hasNonNull("demos") ? Path.of(saved.get("demos").asText()) : null,
                    saved.hasNonNull("expert") ? Path.of(saved.get("expert").asText()) : null);
            Checkpoints.deleteInterruptedWrites(dir.resolve(RunDir.CHECKPOINTS));
            RunDir.deleteInterruptedWrites(dir);
            Files.deleteIfExists(dir.resolve(RunDir.SUMMARY)); // an interrupted run's summary (checkResumable)
            RunDir.deleteModel(dir); // and the policy it had at its stop: model/ is again the end's, once there
            return new Run(run.provider(), run.algo(), run.envId(), run.envKwargs(), run.seed(), run.steps(), run.hp(),
                    dir, run.evalEpisodes(), run.checkpointFrequency(), run.from(), true, run.tensorboard(), run.manifest(),
                    lock, run.randomize());
        } catch (Exception e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Everything {@code --resume DIR} checks before it touches the directory: a Bellman run that did not finish, whose
     * config.json still has the identity it was created with, whose newest checkpoint is intact and was written by
     * this run, and whose metrics.csv still holds the rows that checkpoint counts. Returns the run without its lock.
     */
    private Run checkResumable(Path dir) throws Exception {
        JsonNode cfg = RunDir.readJson(dir, RunDir.CONFIG);
        JsonNode manifest = RunManifest.read(dir);
        Long extendTo = totalTimesteps; // --resume DIR --total-timesteps N: a larger budget
        if (finished(dir)) {
            boolean kept = Files.isDirectory(dir.resolve(RunDir.CHECKPOINTS));
            long budget = manifest.path("run").path("total_timesteps").asLong();
            if (kept && (extendTo == null || extendTo <= budget)) {
                throw new UserError("run " + dir + " already finished (it has " + RunDir.SUMMARY + ") at its budget of "
                        + budget + " steps. It kept its checkpoints, so its budget can be raised: --resume " + dir
                        + " --total-timesteps N, with N above " + budget + ".");
            }
            if (!kept) {
                throw new UserError("run " + dir + " already finished (it has " + RunDir.SUMMARY + "); there is nothing"
                        + " to resume" + (extendTo == null ? "" : ", and its checkpoints were deleted when it finished,"
                        + " so its budget cannot be raised either (train with --keep-checkpoints to keep them)")
                        + ". Start a new run with --run-dir, or replace it with --overwrite.");
            }
        }
        for (String field : List.of("algo", "env", "seed", "total_timesteps", "hyperparameters")) {
            if (!cfg.hasNonNull(field)) {
                throw new UserError(dir.resolve(RunDir.CONFIG) + " is corrupt: it has no '" + field + "'.");
            }
        }
        // an extension compares all but the budget: a budget half raised (the process ended between the writes of
        // config.json and the manifest) is completed by the same command
        List<String> edits = RunManifest.differences(RunManifest.withBudget(manifest.get("run"), extendTo),
                RunManifest.withBudget(RunManifest.identity(cfg), extendTo));
        if (!edits.isEmpty()) {
            throw new UserError(dir.resolve(RunDir.CONFIG) + " was changed after the run was created ("
                    + String.join("; ", edits) + "), so resuming would mix two runs. Put the values back as "
                    + dir.resolve(RunManifest.FILE) + " records them, or start a new run with the new values"
                    + " (--run-dir)" + (edits.stream().anyMatch(e -> e.startsWith("total_timesteps "))
                    ? "; a larger budget is given with --resume DIR --total-timesteps N" : "") + ".");
        }
        String algo = cfg.get("algo").asText();
        AlgorithmProvider provider = Algorithms.get(algo);
        @SuppressWarnings("unchecked")
        Map<String, Object> envKwargs = cfg.hasNonNull("env_kwargs")
                ? Files2.JSON.convertValue(cfg.get("env_kwargs"), LinkedHashMap.class) : Map.of();
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = Files2.JSON.convertValue(cfg.get("hyperparameters"), LinkedHashMap.class);
        Hyperparameters hp = provider.resolve(raw);
        long steps = cfg.get("total_timesteps").asLong();
        if (extendTo != null) {
            checkExtension(provider, hp, manifest.get("run").path("total_timesteps").asLong(), extendTo);
            steps = extendTo;
        }
        Map<String, String> randomization = Randomization.fromConfig(cfg);
        Preflight.check(provider, new TrainRequest(cfg.get("env").asText(), cfg.get("seed").asLong(),
                provider.takesEnvSteps() ? steps : provider.defaultTotalTimesteps(), hp,
                Randomization.withRandomize(envKwargs, randomization)));
        int episodes = evalEpisodes != null ? evalEpisodes : cfg.path("eval_episodes").asInt(100);
        long frequency = cfg.path("checkpoint_frequency").asLong(0);
        Checkpoints.Loaded from;
        try {
            from = Checkpoints.latest(dir.resolve(RunDir.CHECKPOINTS)).orElse(null);
        } catch (Checkpoints.CorruptCheckpointException e) {
            throw new UserError(e.getMessage(), e);
        }
        if (from != null && !provider.supportsCheckpoints()) {
            throw new UserError(dir + " has a checkpoint, but " + algo + " cannot resume from one.");
        }
        if (from != null) {
            if (!(from.meta().containsKey(META_ROWS) && from.meta().containsKey(META_WALL))) {
                throw new UserError("checkpoint " + from.directory() + " was not written by 'bellman train' (it has no "
                        + META_ROWS + " or " + META_WALL + ").");
            }
            RunManifest.checkCheckpoint(from, cfg, manifest);
            CsvMetrics.resume(dir.resolve(RunDir.METRICS), Long.parseLong(from.meta().get(META_ROWS)), 0, clock);
        }
        return new Run(provider, algo, cfg.get("env").asText(), envKwargs, cfg.get("seed").asLong(),
                provider.takesEnvSteps() ? steps : provider.defaultTotalTimesteps(), hp, dir, episodes, frequency, from, true,
                tensorboard || cfg.path("tensorboard").asBoolean(false), manifest, null, randomization);
    }

    /**
     * Refuses {@code --resume DIR --total-timesteps N} where the run could not go on to be the run a fresh one with
     * budget N makes: a smaller budget, an algorithm without env steps, or training that depends on the budget
     * ({@link AlgorithmProvider#budgetDependence}). {@code budget} is the one the run was trained under so far, as its
     * manifest records it.
     */
    private static void checkExtension(AlgorithmProvider provider, Hyperparameters hp, long budget, long extendTo) {
        String alternative = " Start a new run with --run-dir and --total-timesteps " + extendTo + ".";
        if (!provider.takesEnvSteps()) {
            throw new UserError(provider.id() + " takes no env steps; drop --total-timesteps.");
        }
        if (extendTo < budget) {
            throw new UserError("--total-timesteps with --resume raises a run's budget, but " + extendTo + " is below"
                    + " this run's " + budget + "." + alternative);
        }
        if (extendTo == budget) {
            return;
        }
        var why = provider.budgetDependence(hp, budget);
        if (why.isPresent()) {
            List<String> can = Algorithms.all().stream() // those that can, with the settings each names
                    .filter(p -> p.extensibleWhen().isPresent())
                    .map(p -> p.id() + " (" + p.extensibleWhen().get() + ")").toList();
            throw new UserError("--total-timesteps cannot raise the budget of this run: " + why.get() + ". Algorithms"
                    + " that can be extended: " + (can.isEmpty() ? "none registered" : String.join(", ", can)) + "."
                    + alternative);
        }
    }

    /**
     * Raises the budget of the run in {@code dir} to {@code extendTo}: config.json's total_timesteps, then the
     * manifest's identity, with an entry in its {@value RunManifest#EXTENDED} list. The configuration hash stays that
     * of the run as created: it names the run in its checkpoints.
     */
    private void extendBudget(Path dir, JsonNode cfg, JsonNode manifest, long extendTo, Checkpoints.Loaded from)
            throws IOException {
        ObjectNode c = cfg.deepCopy();
        long before = manifest.get("run").get("total_timesteps").asLong();
        c.put("total_timesteps", extendTo);
        Files2.writeJson(dir.resolve(RunDir.CONFIG), c);
        RunManifest.extend(dir, manifest, before, extendTo, from == null ? 0 : from.globalStep());
        spec.commandLine().getOut().printf(Locale.ROOT, "bellman train: budget of %s raised from %d to %d steps%n",
                dir, before, extendTo);
    }

    /**
     * Refuses --keep-checkpoints where the kept checkpoints could not serve their purpose, a raised budget: a run that
     * writes none ({@code none} says why), or one whose training depends on its budget.
     */
    private static void checkKeepCheckpoints(AlgorithmProvider provider, Hyperparameters hp, long budget, long frequency,
                                             String none) {
        if (frequency == 0) {
            throw new UserError("--keep-checkpoints keeps a finished run's checkpoints, but " + none
                    + "; drop --keep-checkpoints.");
        }
        var why = provider.budgetDependence(hp, budget);
        if (why.isPresent()) {
            throw new UserError("--keep-checkpoints keeps a finished run's checkpoints so that its budget can be raised"
                    + " later, but this run's could not be: " + why.get() + "; drop --keep-checkpoints.");
        }
    }

    /** Whether the run in {@code dir} finished (a summary.json not marked interrupted). */
    private static boolean finished(Path dir) {
        return Files.exists(dir.resolve(RunDir.SUMMARY))
                && !RunDir.readJson(dir, RunDir.SUMMARY).path(INTERRUPTED).asBoolean(false);
    }

    /**
     * Before a finished run's budget is raised: copies its model/, summary.json and the pictures it drew
     * ({@link RunDir#FINISHED_PICTURES}) to snapshots/step-B/ (B its budget so far; written aside and renamed into
     * place, so a snapshot is whole or absent), then deletes model/ and summary.json, which leaves the run as one
     * stopped after its last checkpoint. A process killed between the steps leaves a run the same command picks up
     * again.
     */
    private void keepFinishedResult(Path dir, long budget) throws IOException {
        Path snapshot = Checkpoints.writeSnapshot(dir.resolve(RunDir.CHECKPOINTS), budget, tmp -> {
            RunDir.copyTree(dir.resolve(RunDir.MODEL), tmp.resolve(RunDir.MODEL));
            Files.copy(dir.resolve(RunDir.SUMMARY), tmp.resolve(RunDir.SUMMARY));
            for (String f : RunDir.FINISHED_PICTURES) { // the raised run draws its own at its end
                if (Files.isRegularFile(dir.resolve(f))) Files.copy(dir.resolve(f), tmp.resolve(f));
            }
        });
        Files.delete(dir.resolve(RunDir.SUMMARY));
        RunDir.deleteModel(dir);
        spec.commandLine().getOut().printf(Locale.ROOT, "bellman train: the finished run's model and summary (step %d)"
                + " are kept in %s%n", budget, snapshot);
    }

    static final String META_ROWS = "metrics_rows";
    /** The config.json field set by --keep-checkpoints: the run keeps its checkpoints when it finishes. */
    static final String KEEP_CHECKPOINTS = "keep_checkpoints";
    static final String META_WALL = "wall_time_s";
    /** The model manifest's field that marks the policy of a stopped run, at that step. */
    static final String STOPPED_AT = "stopped_at_step";
    /** The summary.json field that marks a run stopped by a signal (it can be resumed). */
    static final String INTERRUPTED = "interrupted";

    private int execute(Run run) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AlgorithmProvider provider = run.provider();
        String algo = run.algo();
        String envId = run.envId();
        Map<String, Object> envKwargs = run.envKwargs();
        long seed = run.seed();
        long steps = run.steps();
        Path dir = run.dir();
        Double threshold;
        String obsSpace;
        String actSpace;
        boolean game = GameTargets.trainsOnGame(provider, envId);
        if (game) { // a two-player game: no reward threshold; the policy acts on game states
            threshold = null;
            obsSpace = "game " + envId;
            actSpace = "game " + envId;
        } else {
            try (Env<?, ?> env = EnvCatalog.make(envId, envKwargs)) {
                threshold = EnvCatalog.rewardThreshold(env);
                obsSpace = SpaceKind.of(env.observationSpace()).label() + " " + env.observationSpace();
                actSpace = SpaceKind.of(env.actionSpace()).label() + " " + env.actionSpace();
                if (gif) {
                    EpisodeGif.checkRenders(env, envId);
                }
            }
        }
        if (gif && game) {
            throw new UserError(algo + " trains on the two-player game " + envId + ", which renders no frames; drop --gif.");
        }

        // 3. train
        boolean stepping = provider.takesEnvSteps();
        Checkpoints.Loaded from = run.from();
        if (!run.resumed()) {
            out.printf(Locale.ROOT, "bellman train: %s on %s, seed %d, %s -> %s%n", algo, envId, seed,
                    stepping ? steps + " steps" : imitation != null ? "from demonstrations (no env steps)"
                            : "planning on the env's model (no env steps)", dir);
        } else if (from != null) {
            out.printf(Locale.ROOT, "bellman train: resuming %s on %s, seed %d, from step %d of %d (checkpoint %s)%n", algo,
                    envId, seed, from.globalStep(), steps, from.directory());
        } else {
            out.printf(Locale.ROOT, "bellman train: %s has no checkpoint; training %s on %s, seed %d, again from the start%n",
                    dir, algo, envId, seed);
        }
        if (!run.randomize().isEmpty()) {
            out.printf(Locale.ROOT, "bellman train: domain randomization at every reset: %s (evaluation on the nominal env)%n",
                    String.join(" ", Randomization.specs(run.randomize())));
        }
        out.flush();
        CsvMetrics csv;
        ThresholdTracker tracker = new ThresholdTracker(threshold, clock);
        if (from != null) {
            double wallBefore = Double.parseDouble(from.meta().get(META_WALL));
            csv = CsvMetrics.resume(dir.resolve(RunDir.METRICS), Long.parseLong(from.meta().get(META_ROWS)), wallBefore, clock);
            tracker.setWallOffset(wallBefore);
            csv.replay(tracker);
        } else {
            csv = new CsvMetrics(dir.resolve(RunDir.METRICS), clock);
        }
        Progress progress = new Progress(err, steps, from == null ? 0 : from.globalStep(), tracker, clock,
                progressInterval, isTerminal());
        MetricsSink sink = csv.andThen(tracker).andThen(progress);
        TensorBoardWriter tb = null;
        if (run.tensorboard()) {
            Path tbDir = dir.resolve(RunDir.TENSORBOARD);
            RunDir.deleteEventFiles(tbDir); // a resumed run's events are rewritten from the kept metrics rows
            tb = new TensorBoardWriter(tbDir);
            if (from != null) {
                csv.replay(tb);
            }
            sink = sink.andThen(tb);
        }
        Map<String, Object> manifest = new LinkedHashMap<>(); // the model's, also of every snapshot
        manifest.put("format", RunDir.MODEL_FORMAT);
        manifest.put("algo", algo);
        manifest.put("env", envId);
        manifest.put("env_kwargs", envKwargs);
        manifest.put("observation_space", obsSpace);
        manifest.put("action_space", actSpace);
        manifest.put("seed", seed);
        manifest.put("bellman_version", Version.VERSION);
        // a checkpointing provider always gets checkpoints, even with --checkpoint-frequency 0: a stop request
        // (first SIGINT/SIGTERM/SIGHUP) saves one before the run ends
        Checkpoints checkpoints = !provider.supportsCheckpoints() ? Checkpoints.none()
                : Checkpoints.in(dir.resolve(RunDir.CHECKPOINTS), run.checkpointFrequency(), step -> {
                    csv.flush();
                    return Map.of(META_ROWS, Integer.toString(csv.rowCount()), META_WALL, Double.toString(csv.wallTime()),
                            RunManifest.META_ALGO, algo, RunManifest.META_ENV, envId, RunManifest.META_SEED,
                            Long.toString(seed), RunManifest.META_CONFIG, run.manifest().get("config_sha256").asText());
                }, from).withModelWriter((model, p) -> ModelDir.write(model, p, manifest));
        TrainRequest request = new TrainRequest(envId, seed, steps, run.hp(), run.trainKwargs());
        Policy policy = null;
        int rowsBefore = csv.rowCount();
        TrainingStoppedException stop = null;
        try (StopSignals signals = StopSignals.install(name -> StopSignals.stopRequested(name, checkpoints, err))) {
            try {
                policy = imitation != null ? ((dev.bellman.core.demos.ImitationProvider) provider).train(request, sink, imitation, checkpoints)
                        : train(provider, request, sink, checkpoints, dir, err);
            } catch (NonFiniteException e) {
                throw ModelWeights.diverged(e, dir); // no model is saved; checkpoints and metrics stay
            } catch (RuntimeException e) {
                stop = StopSignals.stoppedBy(e);
                if (stop == null) {
                    throw e;
                }
            } finally {
                progress.finish();
                if (policy != null || stop != null || csv.rowCount() != rowsBefore || from == null) {
                    csv.flush(); // (a resume that failed before its first step keeps metrics.csv as it was)
                }
                if (tb != null) {
                    tb.close();
                }
            }
            if (stop != null) {
                return stopped(run, stop, csv.wallTime(), signals, manifest);
            }
        }
        double wall = csv.wallTime();

        // 4. save the model and its manifest (with the size and checksum of every model file)
        Path modelDir = dir.resolve(RunDir.MODEL);
        ModelDir.write(modelDir, policy, manifest);

        // 5. evaluate greedily on a fresh env
        Evaluation.Result eval = null;
        if (run.evalEpisodes() > 0 && !game) { // a game algorithm's evaluation matches are in its metrics
            Policy loaded = EvalCommand.load(dir).policy(); // verified as eval and play load it
            try (Env<?, ?> evalEnv = EnvCatalog.make(envId, envKwargs)) {
                eval = Evaluation.evaluate(evalEnv, loaded, run.evalEpisodes(), EvalCommand.evalSeed(seed));
            }
        }
        if (gif && !game) {
            try (Env<?, ?> gifEnv = EnvCatalog.make(envId, envKwargs)) {
                int frames = EpisodeGif.write(gifEnv, EvalCommand.load(dir).policy(), EvalCommand.evalSeed(seed),
                        dir.resolve(EpisodeGif.FILE));
                out.printf(Locale.ROOT, "wrote %s (one greedy episode, %d frames)%n", dir.resolve(EpisodeGif.FILE), frames);
            }
        }
        Evaluation.Result trueEval = eval == null ? null
                : RewardModelOption.trueEval(envId, envKwargs, EvalCommand.load(dir).policy(), run.evalEpisodes(),
                EvalCommand.evalSeed(seed));

        ImitationCurve.References refs = imitation == null ? null
                : ImitationCurve.references(imitation.demos(), envId, envKwargs);

        // 6. summary and plot
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("algo", algo);
        summary.put("env", envId);
        summary.put("seed", seed);
        summary.put("total_timesteps", stepping ? steps : 0);
        summary.put("wall_time_s", round(wall));
        summary.put("steps_per_second", stepping ? round(steps / Math.max(wall, 1e-9)) : null);
        if (eval != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("mean", eval.mean());
            e.put("std", eval.std());
            e.put("episodes", eval.episodes());
            summary.put("eval", e);
        } else {
            summary.put("eval", null);
        }
        if (trueEval != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("env", RewardModelOption.baseEnv(envKwargs));
            t.put("mean", trueEval.mean());
            t.put("std", trueEval.std());
            t.put("episodes", trueEval.episodes());
            summary.put("true_eval", t);
        }
        if (refs != null) summary.put("vs_expert", ImitationCurve.summary(refs, eval));
        summary.put("reward_threshold", threshold);
        summary.put("first_step_at_threshold", tracker.firstStepAtThreshold());
        Double ttt = tracker.timeToThresholdSeconds();
        summary.put("time_to_threshold_s", ttt == null ? null : round(ttt));
        summary.put("resumed", run.resumed());
        summary.put("bellman_version", Version.VERSION);
        Files2.writeJson(dir.resolve(RunDir.SUMMARY), summary);
        if (RunDir.readJson(dir, RunDir.CONFIG).path(KEEP_CHECKPOINTS).asBoolean(false)
                && Files.isDirectory(dir.resolve(RunDir.CHECKPOINTS))) {
            out.printf(Locale.ROOT, "checkpoints kept in %s (raise the budget with: bellman train --resume %s"
                    + " --total-timesteps N)%n", dir.resolve(RunDir.CHECKPOINTS), dir);
        } else {
            RunDir.deleteCheckpoints(dir);
        }
        if (!noPlot && stepping && !game) {
            try {
                Plots.learningCurve(List.of(dir), dir.resolve(RunDir.CURVE), threshold, algo + " on " + envId);
            } catch (Exception | LinkageError ex) {
                err.println("bellman train: warning: could not draw " + RunDir.CURVE + ": " + ex);
            }
        }
        if (!noPlot && game) { // a game run measured against a solver during training: that measure's curve
            try {
                Plots.solverCurve(dir, dir.resolve(RunDir.CURVE), algo + " on " + envId + ": moves the solver rates"
                        + " optimal", w -> err.println("bellman train: warning: " + w));
            } catch (Exception | LinkageError ex) {
                err.println("bellman train: warning: could not draw " + RunDir.CURVE + ": " + ex);
            }
        }
        if (!noPlot && refs != null) {
            try {
                ImitationCurve.draw(dir, refs, eval, algo + " on " + envId + " against the expert and random returns");
            } catch (Exception | LinkageError ex) {
                err.println("bellman train: warning: could not draw " + ImitationCurve.FILE + ": " + ex);
            }
        }
        String valueTable = valueTable(policy, run, err);

        out.printf(Locale.ROOT, stepping ? "trained in %.2f s (%.0f steps/s)%n"
                : imitation != null ? "trained in %.2f s%n" : "planned in %.2f s%n", wall,
                steps / Math.max(wall, 1e-9));
        if (threshold != null && stepping) {
            out.println(tracker.firstStepAtThreshold() == null
                    ? String.format(Locale.ROOT, "reward threshold %s: not reached (mean of the last %d training episodes)",
                    CsvMetrics.format(threshold), ThresholdTracker.WINDOW)
                    : String.format(Locale.ROOT, "reward threshold %s: reached at step %d (%.2f s)",
                    CsvMetrics.format(threshold), tracker.firstStepAtThreshold(), ttt));
        }
        if (eval != null) {
            out.printf(Locale.ROOT, "eval: mean return %.4f +/- %.4f over %d greedy episodes%n", eval.mean(), eval.std(),
                    eval.episodes());
        }
        if (trueEval != null) {
            out.printf(Locale.ROOT, "eval (true reward of %s): mean return %.4f +/- %.4f over %d greedy episodes%n",
                    RewardModelOption.baseEnv(envKwargs), trueEval.mean(), trueEval.std(), trueEval.episodes());
        }
        if (valueTable != null) {
            out.print(valueTable);
        }
        out.println("run directory: " + dir);
        return 0;
    }

    /**
     * Trains {@code provider} on {@code request}; {@code bellman cluster learner} overrides this to run the learner of
     * a distributed algorithm on a Hazelcast member instead.
     */
    Policy train(AlgorithmProvider provider, TrainRequest request, MetricsSink sink, Checkpoints checkpoints, Path dir,
                 PrintWriter err) throws Exception {
        return provider.supportsCheckpoints() ? provider.train(request, sink, checkpoints) : provider.train(request, sink);
    }

    /**
     * After a graceful stop: the policy at the stop as {@code model/} where the provider hands one out (its manifest
     * says {@code "stopped_at_step"}), a summary.json marked interrupted, how to resume, and 128 + the signal's number.
     */
    private int stopped(Run run, TrainingStoppedException stop, double wall, StopSignals signals,
                        Map<String, Object> modelManifest) throws java.io.IOException {
        long step = stop.globalStep();
        boolean model = stop.policy().isPresent();
        if (model) {
            Map<String, Object> m = new LinkedHashMap<>(modelManifest);
            m.put(STOPPED_AT, step);
            RunDir.deleteModel(run.dir());
            ModelDir.write(run.dir().resolve(RunDir.MODEL), stop.policy().get(), m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("algo", run.algo());
        summary.put("env", run.envId());
        summary.put("seed", run.seed());
        summary.put(INTERRUPTED, true);
        summary.put("signal", signals.received());
        summary.put("global_step", step);
        summary.put("model_saved", model);
        summary.put("total_timesteps", run.steps());
        summary.put("wall_time_s", round(wall));
        summary.put("resumed", run.resumed());
        summary.put("bellman_version", Version.VERSION);
        Files2.writeJson(run.dir().resolve(RunDir.SUMMARY), summary);
        PrintWriter err = spec.commandLine().getErr();
        String saved = !model ? "" : ", and the policy of this step as " + run.dir().resolve(RunDir.MODEL)
                + " (for eval and play)";
        err.printf(Locale.ROOT, "bellman train: stopped by %s at step %d of %d; metrics.csv and a checkpoint are"
                + " saved%s. Continue with: bellman train --resume %s%n", signals.received(), step, run.steps(), saved,
                run.dir());
        err.flush();
        return signals.exitCode();
    }

    /**
     * For a tabular policy on a grid env (FrozenLake, CliffWalking, GridWorld): draws {@value ValueHeatmap#FILE} into
     * the run directory (unless --no-plot) and returns the value table and greedy policy as text; null otherwise.
     */
    private String valueTable(Policy policy, Run run, PrintWriter err) {
        var table = Tables.of(policy);
        if (table.isEmpty()) {
            return null;
        }
        try (Env<?, ?> env = EnvCatalog.make(run.envId(), run.envKwargs())) {
            Mdp mdp = ValueHeatmap.gridMdp(env, table.get());
            if (mdp == null) {
                return null;
            }
            if (!noPlot) {
                try {
                    ValueHeatmap.write(mdp, table.get(), run.dir().resolve(ValueHeatmap.FILE),
                            run.algo() + " on " + run.envId() + ", seed " + run.seed());
                } catch (Exception | LinkageError ex) {
                    err.println("bellman train: warning: could not draw " + ValueHeatmap.FILE + ": " + ex);
                }
            }
            return TablePrinter.render(env, table.get());
        }
    }

    private static void merge(Map<String, Object> into, Map<String, String> sources, Map<String, Object> from, String source) {
        from.forEach((k, v) -> {
            into.put(k, v);
            sources.put(k, source);
        });
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try { // JDK 22+: a console exists even when redirected; isTerminal() tells
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
