package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvCheckerTest {

    static Stream<String> registeredIds() {
        return Envs.ids().stream();
    }

    @ParameterizedTest
    @MethodSource("registeredIds")
    void everyRegisteredEnv_passesTheChecker(String id) {
        EnvChecker.check(id);
    }

    @Test
    void registry_holdsTheClassicControlIds() {
        assertTrue(Envs.ids().containsAll(List.of("CartPole-v0", "CartPole-v1", "MountainCar-v0",
                "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1")), Envs.ids().toString());
    }

    /** An environment whose observations escape its space and whose unseeded reset reseeds. */
    private static final class BrokenEnv implements Env<float[], Integer> {
        private NpRandom random = new NpRandom(0);
        private long lastSeed;

        @Override
        public Reset<float[]> reset(Long seed, Map<String, Object> options) {
            if (seed != null) {
                lastSeed = seed;
            }
            random = new NpRandom(lastSeed); // bug: reseeds on every reset
            return new Reset<>(new float[] {(float) random.random()}, Map.of());
        }

        @Override
        public Step<float[]> step(Integer action) {
            return new Step<>(new float[] {5f}, 0.0, false, false, Map.of()); // bug: outside [0, 1]
        }

        @Override
        public Space<float[]> observationSpace() {
            return new Box(0f, 1f, 1);
        }

        @Override
        public Space<Integer> actionSpace() {
            return new Discrete(2);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void brokenEnv_failsWithEveryProblemNamed() {
        List<String> problems = EnvChecker.problems(BrokenEnv::new, 5);
        assertTrue(problems.stream().anyMatch(p -> p.contains("step observation float[] [5.0]")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("without a seed")), problems.toString());
        AssertionError e = assertThrows(AssertionError.class, () -> EnvChecker.check(BrokenEnv::new));
        assertTrue(e.getMessage().contains("outside Box"), e.getMessage());
    }

    /** Registered envs whose initial state is a single fixed state (as in Gymnasium). */
    private static final java.util.Set<String> FIXED_START = java.util.Set.of("FrozenLake-v1", "FrozenLake8x8-v1", "CliffWalking-v0",
            "CliffWalking-v1", "CliffWalkingSlippery-v1",
            "DynaMaze-v0", "BlockingMaze-v0", "ShortcutMaze-v0", // Sutton & Barto's chapter 8 mazes: one start cell S
            // MinAtar's Asterix, Seaquest and SpaceInvaders reset to one fixed state (randomness enters while playing)
            "MinAtar/Asterix-v0", "MinAtar/Asterix-v1", "MinAtar/Seaquest-v0", "MinAtar/Seaquest-v1",
            "MinAtar/SpaceInvaders-v0", "MinAtar/SpaceInvaders-v1");

    @ParameterizedTest
    @MethodSource("registeredIds")
    void sameSeed_sameTrajectory_differentSeed_differentStart(String id) {
        try (Env<Object, Object> a = Envs.make(id); Env<Object, Object> b = Envs.make(id)) {
            a.actionSpace().seed(3);
            b.actionSpace().seed(3);
            Object oa = a.reset(2024).observation();
            Object ob = b.reset(2024).observation();
            assertTrue(java.util.Objects.deepEquals(oa, ob));
            for (int t = 0; t < 100; t++) {
                Step<Object> sa = a.step(a.actionSpace().sample());
                Step<Object> sb = b.step(b.actionSpace().sample());
                assertTrue(java.util.Objects.deepEquals(sa.observation(), sb.observation()), id + " step " + t);
                assertEquals(sa.reward(), sb.reward());
                assertEquals(sa.terminated(), sb.terminated());
                if (sa.done()) {
                    assertTrue(java.util.Objects.deepEquals(a.reset().observation(), b.reset().observation()));
                }
            }
            java.util.Set<Object> starts = new java.util.HashSet<>();
            for (int seed = 1; seed <= 20; seed++) starts.add(java.util.List.of(java.util.Arrays.deepToString(new Object[]{a.reset(seed).observation()})));
            if (FIXED_START.contains(id)) {
                // Gymnasium starts these at one fixed cell whatever the seed
                assertEquals(1, starts.size(), id + ": start should not depend on the seed");
            } else {
                assertTrue(starts.size() > 1, id + ": seeds 1..20 all gave the same start");
            }
        }
    }
}
