package dev.bellman.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InProcessTransportTest {

    private static ExperienceMessage msg(long seq) {
        return new ExperienceMessage("a0", seq, 1, new byte[] {(byte) seq});
    }

    @Test
    void fullInbox_blocksUntilTimeout_thenAcceptsAfterPoll() throws Exception {
        try (InProcessTransport t = new InProcessTransport(2)) {
            assertTrue(t.offerExperience(msg(0), 10));
            assertTrue(t.offerExperience(msg(1), 10));
            long start = System.nanoTime();
            assertFalse(t.offerExperience(msg(2), 50), "a full inbox must refuse after the timeout");
            assertTrue(System.nanoTime() - start >= 40_000_000L, "the offer must have waited");
            assertArrayEquals(new byte[] {0}, t.pollExperience(10).payload(), "messages arrive in order");
            assertTrue(t.offerExperience(msg(2), 10));
            assertEquals(2, t.queued());
        }
    }

    @Test
    void parameters_newestWins_andVersionsMustGrow() {
        try (InProcessTransport t = new InProcessTransport(1)) {
            assertNull(t.latestParameters());
            t.publishParameters(new ParameterSnapshot(1, new byte[] {1}));
            t.publishParameters(new ParameterSnapshot(3, new byte[] {3}));
            assertEquals(3, t.latestParameters().version());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.publishParameters(new ParameterSnapshot(2, new byte[0])));
            assertTrue(e.getMessage().contains("2 after 3"), e.getMessage());
        }
    }

    @Test
    void finished_refusesOffers_andSpecIsVisible() throws Exception {
        try (InProcessTransport t = new InProcessTransport(4)) {
            assertNull(t.spec());
            t.publishSpec(Map.of("env", "CartPole-v1"));
            assertEquals("CartPole-v1", t.spec().get("env"));
            t.registerActor("a0");
            assertEquals(java.util.Set.of("a0"), t.liveActors());
            t.markFinished();
            assertTrue(t.isFinished());
            assertFalse(t.offerExperience(msg(0), 10));
        }
    }

    @Test
    void offerUntilFinished_waitsOutAFullInbox_andGivesUpWhenFinished() throws Exception {
        try (InProcessTransport t = new InProcessTransport(1)) {
            assertTrue(t.offerUntilFinished(msg(0)));
            Thread learner = new Thread(() -> {
                try {
                    Thread.sleep(150);
                    t.pollExperience(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            learner.start();
            long start = System.nanoTime();
            assertTrue(t.offerUntilFinished(msg(1)), "accepted once the learner made room");
            assertTrue(System.nanoTime() - start >= 100_000_000L, "it waited past one 100 ms offer");
            learner.join();
            t.markFinished();
            assertFalse(t.offerUntilFinished(msg(2)));
        }
    }

    @Test
    void awaitParameters_returnsTheFirstSnapshotAtLeastThatNew_orNullWhenFinished() throws Exception {
        try (InProcessTransport t = new InProcessTransport(1)) {
            t.publishParameters(new ParameterSnapshot(1, new byte[0]));
            Thread learner = new Thread(() -> {
                try {
                    Thread.sleep(50);
                    t.publishParameters(new ParameterSnapshot(3, new byte[0]));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            learner.start();
            assertEquals(3, t.awaitParameters(2).version());
            learner.join();
            t.markFinished();
            assertNull(t.awaitParameters(4));
        }
    }
}
