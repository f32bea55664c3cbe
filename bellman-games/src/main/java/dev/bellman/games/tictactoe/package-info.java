/**
 * Tic-tac-toe ({@link dev.bellman.games.tictactoe.TicTacToe}, registered as {@code "TicTacToe"}) and its exact
 * minimax solver.
 */
package dev.bellman.games.tictactoe;
