package dev.bellman.distributed;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link ActorLearnerTransport} between threads of one JVM: a bounded {@link ArrayBlockingQueue} as the learner's
 * inbox and volatile references for the parameters, the spec and the finished flag. No copies are made: a message's
 * payload array must not be changed after it was offered, nor a snapshot's after it was published.
 */
public final class InProcessTransport implements ActorLearnerTransport {
    private final BlockingQueue<ExperienceMessage> inbox;
    private final Set<String> actors = ConcurrentHashMap.newKeySet();
    private volatile ParameterSnapshot latest;
    private volatile Map<String, String> spec;
    private volatile boolean finished;
    private volatile boolean closed;

    /** @param inboxCapacity messages the inbox holds before {@link #offerExperience} blocks */
    public InProcessTransport(int inboxCapacity) {
        if (inboxCapacity < 1) {
            throw new IllegalArgumentException("inboxCapacity must be at least 1 but was " + inboxCapacity);
        }
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
    }

    @Override
    public boolean offerExperience(ExperienceMessage message, long timeoutMillis) throws InterruptedException {
        if (closed || finished) return false;
        return inbox.offer(message, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public ExperienceMessage pollExperience(long timeoutMillis) throws InterruptedException {
        return inbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void publishParameters(ParameterSnapshot snapshot) {
        ParameterSnapshot previous = latest;
        if (previous != null && snapshot.version() <= previous.version()) {
            throw new IllegalArgumentException("parameter version must grow: " + snapshot.version()
                    + " after " + previous.version());
        }
        latest = snapshot;
    }

    @Override
    public ParameterSnapshot latestParameters() {
        return latest;
    }

    @Override
    public void publishSpec(Map<String, String> spec) {
        this.spec = Map.copyOf(spec);
    }

    @Override
    public Map<String, String> spec() {
        return spec;
    }

    @Override
    public void markFinished() {
        finished = true;
    }

    @Override
    public boolean isFinished() {
        return finished || closed;
    }

    @Override
    public Set<String> liveActors() {
        return Set.copyOf(actors);
    }

    @Override
    public void registerActor(String actorId) {
        actors.add(actorId);
    }

    /** Removes an actor from {@link #liveActors} (its thread ended). */
    public void unregisterActor(String actorId) {
        actors.remove(actorId);
    }

    /** Messages waiting in the inbox. */
    public int queued() {
        return inbox.size();
    }

    @Override
    public void close() {
        closed = true;
        inbox.clear();
    }
}
