package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.env.Envs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of a run: CSV metrics, the threshold tracker, progress lines, the tuned-defaults files. */
class RunPiecesTest {
    @TempDir
    Path tmp;

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void csvMetrics_oneRowPerStep_repeatedKeyStartsANewRow() throws IOException {
        Path file = tmp.resolve("metrics.csv");
        CsvMetrics csv = new CsvMetrics(file, nanos::get);
        csv.record(10, "charts/episodic_return", 1.0);
        csv.record(10, "charts/episodic_length", 10);
        nanos.set(1_500_000_000L);
        csv.record(10, "charts/episodic_return", 0.5);
        csv.record(25, "losses/td_loss", 0.125);
        csv.flush();
        assertEquals(List.of(
                "global_step,wall_time_s,charts/episodic_return,charts/episodic_length,losses/td_loss",
                "10,0.000,1,10,",
                "10,1.500,0.5,,",
                "25,1.500,,,0.125"), Files.readAllLines(file));
    }

    @Test
    void csvMetrics_writesTheFileAsTrainingGoes_everyFlushInterval() throws IOException {
        Path file = tmp.resolve("metrics.csv");
        CsvMetrics csv = new CsvMetrics(file, nanos::get);
        csv.record(1, "charts/episodic_return", 1.0);
        nanos.set(9_000_000_000L);
        csv.record(2, "charts/episodic_return", 2.0);
        assertFalse(Files.exists(file), "flushed before the interval passed");
        nanos.set(10_000_000_000L);
        csv.record(3, "charts/episodic_return", 3.0);
        assertEquals(4, Files.readAllLines(file).size());
        nanos.set(15_000_000_000L);
        csv.record(4, "charts/episodic_return", 4.0);
        assertEquals(4, Files.readAllLines(file).size(), "flushed again before another interval passed");
        nanos.set(20_000_000_000L);
        csv.record(5, "charts/episodic_return", 5.0);
        assertEquals(6, Files.readAllLines(file).size());
    }

    @Test
    void thresholdTracker_needsAFullWindowOfTwentyEpisodes() {
        ThresholdTracker t = new ThresholdTracker(0.5, nanos::get);
        for (int e = 1; e <= 19; e++) {
            t.record(e * 10L, "charts/episodic_return", 1.0);
        }
        assertNull(t.firstStepAtThreshold(), "19 episodes are not enough");
        nanos.set(2_000_000_000L);
        t.record(200, "charts/episodic_return", 1.0);
        assertEquals(200L, t.firstStepAtThreshold());
        assertEquals(2.0, t.timeToThresholdSeconds());
        t.record(210, "charts/episodic_return", -100);
        assertEquals(200L, t.firstStepAtThreshold(), "the first step is kept");

        ThresholdTracker none = new ThresholdTracker(null, nanos::get);
        for (int e = 0; e < 30; e++) {
            none.record(e, "charts/episodic_return", 1e9);
        }
        assertNull(none.firstStepAtThreshold(), "no threshold, never reached");
        assertEquals(1e9, none.recentMean());
    }

    @Test
    void progress_printsPlainLinesEveryIntervalWhenNotATerminal() {
        StringWriter sw = new StringWriter();
        ThresholdTracker recent = new ThresholdTracker(null, nanos::get);
        Progress p = new Progress(new PrintWriter(sw), 1000, 0, recent, nanos::get, 1.0, false);
        for (int step = 1; step <= 1000; step++) {
            nanos.addAndGet(5_000_000L); // 5 ms per step: 200 steps/s
            if (step % 50 == 0) {
                recent.record(step, "charts/episodic_return", 2.0);
            }
            p.record(step, "charts/episodic_return", 2.0);
        }
        p.finish();
        List<String> lines = sw.toString().lines().toList();
        assertEquals(5, lines.size(), sw.toString());
        assertEquals("step 200/1000 (20%)  200 steps/s  4s left  mean return (last 4 episodes) 2.000", lines.get(0));
        assertFalse(sw.toString().contains("\r"));
    }

