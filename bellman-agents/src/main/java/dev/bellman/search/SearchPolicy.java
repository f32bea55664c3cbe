package dev.bellman.search;

import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;

/**
 * A trained program that plays a game by {@link Mcts} search with its own {@link Evaluator} (an AlphaZero network, the
 * AlphaGo networks and rollouts): what {@code bellman gtp --run-dir} and the arena's run-directory players need.
 */
public interface SearchPolicy {
    /** The game it was trained on. */
    Game game();

    /** Its default simulations per move. */
    int simulations();

    /** The greedy, noiseless search with {@code n} simulations. */
    Mcts.Config search(int n, long seed);

    /** A fresh leaf evaluator (its batch capacity at least the search's batch size). */
    Evaluator evaluator();

    /** A player searching with {@code n} simulations per move. */
    GamePlayer player(int n, long seed);
}
