package dev.bellman.distributed;

import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.Checkpoints;

/**
 * An algorithm split into a learner and actors that meet only through an {@link ActorLearnerTransport} (IMPALA,
 * Ape-X). Listed in {@code META-INF/services/dev.bellman.distributed.DistributedAlgorithm}, so that
 * {@code bellman cluster learner|actor} finds it by {@link #id()}; the same id is the algorithm's
 * {@code AlgorithmProvider} id for {@code bellman train}, which runs learner and actors in one JVM.
 */
public interface DistributedAlgorithm {

    /** The algorithm id, as on the command line ({@code impala}, {@code apex-dqn}). */
    String id();

    /**
     * Runs the learner until {@code request}'s budget of env steps (summed over all actors) is spent: publishes the
     * spec and the first parameters, consumes experience, publishes new parameters, checkpoints through
     * {@code checkpoints} (resuming from its latest checkpoint when there is one), then marks the transport finished.
     */
    Policy runLearner(ActorLearnerTransport transport, TrainRequest request, MetricsSink sink, Checkpoints checkpoints)
            throws InterruptedException;

    /**
     * Runs one actor until the transport is finished or closed: waits for the spec and parameters, builds its env
     * from the spec, acts, sends experience, pulls newer parameters. {@code actorIndex} (0-based) and
     * {@code numActors} set per-actor choices (Ape-X's ε_i); the seed derives from the spec's seed and the index.
     */
    void runActor(ActorLearnerTransport transport, String actorId, int actorIndex, int numActors)
            throws InterruptedException;
}
