/**
 * The AlphaGo pipeline (Silver et al. 2016) on small Go boards: {@link dev.bellman.algorithms.alphago.AlphaGo} trains
 * the SL policy network from expert SGF games, the linear rollout policy, the REINFORCE policy and the value network;
 * {@link dev.bellman.algorithms.alphago.AlphaGoPolicy} is the resulting program (MCTS with SL priors and the
 * lambda-mixed leaf value); {@link dev.bellman.algorithms.alphago.AlphaGoProvider} registers it as {@code alphago}.
 */
package dev.bellman.algorithms.alphago;
