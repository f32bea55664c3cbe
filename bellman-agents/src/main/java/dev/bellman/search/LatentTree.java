package dev.bellman.search;

import dev.bellman.nn.Rng;

import java.util.Arrays;

/**
 * The search tree of MuZero (Schrittwieser et al. 2020, Appendix B): a tree over <em>learned</em> latent states, in
 * which every edge carries the reward the dynamics network predicted for it and values are compared after min-max
 * normalisation, struct-of-arrays like {@link Mcts} (no object per node; one tree is reused search after search).
 *
 * <p>One simulation: {@link #selectLeaf()} descends from the root by pUCT over the children of each expanded node,
 * <pre>
 *   score(s, a) = Q̄(s, a) + P(s, a) · √N(s) / (1 + N(s, a)) · (c₁ + ln((N(s) + c₂ + 1) / c₂))
 *   Q(s, a)     = r(s, a) + γ · V(s')            (mean value of the child s', its edge reward r)
 *   Q̄(s, a)     = (Q(s, a) − min Q) / (max Q − min Q)   over every Q seen in this search (0 for unvisited children)
 * </pre>
 * until it reaches an unexpanded child; the caller runs the dynamics network on (the parent's latent, the edge's
 * action) and the prediction network on the new latent, and hands the results to {@link #expandAndBackup}, which backs
 * the bootstrapped return {@code G = r + γ·G'} up the path, starting with {@code G = v} at the leaf, and widens the
 * min-max bounds with {@code r + γ·V} of every node on the path, the root's ({@code r = 0}) included, as the paper's
 * pseudocode does (without the root, the first visited child would be the only Q seen, compared unnormalised). The root is expanded with {@link #expandRoot}, optionally with
 * Dirichlet noise mixed into its prior ({@link #addRootNoise}).
 *
 * <p>Two-player games ({@code twoPlayer}): the players alternate at every ply, as in the MuZero pseudocode for board
 * games, and every value is from the point of view of the player to move at its node; an edge's reward is the one
 * the mover on that edge receives. The search is then negamax: the backup is {@code G = r − γ·G'} and a parent
 * scores its child by {@code Q(s, a) = r(s, a) − γ·V(s')}; the min-max bounds are widened with that {@code Q} of every
 * node on the path below the root and with the root's own value {@code V(root)} (the frame of the root's children's
 * {@code Q}). The rules of the game are known only at the root: {@link #expandRoot(float[], float[], float, boolean[])}
 * takes its legal-action mask, renormalises the prior over the legal actions, puts the noise on them only and never
 * selects an illegal one; below the root every action is searched (latent states have no rules).
 *
 * <p>Symbols: {@code pbCInit} = c₁ (1.25 in the paper), {@code pbCBase} = c₂ (19652), {@code discount} = γ.
 */
public final class LatentTree {
    private final int numActions, latentSize, capacity;
    private final double pbCBase, pbCInit, discount;
    private final boolean twoPlayer;
    private final boolean[] rootLegal;
    private boolean rootMasked;
    private double knownMin = Double.POSITIVE_INFINITY, knownMax = Double.NEGATIVE_INFINITY;
    // per node: visit count N, value sum, prior P, edge reward r, first child (−1: unexpanded), the action into it
    private final int[] visits, firstChild, parent, action;
    private final double[] valueSum;
    private final float[] prior, reward, latents;
    private final int[] path;
    private int size, pathLength;
    private double minQ, maxQ;

    /**
     * A tree with room for {@code maxSimulations} expansions below the root.
     *
     * @param numActions actions per node (every one legal below the root: latent states have no rules)
     * @param latentSize floats per latent state
     * @param maxSimulations the most simulations a search may run
     */
    public LatentTree(int numActions, int latentSize, int maxSimulations, double pbCBase, double pbCInit, double discount) {
        this(numActions, latentSize, maxSimulations, pbCBase, pbCInit, discount, false);
    }

