package dev.bellman.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.LinePlot;
import dev.bellman.envs.toytext.DynaMaze;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sutton and Barto's chapter 8 experiments, small: Figure 8.2 (Dyna maze) and Figure 8.5 (shortcut maze). */
class DynaQTest {
    private static final int EPISODES = 50, RUNS = 10;

    /** The first episode count k (1-based) after which the greedy policy walks a 14-step path, or EPISODES + 1. */
    private static int episodesToShortestPath(int n, long seed) {
        for (int k = 1; k <= EPISODES; k++) {
            DynaMaze maze = new DynaMaze(DynaMaze.Layout.DYNA, 0);
            DynaQ.Config c = DynaQ.Config.defaults().withPlanningSteps(n).withSeed(seed);
            TdResult r = new DynaQ(c).train(maze, EpisodeListener.NONE, k);
            if (DynaQ.greedyPathLength(r.q(), maze.start(), maze::next, s -> s == maze.goal(), 1000) == 14) return k;
        }
        return EPISODES + 1;
    }

    @Test
    void dynaMaze_morePlanningReachesTheShortestPathInFewerEpisodes_figure8_2() throws Exception {
        int[] ns = {0, 5, 50};
        LinePlot plot = new LinePlot("Dyna maze (S&B fig. 8.2), mean of " + RUNS + " runs", "episode", "steps per episode");
        double[] meanEpisodes = new double[ns.length];
        for (int i = 0; i < ns.length; i++) {
            double[] steps = new double[EPISODES], xs = new double[EPISODES];
            for (int run = 0; run < RUNS; run++) {
                DynaQ.Config c = DynaQ.Config.defaults().withPlanningSteps(ns[i]).withSeed(run + 1);
                TdResult r = new DynaQ(c).train(new DynaMaze(DynaMaze.Layout.DYNA, 0), EpisodeListener.NONE, EPISODES);
                assertEquals(EPISODES, r.episodes());
                for (int e = 0; e < EPISODES; e++) steps[e] += r.episodeLengths()[e] / (double) RUNS;
                meanEpisodes[i] += episodesToShortestPath(ns[i], run + 1) / (double) RUNS;
            }
            for (int e = 0; e < EPISODES; e++) xs[e] = e + 1;
            plot.series(String.format(java.util.Locale.ROOT, "n = %d (14 steps after %.1f ep.)", ns[i], meanEpisodes[i]), xs, steps);
        }
        Path png = Path.of("target", "figures", "dyna-maze-fig8.2.png");
        plot.write(png);
        assertTrue(Files.size(png) > 1000);
        // Figure 8.2: n = 50 finds the optimal path within a few episodes, n = 5 later, Q-learning (n = 0) last
        assertTrue(meanEpisodes[2] < meanEpisodes[1] && meanEpisodes[1] < meanEpisodes[0],
                "mean episodes to the 14-step path for n = 0, 5, 50: " + java.util.Arrays.toString(meanEpisodes));
        assertTrue(meanEpisodes[0] <= EPISODES, "Q-learning should find the shortest path within 50 episodes: "
                + meanEpisodes[0]);
    }

    @Test
    void shortcutMaze_dynaQPlusFindsTheShortcut_dynaQDoesNot_figure8_5() {
        for (long seed = 1; seed <= 3; seed++) {
            int[] path = new int[2];
            for (int plus = 0; plus < 2; plus++) {
                DynaMaze maze = new DynaMaze(DynaMaze.Layout.SHORTCUT, 3000);
                DynaQ.Config c = DynaQ.Config.defaults().withTotalTimesteps(6000).withSeed(seed).withKappa(plus * 1e-3);
                TdResult r = new DynaQ(c).train(maze, EpisodeListener.NONE);
                path[plus] = DynaQ.greedyPathLength(r.q(), maze.start(), maze::next, s -> s == maze.goal(), 1000);
            }
            assertEquals(16, path[0], "Dyna-Q keeps the long way round (seed " + seed + ")");
            assertEquals(10, path[1], "Dyna-Q+ takes the shortcut (seed " + seed + ")");
        }
    }

    @Test
    void provider_trainsOnTheRegisteredMaze_asTheAlgorithmDoes() {
        var p = dev.bellman.core.Algorithms.get("dyna-q");
        var policy = p.train(new dev.bellman.core.TrainRequest("DynaMaze-v0", 1, 3000, p.resolve(Map.of())),
                (step, key, value) -> { });
        DynaMaze maze = new DynaMaze(DynaMaze.Layout.DYNA, 0);
        int s = maze.start(), steps = 0;
        while (s != maze.goal() && steps < 100) {
            s = maze.next(s, (Integer) policy.act(s));
            steps++;
        }
        // the same run through the class: the provider adds nothing but wiring
        DynaQ.Config c = DynaQ.Config.defaults().withTotalTimesteps(3000).withSeed(1);
        TdResult direct = new DynaQ(c).train(new DynaMaze(DynaMaze.Layout.DYNA, 0), EpisodeListener.NONE);
        assertEquals(DynaQ.greedyPathLength(direct.q(), maze.start(), maze::next, x -> x == maze.goal(), 100), steps);
        assertTrue(steps <= 16, "greedy path of " + steps + " steps");
    }

    @Test
    void config_rejectsBadValues_namingThem() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DynaQ.Config.defaults().withPlanningSteps(-1));
        assertTrue(e.getMessage().contains("planningSteps must be >= 0 but was -1"), e.getMessage());
    }
}
