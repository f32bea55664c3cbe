/**
 * Go: {@link dev.bellman.games.go.GoGame} (rules, actions, observation planes, symmetries) and
 * {@link dev.bellman.games.go.GoState} (board with incremental chains and liberties, Zobrist hashing, superko, area
 * scoring), registered as {@code Go5x5} to {@code Go19x19}; {@link dev.bellman.games.go.Sgf} reads and writes game
 * records in SGF FF[4]; {@link dev.bellman.games.go.GoPlayouts} plays random games for rollouts and benchmarks, and
 * {@link dev.bellman.games.go.GoPlayoutBoard} plays the same games faster on a scratch board (the MCTS engine's
 * playouts).
 */
package dev.bellman.games.go;
