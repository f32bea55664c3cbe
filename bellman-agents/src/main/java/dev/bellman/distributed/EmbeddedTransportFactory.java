package dev.bellman.distributed;

import java.util.ServiceLoader;

/**
 * Makes the transport that {@code bellman train --algo impala|apex-dqn} uses when learner and actors run in one JVM.
 * {@code bellman-cluster} registers one (an embedded Hazelcast member on loopback, in
 * {@code META-INF/services/dev.bellman.distributed.EmbeddedTransportFactory}); without any, {@link #open} falls back to
 * an {@link InProcessTransport}.
 */
public interface EmbeddedTransportFactory {

    /** A short name for logs, e.g. {@code hazelcast-embedded}. */
    String name();

    /** A transport for one run whose learner and actors live in this JVM. */
    ActorLearnerTransport create(String runName, int inboxCapacity);

    /** The registered factory's transport, or an {@link InProcessTransport} when none is registered. */
    static ActorLearnerTransport open(String runName, int inboxCapacity) {
        for (EmbeddedTransportFactory f : ServiceLoader.load(EmbeddedTransportFactory.class)) {
            return f.create(runName, inboxCapacity);
        }
        return new InProcessTransport(inboxCapacity);
    }
}
