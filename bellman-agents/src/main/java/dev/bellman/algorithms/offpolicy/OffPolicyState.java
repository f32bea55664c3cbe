package dev.bellman.algorithms.offpolicy;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The checkpoint pieces shared by {@link Ddpg}, {@link Td3} and {@link Sac}: the file name and an algorithm tag that
 * makes a checkpoint of one algorithm (or variant) fail clearly when another resumes from it. The replay buffer saves
 * itself ({@link dev.bellman.core.replay.ReplayBuffer#save}), slot by slot, so sampled indices stay valid.
 */
final class OffPolicyState {
    /** The training-state file in each checkpoint directory. */
    static final String FILE = "state.bin";

    private OffPolicyState() {}

    /** The state file of {@code checkpoint}, read and checked to be {@code algorithm}'s. */
    static TrainingState.Reader read(Checkpoints.Loaded checkpoint, String algorithm) {
        try {
            TrainingState.Reader r = TrainingState.Reader.read(checkpoint.directory().resolve(FILE));
            String written = r.has("algorithm") ? r.string("algorithm") : "(none)";
            if (!written.equals(algorithm)) {
                throw new IllegalArgumentException("checkpoint " + checkpoint.directory() + " was written by " + written
                        + " but is being resumed by " + algorithm + "; resume it with the algorithm and settings that wrote it");
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint " + checkpoint.directory() + ": " + e.getMessage(), e);
        }
    }

    /** A writer holding the algorithm tag ({@code "sac"}, {@code "sac+gsde"}, ...) as its first entry. */
    static TrainingState.Writer writer(String algorithm) {
        return new TrainingState.Writer().putString("algorithm", algorithm);
    }
}
