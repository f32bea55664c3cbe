package dev.bellman.distributed;

import java.util.Map;

/**
 * What actors and a learner exchange, and nothing more (the actor/learner split of IMPALA, Espeholt et al. 2018, and
 * Ape-X, Horgan et al. 2018): experience messages flow from actors to the learner through a bounded inbox, parameters
 * with a version number flow from the learner to the actors, and the learner publishes the run's spec (algorithm, env
 * id, hyperparameters) once so that an actor started anywhere can build its env and network from it.
 *
 * <p>Implementations: {@link InProcessTransport} (threads in one JVM; no dependency) and the Hazelcast transport of
 * {@code bellman-cluster} (one JVM embedded, or several JVMs and machines). Algorithms code against this interface
 * only, so the same actor and learner loops run on either.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>A message is delivered whole or not at all, at most once; messages of one actor arrive in the order sent.
 *       An actor that dies mid-run loses only the messages it had not yet handed to {@link #offerExperience}.
 *   <li>The inbox is bounded: {@link #offerExperience} blocks while it is full (back-pressure: a slow learner
 *       slows the actors down rather than exhausting memory) and gives up after its timeout.
 *   <li>{@link #latestParameters} returns the newest snapshot published (a newer one replaces an older one; versions
 *       only grow), or {@code null} before the first.
 *   <li>After {@link #markFinished} every actor sees {@link #isFinished} become true and stops.
 *   <li>Payloads are opaque bytes; each algorithm owns its encoding (little-endian floats, see its codec).
 * </ul>
 */
public interface ActorLearnerTransport extends AutoCloseable {

    /**
     * Actor side: hands one message to the learner's inbox, waiting up to {@code timeoutMillis} while it is full.
     *
     * @return true when the message was accepted; false on timeout or when the transport is closed or finished
     */
    boolean offerExperience(ExperienceMessage message, long timeoutMillis) throws InterruptedException;

    /** Learner side: the next message, or {@code null} when none arrives within {@code timeoutMillis}. */
    ExperienceMessage pollExperience(long timeoutMillis) throws InterruptedException;

    /** Learner side: makes {@code snapshot} the newest parameters; its version must exceed every earlier one. */
    void publishParameters(ParameterSnapshot snapshot);

    /** Actor side: the newest parameters published, or {@code null} before the first. */
    ParameterSnapshot latestParameters();

    /** Learner side, once before the first parameters: what an actor needs to build its env and network. */
    void publishSpec(Map<String, String> spec);

    /** Actor side: the published spec, or {@code null} before the learner published it. */
    Map<String, String> spec();

    /** Learner side: tells every actor to stop (the budget is spent or the learner shuts down). */
    void markFinished();

    /** Actor side: whether the learner has finished. */
    boolean isFinished();

    /** The ids of the actors currently connected, as far as the transport knows (for logging and fault reports). */
    java.util.Set<String> liveActors();

    /** Actor side: announces this actor (so that {@link #liveActors} lists it); a no-op where membership is implicit. */
    void registerActor(String actorId);

    /**
     * Actor side: offers {@code message} in 100 ms waits until it is accepted or the run is finished (back-pressure
     * holds the actor here while the learner's inbox is full).
     *
     * @return true when accepted; false when the run finished first
     */
    default boolean offerUntilFinished(ExperienceMessage message) throws InterruptedException {
        while (!isFinished()) {
            if (offerExperience(message, 100)) return true;
        }
        return false;
    }

    /** Actor side: waits for parameters of at least {@code version}; {@code null} when the run finished first. */
    default ParameterSnapshot awaitParameters(long version) throws InterruptedException {
        while (true) {
            ParameterSnapshot p = latestParameters();
            if (p != null && p.version() >= version) return p;
            if (isFinished()) return null;
            Thread.sleep(0, 200_000);
        }
    }

    /** Releases the transport's resources; idempotent. */
    @Override
    void close();
}
