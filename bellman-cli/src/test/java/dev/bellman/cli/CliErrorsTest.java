package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one-paragraph message naming the value and what was expected, exit code 2, no stack trace. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private String[] train(String... extra) {
        String[] base = {"train", "--run-dir", tmp.resolve("run").toString(), "--total-timesteps", "500",
                "--eval-episodes", "5", "--no-plot"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static void assertUserError(Cli r, String... fragments) {
        assertEquals(2, r.exitCode(), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in\n" + r);
        }
        assertFalse(r.err().contains("\tat dev.bellman"), "no stack trace without --debug:\n" + r);
        assertEquals(1, r.err().strip().lines().count(), "one paragraph:\n" + r);
    }

    @Test
    void train_unknownAlgorithm_suggestsClosest() {
        Cli r = Cli.run(train("--algo", "q-lerning", "--env", "FrozenLake-v1"));
        assertUserError(r, "unknown algorithm 'q-lerning'", "Did you mean 'q-learning'?", "value-iteration");
    }

    @Test
    void train_unknownEnv_suggestsClosest() {
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v2"));
        assertUserError(r, "unknown env id 'FrozenLake-v2'", "Did you mean 'FrozenLake-v1'?");
    }

    @Test
    void train_unknownSetKey_listsValidKeys() {
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1", "--set", "learnig-rate=0.5"));
        assertUserError(r, "unknown hyperparameter 'learnig-rate'", "Did you mean 'learning-rate'?",
                "Valid hyperparameters: learning-rate, end-learning-rate, gamma");
    }

    @Test
    void train_valueOfWrongType_namesValueAndType() {
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1", "--set", "gamma=high"));
        assertUserError(r, "gamma must be a number in [0, 1] but was 'high'");
    }

    @Test
    void train_valueOutOfRange_namesRange() {
        Cli r = Cli.run(train("--algo", "value-iteration", "--env", "FrozenLake-v1", "--set", "max-iterations=0"));
        assertUserError(r, "max-iterations must be an integer >= 1 but was '0'");
    }

    @Test
    void train_algorithmCannotHandleSpaces_saysWhichCan() {
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "CartPole-v1"));
        assertUserError(r, "q-learning needs observations Discrete, actions Discrete", "CartPole-v1 has observations Box",
                "Algorithms that can train on CartPole-v1:");
    }

    @Test
    void train_configThatDoesNotParse_namesLineAndColumn() throws IOException {
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(cfg, "gamma: 0.9\nlearning-rate: [0.1\n");
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1", "--config", cfg.toString()));
        assertUserError(r, "config file " + cfg + " does not parse at line ", "column");
    }

    @Test
    void train_configThatIsNotAMapping_saysWhatWasExpected() throws IOException {
        Path cfg = tmp.resolve("list.yaml");
        Files.writeString(cfg, "- 1\n- 2\n");
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1", "--config", cfg.toString()));
        assertUserError(r, "must be a YAML mapping of hyperparameter names to values", "list");
    }

    @Test
    void train_missingConfigFile_isRefused() {
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1", "--config", tmp.resolve("nope.yml").toString()));
        assertUserError(r, "nope.yml does not exist");
    }

    @Test
    void train_existingRunDir_refusedWithoutOverwrite_acceptedWithIt() {
        String[] args = train("--algo", "q-learning", "--env", "FrozenLake-v1");
        assertEquals(0, Cli.run(args).exitCode());
        assertUserError(Cli.run(args), "already exists", "--overwrite");
        String[] again = train("--algo", "q-learning", "--env", "FrozenLake-v1", "--overwrite");
        assertEquals(0, Cli.run(again).exitCode());
    }

    @Test
    void train_overwriteOfNonRunDirectory_isRefused() throws IOException {
        Files.createDirectories(tmp.resolve("run"));
        Files.writeString(tmp.resolve("run/precious.txt"), "keep me");
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1", "--overwrite"));
        assertUserError(r, "is not a Bellman run", "refusing to delete");
        assertTrue(Files.exists(tmp.resolve("run/precious.txt")));
    }

    @Test
    void negativeSeed_isRefusedBeforeAnythingIsWritten() {
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1", "--seed", "-1"));
        assertUserError(r, "--seed must be a non-negative integer", "but was -1");
        assertFalse(Files.exists(tmp.resolve("run")));
        assertUserError(Cli.run("eval", "--run-dir", tmp.toString(), "--seed", "-5"), "--seed must be a non-negative integer");
    }

    @Test
    void train_badEnvKeywordArgument_namesIt() {
        Cli r = Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1", "--env-kwarg", "map_name=9x9"));
        assertUserError(r, "env FrozenLake-v1 refused the keyword arguments {map_name=9x9}", "9x9");
    }

    @Test
    void train_numEnvsForASingleEnvAlgorithm_isRefused() {
        Cli r = Cli.run(train("--algo", "sarsa", "--env", "FrozenLake-v1", "--num-envs", "4"));
        assertUserError(r, "--num-envs 4 was given, but sarsa trains on a single env");
    }

    @Test
    void eval_missingRunDir_isRefused() {
        Cli r = Cli.run("eval", "--run-dir", tmp.resolve("missing").toString());
        assertUserError(r, "run directory " + tmp.resolve("missing") + " does not exist");
    }

    @Test
    void eval_runDirWithoutManifest_isRefused() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        Cli r = Cli.run("eval", "--run-dir", tmp.resolve("empty").toString());
        assertUserError(r, "has no model/manifest.json");
    }

    @Test
    void eval_corruptManifest_namesLineAndColumn() throws IOException {
        Files.createDirectories(tmp.resolve("bad/model"));
        Files.writeString(tmp.resolve("bad/model/manifest.json"), "{\n  \"algo\": q-learning\n}\n");
        Cli r = Cli.run("eval", "--run-dir", tmp.resolve("bad").toString());
        assertUserError(r, "is corrupt", "line 2");
    }

    @Test
    void eval_corruptModel_isRefused() throws IOException {
        assertEquals(0, Cli.run(train("--algo", "q-learning", "--env", "FrozenLake-v1")).exitCode());
        Path table = tmp.resolve("run/model/q_table.txt");
        Files.writeString(table, Files.readString(table).replace("states 16", "states 17"));
        Cli r = Cli.run("eval", "--run-dir", tmp.resolve("run").toString());
        assertUserError(r, "q_table.txt is corrupt: its CRC32C is"); // caught by the checksum in model/manifest.json
    }

    @Test
    void debug_printsTheStackTrace() {
        Cli r = Cli.run("train", "--debug", "--algo", "nope", "--env", "FrozenLake-v1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("\tat dev.bellman"), r.toString());
    }

    @Test
    void list_unknownWhat_isAUsageError() {
        Cli r = Cli.run("list", "agents");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("envs, algos"), r.toString());
    }
}