    /**
     * A tree as {@link #LatentTree(int, int, int, double, double, double)}; with {@code twoPlayer} a negamax search for
     * a two-player game (see the class comment).
     */
    public LatentTree(int numActions, int latentSize, int maxSimulations, double pbCBase, double pbCInit, double discount,
                      boolean twoPlayer) {
        if (numActions < 1) throw new IllegalArgumentException("numActions must be positive but was " + numActions);
        if (latentSize < 1) throw new IllegalArgumentException("latentSize must be positive but was " + latentSize);
        if (maxSimulations < 1) throw new IllegalArgumentException("maxSimulations must be positive but was " + maxSimulations);
        if (!(pbCBase > 0)) throw new IllegalArgumentException("pb-c-base must be positive but was " + pbCBase);
        if (!(pbCInit >= 0)) throw new IllegalArgumentException("pb-c-init must be >= 0 but was " + pbCInit);
        if (!(discount >= 0 && discount <= 1)) throw new IllegalArgumentException("discount must be in [0, 1] but was " + discount);
        this.numActions = numActions;
        this.latentSize = latentSize;
        this.pbCBase = pbCBase;
        this.pbCInit = pbCInit;
        this.discount = discount;
        this.twoPlayer = twoPlayer;
        this.rootLegal = new boolean[numActions];
        this.capacity = 1 + (maxSimulations + 1) * numActions;
        visits = new int[capacity];
        firstChild = new int[capacity];
        parent = new int[capacity];
        action = new int[capacity];
        valueSum = new double[capacity];
        prior = new float[capacity];
        reward = new float[capacity];
        latents = new float[capacity * latentSize];
        path = new int[maxSimulations + 2];
    }

    /** Starts a new search: the root holds {@code latent}, its children get the prior {@code policy}, its value {@code value}. */
    public void expandRoot(float[] latent, float[] policy, float value) {
        expandRoot(latent, policy, value, null);
    }

    /**
     * Starts a new search at a root where only the actions with {@code legal[a]} may be played (null: all): their
     * priors are {@code policy} renormalised over them (uniform when the policy gives them no mass), the others get 0
     * and are never selected.
     *
     * @throws IllegalArgumentException when {@code legal} allows no action
     */
    public void expandRoot(float[] latent, float[] policy, float value, boolean[] legal) {
        rootMasked = legal != null;
        float[] p = policy;
        if (rootMasked) {
            double sum = 0;
            int count = 0;
            for (int a = 0; a < numActions; a++) {
                rootLegal[a] = legal[a];
                if (legal[a]) {
                    sum += policy[a];
                    count++;
                }
            }
            if (count == 0) throw new IllegalArgumentException("the root has no legal action");
            p = new float[numActions];
            for (int a = 0; a < numActions; a++) {
                if (legal[a]) p[a] = sum > 0 ? (float) (policy[a] / sum) : 1f / count;
            }
        }
        size = 1;
        minQ = knownMin;
        maxQ = knownMax;
        visits[0] = 0;
        valueSum[0] = 0;
        reward[0] = 0;
        parent[0] = -1;
        action[0] = -1;
        firstChild[0] = -1;
        expand(0, latent, 0, p, 0);
        visits[0] = 1;
        valueSum[0] = value;
    }

    /**
     * Starts every later search's min-max bounds at {@code [min, max]} instead of empty, as the MuZero pseudocode's
     * {@code known_bounds} (board games: [−1, 1]); the Q values seen still widen them.
     */
    public void setKnownBounds(double min, double max) {
        if (!(min < max)) throw new IllegalArgumentException("known bounds need min < max but were [" + min + ", " + max + "]");
        knownMin = min;
        knownMax = max;
    }

    /**
     * Mixes Dirichlet(alpha) noise into the root's prior: {@code P ← (1 − fraction)·P + fraction·η}, over the legal
     * actions only when the root was expanded with a mask.
     */
    public void addRootNoise(double alpha, double fraction, Rng rng) {
        if (fraction == 0) return;
        int c = firstChild[0];
        if (!rootMasked) {
            double[] eta = Dirichlet.sample(rng, alpha, numActions);
            for (int a = 0; a < numActions; a++) prior[c + a] = (float) ((1 - fraction) * prior[c + a] + fraction * eta[a]);
            return;
        }
        int count = 0;
        for (int a = 0; a < numActions; a++) if (rootLegal[a]) count++;
        double[] eta = Dirichlet.sample(rng, alpha, count);
        for (int a = 0, i = 0; a < numActions; a++) {
            if (rootLegal[a]) prior[c + a] = (float) ((1 - fraction) * prior[c + a] + fraction * eta[i++]);
        }
    }

