package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --randomize}, the config file's {@code randomize:} block, {@code eval --randomize} and {@code robustness}. */
class DomainRandomizationCliTest {
    @TempDir
    static Path tmp;
    static Path run;

    /** A short PPO run on CartPole (a few hundred steps: the policy is poor, but the plumbing is what is tested). */
    @BeforeAll
    static void train() throws Exception {
        run = tmp.resolve("run");
        Path config = tmp.resolve("dr.yaml");
        Files.writeString(config, "num-steps: 32\nnum-envs: 8\nupdate-epochs: 1\nrandomize:\n  masscart: loguniform(0.5,3)\n  length: uniform(0.1,0.2)\n");
        Cli c = Cli.run("train", "--algo", "ppo", "--env", "CartPole-v1", "--total-timesteps", "256", "--seed", "3",
                "--config", config.toString(), "--randomize", "length=uniform(0.25,2)", "--run-dir", run.toString(),
                "--no-plot", "--eval-episodes", "0");
        assertEquals(0, c.exitCode(), c.toString());
        assertTrue(c.out().contains("domain randomization at every reset: masscart=loguniform(0.5,3) length=uniform(0.25,2)"),
                c.toString());
    }

    @Test
    void configJson_recordsTheRandomization_flagOverConfigFile() throws Exception {
        JsonNode cfg = Files2.JSON.readTree(run.resolve(RunDir.CONFIG).toFile());
        assertEquals("loguniform(0.5,3)", cfg.path("randomize").path("masscart").asText(), cfg.toString());
        assertEquals("uniform(0.25,2)", cfg.path("randomize").path("length").asText(), cfg.toString());
        JsonNode identity = Files2.JSON.readTree(run.resolve(RunManifest.FILE).toFile()).path("run");
        assertEquals(cfg.get("randomize"), identity.get("randomize"), "the randomization is part of the run's identity");
    }

    @Test
    void robustnessGrid_cellAtTheNominalValues_equalsPlainEval() throws Exception {
        Path out = tmp.resolve("grid");
        Cli g = Cli.run("robustness", "--run-dir", run.toString(), "--param", "length=0.25:0.75:3", "--param",
                "masscart=1:2:2", "--episodes", "4", "--seed", "21", "--out-dir", out.toString());
        assertEquals(0, g.exitCode(), g.toString());
        JsonNode grid = Files2.JSON.readTree(out.resolve(RobustnessCommand.JSON).toFile());
        assertEquals(0.5, grid.path("axes").get(0).path("values").get(1).asDouble());
        assertEquals(1.0, grid.path("axes").get(1).path("values").get(0).asDouble());
        Cli e = Cli.run("eval", "--run-dir", run.toString(), "--episodes", "4", "--seed", "21", "--json");
        assertEquals(0, e.exitCode(), e.toString());
        JsonNode eval = Files2.JSON.readTree(e.out());
        assertEquals(eval.path("mean").asDouble(), grid.path("mean").get(1).get(0).asDouble(), grid.toString());
        assertEquals(eval.path("std").asDouble(), grid.path("std").get(1).get(0).asDouble());
        // another cell is another env: the grid does vary the parameters
        assertNotEquals(grid.path("mean").get(1).get(0).asDouble(), grid.path("mean").get(2).get(1).asDouble(),
                grid.toString());
        // the training range read back from config.json
        assertEquals(0.25, grid.path("axes").get(0).path("training_low").asDouble());
        assertEquals(2.0, grid.path("axes").get(0).path("training_high").asDouble());
        assertTrue(Files.size(out.resolve(RobustnessCommand.PNG)) > 1000);
        assertTrue(Files.readString(out.resolve(RobustnessCommand.CSV)).startsWith("length,masscart,mean_return,std_return\n"));

        Cli line = Cli.run("robustness", "--run-dir", run.toString(), "--param", "gravity=log:5:20:3", "--episodes", "2",
                "--out-dir", tmp.resolve("line").toString());
        assertEquals(0, line.exitCode(), line.toString());
        assertTrue(Files.size(tmp.resolve("line").resolve(RobustnessCommand.PNG)) > 1000);
    }

    @Test
    void evalRandomize_changesTheReturns_evalDefault_isNominal() throws Exception {
        Cli nominal = Cli.run("eval", "--run-dir", run.toString(), "--episodes", "6", "--seed", "2", "--json");
        Cli dr = Cli.run("eval", "--run-dir", run.toString(), "--episodes", "6", "--seed", "2", "--json", "--randomize",
                "length=uniform(2,4)", "force_mag=choice(1,30)");
        assertEquals(0, dr.exitCode(), dr.toString());
        assertNotEquals(Files2.JSON.readTree(nominal.out()).get("returns"), Files2.JSON.readTree(dr.out()).get("returns"));
    }

    @Test
    void badParameterNames_areUserErrorsNamingTheDeclaredOnes() throws Exception {
        Cli t = Cli.run("train", "--algo", "ppo", "--env", "CartPole-v1", "--randomize", "pole_length=uniform(0.25,2)",
                "--run-dir", tmp.resolve("bad").toString());
        assertEquals(2, t.exitCode(), t.toString());
        assertTrue(t.err().contains("'pole_length=uniform(0.25,2)' names no physical parameter")
                && t.err().contains("length (half the pole's length (m), nominal 0.5)"), t.err());
        assertTrue(!t.err().contains("\tat "), "no stack trace without --debug");
        Path badConfig = tmp.resolve("bad.yaml");
        Files.writeString(badConfig, "randomize:\n  masscart: uniform(0.5,)\n");
        Cli c = Cli.run("train", "--algo", "ppo", "--env", "CartPole-v1", "--config", badConfig.toString(),
                "--run-dir", tmp.resolve("bad3").toString());
        assertTrue(c.err().contains("the randomize: block of " + badConfig) && c.err().contains("'uniform(0.5,)'"), c.err());
        Cli noParams = Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--randomize", "x=1",
                "--run-dir", tmp.resolve("bad2").toString());
        assertTrue(noParams.err().contains("FrozenLake-v1 declares no physical parameters"), noParams.err());
        Cli r = Cli.run("robustness", "--run-dir", run.toString(), "--param", "lenght=0.25:2:4");
        assertTrue(r.err().contains("declares no such physical parameter") && r.err().contains("length"), r.err());
        Cli bad = Cli.run("robustness", "--run-dir", run.toString(), "--param", "length=0.25:2");
        assertTrue(bad.err().contains("'length=0.25:2'") && bad.err().contains("START:STOP:COUNT"), bad.err());
    }
}
