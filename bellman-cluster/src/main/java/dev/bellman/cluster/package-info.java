/**
 * Actors and learners on Hazelcast: {@link dev.bellman.cluster.HazelcastTransport} implements the
 * {@link dev.bellman.distributed.ActorLearnerTransport} of {@code bellman-agents} with an embedded member (one JVM, the
 * default of {@code bellman train --algo impala}) or with a learner member and actor members in several JVMs or
 * machines ({@code bellman cluster learner|actor}); {@link dev.bellman.cluster.ClusterSecret} keeps members and
 * messages without the run's secret out. See docs/cluster.md.
 */
package dev.bellman.cluster;
