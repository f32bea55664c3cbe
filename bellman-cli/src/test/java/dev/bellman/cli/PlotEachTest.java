package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bellman plot --each}: one curve per run over a window of steps, and the table of returns, hand-computed. */
class PlotEachTest {
    @TempDir
    Path tmp;

    private static final String HEADER = "global_step,wall_time_s,charts/episodic_return,charts/episodic_length,losses/td_loss\n";

    /** A run directory with episodes (step, return) and, when {@code evalMean} is not null, a summary with an eval. */
    private Path run(String name, long[] steps, double[] returns, Double evalMean) throws IOException {
        Path d = tmp.resolve(name);
        Files.createDirectories(d);
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < steps.length; i++) {
            csv.append(steps[i]).append(",1.0,").append(returns[i]).append(",10,\n");
            csv.append(steps[i] + 1).append(",1.1,,,0.5\n");   // a loss row between episodes
        }
        Files.writeString(d.resolve("metrics.csv"), csv);
        if (evalMean != null) {
            Files.writeString(d.resolve("summary.json"), "{\"algo\": \"dqn\", \"env\": \"MinAtar/Breakout-v1\", "
                    + "\"seed\": 1, \"total_timesteps\": 400, \"eval\": {\"mean\": " + evalMean + ", \"std\": 1.5, \"episodes\": 100}}");
        }
        return d;
    }

    @Test
    void stepWindow_averagesTheEpisodesEndedInTheLastNSteps() throws IOException {
        Path d = run("a", new long[] {100, 200, 250, 400, 401}, new double[] {1, 3, 5, 7, 9}, null);
        Plots.Episodes e = Plots.readEpisodes(d, w -> {});
        assertArrayEquals(new long[] {100, 200, 250, 400, 401}, e.steps());
        Plots.Curve c = e.stepWindow(200);
        // (-100,100]: 1; (0,200]: 1,3; (50,250]: 1,3,5; (200,400]: 5,7; (201,401]: 5,7,9
        assertArrayEquals(new double[] {1, 2, 3, 6, 7}, c.values(), 1e-12);
        assertArrayEquals(new double[] {5, 7}, e.endingIn(400, 200), 1e-12);
    }

    @Test
    void each_printsTrainingReturnBeforeAtAndGreedyEvalPerRunAndTheMedian() throws IOException {
        Path a = run("dqn-Breakout-s1", new long[] {100, 200, 250, 400, 450}, new double[] {1, 3, 5, 7, 100}, 8.0);
        Path b = run("dqn-Breakout-s2", new long[] {150, 300, 390}, new double[] {2, 4, 10}, 12.0);
        Path c = run("dqn-Breakout-s3", new long[] {120, 260}, new double[] {0, 6}, null);   // unfinished: no summary
        Path png = tmp.resolve("Breakout.png");
        Cli r = Cli.run("plot", a.toString(), b.toString(), c.toString(), "--each", "--window-steps", "200", "--at",
                "400", "--out", png.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.size(png) > 1000, r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(a + ": training return 6.00 (mean of 2 episodes ending in steps (200, 400]); greedy eval 8.00"
                + " +- 1.50 over 100 episodes", lines.get(0));
        assertEquals(b + ": training return 7.00 (mean of 2 episodes ending in steps (200, 400]); greedy eval 12.00"
                + " +- 1.50 over 100 episodes", lines.get(1));
        assertEquals(c + ": training return 6.00 (mean of 1 episode ending in steps (200, 400]), the run has only"
                + " reached step 261; no greedy eval (no summary.json: unfinished run)", lines.get(2));
        assertEquals("median over 3 runs: training return n/a (1 of 3 runs stopped before step 400), greedy eval n/a"
                + " (2 of 3 runs evaluated)", lines.get(3));
    }

    @Test
    void each_flagsARunStoppedBeforeAtThoughItsSummaryNamesTheTotalItWasAskedFor() throws IOException {
        Path a = run("dqn-Breakout-s1", new long[] {100, 200, 250, 400, 450}, new double[] {1, 3, 5, 7, 100}, 8.0);
        Path b = run("dqn-Breakout-s2", new long[] {120, 260}, new double[] {0, 6}, null);
        // what 'bellman train' writes when a signal stops it: the step reached, and the total it was asked for
        Files.writeString(b.resolve("summary.json"), "{\"algo\": \"dqn\", \"env\": \"MinAtar/Breakout-v1\","
                + " \"seed\": 2, \"interrupted\": true, \"signal\": \"SIGTERM\", \"global_step\": 270,"
                + " \"total_timesteps\": 400}");
        Cli r = Cli.run("plot", a.toString(), b.toString(), "--each", "--window-episodes", "2", "--at", "400",
                "--out", tmp.resolve("x.png").toString());
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(b + ": training return 3.00 (mean of the last 2 episodes ending by step 400), the run has only"
                + " reached step 270; no greedy eval (none in summary.json)", lines.get(1));
        assertEquals("median over 2 runs: training return n/a (1 of 2 runs stopped before step 400), greedy eval n/a"
                + " (1 of 2 runs evaluated)", lines.get(2));
    }

    @Test
    void episodeWindow_isTheMovingAverageOverTheLastNEpisodesFromTheNthOn() throws IOException {
        Path d = run("a", new long[] {100, 200, 250, 400, 401}, new double[] {1, 3, 5, 7, 9}, null);
        Plots.Episodes e = Plots.readEpisodes(d, w -> {});
        Plots.Curve c = e.episodeWindow(2);
        // numpy.convolve(returns, ones(2) / 2, 'valid'), each at its last episode's step
        assertArrayEquals(new long[] {200, 250, 400, 401}, c.steps());
        assertArrayEquals(new double[] {2, 4, 6, 8}, c.values(), 1e-12);
        assertEquals(0, e.episodeWindow(6).steps().length);
        assertArrayEquals(new double[] {3, 5, 7}, e.lastEndingBy(400, 3), 1e-12);
        assertArrayEquals(new double[] {1, 3, 5}, e.lastEndingBy(250, 5), 1e-12);   // only 3 ended by 250
        assertArrayEquals(new double[] {}, e.lastEndingBy(99, 3), 1e-12);
    }

    @Test
    void eachWithEpisodeWindow_printsTheMeanOfTheLastNEpisodesEndingByAt() throws IOException {
        Path a = run("dqn-Breakout-s1", new long[] {100, 200, 250, 400, 450}, new double[] {1, 3, 5, 7, 100}, 8.0);
        Path b = run("dqn-Breakout-s2", new long[] {150, 300, 390}, new double[] {2, 4, 10}, 12.0);
        Path png = tmp.resolve("Breakout.png");
        Cli r = Cli.run("plot", a.toString(), b.toString(), "--each", "--window-episodes", "3", "--at", "300",
                "--out", png.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.size(png) > 1000, r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(a + ": training return 3.00 (mean of the last 3 episodes ending by step 300); greedy eval 8.00"
                + " +- 1.50 over 100 episodes", lines.get(0));
        assertEquals(b + ": training return 3.00 (mean of the last 2 episodes ending by step 300, fewer than 3"
                + " ended); greedy eval 12.00 +- 1.50 over 100 episodes", lines.get(1));
        assertEquals("median over 2 runs: training return 3.00, greedy eval 10.00", lines.get(2));
    }

    @Test
    void windowWithoutEach_isRefusedNamingTheFix() throws IOException {
        Path a = run("s1", new long[] {100}, new double[] {1}, 1.0);
        Cli r = Cli.run("plot", a.toString(), "--window-steps", "100", "--out", tmp.resolve("x.png").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("add --each"), r.toString());
        Cli z = Cli.run("plot", a.toString(), "--each", "--window-steps", "0", "--out", tmp.resolve("x.png").toString());
        assertEquals(2, z.exitCode(), z.toString());
        assertTrue(z.err().contains("--window-steps must be a positive number of steps but was 0"), z.toString());
        Cli both = Cli.run("plot", a.toString(), "--each", "--window-steps", "100", "--window-episodes", "100",
                "--out", tmp.resolve("x.png").toString());
        assertEquals(2, both.exitCode(), both.toString());
        assertTrue(both.err().contains("--window-steps 100 and --window-episodes 100 both given"), both.toString());
        Cli e = Cli.run("plot", a.toString(), "--each", "--window-episodes", "0", "--out",
                tmp.resolve("x.png").toString());
        assertEquals(2, e.exitCode(), e.toString());
        assertTrue(e.err().contains("--window-episodes must be a positive number of episodes but was 0"), e.toString());
        Cli noEach = Cli.run("plot", a.toString(), "--window-episodes", "5", "--out", tmp.resolve("x.png").toString());
        assertEquals(2, noEach.exitCode(), noEach.toString());
        assertTrue(noEach.err().contains("add --each"), noEach.toString());
    }
}
