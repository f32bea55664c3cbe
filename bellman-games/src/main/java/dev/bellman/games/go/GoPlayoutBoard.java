package dev.bellman.games.go;

import static dev.bellman.games.go.GoState.isColour;
import static dev.bellman.games.go.GoState.isPositive;
import static dev.bellman.games.go.GoState.isStone;
import static dev.bellman.games.go.GoState.isZero;

import java.util.SplittableRandom;

/**
 * A scratch board for random playouts ({@link GoPlayouts}): {@link #reset} copies a {@link GoState}'s position, then
 * {@link #playToEnd} plays the random game to its end and {@link #score} counts it; the state itself is not touched,
 * and one board serves any number of playouts without allocating.
 *
 * <p>Its tests of the neighbours avoid branches where a random game makes their outcome unpredictable (the colour of
 * each neighbour): on this project's Zen 1 machine mispredicted branches, not arithmetic, were the cost of a playout
 * move, and removing them took the board from about 31,000 to about 51,000 9x9 playouts a second.
 *
 * <p>It plays exactly the game that {@link GoPlayouts#playToEnd(GoState, SplittableRandom)} plays on a copy of the
 * state (same rules, including the ko rule and positional superko; same moves for the same random stream; same final
 * position), but keeps only what a playout needs: no undo history, no capture counts, and <b>pseudo-liberties</b> (the
 * number of stone–empty-point adjacencies of a chain, the usual device of light playout boards) instead of liberty
 * sets. A chain is captured exactly when its pseudo-liberties fall to zero, and a move's effect on an adjacent
 * chain is exact too: the chain keeps a liberty other than the played point when its pseudo-liberties exceed the
 * number of its stones next to that point.
 */
public final class GoPlayoutBoard {
    private static final int BLACK = GoState.BLACK, WHITE = GoState.WHITE, EMPTY = GoState.EMPTY;
    /** A border point (the padded board's first): the head of a stone being played, whose count nothing reads. */
    private static final int SINK = 0;

    private final GoGame game;
    private final GoZobrist zobrist;
    private final int stride;
    /** The four neighbour offsets and 0 (the point itself). */
    private final int[] joinOffsets;
    private final int maxMoves;
    private final boolean superko;
    private final byte[] board;
    private final int[] head;
    private final int[] next;
    private final int[] chainSize;
    /** Pseudo-liberties, indexed by a chain's head. */
    private final int[] plibs;
    private final int[] around;
    private final int[] empties;
    private final int[] emptyIndex;
    private final int[] mark;
    private final int[] stack;
    private final long[] filter = new long[(1 << GoState.FILTER_BITS) >>> 6];
    private long[] posHash;
    private int emptyCount;
    private int toMove;
    private int passes;
    private int koPoint;
    private int count;
    private int hashCount;
    private long boardHash;
    private int stamp;

    /** A board for playouts of {@code game}'s positions. */
    public GoPlayoutBoard(GoGame game) {
        this.game = game;
        zobrist = game.zobrist;
        stride = game.stride;
        joinOffsets = new int[] {-stride, -1, 1, stride, 0};
        int n2 = game.size() * game.size();
        maxMoves = game.maxGameLength();
        superko = game.config().koRule() == GoGame.KoRule.POSITIONAL_SUPERKO;
        int size = game.paddedSize();
        board = new byte[size];
        head = new int[size];
        next = new int[size];
        chainSize = new int[size];
        plibs = new int[size];
        around = new int[size];
        empties = new int[n2];
        emptyIndex = new int[size];
        mark = new int[size];
        stack = new int[size];
        posHash = new long[maxMoves + 2];
    }

    /** Copies {@code state}'s position, player to move, ko point, move count and earlier positions (for superko). */
    public void reset(GoState state) {
        if (state.game() != game && !state.game().config().equals(game.config())) {
            throw new IllegalArgumentException("a " + state.game() + " position on a board for " + game);
        }
        int size = board.length;
        System.arraycopy(state.board, 0, board, 0, size);
        System.arraycopy(state.head, 0, head, 0, size);
        System.arraycopy(state.next, 0, next, 0, size);
        System.arraycopy(state.chainSize, 0, chainSize, 0, size);
        System.arraycopy(state.around, 0, around, 0, size);
        System.arraycopy(state.emptyIndex, 0, emptyIndex, 0, size);
        emptyCount = state.emptyCount;
        System.arraycopy(state.empties, 0, empties, 0, emptyCount);
        toMove = state.toMove;
        passes = state.passes;
        koPoint = state.koPoint;
        boardHash = state.boardHash;
        count = state.count;
        if (superko) {
            hashCount = count + 1;
            if (posHash.length < hashCount + maxMoves) posHash = new long[hashCount + maxMoves];
            System.arraycopy(state.posHash, 0, posHash, 0, hashCount);
            System.arraycopy(state.filter, 0, filter, 0, filter.length);
        }
        for (int p : game.toPadded) plibs[p] = 0;
        for (int p : game.toPadded) if (board[p] != EMPTY) plibs[head[p]] += around[p] & 0xF;
    }

