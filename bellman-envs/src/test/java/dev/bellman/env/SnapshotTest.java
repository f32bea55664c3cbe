package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    @Test
    void npRandom_restoredSnapshot_continuesTheSameStream() {
        NpRandom a = new NpRandom(7);
        a.random();
        a.nextInt(); // leaves a buffered 32-bit half
        a.standardNormal(); // leaves a spare normal
        long[] snap = a.snapshot();
        NpRandom b = new NpRandom(123);
        b.restore(snap);
        for (int i = 0; i < 50; i++) {
            assertEquals(a.nextInt(), b.nextInt());
            assertEquals(a.standardNormal(), b.standardNormal());
            assertEquals(a.random(), b.random());
        }
    }

    @Test
    void npRandom_restore_rejectsWrongLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> new NpRandom(1).restore(new long[3]));
        assertEquals("an NpRandom snapshot has 8 values but this one has 3", e.getMessage());
    }

    /** Steps an env with a fixed action pattern, snapshots mid-episode, and checks a second env continues identically. */
    @ParameterizedTest
    @ValueSource(strings = {"FrozenLake-v1", "Taxi-v3", "CliffWalking-v0"})
    void toyText_restoredChain_continuesTheSameTrajectory(String id) {
        try (Env<Integer, Integer> a = Envs.make(id); Env<Integer, Integer> b = Envs.make(id)) {
            int nA = ((Discrete) a.actionSpace()).n();
            a.reset(5L);
            for (int t = 0; t < 37; t++) {
                Step<Integer> s = a.step(t % nA);
                if (s.terminated() || s.truncated()) {
                    a.reset();
                }
            }
            List<long[]> snap = Snapshottable.snapshotChain(a);
            b.reset(999L); // a different state and stream, overwritten by the restore
            Snapshottable.restoreChain(b, snap);
            assertEquals(trajectory(a, nA), trajectory(b, nA));
        }
    }

    @Test
    void timeLimit_restore_keepsElapsedSteps() {
        try (Env<Integer, Integer> a = Envs.make("FrozenLake-v1"); Env<Integer, Integer> b = Envs.make("FrozenLake-v1")) {
            a.reset(0L);
            a.step(0);
            a.step(0);
            a.step(0); // FrozenLake state 0, action left: never ends the episode
            Snapshottable.restoreChain(b, Snapshottable.snapshotChain(a));
            assertArrayEquals(new long[] {3}, Snapshottable.snapshotChain(b).get(0)); // TimeLimit is the outermost layer
        }
    }

    @Test
    void restoreChain_withTheWrongNumberOfLayers_throws() {
        try (Env<Integer, Integer> a = Envs.make("FrozenLake-v1")) {
            a.reset(0L);
            var e = assertThrows(IllegalArgumentException.class, () -> Snapshottable.restoreChain(a, List.of(new long[1])));
            assertEquals(true, e.getMessage().contains("snapshottable layers but the snapshot has 1"), e.getMessage());
        }
    }

    private static List<String> trajectory(Env<Integer, Integer> env, int nA) {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < 300; t++) {
            Step<Integer> s = env.step((t * 7) % nA);
            out.add(s.observation() + "/" + s.reward() + "/" + s.terminated() + "/" + s.truncated());
            if (s.terminated() || s.truncated()) {
                out.add("reset " + env.reset().observation());
            }
        }
        return out;
    }
}
