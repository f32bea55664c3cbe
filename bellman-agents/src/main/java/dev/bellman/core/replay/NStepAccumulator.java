package dev.bellman.core.replay;

/**
 * Turns one-step transitions into n-step transitions (Sutton 1988; Sutton and Barto 2018, Sec. 7.1;
 * used in DQN by Hessel et al. 2018, "Rainbow", eq. 2) per vector-env copy, before they enter a
 * replay buffer:
 * <pre>
 *   R_t^(k) = Σ_{j=0}^{k-1} γ^j r_{t+j},      target = R_t^(k) + γ^k (1 − terminated) max_a Q(s_{t+k}, a)
 * </pre>
 * with {@code k = n} inside an episode. At an episode's end the window stops: every pending start
 * state is emitted with the rewards up to the end ({@code k < n}) and the episode's real final
 * observation as {@code s_{t+k}}. On <b>termination</b> the flag is set (no bootstrap); on
 * <b>truncation</b> (a time limit) it is not, so the target still bootstraps from the final
 * observation (Pardo et al. 2018, "Time Limits in Reinforcement Learning").
 *
 * <p>Storage is preallocated: a ring of {@code n} pending (s, a, r) per copy. With {@code n = 1} every
 * step passes straight through with {@code k = 1}.
 */
public final class NStepAccumulator {
    /** Receives finished transitions; {@link ReplayBuffer}'s discrete {@code add} fits. */
    @FunctionalInterface
    public interface Sink {
        void accept(float[] obs, int obsOff, int action, float reward, float[] nextObs, int nextOff,
                    boolean terminated, int horizon);
    }

    private final int numEnvs;
    private final int obsDim;
    private final int n;
    private final double gamma;
    private final float[] obs;       // [numEnvs][n][obsDim]
    private final int[] actions;     // [numEnvs][n]
    private final double[] rewards;  // [numEnvs][n]
    private final int[] head;        // oldest pending entry per copy
    private final int[] count;       // pending entries per copy

    public NStepAccumulator(int numEnvs, int obsDim, int n, double gamma) {
        if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
        if (obsDim <= 0) throw new IllegalArgumentException("obsDim must be positive but was " + obsDim);
        if (n < 1 || n > 127) throw new IllegalArgumentException("n must be in [1, 127] but was " + n);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
        this.numEnvs = numEnvs;
        this.obsDim = obsDim;
        this.n = n;
        this.gamma = gamma;
        this.obs = new float[numEnvs * n * obsDim];
        this.actions = new int[numEnvs * n];
        this.rewards = new double[numEnvs * n];
        this.head = new int[numEnvs];
        this.count = new int[numEnvs];
    }

    public int n() { return n; }

    /** Number of steps of copy {@code env} waiting for more rewards. */
    public int pending(int env) { return count[env]; }

    /**
     * Records the step {@code (s, a, r, s')} of copy {@code env} and emits every transition it completes.
     *
     * @param nextObs the observation after the step; when the episode ended, its real final observation
     * @param terminated the episode ended in a terminal state
     * @param truncated the episode was cut by a limit outside the MDP
     */
    public void push(int env, float[] s, int sOff, int action, double reward, float[] nextObs, int nextOff,
                     boolean terminated, boolean truncated, Sink sink) {
        if (env < 0 || env >= numEnvs) throw new IndexOutOfBoundsException("env " + env + " outside [0, " + numEnvs + ")");
        int base = env * n;
        int slot = (head[env] + count[env]) % n;
        System.arraycopy(s, sOff, obs, (base + slot) * obsDim, obsDim);
        actions[base + slot] = action;
        rewards[base + slot] = reward;
        count[env]++;
        if (terminated || truncated) {
            while (count[env] > 0) emitOldest(env, nextObs, nextOff, terminated, sink);
        } else if (count[env] == n) {
            emitOldest(env, nextObs, nextOff, false, sink);
        }
    }

    /** Emits the oldest pending entry of {@code env} with all pending rewards after it, and drops it. */
    private void emitOldest(int env, float[] nextObs, int nextOff, boolean terminated, Sink sink) {
        int base = env * n;
        int k = count[env];
        double ret = 0, disc = 1;
        for (int j = 0; j < k; j++) {
            ret += disc * rewards[base + (head[env] + j) % n];
            disc *= gamma;
        }
        int h = head[env];
        sink.accept(obs, (base + h) * obsDim, actions[base + h], (float) ret, nextObs, nextOff, terminated, k);
        head[env] = (h + 1) % n;
        count[env]--;
    }

    /** Writes every copy's pending window under {@code prefix} (for a checkpoint). */
    public void save(dev.bellman.core.TrainingState.Writer w, String prefix) {
        w.put(prefix + "shape", new long[] {numEnvs, obsDim, n});
        w.put(prefix + "obs", obs);
        w.put(prefix + "actions", actions);
        w.put(prefix + "rewards", rewards);
        w.put(prefix + "head", head);
        w.put(prefix + "count", count);
    }

    /** Puts back what {@link #save} wrote under {@code prefix} into an accumulator of the same shape. */
    public void restore(dev.bellman.core.TrainingState.Reader r, String prefix) {
        long[] shape = r.longs(prefix + "shape");
        if (shape.length != 3 || shape[0] != numEnvs || shape[1] != obsDim || shape[2] != n) {
            throw new IllegalArgumentException("checkpointed n-step windows have numEnvs, obsDim, n "
                    + java.util.Arrays.toString(shape) + " but this run's have [" + numEnvs + ", " + obsDim + ", " + n + "]");
        }
        r.floatsInto(prefix + "obs", obs);
        r.intsInto(prefix + "actions", actions);
        r.doublesInto(prefix + "rewards", rewards);
        r.intsInto(prefix + "head", head);
        r.intsInto(prefix + "count", count);
    }

    /** Drops every pending entry (for example after an external reset). */
    public void clear() {
        java.util.Arrays.fill(head, 0);
        java.util.Arrays.fill(count, 0);
    }
}
