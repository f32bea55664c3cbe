/**
 * Ape-X DQN (Horgan et al. 2018): actors with per-actor ε feeding n-step transitions, with initial priorities, to a
 * learner's prioritized replay ({@link dev.bellman.core.replay.PrioritizedReplayBuffer}) through a
 * {@link dev.bellman.distributed.ActorLearnerTransport}. Entry points: {@link dev.bellman.algorithms.apex.ApeX} (a
 * {@link dev.bellman.distributed.DistributedAlgorithm}, id {@code apex-dqn}, and the in-JVM {@code train}),
 * {@link dev.bellman.algorithms.apex.ApeXProvider} for the registry and CLI, and
 * {@link dev.bellman.algorithms.apex.ApeXPolicy}, the greedy policy it returns.
 */
package dev.bellman.algorithms.apex;
