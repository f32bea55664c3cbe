package dev.bellman.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Learner and actors in this JVM: opens {@link EmbeddedTransportFactory#open}, starts one daemon thread per actor
 * (ids {@code actor-0}, {@code actor-1}, ...) and runs the learner on the calling thread; when the learner returns or
 * fails, marks the transport finished and joins the actors (10 s each). The first actor failure is handed to the
 * learner through a supplier, so that it can stop with that cause instead of waiting for experience that never comes.
 */
public final class LocalActors {
    private LocalActors() {}

    /** One actor's loop. */
    @FunctionalInterface
    public interface Actor {
        void run(ActorLearnerTransport transport, String actorId, int actorIndex, int numActors)
                throws InterruptedException;
    }

    /** The learner's loop; {@code actorFailure} returns the first actor failure, or null. */
    @FunctionalInterface
    public interface Learner<P> {
        P run(ActorLearnerTransport transport, Supplier<Throwable> actorFailure) throws InterruptedException;
    }

    /**
     * Runs {@code learner} with {@code numActors} actor threads named {@code threadPrefix-i} over a transport whose inbox
     * holds max(16, 2 · numActors) messages.
     *
     * @param what names the algorithm in the error when the calling thread is interrupted
     */
    public static <P> P run(String runName, String threadPrefix, String what, int numActors, Actor actor,
                            Learner<P> learner) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        try (ActorLearnerTransport transport = EmbeddedTransportFactory.open(runName, Math.max(16, 2 * numActors))) {
            for (int i = 0; i < numActors; i++) {
                int index = i;
                Thread t = new Thread(() -> {
                    try {
                        actor.run(transport, "actor-" + index, index, numActors);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, threadPrefix + "-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            try {
                return learner.run(transport, failure::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training " + what, e);
            } finally {
                transport.markFinished();
                for (Thread t : threads) {
                    try {
                        t.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }
}
