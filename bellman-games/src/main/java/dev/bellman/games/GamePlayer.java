package dev.bellman.games;

/**
 * Anything that chooses moves in a {@link Game}: a random player, a solver, MCTS, a trained network, a person at a
 * terminal. Players used in matches are told every move (their own and the opponent's) so that a search can reuse its
 * tree.
 */
public interface GamePlayer {
    /**
     * What {@link #chooseAction} returns to resign (games that allow it, such as Go; a GTP engine's {@code resign}):
     * the match ends as a loss of this player.
     */
    int RESIGN = -1;

    /**
     * Chooses a legal move for the player to move in {@code state} (or {@link #RESIGN}); must not change {@code state}
     * as seen by the caller.
     */
    int chooseAction(State state);

    /** Called before a new game starts. */
    default void newGame(Game game) {
    }

    /** Called after every move of the game, by either side, with the move played. */
    default void observeMove(State before, int action) {
    }

    /** A short description for match reports, for example {@code "mcts:800"}. */
    String name();
}
