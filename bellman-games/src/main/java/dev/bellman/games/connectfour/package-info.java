/**
 * Connect Four ({@link dev.bellman.games.connectfour.ConnectFour}, registered as {@code "ConnectFour"}) on bitboards,
 * its exact solver after Pascal Pons ({@link dev.bellman.games.connectfour.ConnectFourSolver}) and a player built on
 * it ({@link dev.bellman.games.connectfour.SolverPlayer}).
 */
package dev.bellman.games.connectfour;
