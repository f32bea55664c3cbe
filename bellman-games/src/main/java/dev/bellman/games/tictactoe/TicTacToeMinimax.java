package dev.bellman.games.tictactoe;

import java.util.Arrays;

/**
 * Exact game-theoretic values of Tic-tac-toe positions by plain minimax (negamax form) over the whole game tree,
 * memoized on the board: every reachable position (5,478 of them) is solved once, when the class is first used, and
 * looked up afterwards. Values are from the side to move: +1 it wins, 0 a draw, -1 it loses, under perfect play by
 * both. Immutable after initialization, so safe to share between threads.
 */
public final class TicTacToeMinimax {
    private static final byte UNKNOWN = 2;
    /** Value by board code (base 3, cell 0 the least significant digit: 0 empty, 1 X, 2 O), from the side to move. */
    private static final byte[] VALUES = new byte[19683];

    static {
        Arrays.fill(VALUES, UNKNOWN);
        solve(new TicTacToe().newInitialState(), 0);
    }

    private TicTacToeMinimax() {
    }

    private static int solve(TicTacToeState s, int code) {
        if (VALUES[code] != UNKNOWN) return VALUES[code];
        int value;
        if (s.winner() >= 0) {
            value = -1; // the previous mover made a line: the side to move has lost
        } else if (s.isTerminal()) {
            value = 0;
        } else {
            value = -1;
            int digit = s.mover() + 1;
            for (int cell : s.legalActions()) {
                s.apply(cell);
                value = Math.max(value, -solve(s, code + digit * pow3(cell)));
                s.undo(); // no cut-off: every reachable position gets its entry
            }
        }
        VALUES[code] = (byte) value;
        return value;
    }

    private static int pow3(int k) {
        int p = 1;
        for (int i = 0; i < k; i++) p *= 3;
        return p;
    }

    private static int code(TicTacToeState s) {
        int code = 0;
        for (int cell = TicTacToe.CELLS - 1; cell >= 0; cell--) code = 3 * code + s.stoneAt(cell) + 1;
        return code;
    }

    /**
     * The value of {@code state} for the side to move (at the end of a game, for the side that would move: -1 after a
     * win by the other side, 0 after a draw).
     */
    public static int value(TicTacToeState state) {
        return VALUES[code(state)];
    }

    /**
     * The value of each move for the side that plays it: {@code values[cell]} is minus the value of the position after
     * it ({@code +1} for a winning move), {@code null} for an occupied cell or at the end of the game.
     */
    public static Integer[] moveValues(TicTacToeState state) {
        Integer[] out = new Integer[TicTacToe.CELLS];
        if (state.isTerminal()) return out;
        int code = code(state);
        int digit = state.mover() + 1;
        for (int cell = 0; cell < TicTacToe.CELLS; cell++) {
            if (state.stoneAt(cell) < 0) out[cell] = -VALUES[code + digit * pow3(cell)];
        }
        return out;
    }
}
