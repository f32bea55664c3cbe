package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checkpoints and {@code train --resume}: a run killed with SIGKILL and resumed ends as the uninterrupted run. */
class CliResumeTest {
    @TempDir
    Path tmp;

    private static List<String> trainArgs(Path dir, String algo, long steps, long every) {
        return trainArgs(dir, algo, "Taxi-v3", steps, every, "");
    }

    private static List<String> trainArgs(Path dir, String algo, String env, long steps, long every, String sets) {
        List<String> args = new ArrayList<>(List.of("train", "--algo", algo, "--env", env, "--seed", "3",
                "--total-timesteps", Long.toString(steps), "--checkpoint-frequency", Long.toString(every),
                "--eval-episodes", "20", "--no-plot", "--run-dir", dir.toString()));
        for (String set : sets.isBlank() ? new String[0] : sets.split(" ")) {
            args.add("--set");
            args.add(set);
        }
        return args;
    }

    /** metrics.csv without its wall-clock columns ({@code wall_time_s} and {@code charts/SPS}). */
    private static List<String> metricsWithoutWallTime(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve(RunDir.METRICS));
        List<String> header = List.of(lines.get(0).split(",", -1));
        assertEquals(CsvMetrics.WALL, header.get(1));
        int sps = header.indexOf(dev.bellman.core.MetricsSink.SPS);
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (i != 1 && i != sps) kept.add(cells[i]);
            }
            out.add(String.join(",", kept));
        }
        return out;
    }

    private static List<Path> modelFiles(Path runDir) throws IOException {
        Path m = runDir.resolve(RunDir.MODEL);
        try (Stream<Path> s = Files.walk(m)) {
            return s.filter(Files::isRegularFile).map(m::relativize).sorted().toList();
        }
    }

    /**
     * Asserts that {@code other} ended as {@code whole}: metrics.csv without its wall-clock columns, the model files
     * byte for byte, the eval and the step the threshold was first reached at. Returns other's summary.json.
     */
    private static com.fasterxml.jackson.databind.JsonNode assertSameEnd(Path whole, Path other) throws IOException {
        assertEquals(metricsWithoutWallTime(whole), metricsWithoutWallTime(other));
        List<Path> files = modelFiles(whole);
        assertEquals(files, modelFiles(other));
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(RunDir.MODEL).resolve(f)),
                    Files.readAllBytes(other.resolve(RunDir.MODEL).resolve(f)), "model file " + f);
        }
        var a = Files2.JSON.readTree(whole.resolve(RunDir.SUMMARY).toFile());
        var b = Files2.JSON.readTree(other.resolve(RunDir.SUMMARY).toFile());
        assertEquals(a.get("eval"), b.get("eval"));
        assertEquals(a.get("first_step_at_threshold"), b.get("first_step_at_threshold"));
        return b;
    }

    private static boolean hasCheckpoint(Path dir) throws IOException {
        Path c = dir.resolve(RunDir.CHECKPOINTS);
        if (!Files.isDirectory(c)) {
            return false;
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
        }
    }

    /**
     * Each case runs long enough (a second or more) after its first checkpoint for the test to see the checkpoint and
     * kill the process before it finishes: the first checkpoint comes at a third or a quarter of the run, so two
     * thirds of the work, and at least one more checkpoint, are left to the resumed process. (Until 2026-12-06 the
     * runs were three to ten times longer; 139 s of the suite on a 2-core machine, now about a third of that.)
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "q-learning | Taxi-v3 | 300000 | 100000 | ''",
            "dqn | CartPole-v1 | 12000 | 4000 | net-arch=64,64",
            "ppo | CartPole-v1 | 30720 | 10240 | ''",
            "ppo | Pendulum-v1 | 12288 | 4096 | num-steps=64",
            "a2c | CartPole-v1 | 90000 | 30000 | ''",
            "a3c | CartPole-v1 | 90000 | 30000 | ''",
            "sac | Pendulum-v1 | 2000 | 500 | learning-starts=300 net-arch=64,64 batch-size=64",
    })
    void runKilledWithSigkill_thenResumed_endsExactlyAsTheUninterruptedRun(String algo, String env, long steps,
                                                                             long every, String sets) throws Exception {
        Path whole = tmp.resolve("whole");
        Cli u = Cli.run(trainArgs(whole, algo, env, steps, every, sets).toArray(String[]::new));
        assertEquals(0, u.exitCode(), u.toString());
        assertFalse(Files.exists(whole.resolve(RunDir.CHECKPOINTS)), "checkpoints are deleted when a run finishes");

        // the same run in a separate JVM, killed (SIGKILL) as soon as its first checkpoint is in place
        Path killed = tmp.resolve("killed");
        killAtFirstCheckpoint(killed, trainArgs(killed, algo, env, steps, every, sets));

        Cli r = Cli.run("train", "--resume", killed.toString(), "--no-plot");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().matches("(?s)bellman train: resuming " + algo + " on " + env + ", seed 3, from step [1-9][0-9]* of "
                + steps + ".*"), r.out());
        assertTrue(assertSameEnd(whole, killed).get("resumed").asBoolean());
    }

    /** Starts {@code args} in a separate JVM and kills it (SIGKILL) as soon as its first checkpoint is in place. */
    private void killAtFirstCheckpoint(Path dir, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(args);
        Path log = tmp.resolve(dir.getFileName() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!hasCheckpoint(dir) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(p.isAlive(), "the run ended before it could be killed: " + Files.readString(log));
            assertTrue(hasCheckpoint(dir), "no checkpoint within 60 s");
        } finally {
            p.destroyForcibly(); // SIGKILL on POSIX
            p.waitFor();
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");
        assertFalse(Files.exists(dir.resolve(RunDir.SUMMARY)), "the killed run must not have finished");
    }

    /**
     * Trains {@code algo} for {@code raised} steps (in tmp/whole), and for {@code budget} in {@code shorter}, killed at
     * its first checkpoint (its manifest then copied to tmp/shorter.manifest) and resumed with --total-timesteps
     * {@code raised}; asserts that both end alike (metrics, model, eval, with the raised budget in summary.json) and
     * returns the resume's output.
     */
    private Cli raiseAndCompare(String algo, String env, long budget, long raised, long every, String sets,
                                Path shorter) throws Exception {
        Path whole = tmp.resolve("whole");
        Cli u = Cli.run(trainArgs(whole, algo, env, raised, every, sets).toArray(String[]::new));
        assertEquals(0, u.exitCode(), u.toString());
        killAtFirstCheckpoint(shorter, trainArgs(shorter, algo, env, budget, every, sets));
        Files.copy(shorter.resolve(RunManifest.FILE), tmp.resolve("shorter.manifest"));
        Cli r = Cli.run("train", "--resume", shorter.toString(), "--total-timesteps", Long.toString(raised),
                "--no-plot");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(raised, assertSameEnd(whole, shorter).get("total_timesteps").asLong());
        return r;
    }

    /**
     * SAC's training depends on its budget only through the loop's end and the replay buffer's capacity
     * (min(buffer-size, budget)): a run of 1,500 steps killed at 500 and resumed with --total-timesteps 3000 ends as
     * the run started with 3,000, metrics and model byte for byte.
     */
    @Test
    void resume_withALargerBudget_endsAsTheRunStartedWithThatBudget() throws Exception {
        Path shorter = tmp.resolve("shorter");
        Cli r = raiseAndCompare("sac", "Pendulum-v1", 1500, 3000, 500,
                "learning-starts=300 net-arch=32,32 batch-size=32 buffer-size=1000", shorter);
        String manifestBefore = Files.readString(tmp.resolve("shorter.manifest"));
        assertTrue(r.out().contains("bellman train: budget of " + shorter + " raised from 1500 to 3000 steps"),
                r.out());
        assertTrue(r.out().contains("resuming sac on Pendulum-v1, seed 3, from step 500 of 3000"), r.out());
        assertEquals(3000, Files2.JSON.readTree(shorter.resolve(RunDir.CONFIG).toFile()).get("total_timesteps")
                .asLong());
        var m = Files2.JSON.readTree(shorter.resolve(RunManifest.FILE).toFile());
        var was = Files2.JSON.readTree(manifestBefore);
        assertEquals(3000, m.get("run").get("total_timesteps").asLong());
        assertEquals(was.get("config_sha256"), m.get("config_sha256"), "the hash names the run as created");
        assertEquals(1, m.get(RunManifest.EXTENDED).size());
        var e = m.get(RunManifest.EXTENDED).get(0);
        assertEquals(List.of(1500L, 3000L, 500L), List.of(e.get("from").asLong(), e.get("to").asLong(),
                e.get("at_step").asLong()));
    }

    /**
     * PPO without a learning-rate anneal depends on its budget only through its number of iterations: a run of 2,048
     * steps killed at its first checkpoint and resumed with --total-timesteps 4096 ends as the run started with 4,096;
     * with the anneal, the raise is refused naming it.
     */
    @Test
    void ppo_withoutAnneal_canHaveItsBudgetRaised() throws Exception {
        raiseAndCompare("ppo", "CartPole-v1", 2048, 4096, 256, "anneal-lr=false num-envs=2 num-steps=128",
                tmp.resolve("shorter"));

        Path annealed = tmp.resolve("annealed");
        killAtFirstCheckpoint(annealed, trainArgs(annealed, "ppo", "CartPole-v1", 2048, 256,
                "anneal-lr=true num-envs=2 num-steps=128"));
        Cli refused = Cli.run("train", "--resume", annealed.toString(), "--total-timesteps", "4096");
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("ppo anneals its learning rate to 0 over total-timesteps (anneal-lr true)"),
                refused.err());
    }

    /**
     * A finished run that kept its checkpoints (--keep-checkpoints) can have its budget raised: SAC trained to 1,500
     * steps and finished, then resumed with --total-timesteps 3000 from its last checkpoint (1,000; the last 500 steps
     * run again), ends as the run started with 3,000, and the finished run's model, summary.json and learning curve
     * stay, whole, in snapshots/step-1500/, where eval loads them.
     */
    @Test
    void finishedRun_thatKeptItsCheckpoints_canHaveItsBudgetRaised() throws Exception {
        String sets = "learning-starts=300 net-arch=32,32 batch-size=32 buffer-size=1000";
        Path whole = tmp.resolve("whole");
        Cli u = Cli.run(trainArgs(whole, "sac", "Pendulum-v1", 3000, 500, sets).toArray(String[]::new));
        assertEquals(0, u.exitCode(), u.toString());
        assertFalse(hasCheckpoint(whole), "without the flag a finished run deletes its checkpoints");

        Path kept = tmp.resolve("kept");
        List<String> args = trainArgs(kept, "sac", "Pendulum-v1", 1500, 500, sets);
        args.add("--keep-checkpoints");
        Cli f = Cli.run(args.toArray(String[]::new));
        assertEquals(0, f.exitCode(), f.toString());
        assertTrue(f.out().contains("checkpoints kept in " + kept.resolve(RunDir.CHECKPOINTS)), f.out());
        assertTrue(hasCheckpoint(kept));
        String summary1500 = Files.readString(kept.resolve(RunDir.SUMMARY));
        List<Path> files = modelFiles(kept);
        List<byte[]> model1500 = new ArrayList<>();
        for (Path file : files) model1500.add(Files.readAllBytes(kept.resolve(RunDir.MODEL).resolve(file)));

        Cli again = Cli.run("train", "--resume", kept.toString(), "--total-timesteps", "1500");
        assertEquals(2, again.exitCode(), again.toString());
        assertTrue(again.err().contains("already finished (it has summary.json) at its budget of 1500 steps. It kept"
                + " its checkpoints, so its budget can be raised: --resume " + kept + " --total-timesteps N, with N"
                + " above 1500."), again.err());
        assertEquals(summary1500, Files.readString(kept.resolve(RunDir.SUMMARY)), "a refused resume changes nothing");
        byte[] curve1500 = "the 1,500-step run's curve (--no-plot here, so written by the test)".getBytes();
        Files.write(kept.resolve(RunDir.CURVE), curve1500);

        Cli r = Cli.run("train", "--resume", kept.toString(), "--total-timesteps", "3000", "--no-plot");
        assertEquals(0, r.exitCode(), r.toString());
        Path snapshot = kept.resolve(RunDir.SNAPSHOTS).resolve("step-000000001500");
        assertTrue(r.out().contains("the finished run's model and summary (step 1500) are kept in " + snapshot),
                r.out());
        assertTrue(r.out().contains("resuming sac on Pendulum-v1, seed 3, from step 1000 of 3000"), r.out());
        assertEquals(3000, assertSameEnd(whole, kept).get("total_timesteps").asLong());
        assertTrue(hasCheckpoint(kept), "the raised run keeps its checkpoints too");
        assertEquals(summary1500, Files.readString(snapshot.resolve(RunDir.SUMMARY)));
        assertArrayEquals(curve1500, Files.readAllBytes(snapshot.resolve(RunDir.CURVE)), "its pictures are kept too");
        assertFalse(Files.exists(snapshot.resolve(EpisodeGif.FILE)), "only the pictures it drew");
        for (int i = 0; i < files.size(); i++) {
            Path file = snapshot.resolve(RunDir.MODEL).resolve(files.get(i));
            assertArrayEquals(model1500.get(i), Files.readAllBytes(file), "model file " + files.get(i));
        }
        Cli eval = Cli.run("eval", "--run-dir", snapshot.toString(), "--episodes", "2", "--json");
        assertEquals(0, eval.exitCode(), eval.toString());

        List<String> none = trainArgs(tmp.resolve("none"), "sac", "Pendulum-v1", 1500, 0, sets);
        none.add("--keep-checkpoints");
        Cli refused = Cli.run(none.toArray(String[]::new));
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("--keep-checkpoints keeps a finished run's checkpoints, but this run writes"
                + " none (--checkpoint-frequency 0); drop --keep-checkpoints."), refused.err());
        Cli schedule = Cli.run("train", "--algo", "q-learning", "--env", "Taxi-v3", "--total-timesteps", "2000",
                "--keep-checkpoints", "--run-dir", tmp.resolve("q").toString());
        assertEquals(2, schedule.exitCode(), schedule.toString());
        assertTrue(schedule.err().contains("so that its budget can be raised later, but this run's could not be:"
                + " q-learning does not say that its training is the same whatever the budget"), schedule.err());
        assertFalse(Files.exists(tmp.resolve("q")), "refused before the run directory is made");

        // a run resumed with the flag keeps its checkpoints from then on
        Path resumed = tmp.resolve("resumed");
        killAtFirstCheckpoint(resumed, trainArgs(resumed, "sac", "Pendulum-v1", 1500, 500, sets));
        Cli k = Cli.run("train", "--resume", resumed.toString(), "--keep-checkpoints", "--no-plot");
        assertEquals(0, k.exitCode(), k.toString());
        assertTrue(hasCheckpoint(resumed), k.toString());
        assertTrue(Files2.JSON.readTree(resumed.resolve(RunDir.CONFIG).toFile()).get("keep_checkpoints").asBoolean());
    }

    @Test
    void resume_withALargerBudget_isRefusedWhereTrainingDependsOnIt_andTheRunIsLeftAsItWas() throws Exception {
        Path q = tmp.resolve("q");
        assertEquals(0, Cli.run(trainArgs(q, "q-learning", 2_000, 0).toArray(String[]::new)).exitCode());
        Cli finished = Cli.run("train", "--resume", q.toString(), "--total-timesteps", "4000");
        assertEquals(2, finished.exitCode(), finished.toString());
        assertTrue(finished.err().contains("already finished (it has summary.json); there is nothing to resume, and its"
                + " checkpoints were deleted when it finished, so its budget cannot be raised either (train with"
                + " --keep-checkpoints to keep them)."),
                finished.err());
        Files.delete(q.resolve(RunDir.SUMMARY)); // as if killed before its first checkpoint
        String config = Files.readString(q.resolve(RunDir.CONFIG));
        String manifest = Files.readString(q.resolve(RunManifest.FILE));
        Cli schedule = Cli.run("train", "--resume", q.toString(), "--total-timesteps", "4000");
        assertEquals(2, schedule.exitCode(), schedule.toString());
        assertTrue(schedule.err().contains("--total-timesteps cannot raise the budget of this run: q-learning does not"
                + " say that its training is the same whatever the budget"), schedule.err());
        assertTrue(schedule.err().contains("Algorithms that can be extended: ddpg (with buffer-size at most the"
                + " budget), ppo (with --set anneal-lr=false), sac (with buffer-size at most the budget), td3 (with"
                + " buffer-size at most the budget). Start a new run with --run-dir and --total-timesteps 4000."),
                schedule.err());
        Cli lower = Cli.run("train", "--resume", q.toString(), "--total-timesteps", "1000");
        assertEquals(2, lower.exitCode(), lower.toString());
        assertTrue(lower.err().contains("--total-timesteps with --resume raises a run's budget, but 1000 is below this"
                + " run's 2000."), lower.err());
        assertEquals(config, Files.readString(q.resolve(RunDir.CONFIG)));
        assertEquals(manifest, Files.readString(q.resolve(RunManifest.FILE)));

        Path sac = tmp.resolve("sac"); // the default buffer (1,000,000) is larger than this budget
        assertEquals(0, Cli.run(trainArgs(sac, "sac", "Pendulum-v1", 400, 0, "learning-starts=300 net-arch=8"
                + " batch-size=8").toArray(String[]::new)).exitCode());
        Files.delete(sac.resolve(RunDir.SUMMARY));
        Cli buffer = Cli.run("train", "--resume", sac.toString(), "--total-timesteps", "800");
        assertEquals(2, buffer.exitCode(), buffer.toString());
        assertTrue(buffer.err().contains("sac's replay buffer holds min(buffer-size, total-timesteps) transitions, and"
                + " buffer-size 1000000 is above the budget 400, so a larger budget would give it a larger buffer (a"
                + " run with --set buffer-size=400 or smaller can be raised)"),
                buffer.err());

        // config.json's budget edited by hand is refused, with the flag that raises a budget named
        var cfg = (com.fasterxml.jackson.databind.node.ObjectNode) Files2.JSON.readTree(
                q.resolve(RunDir.CONFIG).toFile());
        Files2.writeJson(q.resolve(RunDir.CONFIG), cfg.put("total_timesteps", 5000));
        Cli edited = Cli.run("train", "--resume", q.toString());
        assertEquals(2, edited.exitCode(), edited.toString());
        assertTrue(edited.err().contains("(total_timesteps was 2000, now 5000)"), edited.err());
        assertTrue(edited.err().contains("a larger budget is given with --resume DIR --total-timesteps N."),
                edited.err());
    }

    @Test
    void resume_ofACorruptCheckpoint_isReportedAsCorrupt() throws Exception {
        Path dir = tmp.resolve("run");
        // a finished run keeps no checkpoint: make one by hand from a run that is cut short
        assertEquals(0, Cli.run(trainArgs(dir, "sarsa", 20_000, 5_000).toArray(String[]::new)).exitCode());
        Path ck = dir.resolve(RunDir.CHECKPOINTS);
        dev.bellman.core.Checkpoints.in(ck, 5_000, s -> java.util.Map.of(TrainCommand.META_ROWS, "0",
                TrainCommand.META_WALL, "0.0"), null).save(5_000, d -> Files.writeString(d.resolve("td_state.txt"), "x"));
        Files.delete(dir.resolve(RunDir.SUMMARY));
        Files.writeString(ck.resolve("step-000000005000/td_state.txt"), "y");
        Cli r = Cli.run("train", "--resume", dir.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("td_state.txt is corrupt: CRC32C"), r.err());
    }

    @Test
    void resume_rejectsFlagsThatWouldChangeTheRun_andFinishedRuns() throws Exception {
        Path dir = tmp.resolve("run");
        assertEquals(0, Cli.run(trainArgs(dir, "q-learning", 2_000, 0).toArray(String[]::new)).exitCode());
        Cli flags = Cli.run("train", "--resume", dir.toString(), "--seed", "4", "--set", "gamma=0.5");
        assertEquals(2, flags.exitCode(), flags.toString());
        assertTrue(flags.err().contains("drop --seed, --set."), flags.err());
        Cli done = Cli.run("train", "--resume", dir.toString());
        assertEquals(2, done.exitCode(), done.toString());
        assertTrue(done.err().contains("already finished"), done.err());
        Cli missing = Cli.run("train", "--resume", tmp.resolve("nope").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void checkpointFrequency_forAnAlgorithmWithoutCheckpoints_isBadInput() {
        Cli r = Cli.run("train", "--algo", "value-iteration", "--env", "FrozenLake-v1", "--checkpoint-frequency", "10",
                "--run-dir", tmp.resolve("vi").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("value-iteration does not support checkpoints; drop --checkpoint-frequency."
                + " Algorithms that do: "), r.err());
        assertTrue(r.err().contains("q-learning"), r.err());
    }

    @Test
    void resume_withoutACheckpoint_trainsAgainFromTheStart() throws Exception {
        Path dir = tmp.resolve("run");
        assertEquals(0, Cli.run(trainArgs(dir, "expected-sarsa", 3_000, 0).toArray(String[]::new)).exitCode());
        List<String> first = metricsWithoutWallTime(dir);
        Files.delete(dir.resolve(RunDir.SUMMARY)); // as if killed before the end, with no checkpoint yet
        Files.delete(dir.resolve(RunDir.METRICS));
        Cli r = Cli.run("train", "--resume", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("has no checkpoint; training expected-sarsa on Taxi-v3, seed 3, again from the start"),
                r.out());
        assertEquals(first, metricsWithoutWallTime(dir));
    }
}
