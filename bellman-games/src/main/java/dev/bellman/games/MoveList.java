package dev.bellman.games;

import java.util.ArrayList;
import java.util.List;

/**
 * The moves a two-player board game's {@link State} has played, one action (0 to 127) per ply, and the bookkeeping the
 * built-in games share: apply/undo, {@link State#history()}, {@link State#serialize()} as one digit per move, and
 * {@link State#returns()} from the winner. Plumbing for {@link State} implementations, not an API of its own.
 */
public final class MoveList {
    private final byte[] moves;
    private int count;

    /** An empty list with room for {@code capacity} moves (a game's longest). */
    public MoveList(int capacity) {
        moves = new byte[capacity];
    }

    private MoveList(MoveList other) {
        moves = other.moves.clone();
        count = other.count;
    }

    /** An independent copy. */
    public MoveList copy() {
        return new MoveList(this);
    }

    /** The number of moves played. */
    public int size() {
        return count;
    }

    /** Appends {@code action}. */
    public void push(int action) {
        moves[count++] = (byte) action;
    }

    /**
     * Removes and returns the last move.
     *
     * @throws IllegalStateException when no move was played ({@link State#undo()}'s contract)
     */
    public int pop() {
        if (count == 0) throw new IllegalStateException("no move to undo: this is the initial state");
        return moves[--count];
    }

    /** The moves in order, as {@link State#history()} returns them. */
    public List<Integer> toList() {
        List<Integer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add((int) moves[i]);
        return out;
    }

    /** Each move as the digit of {@code action + 1} (so for games of at most 9 actions), in order. */
    public String digits() {
        StringBuilder sb = new StringBuilder(count);
        for (int i = 0; i < count; i++) sb.append((char) ('1' + moves[i]));
        return sb.toString();
    }

    /** The returns of a win-or-draw game: +1 for {@code winner}, -1 for the other player, zeros when it is -1. */
    public static double[] winnerReturns(int winner) {
        if (winner < 0) return new double[] {0, 0};
        return winner == 0 ? new double[] {1, -1} : new double[] {-1, 1};
    }

    /** {@code actions} as 1-based move numbers separated by spaces, for messages. */
    public static String moveNumbers(int[] actions) {
        StringBuilder sb = new StringBuilder();
        for (int a : actions) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a + 1);
        }
        return sb.toString();
    }
}