    @Test
    void progress_countsTheRateOfAResumedRunFromItsCheckpointStep() {
        StringWriter sw = new StringWriter();
        ThresholdTracker recent = new ThresholdTracker(null, nanos::get);
        Progress p = new Progress(new PrintWriter(sw), 1_000_000, 400_000, recent, nanos::get, 1.0, false);
        for (int step = 400_001; step <= 400_400; step++) {
            nanos.addAndGet(10_000_000L); // 10 ms per step: 100 steps/s, whatever the step reached before
            p.record(step, "charts/episodic_return", 2.0);
        }
        List<String> lines = sw.toString().lines().toList();
        assertEquals("step 400100/1000000 (40%)  100 steps/s  1h39m left",
                lines.get(0), "599,900 steps at 100 a second: 5,999 s");
        assertEquals("42s", Progress.duration(42.4));
        assertEquals("7m05s", Progress.duration(425));
        assertEquals("2h13m", Progress.duration(2 * 3600 + 13 * 60 + 29));
    }

    @Test
    void progress_measuresTheRateOfTheLastMinutes_notOfAFastStart() {
        StringWriter sw = new StringWriter();
        ThresholdTracker recent = new ThresholdTracker(null, nanos::get);
        Progress p = new Progress(new PrintWriter(sw), 100_000, 0, recent, nanos::get, 10.0, false);
        int step = 0;
        while (step < 10_000) { // random actions before learning starts: 1,000 steps a second
            nanos.addAndGet(1_000_000L);
            p.record(++step, "charts/episodic_return", 0);
        }
        while (step < 40_000) { // then training, at 100 a second
            nanos.addAndGet(10_000_000L);
            p.record(++step, "charts/episodic_return", 0);
        }
        List<String> lines = sw.toString().lines().toList();
        // after 310 s the whole run's rate is 40,000 / 310 = 129 steps/s (7m45s left); the last 2 minutes' is 100
        assertEquals("step 40000/100000 (40%)  100 steps/s  10m00s left",
                lines.get(lines.size() - 1));

        // iterations longer than the window (a step count that moves every 5 minutes): the whole run's rate
        StringWriter slow = new StringWriter();
        Progress q = new Progress(new PrintWriter(slow), 10_000, 0, recent, nanos::get, 10.0, false);
        for (int i = 1; i <= 4; i++) {
            for (int t = 0; t < 30; t++) {
                nanos.addAndGet(10_000_000_000L);
                q.record(1000L * (i - 1), "losses/value_loss", 0);
            }
            q.record(1000L * i, "losses/value_loss", 0);
        }
        lines = slow.toString().lines().toList();
        assertEquals("step 3000/10000 (30%)  3 steps/s  46m40s left",
                lines.get(lines.size() - 1), "the last 2 minutes saw no step; 3,000 in 1,200 s: 7,000 left at 2.5/s");
    }

    @Test
    void tunedFiles_nameRegisteredEnvsAndValidHyperparameters() throws IOException {
        int sections = 0;
        for (AlgorithmProvider p : Algorithms.all()) {
            try (InputStream in = RunPiecesTest.class.getResourceAsStream("/hyperparams/" + p.id() + ".yml")) {
                if (in == null) {
                    continue;
                }
                Map<?, ?> all = new YAMLMapper().readValue(in, Map.class);
                for (Object env : all.keySet()) {
                    boolean game = p instanceof dev.bellman.core.GameAlgorithmProvider g
                            && (!g.trainsOnEnvs() || dev.bellman.games.Games.exists(env.toString())); // muzero: both
                    assertTrue((game ? dev.bellman.games.Games.ids() : Envs.ids()).contains(env.toString()),
                            p.id() + ".yml names unknown env or game " + env);
                    Map<String, Object> tuned = ConfigFiles.tuned(p.id(), env.toString());
                    Map<String, Object> kwargs = TunedEnvKwargs.merge(tuned, Map.of());
                    if (!kwargs.isEmpty()) { // env-kwarg lines: the env accepts them
                        EnvCatalog.make(env.toString(), kwargs).close();
                    }
                    Map<String, Object> values = new HashMap<>(TunedEnvKwargs.hyperparameters(tuned));
                    Object budget = values.remove(ConfigFiles.TOTAL_TIMESTEPS);
                    assertTrue(budget == null || ((Number) budget).longValue() > 0);
                    p.resolve(values); // throws on an unknown name or a bad value
                    sections++;
                }
            }
        }
        assertTrue(sections >= 12, "tuned sections checked: " + sections);
    }
}
