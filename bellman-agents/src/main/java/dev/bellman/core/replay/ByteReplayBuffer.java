package dev.bellman.core.replay;

import dev.bellman.core.TrainingState;
import dev.bellman.env.ByteBox;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.ByteImages;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Experience replay (Lin 1992; Mnih et al. 2015) for observations of 8-bit values ({@link ByteBox}: images, 0/1
 * planes), storing each observation once, as bytes (4× less than {@link ReplayBuffer}'s floats) or, for 0/1 planes,
 * as bits (32× less). Discrete actions; uniform sampling with replacement into a reusable {@link Batch} whose
 * observations a convolutional first layer reads as {@link ByteImages}, with no float copy.
 *
 * <h2>Layout</h2>
 * Observations live in a ring of {@code frameCapacity} <em>frames</em>; a transition {@code (s, a, r, s', terminated,
 * horizon)} names the frames of {@code s} and {@code s'} by serial number (frame {@code k} sits in slot
 * {@code k mod frameCapacity}). Consecutive transitions of one vector copy share a frame: when {@code s} equals the
 * {@code s'} that copy stored last, its frame is reused instead of written again (Stable-Baselines3's
 * {@code optimize_memory_usage}: next observation = the following slot). Unlike that scheme, an episode end costs
 * nothing in correctness: a transition that ended an episode keeps its real final observation as {@code s'} (needed
 * to bootstrap a truncation), and the next episode's first observation, which differs, gets a frame of its own.
 * So a stream of episodes of length L uses about {@code 1 + 1/L} frames per transition; n-step transitions, whose
 * {@code s} is not the previous {@code s'}, use two.
 *
 * <h2>Eviction</h2>
 * Transitions leave oldest first: when {@code capacity} are stored, or when a new frame would overwrite a frame an
 * old transition still names (many short episodes). {@link #size()} is the number of live transitions, at most
 * {@code capacity}; {@link #defaultFrameCapacity} leaves room for episodes of 4 or more steps per copy. A frame is
 * reused only within a window of {@code W = 2·numEnvs} frames (the copy's previous {@code s'} when copies add in turn),
 * so every transition's {@code s} is at most {@code W} frames older than its {@code s'}; before a frame is overwritten
 * the transitions whose {@code s'} lies within {@code W} of it leave, which are the oldest ones since {@code s'}
 * frames are written in order. Copies that add out of turn only lose the sharing, never correctness.
 *
 * <p>Memory: {@link #allocatedBytes()} counts every array held. For 100,000 MinAtar transitions (4×10×10 0/1 planes)
 * that is 125,004 frames of 50 bytes plus 26 bytes per transition: about 8.9 MB (floats: 320 MB).
 *
 * <p>Not thread-safe.
 */
public final class ByteReplayBuffer {
    private final int capacity;
    private final int frameCapacity;
    private final int numEnvs;
    private final int[] shape;
    private final int obsSize;       // values per observation
    private final boolean bits;      // 0/1 values packed 8 per byte
    private final int frameBytes;    // stored bytes per frame
    private final byte[] frames;     // [frameCapacity][frameBytes]
    private final byte[] scratch;    // the packed form of the observation being added
    private long framesWritten;      // serial of the next frame
    // transitions, a ring of capacity slots, the oldest at head
    private final long[] obsFrame;
    private final long[] nextFrame;
    private final int[] actions;
    private final float[] rewards;
    private final boolean[] terminated;
    private final byte[] horizons;
    private int head;
    private int size;
    private final int window;        // W: a reused frame is at most this many frames older than the next one
    private final long[] lastNextFrame; // per vector copy, the frame of the s' it stored last, or -1

    /**
     * @param capacity      most transitions held
     * @param frameCapacity observations held (at least {@code 2·numEnvs + 2}); {@link #defaultFrameCapacity} suits
     *                      episodes of 4+ steps
     * @param numEnvs       vector copies adding transitions (each reuses its own last {@code s'})
     * @param shape         one observation's shape ({@code [C, H, W]} for {@link Batch#images()})
     * @param bits          store each value as one bit (the values must be 0 or 1)
     */
    public ByteReplayBuffer(int capacity, int frameCapacity, int numEnvs, int[] shape, boolean bits) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive but was " + capacity);
        if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
        if (frameCapacity < 2L * numEnvs + 2) {
            throw new IllegalArgumentException("frameCapacity must be at least 2 * numEnvs + 2 = " + (2L * numEnvs + 2)
                    + " but was " + frameCapacity);
        }
        long n = 1;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("shape must be positive but was " + Arrays.toString(shape));
            n *= d;
        }
        if (shape.length == 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape must have 1 to 2^31 - 1 elements but was " + Arrays.toString(shape));
        }
        this.capacity = capacity;
        this.frameCapacity = frameCapacity;
        this.numEnvs = numEnvs;
        this.window = 2 * numEnvs;
        this.shape = shape.clone();
        this.obsSize = (int) n;
        this.bits = bits;
        this.frameBytes = bits ? (obsSize + 7) / 8 : obsSize;
        long total = (long) frameCapacity * frameBytes;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frameCapacity * bytes per frame must fit in an array but was "
                    + frameCapacity + " * " + frameBytes + " = " + total);
        }
        this.frames = new byte[(int) total];
        this.scratch = new byte[frameBytes];
        this.obsFrame = new long[capacity];
        this.nextFrame = new long[capacity];
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.terminated = new boolean[capacity];
        this.horizons = new byte[capacity];
        this.lastNextFrame = new long[numEnvs];
        Arrays.fill(lastNextFrame, -1);
    }

    /** A buffer for observations of {@code space}: bits when it is 0/1 ({@link ByteBox#isBinary()}), else bytes. */
    public static ByteReplayBuffer forSpace(ByteBox space, int capacity, int numEnvs) {
        return new ByteReplayBuffer(capacity, defaultFrameCapacity(capacity, numEnvs), numEnvs, space.shape(),
                space.isBinary());
    }

    /**
     * {@code capacity + capacity / 4 + 2·numEnvs + 2}: a frame per transition, one more per 4 steps, and the reuse
     * window.
     */
    public static int defaultFrameCapacity(int capacity, int numEnvs) {
        return (int) Math.min(Integer.MAX_VALUE - 8L, capacity + capacity / 4L + 2L * numEnvs + 2);
    }

    public int capacity() { return capacity; }
    public int frameCapacity() { return frameCapacity; }
    /** Live transitions. */
    public int size() { return size; }
    /** Values per observation. */
    public int obsSize() { return obsSize; }
    /** Whether values are stored as bits. */
    public boolean storesBits() { return bits; }
    /** Frames written so far (each is one stored observation). */
    public long framesWritten() { return framesWritten; }

    /** Bytes of every array this buffer holds (element sizes; object headers excluded). */
    public long allocatedBytes() {
        return (long) frames.length + scratch.length + 8L * capacity * 2 + 4L * capacity * 2 + capacity * 2L
                + 8L * numEnvs;
    }

    /**
     * Stores a transition of vector copy {@code env}; values are read as unsigned bytes.
     *
     * @param obs      {@code s} at {@code obs[obsOff .. obsOff + obsSize)}
     * @param next     {@code s'} at {@code next[nextOff ..]}: the real final observation when the episode ended
     * @param terminated whether {@code s'} is terminal (no bootstrap); false on truncation
     * @param horizon  rewards summed into {@code reward} (1 for one-step transitions)
     * @throws IllegalArgumentException when a bit buffer is given a value other than 0 or 1
     */
    public void add(int env, byte[] obs, int obsOff, int action, float reward, byte[] next, int nextOff,
                    boolean terminated, int horizon) {
        if (env < 0 || env >= numEnvs) throw new IndexOutOfBoundsException("env " + env + " outside [0, " + numEnvs + ")");
        if (horizon < 1 || horizon > 127) throw new IllegalArgumentException("horizon must be in [1, 127] but was " + horizon);
        if (size == capacity) dropOldest();
        pack(obs, obsOff);
        long s = lastNextFrame[env];
        boolean reuse = s >= 0 && s >= framesWritten - window
                && Arrays.equals(frames, slot(s), slot(s) + frameBytes, scratch, 0, frameBytes);
        if (!reuse) s = writeScratch();
        pack(next, nextOff);
        long sNext = writeScratch();
        int t = (head + size) % capacity;
        obsFrame[t] = s;
        nextFrame[t] = sNext;
        actions[t] = action;
        rewards[t] = reward;
        this.terminated[t] = terminated;
        horizons[t] = (byte) horizon;
        size++;
        lastNextFrame[env] = sNext;
    }

    private int slot(long frame) {
        return (int) (frame % frameCapacity) * frameBytes;
    }

    private void pack(byte[] src, int off) {
        if (!bits) {
            System.arraycopy(src, off, scratch, 0, obsSize);
            return;
        }
        Arrays.fill(scratch, (byte) 0);
        for (int k = 0; k < obsSize; k++) {
            int v = src[off + k] & 0xFF;
            if (v > 1) {
                throw new IllegalArgumentException("a bit replay buffer stores 0/1 values but element " + k
                        + " of the observation was " + v);
            }
            scratch[k >>> 3] |= (byte) (v << (k & 7));
        }
    }

    /**
     * Writes the scratch frame, first evicting every transition that may name the frame it overwrites: those whose
     * {@code s'} is within the window of it (their {@code s} is no older than {@code s' − W}).
     */
    private long writeScratch() {
        long serial = framesWritten;
        long overwritten = serial - frameCapacity;
        while (size > 0 && nextFrame[head] - window <= overwritten) dropOldest();
        System.arraycopy(scratch, 0, frames, slot(serial), frameBytes);
        framesWritten++;
        return serial;
    }

    private void dropOldest() {
        head = head + 1 == capacity ? 0 : head + 1;
        size--;
    }

    /** {@code byte[]} as little-endian longs: byte j of a long is the value at index + j. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** {@code SPREAD[b]}: the 8 bytes {@code (b >>> j) & 1}, j = 0..7, as a little-endian long. */
    private static final long[] SPREAD = new long[256];

    static {
        for (int b = 0; b < 256; b++) {
            long v = 0;
            for (int j = 0; j < 8; j++) v |= (long) ((b >>> j) & 1) << (8 * j);
            SPREAD[b] = v;
        }
    }

    private void unpack(long frame, byte[] out, int off) {
        int base = slot(frame);
        if (!bits) {
            System.arraycopy(frames, base, out, off, obsSize);
            return;
        }
        int whole = obsSize & ~7;
        for (int k = 0; k < whole; k += 8) { // a packed byte at a time, its 8 values written as one long
            LONGS.set(out, off + k, SPREAD[frames[base + (k >>> 3)] & 0xFF]);
        }
        for (int k = whole; k < obsSize; k++) {
            out[off + k] = (byte) ((frames[base + (k >>> 3)] >>> (k & 7)) & 1);
        }
    }

    /** A reusable batch of {@code batchSize} transitions shaped for this buffer. */
    public Batch newBatch(int batchSize) {
        return new Batch(batchSize, shape, obsSize);
    }

    /**
     * Fills {@code batch} with transitions drawn uniformly with replacement from the live ones (bits unpacked to
     * bytes 0/1).
     *
     * @throws IllegalStateException if the buffer is empty
     */
    public void sample(Rng rng, Batch batch) {
        if (batch.obsSize != obsSize) {
            throw new IllegalArgumentException("batch shaped for " + batch.obsSize + " values per observation but the buffer holds "
                    + obsSize);
        }
        if (size == 0) throw new IllegalStateException("cannot sample from an empty replay buffer");
        for (int i = 0; i < batch.size; i++) batch.indices[i] = rng.nextInt(size);
        gather(batch);
    }

    /** Copies the live transitions at {@code batch.indices()} (0 = the oldest) into the batch's arrays. */
    public void gather(Batch batch) {
        for (int i = 0; i < batch.size; i++) {
            int j = batch.indices[i];
            if (j < 0 || j >= size) throw new IndexOutOfBoundsException("index " + j + " outside [0, " + size + ")");
            int t = (head + j) % capacity;
            unpack(obsFrame[t], batch.obs, i * obsSize);
            unpack(nextFrame[t], batch.nextObs, i * obsSize);
            batch.actions[i] = actions[t];
            batch.rewards[i] = rewards[t];
            batch.terminated[i] = terminated[t] ? 1f : 0f;
            batch.horizons[i] = horizons[t];
        }
    }

    /**
     * Writes the buffer's complete state under {@code prefix} (for a checkpoint): frames, transitions, cursors and
     * each copy's last frame, so a restored buffer samples and reuses frames exactly as this one.
     */
    public void save(TrainingState.Writer w, String prefix) {
        w.put(prefix + "shape", new long[] {capacity, frameCapacity, numEnvs, obsSize, bits ? 1 : 0});
        w.put(prefix + "frames", frames);
        w.put(prefix + "cursors", new long[] {framesWritten, head, size});
        w.put(prefix + "last_next_frame", lastNextFrame);
        w.put(prefix + "obs_frame", obsFrame);
        w.put(prefix + "next_frame", nextFrame);
        w.put(prefix + "actions", actions);
        w.put(prefix + "rewards", rewards);
        w.put(prefix + "terminated", terminated);
        w.put(prefix + "horizons", horizons);
    }

    /**
     * Puts back what {@link #save} wrote under {@code prefix}.
     *
     * @throws IllegalArgumentException if it was saved from a buffer of another shape
     */
    public void restore(TrainingState.Reader r, String prefix) {
        long[] s = r.longs(prefix + "shape");
        long[] mine = {capacity, frameCapacity, numEnvs, obsSize, bits ? 1 : 0};
        if (!Arrays.equals(s, mine)) {
            throw new IllegalArgumentException("checkpointed byte replay buffer has capacity, frames, envs, values, bits "
                    + Arrays.toString(s) + " but this run's has " + Arrays.toString(mine));
        }
        long[] c = r.longs(prefix + "cursors");
        if (c.length != 3 || c[2] < 0 || c[2] > capacity || c[1] < 0 || c[1] >= capacity) {
            throw new IllegalArgumentException("checkpointed byte replay buffer has cursors " + Arrays.toString(c)
                    + " outside capacity " + capacity);
        }
        r.bytesInto(prefix + "frames", frames);
        r.longsInto(prefix + "last_next_frame", lastNextFrame);
        r.longsInto(prefix + "obs_frame", obsFrame);
        r.longsInto(prefix + "next_frame", nextFrame);
        r.intsInto(prefix + "actions", actions);
        r.floatsInto(prefix + "rewards", rewards);
        r.booleansInto(prefix + "terminated", terminated);
        r.bytesInto(prefix + "horizons", horizons);
        framesWritten = c[0];
        head = (int) c[1];
        size = (int) c[2];
    }

    /** Drops every transition (storage is kept). */
    public void clear() {
        head = 0;
        size = 0;
        Arrays.fill(lastNextFrame, -1);
    }

    /**
     * A reusable minibatch: row {@code i} is the {@code i}-th sampled transition, observations as bytes 0–255 (0/1
     * for planes). Treat the arrays as read-only outside the buffer.
     */
    public static final class Batch {
        private final int size;
        private final int obsSize;
        final byte[] obs;
        final byte[] nextObs;
        final int[] actions;
        final float[] rewards;
        final float[] terminated;
        final int[] horizons;
        final int[] indices;
        private final ByteImages images;
        private final ByteImages nextImages;

        Batch(int size, int[] shape, int obsSize) {
            if (size <= 0) throw new IllegalArgumentException("batchSize must be positive but was " + size);
            this.size = size;
            this.obsSize = obsSize;
            this.obs = new byte[size * obsSize];
            this.nextObs = new byte[size * obsSize];
            this.actions = new int[size];
            this.rewards = new float[size];
            this.terminated = new float[size];
            this.horizons = new int[size];
            this.indices = new int[size];
            boolean chw = shape.length == 3;
            this.images = chw ? new ByteImages(obs, 0, size, shape[0], shape[1], shape[2]) : null;
            this.nextImages = chw ? new ByteImages(nextObs, 0, size, shape[0], shape[1], shape[2]) : null;
        }

        public int size() { return size; }
        /** Observations {@code s}, {@code [size * obsSize]} bytes. */
        public byte[] obs() { return obs; }
        /** Next observations {@code s'}, {@code [size * obsSize]} bytes. */
        public byte[] nextObs() { return nextObs; }
        /** {@link #obs()} as images {@code [size, C, H, W]} (a view; null unless observations are {@code [C, H, W]}). */
        public ByteImages images() { return images; }
        /** {@link #nextObs()} as images {@code [size, C, H, W]} (a view; null unless observations are {@code [C, H, W]}). */
        public ByteImages nextImages() { return nextImages; }
        public int[] actions() { return actions; }
        /** Rewards (n-step: the discounted sum of {@code horizon} rewards). */
        public float[] rewards() { return rewards; }
        /** 1 where {@code s'} is terminal (no bootstrap), else 0. */
        public float[] terminated() { return terminated; }
        /** Rewards summed into each reward; the bootstrap discount is {@code gamma^horizon}. */
        public int[] horizons() { return horizons; }
        /** Positions of the sampled transitions among the live ones, oldest first. */
        public int[] indices() { return indices; }
    }
}
