package dev.bellman.games.connectfour;

import dev.bellman.games.Game;

/**
 * Connect Four on the standard board of 6 rows × 7 columns: players drop stones into columns, a stone falls to the
 * lowest empty cell, four in a row (horizontally, vertically or diagonally) wins, and a full board without a line is a
 * draw. Player 0 moves first.
 *
 * <p><b>Actions</b>: the column, 0..6 from the left. <b>Notation</b>: columns from 1, one digit per move, so
 * {@code "4453"} is the first player in the centre column, the second on top of it, then columns 5 and 3 (the
 * notation of Pascal Pons's solver and of most Connect Four databases).
 *
 * <p><b>Observation</b>: shape {@code {3, 6, 7}} (planes, rows from the top, columns from the left); plane 0 the stones
 * of the player to move, plane 1 the opponent's, plane 2 all ones when the player to move is the first player.
 *
 * <p><b>Symmetries</b>: 2, the identity and the left-right mirror (column {@code c} to {@code 6 - c}).
 *
 * <p><b>Serialized form</b>: the move sequence in the notation above ({@code ""} for the empty board).
 *
 * <p><b>Board representation</b>: two 64-bit bitboards as in Pons's solver, one bit per cell at
 * {@code column * 7 + row} (row 0 at the bottom) with a seventh, always empty bit on top of each column, so that line
 * tests are a few shifts and ANDs; see {@link ConnectFourState}.
 */
public final class ConnectFour implements Game {
    /** The registered id. */
    public static final String ID = "ConnectFour";
    /** Columns. */
    public static final int WIDTH = 7;
    /** Rows. */
    public static final int HEIGHT = 6;
    /** Cells: the most moves a game can have. */
    public static final int CELLS = WIDTH * HEIGHT;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int numDistinctActions() {
        return WIDTH;
    }

    @Override
    public int[] observationShape() {
        return new int[] {3, HEIGHT, WIDTH};
    }

    @Override
    public int maxGameLength() {
        return CELLS;
    }

    @Override
    public ConnectFourState newInitialState() {
        return new ConnectFourState(this);
    }

    @Override
    public ConnectFourState stateFromMoves(String moves) {
        if (moves == null) throw new IllegalArgumentException("Connect Four moves must not be null");
        ConnectFourState state = newInitialState();
        String trimmed = moves.strip();
        for (int i = 0; i < trimmed.length(); i++) {
            char ch = trimmed.charAt(i);
            if (ch < '1' || ch > '7') {
                throw new IllegalArgumentException("bad Connect Four move '" + ch + "' at position " + (i + 1)
                        + " of '" + moves + "': moves are columns 1 to 7; legal moves here: "
                        + state.legalMovesString());
            }
            int column = ch - '1';
            if (state.isTerminal()) {
                throw new IllegalArgumentException("move " + ch + " at position " + (i + 1) + " of '" + moves
                        + "' comes after the end of the game (" + state.outcomeString() + ")");
            }
            if (!state.isLegal(column)) {
                throw new IllegalArgumentException("illegal Connect Four move " + ch + " at position " + (i + 1)
                        + " of '" + moves + "': column " + ch + " is full; legal moves here: "
                        + state.legalMovesString());
            }
            state.apply(column);
        }
        return state;
    }

    @Override
    public ConnectFourState deserialize(String serialized) {
        return stateFromMoves(serialized);
    }

    @Override
    public int numSymmetries() {
        return 2;
    }

    @Override
    public void transformObservation(int k, float[] in, float[] out) {
        checkSymmetry(k);
        for (int plane = 0; plane < 3; plane++) {
            for (int r = 0; r < HEIGHT; r++) {
                int base = (plane * HEIGHT + r) * WIDTH;
                for (int c = 0; c < WIDTH; c++) {
                    out[base + (k == 0 ? c : WIDTH - 1 - c)] = in[base + c];
                }
            }
        }
    }

    @Override
    public int transformAction(int k, int action) {
        checkSymmetry(k);
        if (action < 0 || action >= WIDTH) {
            throw new IllegalArgumentException("action " + action + " out of range [0, " + WIDTH + ")");
        }
        return k == 0 ? action : WIDTH - 1 - action;
    }

    private static void checkSymmetry(int k) {
        if (k < 0 || k >= 2) throw new IllegalArgumentException("symmetry " + k + " out of range [0, 2)");
    }

    @Override
    public String toString() {
        return ID;
    }
}
