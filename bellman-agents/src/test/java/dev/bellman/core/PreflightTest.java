package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AlgorithmProvider#preflight}: every built-in provider implements it, and its estimate is sized honestly. */
class PreflightTest {
    private static final List<String> ENVS = List.of("CartPole-v1", "Pendulum-v1", "FrozenLake-v1");

    private static Env<?, ?> compatibleEnv(AlgorithmProvider p) {
        for (String id : ENVS) {
            Env<?, ?> env = Envs.make(id);
            if (p.incompatibility(env).isEmpty()) {
                return env;
            }
            env.close();
        }
        throw new AssertionError("no env for " + p.id());
    }

    private static TrainRequest request(AlgorithmProvider p, Env<?, ?> env, Map<String, ?> overrides, long steps) {
        return new TrainRequest(env.spec().id(), 1, steps, p.resolve(overrides), Map.of());
    }

    @Test
    void everyBuiltInProvider_implementsPreflight_andEstimatesSomeMemory() throws Exception {
        int checked = 0;
        for (AlgorithmProvider p : Algorithms.all()) {
            if (!p.getClass().getName().startsWith("dev.bellman.") || p.id().equals("fixed-action")) {
                continue; // the test module's third-party example keeps the default
            }
            assertNotEquals(AlgorithmProvider.class,
                    p.getClass().getMethod("preflight", TrainRequest.class, Env.class).getDeclaringClass(), p.id());
            if (p instanceof GameAlgorithmProvider) { // trains on a game id, opens no env
                TrainRequest r = p.id().equals("alphago") // Go only, from SGF games (any existing path passes preflight)
                        ? new TrainRequest("Go9x9", 1, 100_000, p.resolve(Map.of("demos", System.getProperty("java.io.tmpdir"))), Map.of())
                        : new TrainRequest("TicTacToe", 1, 100_000, p.resolve(Map.of()), Map.of());
                MemoryEstimate m = p.preflight(r, null);
                assertTrue(m.bytes() > 0 && m.bytes() < (1L << 30), p.id() + ": " + m);
                checked++;
                continue;
            }
            try (Env<?, ?> env = compatibleEnv(p)) {
                MemoryEstimate m = p.preflight(request(p, env, Map.of(), 100_000), env);
                assertTrue(m.bytes() > 0, p.id() + ": " + m);
                assertTrue(m.bytes() < (1L << 30), p.id() + " at its defaults needs less than 1 GiB: " + m);
            }
            checked++;
        }
        assertEquals(31, checked, "the 31 built-in algorithms");
    }

    @Test
    void dqn_estimate_forZeroOneImages_countsTheBitReplay() {
        AlgorithmProvider dqn = Algorithms.get("dqn");
        try (Env<?, ?> env = Envs.make("BarOrientation-v0")) { // Box(False, True, (1, 10, 10), bool): 13 bytes a frame
            long small = dqn.preflight(request(dqn, env, Map.of("buffer-size", 1000), 100_000), env).bytes();
            long large = dqn.preflight(request(dqn, env, Map.of("buffer-size", 1_001_000), 100_000), env).bytes();
            // per transition: 1.25 frames of 13 bytes + frame numbers, action, reward, flags (26 bytes)
            assertEquals(1_250_000L * 13 + 1_000_000L * 26, large - small);
        }
    }

    @Test
    void dqn_estimate_growsWithTheReplayBuffer_asItsArraysDo() {
        AlgorithmProvider dqn = Algorithms.get("dqn");
        try (Env<?, ?> env = Envs.make("CartPole-v1")) {
            long small = dqn.preflight(request(dqn, env, Map.of("buffer-size", 1000), 100_000), env).bytes();
            long large = dqn.preflight(request(dqn, env, Map.of("buffer-size", 1_001_000), 100_000), env).bytes();
            // per transition: observation and next observation (2 x 4 floats) + action, reward, flags (14 bytes)
            assertEquals(1_000_000L * (2 * 4 * Float.BYTES + 14), large - small);
        }
    }

    @Test
    void offPolicy_estimate_countsTheBufferTheAlgorithmAllocates_minOfBufferSizeAndBudget() {
        AlgorithmProvider sac = Algorithms.get("sac");
        try (Env<?, ?> env = Envs.make("Pendulum-v1")) {
            Map<String, Object> huge = Map.of("buffer-size", 2_000_000_000);
            long small = sac.preflight(request(sac, env, huge, 1_000), env).bytes();
            long more = sac.preflight(request(sac, env, huge, 2_000), env).bytes();
            // per transition: observation and next observation (2 x 3 floats), action (1 float), reward and flags
            assertEquals(1_000L * (2 * 3 * Float.BYTES + Float.BYTES + 6), more - small);
        }
    }

    @Test
    void preflight_refusesWhatTheAlgorithmWouldRefuseLater_namingTheValue() {
        AlgorithmProvider ppo = Algorithms.get("ppo");
        try (Env<?, ?> env = Envs.make("CartPole-v1")) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ppo.preflight(request(ppo, env, Map.of("hidden-size", Integer.MAX_VALUE), 100_000), env));
            assertTrue(e.getMessage().contains("hidden-size 2147483647"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> ppo.preflight(request(ppo, env, Map.of("num-minibatches", 1000), 100_000), env));
            assertTrue(e.getMessage().contains("numMinibatches = 1000"), e.getMessage());
        }
    }

    @Test
    void builder_refusesAnArrayLargerThanJavaAllows_andSaturatesTheTotal() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MemoryEstimate.builder().floats("replay buffer (buffer-size 2000000000)", 8_000_000_000L));
        assertTrue(e.getMessage().startsWith("replay buffer (buffer-size 2000000000) needs one array of 8000000000"),
                e.getMessage());
        MemoryEstimate m = MemoryEstimate.builder().arrays("a", Long.MAX_VALUE / 2, 1_000_000, 8)
                .arrays("b", Long.MAX_VALUE / 2, 1_000_000, 8).build();
        assertEquals(Long.MAX_VALUE, m.bytes());
        assertEquals("1.5 GiB", MemoryEstimate.format(3L << 29));
    }
}
