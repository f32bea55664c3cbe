package dev.bellman.algorithms.tabular;

import java.util.Arrays;

/**
 * A finite Markov decision process (Sutton and Barto 2018, §3.1): states {@code 0..numStates-1}, actions
 * {@code 0..numActions-1}, and for every pair (s, a) the list of outcomes (p, s', r, terminated) of the
 * four-argument dynamics p(s', r | s, a) (eq. 3.2), plus an initial-state distribution.
 *
 * <p>The outcome list has Gymnasium's {@code env.P[s][a]} semantics: {@code terminated} says that the
 * episode ends on entering s', so a backup does not bootstrap from s' on that outcome. Planning
 * algorithms read the model only through {@link #expectedBackup(int, int, double[], double)}, which
 * computes the exact expectation Σ p·(r + γ·(1 − terminated)·V(s')).
 *
 * <p>Build one with {@link #fromArrays(double[][][], double[][][], boolean[])} from user-supplied
 * arrays, with {@link #builder(int, int)} outcome by outcome, or with {@link EnvModels#mdp} from an env
 * that exposes its transition model.
 *
 * <p>A state is <em>terminal</em> ({@link #isTerminal(int)}) when its value is zero under every policy
 * by construction and episodes never continue from it: either every action leaves it in place with
 * reward zero (an absorbing state, as Gymnasium's FrozenLake holes), or it is not an initial state and
 * every transition into it terminates the episode (as CliffWalking's goal). Planning algorithms fix
 * V = 0 there and printers mark it instead of drawing an arrow.
 *
 * <p>Storage is compressed by (s, a) row: outcomes of pair {@code k = s * numActions + a} occupy
 * indices {@code start[k] .. start[k + 1] - 1} of the parallel arrays.
 */
public final class Mdp {
    /** How far from 1 the outcome probabilities of one (s, a) may sum. */
    static final double PROBABILITY_TOLERANCE = 1e-9;

    private final String name;
    private final int numStates;
    private final int numActions;
    private final int[] start;
    private final double[] probability;
    private final int[] nextState;
    private final double[] reward;
    private final boolean[] terminated;
    private final double[] initialDistribution;
    private final boolean[] terminal;
    private final boolean[] reachable;
    private final GridLayout grid;

    private Mdp(String name, int numStates, int numActions, int[] start, double[] probability, int[] nextState,
                double[] reward, boolean[] terminated, double[] initialDistribution, GridLayout grid) {
        this.name = name;
        this.numStates = numStates;
        this.numActions = numActions;
        this.start = start;
        this.probability = probability;
        this.nextState = nextState;
        this.reward = reward;
        this.terminated = terminated;
        this.initialDistribution = initialDistribution;
        this.grid = grid;
        this.terminal = findTerminal();
        this.reachable = findReachable();
    }

