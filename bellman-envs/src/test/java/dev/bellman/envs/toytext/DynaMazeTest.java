package dev.bellman.envs.toytext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Step;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynaMazeTest {

    /** Breadth-first shortest path from S to G in the maze's current layout. */
    private static int shortestPath(DynaMaze m) {
        int[] dist = new int[DynaMaze.ROWS * DynaMaze.COLS];
        Arrays.fill(dist, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        dist[m.start()] = 0;
        queue.add(m.start());
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int a = 0; a < 4; a++) {
                int n = m.next(s, a);
                if (dist[n] < 0) {
                    dist[n] = dist[s] + 1;
                    queue.add(n);
                }
            }
        }
        return dist[m.goal()];
    }

    @Test
    void layouts_matchTheBook() {
        DynaMaze dyna = new DynaMaze(DynaMaze.Layout.DYNA, 0);
        dyna.reset(0L, Map.of());
        assertEquals("""
                .......#G
                ..#....#.
                x.#....#.
                ..#......
                .....#...
                .........
                """, dyna.renderText());
        assertEquals(14, shortestPath(dyna), "Figure 8.2's maze: 14 steps");
    }

    @Test
    void blockingMaze_wallMovesAfterChangeAt() {
        DynaMaze m = new DynaMaze(DynaMaze.Layout.BLOCKING, 5);
        m.reset(0L, Map.of());
        assertEquals(10, shortestPath(m));
        for (int t = 0; t < 4; t++) m.step(0); // up into the wall: stays
        assertFalse(m.changed());
        m.step(0);
        assertTrue(m.changed());
        assertEquals(16, shortestPath(m));
    }

    @Test
    void shortcutMaze_opensAfterChangeAt() {
        DynaMaze m = new DynaMaze(DynaMaze.Layout.SHORTCUT, 3);
        m.reset(0L, Map.of());
        assertEquals(16, shortestPath(m));
        for (int t = 0; t < 3; t++) m.step(2);
        assertEquals(10, shortestPath(m));
    }

    @Test
    void registered_reachGoalWithRewardOne_andChangeAtIsAnArgument() {
        try (Env<Integer, Integer> env = Envs.make("DynaMaze-v0")) {
            int s = env.reset(1).observation();
            assertEquals(18, s);
            // a shortest route: down ×2, right ×4, up, right ×4, up ×3 (14 steps)
            int[] route = {1, 1, 3, 3, 3, 3, 0, 3, 3, 3, 3, 0, 0, 0};
            Step<Integer> last = null;
            for (int a : route) {
                last = env.step(a);
            }
            assertEquals(8, last.observation());
            assertEquals(1.0, last.reward());
            assertTrue(last.terminated());
        }
        try (Env<Integer, Integer> env = Envs.make("BlockingMaze-v0", Map.of("change_at", 2))) {
            DynaMaze m = (DynaMaze) env.unwrapped();
            env.reset(0);
            env.step(0);
            env.step(0);
            assertTrue(m.changed());
        }
        assertThrows(IllegalArgumentException.class, () -> new DynaMaze(DynaMaze.Layout.BLOCKING, -1));
    }

    @Test
    void snapshot_restoresCellAndStepCount() {
        DynaMaze m = new DynaMaze(DynaMaze.Layout.SHORTCUT, 3000);
        m.reset(0L, Map.of());
        m.step(2);
        long[] snap = m.snapshot();
        m.step(2);
        m.restore(snap);
        assertEquals(1, m.totalSteps());
        assertEquals(5 * 9 + 2, (int) m.state()[0]);
    }
}
