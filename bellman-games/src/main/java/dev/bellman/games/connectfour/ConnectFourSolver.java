package dev.bellman.games.connectfour;

import static dev.bellman.games.connectfour.ConnectFour.CELLS;
import static dev.bellman.games.connectfour.ConnectFour.WIDTH;

/**
 * The exact Connect Four solver of Pascal Pons's tutorial ("Solving Connect 4: how to build a perfect AI",
 * blog.gamesolver.org, 2017), written from its description: negamax with alpha-beta pruning on two bitboards, a
 * transposition table, move ordering (centre columns first, then moves that create the most winning cells), pruning of
 * moves that lose at once, and a null-window search that bisects the score range (iterative deepening on the score
 * window).
 *
 * <p><b>Score</b> (Pons's convention), from the side to move: 0 for a draw; a positive score when the side to move
 * wins, {@code 22 - k} when it wins with its {@code k}-th stone (so 1 means it wins with its last, 21st stone, and 18,
 * the maximum, with its fourth); the negative of the opponent's such score when it loses. The empty board scores 1:
 * the first player wins with its last stone, under perfect play by both. {@link #analyze} scores each move from the
 * side that makes it.
 *
 * <p>A depth-limited mode ({@link #solveDepth}, {@link #analyzeDepth}) searches {@code depth} plies and scores the
 * horizon 0 (unknown); wins and losses found within the horizon keep their exact scores. It is for weaker,
 * solver-based opponents; it does not use the transposition table, whose entries are exact bounds.
 *
 * <p><b>Measured</b> ({@code ConnectFourSolverDepthBench}, JDK 25, one thread, a 2-core machine shared with other
 * jobs, load 8-16): {@link #analyze} (all seven moves exact) with an emptied table, 5 positions from seeded random play
 * per number of stones, mean (largest) nodes: 8 stones 14.8 M (21.3 M), 9 stones 7.5 M (16.8 M), 10 stones 7.4 M
 * (25.0 M), 11 stones 1.7 M (4.6 M), 12 stones 0.70 M (1.27 M), at about 5.5 M nodes per CPU-second: a few
 * CPU-seconds at 8 stones, under a second from 11 on; later runs (load 5-10): 7 stones (3 positions) 21.5 M (57.9 M),
 * 6 stones (2 positions) 165 M (275 M), 5 stones (1 position) 130 M, 4 stones (1 position) 118 M.
 * Scoring the all-depths benchmark set with one solver (table and book shared, most stones first; docs/cli.md, "Connect
 * Four against the solver") cost per position, mean (largest) nodes: 11 stones 1.5 M (16.4 M), 10 stones 2.9 M (17.4
 * M), 9 stones 5.0 M (35.8 M), 8 stones 11.3 M (67.4 M), 7 stones 23.6 M (117.9 M, 47 positions), 6 stones 63.8 M
 * (344 M, 46 positions), 5 stones 146.5 M (850 M, 51 positions); 4 stones, the table and book empty at the start
 * (2026-12-07, Ice Lake, 5.7 M nodes per CPU-second), 288.7 M (1,283 M, 53 positions); then with 2^27 slots, huge
 * pages and the book seeded from the deeper positions' scores ({@link #learn}): 3 stones 317.5 M (929 M, 49
 * positions, 57 CPU-s mean), 2 stones 569 M (1,679 M, 22 positions, 101 CPU-s mean), 1 stone 67 M (4 positions), and
 * the empty board from its children's entries in the book; alone, a fresh solver did not finish the empty board within
 * 10 CPU-minutes. Table layout: one {@code long} per slot (key and bound) instead of a key array and a byte array cost
 * the same CPU with 2^23 slots (116 against 117 CPU-s for the 4-stone position {@code 2721}, fresh solver) and less
 * with large tables; with 2^27 slots and the JVM's transparent huge pages ({@code -XX:+UseTransparentHugePages}) that
 * position took 78 CPU-s (418 M nodes against 749 M; two arrays: 92 CPU-s), with 2^26, 2^28, 2^29 slots 82, 86, 83.
 * Keying the table
 * by the smaller of a position's and its mirror image's key left these counts within 2%; an enhanced transposition cutoff (probing the children's bounds before
 * searching them) saved 10% of the nodes but no CPU time, and is not used; a 2^25-slot table saved 2-3% of the nodes at
 * 8 and 9 stones for 11-17% more CPU time (user CPU of back-to-back pairs, 23 25 23 25 bits). Pons's own final solver answers the opening
 * from a book of the scores of every position of up to 14 stones (mirror images once), computed offline; such a book
 * is what closes the gap to positions with few stones, and it is far beyond what this machine computes in hours.
 *
 * <p>Implementation notes:
 * <ol>
 *   <li>Positions are (stones of the side to move, all stones, number of stones) with the layout of
 *       {@link Bitboards}; {@code stones + occupied} is a unique key (Pons's observation: it sets one extra bit above
 *       every column's top stone and keeps the side to move's stones). The table is keyed by the smaller of that key and
 *       the key of the mirror image (columns reversed), so symmetric positions share an entry.</li>
 *   <li>The transposition table has {@code 2^bits} slots, each the full 64-bit key and one byte holding either an upper
 *       bound (a fail-low: the node's score is at most alpha) or a lower bound (a beta cut-off), or 0 for an empty slot
 *       (the empty board's key is 0 too, so the byte, not the key, tells an empty slot); Pons's first versions
 *       store upper bounds only, his final one both.</li>
 *   <li>Search precondition, as in the tutorial: the side to move cannot win with its next stone. {@link #solve} checks
 *       that case first, and {@code negamax} only plays moves after which the opponent cannot win at once.</li>
 *   <li>The book: every position of at most {@value #BOOK_MAX_STONES} stones that {@link #solve} or {@link #analyze}
 *       answers (the root, and in {@link #analyze} each child) keeps its exact score in a separate map that is never
 *       overwritten; the search looks positions of up to the book's most stones up there first, so a later search
 *       that reaches a solved position stops at it. Exact scores stay true across root positions, as the table's
 *       bounds do. A position whose children were all analysed before is then solved in a few nodes; scoring a set of
 *       positions from the most stones to the fewest ({@link ConnectFourPositions#score}) makes use of it.</li>
 *   <li>One instance is not thread-safe; bounds in the table and scores in the book are facts about positions, so one
 *       solver may answer any number of positions in a row and gets faster as they fill.</li>
 * </ol>
 */