    /**
     * Builds an MDP from dense arrays.
     *
     * @param transitionProbabilities {@code P[s][a][s']} = p(s' | s, a); each row of a non-terminal state sums to 1
     * @param rewards {@code R[s][a][s']}, the reward received on that transition
     * @param terminalStates {@code terminalStates[s]} marks terminal states: entering one ends the episode and
     *     their own rows are ignored (they are made absorbing with reward 0); may be null for none
     * @return the MDP, with the uniform initial distribution over non-terminal states
     * @throws IllegalArgumentException naming the offending index when shapes disagree, a probability is outside
     *     [0, 1] or a row does not sum to 1, or a reward is not finite
     */
    public static Mdp fromArrays(double[][][] transitionProbabilities, double[][][] rewards, boolean[] terminalStates) {
        if (transitionProbabilities == null || rewards == null) {
            throw new IllegalArgumentException("transitionProbabilities and rewards must not be null");
        }
        int nS = transitionProbabilities.length;
        if (nS == 0) throw new IllegalArgumentException("transitionProbabilities must have at least one state but had 0");
        if (transitionProbabilities[0] == null || transitionProbabilities[0].length == 0) {
            throw new IllegalArgumentException("transitionProbabilities[0] must have at least one action");
        }
        int nA = transitionProbabilities[0].length;
        if (rewards.length != nS) {
            throw new IllegalArgumentException("rewards must have " + nS + " states (as transitionProbabilities) but had " + rewards.length);
        }
        if (terminalStates != null && terminalStates.length != nS) {
            throw new IllegalArgumentException("terminalStates must have length " + nS + " but had " + terminalStates.length);
        }
        Builder b = builder(nS, nA);
        for (int s = 0; s < nS; s++) {
            if (terminalStates != null && terminalStates[s]) {
                for (int a = 0; a < nA; a++) b.transition(s, a, 1.0, s, 0.0, true);
                continue;
            }
            if (transitionProbabilities[s] == null || transitionProbabilities[s].length != nA) {
                throw new IllegalArgumentException("transitionProbabilities[" + s + "] must have " + nA + " actions but had "
                        + (transitionProbabilities[s] == null ? "null" : transitionProbabilities[s].length));
            }
            if (rewards[s] == null || rewards[s].length != nA) {
                throw new IllegalArgumentException("rewards[" + s + "] must have " + nA + " actions but had "
                        + (rewards[s] == null ? "null" : rewards[s].length));
            }
            for (int a = 0; a < nA; a++) {
                double[] p = transitionProbabilities[s][a];
                double[] r = rewards[s][a];
                if (p == null || p.length != nS) {
                    throw new IllegalArgumentException("transitionProbabilities[" + s + "][" + a + "] must have " + nS
                            + " next states but had " + (p == null ? "null" : p.length));
                }
                if (r == null || r.length != nS) {
                    throw new IllegalArgumentException("rewards[" + s + "][" + a + "] must have " + nS
                            + " next states but had " + (r == null ? "null" : r.length));
                }
                for (int s2 = 0; s2 < nS; s2++) {
                    if (!(p[s2] >= 0 && p[s2] <= 1)) {
                        throw new IllegalArgumentException("transitionProbabilities[" + s + "][" + a + "][" + s2
                                + "] must be in [0, 1] but was " + p[s2]);
                    }
                    if (p[s2] > 0) {
                        boolean ends = terminalStates != null && terminalStates[s2];
                        b.transition(s, a, p[s2], s2, r[s2], ends);
                    }
                }
            }
        }
        double[] init = new double[nS];
        int count = 0;
        for (int s = 0; s < nS; s++) if (terminalStates == null || !terminalStates[s]) count++;
        for (int s = 0; s < nS; s++) {
            if (terminalStates == null || !terminalStates[s]) init[s] = 1.0 / Math.max(count, 1);
        }
        return b.initialDistribution(init).build();
    }

    /**
     * Builds an MDP from dense arrays with rewards that depend on (s, a) only.
     *
     * @param transitionProbabilities {@code P[s][a][s']} = p(s' | s, a)
     * @param rewards {@code R[s][a]}, the reward of taking a in s, whatever s' follows
     * @param terminalStates terminal states, or null for none
     * @see #fromArrays(double[][][], double[][][], boolean[])
     */
    public static Mdp fromArrays(double[][][] transitionProbabilities, double[][] rewards, boolean[] terminalStates) {
        if (transitionProbabilities == null || rewards == null) {
            throw new IllegalArgumentException("transitionProbabilities and rewards must not be null");
        }
        if (rewards.length != transitionProbabilities.length) {
            throw new IllegalArgumentException("rewards must have " + transitionProbabilities.length
                    + " states (as transitionProbabilities) but had " + rewards.length);
        }
        int nS = transitionProbabilities.length;
        double[][][] full = new double[nS][][];
        for (int s = 0; s < nS; s++) {
            if (rewards[s] == null) throw new IllegalArgumentException("rewards[" + s + "] must not be null");
            full[s] = new double[rewards[s].length][nS];
            for (int a = 0; a < rewards[s].length; a++) Arrays.fill(full[s][a], rewards[s][a]);
        }
        return fromArrays(transitionProbabilities, full, terminalStates);
    }

