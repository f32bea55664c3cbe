package dev.bellman.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.collection.IQueue;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import dev.bellman.distributed.ActorLearnerTransport;
import dev.bellman.distributed.ExperienceMessage;
import dev.bellman.distributed.ParameterSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ActorLearnerTransport} on Hazelcast: the learner is a data member that holds every structure, actors are
 * lite members (they hold no data, so an actor that dies takes nothing of the run with it, and no partition migrates
 * when actors come and go).
 *
 * <ul>
 *   <li>Experience: an {@link IQueue} whose maximum size is the inbox capacity; {@code offer} with a timeout blocks
 *       while it is full (back-pressure). An actor's messages go one after the other from one thread, so they arrive
 *       in the order sent; a message is one queue item, so it arrives whole or not at all.
 *   <li>Parameters: the newest snapshot in an {@link IMap}, its version under a second key; an actor fetches the
 *       payload only when the version moved.
 *   <li>Spec and the finished flag: {@link IMap} entries; an actor also counts the run as finished when the learner
 *       member has left the cluster.
 *   <li>Security: the cluster name is derived from the secret ({@link ClusterSecret}), so a member without it is
 *       refused at join by Hazelcast; experience, parameters and spec carry HMAC tags, and what fails its tag (or
 *       repeats an actor's sequence number) is dropped and counted in {@link #dropped()}.
 *   <li>Membership: {@link #registerActor} records actor ids against the member that runs them; when a member leaves,
 *       the learner reports "actor X left" through the options' event sink, and {@link #liveActors} lists only the
 *       actors of members still present.
 * </ul>
 * Members bind to the options' address only (127.0.0.1 by default), join by a TCP/IP member list, with multicast,
 * auto-detection and phone-home off and Hazelcast's own logging at errors only ({@link #verboseLogs}).
 */
public final class HazelcastTransport implements ActorLearnerTransport {
    static final String INBOX = "bellman.inbox";
    static final String PARAMS = "bellman.params";
    static final String STATE = "bellman.state";
    static final String SPEC = "bellman.spec";
    static final String ACTORS = "bellman.actors";
    static final String SLOTS = "bellman.slots";
    static final String ROLE = "bellman.role";
    static final String LEARNER = "learner";
    static final String ACTOR = "actor";
    private static final String LATEST = "latest";
    private static final String VERSION = "version";
    private static final String FINISHED = "finished";
    /** Fixed so that every member agrees; a run's few structures need no more. */
    static final int PARTITIONS = 13;

    /** Kept here so that the level set on Hazelcast's JUL logger stays (JUL holds loggers weakly). */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    static {
        verboseLogs(false);
    }

    private final HazelcastInstance hz;
    private final ClusterSecret secret;
    private final boolean owner;
    private final Consumer<String> events;
    /** Whether this member reports actors joining and leaving (the learner's and the embedded member do). */
    private final boolean reportsActors;
    private final IQueue<Wire.Experience> inbox;
    private final IMap<String, Wire.Snapshot> params;
    private final IMap<String, Long> state;
    private final IMap<String, Wire.Spec> specs;
    private final IMap<String, String> actors;
    private final IMap<String, String> slots;
    private final Map<String, Long> lastSequence = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final UUID listener;
    private volatile ParameterSnapshot cached;
    private volatile long published;
    private volatile boolean learnerGone;
    private volatile boolean finishedSeen;
    private volatile boolean closed;

    private HazelcastTransport(HazelcastInstance hz, ClusterSecret secret, boolean owner, Consumer<String> events) {
        this.hz = hz;
        this.secret = secret;
        this.owner = owner;
        this.events = events;
        this.reportsActors = LEARNER.equals(hz.getCluster().getLocalMember().getAttribute(ROLE));
        this.inbox = hz.getQueue(INBOX);
        this.params = hz.getMap(PARAMS);
        this.state = hz.getMap(STATE);
        this.specs = hz.getMap(SPEC);
        this.actors = hz.getMap(ACTORS);
        this.slots = hz.getMap(SLOTS);
        this.listener = hz.getCluster().addMembershipListener(new Membership());
        // an actor may be blocked in an offer when the learner finishes and leaves: the event remembers the flag
        state.addEntryListener((com.hazelcast.map.listener.EntryAddedListener<String, Long>) e -> {
            if (FINISHED.equals(e.getKey())) finishedSeen = true;
        }, false);
    }

    /**
     * Hazelcast's own log lines: errors only (default; a dead actor's refused connections and the JVM-module notice
     * are expected, and the transport reports what matters through its event sink), or everything from INFO
     * ({@code --debug}).
     */
    public static void verboseLogs(boolean verbose) {
        HAZELCAST_LOG.setLevel(verbose ? Level.INFO : Level.SEVERE);
    }

    /**
     * One member that is learner and actors at once, for a run inside this JVM: bound to 127.0.0.1 on the first free
     * port from 5701, joining nobody, with a random secret (so no other process can join it).
     */
    public static HazelcastTransport embedded(String runName, int inboxCapacity) {
        ClusterSecret secret = ClusterSecret.random();
        Config c = config(secret, new ClusterOptions(ClusterOptions.LOOPBACK, ClusterOptions.DEFAULT_PORT, true, null,
                inboxCapacity, e -> {}), LEARNER, "bellman-embedded-" + runName);
        c.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(false);
        return new HazelcastTransport(Hazelcast.newHazelcastInstance(c), secret, true, e -> {});
    }

    /** The learner's member: holds the inbox, parameters and spec; actors join it at {@code options}' address. */
    public static HazelcastTransport learner(ClusterSecret secret, ClusterOptions options) {
        Config c = config(secret, options, LEARNER, "bellman-learner");
        return new HazelcastTransport(Hazelcast.newHazelcastInstance(c), secret, true, options.events());
    }

    /**
     * An actor member that joins the learner at {@code options.join()}.
     *
     * @throws LearnerNotFoundException when no learner with this secret accepted the member (none runs there, or it
     *                                  runs with another secret: the two cannot be told apart, by design)
     */
    public static HazelcastTransport actor(ClusterSecret secret, ClusterOptions options) {
        Config c = config(secret, options, ACTOR, "bellman-actor");
        c.setLiteMember(true);
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(c);
        } catch (IllegalStateException e) { // "Node failed to start": the join did not complete in time
            throw new LearnerNotFoundException("could not complete the join with the learner at " + options.join()
                    + " (" + e.getMessage() + ")");
        }
        boolean found = hz.getCluster().getMembers().stream().anyMatch(HazelcastTransport::isLearner);
        if (!found) {
            hz.shutdown();
            throw new LearnerNotFoundException("no learner at " + options.join() + " accepted this member: either none"
                    + " is running there, or it runs with another secret (a member without the run's secret is refused)");
        }
        return new HazelcastTransport(hz, secret, true, options.events());
    }

    /** A transport over a member someone else manages (tests); {@link #close} leaves the member running. */
    static HazelcastTransport over(HazelcastInstance hz, ClusterSecret secret, Consumer<String> events) {
        return new HazelcastTransport(hz, secret, false, events);
    }

    static Config config(ClusterSecret secret, ClusterOptions o, String role, String instancePrefix) {
        Config c = new Config();
        c.setClusterName(secret.clusterName());
        c.setInstanceName(instancePrefix + "-" + UUID.randomUUID());
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.health.monitoring.level", "OFF");
        c.setProperty("hazelcast.partition.count", Integer.toString(PARTITIONS));
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "2");
        c.setProperty("hazelcast.max.join.seconds", "30");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "30"); // a killed JVM's closed sockets are noticed sooner
        c.getMemberAttributeConfig().setAttribute(ROLE, role);
        c.getJetConfig().setEnabled(false);
        c.getSerializationConfig().getCompactSerializationConfig()
                .setSerializers(Wire.serializers().toArray(com.hazelcast.nio.serialization.compact.CompactSerializer[]::new));
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(o.port()).setPortAutoIncrement(o.autoIncrement()).setPortCount(100);
        n.getInterfaces().setEnabled(true).setInterfaces(List.of(o.bindAddress()));
        n.getRestApiConfig().setEnabled(false);
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
                .setMembers(List.of(o.join() != null ? o.join() : o.bindAddress() + ":" + o.port()));
        if (!ACTOR.equals(role)) { // the learner holds the queue; its bound is the one that counts
            c.addQueueConfig(new QueueConfig(INBOX).setMaxSize(o.inboxCapacity()).setBackupCount(0));
        }
        return c;
    }

    private static boolean isLearner(Member m) {
        return LEARNER.equals(m.getAttribute(ROLE));
    }

    @Override
    public boolean offerExperience(ExperienceMessage message, long timeoutMillis) throws InterruptedException {
        if (isFinished()) return false;
        try {
            return inbox.offer(Wire.tagged(secret, message), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (HazelcastInstanceNotActiveException | com.hazelcast.core.HazelcastException e) {
            return false; // the member shut down or the learner is gone: nothing to deliver to
        }
    }

    @Override
    public ExperienceMessage pollExperience(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            Wire.Experience e = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null) return null;
            if (accept(e)) {
                return new ExperienceMessage(e.actorId(), e.sequence(), e.parameterVersion(), e.payload());
            } // a dropped message consumed nothing of the caller's wait: poll again for what follows it
        }
    }

    /** Whether {@code e} carries a valid tag and a sequence number its actor has not sent before. */
    private boolean accept(Wire.Experience e) {
        if (!Wire.genuine(secret, e) || e.sequence() < 0) {
            dropped.incrementAndGet();
            return false;
        }
        Long before = lastSequence.get(e.actorId());
        if (before != null && e.sequence() <= before) {
            dropped.incrementAndGet(); // a replayed copy of a genuine message
            return false;
        }
        lastSequence.put(e.actorId(), e.sequence());
        return true;
    }

    /** Actor side: whether the learner's member left the cluster (crashed or stopped) rather than finishing the run. */
    public boolean learnerLeft() {
        return learnerGone;
    }

    /** Whether this member has seen the learner's finished flag (an entry event, or {@link #isFinished}). */
    public boolean sawFinished() {
        return finishedSeen;
    }

    /** Experience messages the learner dropped: forged or untagged, or replays of an earlier sequence number. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public synchronized void publishParameters(ParameterSnapshot snapshot) {
        if (snapshot.version() <= published) {
            throw new IllegalArgumentException("parameter version must grow: " + snapshot.version() + " after " + published);
        }
        params.set(LATEST, Wire.tagged(secret, snapshot));
        state.set(VERSION, snapshot.version());
        published = snapshot.version();
        cached = snapshot;
    }

    @Override
    public ParameterSnapshot latestParameters() {
        ParameterSnapshot c = cached;
        try {
            Long version = state.get(VERSION);
            if (version == null || (c != null && version <= c.version())) return c;
            Wire.Snapshot s = params.get(LATEST);
            if (s == null || !Wire.genuine(secret, s) || (c != null && s.version() <= c.version())) return c;
            ParameterSnapshot fresh = new ParameterSnapshot(s.version(), s.payload());
            cached = fresh;
            return fresh;
        } catch (HazelcastInstanceNotActiveException | com.hazelcast.core.HazelcastException e) {
            return c;
        }
    }

    @Override
    public void publishSpec(Map<String, String> spec) {
        specs.set(LATEST, Wire.tagged(secret, spec));
    }

    @Override
    public Map<String, String> spec() {
        try {
            Wire.Spec s = specs.get(LATEST);
            return s == null || !Wire.genuine(secret, s) ? null : Map.copyOf(s.asMap());
        } catch (HazelcastInstanceNotActiveException | com.hazelcast.core.HazelcastException e) {
            return null;
        }
    }

    @Override
    public void markFinished() {
        state.set(FINISHED, 1L);
    }

    @Override
    public boolean isFinished() {
        if (closed || learnerGone) return true; // with the learner gone the inbox and parameters are gone too
        try {
            boolean finished = state.containsKey(FINISHED);
            if (finished) finishedSeen = true;
            return finished;
        } catch (HazelcastInstanceNotActiveException | com.hazelcast.core.HazelcastException e) {
            return true;
        }
    }

    @Override
    public Set<String> liveActors() {
        Set<String> present = new HashSet<>();
        for (Member m : hz.getCluster().getMembers()) present.add(m.getUuid().toString());
        Set<String> live = new HashSet<>();
        for (Map.Entry<String, String> e : actors.entrySet()) {
            if (present.contains(e.getValue())) live.add(e.getKey());
        }
        return Set.copyOf(live);
    }

    @Override
    public void registerActor(String actorId) {
        try {
            actors.set(actorId, hz.getCluster().getLocalMember().getUuid().toString());
        } catch (HazelcastInstanceNotActiveException | com.hazelcast.core.HazelcastException e) {
            // the learner is gone: isFinished() says so, and the actor's loop stops
        }
    }

    /**
     * Claims the lowest actor index that no live member holds (an index whose member left is taken over), so that
     * actors started in several JVMs get distinct indices 0, 1, 2, ... (Ape-X's per-actor ε).
     */
    public int claimActorIndex(String actorId) {
        String mine = hz.getCluster().getLocalMember().getUuid() + "/" + actorId;
        for (int i = 0; ; i++) {
            String key = Integer.toString(i);
            String holder = slots.putIfAbsent(key, mine);
            if (holder == null) return i;
            if (!memberPresent(holder.substring(0, holder.indexOf('/'))) && slots.replace(key, holder, mine)) {
                return i;
            }
        }
    }

    private boolean memberPresent(String uuid) {
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(uuid)) return true;
        }
        return false;
    }

    /** The address this member listens on, {@code host:port}. */
    public String address() {
        var a = hz.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    /** Members in the cluster, this one included. */
    public int memberCount() {
        return hz.getCluster().getMembers().size();
    }

    /** Experience messages waiting in the inbox. */
    public int queued() {
        return inbox.size();
    }

    HazelcastInstance instance() {
        return hz;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            hz.getCluster().removeMembershipListener(listener);
        } catch (RuntimeException ignored) {
            // the member is already shutting down
        }
        if (owner) hz.shutdown();
    }

    private final class Membership implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {
            if (reportsActors && !event.getMember().localMember()) {
                events.accept((isLearner(event.getMember()) ? "learner" : "actor member") + " "
                        + event.getMember().getAddress() + " joined");
            }
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            Member m = event.getMember();
            if (isLearner(m)) {
                learnerGone = true;
                events.accept("the learner " + m.getAddress() + " left the cluster; actors stop");
                return;
            }
            if (!reportsActors) return;
            String uuid = m.getUuid().toString();
            try {
                for (Map.Entry<String, String> e : actors.entrySet()) {
                    if (uuid.equals(e.getValue())) {
                        events.accept("actor " + e.getKey() + " left (member " + m.getAddress() + " is gone); the"
                                + " experience it had not handed over is lost, the run goes on");
                    }
                }
            } catch (RuntimeException e) {
                events.accept("actor member " + m.getAddress() + " left");
            }
        }
    }
}