public final class ConnectFourSolver {
    /** The lowest possible score: losing to the opponent's fourth stone. */
    public static final int MIN_SCORE = -(CELLS / 2) + 3;
    /** The highest possible score: winning with one's fourth stone. */
    public static final int MAX_SCORE = (CELLS + 1) / 2 - 3;
    /** Centre columns first: the usual best moves, so alpha-beta cuts earlier. */
    private static final int[] COLUMN_ORDER = {3, 2, 4, 1, 5, 0, 6};
    // table values: 0 an empty slot; score + OFFSET an upper bound; score + OFFSET + LOWER_FLAG a lower bound. Window
    // bounds reach [-21, 21] (beyond MIN_SCORE..MAX_SCORE while the null-window search probes), so both ranges fit a
    // byte without touching 0.
    private static final int EMPTY = 0;
    private static final int OFFSET = 32;
    private static final int LOWER_FLAG = 64;

    /** Positions with at most this many stones that {@link #solve} answers go into the book of exact scores. */
    static final int BOOK_MAX_STONES = 20;

    // the transposition table: one long per slot, the key shifted left by 8 bits and the value in the low byte (0 for
    // an empty slot), so a probe reads one cache line; keys are below 2^49 (7 columns of 7 bits)
    private final long[] table;
    private final int shift;
    // the book: exact scores (score + OFFSET) of positions solved at the root, by canonical key; open addressing
    private long[] bookKeys = new long[1 << 10];
    private byte[] bookValues = new byte[1 << 10];
    private int bookSize;
    private int bookMaxStones = -1; // the most stones of a book entry: deeper nodes skip the lookup
    private long nodes;
    // move ordering scratch, one row per number of stones (a node's depth in the game)
    private final long[][] orderBits = new long[CELLS + 1][WIDTH];
    private final int[][] orderScores = new int[CELLS + 1][WIDTH];

