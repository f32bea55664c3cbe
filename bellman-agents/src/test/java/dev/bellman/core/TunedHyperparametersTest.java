package dev.bellman.core;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TunedHyperparametersTest {

    private static Map<String, Map<String, String>> parse(String text) throws IOException {
        return TunedHyperparameters.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void parse_readsSectionsScalarsAndComments() throws IOException {
        var m = parse("""
                # header
                CartPole-v1:
                  total-timesteps: 5e4   # budget
                  learning-rate: 2.3e-3
                  net-arch: "256,256"
                Acrobot-v1:
                  gamma: 0.99
                """);
        assertEquals(Map.of("total-timesteps", "5e4", "learning-rate", "2.3e-3", "net-arch", "256,256"), m.get("CartPole-v1"));
        assertEquals("0.99", m.get("Acrobot-v1").get("gamma"));
    }

    @Test
    void parse_keyBeforeSection_namesLine() {
        var e = assertThrows(IOException.class, () -> parse("  gamma: 0.9\n"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void shippedFiles_loadThroughTheClasspath() {
        // q-learning ships tuned values for FrozenLake-v1
        assertTrue(TunedHyperparameters.totalTimesteps("q-learning", "FrozenLake-v1", -1) > 0);
        assertFalse(TunedHyperparameters.hyperparameters("q-learning", "FrozenLake-v1").containsKey("total-timesteps"));
        assertEquals(Map.of(), TunedHyperparameters.load("no-such-algo", "CartPole-v1"));
    }

    @Test
    void envIds_listsEverySectionInFileOrder() {
        var ids = TunedHyperparameters.envIds("q-learning");
        assertEquals("FrozenLake-v1", ids.get(0));
        for (String id : ids) {
            assertTrue(TunedHyperparameters.totalTimesteps("q-learning", id, -1) > 0, id + " has a budget");
        }
        assertEquals(java.util.List.of(), TunedHyperparameters.envIds("no-such-algo"));
    }

    @Test
    void parse_keyTwiceInASection_orAnEnvTwice_isRefusedNamingLine() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> parse("CartPole-v1:\n  gamma: 0.9\n  gamma: 0.8\n"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("line 3: 'gamma' is set twice"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> parse("CartPole-v1:\n  gamma: 0.9\nCartPole-v1:\n  n-step: 3\n"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("line 3: env 'CartPole-v1' has a second section"),
                e.getMessage());
    }

    @Test
    void shippedFiles_haveNoDuplicates() {
        for (String algo : Algorithms.ids()) {
            TunedHyperparameters.envIds(algo); // throws IllegalStateException on a duplicate
        }
    }
}
