package dev.bellman.envs.toytext;

import dev.bellman.env.TabularModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable P(s', r, terminated | s, a) table in flat arrays (compressed rows: the outcomes of (s, a) are entries
 * {@code rowStart[s * nA + a] .. rowStart[s * nA + a + 1] - 1}), plus the initial state distribution.
 *
 * <p>Sampling follows Gymnasium's {@code toy_text.utils.categorical_sample} exactly: the cumulative sum of the
 * probabilities, summed left to right in double precision as {@code np.cumsum} does, then the first index whose
 * cumulative sum is strictly greater than one uniform draw from {@code np_random.random()}, or index 0 when none is
 * ({@code np.argmax} of an all-false array).
 */
final class TransitionTable implements TabularModel {

    private final int numStates;
    private final int numActions;
    private final int[] rowStart;
    private final double[] probability;
    private final int[] nextState;
    private final double[] reward;
    private final boolean[] terminated;
    private final double[] initial;
    private final List<List<Transition>> rows;

    private TransitionTable(Builder b, double[] initial) {
        this.numStates = b.numStates;
        this.numActions = b.numActions;
        int cells = numStates * numActions;
        this.rowStart = new int[cells + 1];
        int n = 0;
        for (int c = 0; c < cells; c++) {
            if (b.cells.get(c).isEmpty()) {
                throw new IllegalStateException("no transition for state " + c / numActions + " action " + c % numActions);
            }
            rowStart[c] = n;
            n += b.cells.get(c).size();
        }
        rowStart[cells] = n;
        probability = new double[n];
        nextState = new int[n];
        reward = new double[n];
        terminated = new boolean[n];
        List<List<Transition>> r = new ArrayList<>(cells);
        for (int c = 0; c < cells; c++) {
            List<Transition> cell = b.cells.get(c);
            for (int k = 0; k < cell.size(); k++) {
                Transition t = cell.get(k);
                int i = rowStart[c] + k;
                probability[i] = t.probability();
                nextState[i] = t.nextState();
                reward[i] = t.reward();
                terminated[i] = t.terminated();
            }
            r.add(List.copyOf(cell));
        }
        this.rows = List.copyOf(r);
        if (initial.length != numStates) {
            throw new IllegalArgumentException(
                    "initial distribution must have length " + numStates + " but had " + initial.length);
        }
        this.initial = initial.clone();
    }

    /** Builds a table row by row; {@link #add} appends outcomes in sampling order. */
    static final class Builder {
        private final int numStates;
        private final int numActions;
        private final List<List<Transition>> cells;

        Builder(int numStates, int numActions) {
            if (numStates <= 0 || numActions <= 0) {
                throw new IllegalArgumentException(
                        "numStates and numActions must be positive but were " + numStates + " and " + numActions);
            }
            this.numStates = numStates;
            this.numActions = numActions;
            this.cells = new ArrayList<>(numStates * numActions);
            for (int c = 0; c < numStates * numActions; c++) {
                cells.add(new ArrayList<>(3));
            }
        }

        Builder add(int s, int a, double p, int next, double r, boolean term) {
            if (next < 0 || next >= numStates) {
                throw new IllegalArgumentException("next state must be in [0, " + numStates + ") but was " + next);
            }
            cells.get(s * numActions + a).add(new Transition(p, next, r, term));
            return this;
        }

        /** The table with the given initial state distribution (already normalised). */
        TransitionTable build(double[] initialDistribution) {
            return new TransitionTable(this, initialDistribution);
        }
    }

    /**
     * Gymnasium's {@code categorical_sample}: first index i with cumsum(p)[i] &gt; u, else 0.
     *
     * @param p probabilities (need not sum exactly to 1)
     * @param u one uniform draw in [0, 1)
     */
    static int categoricalSample(double[] p, double u) {
        return categoricalSample(p, 0, p.length, u);
    }

    static int categoricalSample(double[] p, int from, int to, double u) {
        double cum = 0.0;
        for (int i = from; i < to; i++) {
            cum += p[i];
            if (cum > u) {
                return i - from;
            }
        }
        return 0;
    }

    /** Index (into the flat arrays) of the sampled outcome of (s, a) for the uniform draw {@code u}. */
    int sample(int s, int a, double u) {
        int c = s * numActions + a;
        int from = rowStart[c];
        return from + categoricalSample(probability, from, rowStart[c + 1], u);
    }

    /** Samples an initial state from the initial distribution with the uniform draw {@code u}. */
    int sampleInitial(double u) {
        return categoricalSample(initial, u);
    }

    double probabilityAt(int i) {
        return probability[i];
    }

    int nextStateAt(int i) {
        return nextState[i];
    }

    double rewardAt(int i) {
        return reward[i];
    }

    boolean terminatedAt(int i) {
        return terminated[i];
    }

    @Override
    public int numStates() {
        return numStates;
    }

    @Override
    public int numActions() {
        return numActions;
    }

    @Override
    public List<Transition> transitions(int state, int action) {
        checkState(state);
        if (action < 0 || action >= numActions) {
            throw new IllegalArgumentException("action must be in [0, " + numActions + ") but was " + action);
        }
        return rows.get(state * numActions + action);
    }

    void checkState(int state) {
        if (state < 0 || state >= numStates) {
            throw new IllegalArgumentException("state must be in [0, " + numStates + ") but was " + state);
        }
    }

    @Override
    public double[] initialStateDistribution() {
        return initial.clone();
    }

    @Override
    public String toString() {
        return "TransitionTable[numStates=" + numStates + ", numActions=" + numActions + ", entries="
                + probability.length + ", initialSupport=" + Arrays.stream(initial).filter(x -> x > 0).count() + "]";
    }
}
