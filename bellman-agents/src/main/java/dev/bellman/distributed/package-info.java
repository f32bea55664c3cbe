/**
 * The actor/learner split for distributed algorithms (IMPALA, Ape-X): {@link dev.bellman.distributed.ActorLearnerTransport}
 * carries experience to a learner and versioned parameters back; {@link dev.bellman.distributed.InProcessTransport}
 * is its in-JVM implementation, and {@code bellman-cluster} provides one on Hazelcast. Algorithms implement
 * {@link dev.bellman.distributed.DistributedAlgorithm}.
 */
package dev.bellman.distributed;
