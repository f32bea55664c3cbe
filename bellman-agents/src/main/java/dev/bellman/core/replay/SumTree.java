package dev.bellman.core.replay;

/**
 * A sum tree (and min tree) over {@code capacity} non-negative priorities, the data structure of
 * proportional prioritized replay (Schaul et al. 2016, "Prioritized Experience Replay", ICLR,
 * Sec. 3.3 and Appendix B.2.1): {@link #set} and {@link #find} in O(log n), {@link #total} and
 * {@link #min} in O(1).
 *
 * <p>Stored as two implicit binary trees in arrays of {@code 2 * size} doubles, where {@code size}
 * is {@code capacity} rounded up to a power of two; leaves are at {@code size + i}. Sums are kept in
 * double precision so that millions of updates do not drift. Leaves never set hold priority 0 (and
 * +infinity in the min tree), so they are never found and never count as the minimum.
 */
public final class SumTree {
    private final int capacity;
    private final int size;
    private final double[] sum;
    private final double[] min;

    public SumTree(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive but was " + capacity);
        if (capacity > (1 << 29)) throw new IllegalArgumentException("capacity must be at most 2^29 but was " + capacity);
        this.capacity = capacity;
        this.size = Integer.highestOneBit(capacity) == capacity ? capacity : Integer.highestOneBit(capacity) << 1;
        this.sum = new double[2 * size];
        this.min = new double[2 * size];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    }

    public int capacity() { return capacity; }

    /** Sets the priority of leaf {@code i}. */
    public void set(int i, double priority) {
        if (i < 0 || i >= capacity) throw new IndexOutOfBoundsException("leaf " + i + " outside [0, " + capacity + ")");
        if (!(priority >= 0) || Double.isInfinite(priority)) {
            throw new IllegalArgumentException("priority must be finite and >= 0 but was " + priority);
        }
        int node = size + i;
        sum[node] = priority;
        min[node] = priority;
        node >>= 1;
        while (node >= 1) {
            sum[node] = sum[2 * node] + sum[2 * node + 1];
            min[node] = Math.min(min[2 * node], min[2 * node + 1]);
            node >>= 1;
        }
    }

    /** The priority of leaf {@code i}. */
    public double get(int i) {
        if (i < 0 || i >= capacity) throw new IndexOutOfBoundsException("leaf " + i + " outside [0, " + capacity + ")");
        return sum[size + i];
    }

    /** Sum of all priorities. */
    public double total() { return sum[1]; }

    /** Smallest priority among the leaves set (+infinity when none is set). */
    public double min() { return min[1]; }

    /** Copies of the leaves of the sum and min trees ({@code 2 * capacity} doubles), for {@link #setLeaves}. */
    public double[] leaves() {
        double[] out = new double[2 * capacity];
        System.arraycopy(sum, size, out, 0, capacity);
        System.arraycopy(min, size, out, capacity, capacity);
        return out;
    }

    /**
     * Restores the leaves {@link #leaves()} returned and rebuilds the inner nodes bottom-up. Every inner node is
     * the sum (min) of its two children after any sequence of {@link #set} calls, so the rebuilt tree equals the
     * saved one bit for bit.
     */
    public void setLeaves(double[] leaves) {
        if (leaves.length != 2 * capacity) {
            throw new IllegalArgumentException("leaves must hold 2 * " + capacity + " values but held " + leaves.length);
        }
        java.util.Arrays.fill(sum, 0.0);
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        System.arraycopy(leaves, 0, sum, size, capacity);
        System.arraycopy(leaves, capacity, min, size, capacity);
        for (int node = size - 1; node >= 1; node--) {
            sum[node] = sum[2 * node] + sum[2 * node + 1];
            min[node] = Math.min(min[2 * node], min[2 * node + 1]);
        }
    }

    /**
     * The leaf {@code i} with {@code prefix(i) <= mass < prefix(i) + p(i)}, where {@code prefix(i)} is
     * the sum of the priorities of leaves before {@code i}: sampling {@code mass} uniformly in
     * {@code [0, total)} picks leaf {@code i} with probability {@code p(i) / total}. Leaves of zero
     * priority are never returned; a {@code mass} at or past the total (rounding) returns the last
     * leaf of positive priority.
     *
     * @throws IllegalStateException if every priority is zero
     */
    public int find(double mass) {
        if (!(sum[1] > 0)) throw new IllegalStateException("cannot sample: every priority is zero");
        int node = 1;
        while (node < size) {
            int left = 2 * node;
            if (mass < sum[left] || sum[left + 1] <= 0) {
                node = left;
            } else {
                mass -= sum[left];
                node = left + 1;
            }
        }
        int i = node - size;
        // rounding can land on a zero leaf left of a positive one; step to a positive leaf
        while (sum[size + i] <= 0 && i > 0) i--;
        while (sum[size + i] <= 0) i++;
        return i;
    }
}
