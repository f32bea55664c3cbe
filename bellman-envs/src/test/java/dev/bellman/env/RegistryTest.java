package dev.bellman.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.wrappers.OrderEnforcing;
import dev.bellman.env.wrappers.PassiveChecker;
import dev.bellman.env.wrappers.TimeLimit;
import dev.bellman.envs.classic.CartPole;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {

    @Test
    void make_appliesPassiveCheckerOrderEnforcingAndTimeLimit_asGymMake() {
        Env<float[], Integer> env = Envs.make("CartPole-v1");
        TimeLimit<?, ?> tl = assertInstanceOf(TimeLimit.class, env);
        assertEquals(500, tl.maxEpisodeSteps());
        OrderEnforcing<?, ?> oe = assertInstanceOf(OrderEnforcing.class, tl.inner());
        assertInstanceOf(PassiveChecker.class, oe.inner());
        assertInstanceOf(CartPole.class, env.unwrapped());
        assertEquals("CartPole-v1", env.spec().id());
        assertEquals(475.0, env.spec().rewardThreshold());
        assertEquals("CartPole", env.spec().name());
        assertEquals(1, env.spec().version());
    }

    @Test
    void make_wrongVersion_listsTheAvailableVersions() {
        var e = assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v9"));
        assertTrue(e.getMessage().contains("CartPole-v1") && e.getMessage().contains("CartPole-v0"), e.getMessage());
        assertTrue(e.getMessage().contains("v9"), e.getMessage());
    }

    @Test
    void make_misspelledId_suggestsClosestIds() {
        var e = assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPol-v1"));
        assertTrue(e.getMessage().contains("did you mean 'CartPole-v1'"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Envs.make("MountainCarContinous-v0"));
        assertTrue(e2.getMessage().contains("MountainCarContinuous-v0"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> Envs.make("cartpole"));
        assertTrue(e3.getMessage().contains("CartPole-v"), e3.getMessage());
    }

    @Test
    void make_unknownKwarg_listsTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Pendulum-v1", Map.of("gravity", 9.81)));
        assertTrue(e.getMessage().contains("'gravity'") && e.getMessage().contains("valid keyword arguments: g"),
                e.getMessage());
    }

    @Test
    void make_kwargsReachTheEnvironment() {
        Env<float[], Integer> env = Envs.make("CartPole-v1", Map.of("sutton_barto_reward", true));
        env.reset(0);
        assertEquals(0.0, env.step(1).reward());
        assertEquals(true, env.spec().kwargs().get("sutton_barto_reward"));
    }

    @Test
    void make_maxEpisodeStepsOverride_truncatesThere() {
        Env<float[], float[]> env = Envs.make("Pendulum-v1", Map.of(), 3);
        env.reset(0);
        env.step(new float[] {0f});
        env.step(new float[] {0f});
        Step<float[]> s = env.step(new float[] {0f});
        assertTrue(s.truncated());
        assertFalse(s.terminated());
        assertEquals(3, env.spec().maxEpisodeSteps());
    }

    @Test
    void serviceLoader_registersThirdPartyProviders() {
        assertTrue(Envs.ids().contains("testplugin/Echo-v0"), Envs.ids().toString());
        Env<Integer, Integer> env = Envs.make("testplugin/Echo-v0", Map.of("length", 2));
        assertNotNull(env.reset(1).observation());
        env.step(0);
        assertTrue(env.step(0).terminated());
        assertEquals("testplugin", env.spec().namespace());
    }

    @Test
    void register_duplicateId_fails_andRuntimeRegistrationWorks() {
        EnvSpec spec = new EnvSpec("RuntimeCartPole-v3", kw -> new CartPole(), 10, null);
        Envs.register(spec);
        try {
            assertThrows(IllegalStateException.class, () -> Envs.register(spec));
            assertEquals(10, Envs.spec("RuntimeCartPole-v3").maxEpisodeSteps());
        } finally {
            Envs.unregister("RuntimeCartPole-v3");
        }
    }

    @Test
    void envSpec_rejectsUnversionedIds() {
        var e = assertThrows(IllegalArgumentException.class, () -> new EnvSpec("CartPole", kw -> new CartPole(), 5, null));
        assertTrue(e.getMessage().contains("Name-vN"), e.getMessage());
    }
}