    /** A solver with a transposition table of {@code 2^23} slots (64 MB). */
    public ConnectFourSolver() {
        this(23);
    }

    /** A solver with a transposition table of {@code 2^tableBits} slots (8 bytes each); {@code tableBits} in 10..30. */
    public ConnectFourSolver(int tableBits) {
        if (tableBits < 10 || tableBits > 30) {
            throw new IllegalArgumentException("tableBits must be in 10..30 but was " + tableBits);
        }
        table = new long[1 << tableBits];
        shift = 64 - tableBits;
    }

    /** The number of positions searched since construction or the last {@link #resetNodeCount()}. */
    public long nodeCount() {
        return nodes;
    }

    public void resetNodeCount() {
        nodes = 0;
    }

    /** Empties the transposition table and the book of exact scores. */
    public void clear() {
        java.util.Arrays.fill(table, 0L);
        bookKeys = new long[1 << 10];
        bookValues = new byte[1 << 10];
        bookSize = 0;
        bookMaxStones = -1;
    }

    /** The number of exact scores in the book. */
    public int bookSize() {
        return bookSize;
    }

    // ---------------------------------------------------------------- public API

    /** The exact score of {@code state} for the side to move; throws {@link IllegalArgumentException} at the end of a game. */
    public int solve(ConnectFourState state) {
        requireOngoing(state);
        return solve(state.currentStones(), state.occupied(), state.moveNumber());
    }

    /**
     * The exact score of each move from the side that plays it: {@code scores[c]} is the score of the position after
     * dropping a stone in column {@code c}, negated to the mover's side (a stone that wins at once, the mover's
     * {@code k}-th, scores {@code 22 - k}); {@code null} for a full column.
     */
    public Integer[] analyze(ConnectFourState state) {
        requireOngoing(state);
        return analyze(state, -1);
    }

    /** Like {@link #solve} but searching only {@code depth >= 0} plies, the horizon scoring 0. */
    public int solveDepth(ConnectFourState state, int depth) {
        requireOngoing(state);
        requireDepth(depth);
        long cur = state.currentStones();
        long occ = state.occupied();
        int n = state.moveNumber();
        if (canWinNext(cur, occ)) return (CELLS + 1 - n) / 2;
        return negamaxDepth(cur, occ, n, -CELLS, CELLS, depth);
    }

    /** Like {@link #analyze} but each move is searched {@code depth >= 1} plies deep (the move itself is the first). */
    public Integer[] analyzeDepth(ConnectFourState state, int depth) {
        requireOngoing(state);
        if (depth < 1) throw new IllegalArgumentException("depth must be at least 1 but was " + depth);
        return analyze(state, depth);
    }

