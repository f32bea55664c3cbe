package dev.bellman.cli;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.ImitationInputs;
import dev.bellman.core.demos.ImitationProvider;
import dev.bellman.datasets.MinariDatasets;
import dev.bellman.env.Env;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The inputs of an imitation run ({@code bellman train --algo bc|dagger|maxent-irl --demos DATASET [--expert RUN_DIR]}):
 * reads the dataset and the expert run, and checks, before any run directory is created, that both fit the env.
 */
final class DemoInputs {
    private DemoInputs() {}

    /**
     * The inputs for {@code provider} on {@code envId}, or {@code null} for an algorithm that learns by interaction
     * (which then must get neither flag).
     *
     * @throws UserError naming the flag, the file and what was expected
     */
    static ImitationInputs load(AlgorithmProvider provider, String envId, Map<String, Object> envKwargs, Path demos,
                                Path expert) {
        if (!(provider instanceof ImitationProvider ip)) {
            if (demos != null || expert != null) {
                throw new UserError((demos != null ? "--demos" : "--expert") + " is for algorithms that learn from"
                        + " demonstrations (bc, dagger, maxent-irl; alphago takes --demos as SGF games), but "
                        + provider.id() + " learns by interaction; drop the flag.");
            }
            return null;
        }
        if (demos == null) {
            throw new UserError(ip.id() + " learns from demonstrations: give --demos DATASET (a directory written by"
                    + " 'bellman record', or a Minari dataset with data/main_data.hdf5)" + (ip.needsExpert()
                    ? " and --expert RUN_DIR (a trained run to query)." : "."));
        }
        if (ip.needsExpert() && expert == null) {
            throw new UserError(ip.id() + " queries an expert for the actions it would take: give --expert RUN_DIR"
                    + " (a directory written by 'bellman train', e.g. a PPO run on " + envId + ").");
        }
        if (!ip.needsExpert() && expert != null) {
            throw new UserError("--expert is for DAgger, which queries an expert; " + ip.id() + " learns from --demos"
                    + " alone. Drop --expert.");
        }
        Dataset data = readDataset(demos, "--demos");
        try (Env<?, ?> env = EnvCatalog.make(envId, envKwargs)) {
            var why = data.incompatibility(envId, env);
            if (why.isPresent()) {
                throw new UserError("--demos " + demos + " cannot train on " + envId + ": " + why.get() + ". Record"
                        + " demonstrations on " + envId + " with 'bellman record --run-dir RUN --out DATASET'.");
            }
        }
        if (data.totalSteps() == 0) {
            throw new UserError("--demos " + demos + " holds no steps (" + data.totalEpisodes() + " empty episodes).");
        }
        dev.bellman.core.Policy expertPolicy = null;
        if (expert != null) {
            EvalCommand.Loaded run = EvalCommand.load(expert);
            if (!run.envId().equals(envId)) {
                throw new UserError("--expert " + expert + " was trained on " + run.envId() + ", not on " + envId
                        + "; DAgger's expert must act in the same env.");
            }
            expertPolicy = run.policy();
        }
        return new ImitationInputs(data, expertPolicy);
    }

    /** Reads a Minari dataset, reporting a missing or unreadable one as a {@link UserError} naming {@code flag}. */
    static Dataset readDataset(Path path, String flag) {
        try {
            return MinariDatasets.read(path);
        } catch (IOException e) {
            throw new UserError(flag + " " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new UserError(flag + " " + path + " cannot be read as a Minari dataset: " + e.getMessage(), e);
        }
    }
}
