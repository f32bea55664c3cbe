package dev.bellman.cluster;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a member listens and whom it joins.
 *
 * @param bindAddress   the address this member binds to and announces ({@code 127.0.0.1} unless the user gives one)
 * @param port          the first port tried; {@code autoIncrement} lets the member take the next free one above it
 * @param autoIncrement whether a busy port moves the member to the next (actors: yes; a learner: no, actors must
 *                      find it at the port given)
 * @param join          {@code HOST:PORT} of the learner (actors), or null (learner, embedded)
 * @param inboxCapacity experience messages the learner's inbox holds before actors block (only the learner's value
 *                      counts: it holds the queue)
 * @param events        where membership events go ("actor X left"); never null
 */
public record ClusterOptions(String bindAddress, int port, boolean autoIncrement, String join, int inboxCapacity,
                             Consumer<String> events) {
    /** The port Hazelcast members use by default, and the learner's default here. */
    public static final int DEFAULT_PORT = 5701;
    /** The address members bind to unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    public ClusterOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(events, "events");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be in 1..65535 but was " + port);
        if (inboxCapacity < 1) {
            throw new IllegalArgumentException("inboxCapacity must be at least 1 but was " + inboxCapacity);
        }
    }

    /** A learner on {@code bindAddress:port}. */
    public static ClusterOptions learner(String bindAddress, int port, int inboxCapacity, Consumer<String> events) {
        return new ClusterOptions(bindAddress, port, false, null, inboxCapacity, events);
    }

    /** An actor member binding to {@code bindAddress} (first port tried {@code port}) that joins {@code join}. */
    public static ClusterOptions actor(String bindAddress, int port, String join, Consumer<String> events) {
        return new ClusterOptions(bindAddress, port, true, Objects.requireNonNull(join, "join"), 1, events);
    }
}
