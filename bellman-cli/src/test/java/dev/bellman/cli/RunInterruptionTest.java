package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs in separate JVMs that are locked out, stopped by signals, or killed at random moments, then resumed: the
 * lock keeps a second 'train' out, a graceful stop saves and resumes to the uninterrupted result, a foreign checkpoint
 * is refused without touching the run, and 20 kills inside checkpoint writes still give the identical run.
 */
class RunInterruptionTest {
    @TempDir
    Path tmp;

    /** Q-learning on Taxi: fast, with a checkpoint every 2,000 steps (writes take much of its time). */
    private static List<String> taxi(Path dir, String algo, long steps, long every) {
        return RunSafetyTest.train(dir, algo, "Taxi-v3", steps, "--checkpoint-frequency", Long.toString(every),
                "--progress-interval", "0.05");
    }

    /** metrics.csv without its wall-clock columns ({@code wall_time_s} and {@code charts/SPS}). */
    private static List<String> metricsWithoutWallTime(Path dir) throws IOException {
        return CliTrainTest.withoutWallTime(dir.resolve(RunDir.METRICS));
    }

    private static void assertSameRun(Path whole, Path other) throws IOException {
        assertEquals(metricsWithoutWallTime(whole), metricsWithoutWallTime(other), "metrics.csv");
        Path a = whole.resolve(RunDir.MODEL);
        Path b = other.resolve(RunDir.MODEL);
        List<Path> files;
        try (Stream<Path> s = Files.walk(a)) {
            files = s.filter(Files::isRegularFile).map(a::relativize).filter(p -> !p.toString().equals(RunDir.MANIFEST))
                    .sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), "model file " + f);
        }
    }

    @Test
    void secondTrain_onALockedRunDirectory_failsAtOnceNamingTheHolder() throws Exception {
        Path dir = tmp.resolve("run");
        CliProcess holder = CliProcess.start(tmp.resolve("holder.log"), taxi(dir, "q-learning", 50_000_000, 0));
        try {
            assertTrue(holder.awaitOrExit(() -> holder.holdsLock(dir) && Files.exists(dir.resolve(RunDir.CONFIG)), 60_000), "no lock within 60 s: " + holder.output());
            Map<String, String> config = Map.of(RunDir.CONFIG, Files.readString(dir.resolve(RunDir.CONFIG)));
            String who = "pid " + holder.process.pid() + " on host ";
            List<String> overwrite = new ArrayList<>(taxi(dir, "sarsa", 1_000, 0));
            overwrite.add("--overwrite");
            for (List<String> args : List.of(overwrite, List.of("train", "--resume", dir.toString()))) {
                Cli r = RunSafetyTest.run(args);
                assertEquals(2, r.exitCode(), r.toString());
                assertTrue(r.err().contains("is in use by another 'bellman train' (" + who), r.err());
                assertTrue(holder.process.isAlive(), "the holder goes on");
            }
            assertEquals(config.get(RunDir.CONFIG), Files.readString(dir.resolve(RunDir.CONFIG)), "config.json untouched");
        } finally {
            holder.signal("KILL");
            holder.exitCode(10_000);
        }
    }

    @ParameterizedTest
    @CsvSource({"INT, 130", "HUP, 129"})
    void firstSignal_savesAndExits_withCheckpointFrequency0_resumeCleansKilledWrites_andTheRunIsIdentical(String signal, int code)
            throws Exception {
        Path whole = tmp.resolve("whole");
        assertEquals(0, RunSafetyTest.run(taxi(whole, "q-learning", 1_000_000, 0)).exitCode());
        Path dir = tmp.resolve("stopped");
        CliProcess p = CliProcess.start(tmp.resolve("stopped.log"), taxi(dir, "q-learning", 1_000_000, 0));
        assertTrue(p.awaitOrExit(() -> p.holdsLock(dir) && p.training(), 60_000), p.output());
        assertTrue(p.process.isAlive(), "the run ended before the signal: " + p.output());
        p.signal(signal);
        assertEquals(code, p.exitCode(30_000), p.output());
        assertTrue(p.output().contains("bellman train: stopped by SIG" + signal + " at step "), p.output());
        assertTrue(p.output().contains("Continue with: bellman train --resume " + dir), p.output());
        var summary = Files2.JSON.readTree(dir.resolve(RunDir.SUMMARY).toFile());
        assertTrue(summary.get("interrupted").asBoolean(), summary.toString());
        long step = summary.get("global_step").asLong();
        assertTrue(step > 0 && step < 1_000_000, summary.toString());
        List<String> rows = Files.readAllLines(dir.resolve(RunDir.METRICS));
        assertTrue(rows.size() > 1, "metrics.csv was written");
        assertTrue(Long.parseLong(rows.get(rows.size() - 1).split(",")[0]) <= step);
        // the policy of the stop is the run's model until the run goes on: eval and play read it
        assertTrue(p.output().contains("and the policy of this step as " + dir.resolve(RunDir.MODEL)), p.output());
        assertTrue(summary.get("model_saved").asBoolean(), summary.toString());
        var model = Files2.JSON.readTree(dir.resolve(RunDir.MODEL).resolve(RunDir.MANIFEST).toFile());
        assertEquals(step, model.get(TrainCommand.STOPPED_AT).asLong(), model.toString());
        Cli eval = Cli.run("eval", "--run-dir", dir.toString(), "--episodes", "3");
        assertEquals(0, eval.exitCode(), eval.toString());
        assertTrue(eval.err().contains("note: the policy of a run stopped at step " + step + ", not finished"),
                eval.err());
        Cli evalJson = Cli.run("eval", "--run-dir", dir.toString(), "--episodes", "1", "--json");
        assertEquals(step, Files2.JSON.readTree(evalJson.out()).path(TrainCommand.STOPPED_AT).asLong(-1),
                evalJson.out());

        // what killed writes leave (a checkpoint's temporary directory, a metrics.csv temp file) is deleted when a
        // resumption starts, not when the run finishes: look while a resumption (killed then) runs
        Path tmpCheckpoint = Files.createDirectories(dir.resolve(RunDir.CHECKPOINTS).resolve(".step-000000001000x1"));
        Files.writeString(tmpCheckpoint.resolve("td_state.txt"), "partial");
        Path tmpMetrics = Files.writeString(dir.resolve(".metrics.csv.17.tmp"), "partial");
        CliProcess again = CliProcess.start(tmp.resolve("again.log"), List.of("train", "--resume", dir.toString()));
        assertTrue(again.awaitOrExit(() -> again.output().contains("resuming"), 60_000), again.output());
        again.signal("KILL");
        assertEquals(137, again.exitCode(10_000), again.output());
        assertFalse(Files.exists(tmpCheckpoint), "the temporary checkpoint directory of a killed write is deleted");
        assertFalse(Files.exists(tmpMetrics), "the temporary file of a killed write is deleted");

        Cli r = Cli.run("train", "--resume", dir.toString(), "--no-plot");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("resuming q-learning on Taxi-v3, seed 3, from step "), r.out());
        assertTrue(r.err().contains("taking over the stale lock of pid " + again.process.pid() + " "), r.err());
        assertSameRun(whole, dir);
        assertFalse(Files2.JSON.readTree(dir.resolve(RunDir.SUMMARY).toFile()).has("interrupted"));
        assertFalse(Files2.JSON.readTree(dir.resolve(RunDir.MODEL).resolve(RunDir.MANIFEST).toFile())
                .has(TrainCommand.STOPPED_AT), "the finished run's model replaced the stop's");
    }

    @Test
    void secondSignal_stopsAtOnce_withoutWaitingForTheStep() throws Exception {
        // PPO iterations of 16,384 steps and 20 epochs: the first SIGTERM waits for the end of one (seconds)
        Path dir = tmp.resolve("run");
        CliProcess p = CliProcess.start(tmp.resolve("run.log"), RunSafetyTest.train(dir, "ppo", "CartPole-v1", 10_000_000,
                "--checkpoint-frequency", "0", "--set", "num-steps=4096", "--set", "update-epochs=20",
                "--progress-interval", "0.05"));
        assertTrue(p.awaitOrExit(() -> p.holdsLock(dir) && p.training(), 60_000), p.output());
        p.signal("TERM");
        assertTrue(p.awaitOrExit(() -> p.output().contains("SIGTERM: stopping after the current step"), 10_000), p.output());
        long t0 = System.nanoTime();
        p.signal("TERM");
        assertEquals(143, p.exitCode(30_000), p.output());
        assertTrue(p.output().contains("second signal (SIGTERM): stopping at once"), p.output());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "stopped at once");
        assertFalse(Files.exists(dir.resolve(RunDir.SUMMARY)), "nothing is written after the second signal");
    }

    @Test
    void checkpointOfAnotherRun_isRefusedNamingTheDifference_andTheRunStaysResumable() throws Exception {
        // a q-learning run stopped gracefully leaves a checkpoint; a sarsa run interrupted before its first
        Path ql = tmp.resolve("ql");
        CliProcess p = CliProcess.start(tmp.resolve("ql.log"), taxi(ql, "q-learning", 1_000_000, 0));
        assertTrue(p.awaitOrExit(() -> p.holdsLock(ql) && p.training(), 60_000), p.output());
        p.signal("TERM");
        assertEquals(143, p.exitCode(30_000), p.output());
        Path sarsa = tmp.resolve("sarsa");
        assertEquals(0, RunSafetyTest.run(taxi(sarsa, "sarsa", 3_000, 0)).exitCode());
        Files.delete(sarsa.resolve(RunDir.SUMMARY));
        List<String> metricsBefore = metricsWithoutWallTime(sarsa);

        copyTree(ql.resolve(RunDir.CHECKPOINTS), sarsa.resolve(RunDir.CHECKPOINTS));
        Map<String, String> before = RunSafetyTest.snapshot(sarsa);
        Cli r = Cli.run("train", "--resume", sarsa.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("was written by another run: algo q-learning (checkpoint) vs sarsa (this run)"),
                r.err());
        assertEquals(before, RunSafetyTest.snapshot(sarsa), "a refused resume leaves the directory byte-identical");

        // the run's own state is intact: without the foreign checkpoint it resumes (from the start: it had none)
        RunDir.deleteCheckpoints(sarsa);
        Cli ok = Cli.run("train", "--resume", sarsa.toString());
        assertEquals(0, ok.exitCode(), ok.toString());
        assertEquals(metricsBefore, metricsWithoutWallTime(sarsa));

        // and the stopped q-learning run resumes from its own checkpoint
        Cli own = Cli.run("train", "--resume", ql.toString(), "--eval-episodes", "0");
        assertEquals(0, own.exitCode(), own.toString());
        assertTrue(own.out().contains("resuming q-learning on Taxi-v3, seed 3, from step "), own.toString());
    }

    /**
     * The fault-injection test: one run killed 20 times at random moments (fixed seed), each time resumed in a new
     * JVM: SIGKILL at a random time, SIGKILL as soon as a checkpoint write is under way (its hidden temporary
     * directory, or that of the metrics.csv it flushes first, exists), and every fifth time SIGTERM (a graceful stop). The last resumption runs to the end, and the
     * run must equal the uninterrupted one. Along the way: each SIGKILLed holder's stale lock is taken over by the next
     * resumption (which says so), and the temporary directories that killed writes left are gone once a resumption
     * has started.
     */
    @Test
    void twentyKillsAtRandomMoments_acrossCheckpointWrites_resumedEachTime_giveTheUninterruptedRun() throws Exception {
        // a segment gets through about 8,000 steps before its kill here (a checkpoint takes about 45 ms), so 20 kills
        // need about 160,000: the budget leaves room for a machine twice as fast
        long steps = 400_000;
        long every = 1_000;
        // the uninterrupted run writes no checkpoints (they would cost 400 writes; the runs' metrics and models do
        // not depend on checkpointing, which is what the comparison below checks)
        Path whole = tmp.resolve("whole");
        assertEquals(0, RunSafetyTest.run(taxi(whole, "q-learning", steps, 0)).exitCode());
        Path dir = tmp.resolve("faults");
        Path ck = dir.resolve(RunDir.CHECKPOINTS);
        Random rnd = new Random(25);
        Set<Path> leftovers = new HashSet<>();
        long stalePid = -1;
        int kills = 0;
        int takeovers = 0;
        int cleaned = 0;
        int graceful = 0;
        boolean finished = false;
        for (int segment = 0; kills < 20 && !finished; segment++) {
            List<String> args = segment == 0 ? taxi(dir, "q-learning", steps, every)
                    : List.of("train", "--resume", dir.toString(), "--no-plot", "--eval-episodes", "5",
                    "--progress-interval", "0.05");
            CliProcess p = CliProcess.start(tmp.resolve("segment" + segment + ".log"), args);
            int mode = kills % 5 == 4 ? 2 : kills % 2; // 0: random time, 1: inside a checkpoint write, 2: SIGTERM
            boolean started = p.awaitOrExit(() -> p.holdsLock(dir) && Files.exists(dir.resolve(RunDir.CONFIG)), 60_000);
            assertTrue(started || !p.process.isAlive(), "segment " + segment + " took no lock within 60 s: " + p.output());
            if (started && mode == 2) {
                started = p.awaitOrExit(p::training, 60_000);
                Thread.sleep(rnd.nextInt(200));
            } else if (started && mode == 1) {
                long until = System.nanoTime() + (long) rnd.nextInt(400) * 1_000_000L;
                while (System.nanoTime() < until && p.process.isAlive() && !writing(dir, ck)) {
                    Thread.onSpinWait();
                }
            } else if (started) {
                Thread.sleep(rnd.nextInt(300));
            }
            boolean heldLock = p.holdsLock(dir);
            if (p.process.isAlive()) {
                p.signal(mode == 2 ? "TERM" : "KILL");
                kills++;
            }
            int code = p.exitCode(60_000);
            String log = p.output();
            if (log.contains("resuming") || log.contains("has no checkpoint")) { // past the lock and the clean-up
                if (stalePid > 0) {
                    assertTrue(log.contains("taking over the stale lock of pid " + stalePid + " "), log);
                    takeovers++;
                }
                for (Path l : leftovers) {
                    assertFalse(Files.exists(l), "the temporary directory " + l + " of a killed write is left");
                    cleaned++;
                }
                leftovers.clear();
            }
            if (code == 0) {
                finished = true;
            } else if (mode == 2) {
                assertEquals(143, code, log);
                assertTrue(log.contains("stopped by SIGTERM"), log);
                graceful++;
                stalePid = -1;
            } else {
                assertEquals(137, code, log);
                stalePid = heldLock ? p.process.pid() : stalePid;
                leftovers.addAll(hidden(ck));
                leftovers.addAll(hidden(dir).stream().filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
            }
        }
        if (!finished) {
            Cli last = Cli.run("train", "--resume", dir.toString(), "--no-plot", "--eval-episodes", "5");
            assertEquals(0, last.exitCode(), last.toString());
        }
        assertEquals(20, kills, "the run finished before 20 kills; give it a larger budget");
        assertTrue(graceful >= 3 && takeovers >= 5, "graceful stops " + graceful + ", stale locks taken over " + takeovers);
        System.out.printf("fault injection: %d kills, %d graceful stops, %d stale locks taken over, %d temporary"
                + " files and directories of killed writes cleaned%n", kills, graceful, takeovers, cleaned);
        assertSameRun(whole, dir);
    }

    /** Whether a checkpoint write is under way: its temporary directory, or that of the metrics.csv it flushes first. */
    private static boolean writing(Path dir, Path ck) {
        return !hidden(ck).isEmpty() || hidden(dir).stream().anyMatch(f -> f.getFileName().toString().startsWith(".metrics"));
    }

    private static List<Path> hidden(Path ck) {
        try (Stream<Path> s = Files.list(ck)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
