package dev.bellman.core.replay;

import dev.bellman.core.TrainingState;
import dev.bellman.nn.Rng;

/**
 * Fixed-capacity experience replay (Lin 1992; Mnih et al. 2015, "Human-level control through deep
 * reinforcement learning", Nature 518) with uniform sampling, stored in preallocated primitive arrays:
 * no object per transition.
 *
 * <p>Each slot holds {@code (s, a, r, s', terminated, horizon)}. Actions are either discrete
 * ({@link #discrete(int, int)}: one {@code int}) or continuous ({@link #continuous(int, int, int)}:
 * {@code actDim} floats). The flag stored is {@code terminated} (the MDP ended), never a combined
 * {@code done}: a transition cut by a time limit is stored with {@code terminated = false} and its real
 * final observation as {@code s'}, so its target still bootstraps. {@code horizon} is the number of
 * rewards summed into {@code r} (1 for one-step transitions; {@code k <= n} for the n-step transitions
 * an {@link NStepAccumulator} writes), so the bootstrap discount is {@code gamma^horizon}.
 *
 * <p>Writes go to a cursor that wraps around: once full, the oldest transition is overwritten (FIFO).
 * {@link #sample(Rng, Batch)} draws indices uniformly with replacement from the filled slots (as SB3's
 * {@code ReplayBuffer.sample}) and copies them into a reusable {@link Batch}.
 *
 * <p>Not thread-safe.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int obsDim;
    private final int actDim; // 0 for discrete actions
    private final float[] obs;
    private final float[] nextObs;
    private final int[] actions;         // discrete only
    private final float[] contActions;   // continuous only
    private final float[] rewards;
    private final boolean[] terminated;
    private final byte[] horizons;
    private int pos;
    private int size;

    private ReplayBuffer(int capacity, int obsDim, int actDim) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive but was " + capacity);
        if (obsDim <= 0) throw new IllegalArgumentException("obsDim must be positive but was " + obsDim);
        if (actDim < 0) throw new IllegalArgumentException("actDim must be >= 0 (0 = discrete) but was " + actDim);
        long obsFloats = (long) capacity * obsDim;
        if (obsFloats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity * obsDim must fit in an array but was "
                    + capacity + " * " + obsDim + " = " + obsFloats);
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[(int) obsFloats];
        this.nextObs = new float[(int) obsFloats];
        this.actions = actDim == 0 ? new int[capacity] : null;
        this.contActions = actDim == 0 ? null : new float[capacity * actDim];
        this.rewards = new float[capacity];
        this.terminated = new boolean[capacity];
        this.horizons = new byte[capacity];
    }

    /** A buffer for discrete actions (one {@code int} per transition). */
    public static ReplayBuffer discrete(int capacity, int obsDim) {
        return new ReplayBuffer(capacity, obsDim, 0);
    }

    /** A buffer for continuous actions ({@code actDim} floats per transition). */
    public static ReplayBuffer continuous(int capacity, int obsDim, int actDim) {
        if (actDim <= 0) throw new IllegalArgumentException("actDim must be positive but was " + actDim);
        return new ReplayBuffer(capacity, obsDim, actDim);
    }

    public int capacity() { return capacity; }
    public int size() { return size; }
    public int obsDim() { return obsDim; }
    /** Action width: 0 for discrete actions. */
    public int actDim() { return actDim; }
    public boolean isDiscrete() { return actDim == 0; }
    public boolean isFull() { return size == capacity; }
    /** The slot the next {@code add} writes. */
    public int position() { return pos; }

    /**
     * Stores a one-step discrete transition; returns the slot written.
     *
     * @param obs observation {@code s} at {@code obs[obsOff .. obsOff + obsDim)}
     * @param nextObs the observation after the step, {@code s'}: the real final observation when the
     *                episode ended (not the reset observation of an autoreset)
     * @param terminated whether {@code s'} is terminal (no bootstrap); false on truncation
     */
    public int add(float[] obs, int obsOff, int action, float reward, float[] nextObs, int nextOff, boolean terminated) {
        return add(obs, obsOff, action, reward, nextObs, nextOff, terminated, 1);
    }

    /** Stores a discrete transition whose reward sums {@code horizon} discounted rewards; returns the slot. */
    public int add(float[] obs, int obsOff, int action, float reward, float[] nextObs, int nextOff,
                   boolean terminated, int horizon) {
        if (actDim != 0) throw new IllegalStateException("buffer holds continuous actions of width " + actDim
                + "; use add(obs, obsOff, float[] action, actOff, ...)");
        int slot = writeCommon(obs, obsOff, reward, nextObs, nextOff, terminated, horizon);
        actions[slot] = action;
        return advance(slot);
    }

    /** Stores a one-step continuous transition (action at {@code action[actOff .. actOff + actDim)}); returns the slot. */
    public int add(float[] obs, int obsOff, float[] action, int actOff, float reward, float[] nextObs, int nextOff,
                   boolean terminated) {
        return add(obs, obsOff, action, actOff, reward, nextObs, nextOff, terminated, 1);
    }

    /** Stores a continuous transition whose reward sums {@code horizon} discounted rewards; returns the slot. */
    public int add(float[] obs, int obsOff, float[] action, int actOff, float reward, float[] nextObs, int nextOff,
                   boolean terminated, int horizon) {
        if (actDim == 0) throw new IllegalStateException("buffer holds discrete actions; use add(obs, obsOff, int action, ...)");
        int slot = writeCommon(obs, obsOff, reward, nextObs, nextOff, terminated, horizon);
        System.arraycopy(action, actOff, contActions, slot * actDim, actDim);
        return advance(slot);
    }

    private int writeCommon(float[] o, int oOff, float reward, float[] no, int noOff, boolean term, int horizon) {
        if (horizon < 1 || horizon > 127) {
            throw new IllegalArgumentException("horizon must be in [1, 127] but was " + horizon);
        }
        int slot = pos;
        System.arraycopy(o, oOff, obs, slot * obsDim, obsDim);
        System.arraycopy(no, noOff, nextObs, slot * obsDim, obsDim);
        rewards[slot] = reward;
        terminated[slot] = term;
        horizons[slot] = (byte) horizon;
        return slot;
    }

    private int advance(int slot) {
        pos = pos + 1 == capacity ? 0 : pos + 1;
        if (size < capacity) size++;
        return slot;
    }

    /** A reusable batch of {@code batchSize} transitions shaped for this buffer. */
    public Batch newBatch(int batchSize) {
        return new Batch(batchSize, obsDim, actDim);
    }

    /**
     * Fills {@code batch} with {@code batch.size()} transitions drawn uniformly with replacement from
     * the filled slots; importance weights are set to 1.
     *
     * @throws IllegalStateException if the buffer is empty
     */
    public void sample(Rng rng, Batch batch) {
        checkBatch(batch);
        if (size == 0) throw new IllegalStateException("cannot sample from an empty replay buffer");
        int[] idx = batch.indices;
        for (int i = 0; i < batch.size; i++) idx[i] = rng.nextInt(size);
        java.util.Arrays.fill(batch.weights, 1f);
        gather(batch);
    }

    /** Copies the transitions at {@code batch.indices()} into the batch's arrays (weights untouched). */
    public void gather(Batch batch) {
        checkBatch(batch);
        int[] idx = batch.indices;
        for (int i = 0; i < batch.size; i++) {
            int j = idx[i];
            if (j < 0 || j >= size) throw new IndexOutOfBoundsException("index " + j + " outside [0, " + size + ")");
            System.arraycopy(obs, j * obsDim, batch.obs, i * obsDim, obsDim);
            System.arraycopy(nextObs, j * obsDim, batch.nextObs, i * obsDim, obsDim);
            if (actDim == 0) batch.actions[i] = actions[j];
            else System.arraycopy(contActions, j * actDim, batch.continuousActions, i * actDim, actDim);
            batch.rewards[i] = rewards[j];
            batch.terminated[i] = terminated[j] ? 1f : 0f;
            batch.horizons[i] = horizons[j];
        }
    }

    private void checkBatch(Batch b) {
        if (b.obsDim != obsDim || b.actDim != actDim) {
            throw new IllegalArgumentException("batch shaped for obsDim " + b.obsDim + ", actDim " + b.actDim
                    + " but buffer has obsDim " + obsDim + ", actDim " + actDim);
        }
    }

    /**
     * Writes the filled slots, the write cursor and the size under {@code prefix} (for a checkpoint,
     * {@link dev.bellman.core.Checkpoints}); {@link #restore} puts them back into a buffer of the same shape.
     */
    public void save(TrainingState.Writer w, String prefix) {
        w.put(prefix + "shape", new long[] {capacity, obsDim, actDim});
        w.putLong(prefix + "pos", pos);
        w.putLong(prefix + "size", size);
        w.put(prefix + "obs", java.util.Arrays.copyOf(obs, size * obsDim));
        w.put(prefix + "next_obs", java.util.Arrays.copyOf(nextObs, size * obsDim));
        if (actDim == 0) w.put(prefix + "actions", java.util.Arrays.copyOf(actions, size));
        else w.put(prefix + "actions", java.util.Arrays.copyOf(contActions, size * actDim));
        w.put(prefix + "rewards", java.util.Arrays.copyOf(rewards, size));
        w.put(prefix + "terminated", java.util.Arrays.copyOf(terminated, size));
        int[] h = new int[size];
        for (int i = 0; i < size; i++) h[i] = horizons[i];
        w.put(prefix + "horizons", h);
    }

    /**
     * Puts back what {@link #save} wrote under {@code prefix}.
     *
     * @throws IllegalArgumentException if it was saved from a buffer of another capacity, obsDim or actDim
     */
    public void restore(TrainingState.Reader r, String prefix) {
        long[] shape = r.longs(prefix + "shape");
        if (shape.length != 3 || shape[0] != capacity || shape[1] != obsDim || shape[2] != actDim) {
            throw new IllegalArgumentException("checkpointed replay buffer has capacity, obsDim, actDim "
                    + java.util.Arrays.toString(shape) + " but this run's has [" + capacity + ", " + obsDim + ", " + actDim + "]");
        }
        int n = (int) r.getLong(prefix + "size");
        int p = (int) r.getLong(prefix + "pos");
        if (n < 0 || n > capacity || p < 0 || p >= capacity) {
            throw new IllegalArgumentException("checkpointed replay buffer has size " + n + " and position " + p
                    + " outside capacity " + capacity);
        }
        System.arraycopy(sized(r.floats(prefix + "obs"), n * obsDim, prefix + "obs"), 0, obs, 0, n * obsDim);
        System.arraycopy(sized(r.floats(prefix + "next_obs"), n * obsDim, prefix + "next_obs"), 0, nextObs, 0, n * obsDim);
        if (actDim == 0) System.arraycopy(sized(r.ints(prefix + "actions"), n, prefix + "actions"), 0, actions, 0, n);
        else System.arraycopy(sized(r.floats(prefix + "actions"), n * actDim, prefix + "actions"), 0, contActions, 0, n * actDim);
        System.arraycopy(sized(r.floats(prefix + "rewards"), n, prefix + "rewards"), 0, rewards, 0, n);
        System.arraycopy(sized(r.booleans(prefix + "terminated"), n, prefix + "terminated"), 0, terminated, 0, n);
        int[] h = sized(r.ints(prefix + "horizons"), n, prefix + "horizons");
        for (int i = 0; i < n; i++) horizons[i] = (byte) h[i];
        pos = p;
        size = n;
    }

    private static <A> A sized(A array, int expected, String name) {
        int n = java.lang.reflect.Array.getLength(array);
        if (n != expected) {
            throw new IllegalArgumentException("checkpoint entry '" + name + "' has " + n + " elements but " + expected
                    + " were expected");
        }
        return array;
    }

    /** Clears the buffer (storage is kept). */
    public void clear() {
        pos = 0;
        size = 0;
    }

    /**
     * A reusable minibatch: flat row-major arrays, row {@code i} is the {@code i}-th sampled transition.
     * Fields are exposed as arrays for the hot path; treat them as read-only outside the buffer.
     */
    public static final class Batch {
        private final int size;
        private final int obsDim;
        private final int actDim;
        final float[] obs;
        final float[] nextObs;
        final int[] actions;
        final float[] continuousActions;
        final float[] rewards;
        final float[] terminated;
        final int[] horizons;
        final int[] indices;
        final float[] weights;

        Batch(int size, int obsDim, int actDim) {
            if (size <= 0) throw new IllegalArgumentException("batchSize must be positive but was " + size);
            this.size = size;
            this.obsDim = obsDim;
            this.actDim = actDim;
            this.obs = new float[size * obsDim];
            this.nextObs = new float[size * obsDim];
            this.actions = actDim == 0 ? new int[size] : null;
            this.continuousActions = actDim == 0 ? null : new float[size * actDim];
            this.rewards = new float[size];
            this.terminated = new float[size];
            this.horizons = new int[size];
            this.indices = new int[size];
            this.weights = new float[size];
        }

        public int size() { return size; }
        public int obsDim() { return obsDim; }
        public int actDim() { return actDim; }
        /** Observations {@code s}, {@code [size * obsDim]}. */
        public float[] obs() { return obs; }
        /** Next observations {@code s'}, {@code [size * obsDim]}. */
        public float[] nextObs() { return nextObs; }
        /** Discrete actions {@code [size]} (null for a continuous buffer). */
        public int[] actions() { return actions; }
        /** Continuous actions {@code [size * actDim]} (null for a discrete buffer). */
        public float[] continuousActions() { return continuousActions; }
        /** Rewards (n-step: the discounted sum of {@code horizon} rewards). */
        public float[] rewards() { return rewards; }
        /** 1 where {@code s'} is terminal (no bootstrap), else 0. */
        public float[] terminated() { return terminated; }
        /** Number of rewards summed into each reward; the bootstrap discount is {@code gamma^horizon}. */
        public int[] horizons() { return horizons; }
        /** Buffer slots of the sampled transitions (for priority updates). */
        public int[] indices() { return indices; }
        /** Importance-sampling weights (1 for uniform sampling). */
        public float[] weights() { return weights; }
    }
}
