package dev.bellman.games.connectfour;

import static dev.bellman.games.connectfour.ConnectFour.CELLS;
import static dev.bellman.games.connectfour.ConnectFour.HEIGHT;
import static dev.bellman.games.connectfour.ConnectFour.WIDTH;

import dev.bellman.games.Game;
import dev.bellman.games.MoveList;
import dev.bellman.games.State;
import dev.bellman.games.Zobrist;
import java.util.List;

/**
 * A Connect Four position with its history; see {@link ConnectFour} for actions, notation and observation. The board
 * is two bitboards ({@link Bitboards}): the stones of the player to move and all stones.
 */
public final class ConnectFourState implements State {
    private static final Zobrist ZOBRIST = new Zobrist(CELLS, 0xC0_4_4EC7_4L);

    private final ConnectFour game;
    /** The stones of the player to move. */
    private long current;
    /** All stones. */
    private long occupied;
    private final MoveList moves;
    /** -1 while nobody has won, else the winner. */
    private int winner = -1;
    private long hash;

    ConnectFourState(ConnectFour game) {
        this.game = game;
        moves = new MoveList(CELLS);
    }

    private ConnectFourState(ConnectFourState o) {
        game = o.game;
        current = o.current;
        occupied = o.occupied;
        moves = o.moves.copy();
        winner = o.winner;
        hash = o.hash;
    }

    @Override
    public Game game() {
        return game;
    }

    /** The player who moves next, whether or not the game is over. */
    int mover() {
        return moves.size() & 1;
    }

    /** The stones of the player to move, as a bitboard. */
    long currentStones() {
        return current;
    }

    /** All stones, as a bitboard. */
    long occupied() {
        return occupied;
    }

    @Override
    public int currentPlayer() {
        return isTerminal() ? TERMINAL : mover();
    }

    @Override
    public boolean isTerminal() {
        return winner >= 0 || moves.size() == CELLS;
    }

    /** The winner (0 or 1), or -1 for a draw or an unfinished game. */
    public int winner() {
        return winner;
    }

    /** The owner (0 or 1) of the cell at {@code column} and {@code row} (0 at the bottom), or -1 when it is empty. */
    public int stoneAt(int column, int row) {
        long bit = 1L << (column * Bitboards.STRIDE + row);
        if ((occupied & bit) == 0) return -1;
        return (current & bit) != 0 ? mover() : 1 - mover();
    }

    /** The number of stones in {@code column}. */
    public int columnHeight(int column) {
        return Long.bitCount(occupied & Bitboards.column(column));
    }

    @Override
    public boolean isLegal(int action) {
        return action >= 0 && action < WIDTH && !isTerminal() && (occupied & Bitboards.top(action)) == 0;
    }

    @Override
    public int[] legalActions() {
        int n = 0;
        int[] tmp = new int[WIDTH];
        for (int c = 0; c < WIDTH; c++) {
            if (isLegal(c)) tmp[n++] = c;
        }
        return java.util.Arrays.copyOf(tmp, n);
    }

    @Override
    public void legalActionsMask(boolean[] mask) {
        for (int c = 0; c < WIDTH; c++) mask[c] = isLegal(c);
    }

    @Override
    public void apply(int action) {
        if (isTerminal()) {
            throw new IllegalStateException("cannot play " + describe(action) + ": the game is over ("
                    + outcomeString() + ")");
        }
        if (action < 0 || action >= WIDTH) {
            throw new IllegalArgumentException("illegal Connect Four move: action " + action
                    + " is not a column (actions are 0 to 6, moves 1 to 7); legal moves: " + legalMovesString());
        }
        if ((occupied & Bitboards.top(action)) != 0) {
            throw new IllegalArgumentException("illegal Connect Four move " + (action + 1) + ": column "
                    + (action + 1) + " is full; legal moves: " + legalMovesString());
        }
        int player = mover();
        int row = columnHeight(action);
        long mine = current | ((occupied + Bitboards.bottom(action)) & Bitboards.column(action));
        occupied |= occupied + Bitboards.bottom(action);
        current = mine ^ occupied; // the opponent's stones: they move next
        moves.push(action);
        hash ^= ZOBRIST.stone(player, action * HEIGHT + row) ^ ZOBRIST.side();
        if (Bitboards.hasFour(mine)) winner = player;
    }

    @Override
    public void undo() {
        int action = moves.pop();
        int player = mover();
        long top = Long.highestOneBit(occupied & Bitboards.column(action));
        int row = columnHeight(action) - 1;
        long mine = current ^ occupied; // the stones of the player who made the last move
        occupied ^= top;
        current = mine ^ top;
        hash ^= ZOBRIST.stone(player, action * HEIGHT + row) ^ ZOBRIST.side();
        winner = -1; // play stops at a win, so the position before the last move had none
    }

    @Override
    public ConnectFourState copy() {
        return new ConnectFourState(this);
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
        float colour = mover() == 0 ? 1f : 0f;
        int plane = HEIGHT * WIDTH;
        for (int r = 0; r < HEIGHT; r++) {
            int row = HEIGHT - 1 - r; // observation rows run from the top
            for (int c = 0; c < WIDTH; c++) {
                long bit = 1L << (c * Bitboards.STRIDE + row);
                int i = r * WIDTH + c;
                out[i] = (current & bit) != 0 ? 1f : 0f;
                out[plane + i] = (occupied & bit) != 0 && (current & bit) == 0 ? 1f : 0f;
                out[2 * plane + i] = colour;
            }
        }
    }

    @Override
    public long hash() {
        return hash;
    }

    @Override
    public String actionToString(int action) {
        if (action < 0 || action >= WIDTH) {
            throw new IllegalArgumentException("action " + action + " is not a Connect Four column (0 to 6)");
        }
        return Integer.toString(action + 1);
    }

    @Override
    public int stringToAction(String move) {
        String m = move == null ? "" : move.strip();
        if (m.length() != 1 || m.charAt(0) < '1' || m.charAt(0) > '7') {
            throw new IllegalArgumentException("'" + move + "' is not a Connect Four move: moves are columns 1 to 7");
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
        if (winner == 0) return "the first player (X) won";
        if (winner == 1) return "the second player (O) won";
        return isTerminal() ? "a draw on a full board" : "in progress";
    }

    private static String describe(int action) {
        return action >= 0 && action < WIDTH ? "move " + (action + 1) : "action " + action;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectFourState s && s.moves.size() == moves.size() && s.occupied == occupied && s.current == current;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash);
    }

    /** Six rows from the top, X for the first player and O for the second, then the column numbers. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int row = HEIGHT - 1; row >= 0; row--) {
            for (int c = 0; c < WIDTH; c++) {
                int s = stoneAt(c, row);
                sb.append(s == 0 ? 'X' : s == 1 ? 'O' : '.');
                if (c < WIDTH - 1) sb.append(' ');
            }
            sb.append('\n');
        }
        return sb.append("1 2 3 4 5 6 7").toString();
    }
}
