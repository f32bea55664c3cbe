package dev.bellman.search;

import dev.bellman.games.Game;
import dev.bellman.games.State;

import java.util.ArrayList;
import java.util.List;

/** A small Tic-tac-toe of the tests' own, so that search tests do not depend on the games module's implementation. */
public final class TestTicTacToe implements Game {
    public static final TestTicTacToe GAME = new TestTicTacToe();
    private static final int[][] LINES = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}};

    @Override public String id() { return "TestTicTacToe"; }
    @Override public int numDistinctActions() { return 9; }
    @Override public int[] observationShape() { return new int[] {2, 3, 3}; }
    @Override public int maxGameLength() { return 9; }
    @Override public State newInitialState() { return new S(); }

    @Override
    public State stateFromMoves(String moves) {
        State s = new S();
        for (char c : moves.toCharArray()) s.apply(c - '1');
        return s;
    }

    @Override public State deserialize(String serialized) { return stateFromMoves(serialized); }

    static final class S implements State {
        final int[] board = new int[9]; // 0 empty, 1 player 0, 2 player 1
        final List<Integer> moves = new ArrayList<>();

        @Override public Game game() { return GAME; }

        int winner() {
            for (int[] l : LINES) if (board[l[0]] != 0 && board[l[0]] == board[l[1]] && board[l[1]] == board[l[2]]) return board[l[0]] - 1;
            return -1;
        }

        @Override public boolean isTerminal() { return winner() >= 0 || moves.size() == 9; }
        @Override public int currentPlayer() { return isTerminal() ? TERMINAL : moves.size() % 2; }
        @Override public boolean isLegal(int a) { return a >= 0 && a < 9 && board[a] == 0 && !isTerminal(); }

        @Override
        public int[] legalActions() {
            if (isTerminal()) return new int[0];
            return java.util.stream.IntStream.range(0, 9).filter(a -> board[a] == 0).toArray();
        }

        @Override public void legalActionsMask(boolean[] mask) { for (int a = 0; a < 9; a++) mask[a] = isLegal(a); }

        @Override
        public void apply(int a) {
            if (!isLegal(a)) throw new IllegalArgumentException("illegal move " + (a + 1));
            board[a] = moves.size() % 2 + 1;
            moves.add(a);
        }

        @Override public void undo() { board[moves.remove(moves.size() - 1)] = 0; }

        @Override
        public State copy() {
            S s = new S();
            System.arraycopy(board, 0, s.board, 0, 9);
            s.moves.addAll(moves);
            return s;
        }

        @Override public List<Integer> history() { return List.copyOf(moves); }

        @Override
        public double[] returns() {
            int w = winner();
            return w < 0 ? new double[] {0, 0} : w == 0 ? new double[] {1, -1} : new double[] {-1, 1};
        }

        @Override
        public void observation(float[] out) {
            int me = moves.size() % 2 + 1;
            for (int i = 0; i < 9; i++) {
                out[i] = board[i] == me ? 1 : 0;
                out[9 + i] = board[i] != 0 && board[i] != me ? 1 : 0;
            }
        }

        @Override
        public long hash() {
            long h = moves.size() % 2;
            for (int i = 0; i < 9; i++) h = h * 3 + board[i];
            return h;
        }

        @Override public String actionToString(int a) { return Integer.toString(a + 1); }
        @Override public int stringToAction(String m) { return Integer.parseInt(m) - 1; }

        @Override
        public String serialize() {
            StringBuilder b = new StringBuilder();
            for (int m : moves) b.append(m + 1);
            return b.toString();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 9; i++) {
                b.append(".XO".charAt(board[i]));
                if (i % 3 == 2) b.append('\n');
            }
            return b.toString();
        }
    }

    /** The exact minimax value for the player to move. */
    public static int minimax(State s) {
        if (s.isTerminal()) {
            // the player who would move next lost or drew
            double[] r = s.returns();
            return (int) -Math.max(r[0], r[1]) == 0 ? 0 : -1;
        }
        int best = -2;
        for (int a : s.legalActions()) {
            s.apply(a);
            best = Math.max(best, -minimax(s));
            s.undo();
        }
        return best;
    }

    /** The minimax value of each legal move for the player to move (others: Integer.MIN_VALUE). */
    public static int[] moveValues(State s) {
        int[] v = new int[9];
        java.util.Arrays.fill(v, Integer.MIN_VALUE);
        for (int a : s.legalActions()) {
            s.apply(a);
            v[a] = -minimax(s);
            s.undo();
        }
        return v;
    }
}