    private Integer[] analyze(ConnectFourState state, int depth) {
        long cur = state.currentStones();
        long occ = state.occupied();
        int n = state.moveNumber();
        Integer[] scores = new Integer[WIDTH];
        // a position that is its own mirror image (the empty board, for one) scores column c as column 6 - c
        boolean symmetric = Bitboards.mirror(cur) == cur && Bitboards.mirror(occ) == occ;
        for (int c = 0; c < WIDTH; c++) {
            if (symmetric && c > WIDTH / 2) {
                scores[c] = scores[WIDTH - 1 - c];
                continue;
            }
            if ((occ & Bitboards.top(c)) != 0) continue;
            long move = (occ + Bitboards.bottom(c)) & Bitboards.column(c);
            if ((Bitboards.winningCells(cur, occ) & move) != 0) {
                scores[c] = (CELLS + 1 - n) / 2;
                continue;
            }
            long childCur = cur ^ occ;
            long childOcc = occ | move;
            if (n + 1 == CELLS) {
                scores[c] = 0;
            } else if (depth < 0) {
                scores[c] = -solve(childCur, childOcc, n + 1);
            } else {
                scores[c] = canWinNext(childCur, childOcc) ? -((CELLS - n) / 2)
                        : -negamaxDepth(childCur, childOcc, n + 1, -CELLS, CELLS, depth - 1);
            }
        }
        if (depth < 0) { // the position's value is its best move's score
            int best = Integer.MIN_VALUE;
            for (Integer v : scores) if (v != null) best = Math.max(best, v);
            bookStore(canonicalKey(cur, occ), n, best);
        }
        return scores;
    }

    /**
     * Puts exact scores found earlier into the book, as {@link #analyze} would have: {@code scores} are {@code state}'s
     * scores of every move in {@link #analyze}'s form (from a solver, e.g. a position set being resumed). The position
     * and each child that is not over go in (those of at most {@value #BOOK_MAX_STONES} stones), so later searches that
     * reach them stop there. The scores are taken as true; wrong ones make later answers wrong.
     *
     * @throws IllegalArgumentException when {@code scores} does not have a score exactly for the legal moves, or one is
     *     outside what a move there can score
     */
    public void learn(ConnectFourState state, Integer[] scores) {
        requireOngoing(state);
        long cur = state.currentStones();
        long occ = state.occupied();
        int n = state.moveNumber();
        if (scores.length != WIDTH) {
            throw new IllegalArgumentException("need " + WIDTH + " scores but got " + scores.length);
        }
        int best = Integer.MIN_VALUE;
        for (int c = 0; c < WIDTH; c++) {
            boolean full = (occ & Bitboards.top(c)) != 0;
            if (full != (scores[c] == null)) {
                throw new IllegalArgumentException("column " + (c + 1) + " of '" + state.serialize() + "' is "
                        + (full ? "full but has a score" : "open but has no score"));
            }
            if (full) continue;
            int s = scores[c];
            // the mover's stone is its ((n + 2) / 2)-th: a win scores at most 22 minus that, a loss at least the
            // opponent's best after it
            if (s > (CELLS + 1 - n) / 2 || s < -(CELLS - n) / 2) {
                throw new IllegalArgumentException("column " + (c + 1) + " of '" + state.serialize() + "' scores " + s
                        + ", outside " + (-(CELLS - n) / 2) + ".." + (CELLS + 1 - n) / 2);
            }
            best = Math.max(best, s);
            long move = (occ + Bitboards.bottom(c)) & Bitboards.column(c);
            if ((Bitboards.winningCells(cur, occ) & move) != 0 || n + 1 == CELLS) continue; // the child is over
            bookStore(canonicalKey(cur ^ occ, occ | move), n + 1, -s);
        }
        bookStore(canonicalKey(cur, occ), n, best);
    }

    private static void requireOngoing(ConnectFourState state) {
        if (state.isTerminal()) {
            throw new IllegalArgumentException("position '" + state.serialize() + "' is over ("
                    + state.outcomeString() + "); there is nothing to solve");
        }
    }

    private static void requireDepth(int depth) {
        if (depth < 0) throw new IllegalArgumentException("depth must be non-negative but was " + depth);
    }

    // ---------------------------------------------------------------- exact search

