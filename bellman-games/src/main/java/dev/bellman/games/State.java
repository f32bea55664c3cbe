package dev.bellman.games;

import java.util.List;

/**
 * One position of a {@link Game} with its history, mutable in place: {@link #apply(int)} plays a move and
 * {@link #undo()} takes the last one back, so a search can walk a tree without copying; {@link #copy()} is cheap for
 * the cases that need a snapshot. Modelled on OpenSpiel's {@code State}.
 *
 * <p>Returns are zero-sum: at a terminal state {@code returns()[0] == -returns()[1]}, with +1 a win, -1 a loss and
 * 0 a draw; before the end both are 0.
 */
public interface State {

    /** The game this is a state of. */
    Game game();

    /** The player to move, 0 or 1; {@link #TERMINAL} once the game is over. */
    int currentPlayer();

    /** The value of {@link #currentPlayer()} at a terminal state. */
    int TERMINAL = -1;

    /** True when the game is over (a win, a draw, or no legal move is left). */
    boolean isTerminal();

    /** True when {@code action} may be played now; false for any out-of-range action and at a terminal state. */
    boolean isLegal(int action);

    /** The legal actions in increasing order; empty at a terminal state. */
    int[] legalActions();

    /**
     * Fills {@code mask} ({@link Game#numDistinctActions()} elements) with {@code true} exactly at the legal actions.
     */
    void legalActionsMask(boolean[] mask);

    /**
     * Plays {@code action} for the player to move. Throws {@link IllegalArgumentException} naming the move (in the
     * game's notation) and the legal moves when it is illegal, and {@link IllegalStateException} when the game is over.
     */
    void apply(int action);

    /** Takes back the last move. Throws {@link IllegalStateException} at the initial state. */
    void undo();

    /** An independent copy with the same position and history. */
    State copy();

    /** The moves played from the initial state, in order. */
    List<Integer> history();

    /** The number of moves played so far. */
    default int moveNumber() {
        return history().size();
    }

    /** The outcome for each player: {@code {+1, -1}} when player 0 won, {@code {0, 0}} for a draw or an unfinished game. */
    double[] returns();

    /** {@code returns()[player]}. */
    default double returnFor(int player) {
        return returns()[player];
    }

    /**
     * Writes the observation from the point of view of the player to move into {@code out}
     * ({@link Game#observationSize()} elements, layout {@link Game#observationShape()}); at a terminal state, from the
     * point of view of the player who would move next.
     */
    void observation(float[] out);

    /** A Zobrist hash of the position (and of the player to move): equal positions reached by different orders collide. */
    long hash();

    /** The move in the game's usual notation (Connect Four: {@code "4"} for action 3; Tic-tac-toe: {@code "5"} for the centre). */
    String actionToString(int action);

    /** The inverse of {@link #actionToString}; throws {@link IllegalArgumentException} naming the string when it is not a move. */
    int stringToAction(String move);

    /** A compact string that {@link Game#deserialize} turns back into an equal state (for Connect Four, the move sequence). */
    String serialize();

    /** A human-readable board, rows separated by newlines, for terminals and logs. */
    @Override
    String toString();
}
