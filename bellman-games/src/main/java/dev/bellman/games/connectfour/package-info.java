/**
 * Connect Four ({@link dev.bellman.games.connectfour.ConnectFour}, registered as {@code "ConnectFour"}) on bitboards,
 * its exact solver after Pascal Pons ({@link dev.bellman.games.connectfour.ConnectFourSolver}) and a player built on
 * it ({@link dev.bellman.games.connectfour.SolverPlayer}), and a benchmark set of solver-scored positions
 * ({@link dev.bellman.games.connectfour.ConnectFourPositions}, the built-in 1,000 and the sampler that wrote them).
 */
package dev.bellman.games.connectfour;