    /** A builder that takes outcomes one by one (in any order). */
    public static Builder builder(int numStates, int numActions) {
        return new Builder(numStates, numActions);
    }

    /** Accumulates outcomes (p, s', r, terminated) per (s, a); {@link #build()} validates them. */
    public static final class Builder {
        private final int numStates;
        private final int numActions;
        private final int[] count;
        private int size;
        private int[] pair = new int[16];
        private double[] p = new double[16];
        private int[] next = new int[16];
        private double[] r = new double[16];
        private boolean[] done = new boolean[16];
        private double[] initial;
        private GridLayout grid;
        private String name = "mdp";

        private Builder(int numStates, int numActions) {
            if (numStates <= 0) throw new IllegalArgumentException("numStates must be positive but was " + numStates);
            if (numActions <= 0) throw new IllegalArgumentException("numActions must be positive but was " + numActions);
            this.numStates = numStates;
            this.numActions = numActions;
            this.count = new int[numStates * numActions];
        }

        /** Adds the outcome: from s under a, with probability {@code probability} go to s' with this reward. */
        public Builder transition(int s, int a, double probability, int nextState, double reward, boolean terminated) {
            checkState("s", s);
            checkState("nextState", nextState);
            if (a < 0 || a >= numActions) {
                throw new IllegalArgumentException("action must be in [0, " + numActions + ") but was " + a);
            }
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability of (s=" + s + ", a=" + a + ", s'=" + nextState
                        + ") must be in [0, 1] but was " + probability);
            }
            if (!Double.isFinite(reward)) {
                throw new IllegalArgumentException("reward of (s=" + s + ", a=" + a + ", s'=" + nextState
                        + ") must be finite but was " + reward);
            }
            if (size == pair.length) {
                int n = size * 2;
                pair = Arrays.copyOf(pair, n);
                p = Arrays.copyOf(p, n);
                next = Arrays.copyOf(next, n);
                r = Arrays.copyOf(r, n);
                done = Arrays.copyOf(done, n);
            }
            int k = s * numActions + a;
            pair[size] = k;
            p[size] = probability;
            next[size] = nextState;
            r[size] = reward;
            done[size] = terminated;
            size++;
            count[k]++;
            return this;
        }

