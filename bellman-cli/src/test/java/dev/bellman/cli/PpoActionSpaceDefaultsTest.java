package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.env.EnvSpec;
import dev.bellman.env.Envs;
import dev.bellman.envs.identity.IdentityContinuousEnv;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --algo ppo} on a Box-action env without a tuned entry gets CleanRL {@code ppo_continuous_action.py}'s
 * defaults, not {@code ppo.py}'s; {@code list algos -v} says which defaults apply to which action space.
 */
class PpoActionSpaceDefaultsTest {
    static final String UNTUNED_BOX = "UntunedBoxForPpoDefaults-v0";

    @TempDir
    Path tmp;

    @BeforeAll
    static void register() {
        Envs.register(new EnvSpec(UNTUNED_BOX, kw -> new IdentityContinuousEnv(), 100, -1.0));
    }

    @AfterAll
    static void unregister() {
        Envs.unregister(UNTUNED_BOX);
    }

    @Test
    void train_ppoOnUntunedBoxEnv_getsCleanRlContinuousDefaults() throws IOException {
        Path dir = tmp.resolve("run");
        // one rollout of ppo_continuous_action.py's 1 × 2048 steps
        Cli r = Cli.run("train", "--algo", "ppo", "--env", UNTUNED_BOX, "--total-timesteps", "2048", "--eval-episodes", "1",
                "--no-plot", "--run-dir", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode hp = Files2.JSON.readTree(dir.resolve("config.json").toFile()).get("hyperparameters");
        assertEquals(3e-4, hp.get("learning-rate").asDouble(), 1e-12, hp.toString());
        assertEquals(1, hp.get("num-envs").asInt(), hp.toString());
        assertEquals(2048, hp.get("num-steps").asInt(), hp.toString());
        assertEquals(32, hp.get("num-minibatches").asInt(), hp.toString());
        assertEquals(10, hp.get("update-epochs").asInt(), hp.toString());
        assertEquals(0.0, hp.get("ent-coef").asDouble(), hp.toString());
        assertTrue(hp.get("norm-obs").asBoolean(false) && hp.get("norm-reward").asBoolean(false), hp.toString());
        assertEquals(64, hp.get("hidden-size").asInt(), hp.toString());
        assertTrue(hp.get("anneal-lr").asBoolean(false) && hp.get("clip-vloss").asBoolean(false), hp.toString());
    }

    @Test
    void train_ppoOnUntunedBoxEnv_setOverridesTheBoxDefaults() throws IOException {
        Path dir = tmp.resolve("precedence");
        Cli r = Cli.run("train", "--algo", "ppo", "--env", UNTUNED_BOX, "--set", "num-steps=64",
                "--set", "num-minibatches=2", "--set", "update-epochs=1", "--set", "total-timesteps=64",
                "--eval-episodes", "1", "--no-plot", "--run-dir", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode c = Files2.JSON.readTree(dir.resolve("config.json").toFile());
        assertEquals(64, c.get("total_timesteps").asLong(), c.toString());
        assertEquals(64, c.get("hyperparameters").get("num-steps").asInt(), c.toString());
        assertEquals("set", c.get("sources").get("num-steps").asText(), c.toString());
        assertEquals("default", c.get("sources").get("learning-rate").asText(), c.toString());
        assertEquals(3e-4, c.get("hyperparameters").get("learning-rate").asDouble(), 1e-12, c.toString());
    }

    @Test
    void listAlgosVerbose_showsWhichDefaultsApplyToWhichActionSpace() {
        Cli text = Cli.run("list", "algos", "-v");
        assertEquals(0, text.exitCode(), text.toString());
        String out = text.out();
        int ppo = out.indexOf("ppo hyperparameters");
        assertTrue(ppo >= 0, out);
        String section = out.substring(ppo, out.indexOf("\n\n", ppo) < 0 ? out.length() : out.indexOf("\n\n", ppo));
        assertTrue(section.contains("on Box actions these defaults replace the ones above (which apply to Discrete actions)"),
                section);
        assertTrue(section.matches("(?s).*\\n    learning-rate +3\\.0E-4\\n.*"), section);
        assertTrue(section.matches("(?s).*\\n    total-timesteps +1000000\\n.*"), section);
    }

    @Test
    void listAlgosJson_carriesTheActionSpaceDefaults() throws IOException {
        JsonNode ppo = null;
        for (JsonNode n : Files2.JSON.readTree(Cli.run("list", "algos", "--json").out())) {
            if (n.get("id").asText().equals("ppo")) ppo = n;
        }
        assertTrue(ppo != null);
        assertEquals("32", ppo.get("action_space_defaults").get("Box").get("num-minibatches").asText(), ppo.toString());
    }
}
