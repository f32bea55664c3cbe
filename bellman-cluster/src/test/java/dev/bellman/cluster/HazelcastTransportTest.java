package dev.bellman.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.distributed.ExperienceMessage;
import dev.bellman.distributed.ParameterSnapshot;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link dev.bellman.distributed.ActorLearnerTransport} contract on two Hazelcast members in one JVM (a learner
 * member and a lite actor member on loopback), the refusal of a member without the secret, and the learner's dropping
 * of forged and replayed experience.
 */
class HazelcastTransportTest {
    static final int CAPACITY = 6;
    static ClusterSecret secret;
    static HazelcastTransport learner;
    static HazelcastTransport actor;
    static final List<String> events = new CopyOnWriteArrayList<>();
    static int port;

    @BeforeAll
    static void start() throws IOException {
        secret = ClusterSecret.of("a test secret of enough bytes".getBytes(StandardCharsets.UTF_8));
        port = freePort();
        learner = HazelcastTransport.learner(secret, ClusterOptions.learner("127.0.0.1", port, CAPACITY, events::add));
        actor = HazelcastTransport.actor(secret, ClusterOptions.actor("127.0.0.1", port + 1, "127.0.0.1:" + port, e -> {}));
    }

    @AfterAll
    static void stop() {
        if (actor != null) actor.close();
        if (learner != null) learner.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void drain() throws InterruptedException {
        while (learner.pollExperience(0) != null) {
            // leave the inbox empty for the next test
        }
    }

    @Test
    void membersBindToLoopbackAndFormOneCluster() {
        assertEquals(2, learner.memberCount());
        assertTrue(learner.address().startsWith("127.0.0.1:"), learner.address());
        assertTrue(actor.address().startsWith("127.0.0.1:"), actor.address());
    }

    @Test
    void messagesArriveWholeAndInOrder() throws InterruptedException {
        drain();
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + 7);
        for (int s = 0; s < 3; s++) {
            byte[] p = s == 1 ? big : new byte[] {(byte) s, 42};
            assertTrue(actor.offerExperience(new ExperienceMessage("order-a", s, 5 + s, p), 5_000));
        }
        for (int s = 0; s < 3; s++) {
            ExperienceMessage m = learner.pollExperience(5_000);
            assertNotNull(m, "message " + s);
            assertEquals("order-a", m.actorId());
            assertEquals(s, m.sequence());
            assertEquals(5 + s, m.parameterVersion());
            assertArrayEquals(s == 1 ? big : new byte[] {(byte) s, 42}, m.payload());
        }
        assertNull(learner.pollExperience(50));
    }

