/**
 * The actor/learner split for distributed algorithms (IMPALA, Ape-X): {@link dev.bellman.distributed.ActorLearnerTransport}
 * carries experience to a learner and versioned parameters back; {@link dev.bellman.distributed.InProcessTransport}
 * is its in-JVM implementation, and {@code bellman-cluster} provides one on Hazelcast. Algorithms implement
 * {@link dev.bellman.distributed.DistributedAlgorithm} ({@code impala}, {@code apex-dqn}). Helpers for them:
 * {@link dev.bellman.distributed.Payload} (the little-endian binary encoding of messages and snapshots) and
 * {@link dev.bellman.distributed.RunSpec} (the spec map a learner publishes and an actor turns back into a request).
 */
package dev.bellman.distributed;
