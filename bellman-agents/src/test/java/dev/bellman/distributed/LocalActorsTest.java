package dev.bellman.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LocalActorsTest {

    @Test
    void everyActorRuns_withItsIndex_andSeesTheFinishAfterTheLearnerReturns() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        int consumed = LocalActors.run("t", "test-actor", "test", 3, (t, id, index, n) -> {
            seen.add(id + "/" + index + "/" + n);
            long seq = 0;
            while (!t.isFinished()) {
                t.offerExperience(new ExperienceMessage(id, seq++, 1, new byte[] {(byte) index}), 5);
            }
            stopped.add(id);
        }, (t, failure) -> {
            int n = 0;
            while (n < 30) {
                if (t.pollExperience(1000) != null) n++;
            }
            return n;
        });
        assertEquals(30, consumed);
        assertEquals(Set.of("actor-0/0/3", "actor-1/1/3", "actor-2/2/3"), seen);
        assertEquals(Set.of("actor-0", "actor-1", "actor-2"), stopped, "every actor stops once the learner returned");
    }

    @Test
    void anActorsFailure_reachesTheLearner() {
        IllegalStateException boom = new IllegalStateException("actor broke");
        Throwable got = LocalActors.run("t", "test-actor", "test", 2, (t, id, index, n) -> {
            if (index == 1) throw boom;
        }, (t, failure) -> {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (failure.get() == null && System.nanoTime() < deadline) Thread.sleep(1);
            return failure.get();
        });
        assertSame(boom, got);
        assertTrue(got.getMessage().contains("broke"));
    }
}