    private int solve(long cur, long occ, int n) {
        if (canWinNext(cur, occ)) return (CELLS + 1 - n) / 2;
        long key = canonicalKey(cur, occ);
        int known = n <= bookMaxStones ? bookProbe(key) : EMPTY;
        if (known != EMPTY) return known - OFFSET;
        // the score lies in [min, max]; bisect it with null-window searches, each answering "is it above med?"
        int min = -(CELLS - n) / 2;
        int max = (CELLS + 1 - n) / 2;
        while (min < max) {
            int med = min + (max - min) / 2;
            // probe nearer to 0 first: small-magnitude windows are cheaper (Pons's trick)
            if (med <= 0 && min / 2 < med) {
                med = min / 2;
            } else if (med >= 0 && max / 2 > med) {
                med = max / 2;
            }
            int r = negamax(cur, occ, n, med, med + 1);
            if (r <= med) {
                max = r;
            } else {
                min = r;
            }
        }
        bookStore(key, n, min);
        return min;
    }

    /** Alpha-beta negamax; precondition: the side to move cannot win with its next stone. */
    private int negamax(long cur, long occ, int n, int alpha, int beta) {
        nodes++;
        long next = nonLosingMoves(cur, occ);
        if (next == 0) return -(CELLS - n) / 2; // every move lets the opponent win at once
        if (n >= CELLS - 2) return 0;           // neither side can win with the last two stones
        int min = -(CELLS - 2 - n) / 2;         // the opponent cannot win with its next stone
        if (alpha < min) {
            alpha = min;
            if (alpha >= beta) return alpha;
        }
        int max = (CELLS - 1 - n) / 2;          // we cannot win with our next stone
        if (beta > max) {
            beta = max;
            if (alpha >= beta) return beta;
        }
        long key = canonicalKey(cur, occ);
        if (n <= bookMaxStones) {
            int exact = bookProbe(key);
            if (exact != EMPTY) return exact - OFFSET;
        }
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        int v = probe(slot, key);
        if (v != EMPTY) {
            if (v >= LOWER_FLAG) {
                int lower = v - LOWER_FLAG - OFFSET;
                if (alpha < lower) {
                    alpha = lower;
                    if (alpha >= beta) return alpha;
                }
            } else {
                int upper = v - OFFSET;
                if (beta > upper) {
                    beta = upper;
                    if (alpha >= beta) return beta;
                }
            }
        }
        int count = order(cur, occ, n, next);
        long[] bits = orderBits[n];
        for (int i = 0; i < count; i++) {
            long move = bits[i];
            int score = -negamax(cur ^ occ, occ | move, n + 1, -beta, -alpha);
            if (score >= beta) {
                store(slot, key, score + OFFSET + LOWER_FLAG);
                return score;
            }
            if (score > alpha) alpha = score;
        }
        store(slot, key, alpha + OFFSET);
        return alpha;
    }

    /** The table's bound on {@code state}, as {@code "upper S"} or {@code "lower S"}, or null when it has none (for tests). */
    String tableEntry(ConnectFourState state) {
        long key = canonicalKey(state.currentStones(), state.occupied());
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        int v = probe(slot, key);
        if (v == EMPTY) return null;
        return v >= LOWER_FLAG ? "lower " + (v - LOWER_FLAG - OFFSET) : "upper " + (v - OFFSET);
    }

    /**
     * The table key of a position: {@code cur + occ} (Pons's unique key) or the same of its mirror image, whichever is
     * smaller, so a position and its mirror image share one entry (their scores are equal).
     */
    static long canonicalKey(long cur, long occ) {
        long key = cur + occ; // within each column the sum stays below 2^7: no carry into the next column
        return Math.min(key, Bitboards.mirror(key));
    }

