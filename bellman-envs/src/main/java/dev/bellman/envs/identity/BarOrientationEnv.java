package dev.bellman.envs.identity;

import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;

import java.util.Map;

/**
 * An image identity task that a convolution solves quickly and a fully connected network on the same pixels does not:
 * a sanity check that byte images reach a convolutional torso intact.
 *
 * <h2>Description</h2>
 * Each step shows a {@code size}×{@code size} 0/1 image with one bar of two lit pixels, horizontal or vertical, at a
 * uniformly drawn position; the agent should name the bar's orientation. A 3×3 filter sees the orientation at every
 * position alike, so a convolutional torso learns it once; without that structure (an MLP, or {@code shuffle}) every
 * position is a separate case: {@code 2·size·(size−1)} bars to learn one by one. With {@code distractors} the image
 * also holds that many single lit pixels, none next to another lit pixel (no shared edge), so the bar is still the
 * only pair of neighbours: a 3×3 filter ignores them, a network that memorises whole images cannot. The next image
 * does not depend on the action.
 *
 * <h2>Action space</h2> {@code Discrete(2)}: 0 horizontal, 1 vertical.
 * <h2>Observation space</h2> {@code Box(False, True, (1, size, size), bool)}, bytes 0/1, one plane as MinAtar's. With
 * {@code shuffle} the pixels are permuted by a fixed permutation (the same for every instance and seed), which keeps
 * every image distinct but destroys locality.
 * <h2>Rewards</h2> 1 for the right orientation, 0 otherwise; an optimal policy earns one per step.
 * <h2>Starting state</h2> a uniformly drawn bar: orientation, then row, then column, from the env's generator; then
 * each distractor uniformly among the pixels that are not lit and have no lit neighbour (drawn by rejection).
 * <h2>Episode end</h2> never terminates; the registered time limit (100 steps) truncates.
 * <h2>Arguments</h2> {@code size} (default 10, at least 3), {@code shuffle} (default false), {@code distractors}
 * (default 0, at most {@code size²/10}).
 * <h2>Version history</h2> v0: first version.
 */
public final class BarOrientationEnv implements Snapshottable, Env<byte[], Integer> {
    private final int size;
    private final int[] permutation; // null without shuffle: pixel k of the image goes to index permutation[k]
    private final ByteBox observationSpace;
    private final Discrete actionSpace = new Discrete(2);
    private NpRandom rng;
    private int orientation = -1;
    private int row;
    private int col;
    private final int[] distractors; // pixel indices (before the permutation)

    public BarOrientationEnv(int size, boolean shuffle, int distractors) {
        if (size < 3) throw new IllegalArgumentException("size must be at least 3 but was " + size);
        if (distractors < 0 || distractors > size * size / 10) {
            throw new IllegalArgumentException("distractors must be in [0, size²/10 = " + size * size / 10 + "] but was "
                    + distractors);
        }
        this.size = size;
        this.distractors = new int[distractors];
        this.observationSpace = ByteBox.binary(1, size, size);
        this.permutation = shuffle ? permutation(size * size) : null;
    }

    /** A Fisher-Yates permutation of {@code 0..n-1} from a fixed seed. */
    private static int[] permutation(int n) {
        NpRandom r = new NpRandom(20_240_101L);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) r.integers(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public Reset<byte[]> reset(Long seed, Map<String, Object> options) {
        if (seed != null) rng = new NpRandom(seed);
        else if (rng == null) rng = NpRandom.fromEntropy();
        draw();
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<byte[]> step(Integer action) {
        if (orientation < 0) throw new IllegalStateException("step() before reset()");
        if (action == null || !actionSpace.contains(action)) {
            throw new IllegalArgumentException("action " + action + " is outside the action space " + actionSpace);
        }
        double reward = action == orientation ? 1.0 : 0.0;
        draw();
        return new Step<>(observation(), reward, false, false, Map.of());
    }

    private void draw() {
        orientation = (int) rng.integers(2);
        // a horizontal bar covers (row, col), (row, col + 1); a vertical one (row, col), (row + 1, col)
        row = (int) rng.integers(orientation == 0 ? size : size - 1);
        col = (int) rng.integers(orientation == 0 ? size - 1 : size);
        byte[] lit = image(0);
        for (int k = 0; k < distractors.length; k++) {
            int p;
            do {
                p = (int) rng.integers(size * size);
            } while (litOrNextToLit(lit, p));
            distractors[k] = p;
            lit[p] = 1;
        }
    }

    private boolean litOrNextToLit(byte[] lit, int p) {
        int r = p / size, c = p % size;
        return lit[p] != 0 || (r > 0 && lit[p - size] != 0) || (r < size - 1 && lit[p + size] != 0)
                || (c > 0 && lit[p - 1] != 0) || (c < size - 1 && lit[p + 1] != 0);
    }

    /** The bar and the first {@code k} distractors, unpermuted. */
    private byte[] image(int k) {
        byte[] o = new byte[size * size];
        int a = row * size + col;
        o[a] = 1;
        o[orientation == 0 ? a + 1 : a + size] = 1;
        for (int i = 0; i < k && i < distractors.length; i++) o[distractors[i]] = 1;
        return o;
    }

    private byte[] observation() {
        byte[] o = image(0);
        for (int p : distractors) o[p] = 1;
        if (permutation == null) return o;
        byte[] shuffled = new byte[o.length];
        for (int k = 0; k < o.length; k++) shuffled[permutation[k]] = o[k];
        return shuffled;
    }

    /** The orientation the current image shows (0 horizontal, 1 vertical); for tests. */
    int orientation() {
        return orientation;
    }

    @Override
    public Space<byte[]> observationSpace() { return observationSpace; }

    @Override
    public Space<Integer> actionSpace() { return actionSpace; }

    @Override
    public void close() {}

    /** Snapshot: generator present (0/1), its 8 longs, orientation, row, column, the distractors. */
    @Override
    public long[] snapshot() {
        long[] out = new long[12 + distractors.length];
        for (int k = 0; k < distractors.length; k++) out[12 + k] = distractors[k];
        RngSlots.write(rng, out);
        out[9] = orientation;
        out[10] = row;
        out[11] = col;
        return out;
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, 12 + distractors.length, this);
        for (int k = 0; k < distractors.length; k++) distractors[k] = (int) v[12 + k];
        rng = RngSlots.read(v);
        orientation = (int) v[9];
        row = (int) v[10];
        col = (int) v[11];
    }
}
