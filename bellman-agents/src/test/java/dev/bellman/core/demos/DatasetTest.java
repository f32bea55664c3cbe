package dev.bellman.core.demos;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    /** Episode {@code id} of {@code steps} steps, reward {@code r} per step, observation t = id * 10 + t. */
    private static Episode episode(int id, int steps, double r, boolean terminated) {
        long[] obs = new long[steps + 1];
        for (int t = 0; t <= steps; t++) obs[t] = id * 10L + t; // distinct per episode (values are not checked against the space)
        double[] rew = new double[steps];
        java.util.Arrays.fill(rew, r);
        boolean[] term = new boolean[steps], trunc = new boolean[steps];
        if (terminated) term[steps - 1] = true;
        else trunc[steps - 1] = true;
        return new Episode(id, null, Column.Longs.of(obs), Column.Longs.of(new long[steps]), rew, term, trunc);
    }

    private static Dataset dataset(int n) {
        List<Episode> eps = new ArrayList<>();
        for (int i = 0; i < n; i++) eps.add(episode(i, 1 + i % 4, i % 2 == 0 ? 1.0 : -0.5, i % 3 != 0));
        return new Dataset("test", "FrozenLake-v1", new Discrete(16), new Discrete(4), eps, Map.of());
    }

    @Test
    void stats_handComputed() {
        // returns: ep0 1 step x 1.0 = 1, ep1 2 x -0.5 = -1, ep2 3 x 1.0 = 3; mean 1, population std sqrt(8/3)
        DatasetStats s = dataset(3).stats();
        assertEquals(3, s.episodes());
        assertEquals(6, s.steps());
        assertEquals(1.0, s.returnMean(), 1e-12);
        assertEquals(Math.sqrt(8.0 / 3), s.returnStd(), 1e-12);
        assertEquals(-1.0, s.returnMin());
        assertEquals(3.0, s.returnMax());
        assertEquals(2.0, s.lengthMean(), 1e-12);
        assertEquals(2, s.terminated()); // ep1, ep2 (ep0 is i % 3 == 0: truncated)
        assertEquals(1, s.truncated());
    }

    @Test
    void split_isDeterministic_disjoint_complete_andDependsOnTheSeed() {
        Dataset d = dataset(20);
        Dataset.Split a = d.split(0.25, 7), b = d.split(0.25, 7), c = d.split(0.25, 8);
        assertEquals(a, b);
        assertEquals(5, a.validation().totalEpisodes());
        assertEquals(15, a.train().totalEpisodes());
        Set<Column> obs = new HashSet<>();
        for (Episode e : a.train().episodes()) obs.add(e.observations());
        for (Episode e : a.validation().episodes()) assertTrue(obs.add(e.observations()), "an episode in both parts");
        assertEquals(20, obs.size());
        assertNotEquals(a.validation().episodes(), c.validation().episodes());
        for (int i = 0; i < a.train().totalEpisodes(); i++) assertEquals(i, a.train().episodes().get(i).id());
        assertEquals(1, dataset(3).split(0.1, 1).validation().totalEpisodes(), "a positive fraction keeps one episode");
    }

    @Test
    void firstSteps_cutsTheLastEpisodeAndMarksItTruncated() {
        Dataset d = dataset(3).firstSteps(4); // ep0 (1 step), ep1 (2 steps), 1 step of ep2
        assertEquals(4, d.totalSteps());
        Episode last = d.episodes().get(2);
        assertEquals(1, last.steps());
        assertEquals(2, last.observations().rows());
        assertTrue(last.truncated(0));
        assertEquals(dataset(3).episodes().get(1), d.episodes().get(1));
    }

    @Test
    void columnsThatDoNotFitTheSpaces_areRefusedWithBothNamed() {
        Episode e = episode(0, 2, 1, true);
        var ex = assertThrows(IllegalArgumentException.class, () -> new Dataset("x", "CartPole-v1",
                new Box(-1, 1, 4), new Discrete(2), List.of(e), Map.of()));
        assertTrue(ex.getMessage().contains("episode 0 observations are int64 [3]")
                && ex.getMessage().contains("expected float32 [steps, 4]"), ex.getMessage());
        var ex2 = assertThrows(IllegalArgumentException.class, () -> new Episode(0, null, Column.Longs.of(1, 2),
                Column.Longs.of(0, 0), new double[] {1, 1}, new boolean[2], new boolean[2]));
        assertTrue(ex2.getMessage().contains("steps + 1 = 3"), ex2.getMessage());
    }
}