    /** The book's exact score of the position with canonical {@code key}, plus {@link #OFFSET}; or {@link #EMPTY}. */
    private int bookProbe(long key) {
        int mask = bookKeys.length - 1;
        for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask; ; i = (i + 1) & mask) {
            int v = bookValues[i];
            if (v == EMPTY) return EMPTY;
            if (bookKeys[i] == key) return v;
        }
    }

    /** Records the exact {@code score} of a position of {@code n <=} {@link #BOOK_MAX_STONES} stones, canonical {@code key}. */
    private void bookStore(long key, int n, int score) {
        if (n > BOOK_MAX_STONES) return;
        if (2 * (bookSize + 1) > bookKeys.length) { // keep the load at most 1/2: rehash into twice the room
            long[] oldKeys = bookKeys;
            byte[] oldValues = bookValues;
            bookKeys = new long[oldKeys.length * 2];
            bookValues = new byte[oldKeys.length * 2];
            bookSize = 0;
            for (int i = 0; i < oldKeys.length; i++) if (oldValues[i] != EMPTY) bookPut(oldKeys[i], oldValues[i]);
        }
        bookPut(key, score + OFFSET);
        bookMaxStones = Math.max(bookMaxStones, n);
    }

    private void bookPut(long key, int value) {
        int mask = bookKeys.length - 1;
        for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask; ; i = (i + 1) & mask) {
            if (bookValues[i] == EMPTY) {
                bookKeys[i] = key;
                bookValues[i] = (byte) value;
                bookSize++;
                return;
            }
            if (bookKeys[i] == key) {
                bookValues[i] = (byte) value;
                return;
            }
        }
    }

    /** The table value for {@code key} at {@code slot}, or {@link #EMPTY}. */
    private int probe(int slot, long key) {
        long entry = table[slot];
        // an unused slot is 0: key 0 (the empty board's) with value EMPTY, so the key alone cannot tell it
        return (entry >>> 8) == key ? (int) (entry & 0xFF) : EMPTY;
    }

    private void store(int slot, long key, int value) {
        assert value > EMPTY && value < 128 : value;
        table[slot] = key << 8 | value;
    }

    /**
     * Fills {@code orderBits[n]} with the moves of {@code candidates}, those that leave the mover the most winning
     * cells first and, among equals, centre columns first; returns how many.
     */
    private int order(long cur, long occ, int n, long candidates) {
        long[] bits = orderBits[n];
        int[] scores = orderScores[n];
        int count = 0;
        for (int c : COLUMN_ORDER) {
            long move = candidates & Bitboards.column(c);
            if (move == 0) continue;
            int score = Long.bitCount(Bitboards.winningCells(cur | move, occ | move));
            int i = count++;
            while (i > 0 && scores[i - 1] < score) { // insertion sort, stable: ties keep the column order
                bits[i] = bits[i - 1];
                scores[i] = scores[i - 1];
                i--;
            }
            bits[i] = move;
            scores[i] = score;
        }
        return count;
    }

    // ---------------------------------------------------------------- depth-limited search

    private int negamaxDepth(long cur, long occ, int n, int alpha, int beta, int depth) {
        nodes++;
        long next = nonLosingMoves(cur, occ);
        if (next == 0) return -(CELLS - n) / 2;
        if (n >= CELLS - 2) return 0;
        if (depth == 0) return 0; // the horizon: no win or loss known
        int count = order(cur, occ, n, next);
        long[] bits = orderBits[n];
        for (int i = 0; i < count; i++) {
            int score = -negamaxDepth(cur ^ occ, occ | bits[i], n + 1, -beta, -alpha, depth - 1);
            if (score >= beta) return score;
            if (score > alpha) alpha = score;
        }
        return alpha;
    }

    // ---------------------------------------------------------------- bitboard helpers

    private static boolean canWinNext(long cur, long occ) {
        return (Bitboards.winningCells(cur, occ) & Bitboards.playable(occ)) != 0;
    }

    /**
     * The moves after which the opponent cannot win at once (Pons's "anticipation of direct losing moves"): if the
     * opponent threatens to win in one playable cell, only blocking it can help (and two such cells lose); never play
     * directly below an opponent's winning cell.
     */
    private static long nonLosingMoves(long cur, long occ) {
        long possible = Bitboards.playable(occ);
        long opponentWins = Bitboards.winningCells(cur ^ occ, occ);
        long forced = possible & opponentWins;
        if (forced != 0) {
            if ((forced & (forced - 1)) != 0) return 0;
            possible = forced;
        }
        return possible & ~(opponentWins >>> 1);
    }
}
