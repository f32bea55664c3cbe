package dev.bellman.algorithms.offpolicy;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.TrainingState;
import dev.bellman.core.replay.ReplayBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The checkpoint pieces shared by {@link Ddpg}, {@link Td3} and {@link Sac}: the file name, an algorithm tag that
 * makes a checkpoint of one algorithm (or variant) fail clearly when another resumes from it, and the replay
 * buffer's contents, copied through its public {@link ReplayBuffer#gather} and {@code add} so that every transition
 * returns to its own slot (uniform sampling draws slot indices, so slots must match for the same minibatches).
 */
final class OffPolicyState {
    /** The training-state file in each checkpoint directory. */
    static final String FILE = "state.bin";

    private static final int CHUNK = 1024;

    private OffPolicyState() {}

    /** The state file of {@code checkpoint}, read and checked to be {@code algorithm}'s. */
    static TrainingState.Reader read(Checkpoints.Loaded checkpoint, String algorithm) {
        try {
            TrainingState.Reader r = TrainingState.Reader.read(checkpoint.directory().resolve(FILE));
            String written = r.has("algorithm") ? decode(r.ints("algorithm")) : "(none)";
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
        int[] code = new int[algorithm.length()];
        for (int i = 0; i < code.length; i++) code[i] = algorithm.charAt(i);
        return new TrainingState.Writer().put("algorithm", code);
    }

    private static String decode(int[] code) {
        StringBuilder sb = new StringBuilder(code.length);
        for (int c : code) sb.append((char) c);
        return sb.toString();
    }

    /** Writes {@code rb}'s filled slots (slot order), its position and size under {@code prefix}. */
    static void putReplay(TrainingState.Writer w, String prefix, ReplayBuffer rb) {
        int n = rb.size(), obsDim = rb.obsDim(), actDim = rb.actDim();
        if (rb.isDiscrete()) throw new IllegalArgumentException("the off-policy loops use a continuous replay buffer");
        float[] obs = new float[n * obsDim], nextObs = new float[n * obsDim], actions = new float[n * actDim];
        float[] rewards = new float[n];
        boolean[] terminated = new boolean[n];
        int[] horizons = new int[n];
        ReplayBuffer.Batch b = rb.newBatch(CHUNK);
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            int[] idx = b.indices();
            for (int i = 0; i < CHUNK; i++) idx[i] = i < m ? from + i : 0;
            rb.gather(b);
            System.arraycopy(b.obs(), 0, obs, from * obsDim, m * obsDim);
            System.arraycopy(b.nextObs(), 0, nextObs, from * obsDim, m * obsDim);
            System.arraycopy(b.continuousActions(), 0, actions, from * actDim, m * actDim);
            System.arraycopy(b.rewards(), 0, rewards, from, m);
            System.arraycopy(b.horizons(), 0, horizons, from, m);
            for (int i = 0; i < m; i++) terminated[from + i] = b.terminated()[i] != 0f;
        }
        w.put(prefix + "obs", obs).put(prefix + "next_obs", nextObs).put(prefix + "actions", actions)
                .put(prefix + "rewards", rewards).put(prefix + "terminated", terminated).put(prefix + "horizons", horizons)
                .put(prefix + "shape", new long[] {rb.capacity(), obsDim, actDim, rb.position(), n});
    }

    /** Refills the empty {@code rb} (built as the saved one was) with what {@link #putReplay} wrote. */
    static void loadReplay(TrainingState.Reader r, String prefix, ReplayBuffer rb) {
        long[] shape = r.longs(prefix + "shape");
        if (shape.length != 5 || shape[0] != rb.capacity() || shape[1] != rb.obsDim() || shape[2] != rb.actDim()) {
            throw new IllegalArgumentException("the checkpoint's replay buffer has capacity " + shape[0] + ", obs width "
                    + shape[1] + ", action width " + shape[2] + " but this run's has " + rb.capacity() + ", " + rb.obsDim()
                    + ", " + rb.actDim() + " (resume with the same buffer-size, total timesteps and env)");
        }
        int pos = (int) shape[3], n = (int) shape[4], obsDim = rb.obsDim(), actDim = rb.actDim();
        if (n < 0 || n > rb.capacity() || pos < 0 || pos >= rb.capacity() || (n < rb.capacity() && pos != n)) {
            throw new IllegalArgumentException("the checkpoint's replay buffer has an impossible position " + pos
                    + " and size " + n + " for capacity " + rb.capacity());
        }
        float[] obs = r.floats(prefix + "obs"), nextObs = r.floats(prefix + "next_obs"), actions = r.floats(prefix + "actions");
        float[] rewards = r.floats(prefix + "rewards");
        boolean[] terminated = r.booleans(prefix + "terminated");
        int[] horizons = r.ints(prefix + "horizons");
        if (obs.length != n * obsDim || nextObs.length != n * obsDim || actions.length != n * actDim
                || rewards.length != n || terminated.length != n || horizons.length != n) {
            throw new IllegalArgumentException("the checkpoint's replay arrays do not hold " + n + " transitions");
        }
        rb.clear();
        // slots 0..n-1 in order; a full buffer then rewrites slots 0..pos-1 (same contents) to bring the cursor to pos
        int writes = n == rb.capacity() ? n + pos : n;
        for (int k = 0; k < writes; k++) {
            int j = k % n;
            rb.add(obs, j * obsDim, actions, j * actDim, rewards[j], nextObs, j * obsDim, terminated[j], horizons[j]);
        }
        if (rb.position() != pos || rb.size() != n) {
            throw new IllegalStateException("replay restore ended at position " + rb.position() + ", size " + rb.size()
                    + " instead of " + pos + ", " + n);
        }
    }
}
