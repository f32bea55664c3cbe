package dev.bellman.cluster;

import dev.bellman.distributed.ActorLearnerTransport;
import dev.bellman.distributed.EmbeddedTransportFactory;

/**
 * The transport of {@code bellman train --algo impala|apex-dqn}: one embedded Hazelcast member on 127.0.0.1 with no
 * discovery and a random secret ({@link HazelcastTransport#embedded}). Registered in
 * {@code META-INF/services/dev.bellman.distributed.EmbeddedTransportFactory}.
 */
public final class HazelcastEmbeddedTransportFactory implements EmbeddedTransportFactory {
    @Override
    public String name() {
        return "hazelcast-embedded";
    }

    @Override
    public ActorLearnerTransport create(String runName, int inboxCapacity) {
        return HazelcastTransport.embedded(runName, inboxCapacity);
    }
}
