package dev.bellman.bench;

import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoPlayoutBoard;
import dev.bellman.games.go.GoPlayouts;
import dev.bellman.games.go.GoState;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random playouts per second from the empty board, one thread, each counted ({@link GoPlayoutBoard#score}): by default
 * on a {@link GoPlayoutBoard} reset to the empty state, as the MCTS engine's playouts run; with {@code state} as the
 * fourth argument on a fresh copy of the empty {@link GoState} ({@link GoPlayouts#playToEnd}), the same games. Prints
 * wall-clock rates and rates per second of the thread's CPU time (the fairer figure on a shared, loaded machine), four
 * rounds of a quarter of the time each (the first warms the JIT up). Issue 17's goal: 50,000 9x9 playouts a second on
 * one core.
 *
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl bellman-bench -am
 * java -cp bellman-bench/target/benchmarks.jar dev.bellman.bench.GoPlayoutBench [size] [seconds] \
 *     [POSITIONAL_SUPERKO|SIMPLE] [board|state]
 * </pre>
 */
public final class GoPlayoutBench {
    private GoPlayoutBench() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        GoGame.KoRule rule = args.length > 2 ? GoGame.KoRule.valueOf(args[2]) : GoGame.KoRule.POSITIONAL_SUPERKO;
        boolean onState = args.length > 3 && args[3].equals("state");
        GoState empty = new GoGame(GoGame.Config.of(size).withKoRule(rule)).newInitialState();
        GoPlayoutBoard board = new GoPlayoutBoard(empty.game());
        System.out.println(empty.game() + ", " + rule + ", playouts on "
                + (onState ? "GoState copies" : "GoPlayoutBoard"));
        SplittableRandom random = new SplittableRandom(1);
        for (int round = 0; round < 4; round++) { // the first round warms the JIT up
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long playouts = 0, moves = 0, blackWins = 0;
            long deadline = start + (long) (seconds * 1e9 / 4);
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 100; i++) {
                    double score;
                    if (onState) {
                        GoState s = empty.copy();
                        moves += GoPlayouts.playToEnd(s, random);
                        score = s.score();
                    } else {
                        board.reset(empty);
                        moves += board.playToEnd(random);
                        score = board.score();
                    }
                    if (score > 0) blackWins++;
                    playouts++;
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "%dx%d round %d: %d playouts in %.2f s wall, %.2f s CPU: %.0f playouts/s wall, "
                    + "%.0f per CPU second, %.1f moves each, %.2f M moves/s wall, Black wins %.1f%% (komi %.1f)%n", size,
                    size, round, playouts, s, cpu, playouts / s, playouts / cpu,
                    (double) moves / playouts, moves / s / 1e6, 100.0 * blackWins / playouts, empty.game().komi());
        }
    }
}
