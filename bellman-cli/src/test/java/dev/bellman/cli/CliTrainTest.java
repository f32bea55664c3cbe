package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train, eval, list and plot end to end, in-process, with tabular budgets. */
class CliTrainTest {
    @TempDir
    Path tmp;

    private Cli train(Path dir, String algo, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--algo", algo, "--env", "FrozenLake-v1", "--seed", "3",
                "--total-timesteps", "3000", "--eval-episodes", "20", "--run-dir", dir.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return Files2.JSON.readTree(file.toFile());
    }

    @Test
    void train_writesTheRunDirectory() throws IOException {
        Path dir = tmp.resolve("run");
        Cli r = train(dir, "q-learning");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("eval: mean return"), r.toString());

        JsonNode config = json(dir.resolve("config.json"));
        assertEquals("q-learning", config.get("algo").asText());
        assertEquals("FrozenLake-v1", config.get("env").asText());
        assertEquals(3, config.get("seed").asLong());
        assertEquals(3000, config.get("total_timesteps").asLong());
        assertEquals(Version.VERSION, config.get("bellman_version").asText());
        List<String> names = new ArrayList<>();
        config.get("hyperparameters").fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("learning-rate", "end-learning-rate", "gamma", "start-e", "end-e", "exploration-fraction",
                "initial-q"), names);
        // FrozenLake-v1 has tuned values in hyperparams/q-learning.yml
        assertEquals("tuned", config.get("sources").get("end-learning-rate").asText());
        assertEquals(0.01, config.get("hyperparameters").get("end-learning-rate").asDouble());
        assertEquals("flag", config.get("sources").get("total-timesteps").asText());

        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertTrue(csv.get(0).startsWith("global_step,wall_time_s,charts/episodic_return"), csv.get(0));
        assertTrue(csv.size() > 10, "one row per finished episode");

        JsonNode manifest = json(dir.resolve("model/manifest.json"));
        assertEquals("q-learning", manifest.get("algo").asText());
        assertTrue(manifest.get("observation_space").asText().startsWith("Discrete"));
        assertTrue(Files.isRegularFile(dir.resolve("model/q_table.txt")));

        JsonNode summary = json(dir.resolve("summary.json"));
        for (String key : List.of("algo", "env", "seed", "total_timesteps", "wall_time_s", "steps_per_second", "eval",
                "reward_threshold", "first_step_at_threshold", "time_to_threshold_s")) {
            assertTrue(summary.has(key), "summary.json lacks " + key);
        }
        assertEquals(20, summary.get("eval").get("episodes").asInt());
        assertEquals(0.7, summary.get("reward_threshold").asDouble());
        assertTrue(summary.get("steps_per_second").asDouble() > 0);

        byte[] png = Files.readAllBytes(dir.resolve("learning_curve.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void train_sameCommandTwice_givesIdenticalMetricsApartFromWallTime() throws IOException {
        for (String algo : List.of("q-learning", "sarsa")) {
            Path a = tmp.resolve(algo + "-a");
            Path b = tmp.resolve(algo + "-b");
            assertEquals(0, train(a, algo, "--no-plot").exitCode());
            assertEquals(0, train(b, algo, "--no-plot").exitCode());
            List<String> ma = withoutWallTime(a.resolve("metrics.csv"));
            List<String> mb = withoutWallTime(b.resolve("metrics.csv"));
            assertTrue(ma.size() > 10);
            assertEquals(ma, mb, algo);
            assertEquals(json(a.resolve("summary.json")).get("eval"), json(b.resolve("summary.json")).get("eval"));
        }
    }

    /** The CSV without its wall-time columns (wall_time_s, and charts/SPS where an algorithm logs it). */
    static List<String> withoutWallTime(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (!header.get(i).equals("wall_time_s") && !header.get(i).equals("charts/SPS")) {
                    kept.add(cells[i]);
                }
            }
            out.add(String.join(",", kept));
        }
        return out;
    }

    @Test
    void train_precedence_setOverConfigOverTuned() throws IOException {
        Path cfg = tmp.resolve("c.yaml");
        Files.writeString(cfg, "learning-rate: 0.2\ngamma: 0.95\ntotal_timesteps: 1500\n");
        Path dir = tmp.resolve("run");
        Cli r = Cli.run("train", "--algo", "expected-sarsa", "--env", "FrozenLake-v1", "--config", cfg.toString(),
                "--set", "learning-rate=0.3", "--run-dir", dir.toString(), "--eval-episodes", "5", "--no-plot");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode c = json(dir.resolve("config.json"));
        assertEquals(0.3, c.get("hyperparameters").get("learning-rate").asDouble());
        assertEquals("set", c.get("sources").get("learning-rate").asText());
        assertEquals(0.95, c.get("hyperparameters").get("gamma").asDouble());
        assertEquals("config", c.get("sources").get("gamma").asText());
        assertEquals(1500, c.get("total_timesteps").asLong());
        assertEquals("tuned", c.get("sources").get("end-learning-rate").asText());
        assertEquals("default", c.get("sources").get("initial-q").asText());
    }

    @Test
    void eval_json_printsExactlyOneObject() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, Cli.run("train", "--algo", "value-iteration", "--env", "FrozenLake-v1", "--run-dir", dir.toString(),
                "--no-plot", "--eval-episodes", "10").exitCode());
        Cli r = Cli.run("eval", "--run-dir", dir.toString(), "--episodes", "30", "--seed", "7", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode o = Files2.JSON.readTree(r.out());
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("mean", "std", "episodes", "returns"), keys);
        assertEquals(30, o.get("episodes").asInt());
        assertEquals(30, o.get("returns").size());
        double sum = 0;
        for (Iterator<JsonNode> it = o.get("returns").elements(); it.hasNext(); ) {
            sum += it.next().asDouble();
        }
        assertEquals(sum / 30, o.get("mean").asDouble(), 1e-12);
        assertEquals(1, r.out().strip().lines().count(), "one line of JSON");
        // value iteration's greedy policy on FrozenLake succeeds most of the time (optimal is about 0.74)
        assertTrue(o.get("mean").asDouble() > 0.4, r.out());
        Cli again = Cli.run("eval", "--run-dir", dir.toString(), "--episodes", "30", "--seed", "7", "--json");
        assertEquals(r.out(), again.out(), "same seed, same returns");
    }

    @Test
    void envKwargs_areSavedAndUsedAgainByEval() throws IOException {
        Path dir = tmp.resolve("run");
        Cli r = Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--env-kwarg", "is_slippery=false",
                "--total-timesteps", "20000", "--eval-episodes", "10", "--no-plot", "--run-dir", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(false, json(dir.resolve("model/manifest.json")).get("env_kwargs").get("is_slippery").asBoolean(true));
        assertEquals(false, json(dir.resolve("config.json")).get("env_kwargs").get("is_slippery").asBoolean(true));
        // deterministic FrozenLake is solved by 20k steps of Q-learning: every greedy episode reaches the goal
        JsonNode eval = Files2.JSON.readTree(Cli.run("eval", "--run-dir", dir.toString(), "--episodes", "10", "--json").out());
        assertEquals(1.0, eval.get("mean").asDouble(), r.toString());
    }

    @Test
    void list_algosAndEnvs_showWhichAlgorithmsSuitWhichSpaces() throws IOException {
        Cli algos = Cli.run("list", "algos", "--json");
        assertEquals(0, algos.exitCode(), algos.toString());
        List<String> ids = new ArrayList<>();
        Files2.JSON.readTree(algos.out()).forEach(n -> ids.add(n.get("id").asText()));
        assertTrue(ids.containsAll(List.of("value-iteration", "policy-iteration", "q-learning", "sarsa", "expected-sarsa")), ids.toString());

        Cli envs = Cli.run("list", "envs", "--json");
        assertEquals(0, envs.exitCode(), envs.toString());
        JsonNode frozen = null;
        JsonNode cartPole = null;
        for (JsonNode n : Files2.JSON.readTree(envs.out())) {
            if (n.get("id").asText().equals("FrozenLake-v1")) frozen = n;
            if (n.get("id").asText().equals("CartPole-v1")) cartPole = n;
        }
        assertTrue(frozen != null && cartPole != null, envs.out());
        assertEquals("Discrete", frozen.get("action_space").asText());
        assertTrue(frozen.get("algorithms").toString().contains("q-learning"));
        assertTrue(!cartPole.get("algorithms").toString().contains("q-learning"));
        // former Gymnasium ids stay listed as deprecated aliases of the current ones
        JsonNode taxi3 = null;
        for (JsonNode n : Files2.JSON.readTree(envs.out())) {
            if (n.get("id").asText().equals("Taxi-v3")) taxi3 = n;
        }
        assertTrue(taxi3 != null && taxi3.path("deprecated").asText().equals("use Taxi-v4"), envs.out());
        Cli table = Cli.run("list", "envs");
        assertTrue(table.out().contains("CliffWalking-v0 (deprecated: use CliffWalking-v1)"), table.out());

        Cli text = Cli.run("list", "algos", "-v");
        assertTrue(text.out().contains("learning-rate") && text.out().contains("ACTION SPACES"), text.out());
    }

    @Test
    void list_games_showsEachGameAndTheAlgorithmsThatTrainOnIt() throws IOException {
        // the command that a game algorithm's errors point to ('see bellman list games')
        Cli wrong = Cli.run("train", "--algo", "alphazero", "--env", "ConectFour");
        assertTrue(wrong.err().contains("Did you mean 'ConnectFour'? Games:"), wrong.toString());
        assertTrue(wrong.err().contains("'bellman list games'"), wrong.toString());
        Cli games = Cli.run("list", "games", "--json");
        assertEquals(0, games.exitCode(), games.toString());
        java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
        Files2.JSON.readTree(games.out()).forEach(n -> byId.put(n.get("id").asText(), n));
        JsonNode c4 = byId.get("ConnectFour"), go9 = byId.get("Go9x9");
        assertTrue(c4 != null && go9 != null && byId.containsKey("TicTacToe"), games.out());
        assertEquals(7, c4.get("actions").asInt());
        assertEquals(42, c4.get("max_game_length").asInt());
        assertEquals(82, go9.get("actions").asInt()); // 81 points and pass
        assertTrue(c4.get("algorithms").toString().contains("alphazero"), c4.toString());
        assertTrue(!c4.get("algorithms").toString().contains("alphago"), c4.toString());
        assertTrue(go9.get("algorithms").toString().contains("alphago"), go9.toString());
        Cli table = Cli.run("list", "games");
        assertTrue(table.out().contains("OBSERVATION SHAPE") && table.out().contains("TicTacToe"), table.out());
    }

    @Test
    void plot_severalRuns_writesAPng() throws IOException {
        List<String> dirs = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            Path d = tmp.resolve("s" + seed);
            assertEquals(0, Cli.run("train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--seed", "" + seed,
                    "--total-timesteps", "3000", "--eval-episodes", "5", "--no-plot", "--run-dir", d.toString()).exitCode());
            dirs.add(d.toString());
        }
        Path png = tmp.resolve("curve.png");
        List<String> args = new ArrayList<>(List.of("plot"));
        args.addAll(dirs);
        args.addAll(List.of("--out", png.toString()));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void helpAndVersion_exitZero() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"--version"}, new String[] {"train", "--help"},
                new String[] {"eval", "--help"}, new String[] {"list", "--help"}, new String[] {"plot", "--help"})) {
            Cli r = Cli.run(args);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.out().contains(args[0].equals("--version") ? Version.VERSION : "Usage:"), r.toString());
        }
        assertTrue(Cli.run("train", "--help").out().contains("--total-timesteps"));
    }

    /**
     * Every command's help, and the top level's list of commands, formats without picocli's "Could not format"
     * warning (a bare '%' in a description: the arena's "95% interval" printed one on every {@code --help} until
     * 2026-12-06). Picocli writes that warning to {@code System.err}, so the test reads that stream.
     */
    @Test
    void everyCommandsHelp_formatsWithoutWarnings() {
        List<List<String>> paths = new ArrayList<>();
        paths.add(List.of());
        collect(Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), List.of(),
                paths);
        assertTrue(paths.size() > 10, "commands found: " + paths);
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (List<String> path : paths) {
                List<String> args = new ArrayList<>(path);
                args.add("--help");
                Cli r = Cli.run(args.toArray(String[]::new));
                assertEquals(0, r.exitCode(), args + ": " + r);
                assertTrue(r.out().contains("Usage:"), args + ": " + r);
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "what the help texts printed to System.err");
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            into.add(p);
            collect(e.getValue(), p, into);
        }
    }
}
