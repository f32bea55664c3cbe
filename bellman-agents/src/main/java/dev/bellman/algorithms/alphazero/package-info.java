/**
 * AlphaZero (Silver et al. 2018) on the games of {@code bellman-games}: {@link dev.bellman.algorithms.alphazero.AlphaZero}
 * (the self-play, replay, training and gating loop), its provider {@code alphazero}, the network as an MCTS evaluator
 * and the trained {@link dev.bellman.algorithms.alphazero.AlphaZeroPolicy}.
 */
package dev.bellman.algorithms.alphazero;