    /**
     * Descends by pUCT from the root to an unexpanded child and returns it; {@link #parentLatent} and {@link #actionOf}
     * then say what to feed the dynamics network.
     *
     * @throws IllegalStateException when the tree has no room for another expansion
     */
    public int selectLeaf() {
        if (size + numActions > capacity) {
            throw new IllegalStateException("the latent tree is full (" + capacity + " nodes): more simulations than maxSimulations");
        }
        int node = 0;
        pathLength = 0;
        path[pathLength++] = 0;
        while (firstChild[node] >= 0) {
            node = bestChild(node);
            path[pathLength++] = node;
        }
        return node;
    }

    private int bestChild(int node) {
        int c = firstChild[node], best = c;
        double bestScore = Double.NEGATIVE_INFINITY;
        double n = visits[node];
        double pbC = (Math.log((n + pbCBase + 1) / pbCBase) + pbCInit) * Math.sqrt(n);
        boolean masked = node == 0 && rootMasked;
        for (int a = 0; a < numActions; a++) {
            if (masked && !rootLegal[a]) continue;
            int ch = c + a;
            double score = pbC * prior[ch] / (1 + visits[ch]);
            if (visits[ch] > 0) score += normalise(q(ch));
            if (score > bestScore) {
                bestScore = score;
                best = ch;
            }
        }
        return best;
    }

    /** The parent's {@code Q} of the edge into {@code node}: {@code r + γ·V}, or {@code r − γ·V} in a two-player search. */
    private double q(int node) {
        double v = valueSum[node] / visits[node];
        return twoPlayer ? reward[node] - discount * v : reward[node] + discount * v;
    }

    /** {@code (q − min) / (max − min)} over the Q values seen in this search; q itself until two differ. */
    double normalise(double q) {
        return maxQ > minQ ? (q - minQ) / (maxQ - minQ) : q;
    }

    /** The offset of the latent state of {@code leaf}'s parent in {@link #latents()}. */
    public int parentLatent(int leaf) {
        return parent[leaf] * latentSize;
    }

    /** The action on the edge into {@code node}. */
    public int actionOf(int node) {
        return action[node];
    }

    /** Every node's latent state, {@code latentSize} floats each (read it at {@link #parentLatent}). */
    public float[] latents() {
        return latents;
    }

    /**
     * Expands the leaf {@link #selectLeaf()} returned with its latent, the predicted edge reward, the prior over its
     * children and its value, then backs {@code G} up the selected path.
     */
    public void expandAndBackup(int leaf, float[] latent, int latentOffset, float edgeReward, float[] policy,
                                int policyOffset, float value) {
        reward[leaf] = edgeReward;
        expand(leaf, latent, latentOffset, policy, policyOffset);
        double g = value;
        for (int i = pathLength - 1; i >= 0; i--) {
            int node = path[i];
            valueSum[node] += g;
            visits[node]++;
            // the pseudocode's bounds: r + γ·V of every node on the path, the root's (r = 0) included; in a
            // two-player search r − γ·V below the root and the root's own V
            double q = twoPlayer && node == 0 ? valueSum[0] / visits[0] : q(node);
            minQ = Math.min(minQ, q);
            maxQ = Math.max(maxQ, q);
            g = twoPlayer ? reward[node] - discount * g : reward[node] + discount * g;
        }
    }

    private void expand(int node, float[] latent, int latentOffset, float[] policy, int policyOffset) {
        System.arraycopy(latent, latentOffset, latents, node * latentSize, latentSize);
        int c = size;
        size += numActions;
        firstChild[node] = c;
        for (int a = 0; a < numActions; a++) {
            int ch = c + a;
            visits[ch] = 0;
            valueSum[ch] = 0;
            reward[ch] = 0;
            firstChild[ch] = -1;
            parent[ch] = node;
            action[ch] = a;
            prior[ch] = policy[policyOffset + a];
        }
    }

    /** The root's children's visit counts, into {@code out[numActions]}. */
    public void rootVisits(int[] out) {
        int c = firstChild[0];
        for (int a = 0; a < numActions; a++) out[a] = visits[c + a];
    }

    /** The root's mean value {@code Σ G / N} (its own prediction counted once). */
    public double rootValue() {
        return valueSum[0] / visits[0];
    }

    /** Nodes in use (root and every expanded child block). */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        int[] v = new int[numActions];
        rootVisits(v);
        return "LatentTree[size " + size + ", root visits " + Arrays.toString(v) + ", value " + rootValue() + "]";
    }
}
