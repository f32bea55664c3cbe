/**
 * Go: {@link dev.bellman.games.go.GoGame} (rules, actions, observation planes, symmetries) and
 * {@link dev.bellman.games.go.GoState} (board with incremental chains and liberties, Zobrist hashing, superko, area
 * scoring), registered as {@code Go5x5} to {@code Go19x19}; {@link dev.bellman.games.go.Sgf} reads and writes game
 * records in SGF FF[4]; {@link dev.bellman.games.go.GoPlayouts} plays fast random games for rollouts and benchmarks.
 */
package dev.bellman.games.go;
