/**
 * IMPALA (Espeholt et al. 2018): actors and a learner meeting through a
 * {@link dev.bellman.distributed.ActorLearnerTransport}, off-policy correction by V-trace
 * ({@link dev.bellman.core.returns.VTrace}). Entry points: {@link dev.bellman.algorithms.impala.Impala} (a
 * {@link dev.bellman.distributed.DistributedAlgorithm}, id {@code impala}, and the in-JVM {@code train}),
 * {@link dev.bellman.algorithms.impala.ImpalaProvider} for the registry and CLI, and
 * {@link dev.bellman.algorithms.impala.ImpalaPolicy}, the greedy policy it returns.
 */
package dev.bellman.algorithms.impala;
