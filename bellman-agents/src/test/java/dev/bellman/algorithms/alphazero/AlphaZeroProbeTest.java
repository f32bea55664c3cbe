package dev.bellman.algorithms.alphazero;

import dev.bellman.core.Checkpoints;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import dev.bellman.nn.Rng;
import dev.bellman.search.TestTicTacToe;
import org.junit.jupiter.api.Test;

class AlphaZeroProbeTest {
    @Test
    void probe() {
        AlphaZero.Config c = new AlphaZero.Config(1, 32, 32, 50, 8, 1, 8, 32, 19652, 1.25, 0.3, 0.25, 3, 20000, 64, 50,
                1e-3, 1e-4, true, false, 20, 0.55, Integer.parseInt(System.getenv().getOrDefault("PROBE_EVAL", "5")), 20, 50, 200, Long.parseLong(System.getenv().getOrDefault("PROBE_POSITIONS", "3000")), 1);
        long t0 = System.nanoTime();
        AlphaZeroPolicy p = AlphaZero.train(TestTicTacToe.GAME, c, (s, k, v) -> {
            if (!k.equals("charts/game_length")) System.out.println(s + " " + k + " " + v);
        }, Checkpoints.none());
        System.out.println("train s " + (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        GamePlayer me = p.player(Integer.parseInt(System.getenv().getOrDefault("PROBE_SIMS", "100")), 1);
        double[] r = Matches.play(TestTicTacToe.GAME, me, new MinimaxMover(5), 100);
        System.out.println("vs minimax W/D/L " + r[0] + " " + r[1] + " " + r[2] + " in s " + (System.nanoTime() - t0) / 1e9);
    }

    static final class MinimaxMover implements GamePlayer {
        final Rng rng;
        MinimaxMover(long seed) { rng = new Rng(seed); }
        @Override public int chooseAction(State s) {
            State c = s.copy();
            int[] v = TestTicTacToe.moveValues(c);
            int best = Integer.MIN_VALUE;
            for (int x : v) best = Math.max(best, x);
            java.util.List<Integer> opt = new java.util.ArrayList<>();
            for (int a = 0; a < v.length; a++) if (v[a] == best) opt.add(a);
            return opt.get(rng.nextInt(opt.size()));
        }
        @Override public String name() { return "minimax"; }
    }
}
