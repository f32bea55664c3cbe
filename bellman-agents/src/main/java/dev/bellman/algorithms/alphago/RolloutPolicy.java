package dev.bellman.algorithms.alphago;

import dev.bellman.games.go.GoState;
import dev.bellman.nn.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * AlphaGo's fast rollout policy p_pi (Silver et al. 2016, Methods, "Rollout policy" and Extended Data Table 4): a
 * linear softmax over small local features of each candidate move, {@code p(a|s) ∝ exp(w · phi(s, a))}, where
 * {@code phi} is a handful of active binary features and {@code w} one weight per feature.
 *
 * <p>Features of a move on point {@code a} for the player to move ({@link #features}):
 * <ol>
 *   <li>{@code pattern}: the 3×3 pattern around {@code a}, each of the 8 neighbours empty, own, opponent or off the
 *       board ({@code 4^8} indices; the paper's "non-response pattern" uses 12 points and liberties);</li>
 *   <li>{@code response}: the same pattern in a second table, active only when {@code a} is one of the 8 neighbours of
 *       the last move (the paper's "response pattern");</li>
 *   <li>{@code capture}: the move takes the last liberty of an opponent chain;</li>
 *   <li>{@code save}: the move is the last liberty of an own chain in atari (the paper's "save atari" and
 *       "extension");</li>
 *   <li>{@code atari}: the move leaves an adjacent opponent chain with one liberty;</li>
 *   <li>{@code emptyNeighbours}: the number of empty orthogonal neighbours, 0 to 4 (one of five);</li>
 *   <li>{@code line}: the distance to the nearest edge, lines 1, 2, 3 or 4 and more (one of four);</li>
 *   <li>{@code nearLast}: within distance 1 of the last move (the 8 neighbours) or distance 2 (one of two);</li>
 *   <li>{@code pass}: the pass move (its only feature).</li>
 * </ol>
 *
 * <p>Candidates are the mover's legal points that fill no eye-like point of the mover ({@link GoState#isEyeLike}), and
 * pass. In a rollout ({@link #rollout}) pass is played only when no other candidate is left, as in the usual random
 * playouts, so a rollout ends with two passes rather than with a filled eye. Training ({@link #trainStep}) is
 * stochastic gradient ascent on the log-likelihood of the expert's move among the candidates (the paper: 8 million
 * positions); accuracy ({@link #accuracy}) is the share of positions whose expert move has the highest score.
 */
final class RolloutPolicy {
    static final int PATTERNS = 1 << 16;
    static final int PATTERN = 0, RESPONSE = PATTERNS, CAPTURE = 2 * PATTERNS, SAVE = CAPTURE + 1, ATARI = SAVE + 1,
            EMPTY_NEIGHBOURS = ATARI + 1, LINE = EMPTY_NEIGHBOURS + 5, NEAR_LAST = LINE + 4, PASS = NEAR_LAST + 2,
            NUM_FEATURES = PASS + 1;
    /** At most this many features are active for one move. */
    static final int MAX_ACTIVE = 8;
    private static final int OFF_BOARD = 3;

    final int size;
    final float[] weights = new float[NUM_FEATURES];

    RolloutPolicy(int size) {
        this.size = size;
    }

    /**
     * Writes the indices of the features active for move {@code a} on {@code board} into {@code out} and returns how
     * many there are.
     */
    int features(Board board, int a, int[] out) {
        int n = size;
        if (a == n * n) {
            out[0] = PASS;
            return 1;
        }
        byte[] p = board.points();
        int r = a / n, c = a % n;
        int pattern = 0, k = 0;
        boolean capture = false, save = false, atari = false;
        int empty = 0;
        for (int dr = -1; dr <= 1; dr++) {
            for (int dc = -1; dc <= 1; dc++) {
                if (dr == 0 && dc == 0) continue;
                int rr = r + dr, cc = c + dc;
                int v;
                if (rr < 0 || rr >= n || cc < 0 || cc >= n) {
                    v = OFF_BOARD;
                } else {
                    byte b = p[rr * n + cc];
                    v = Board.colour(b);
                    if (dr == 0 || dc == 0) { // orthogonal neighbours: chains and liberties
                        int libs = Board.liberties(b);
                        if (v == Board.EMPTY) empty++;
                        else if (v == Board.OPP && libs == 1) capture = true;
                        else if (v == Board.OPP && libs == 2) atari = true;
                        else if (v == Board.OWN && libs == 1) save = true;
                    }
                }
                pattern |= v << (2 * k++);
            }
        }
        int m = 0;
        out[m++] = PATTERN + pattern;
        int last = board.lastMove();
        int dist = last < 0 || last >= n * n ? Integer.MAX_VALUE
                : Math.max(Math.abs(last / n - r), Math.abs(last % n - c));
        if (dist == 1) out[m++] = RESPONSE + pattern;
        if (capture) out[m++] = CAPTURE;
        if (save) out[m++] = SAVE;
        if (atari) out[m++] = ATARI;
        out[m++] = EMPTY_NEIGHBOURS + empty;
        out[m++] = LINE + Math.min(3, Math.min(Math.min(r, n - 1 - r), Math.min(c, n - 1 - c)));
        if (dist == 1 || dist == 2) out[m++] = NEAR_LAST + dist - 1;
        return m;
    }

    /** Whether {@code a} is a candidate on {@code board}: pass, or a legal point that fills no eye-like point. */
    boolean candidate(Board board, int a) {
        if (a == size * size) return true;
        byte v = board.points()[a];
        return Board.legal(v) && !Board.eye(v);
    }

    /** The score {@code w · phi(s, a)}. */
    float score(Board board, int a, int[] scratch) {
        int m = features(board, a, scratch);
        float s = 0;
        for (int i = 0; i < m; i++) s += weights[scratch[i]];
        return s;
    }

    /**
     * One step of gradient ascent on {@code log p(move | board)} over the candidates, scaled by {@code learningRate};
     * returns the log-likelihood before the step, or NaN when {@code move} is no candidate (then nothing changes).
     */
    double trainStep(Board board, int move, float learningRate) {
        int n2 = size * size;
        if (!candidate(board, move)) return Double.NaN;
        int[][] feats = new int[n2 + 1][];
        int[] counts = new int[n2 + 1];
        double[] score = new double[n2 + 1];
        int[] scratch = new int[MAX_ACTIVE];
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a <= n2; a++) {
            if (!candidate(board, a)) continue;
            counts[a] = features(board, a, scratch);
            feats[a] = Arrays.copyOf(scratch, counts[a]);
            double s = 0;
            for (int f : feats[a]) s += weights[f];
            score[a] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int a = 0; a <= n2; a++) if (feats[a] != null) sum += Math.exp(score[a] - max);
        double logLik = score[move] - max - Math.log(sum);
        // d log p(move) / d w_f = [f active for move] - sum_a p(a) [f active for a]
        for (int a = 0; a <= n2; a++) {
            if (feats[a] == null) continue;
            float g = (float) (-(Math.exp(score[a] - max) / sum) * learningRate);
            for (int f : feats[a]) weights[f] += g;
        }
        for (int f : feats[move]) weights[f] += learningRate;
        return logLik;
    }

    /** The candidate with the highest score (the lowest action on ties). */
    int best(Board board) {
        int n2 = size * size, best = n2;
        int[] scratch = new int[MAX_ACTIVE];
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int a = 0; a <= n2; a++) {
            if (!candidate(board, a)) continue;
            float s = score(board, a, scratch);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        return best;
    }

    /** The share of {@code positions} whose expert move is {@link #best}; NaN for none. */
    double accuracy(List<ExpertPositions.Position> positions) {
        if (positions.isEmpty()) return Double.NaN;
        int hits = 0;
        for (ExpertPositions.Position p : positions) if (best(p.board()) == p.move()) hits++;
        return (double) hits / positions.size();
    }

    /**
     * A move drawn from p_pi on {@code board} among the candidates other than pass; pass only when there is none.
     */
    int sample(Board board, Rng rng, int[] scratch, float[] probs) {
        int n2 = size * size;
        float max = Float.NEGATIVE_INFINITY;
        boolean any = false;
        for (int a = 0; a < n2; a++) {
            if (!candidate(board, a)) {
                probs[a] = Float.NEGATIVE_INFINITY;
                continue;
            }
            probs[a] = score(board, a, scratch);
            max = Math.max(max, probs[a]);
            any = true;
        }
        if (!any) return n2;
        double sum = 0;
        for (int a = 0; a < n2; a++) {
            probs[a] = probs[a] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(probs[a] - max);
            sum += probs[a];
        }
        double u = rng.nextDouble() * sum;
        int lastCandidate = n2;
        for (int a = 0; a < n2; a++) {
            if (probs[a] == 0f) continue;
            lastCandidate = a;
            u -= probs[a];
            if (u < 0) return a;
        }
        return lastCandidate;
    }

    /**
     * Plays {@code state} (changed) to the end with p_pi and returns the outcome for {@code player}: +1, -1 or 0.
     */
    double rollout(GoState state, int player, Rng rng) {
        int n2 = size * size;
        int[] scratch = new int[MAX_ACTIVE];
        float[] probs = new float[n2];
        while (!state.isTerminal()) {
            // draw from p_pi over the candidates, checking legality for the drawn move only: an illegal one is removed
            // and the draw repeated, which samples p_pi restricted to the legal candidates
            Board board = Board.of(state, false);
            int a;
            while (true) {
                a = sample(board, rng, scratch, probs);
                if (a == n2 || state.isLegal(a)) break;
                board.points()[a] &= ~Board.LEGAL;
            }
            state.applyUnchecked(a);
        }
        return state.returnFor(player);
    }

    /** The weights' count for checks on load. */
    static int numFeatures() {
        return NUM_FEATURES;
    }

    /** A copy with the same weights. */
    RolloutPolicy copy() {
        RolloutPolicy r = new RolloutPolicy(size);
        System.arraycopy(weights, 0, r.weights, 0, weights.length);
        return r;
    }
}