    @Test
    void fullInboxBlocksTheActorUntilTheLearnerTakes() throws Exception {
        drain();
        for (int s = 0; s < CAPACITY; s++) {
            assertTrue(actor.offerExperience(new ExperienceMessage("bp", s, 1, new byte[] {1}), 5_000));
        }
        long t0 = System.nanoTime();
        assertFalse(actor.offerExperience(new ExperienceMessage("bp", CAPACITY, 1, new byte[] {1}), 300),
                "the inbox holds " + CAPACITY + " messages; a fifth must wait and time out");
        assertTrue(System.nanoTime() - t0 >= 250_000_000L, "offer gave up before its timeout");
        assertEquals(CAPACITY, learner.queued());
        Thread taker = new Thread(() -> {
            try {
                Thread.sleep(300);
                learner.pollExperience(1_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        assertTrue(actor.offerExperience(new ExperienceMessage("bp", CAPACITY, 1, new byte[] {1}), 5_000),
                "room made by the learner lets the blocked actor through");
        taker.join();
        drain();
    }

    @Test
    void parametersAndSpecReachTheActorAndVersionsOnlyGrow() throws Exception {
        learner.publishSpec(Map.of("algo", "impala", "env", "CartPole-v1"));
        assertEquals(Map.of("algo", "impala", "env", "CartPole-v1"), actor.spec());
        long v = System.nanoTime() % 1000 + 10;
        learner.publishParameters(new ParameterSnapshot(v, new byte[] {1, 2, 3}));
        learner.publishParameters(new ParameterSnapshot(v + 2, new byte[] {4, 5}));
        ParameterSnapshot seen = actor.latestParameters();
        assertEquals(v + 2, seen.version());
        assertArrayEquals(new byte[] {4, 5}, seen.payload());
        assertThrows(IllegalArgumentException.class, () -> learner.publishParameters(new ParameterSnapshot(v + 1, new byte[1])));
        assertEquals(v + 2, actor.latestParameters().version());
    }

    @Test
    void liveActorsFollowRegistrationAndIndicesAreDistinct() {
        actor.registerActor("live-0");
        assertTrue(learner.liveActors().contains("live-0"), learner.liveActors().toString());
        int a = actor.claimActorIndex("idx-a");
        int b = actor.claimActorIndex("idx-b");
        assertTrue(a != b && a >= 0 && b >= 0, a + " " + b);
    }

    @Test
    void forgedAndReplayedExperienceIsDropped() throws InterruptedException {
        drain();
        long before = learner.dropped();
        var queue = actor.instance().<Wire.Experience>getQueue(HazelcastTransport.INBOX);
        ExperienceMessage genuine = new ExperienceMessage("forge", 0, 1, new byte[] {9});
        Wire.Experience tagged = Wire.tagged(secret, genuine);
        assertTrue(queue.offer(new Wire.Experience("forge", 1, 1, new byte[] {66}, tagged.tag()))); // tag of another message
        assertTrue(queue.offer(new Wire.Experience("forge", 2, 1, new byte[] {66}, new byte[0]))); // untagged
        ClusterSecret other = ClusterSecret.of("another secret, same length!".getBytes(StandardCharsets.UTF_8));
        assertTrue(queue.offer(Wire.tagged(other, new ExperienceMessage("forge", 3, 1, new byte[] {66}))));
        assertTrue(queue.offer(tagged));
        assertTrue(queue.offer(tagged)); // replayed
        ExperienceMessage got = learner.pollExperience(2_000);
        assertNotNull(got);
        assertEquals(0, got.sequence());
        assertArrayEquals(new byte[] {9}, got.payload());
        assertNull(learner.pollExperience(200));
        assertEquals(4, learner.dropped() - before);
    }

    @Test
    void memberWithoutTheSecretIsRefused() throws IOException {
        ClusterSecret wrong = ClusterSecret.of("not the run's secret at all".getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        LearnerNotFoundException e = assertThrows(LearnerNotFoundException.class, () -> HazelcastTransport.actor(wrong,
                ClusterOptions.actor("127.0.0.1", freePort(), "127.0.0.1:" + port, x -> {})));
        assertTrue(e.getMessage().contains("another secret"), e.getMessage());
        assertEquals(2, learner.memberCount(), "the learner's cluster is still the learner and its one actor");
        System.out.printf("refusal took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void finishedReachesTheActorAndAnActorLeavingIsNoticed() throws Exception {
        assertFalse(actor.isFinished());
        learner.markFinished();
        assertTrue(await(actor::isFinished, 5_000));
        assertFalse(actor.offerExperience(new ExperienceMessage("late", 0, 1, new byte[1]), 100), "no offers after finish");
        learner.instance().getMap(HazelcastTransport.STATE).remove("finished"); // back to running for the other tests
        // last in effect: a second actor member joins, registers, leaves, and the learner names it
        HazelcastTransport second = HazelcastTransport.actor(secret,
                ClusterOptions.actor("127.0.0.1", freePort(), "127.0.0.1:" + port, e -> {}));
        second.registerActor("leaver");
        assertTrue(await(() -> learner.liveActors().contains("leaver"), 5_000));
        second.close();
        assertTrue(await(() -> !learner.liveActors().contains("leaver"), 15_000), learner.liveActors().toString());
        assertTrue(await(() -> events.stream().anyMatch(s -> s.startsWith("actor leaver left")), 15_000),
                events.toString());
    }

    static boolean await(BooleanSupplier c, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(10);
        }
        return true;
    }
}
