package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench learn and bench envs, in-process, with tabular algorithms on tiny budgets. */
class BenchTest {
    @TempDir
    Path tmp;

    @Test
    void benchLearn_writesRunsTableJsonAndCurves() throws Exception {
        Path out = tmp.resolve("bench");
        Cli r = Cli.run("bench", "learn", "--algos", "q-learning,sarsa", "--envs", "FrozenLake-v1", "--seeds", "1,2",
                "--total-timesteps", "3000", "--eval-episodes", "10", "--tensorboard", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        for (String run : List.of("q-learning-FrozenLake-v1-s1", "q-learning-FrozenLake-v1-s2", "sarsa-FrozenLake-v1-s1",
                "sarsa-FrozenLake-v1-s2")) {
            assertTrue(Files.isRegularFile(out.resolve("runs").resolve(run).resolve("summary.json")), run);
            try (var tb = Files.list(out.resolve("runs").resolve(run).resolve("tb"))) {
                assertEquals(1, tb.count(), "--tensorboard reaches every run");
            }
            assertTrue(r.err().contains(run.replaceFirst("-FrozenLake-v1-s", " FrozenLake-v1 seed ").replace("seed 1", "seed 1:")
                    .replace("seed 2", "seed 2:")), "a progress line per run\n" + r);
        }
        JsonNode doc = Files2.JSON.readTree(out.resolve("results.json").toFile());
        assertEquals("classic", doc.get("suite").asText());
        JsonNode rows = doc.get("rows");
        assertEquals(2, rows.size());
        for (JsonNode row : rows) {
            assertEquals("FrozenLake-v1", row.get("env").asText());
            assertEquals(3000, row.get("total_timesteps").asLong());
            assertEquals(2, row.get("runs").asInt());
            // the row's mean is the mean of the two runs' eval means, read back from their summaries
            double sum = 0;
            for (int seed = 1; seed <= 2; seed++) {
                JsonNode s = Files2.JSON.readTree(out.resolve("runs").resolve(row.get("algo").asText() + "-FrozenLake-v1-s"
                        + seed).resolve("summary.json").toFile());
                sum += s.get("eval").get("mean").asDouble();
            }
            assertEquals(sum / 2, row.get("eval_mean").asDouble(), 1e-12);
            assertEquals(0.7, row.get("reward_threshold").asDouble());
            byte[] png = Files.readAllBytes(out.resolve(row.get("curve").asText()));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        }
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| q-learning | FrozenLake-v1 |"), md);
        assertTrue(md.contains("| sarsa | FrozenLake-v1 |"), md);
        assertTrue(md.contains("/2 (≥ 0.7)"), md);

        // a second invocation reuses the finished runs instead of training again
        Cli again = Cli.run("bench", "learn", "--algos", "q-learning", "--envs", "FrozenLake-v1", "--seeds", "1",
                "--total-timesteps", "3000", "--eval-episodes", "10", "--out", out.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("reused finished run"), again.toString());
    }

    @Test
    void benchLearn_suiteUsesTunedEnvsAndRejectsEmptySelections() {
        assertEquals(List.of("FrozenLake-v1", "FrozenLake8x8-v1", "Taxi-v3", "CliffWalking-v0", "GridWorld-v0"),
                Suites.envs("classic", dev.bellman.core.Algorithms.get("q-learning")));
        Cli planner = Cli.run("bench", "learn", "--algos", "value-iteration", "--out", tmp.resolve("p").toString());
        assertEquals(2, planner.exitCode(), planner.toString());
        assertTrue(planner.err().contains("bellman bench learn: nothing to run"), planner.toString());
        Cli notInSuite = Cli.run("bench", "learn", "--algos", "q-learning", "--envs", "CartPole-v1",
                "--out", tmp.resolve("c").toString());
        assertEquals(2, notInSuite.exitCode(), notInSuite.toString());
        Cli unknown = Cli.run("bench", "learn", "--algos", "q-learning", "--envs", "FrozenLak-v1",
                "--out", tmp.resolve("u").toString());
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("Did you mean 'FrozenLake-v1'"), unknown.toString());
    }

    @Test
    void benchEnvs_measuresEveryRequestedEnv() throws Exception {
        Cli r = Cli.run("bench", "envs", "--steps", "2000", "--envs", "CartPole-v1,Taxi-v3", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode rows = Files2.JSON.readTree(r.out());
        assertEquals(2, rows.size());
        assertEquals("CartPole-v1", rows.get(0).get("env").asText());
        for (JsonNode row : rows) {
            assertEquals(2000, row.get("steps").asLong());
            assertTrue(row.get("episodes").asLong() > 0, "random play ends episodes: " + row);
            assertTrue(row.get("steps_per_second").asDouble() > 0, row.toString());
        }
        Cli table = Cli.run("bench", "envs", "--steps", "500", "--envs", "FrozenLake-v1");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("FrozenLake-v1") && l.trim().split("\\s+").length == 5),
                table.toString());
        assertEquals(2, Cli.run("bench", "envs", "--steps", "0").exitCode());
    }
}
