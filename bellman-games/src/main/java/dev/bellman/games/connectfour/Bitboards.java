package dev.bellman.games.connectfour;

import static dev.bellman.games.connectfour.ConnectFour.HEIGHT;
import static dev.bellman.games.connectfour.ConnectFour.WIDTH;

/**
 * Bitboard arithmetic for Connect Four, after the layout of Pascal Pons's solver ("Solving Connect 4: how to build a
 * perfect AI", blog.gamesolver.org): cell (column c, row r, row 0 at the bottom) is bit {@code c * 7 + r}; bit
 * {@code c * 7 + 6} is a sentinel that is always empty, so shifts by 1 (vertical), 7 (horizontal), 6 and 8 (the two
 * diagonals) never join stones across a column boundary.
 */
final class Bitboards {
    private Bitboards() {
    }

    static final int STRIDE = HEIGHT + 1;
    /** One bit at the bottom of every column. */
    static final long BOTTOM;
    /** Every playable cell (no sentinels). */
    static final long BOARD;

    static {
        long bottom = 0;
        for (int c = 0; c < WIDTH; c++) bottom |= 1L << (c * STRIDE);
        BOTTOM = bottom;
        BOARD = bottom * ((1L << HEIGHT) - 1);
    }

    /** The bottom cell of {@code column}. */
    static long bottom(int column) {
        return 1L << (column * STRIDE);
    }

    /** The top cell of {@code column}. */
    static long top(int column) {
        return 1L << (column * STRIDE + HEIGHT - 1);
    }

    /** Every cell of {@code column}. */
    static long column(int column) {
        return ((1L << HEIGHT) - 1) << (column * STRIDE);
    }

    /** True when {@code stones} hold four in a row somewhere. */
    static boolean hasFour(long stones) {
        // written out per direction: a loop over an array of shifts allocated the array on every call
        return hasFour(stones, 1) || hasFour(stones, STRIDE) || hasFour(stones, STRIDE - 1)
                || hasFour(stones, STRIDE + 1);
    }

    private static boolean hasFour(long stones, int shift) {
        long pairs = stones & (stones >>> shift);
        return (pairs & (pairs >>> (2 * shift))) != 0;
    }

    /**
     * The empty cells (of the whole board, reachable or not) where one more stone would give {@code stones} four in a
     * row; {@code occupied} are all the stones on the board.
     */
    static long winningCells(long stones, long occupied) {
        // vertical: three stones directly below
        long r = (stones << 1) & (stones << 2) & (stones << 3);
        r |= lineEnds(stones, STRIDE) | lineEnds(stones, STRIDE - 1) | lineEnds(stones, STRIDE + 1);
        return r & (BOARD ^ occupied);
    }

    /** The cells that complete a line of {@code stones} in direction {@code d}, as its end or inside it. */
    private static long lineEnds(long stones, int d) {
        // as the end (three on one side) or inside (two on one side, one on the other)
        long twoBelow = (stones << d) & (stones << (2 * d));
        long twoAbove = (stones >>> d) & (stones >>> (2 * d));
        return (twoBelow & ((stones << (3 * d)) | (stones >>> d))) | (twoAbove & ((stones << d) | (stones >>> (3 * d))));
    }

    /** {@code board} with its columns in reverse order (column c moved to column 6 - c, each column's bits kept). */
    static long mirror(long board) {
        long col = (1L << STRIDE) - 1;
        return ((board & col) << (6 * STRIDE)) | ((board & (col << STRIDE)) << (4 * STRIDE))
                | ((board & (col << (2 * STRIDE))) << (2 * STRIDE)) | (board & (col << (3 * STRIDE)))
                | ((board >>> (2 * STRIDE)) & (col << (2 * STRIDE))) | ((board >>> (4 * STRIDE)) & (col << STRIDE))
                | ((board >>> (6 * STRIDE)) & col);
    }

    /** The cells where a stone may be dropped now: the lowest empty cell of every column that is not full. */
    static long playable(long occupied) {
        return (occupied + BOTTOM) & BOARD;
    }
}
