package dev.bellman.envs.minatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.EnvChecker;
import dev.bellman.env.NpRandomState;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Step;
import org.junit.jupiter.api.Test;

class MinAtarEnvTest {

    @Test
    void render_colorsEachCellByItsHighestLitPlane() {
        MinAtarEnv env = new MinAtarEnv(MinAtarEnv.Game.BREAKOUT, true);
        env.reset(3L);
        RenderFrame f = env.render();
        assertEquals(10 * MinAtarEnv.CELL, f.width());
        int[] palette = MinAtarEnv.palette(4);
        int c = MinAtarEnv.CELL;
        assertEquals(palette[1], f.rgbAt(4 * c + 3, 9 * c + 3), "paddle (plane 0) at row 9, column 4");
        assertEquals(palette[4], f.rgbAt(5 * c, 2 * c), "brick (plane 3)");
        assertEquals(0, f.rgbAt(5 * c, 6 * c), "empty cell is black");
        // the ball starts in a brick row at column 0 or 9, under the brick (the higher plane); after a no-op it is in
        // row 4, one column further in
        int x = env.reset(3L).observation()[100 + 30] != 0 ? 0 : 9;
        assertEquals(palette[4], f.rgbAt(x * c + 1, 3 * c + 1), "ball cell under a brick shows the brick");
        env.step(0);
        assertEquals(palette[2], env.render().rgbAt((x == 0 ? 1 : 8) * c + 1, 4 * c + 1), "ball (plane 1)");
    }

    @Test
    void snapshot_restore_continuesTheSameTrajectory_everyGame() {
        for (MinAtarEnv.Game g : MinAtarEnv.Game.values()) {
            MinAtarEnv a = new MinAtarEnv(g, false);
            a.reset(11L);
            NpRandomState acts = new NpRandomState(5);
            // snapshots at 40 points along one run, each restored into a fresh env and replayed for 25 steps
            for (int point = 0; point < 40; point++) {
                for (int t = 0; t < 20; t++) {
                    if (a.step((int) acts.randint(6)).terminated()) a.reset();
                }
                long[] snap = a.snapshot();
                MinAtarEnv b = new MinAtarEnv(g, false);
                b.restore(snap);
                for (int t = 0; t < 25; t++) {
                    int act = (int) acts.randint(6);
                    Step<byte[]> sa = a.step(act);
                    Step<byte[]> sb = b.step(act);
                    String at = g + " point " + point + " step " + t;
                    assertArrayEquals(sa.observation(), sb.observation(), at);
                    assertEquals(sa.reward(), sb.reward(), at);
                    assertEquals(sa.terminated(), sb.terminated(), at);
                    if (sa.terminated()) {
                        assertArrayEquals(a.reset().observation(), b.reset().observation(), at + " reset");
                    }
                }
            }
        }
    }

    @Test
    void envChecker_passes_andObservationsAreBinaryPlanes() {
        for (MinAtarEnv.Game g : MinAtarEnv.Game.values()) {
            MinAtarEnv env = new MinAtarEnv(g, true);
            EnvChecker.check("MinAtar/" + g.title() + "-v1");
            int[] shape = env.observationSpace().shape();
            assertEquals(3, shape.length);
            assertEquals(10, shape[1]);
            assertTrue(env.observationSpace().contains(env.reset(1L).observation()), g.title());
        }
    }

    @Test
    void badArguments_areRefusedNamingTheValue() {
        MinAtarEnv env = new MinAtarEnv(MinAtarEnv.Game.FREEWAY, true);
        var e = assertThrows(IllegalArgumentException.class, () -> env.reset(-3L));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
        env.reset(0L);
        var a = assertThrows(IllegalArgumentException.class, () -> env.step(3));
        assertTrue(a.getMessage().contains("action 3"), a.getMessage());
        var p = assertThrows(IllegalArgumentException.class,
                () -> new MinAtarEnv(MinAtarEnv.Game.FREEWAY, true, 1.5, true));
        assertTrue(p.getMessage().contains("1.5"), p.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> MinAtarEnv.Game.of("pong"));
        assertTrue(n.getMessage().contains("pong"), n.getMessage());
    }
}