        /** The initial-state distribution (defaults to uniform over all states). */
        public Builder initialDistribution(double[] distribution) {
            if (distribution == null || distribution.length != numStates) {
                throw new IllegalArgumentException("initial distribution must have length " + numStates + " but had "
                        + (distribution == null ? "null" : distribution.length));
            }
            double sum = 0;
            for (int s = 0; s < numStates; s++) {
                if (!(distribution[s] >= 0 && distribution[s] <= 1)) {
                    throw new IllegalArgumentException("initial probability of state " + s + " must be in [0, 1] but was "
                            + distribution[s]);
                }
                sum += distribution[s];
            }
            if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE * numStates) {
                throw new IllegalArgumentException("initial distribution must sum to 1 but summed to " + sum);
            }
            this.initial = distribution.clone();
            return this;
        }

        /** Marks the MDP as grid-shaped for printing (optional). */
        public Builder grid(GridLayout layout) {
            if (layout != null && layout.rows() * layout.cols() != numStates) {
                throw new IllegalArgumentException("grid " + layout.rows() + "x" + layout.cols() + " must cover "
                        + numStates + " states but covers " + layout.rows() * layout.cols());
            }
            if (layout != null && layout.actionSymbols().size() != numActions) {
                throw new IllegalArgumentException("grid must have one action symbol per action (" + numActions
                        + ") but had " + layout.actionSymbols().size());
            }
            this.grid = layout;
            return this;
        }

        /** A name for messages and printing (for example the env id). */
        public Builder name(String name) {
            this.name = name == null ? "mdp" : name;
            return this;
        }

        private void checkState(String what, int s) {
            if (s < 0 || s >= numStates) {
                throw new IllegalArgumentException(what + " must be in [0, " + numStates + ") but was " + s);
            }
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException when some (s, a) has no outcome or its probabilities do not sum to 1
         */
        public Mdp build() {
            int pairs = numStates * numActions;
            int[] start = new int[pairs + 1];
            for (int k = 0; k < pairs; k++) start[k + 1] = start[k] + count[k];
            int[] fill = Arrays.copyOf(start, pairs);
            double[] prob = new double[size];
            int[] ns = new int[size];
            double[] rew = new double[size];
            boolean[] term = new boolean[size];
            for (int i = 0; i < size; i++) {
                int at = fill[pair[i]]++;
                prob[at] = p[i];
                ns[at] = next[i];
                rew[at] = r[i];
                term[at] = done[i];
            }
            for (int k = 0; k < pairs; k++) {
                int s = k / numActions, a = k % numActions;
                if (start[k] == start[k + 1]) {
                    throw new IllegalArgumentException("(s=" + s + ", a=" + a + ") has no outcome; every state-action pair"
                            + " needs outcomes whose probabilities sum to 1");
                }
                double sum = 0;
                for (int i = start[k]; i < start[k + 1]; i++) sum += prob[i];
                if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
                    throw new IllegalArgumentException("probabilities of (s=" + s + ", a=" + a + ") must sum to 1 but summed to "
                            + sum);
                }
            }
            double[] init = initial;
            if (init == null) {
                init = new double[numStates];
                Arrays.fill(init, 1.0 / numStates);
            }
            return new Mdp(name, numStates, numActions, start, prob, ns, rew, term, init, grid);
        }
    }

    private boolean[] findTerminal() {
        boolean[] absorbing = new boolean[numStates];
        boolean[] enteredOnlyByTermination = new boolean[numStates];
        boolean[] entered = new boolean[numStates];
        Arrays.fill(enteredOnlyByTermination, true);
        for (int s = 0; s < numStates; s++) {
            boolean stays = true;
            for (int i = start[s * numActions]; i < start[(s + 1) * numActions]; i++) {
                if (nextState[i] != s || reward[i] != 0) stays = false;
            }
            absorbing[s] = stays;
        }
        for (int s = 0; s < numStates; s++) {
            if (absorbing[s]) continue;
            for (int i = start[s * numActions]; i < start[(s + 1) * numActions]; i++) {
                if (probability[i] <= 0) continue;
                entered[nextState[i]] = true;
                if (!terminated[i]) enteredOnlyByTermination[nextState[i]] = false;
            }
        }
        boolean[] result = new boolean[numStates];
        for (int s = 0; s < numStates; s++) {
            result[s] = absorbing[s]
                    || (entered[s] && enteredOnlyByTermination[s] && initialDistribution[s] == 0);
        }
        return result;
    }

    private boolean[] findReachable() {
        boolean[] result = new boolean[numStates];
        for (int s = 0; s < numStates; s++) {
            if (initialDistribution[s] > 0) result[s] = true;
            if (terminal[s]) continue;
            for (int i = start[s * numActions]; i < start[(s + 1) * numActions]; i++) {
                if (probability[i] > 0) result[nextState[i]] = true;
            }
        }
        return result;
    }

    public String name() {
        return name;
    }

    public int numStates() {
        return numStates;
    }

    public int numActions() {
        return numActions;
    }

    /** Whether s is terminal (see the class comment): its value is 0 by definition. */
    public boolean isTerminal(int s) {
        return terminal[s];
    }

    /**
     * Whether an episode can be in s: s has initial probability or some non-terminal state leads to it. (Cells of
     * CliffWalking's cliff are unreachable: falling sends the walker back to the start.)
     */
    public boolean isReachable(int s) {
        return reachable[s];
    }

    /** The initial-state distribution (a copy). */
    public double[] initialDistribution() {
        return initialDistribution.clone();
    }

    /** The grid shape for printing, or null when the MDP is not grid-shaped. */
    public GridLayout grid() {
        return grid;
    }

    /** This MDP drawn on {@code layout} when printed (null for none). */
    public Mdp withGrid(GridLayout layout) {
        if (layout != null && (layout.rows() * layout.cols() != numStates || layout.actionSymbols().size() != numActions)) {
            throw new IllegalArgumentException("grid " + layout.rows() + "x" + layout.cols() + " with "
                    + layout.actionSymbols().size() + " action symbols does not fit " + numStates + " states and "
                    + numActions + " actions");
        }
        return new Mdp(name, numStates, numActions, start, probability, nextState, reward, terminated,
                initialDistribution, layout);
    }

    /** This MDP under another name. */
    public Mdp withName(String name) {
        return new Mdp(name == null ? "mdp" : name, numStates, numActions, start, probability, nextState, reward,
                terminated, initialDistribution, grid);
    }

    /** Number of outcomes of (s, a). */
    public int outcomeCount(int s, int a) {
        int k = s * numActions + a;
        return start[k + 1] - start[k];
    }

    /** The i-th outcome of (s, a). */
    public Outcome outcome(int s, int a, int i) {
        int at = start[s * numActions + a] + i;
        if (i < 0 || at >= start[s * numActions + a + 1]) {
            throw new IndexOutOfBoundsException("outcome " + i + " of (s=" + s + ", a=" + a + ")");
        }
        return new Outcome(probability[at], nextState[at], reward[at], terminated[at]);
    }

    /** One outcome of a state-action pair, as Gymnasium's {@code (prob, next_state, reward, terminated)}. */
    public record Outcome(double probability, int nextState, double reward, boolean terminated) {}

    /**
     * The exact one-step expectation E[r + γ·V(s') | s, a] = Σ_{s',r} p(s', r | s, a)·(r + γ·V(s')),
     * with V(s') replaced by 0 on outcomes that terminate the episode (Sutton and Barto 2018, eq. 4.6).
     */
    public double expectedBackup(int s, int a, double[] values, double gamma) {
        int k = s * numActions + a;
        double sum = 0;
        for (int i = start[k]; i < start[k + 1]; i++) {
            double bootstrap = terminated[i] ? 0.0 : values[nextState[i]];
            sum += probability[i] * (reward[i] + gamma * bootstrap);
        }
        return sum;
    }

    /** p(s' | s, a), summed over the outcomes that lead to s' (eq. 3.4). */
    public double probability(int s, int a, int nextState) {
        int k = s * numActions + a;
        double sum = 0;
        for (int i = start[k]; i < start[k + 1]; i++) if (this.nextState[i] == nextState) sum += probability[i];
        return sum;
    }

    /** The terminal states, ascending. */
    public int[] terminalStates() {
        int n = 0;
        for (boolean t : terminal) if (t) n++;
        int[] out = new int[n];
        for (int s = 0, i = 0; s < numStates; s++) if (terminal[s]) out[i++] = s;
        return out;
    }

    /** The expected immediate reward r(s, a) = Σ p·r (eq. 3.5). */
    public double expectedReward(int s, int a) {
        int k = s * numActions + a;
        double sum = 0;
        for (int i = start[k]; i < start[k + 1]; i++) sum += probability[i] * reward[i];
        return sum;
    }

    /** Q(s, a) = E[r + γ V(s')] for every pair, from state values (V = 0 at terminal states). */
    public double[][] qFromValues(double[] values, double gamma) {
        double[][] q = new double[numStates][numActions];
        for (int s = 0; s < numStates; s++) {
            if (terminal[s]) continue;
            for (int a = 0; a < numActions; a++) q[s][a] = expectedBackup(s, a, values, gamma);
        }
        return q;
    }

    /** The expected value of V under the initial-state distribution, Σ_s μ(s)·V(s). */
    public double initialValue(double[] values) {
        double sum = 0;
        for (int s = 0; s < numStates; s++) sum += initialDistribution[s] * values[s];
        return sum;
    }

    @Override
    public String toString() {
        return "Mdp[" + name + ", " + numStates + " states, " + numActions + " actions, " + probability.length + " outcomes]";
    }
}
