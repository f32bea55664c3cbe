package dev.bellman.games.tictactoe;

import dev.bellman.games.Game;
import dev.bellman.games.MoveList;
import dev.bellman.games.State;
import dev.bellman.games.Zobrist;
import java.util.Arrays;
import java.util.List;

/** A Tic-tac-toe position with its history; see {@link TicTacToe} for actions, notation and observation. */
public final class TicTacToeState implements State {
    private static final Zobrist ZOBRIST = new Zobrist(TicTacToe.CELLS, 0x7177_7AC7_0EL);

    private final TicTacToe game;
    /** -1 empty, else the player (0 or 1) whose stone is there. */
    private final int[] board;
    private final MoveList moves;
    /** -1 while nobody has won, else the winner. */
    private int winner;
    private long hash;

    TicTacToeState(TicTacToe game) {
        this.game = game;
        board = new int[TicTacToe.CELLS];
        Arrays.fill(board, -1);
        moves = new MoveList(TicTacToe.CELLS);
        winner = -1;
    }

    private TicTacToeState(TicTacToeState other) {
        game = other.game;
        board = other.board.clone();
        moves = other.moves.copy();
        winner = other.winner;
        hash = other.hash;
    }

    @Override
    public Game game() {
        return game;
    }

    /** The player who moves next, whether or not the game is over. */
    int mover() {
        return moves.size() & 1;
    }

    @Override
    public int currentPlayer() {
        return isTerminal() ? TERMINAL : mover();
    }

    @Override
    public boolean isTerminal() {
        return winner >= 0 || moves.size() == TicTacToe.CELLS;
    }

    /** The winner (0 or 1), or -1 for a draw or an unfinished game. */
    public int winner() {
        return winner;
    }

    /** The owner of {@code cell} (0 or 1), or -1 when it is empty. */
    public int stoneAt(int cell) {
        return board[cell];
    }

    @Override
    public boolean isLegal(int action) {
        return action >= 0 && action < TicTacToe.CELLS && !isTerminal() && board[action] < 0;
    }

    @Override
    public int[] legalActions() {
        if (isTerminal()) return new int[0];
        int[] out = new int[TicTacToe.CELLS - moves.size()];
        int n = 0;
        for (int cell = 0; cell < TicTacToe.CELLS; cell++) {
            if (board[cell] < 0) out[n++] = cell;
        }
        return out;
    }

    @Override
    public void legalActionsMask(boolean[] mask) {
        for (int cell = 0; cell < TicTacToe.CELLS; cell++) mask[cell] = isLegal(cell);
    }

    @Override
    public void apply(int action) {
        if (isTerminal()) {
            throw new IllegalStateException("cannot play " + describe(action) + ": the game is over ("
                    + outcomeString() + ")");
        }
        if (action < 0 || action >= TicTacToe.CELLS) {
            throw new IllegalArgumentException("illegal Tic-tac-toe move: action " + action
                    + " is not a cell (actions are 0 to 8, moves 1 to 9); legal moves: " + legalMovesString());
        }
        if (board[action] >= 0) {
            throw new IllegalArgumentException("illegal Tic-tac-toe move " + (action + 1) + ": the cell is taken by "
                    + (board[action] == 0 ? "X" : "O") + "; legal moves: " + legalMovesString());
        }
        int player = mover();
        board[action] = player;
        moves.push(action);
        hash ^= ZOBRIST.stone(player, action) ^ ZOBRIST.side();
        for (int[] line : TicTacToe.LINES) {
            if (board[line[0]] == player && board[line[1]] == player && board[line[2]] == player) {
                winner = player;
                break;
            }
        }
    }

    @Override
    public void undo() {
        int action = moves.pop();
        int player = board[action];
        board[action] = -1;
        hash ^= ZOBRIST.stone(player, action) ^ ZOBRIST.side();
        winner = -1; // the game could not go on after a win, so the position before the last move had no winner
    }

    @Override
    public TicTacToeState copy() {
        return new TicTacToeState(this);
    }

    @Override
    public List<Integer> history() {
        return moves.toList();
    }

    @Override
    public int moveNumber() {
        return moves.size();
    }

    @Override
    public double[] returns() {
        return MoveList.winnerReturns(winner);
    }

    @Override
    public void observation(float[] out) {
        int me = mover();
        float colour = me == 0 ? 1f : 0f;
        for (int cell = 0; cell < TicTacToe.CELLS; cell++) {
            int s = board[cell];
            out[cell] = s == me ? 1f : 0f;
            out[TicTacToe.CELLS + cell] = s >= 0 && s != me ? 1f : 0f;
            out[2 * TicTacToe.CELLS + cell] = colour;
        }
    }

    @Override
    public long hash() {
        return hash;
    }

    @Override
    public String actionToString(int action) {
        if (action < 0 || action >= TicTacToe.CELLS) {
            throw new IllegalArgumentException("action " + action + " is not a Tic-tac-toe cell (0 to 8)");
        }
        return Integer.toString(action + 1);
    }

    @Override
    public int stringToAction(String move) {
        String m = move == null ? "" : move.strip();
        if (m.length() != 1 || m.charAt(0) < '1' || m.charAt(0) > '9') {
            throw new IllegalArgumentException("'" + move + "' is not a Tic-tac-toe move: moves are cells 1 to 9, "
                    + "row-major (5 is the centre)");
        }
        return m.charAt(0) - '1';
    }

    @Override
    public String serialize() {
        return moves.digits();
    }

    String legalMovesString() {
        if (isTerminal()) return "none (" + outcomeString() + ")";
        return MoveList.moveNumbers(legalActions());
    }

    String outcomeString() {
        if (winner == 0) return "X won";
        if (winner == 1) return "O won";
        return isTerminal() ? "a draw" : "in progress";
    }

    private static String describe(int action) {
        return action >= 0 && action < TicTacToe.CELLS ? "move " + (action + 1) : "action " + action;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TicTacToeState s && Arrays.equals(board, s.board) && moves.size() == s.moves.size();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int s = board[3 * r + c];
                sb.append(s == 0 ? 'X' : s == 1 ? 'O' : '.');
                if (c < 2) sb.append(' ');
            }
            if (r < 2) sb.append('\n');
        }
        return sb.toString();
    }
}
