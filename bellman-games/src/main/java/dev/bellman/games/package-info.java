/**
 * Two-player, turn-based, perfect-information, zero-sum games with an OpenSpiel-like API: {@link dev.bellman.games.Game}
 * holds the static facts (action count, observation shape, symmetries), {@link dev.bellman.games.State} one position
 * with apply/undo, legal-action masks, returns, observations and a Zobrist hash, and {@link dev.bellman.games.GamePlayer}
 * is anything that picks moves. Separate from the single-agent {@code dev.bellman.env.Env} API. Search and learning
 * live in {@code bellman-agents}; this module knows nothing of tensors.
 *
 * <p>Entry points: {@link dev.bellman.games.Games#make(String)} (ids {@code "TicTacToe"}, {@code "ConnectFour"}, {@code "Go9x9"} and the other Go sizes;
 * a registry of its own, so game ids never collide with env ids), {@link dev.bellman.games.RandomPlayer}, and
 * {@link dev.bellman.games.GameEnv}, the adapter that turns a game plus a fixed opponent into an {@code Env}. The games
 * and their exact solvers live in the subpackages {@code tictactoe} ({@code TicTacToeMinimax},
 * {@code MinimaxPlayer}), {@code connectfour} ({@code ConnectFourSolver}, {@code SolverPlayer}) and {@code go} (rules,
 * SGF, random playouts); the Tic-tac-toe and Connect Four states share {@link dev.bellman.games.MoveList} (move
 * history, apply/undo bookkeeping, returns from the winner).
 */
package dev.bellman.games;
