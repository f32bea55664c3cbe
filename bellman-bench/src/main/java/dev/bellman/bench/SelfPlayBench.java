package dev.bellman.bench;

import dev.bellman.algorithms.alphazero.AlphaZero;
import dev.bellman.algorithms.alphazero.AlphaZeroProvider;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.games.Game;
import dev.bellman.games.Games;
import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.kernels.Kernels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AlphaZero self-play speed: positions (moves, one search each) per second and MCTS simulations per second with the
 * network evaluating the leaves of all running games in one batched call, as {@code bellman train --algo alphazero}
 * plays them (an untrained tower of the tuned size; speed does not depend on the weights beyond game length).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -Dbellman.threads=1 -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.SelfPlayBench [GAME [SECONDS [name=value ...]]]}, GAME defaulting to TicTacToe, SECONDS (timed
 * part, after a warm-up of the same length) to 10, and the hyperparameters to the game's section of
 * {@code hyperparams/alphazero.yml}, overridden by the {@code name=value} pairs.
 */
public final class SelfPlayBench {
    private SelfPlayBench() {}

    public static void main(String[] args) {
        String gameId = args.length > 0 ? args[0] : "TicTacToe";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("alphazero", gameId));
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            hp.put(kv[0], kv[1]);
        }
        AlgorithmProvider p = Algorithms.get("alphazero");
        AlphaZero.Config c = AlphaZeroProvider.config(new TrainRequest(gameId, 1, 1, p.resolve(hp)));
        Game game = Games.make(gameId);
        AlphaZeroTower tower = new AlphaZeroTower(c.tower(game), new Rng(1));
        tower.eval();
        System.out.printf("AlphaZero self-play on %s: tower %s; %d simulations/move, %d parallel games x %d leaves per"
                        + " network call; bellman.threads=%d, simd=%s%n", gameId, c.tower(game), c.simulations(),
                c.parallelGames(), c.mctsBatchSize(), Kernels.threads(), Kernels.simdEnabled());
        run(game, c, tower, seconds, 1); // warm-up
        long[] totals = run(game, c, tower, seconds, 2);
        double s = totals[5] / 1e9;
        System.out.printf("games %d, positions %d, simulations %d, network calls %d (mean batch %.1f), %.1f s%n",
                totals[0], totals[1], totals[2], totals[3], (double) totals[4] / totals[3], s);
        System.out.printf("self-play positions/s %.1f%nMCTS simulations/s %.0f%nnetwork positions/s %.0f%n",
                totals[1] / s, totals[2] / s, totals[4] / s);
    }

    /** Rounds of parallelGames games until {@code seconds} have passed: {games, positions, simulations, calls, evaluated, ns}. */
    private static long[] run(Game game, AlphaZero.Config c, AlphaZeroTower tower, double seconds, long seed) {
        long[] t = new long[6];
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 1e9) {
            AlphaZero.SelfPlayStats st = AlphaZero.selfPlay(game, c, tower, c.parallelGames(), seed++);
            t[0] += st.games();
            t[1] += st.positions();
            t[2] += st.simulations();
            t[3] += st.networkCalls();
            t[4] += st.evaluatedPositions();
        }
        t[5] = System.nanoTime() - start;
        return t;
    }
}
