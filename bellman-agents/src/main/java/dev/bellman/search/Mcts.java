package dev.bellman.search;

import dev.bellman.games.Game;
import dev.bellman.games.State;
import dev.bellman.nn.Rng;

import java.util.Arrays;
import java.util.Objects;

/**
 * Monte Carlo tree search over a {@link Game}, with the tree as struct-of-arrays (parallel {@code int}/{@code float}
 * arrays of visit counts, value sums, priors and child ranges; node {@code i}'s children are the contiguous nodes
 * {@code firstChild[i] .. firstChild[i] + numChildren[i] - 1}), so a search of a million simulations allocates no
 * object per node. The selection rule is a small replaceable function ({@link Selection}): UCT with random rollouts
 * ({@link Selection#uct} with {@link RolloutEvaluator}; Kocsis and Szepesvari 2006) or PUCT with a network's priors
 * and value ({@link Selection#puct}; Silver et al. 2017, 2018).
 *
 * <p>One simulation descends from the root by the selection rule to a leaf, has the leaf evaluated (or reads a
 * terminal leaf's outcome), expands it with one child per legal action and backs the value up the path, negated at
 * every change of player (negamax): a child's value sum is from the point of view of the player who chose it. With a
 * {@link Config#discount()} below 1 the value shrinks by that factor for every ply it climbs (a discounted negamax).
 * Leaves are evaluated in batches of up to {@link Config#batchSize()}: while a batch is being collected, every node on
 * a pending path carries {@link Config#virtualLoss()} virtual losses (visits that count as losses for the player
 * choosing it) so that the next descents spread out; a descent that meets a leaf already pending ends the batch early.
 * {@link #collect} and {@link #backup} expose the two halves so that several searches (several self-play games) can
 * share one evaluator call.
 *
 * <p>At the root, {@link Config#dirichletFraction()} of the priors is replaced by Dirichlet({@link
 * Config#dirichletAlpha()}) noise (AlphaZero's exploration); the move is then drawn from the visit counts raised to
 * {@code 1 / temperature} ({@link #chooseAction}), the temperature being {@link Config#temperature()} for the first
 * {@link Config#temperatureMoves()} moves of a game and 0 (the most visited move, ties to the lowest action) after.
 * With {@link Config#reuseTree()}, {@link #advance} keeps the subtree below the played move for the next search.
 * Every random draw comes from a generator seeded with {@link Config#seed()}, so a search is identical run to run.
 *
 * <p>Not thread-safe: one instance per game being played.
 */
public final class Mcts {