    /** Whether the game has ended (two passes in a row, or the move limit). */
    public boolean isTerminal() {
        return passes >= 2 || count >= maxMoves;
    }

    /**
     * Plays random moves ({@link GoPlayouts#randomMove}'s policy and draws) until the game ends; returns the number
     * of moves played.
     */
    public int playToEnd(SplittableRandom random) {
        int moves = 0;
        while (!isTerminal()) {
            play(randomPoint(random));
            moves++;
        }
        return moves;
    }

    /** Black's area minus White's area minus komi, as {@link GoState#score()}. */
    public double score() {
        int[] area = GoState.area(game, board, around, mark, ++stamp, stack);
        return area[BLACK] - area[WHITE] - game.komi();
    }

    /** The outcome for {@code player} (0 Black, 1 White) at the end: 1 for a win, -1 for a loss, 0 for a tie. */
    public double returnFor(int player) {
        double s = score();
        int blackWins = s > 0 ? 1 : s < 0 ? -1 : 0;
        return player == 0 ? blackWins : -blackWins;
    }

    /** The padded point of a random legal move that fills no own eye, or -1 to pass. */
    private int randomPoint(SplittableRandom random) {
        int k = emptyCount;
        int me = toMove;
        while (k > 0) {
            int i = GoPlayouts.below(random, k);
            int p = empties[i];
            if (!GoState.eyeLike(board, around, stride, p, me) && isLegal(p, me)) return p;
            int a = empties[i], b = empties[--k]; // a partial shuffle, as GoPlayouts.randomMove
            empties[i] = b;
            empties[k] = a;
            emptyIndex[b] = i;
            emptyIndex[a] = k;
        }
        return -1;
    }

    private boolean isLegal(int p, int me) {
        if (p == koPoint) return false;
        int n = around[p];
        int empty = n & 0xF;
        if (empty + (n >>> 4 * me & 0xF) == 4 && empty > 0) { // no enemy stone around, an empty neighbour
            return !superko || !seen(boardHash ^ zobrist.stone(me, p));
        }
        // Each adjacent chain without its adjacencies to p: more than zero pseudo-liberties left means a liberty other
        // than p, none left (for the enemy) a capture. Without branches on the neighbours' colours, which a random
        // game makes unpredictable: an empty or border point's head is some index whose count takes and gets back 0.
        int opp = BLACK + WHITE - me;
        int s = stride;
        int q0 = p - s, q1 = p - 1, q2 = p + 1, q3 = p + s;
        int c0 = board[q0], c1 = board[q1], c2 = board[q2], c3 = board[q3];
        int h0 = head[q0], h1 = head[q1], h2 = head[q2], h3 = head[q3];
        int[] l = plibs;
        l[h0] -= isStone(c0);
        l[h1] -= isStone(c1);
        l[h2] -= isStone(c2);
        l[h3] -= isStone(c3);
        int alive = empty | isColour(c0, me) & isPositive(l[h0]) | isColour(c1, me) & isPositive(l[h1])
                | isColour(c2, me) & isPositive(l[h2]) | isColour(c3, me) & isPositive(l[h3]);
        int k0 = isColour(c0, opp) & isZero(l[h0]), k1 = isColour(c1, opp) & isZero(l[h1]);
        int k2 = isColour(c2, opp) & isZero(l[h2]), k3 = isColour(c3, opp) & isZero(l[h3]);
        l[h0] += isStone(c0);
        l[h1] += isStone(c1);
        l[h2] += isStone(c2);
        l[h3] += isStone(c3);
        int captures = k0 | k1 | k2 | k3;
        if ((alive | captures) == 0) return false;
        if (!superko) return true;
        long after = boardHash ^ zobrist.stone(me, p);
        if (captures != 0) { // seldom: the hash without the captured chains, each counted once
            if (k0 != 0) after ^= chainKeys(h0, opp);
            if (k1 != 0 && h1 != h0) after ^= chainKeys(h1, opp);
            if (k2 != 0 && h2 != h0 && h2 != h1) after ^= chainKeys(h2, opp);
            if (k3 != 0 && h3 != h0 && h3 != h1 && h3 != h2) after ^= chainKeys(h3, opp);
        }
        return !seen(after);
    }

    private long chainKeys(int h, int colour) {
        long keys = 0;
        int t = h;
        do {
            keys ^= zobrist.stone(colour, t);
            t = next[t];
        } while (t != h);
        return keys;
    }

