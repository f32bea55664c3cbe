package dev.bellman.cli;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.FiniteGuard;
import dev.bellman.core.NonFiniteException;
import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The command line's side of non-finite training: {@code eval} and {@code play} refuse a model whose weights hold NaN
 * or infinity ({@link #requireFinite}), and {@code train} turns an algorithm's {@link NonFiniteException} into a
 * one-paragraph fault that says what was kept ({@link #diverged}).
 */
final class ModelWeights {
    private ModelWeights() {
    }

    /**
     * Checks every tensor of every {@code .safetensors} file in {@code modelDir} (tabular models are checked by their
     * own loader).
     *
     * @throws UserError naming the file and tensor when one holds NaN or infinity
     */
    static void requireFinite(Path modelDir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(modelDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            return; // a missing or unreadable model directory is reported by the loader, which names what it expected
        }
        for (Path f : files) {
            Map<String, Tensor> tensors;
            try {
                tensors = SafeTensors.load(f);
            } catch (IOException | RuntimeException e) {
                return; // likewise: the loader reports a corrupt file
            }
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor t = e.getValue();
                int bad = FiniteGuard.firstNonFinite(t.data(), t.offset(), t.offset() + t.size());
                if (bad >= 0) {
                    throw new UserError("the model in " + modelDir + " has non-finite weights: tensor '" + e.getKey()
                            + "' in " + f.getFileName() + " holds " + t.data()[bad] + " (element " + (bad - t.offset())
                            + "), so its actions would be meaningless. It was saved by a run that diverged or the file"
                            + " was altered; train again (with a lower learning-rate if the run diverged).");
                }
            }
        }
    }

    /**
     * The fault {@code train} reports when training stopped on a non-finite value: the algorithm's message, then what
     * was kept in {@code runDir} (the last good checkpoint, the metrics up to the failure) and that no model was saved.
     */
    static RunFault diverged(NonFiniteException e, Path runDir) {
        String kept;
        try {
            Optional<Checkpoints.Loaded> last = Checkpoints.latest(runDir.resolve(RunDir.CHECKPOINTS));
            kept = last.map(l -> " The last good checkpoint, " + l.directory() + " (step " + l.globalStep()
                    + "), is kept.").orElse(" No checkpoint had been written.");
        } catch (IOException | RuntimeException ex) {
            kept = "";
        }
        return new RunFault(e.getMessage() + ". Training stopped and no model was saved; " + runDir.resolve(RunDir.METRICS)
                + " holds the metrics up to the failure." + kept + " Start a new run with other hyperparameters"
                + " (e.g. a lower learning-rate).", e);
    }
}
