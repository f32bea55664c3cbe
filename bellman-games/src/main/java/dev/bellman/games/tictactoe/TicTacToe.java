package dev.bellman.games.tictactoe;

import dev.bellman.games.Game;
import dev.bellman.games.State;

/**
 * Tic-tac-toe on a 3×3 board. Player 0 (X) moves first; three in a row, column or diagonal wins; a full board without
 * a line is a draw.
 *
 * <p><b>Actions</b>: the cell, row-major, 0..8 (top-left 0, centre 4). <b>Notation</b>: cells from 1 to 9 row-major,
 * one digit per move, so {@code "519"} is X in the centre, O top-left, X bottom-right.
 *
 * <p><b>Observation</b>: shape {@code {3, 3, 3}}; plane 0 the stones of the player to move, plane 1 the opponent's,
 * plane 2 all ones when the player to move is X (player 0) and all zeros otherwise.
 *
 * <p><b>Symmetries</b>: the 8 of the dihedral group; symmetry {@code k} rotates the board {@code k % 4} quarter turns
 * clockwise, then mirrors it left-right when {@code k >= 4}.
 *
 * <p><b>Serialized form</b>: the move sequence in the notation above ({@code ""} for the empty board).
 */
public final class TicTacToe implements Game {
    /** The registered id. */
    public static final String ID = "TicTacToe";

    static final int CELLS = 9;
    /** The 8 lines, as cell triples. */
    static final int[][] LINES = {
            {0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}};
    /** {@code PERM[k][cell]}: where {@code cell} goes under symmetry {@code k}. */
    static final int[][] PERM = new int[8][CELLS];

    static {
        for (int k = 0; k < 8; k++) {
            for (int cell = 0; cell < CELLS; cell++) {
                int r = cell / 3;
                int c = cell % 3;
                for (int t = 0; t < k % 4; t++) { // a quarter turn clockwise: (r, c) -> (c, 2 - r)
                    int nr = c;
                    c = 2 - r;
                    r = nr;
                }
                if (k >= 4) c = 2 - c;
                PERM[k][cell] = 3 * r + c;
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int numDistinctActions() {
        return CELLS;
    }

    @Override
    public int[] observationShape() {
        return new int[] {3, 3, 3};
    }

    @Override
    public int maxGameLength() {
        return CELLS;
    }

    @Override
    public TicTacToeState newInitialState() {
        return new TicTacToeState(this);
    }

    @Override
    public TicTacToeState stateFromMoves(String moves) {
        if (moves == null) throw new IllegalArgumentException("Tic-tac-toe moves must not be null");
        TicTacToeState state = newInitialState();
        String trimmed = moves.strip();
        for (int i = 0; i < trimmed.length(); i++) {
            char ch = trimmed.charAt(i);
            if (ch < '1' || ch > '9') {
                throw new IllegalArgumentException("bad Tic-tac-toe move '" + ch + "' at position " + (i + 1) + " of '"
                        + moves + "': moves are cells 1 to 9, row-major; legal moves here: "
                        + state.legalMovesString());
            }
            if (state.isTerminal()) {
                throw new IllegalArgumentException("move " + ch + " at position " + (i + 1) + " of '" + moves
                        + "' comes after the end of the game (" + state.outcomeString() + ")");
            }
            state.apply(ch - '1');
        }
        return state;
    }

    @Override
    public TicTacToeState deserialize(String serialized) {
        return stateFromMoves(serialized);
    }

    @Override
    public int numSymmetries() {
        return 8;
    }

    @Override
    public void transformObservation(int k, float[] in, float[] out) {
        checkSymmetry(k);
        for (int plane = 0; plane < 3; plane++) {
            int base = plane * CELLS;
            for (int cell = 0; cell < CELLS; cell++) {
                out[base + PERM[k][cell]] = in[base + cell];
            }
        }
    }

    @Override
    public int transformAction(int k, int action) {
        checkSymmetry(k);
        if (action < 0 || action >= CELLS) {
            throw new IllegalArgumentException("action " + action + " out of range [0, " + CELLS + ")");
        }
        return PERM[k][action];
    }

    private static void checkSymmetry(int k) {
        if (k < 0 || k >= 8) throw new IllegalArgumentException("symmetry " + k + " out of range [0, 8)");
    }

    @Override
    public String toString() {
        return ID;
    }
}