    private boolean seen(long h) {
        int slot = GoState.filterSlot(h);
        if ((filter[slot >>> 6] & (1L << slot)) == 0) return false;
        for (int i = 0; i < hashCount; i++) if (posHash[i] == h) return true;
        return false;
    }

    /** Plays padded point {@code p} for the player to move, or passes for -1, as {@link GoState#applyUnchecked}. */
    private void play(int p) {
        int me = toMove;
        koPoint = -1;
        if (p < 0) {
            passes++;
        } else {
            passes = 0;
            playStone(p, me);
        }
        toMove = BLACK + WHITE - me;
        count++;
        if (superko) {
            posHash[hashCount++] = boardHash;
            int slot = GoState.filterSlot(boardHash);
            filter[slot >>> 6] |= 1L << slot;
        }
    }

    private void playStone(int p, int me) {
        int opp = BLACK + WHITE - me;
        int s = stride;
        board[p] = (byte) me;
        boardHash ^= zobrist.stone(me, p);
        int delta = (1 << 4 * me) - 1;
        around[p - s] += delta;
        around[p - 1] += delta;
        around[p + 1] += delta;
        around[p + s] += delta;
        int i = emptyIndex[p];
        int last = empties[--emptyCount];
        empties[i] = last;
        emptyIndex[last] = i;
        int n = around[p];
        int[] nbs = game.neighbourOffsets;
        head[p] = SINK; // not a chain yet: captures below must not give it liberties (they go to the sink)
        int captured = 0, lastCaptured = -1;
        if (4 - (n & 0xF) - (n >>> 4 * me & 0xF) > 0) { // enemy stones around: take their adjacencies, capture
            for (int d = 0; d < 4; d++) {
                int q = p + nbs[d];
                plibs[head[q]] -= isColour(board[q], opp);
            }
            for (int d = 0; d < 4; d++) {
                int q = p + nbs[d];
                if ((isColour(board[q], opp) & isZero(plibs[head[q]])) != 0) { // seldom: a capture
                    captured += chainSize[head[q]];
                    lastCaptured = head[q];
                    remove(head[q], opp, me);
                }
            }
        }
        // Join the first friendly chain around p, then merge the other ones into it (as GoState.play, so that the
        // chains' lists, and with them the order of the empty-point list after later captures, stay the same). With
        // no friendly neighbour the "first chain" is p's own new one: one path for both, without a branch.
        int w = stride; // read again: keeping s in a register through the captures cost 3% on Zen 1
        int mine = isColour(board[p - w], me) | isColour(board[p - 1], me) << 1 | isColour(board[p + 1], me) << 2
                | isColour(board[p + w], me) << 3;
        head[p] = p;
        next[p] = p;
        chainSize[p] = 0;
        plibs[p] = 0;
        int h = head[p + joinOffsets[Integer.numberOfTrailingZeros(mine | 16)]];
        plibs[h] -= isPositive(mine);
        head[p] = h;
        next[p] = next[h];
        next[h] = p;
        chainSize[h]++;
        for (int rest = mine & (mine - 1); rest != 0; rest &= rest - 1) { // more friendly neighbours
            int g = head[p + nbs[Integer.numberOfTrailingZeros(rest)]];
            plibs[g]--;
            if (g != h) h = merge(h, g);
        }
        plibs[h] += around[p] & 0xF; // p's empty neighbours, after the captures
        if (captured == 1 && chainSize[h] == 1 && plibs[h] == 1 && !superko) koPoint = lastCaptured;
    }

    /** Removes the chain headed {@code h}; each stone gives a pseudo-liberty to each {@code other} stone next to it. */
    private void remove(int h, int colour, int other) {
        int s = h;
        int delta = (1 << 4 * colour) - 1;
        int w = stride;
        do {
            int t = next[s];
            board[s] = EMPTY;
            boardHash ^= zobrist.stone(colour, s);
            around[s - w] -= delta;
            around[s - 1] -= delta;
            around[s + 1] -= delta;
            around[s + w] -= delta;
            emptyIndex[s] = emptyCount;
            empties[emptyCount++] = s;
            giveLiberty(s - w, other);
            giveLiberty(s - 1, other);
            giveLiberty(s + 1, other);
            giveLiberty(s + w, other);
            s = t;
        } while (s != h);
    }

    private void giveLiberty(int q, int other) {
        plibs[head[q]] += isColour(board[q], other); // no branch; an empty or border point adds 0 somewhere
    }

    /** Merges two chains ({@link GoState#mergeLists}) with their pseudo-liberties; returns the head of the result. */
    private int merge(int a, int b) {
        int h = GoState.mergeLists(head, next, chainSize, a, b);
        plibs[h] += plibs[h == a ? b : a];
        return h;
    }
}