    /**
     * Search settings.
     *
     * @param selection the selection rule (UCT or PUCT)
     * @param simulations simulations per search (each one leaf evaluation or terminal read)
     * @param batchSize leaves collected per evaluator call (1: no batching)
     * @param virtualLoss virtual losses added to each node of a pending path (0: none)
     * @param dirichletAlpha the Dirichlet concentration of the root noise (AlphaZero: 0.3 chess, 0.03 Go)
     * @param dirichletFraction the share of root prior replaced by noise (AlphaZero: 0.25; 0 turns noise off)
     * @param temperature the temperature of the move choice during the first {@code temperatureMoves} moves
     * @param temperatureMoves moves of a game played at {@code temperature}; greedy (temperature 0) after
     * @param reuseTree keep the played move's subtree between moves
     * @param seed the seed of the noise and move-choice generator
     * @param discount the factor a value is multiplied by for every ply it is backed up (1: none, the papers'
     *                 undiscounted search; below 1 a win sooner and a loss later are worth more, so the search
     *                 prefers the fastest win and the slowest loss among moves of the same outcome)
     */
    public record Config(Selection selection, int simulations, int batchSize, int virtualLoss, double dirichletAlpha,
                         double dirichletFraction, double temperature, int temperatureMoves, boolean reuseTree,
                         long seed, double discount) {
        public Config {
            Objects.requireNonNull(selection, "selection");
            if (simulations < 1) throw new IllegalArgumentException("simulations must be >= 1 but was " + simulations);
            if (batchSize < 1) throw new IllegalArgumentException("MCTS batch size must be >= 1 but was " + batchSize);
            if (virtualLoss < 0) throw new IllegalArgumentException("virtual loss must be >= 0 but was " + virtualLoss);
            if (!(dirichletFraction >= 0 && dirichletFraction <= 1)) {
                throw new IllegalArgumentException("Dirichlet fraction must be in [0, 1] but was " + dirichletFraction);
            }
            if (dirichletFraction > 0 && !(dirichletAlpha > 0)) {
                throw new IllegalArgumentException("Dirichlet alpha must be positive but was " + dirichletAlpha);
            }
            if (!(temperature >= 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be finite and >= 0 but was " + temperature);
            }
            if (temperatureMoves < 0) {
                throw new IllegalArgumentException("temperature moves must be >= 0 but was " + temperatureMoves);
            }
            if (!(discount > 0 && discount <= 1)) {
                throw new IllegalArgumentException("search discount must be in (0, 1] but was " + discount);
            }
        }

        /** Greedy, noiseless, unbatched search with tree reuse: for evaluation and tests. */
        public static Config greedy(Selection selection, int simulations, long seed) {
            return new Config(selection, simulations, 1, 0, 0, 0, 0, 0, true, seed, 1);
        }

        public Config withSimulations(int n) {
            return new Config(selection, n, batchSize, virtualLoss, dirichletAlpha, dirichletFraction, temperature,
                    temperatureMoves, reuseTree, seed, discount);
        }

        public Config withBatch(int batch, int loss) {
            return new Config(selection, simulations, batch, loss, dirichletAlpha, dirichletFraction, temperature,
                    temperatureMoves, reuseTree, seed, discount);
        }

        public Config withSeed(long newSeed) {
            return new Config(selection, simulations, batchSize, virtualLoss, dirichletAlpha, dirichletFraction,
                    temperature, temperatureMoves, reuseTree, newSeed, discount);
        }

        public Config withDiscount(double newDiscount) {
            return new Config(selection, simulations, batchSize, virtualLoss, dirichletAlpha, dirichletFraction,
                    temperature, temperatureMoves, reuseTree, seed, newDiscount);
        }
    }

    private static final byte UNEXPANDED = 0, PENDING = 1, EXPANDED = 2, TERMINAL = 3;

    private final Game game;
    private final Config config;
    private final Rng rng;
    private final int numActions;

    // the tree, struct-of-arrays; node 0 is the root
    private int size;
    private int[] visits, inflight, parent, firstChild, numChildren, action;
    private float[] valueSum, prior, terminalValue;
    private byte[] mover, status;

    // the root's identity, to check that a search continues the tree it belongs to
    private int rootMoveNumber = -1;
    private long rootHash;
    private boolean rootHashKnown, rootNoised;

    // the batch being collected
    private int simulationsStarted, pendingCount;
    private int[] pendingNode = new int[8], pendingPlayer = new int[8];
    private int[][] pendingLegal = new int[8][];
    private final boolean[] mask;
    private final float[] scratchPriors;
    private long simulationsTotal;

    public Mcts(Game game, Config config) {
        this.game = Objects.requireNonNull(game, "game");
        this.config = Objects.requireNonNull(config, "config");
        this.rng = new Rng(config.seed());
        this.numActions = game.numDistinctActions();
        this.mask = new boolean[numActions];
        this.scratchPriors = new float[numActions];
        allocate(1024);
    }

    public Config config() {
        return config;
    }

    /** Nodes in the tree now (a measure of its memory). */
    public int treeSize() {
        return size;
    }

    /** Simulations run by this instance since it was made. */
    public long simulationsTotal() {
        return simulationsTotal;
    }

    private void allocate(int capacity) {
        visits = new int[capacity];
        inflight = new int[capacity];
        parent = new int[capacity];
        firstChild = new int[capacity];
        numChildren = new int[capacity];
        action = new int[capacity];
        valueSum = new float[capacity];
        prior = new float[capacity];
        terminalValue = new float[capacity];
        mover = new byte[capacity];
        status = new byte[capacity];
    }

    private void ensureCapacity(int needed) {
        if (needed <= visits.length) return;
        int cap = Math.max(needed, visits.length * 2);
        visits = Arrays.copyOf(visits, cap);
        inflight = Arrays.copyOf(inflight, cap);
        parent = Arrays.copyOf(parent, cap);
        firstChild = Arrays.copyOf(firstChild, cap);
        numChildren = Arrays.copyOf(numChildren, cap);
        action = Arrays.copyOf(action, cap);
        valueSum = Arrays.copyOf(valueSum, cap);
        prior = Arrays.copyOf(prior, cap);
        terminalValue = Arrays.copyOf(terminalValue, cap);
        mover = Arrays.copyOf(mover, cap);
        status = Arrays.copyOf(status, cap);
    }

    /** Forgets the tree; the next search starts from a fresh root. */
    public void reset() {
        size = 0;
        rootMoveNumber = -1;
        rootHashKnown = false;
        rootNoised = false;
        pendingCount = 0;
    }

    private void newRoot(State state) {
        size = 1;
        clearNode(0, -1, -1, (byte) -1, 1f);
        rootMoveNumber = state.moveNumber();
        rootHash = state.hash();
        rootHashKnown = true;
        rootNoised = false;
    }

    private void clearNode(int n, int par, int act, byte who, float p) {
        visits[n] = 0;
        inflight[n] = 0;
        parent[n] = par;
        firstChild[n] = -1;
        numChildren[n] = 0;
        action[n] = act;
        valueSum[n] = 0;
        prior[n] = p;
        terminalValue[n] = 0;
        mover[n] = who;
        status[n] = UNEXPANDED;
    }

    /**
     * Begins a search from {@code state}: keeps the tree when it was advanced to this position (tree reuse), starts a
     * fresh one otherwise, and adds root noise when the root is already expanded.
     *
     * @throws IllegalArgumentException when the game is over in {@code state}
     */
    public void startSearch(State state) {
        if (state.isTerminal()) {
            throw new IllegalArgumentException("cannot search from a finished game:\n" + state);
        }
        boolean same = config.reuseTree() && size > 0 && rootMoveNumber == state.moveNumber()
                && (!rootHashKnown || rootHash == state.hash());
        if (!same) {
            newRoot(state);
        } else if (!rootHashKnown) {
            rootHash = state.hash();
            rootHashKnown = true;
        }
        simulationsStarted = 0;
        pendingCount = 0;
        if (status[0] == EXPANDED && !rootNoised) addRootNoise();
    }

    /** Whether the current search has started all its simulations (and, after {@link #backup}, finished them). */
    public boolean searchDone() {
        return simulationsStarted >= config.simulations() && pendingCount == 0;
    }

    /** Simulations the current search still has to start. */
    public int simulationsLeft() {
        return Math.max(0, config.simulations() - simulationsStarted);
    }

    /**
     * Collects up to {@code max} leaves for evaluation into slots {@code slot0, slot0 + 1, ...} of {@code evaluator}
     * (never more than the simulations left), backing up terminal leaves at once. Returns the number of slots used;
     * {@link #backup} must follow with the evaluator's output before the next collect. {@code state} is walked with
     * apply/undo and left as it was.
     */
    public int collect(State state, Evaluator evaluator, int slot0, int max) {
        if (pendingCount != 0) throw new IllegalStateException("collect called again before backup");
        int k = 0;
        while (k < max && simulationsStarted < config.simulations()) {
            int node = 0, depth = 0;
            inflight[0] += config.virtualLoss();
            while (status[node] == EXPANDED) {
                node = selectChild(node);
                inflight[node] += config.virtualLoss();
                state.apply(action[node]);
                depth++;
            }
            if (status[node] == PENDING) { // a collision: end this batch
                removeVirtualLoss(node);
                undo(state, depth);
                if (k == 0) throw new IllegalStateException("a pending leaf without a batch");
                break;
            }
            simulationsStarted++;
            simulationsTotal++;
            if (status[node] == UNEXPANDED && state.isTerminal()) {
                status[node] = TERMINAL;
                terminalValue[node] = node == 0 ? 0 : (float) state.returnFor(mover[node]);
            }
            if (status[node] == TERMINAL) {
                backupPath(node, mover[node], terminalValue[node]);
                undo(state, depth);
                continue;
            }
            status[node] = PENDING;
            if (pendingCount == pendingNode.length) {
                pendingNode = Arrays.copyOf(pendingNode, pendingCount * 2);
                pendingPlayer = Arrays.copyOf(pendingPlayer, pendingCount * 2);
                pendingLegal = Arrays.copyOf(pendingLegal, pendingCount * 2);
            }
            pendingNode[pendingCount] = node;
            pendingPlayer[pendingCount] = state.currentPlayer();
            pendingLegal[pendingCount] = state.legalActions();
            pendingCount++;
            evaluator.add(slot0 + k, state);
            k++;
            undo(state, depth);
        }
        return k;
    }

    /**
     * Expands the leaves of the last {@link #collect} with the evaluator's priors and values (slots from
     * {@code slot0}, as {@link Evaluator#evaluate} wrote them) and backs the values up.
     */
    public void backup(float[] priors, float[] values, int slot0) {
        for (int i = 0; i < pendingCount; i++) {
            int node = pendingNode[i];
            int slot = slot0 + i;
            expand(node, pendingLegal[i], (byte) pendingPlayer[i], priors, slot * numActions);
            pendingLegal[i] = null;
            backupPath(node, pendingPlayer[i], values[slot]);
        }
        pendingCount = 0;
    }

    /**
     * Runs a whole search from {@code state} with {@code evaluator} (whose capacity must be at least
     * {@link Config#batchSize()}) and returns the root's visit counts per action.
     */
    public int[] search(State state, Evaluator evaluator) {
        if (evaluator.capacity() < Math.min(config.batchSize(), config.simulations())) {
            throw new IllegalArgumentException("evaluator holds " + evaluator.capacity() + " positions per batch but the"
                    + " search collects up to " + config.batchSize());
        }
        float[] priors = new float[config.batchSize() * numActions];
        float[] values = new float[config.batchSize()];
        startSearch(state);
        while (!searchDone()) {
            int n = collect(state, evaluator, 0, config.batchSize());
            if (n > 0) evaluator.evaluate(n, priors, values);
            backup(priors, values, 0);
        }
        return rootVisits();
    }

    private void undo(State state, int depth) {
        for (int i = 0; i < depth; i++) state.undo();
    }

    private int selectChild(int node) {
        int vl = config.virtualLoss();
        int parentVisits = visits[node] + inflight[node] - vl; // the descent's own virtual loss is not a visit yet
        int first = firstChild[node], best = first;
        double bestScore = Double.NEGATIVE_INFINITY;
        Selection rule = config.selection();
        for (int c = first, end = first + numChildren[node]; c < end; c++) {
            int n = visits[c] + inflight[c];
            double w = valueSum[c] - inflight[c];
            double s = rule.score(parentVisits, n, w, prior[c]);
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    private void expand(int node, int[] legal, byte player, float[] priors, int offset) {
        int first = size;
        ensureCapacity(size + legal.length);
        double total = 0;
        for (int a : legal) total += Math.max(0f, priors[offset + a]);
        for (int i = 0; i < legal.length; i++) {
            int a = legal[i];
            float p = total > 0 ? (float) (Math.max(0f, priors[offset + a]) / total) : 1f / legal.length;
            clearNode(first + i, node, a, player, p);
        }
        size += legal.length;
        firstChild[node] = first;
        numChildren[node] = legal.length;
        status[node] = EXPANDED;
        if (node == 0) addRootNoise();
    }

    /**
     * Adds one visit and the value ({@code value} for {@code player} at {@code node}) to every node from {@code node}
     * to the root, the value multiplied by {@link Config#discount()} for every ply above {@code node} (exactly the
     * undiscounted backup when the discount is 1).
     */
    private void backupPath(int node, int player, float value) {
        int vl = config.virtualLoss();
        float gamma = (float) config.discount(), v = value;
        for (int n = node; n >= 0; n = parent[n]) {
            inflight[n] -= vl;
            visits[n]++;
            if (n != 0) valueSum[n] += mover[n] == player ? v : -v;
            v *= gamma;
        }
    }

    private void removeVirtualLoss(int node) {
        for (int n = node; n >= 0; n = parent[n]) inflight[n] -= config.virtualLoss();
    }

    private void addRootNoise() {
        rootNoised = true;
        double f = config.dirichletFraction();
        int k = numChildren[0];
        if (f == 0 || k == 0) return;
        double[] eta = Dirichlet.sample(rng, config.dirichletAlpha(), k);
        for (int i = 0; i < k; i++) {
            int c = firstChild[0] + i;
            prior[c] = (float) ((1 - f) * prior[c] + f * eta[i]);
        }
    }

    /** The root's visit count per action ({@link Game#numDistinctActions()} entries, 0 for illegal actions). */
    public int[] rootVisits() {
        int[] out = new int[numActions];
        for (int c = firstChild[0], end = c + numChildren[0]; c < end && c >= 0; c++) out[action[c]] = visits[c];
        return out;
    }

    /** The root's priors as the search used them (noise included), per action. */
    public float[] rootPriors() {
        float[] out = new float[numActions];
        for (int c = firstChild[0], end = c + numChildren[0]; c < end && c >= 0; c++) out[action[c]] = prior[c];
        return out;
    }

    /**
     * The search's value of the root for the player to move there: the visit-weighted mean of its children's values
     * (times the discount, one ply).
     */
    public double rootValue() {
        double w = 0;
        long n = 0;
        for (int c = firstChild[0], end = c + numChildren[0]; c < end && c >= 0; c++) {
            w += valueSum[c];
            n += visits[c];
        }
        return n == 0 ? 0 : config.discount() * w / n;
    }

    /** The value of the root child reached by {@code a}, from the root player's side; NaN when unvisited. */
    public double childValue(int a) {
        for (int c = firstChild[0], end = c + numChildren[0]; c < end && c >= 0; c++) {
            if (action[c] == a) return visits[c] == 0 ? Double.NaN : valueSum[c] / visits[c];
        }
        return Double.NaN;
    }

    /**
     * The move to play after a search at move {@code moveNumber} of the game: drawn in proportion to
     * {@code visits^(1/temperature)} during the first {@link Config#temperatureMoves()} moves, the most visited
     * (ties to the lowest action) after, or when the temperature is 0.
     */
    public int chooseAction(int moveNumber) {
        double t = moveNumber < config.temperatureMoves() ? config.temperature() : 0;
        return chooseAction(rootVisits(), t, rng, rootPriors());
    }

    /** The visit distribution (the search policy pi) at temperature 1: visits over their sum. */
    public float[] visitDistribution() {
        int[] v = rootVisits();
        long total = 0;
        for (int x : v) total += x;
        float[] pi = new float[numActions];
        for (int a = 0; a < numActions; a++) pi[a] = total == 0 ? 0 : (float) v[a] / total;
        return pi;
    }

    static int chooseAction(int[] visits, double temperature, Rng rng, float[] fallbackPriors) {
        int best = -1;
        for (int a = 0; a < visits.length; a++) if (visits[a] > 0 && (best < 0 || visits[a] > visits[best])) best = a;
        if (best < 0) { // no child visited (a one-simulation search): the highest prior
            for (int a = 0; a < fallbackPriors.length; a++) {
                if (fallbackPriors[a] > 0 && (best < 0 || fallbackPriors[a] > fallbackPriors[best])) best = a;
            }
            return best;
        }
        if (temperature == 0) return best;
        double max = visits[best], sum = 0;
        double[] w = new double[visits.length];
        for (int a = 0; a < visits.length; a++) {
            w[a] = visits[a] == 0 ? 0 : Math.pow(visits[a] / max, 1 / temperature);
            sum += w[a];
        }
        double u = rng.nextDouble() * sum;
        for (int a = 0; a < visits.length; a++) {
            if (w[a] == 0) continue;
            u -= w[a];
            if (u < 0) return a;
        }
        return best;
    }

    /**
     * Moves the root to the child reached by {@code action} (the move just played, by either side), keeping its
     * subtree when {@link Config#reuseTree()} is on; forgets the tree otherwise or when that child was never expanded.
     */
    public void advance(int action) {
        if (pendingCount != 0) throw new IllegalStateException("advance called in the middle of a search");
        if (!config.reuseTree() || size == 0 || status[0] != EXPANDED) {
            reset();
            return;
        }
        int child = -1;
        for (int c = firstChild[0], end = c + numChildren[0]; c < end; c++) if (this.action[c] == action) child = c;
        if (child < 0 || status[child] != EXPANDED) {
            reset();
            return;
        }
        int moveNumber = rootMoveNumber + 1;
        compact(child);
        rootMoveNumber = moveNumber;
        rootHashKnown = false;
        rootNoised = false;
    }

    /** Copies the subtree of {@code newRoot} to the front of fresh arrays, breadth first (child ranges stay contiguous). */
    private void compact(int newRoot) {
        int[] oVisits = visits, oFirst = firstChild, oNum = numChildren, oAction = action;
        float[] oValue = valueSum, oPrior = prior, oTerminal = terminalValue;
        byte[] oMover = mover, oStatus = status;
        allocate(Math.max(1024, oVisits.length));
        int[] queue = new int[size];
        int head = 0, tail = 0, newSize = 0;
        queue[tail++] = newRoot;
        copyNode(newRoot, newSize++, -1, oVisits, oAction, oValue, oPrior, oTerminal, oMover, oStatus);
        while (head < tail) {
            int ni = head, o = queue[head++];
            if (oStatus[o] == EXPANDED) {
                firstChild[ni] = newSize;
                numChildren[ni] = oNum[o];
                for (int j = 0; j < oNum[o]; j++) {
                    int oc = oFirst[o] + j;
                    copyNode(oc, newSize++, ni, oVisits, oAction, oValue, oPrior, oTerminal, oMover, oStatus);
                    queue[tail++] = oc;
                }
            }
        }
        size = newSize;
    }

    private void copyNode(int o, int n, int par, int[] oVisits, int[] oAction, float[] oValue, float[] oPrior,
                          float[] oTerminal, byte[] oMover, byte[] oStatus) {
        visits[n] = oVisits[o];
        inflight[n] = 0;
        parent[n] = par;
        firstChild[n] = -1;
        numChildren[n] = 0;
        action[n] = oAction[o];
        valueSum[n] = oValue[o];
        prior[n] = oPrior[o];
        terminalValue[n] = oTerminal[o];
        mover[n] = oMover[o];
        status[n] = oStatus[o];
    }
}
