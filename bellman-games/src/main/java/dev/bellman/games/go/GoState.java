package dev.bellman.games.go;

import dev.bellman.games.Game;
import dev.bellman.games.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Go position with its history; see {@link GoGame} for rules, actions, notation and observation.
 *
 * <p><b>Board</b>: a padded array with one border column and a border row above and below, so that the four
 * neighbours of a point are fixed offsets and never fall off the board. <b>Chains</b>: each stone knows its chain's
 * head and the next stone of a circular list; the head holds the chain's size and its liberties as a bitset over the
 * points with their count. Playing a stone takes one liberty from each distinct adjacent chain, removes chains left
 * without liberties (each removed stone gives a liberty back to the distinct chains around it), joins the first friendly
 * chain it touches and merges the other friendly chains into that one (the smaller list is relabelled; the liberty
 * bitsets are ORed). The empty points are kept in a list for playouts, and every point counts its neighbours by
 * content ({@link #around}), which answers the eye test and the common legality test (an empty neighbour, no enemy
 * stone) with one read. Undo puts the captured stones back and rebuilds only the chains around the changed points.
 *
 * <p><b>Repetition</b>: the board hashes of all earlier positions are kept with a small filter in front of them (one
 * bit per slot, set for each position played; undo leaves its bit set and the filter is rebuilt from the history after
 * a few undos), so that the positional-superko test of a candidate move (its hash after captures, computed without
 * playing it) is usually one array read.
 */
public final class GoState implements State {
    /** Point contents. */
    public static final int EMPTY = 0;
    /** A black stone (player 0). */
    public static final int BLACK = 1;
    /** A white stone (player 1). */
    public static final int WHITE = 2;
    static final int BORDER = 3;
    static final int FILTER_BITS = 12;
    /** Undos after which the filter is rebuilt from the history, dropping the bits of the positions taken back. */
    private static final int FILTER_STALE_LIMIT = 32;

    private final GoGame game;
    private final GoZobrist zobrist;
    private final int[] nb;
    final byte[] board;
    final int[] head;
    final int[] next;
    /** Indexed by a chain's head. */
    private final int[] libs;
    final int[] chainSize;
    /** Liberty sets as bitsets over padded points, {@code words} longs per chain head; {@link #libs} caches the counts. */
    private final long[] libBits;
    private final int words;
    /** The padded board's row length: the neighbours of p are p - stride, p - 1, p + 1 and p + stride. */
    private final int stride;
    /** Work arrays for flood fills and undo, made on first use (most copies, a search's, never need them). */
    private int[] mark;
    private int stamp;
    /** Stones whose chain was rebuilt during the current undo, and the undo's number. */
    private int[] rebuilt;
    private int epoch;
    private int[] scratch;
    /** The empty points (padded) in no particular order, and each point's index in that list. */
    final int[] empties;
    final int[] emptyIndex;
    int emptyCount;
    /**
     * For every padded point, its neighbours by content, four bits each: empty points at bit 0, black stones at bit 4,
     * white stones at bit 8 (a colour's field at bit {@code 4 * colour}); a border neighbour counts in both colours'
     * fields. So a point is surrounded by colour c and the edge when c's field is 4, and it has
     * {@code 4 - empty - field(c)} stones of the other colour around it.
     */
    final int[] around;
    int toMove = BLACK;
    int passes;
    int koPoint = -1;
    long boardHash;
    private final int[] captures = new int[3];

    // history, one entry per move
    int count;
    private int[] moveAction;
    private int[] capStart;
    private int[] koBefore;
    private int[] passesBefore;
    private int[] capStack;
    private int capTop;
    /** Board hash after i moves, i = 0..count. */
    long[] posHash;
    /** A bitset over {@link #filterSlot} slots: set for every position in {@link #posHash} (and maybe stale ones). */
    final long[] filter;
    private int filterStale;
    final boolean superko;

    // setup stones (handicap), padded points
    private int[] setupBlack = new int[0];
    private int[] setupWhite = new int[0];
    private int firstToMove = BLACK;

    GoState(GoGame game) {
        this.game = game;
        this.zobrist = game.zobrist;
        this.nb = game.neighbourOffsets;
        int size = game.paddedSize();
        board = new byte[size];
        Arrays.fill(board, (byte) BORDER);
        for (int p : game.toPadded) board[p] = EMPTY;
        head = new int[size];
        next = new int[size];
        libs = new int[size];
        chainSize = new int[size];
        words = (size + 63) >>> 6;
        stride = game.stride;
        libBits = new long[size * words];
        empties = new int[game.size() * game.size()];
        emptyIndex = new int[size];
        around = new int[size];
        for (int p : game.toPadded) {
            emptyIndex[p] = emptyCount;
            empties[emptyCount++] = p;
            for (int q : new int[] {p - stride, p - 1, p + 1, p + stride}) {
                around[p] += board[q] == BORDER ? (1 << 4 * BLACK) + (1 << 4 * WHITE) : 1;
            }
        }
        // room for a whole 9x9 game (162 moves) without growing; longer games grow the arrays by doubling
        int cap = Math.min(game.maxGameLength(), 191) + 1;
        moveAction = new int[cap];
        capStart = new int[cap];
        koBefore = new int[cap];
        passesBefore = new int[cap];
        capStack = new int[game.size() * game.size()];
        posHash = new long[cap + 1];
        filter = new long[(1 << FILTER_BITS) >>> 6];
        superko = game.config().koRule() == GoGame.KoRule.POSITIONAL_SUPERKO;
        pushHash(0);
    }

    private GoState(GoState o) {
        game = o.game;
        zobrist = o.zobrist;
        nb = o.nb;
        board = o.board.clone();
        head = o.head.clone();
        next = o.next.clone();
        libs = o.libs.clone();
        chainSize = o.chainSize.clone();
        words = o.words;
        stride = o.stride;
        libBits = o.libBits.clone();
        empties = o.empties.clone();
        emptyIndex = o.emptyIndex.clone();
        around = o.around.clone();
        emptyCount = o.emptyCount;
        toMove = o.toMove;
        passes = o.passes;
        koPoint = o.koPoint;
        boardHash = o.boardHash;
        System.arraycopy(o.captures, 0, captures, 0, 3);
        count = o.count;
        moveAction = o.moveAction.clone();
        capStart = o.capStart.clone();
        koBefore = o.koBefore.clone();
        passesBefore = o.passesBefore.clone();
        capStack = o.capStack.clone();
        capTop = o.capTop;
        posHash = o.posHash.clone();
        filter = o.filter.clone();
        filterStale = o.filterStale;
        superko = o.superko;
        setupBlack = o.setupBlack;
        setupWhite = o.setupWhite;
        firstToMove = o.firstToMove;
    }

    @Override
    public GoGame game() {
        return game;
    }

    // ---------------------------------------------------------------- setup

    /**
     * Places setup stones (SGF {@code AB}/{@code AW}, handicap) on the empty initial board and sets the player to move.
     * Setup stones are not moves: {@link #history()} stays empty and {@link #undo()} cannot remove them. Throws
     * {@link IllegalStateException} after the first move and {@link IllegalArgumentException} for a point given twice, an
     * out-of-range point, or stones without liberties; after such a failure the state is unusable (start from a new
     * one).
     *
     * @param black the actions (points) of black stones
     * @param white the actions (points) of white stones
     * @param playerToMove 0 (Black) or 1 (White)
     */
    public void setup(int[] black, int[] white, int playerToMove) {
        if (count != 0) throw new IllegalStateException("setup stones can only be placed before the first move, not after "
                + count + " moves");
        if (playerToMove != 0 && playerToMove != 1) {
            throw new IllegalArgumentException("player to move " + playerToMove + " is not 0 (Black) or 1 (White)");
        }
        int[] b = toPaddedChecked(black, "black");
        int[] w = toPaddedChecked(white, "white");
        for (int p : b) put(p, BLACK, "black");
        for (int p : w) put(p, WHITE, "white");
        int n = game.size();
        for (int a = 0; a < n * n; a++) {
            int p = game.toPadded[a];
            if (board[p] != EMPTY) {
                rebuildChain(p);
                if (libs[head[p]] == 0) {
                    throw new IllegalArgumentException("setup stone at " + game.actionToString(a)
                            + " has no liberties: setup positions must be legal");
                }
            }
        }
        setupBlack = concat(setupBlack, b);
        setupWhite = concat(setupWhite, w);
        toMove = playerToMove == 0 ? BLACK : WHITE;
        firstToMove = toMove;
        Arrays.fill(filter, 0L);
        pushHash(0);
    }

    private int[] toPaddedChecked(int[] actions, String colour) {
        int[] out = new int[actions.length];
        for (int i = 0; i < actions.length; i++) {
            int a = actions[i];
            if (a < 0 || a >= game.size() * game.size()) {
                throw new IllegalArgumentException(colour + " setup point " + a + " is not on the " + game.size() + "x"
                        + game.size() + " board: expected 0 to " + (game.size() * game.size() - 1));
            }
            out[i] = game.toPadded[a];
        }
        return out;
    }

    private void put(int p, int colour, String name) {
        if (board[p] != EMPTY) {
            throw new IllegalArgumentException(name + " setup stone at " + game.actionToString(game.toAction[p])
                    + " is on an occupied point");
        }
        board[p] = (byte) colour;
        boardHash ^= zobrist.stone(colour, p);
        fill(p, colour);
    }

    /** Records the stone of {@code colour} just placed on {@code p}: out of the empty list, into neighbours' counts. */
    private void fill(int p, int colour) {
        int delta = (1 << 4 * colour) - 1;
        int[] a = around;
        a[p - stride] += delta;
        a[p - 1] += delta;
        a[p + 1] += delta;
        a[p + stride] += delta;
        int i = emptyIndex[p];
        int last = empties[--emptyCount];
        empties[i] = last;
        emptyIndex[last] = i;
    }

    /** Records the stone of {@code colour} just taken off {@code p}: back in the empty list and neighbours' counts. */
    private void vacate(int p, int colour) {
        int delta = (1 << 4 * colour) - 1;
        int[] a = around;
        a[p - stride] -= delta;
        a[p - 1] -= delta;
        a[p + 1] -= delta;
        a[p + stride] -= delta;
        emptyIndex[p] = emptyCount;
        empties[emptyCount++] = p;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The black setup stones as actions. */
    public int[] setupBlack() {
        return toActions(setupBlack);
    }

    /** The white setup stones as actions. */
    public int[] setupWhite() {
        return toActions(setupWhite);
    }

    /** The player to move after the setup: 0 (Black) unless setup said White (handicap games). */
    public int firstPlayer() {
        return firstToMove == BLACK ? 0 : 1;
    }

    private int[] toActions(int[] padded) {
        int[] out = new int[padded.length];
        for (int i = 0; i < padded.length; i++) out[i] = game.toAction[padded[i]];
        return out;
    }

    // ---------------------------------------------------------------- queries

    /** The player who moves next, 0 (Black) or 1 (White), whether or not the game is over. */
    public int mover() {
        return toMove == BLACK ? 0 : 1;
    }

    @Override
    public int currentPlayer() {
        return isTerminal() ? TERMINAL : mover();
    }

    @Override
    public boolean isTerminal() {
        return passes >= 2 || count >= game.maxGameLength();
    }

    /** {@link #EMPTY}, {@link #BLACK} or {@link #WHITE} at {@code action} (a point). */
    public int colourAt(int action) {
        return board[game.toPadded[action]];
    }

    /** {@link #EMPTY}, {@link #BLACK} or {@link #WHITE} at {@code row} (0 at the top) and {@code column}. */
    public int colourAt(int row, int column) {
        return colourAt(row * game.size() + column);
    }

    /** The liberties of the chain at {@code action}, or 0 for an empty point. */
    public int liberties(int action) {
        int p = game.toPadded[action];
        return board[p] == EMPTY ? 0 : libs[head[p]];
    }

    /** The stones captured so far by {@code player} (0 Black, 1 White). */
    public int captures(int player) {
        return captures[player == 0 ? BLACK : WHITE];
    }

    /** The number of passes in a row just played (0, 1 or 2). */
    public int consecutivePasses() {
        return passes;
    }

    /** The point where simple ko forbids a move now, or -1; only set under {@link GoGame.KoRule#SIMPLE}. */
    public int koPoint() {
        return koPoint < 0 ? -1 : game.toAction[koPoint];
    }

    /** The hash of the stones alone (positional superko compares these). */
    public long boardHash() {
        return boardHash;
    }

    @Override
    public long hash() {
        return toMove == BLACK ? boardHash ^ zobrist.blackToMoveKey : boardHash;
    }

    @Override
    public boolean isLegal(int action) {
        if (isTerminal() || action < 0) return false;
        int n2 = game.size() * game.size();
        if (action == n2) return true;
        if (action > n2) return false;
        return isLegalPoint(game.toPadded[action], toMove);
    }

    private static final int BREATHES = 1, CAPTURES = 2;

    /**
     * For a move of {@code me} next to padded point {@code q}: {@link #BREATHES} when {@code q} is empty or holds a chain
     * of {@code me} with another liberty, {@link #CAPTURES} when it holds a chain of {@code opp} in atari, else 0.
     */
    private int neighbourStatus(int q, int me, int opp) {
        // without branches on the contents (a random game makes them unpredictable): an empty or border point's head
        // is some index whose count the colour tests mask
        int c = board[q];
        int l = libs[head[q]];
        int breathes = isColour(c, EMPTY) | isColour(c, me) & isPositive(l - 1);
        return breathes * BREATHES | (isColour(c, opp) & isZero(l - 1)) * CAPTURES;
    }

    /** Whether the colour to move may play the empty padded point {@code p} (for playouts: no terminal check). */
    boolean legalForMover(int p) {
        return isLegalPoint(p, toMove);
    }

    /** The colour to move, {@link #BLACK} or {@link #WHITE}. */
    int moverColour() {
        return toMove;
    }

    /** Swaps entries {@code i} and {@code j} of the (unordered) empty-point list. */
    void swapEmpties(int i, int j) {
        int a = empties[i], b = empties[j];
        empties[i] = b;
        empties[j] = a;
        emptyIndex[b] = i;
        emptyIndex[a] = j;
    }

    private boolean isLegalPoint(int p, int me) {
        if (board[p] != EMPTY) return false;
        if (p == koPoint) return false;
        int n = around[p];
        int empty = n & 0xF, own = n >>> 4 * me & 0xF;
        if (empty + own == 4 && empty > 0) { // no enemy stone around, an empty neighbour: a stone that captures nothing
            return !superko || !seen(boardHash ^ zobrist.stone(me, p));
        }
        int opp = BLACK + WHITE - me;
        int w = stride;
        int fast = neighbourStatus(p - w, me, opp) | neighbourStatus(p - 1, me, opp) | neighbourStatus(p + 1, me, opp)
                | neighbourStatus(p + w, me, opp);
        if ((fast & CAPTURES) == 0) { // the usual case: nothing is captured, the hash after is one XOR away
            if (fast == 0) return false;
            return !superko || !seen(boardHash ^ zobrist.stone(me, p));
        }
        boolean alive = false;
        long after = boardHash ^ zobrist.stone(me, p);
        int h0 = -1, h1 = -1, h2 = -1;
        boolean captures = false;
        for (int d = 0; d < 4; d++) {
            int q = p + nb[d];
            int c = board[q];
            if (c == EMPTY) {
                alive = true;
            } else if (c == me) {
                if (libs[head[q]] > 1) alive = true;
            } else if (c == opp) {
                int h = head[q];
                if (libs[h] == 1 && h != h0 && h != h1 && h != h2) {
                    captures = true;
                    if (d == 0) h0 = h;
                    else if (d == 1) h1 = h;
                    else h2 = h;
                    int s = h;
                    do {
                        after ^= zobrist.stone(opp, s);
                        s = next[s];
                    } while (s != h);
                }
            }
        }
        if (!alive && !captures) return false;
        if (superko) return !seen(after);
        return true;
    }

    /** True when playing {@code action} now would repeat an earlier board position (whatever the ko rule). */
    public boolean repeatsPosition(int action) {
        int n2 = game.size() * game.size();
        if (action < 0 || action >= n2) return false;
        int p = game.toPadded[action];
        if (board[p] != EMPTY) return false;
        int me = toMove, opp = BLACK + WHITE - me;
        long after = boardHash ^ zobrist.stone(me, p);
        ensureWorkArrays();
        int stampNow = ++stamp;
        for (int d = 0; d < 4; d++) {
            int q = p + nb[d];
            if (board[q] == opp && libs[head[q]] == 1 && mark[head[q]] != stampNow) {
                mark[head[q]] = stampNow;
                int h = head[q], s = h;
                do {
                    after ^= zobrist.stone(opp, s);
                    s = next[s];
                } while (s != h);
            }
        }
        return seen(after);
    }

    private boolean seen(long h) {
        int slot = filterSlot(h);
        if ((filter[slot >>> 6] & (1L << slot)) == 0) return false;
        for (int i = 0; i <= count; i++) if (posHash[i] == h) return true;
        return false;
    }

    static int filterSlot(long h) {
        return (int) (h >>> (64 - FILTER_BITS));
    }

    private void pushHash(int index) {
        posHash[index] = boardHash;
        int slot = filterSlot(boardHash);
        filter[slot >>> 6] |= 1L << slot;
    }

    /**
     * True when {@code action} is an empty point all of whose neighbours are stones of {@code player} and, in the
     * usual playout heuristic, whose diagonals hold at most one opponent stone (none on the edge): a point a random
     * playout should not fill.
     */
    public boolean isEyeLike(int action, int player) {
        int p = game.toPadded[action];
        if (board[p] != EMPTY) return false;
        return eyeLikePadded(p, player == 0 ? BLACK : WHITE);
    }

    /** {@link #isEyeLike} on the empty padded point {@code p} for colour {@code me} ({@link #BLACK} or {@link #WHITE}). */
    boolean eyeLikePadded(int p, int me) {
        return eyeLike(board, around, stride, p, me);
    }

    /** {@link #isEyeLike} on a padded board {@code b} with its neighbour counts {@code around} ({@link #around}). */
    static boolean eyeLike(byte[] b, int[] around, int s, int p, int me) {
        if ((around[p] >>> 4 * me & 0xF) != 4) return false; // not surrounded by own stones and the edge
        // the diagonals, counted without branches; only the first point's upper-left one falls before the padded
        // array (its index is -1)
        int opp = BLACK + WHITE - me;
        int bad = isColour(p - s - 1 >= 0 ? b[p - s - 1] : BORDER, opp) + isColour(b[p - s + 1], opp)
                + isColour(b[p + s - 1], opp) + isColour(b[p + s + 1], opp);
        return bad <= 1 && (bad == 0 || !onEdge(b, s, p));
    }

    // Branch-free tests for the hot loops, where a random game makes the outcome of a branch unpredictable: each
    // returns 1 or 0. Point contents are 0 to 3, counts are not negative.

    /** 1 when {@code c == colour}, else 0 (both 0 to 3). */
    static int isColour(int c, int colour) {
        return ((c ^ colour) - 1) >>> 31;
    }

    /** 1 for a stone of either colour, 0 for an empty or border point. */
    static int isStone(int c) {
        return (c + 1) >> 1 & 1;
    }

    /** 1 for {@code x > 0}, 0 for {@code x == 0}. */
    static int isPositive(int x) {
        return -x >>> 31;
    }

    /** 1 for {@code x == 0}, 0 for {@code x > 0}. */
    static int isZero(int x) {
        return (x - 1) >>> 31;
    }

    /** Whether the padded point {@code p} is on the edge of the board (a diagonal neighbour is off the board). */
    private static boolean onEdge(byte[] b, int s, int p) {
        return p - s - 1 < 0 || b[p - s - 1] == BORDER || b[p - s + 1] == BORDER || b[p + s - 1] == BORDER
                || b[p + s + 1] == BORDER;
    }

    @Override
    public int[] legalActions() {
        if (isTerminal()) return new int[0];
        int n2 = game.size() * game.size();
        int[] tmp = new int[n2 + 1];
        int k = 0;
        for (int a = 0; a < n2; a++) if (isLegalPoint(game.toPadded[a], toMove)) tmp[k++] = a;
        tmp[k++] = n2;
        return Arrays.copyOf(tmp, k);
    }

    @Override
    public void legalActionsMask(boolean[] mask) {
        int n2 = game.size() * game.size();
        boolean over = isTerminal();
        for (int a = 0; a < n2; a++) mask[a] = !over && isLegalPoint(game.toPadded[a], toMove);
        mask[n2] = !over;
    }

    // ---------------------------------------------------------------- play

    @Override
    public void apply(int action) {
        if (isTerminal()) {
            throw new IllegalStateException("cannot play " + describe(action) + ": the game is over ("
                    + outcomeString() + ")");
        }
        int n2 = game.size() * game.size();
        if (action < 0 || action > n2) {
            throw new IllegalArgumentException("illegal Go move: action " + action + " is not a point or pass (actions "
                    + "are 0 to " + n2 + ")");
        }
        if (action != n2 && !isLegalPoint(game.toPadded[action], toMove)) {
            throw new IllegalArgumentException("illegal Go move " + game.actionToString(action) + " for "
                    + colourName(toMove) + ": " + whyIllegal(game.toPadded[action]) + "; legal moves: "
                    + legalMovesString());
        }
        applyUnchecked(action);
    }

    /**
     * Plays {@code action}, which the caller knows to be legal (from {@link #isLegal}): no checks, for playouts.
     */
    public void applyUnchecked(int action) {
        ensureCapacity();
        moveAction[count] = action;
        capStart[count] = capTop;
        koBefore[count] = koPoint;
        passesBefore[count] = passes;
        int me = toMove;
        if (action == game.size() * game.size()) {
            passes++;
            koPoint = -1;
        } else {
            passes = 0;
            koPoint = -1;
            play(game.toPadded[action], me);
        }
        toMove = BLACK + WHITE - me;
        count++;
        pushHash(count);
    }

    private void play(int p, int me) {
        int opp = BLACK + WHITE - me;
        board[p] = (byte) me;
        boardHash ^= zobrist.stone(me, p);
        fill(p, me);
        head[p] = -1; // not a chain yet: captures below must not give it liberties
        int captured = 0;
        int lastCaptured = -1;
        int h0 = -2, h1 = -2, h2 = -2;
        int n = around[p];
        int ownStones = 4 - (n & 0xF) - (n >>> 4 * opp & 0xF); // captures below change neither this nor own chains
        boolean enemyAround = 4 - (n & 0xF) - (n >>> 4 * me & 0xF) > 0;
        for (int d = 0; enemyAround && d < 4; d++) {
            int q = p + nb[d];
            if (board[q] == opp) {
                int g = head[q];
                if (g == h0 || g == h1 || g == h2) continue; // one liberty per distinct chain
                if (d == 0) h0 = g;
                else if (d == 1) h1 = g;
                else h2 = g;
                libBits[g * words + (p >>> 6)] &= ~(1L << p);
                if (--libs[g] == 0) {
                    captured += chainSize[g];
                    lastCaptured = g;
                    remove(g, opp, me);
                }
            }
        }
        // join the first friendly chain around p (no chain of its own to relabel), then merge the other ones into it
        int h = -1;
        for (int d = 0; ownStones > 0 && d < 4; d++) {
            int q = p + nb[d];
            if (board[q] == me) {
                int g = head[q];
                if (h < 0) {
                    h = g;
                    head[p] = g;
                    next[p] = next[g];
                    next[g] = p;
                    chainSize[g]++;
                } else if (g != h) {
                    h = merge(h, g);
                }
            }
        }
        if (h < 0) {
            h = p;
            head[p] = p;
            next[p] = p;
            chainSize[p] = 1;
            int base = p * words;
            for (int w = 0; w < words; w++) libBits[base + w] = 0;
            for (int d = 0; d < 4; d++) {
                int q = p + nb[d];
                libBits[base + (q >>> 6)] |= (board[q] == EMPTY ? 1L : 0L) << q;
            }
            libs[p] = around[p] & 0xF; // the empty neighbours, after the captures
        } else {
            int hb = h * words;
            for (int d = 0; d < 4; d++) {
                int q = p + nb[d];
                libBits[hb + (q >>> 6)] |= (board[q] == EMPTY ? 1L : 0L) << q;
            }
            libBits[hb + (p >>> 6)] &= ~(1L << p);
            int count = 0;
            for (int w = 0; w < words; w++) count += Long.bitCount(libBits[hb + w]);
            libs[h] = count;
        }
        captures[me] += captured;
        if (captured == 1 && chainSize[h] == 1 && libs[h] == 1
                && !superko) {
            koPoint = lastCaptured;
        }
    }

    /** Removes the chain headed {@code h} of colour {@code colour}; each stone gives a liberty to the chains around it. */
    private void remove(int h, int colour, int other) {
        int s = h;
        do {
            int t = next[s];
            board[s] = EMPTY;
            boardHash ^= zobrist.stone(colour, s);
            vacate(s, colour);
            if (capTop == capStack.length) capStack = Arrays.copyOf(capStack, capTop * 2);
            capStack[capTop++] = s;
            int g0 = -2, g1 = -2, g2 = -2;
            for (int d = 0; d < 4; d++) {
                int q = s + nb[d];
                if (board[q] == other) {
                    int g = head[q];
                    if (g >= 0 && g != g0 && g != g1 && g != g2) {
                        libs[g]++;
                        libBits[g * words + (s >>> 6)] |= 1L << s;
                        if (d == 0) g0 = g;
                        else if (d == 1) g1 = g;
                        else g2 = g;
                    }
                }
            }
            s = t;
        } while (s != h);
    }

    /** Merges two chains, relabelling the smaller; returns the head of the result. */
    private int merge(int a, int b) {
        int h = mergeLists(head, next, chainSize, a, b);
        int hb = h * words, ob = (h == a ? b : a) * words;
        for (int w = 0; w < words; w++) libBits[hb + w] |= libBits[ob + w];
        return h;
    }

    /**
     * The chain bookkeeping of a merge, shared with {@link GoPlayoutBoard}: the smaller of the chains headed {@code a}
     * and {@code b} (b on a tie) is relabelled to the other's head, the two circular lists are spliced into one and the
     * sizes added; returns the head of the result. Liberties are the caller's.
     */
    static int mergeLists(int[] head, int[] next, int[] chainSize, int a, int b) {
        if (chainSize[a] < chainSize[b]) {
            int t = a;
            a = b;
            b = t;
        }
        int s = b;
        do {
            head[s] = a;
            s = next[s];
        } while (s != b);
        int t = next[a];
        next[a] = next[b];
        next[b] = t;
        chainSize[a] += chainSize[b];
        return a;
    }

    /** Flood-fills the chain through {@code p} and makes {@code p} its head, with its size and liberties. */
    private void rebuildChain(int p) {
        int colour = board[p];
        ensureWorkArrays();
        int[] stack = scratch;
        int top = 0;
        int st = ++stamp;
        stack[top++] = p;
        mark[p] = st;
        int prev = p;
        int size = 0;
        int l = 0;
        int libStamp = ++stamp; // liberties use a second stamp so they are not confused with stones
        int base = p * words;
        for (int w = 0; w < words; w++) libBits[base + w] = 0;
        while (top > 0) {
            int s = stack[--top];
            head[s] = p;
            rebuilt[s] = epoch;
            if (s != p) {
                next[prev] = s;
                prev = s;
            }
            size++;
            for (int d = 0; d < 4; d++) {
                int q = s + nb[d];
                if (board[q] == colour && mark[q] != st) {
                    mark[q] = st;
                    stack[top++] = q;
                } else if (board[q] == EMPTY && mark[q] != libStamp) {
                    mark[q] = libStamp;
                    libBits[base + (q >>> 6)] |= 1L << q;
                    l++;
                }
            }
        }
        next[prev] = p;
        chainSize[p] = size;
        libs[p] = l;
    }

    @Override
    public void undo() {
        if (count == 0) throw new IllegalStateException("no move to undo: this is the initial state");
        count--;
        if (++filterStale == FILTER_STALE_LIMIT) {
            filterStale = 0;
            Arrays.fill(filter, 0L);
            for (int i = 0; i <= count; i++) {
                int slot = filterSlot(posHash[i]);
                filter[slot >>> 6] |= 1L << slot;
            }
        }
        int action = moveAction[count];
        int me = BLACK + WHITE - toMove;
        toMove = me;
        koPoint = koBefore[count];
        passes = passesBefore[count];
        if (action == game.size() * game.size()) return;
        int opp = BLACK + WHITE - me;
        int p = game.toPadded[action];
        board[p] = EMPTY;
        boardHash ^= zobrist.stone(me, p);
        vacate(p, me);
        int from = capStart[count];
        for (int i = from; i < capTop; i++) {
            int s = capStack[i];
            board[s] = (byte) opp;
            boardHash ^= zobrist.stone(opp, s);
            fill(s, opp);
        }
        captures[me] -= capTop - from;
        // rebuild every chain next to p or to a restored stone, and the restored chains themselves
        ensureWorkArrays();
        epoch++;
        for (int d = 0; d < 4; d++) rebuildOnce(p + nb[d]);
        for (int i = from; i < capTop; i++) {
            int s = capStack[i];
            rebuildOnce(s);
            for (int d = 0; d < 4; d++) rebuildOnce(s + nb[d]);
        }
        capTop = from;
    }

    private void ensureWorkArrays() {
        if (mark == null) {
            mark = new int[board.length];
            rebuilt = new int[board.length];
            scratch = new int[board.length];
        }
    }

    private void rebuildOnce(int q) {
        int c = board[q];
        if ((c == BLACK || c == WHITE) && rebuilt[q] != epoch) rebuildChain(q);
    }

    private void ensureCapacity() {
        if (count + 1 >= moveAction.length) {
            int cap = moveAction.length * 2;
            moveAction = Arrays.copyOf(moveAction, cap);
            capStart = Arrays.copyOf(capStart, cap);
            koBefore = Arrays.copyOf(koBefore, cap);
            passesBefore = Arrays.copyOf(passesBefore, cap);
            posHash = Arrays.copyOf(posHash, cap + 1);
        }
    }

    @Override
    public GoState copy() {
        return new GoState(this);
    }

    @Override
    public List<Integer> history() {
        List<Integer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(moveAction[i]);
        return out;
    }

    @Override
    public int moveNumber() {
        return count;
    }

    // ---------------------------------------------------------------- scoring

    /**
     * Black's area minus White's area minus komi (Tromp-Taylor): positive when Black is ahead. An empty region counts
     * for a colour when it reaches stones of that colour only.
     */
    public double score() {
        int[] area = area();
        return area[BLACK] - area[WHITE] - game.komi();
    }

    /** Points owned by each colour under area scoring: index {@link #BLACK} and {@link #WHITE}. */
    public int[] area() {
        ensureWorkArrays();
        return area(game, board, around, mark, ++stamp, scratch); // scratch is free: only rebuildChain uses it else
    }

    /**
     * {@link #area()} of a padded board {@code board} with its neighbour counts {@code around}; {@code mark} holds no
     * {@code st} yet, {@code stack} has room for every point.
     */
    static int[] area(GoGame game, byte[] board, int[] around, int[] mark, int st, int[] stack) {
        int[] area = new int[3];
        int[] nb = game.neighbourOffsets;
        int black = 0, white = 0;
        for (int p : game.toPadded) {
            int c = board[p];
            int n = around[p];
            // a stone, or an empty point without empty neighbours (a one-point region, owned by the only colour
            // around it if there is one), counted without branches
            int empties = n & 0xF;
            int single = isColour(c, EMPTY) & isZero(empties);
            int blackStones = 4 - empties - (n >>> 4 * WHITE & 0xF);
            int whiteStones = 4 - empties - (n >>> 4 * BLACK & 0xF);
            black += isColour(c, BLACK) | single & isZero(whiteStones);
            white += isColour(c, WHITE) | single & isZero(blackStones);
            if (c == EMPTY && empties > 0 && mark[p] != st) { // a larger region: flood-fill it once
                int top = 0, size = 0;
                boolean reachesBlack = false, reachesWhite = false;
                stack[top++] = p;
                mark[p] = st;
                while (top > 0) {
                    int s = stack[--top];
                    size++;
                    for (int d = 0; d < 4; d++) {
                        int q = s + nb[d];
                        int cq = board[q];
                        if (cq == EMPTY && mark[q] != st) {
                            mark[q] = st;
                            stack[top++] = q;
                        } else if (cq == BLACK) {
                            reachesBlack = true;
                        } else if (cq == WHITE) {
                            reachesWhite = true;
                        }
                    }
                }
                if (reachesBlack && !reachesWhite) black += size;
                else if (reachesWhite && !reachesBlack) white += size;
            }
        }
        area[BLACK] = black;
        area[WHITE] = white;
        return area;
    }

    @Override
    public double[] returns() {
        if (!isTerminal()) return new double[] {0, 0};
        double s = score();
        if (s > 0) return new double[] {1, -1};
        if (s < 0) return new double[] {-1, 1};
        return new double[] {0, 0};
    }

    /** The result in SGF form: {@code "B+3.5"}, {@code "W+0.5"}, {@code "0"} for a draw; {@code ""} before the end. */
    public String resultString() {
        if (!isTerminal()) return "";
        double s = score();
        if (s == 0) return "0";
        return (s > 0 ? "B+" : "W+") + formatPoints(Math.abs(s));
    }

    static String formatPoints(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    // ---------------------------------------------------------------- observation

    @Override
    public void observation(float[] out) {
        int n = game.size();
        int plane = n * n;
        int history = game.config().history();
        Arrays.fill(out, 0, (2 * history + 1) * plane, 0f);
        byte[] b = board.clone();
        int me = toMove;
        int capEnd = capTop;
        for (int k = 0; k < history; k++) {
            int moveIndex = count - k; // the board after moveIndex moves
            if (moveIndex < 0) break;
            int own = 2 * k * plane, other = own + plane;
            for (int a = 0; a < plane; a++) {
                int c = b[game.toPadded[a]];
                if (c == me) out[own + a] = 1f;
                else if (c != EMPTY) out[other + a] = 1f;
            }
            if (moveIndex == 0) break;
            // step back one move on the copy
            int m = moveIndex - 1;
            int action = moveAction[m];
            int mover = ((m & 1) == 0) == (firstToMove == BLACK) ? BLACK : WHITE;
            if (action != plane) {
                b[game.toPadded[action]] = EMPTY;
                int opp = BLACK + WHITE - mover;
                for (int i = capStart[m]; i < capEnd; i++) b[capStack[i]] = (byte) opp;
            }
            capEnd = capStart[m];
        }
        if (me == BLACK) Arrays.fill(out, 2 * history * plane, (2 * history + 1) * plane, 1f);
    }

    // ---------------------------------------------------------------- notation

    @Override
    public String actionToString(int action) {
        return game.actionToString(action);
    }

    @Override
    public int stringToAction(String move) {
        return game.stringToAction(move);
    }

    /**
     * The moves in GTP notation separated by spaces, preceded by the setup when there is one:
     * {@code AB[...]} and {@code AW[...]} with comma-separated points, and {@code PL[W]} when White moved first.
     */
    @Override
    public String serialize() {
        StringBuilder sb = new StringBuilder();
        if (setupBlack.length > 0) sb.append("AB[").append(points(setupBlack)).append("] ");
        if (setupWhite.length > 0) sb.append("AW[").append(points(setupWhite)).append("] ");
        if (firstToMove == WHITE) sb.append("PL[W] ");
        for (int i = 0; i < count; i++) sb.append(game.actionToString(moveAction[i])).append(' ');
        return sb.toString().strip();
    }

    private String points(int[] padded) {
        StringBuilder sb = new StringBuilder();
        for (int p : padded) {
            if (sb.length() > 0) sb.append(',');
            sb.append(game.actionToString(game.toAction[p]));
        }
        return sb.toString();
    }

    static GoState parse(GoGame game, String text) {
        GoState state = game.newInitialState();
        List<Integer> black = new ArrayList<>(), white = new ArrayList<>();
        int player = 0;
        boolean setup = false;
        String[] tokens = text.strip().isEmpty() ? new String[0] : text.strip().split("[\\s,]+(?![^\\[]*\\])");
        int i = 0;
        for (; i < tokens.length; i++) {
            String t = tokens[i];
            String upper = t.toUpperCase(java.util.Locale.ROOT);
            if (upper.startsWith("AB[") || upper.startsWith("AW[") || upper.startsWith("PL[")) {
                if (!upper.endsWith("]")) throw new IllegalArgumentException("setup '" + t + "' in '" + text
                        + "' is not closed by ]");
                String body = t.substring(3, t.length() - 1);
                setup = true;
                if (upper.startsWith("PL[")) {
                    if (body.equalsIgnoreCase("B")) player = 0;
                    else if (body.equalsIgnoreCase("W")) player = 1;
                    else throw new IllegalArgumentException("PL[" + body + "] in '" + text + "': expected PL[B] or PL[W]");
                } else {
                    for (String v : body.split(",")) {
                        if (v.isBlank()) continue;
                        int a = game.stringToAction(v);
                        if (a == game.passAction()) throw new IllegalArgumentException("setup stone 'pass' in '" + text
                                + "': setup stones must be points");
                        (upper.startsWith("AB") ? black : white).add(a);
                    }
                }
            } else {
                break;
            }
        }
        if (setup) {
            state.setup(black.stream().mapToInt(Integer::intValue).toArray(),
                    white.stream().mapToInt(Integer::intValue).toArray(), player);
        }
        for (int m = 1; i < tokens.length; i++, m++) {
            int a;
            try {
                a = game.stringToAction(tokens[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad Go move '" + tokens[i] + "' (move " + m + " of '" + text
                        + "'): " + e.getMessage());
            }
            if (state.isTerminal()) {
                throw new IllegalArgumentException("move " + tokens[i] + " (move " + m + " of '" + text
                        + "') comes after the end of the game (" + state.outcomeString() + ")");
            }
            if (!state.isLegal(a)) {
                throw new IllegalArgumentException("illegal Go move " + tokens[i] + " (move " + m + " of '" + text
                        + "') for " + colourName(state.toMove) + ": " + state.whyIllegal(game.toPadded[a]));
            }
            state.apply(a);
        }
        return state;
    }

    private String whyIllegal(int p) {
        if (board[p] != EMPTY) return "the point is occupied";
        if (p == koPoint) return "it retakes a ko at once";
        if (game.config().koRule() == GoGame.KoRule.POSITIONAL_SUPERKO && repeatsPosition(game.toAction[p])) {
            return "it repeats an earlier position (positional superko)";
        }
        return "it is suicide";
    }

    private static String colourName(int colour) {
        return colour == BLACK ? "Black" : "White";
    }

    String legalMovesString() {
        if (isTerminal()) return "none (" + outcomeString() + ")";
        StringBuilder sb = new StringBuilder();
        for (int a : legalActions()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(game.actionToString(a));
        }
        return sb.toString();
    }

    String outcomeString() {
        if (!isTerminal()) return "in progress";
        String r = resultString();
        return (passes >= 2 ? "two passes" : "move limit " + game.maxGameLength()) + ", " + r;
    }

    private String describe(int action) {
        return action >= 0 && action <= game.size() * game.size() ? "move " + game.actionToString(action)
                : "action " + action;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoState s && s.game.config().equals(game.config()) && s.count == count
                && s.toMove == toMove && s.passes == passes && Arrays.equals(s.board, board)
                && s.history().equals(history());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash());
    }

    /** Rows from the top with their numbers, X for Black and O for White, then the column letters. */
    @Override
    public String toString() {
        int n = game.size();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < n; r++) {
            sb.append(String.format("%2d ", n - r));
            for (int c = 0; c < n; c++) {
                int s = colourAt(r, c);
                sb.append(s == BLACK ? 'X' : s == WHITE ? 'O' : '.');
                if (c < n - 1) sb.append(' ');
            }
            sb.append('\n');
        }
        sb.append("   ");
        for (int c = 0; c < n; c++) {
            sb.append(GoGame.COLUMNS.charAt(c));
            if (c < n - 1) sb.append(' ');
        }
        return sb.toString();
    }
}
