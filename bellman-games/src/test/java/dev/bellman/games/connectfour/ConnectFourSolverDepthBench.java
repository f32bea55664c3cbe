package dev.bellman.games.connectfour;

import dev.bellman.games.RandomPlayer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Time and nodes of {@link ConnectFourSolver#analyze} (all seven moves scored exactly) by number of stones: for each
 * number of stones in {@code --from..--to}, {@code --count} positions from seeded random play (positions already won
 * or lost at once are skipped), each analysed by a solver whose table is emptied first. Prints the mean, median and
 * largest time and node count per number of stones. Not a test; run after a test-compile:
 *
 * <pre>
 * ./mvnw -B -o -q -pl bellman-games -am test-compile
 * java -cp bellman-games/target/classes:bellman-games/target/test-classes:bellman-envs/target/classes \
 *     dev.bellman.games.connectfour.ConnectFourSolverDepthBench --from 4 --to 12 --count 20 [--table-bits 23]
 * </pre>
 */
public final class ConnectFourSolverDepthBench {
    private ConnectFourSolverDepthBench() {
    }

    public static void main(String[] args) {
        int from = 4, to = 12, count = 20, bits = 23;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--from" -> from = v;
                case "--to" -> to = v;
                case "--count" -> count = v;
                case "--table-bits" -> bits = v;
                case "--seed" -> seed = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ConnectFour game = new ConnectFour();
        ConnectFourSolver solver = new ConnectFourSolver(bits);
        // warm the JIT up on easy positions
        RandomPlayer warm = new RandomPlayer(seed + 1000);
        for (int i = 0; i < 30; i++) {
            ConnectFourState s = game.newInitialState();
            while (!s.isTerminal() && s.moveNumber() < 16) s.apply(warm.chooseAction(s));
            if (!s.isTerminal()) solver.analyze(s);
        }
        System.out.println("stones positions mean_s median_s max_s mean_Mnodes max_Mnodes Mnodes/s");
        for (int stones = from; stones <= to; stones++) {
            RandomPlayer random = new RandomPlayer(seed * 100 + stones);
            double[] secs = new double[count];
            long[] nodes = new long[count];
            for (int k = 0; k < count; ) {
                ConnectFourState s = game.newInitialState();
                while (!s.isTerminal() && s.moveNumber() < stones) s.apply(random.chooseAction(s));
                if (s.isTerminal()) continue;
                solver.clear();
                solver.resetNodeCount();
                long start = System.nanoTime();
                solver.analyze(s);
                secs[k] = (System.nanoTime() - start) / 1e9;
                nodes[k] = solver.nodeCount();
                k++;
            }
            double[] sorted = secs.clone();
            Arrays.sort(sorted);
            double sum = Arrays.stream(secs).sum();
            long nodeSum = Arrays.stream(nodes).sum();
            System.out.printf(Locale.ROOT, "%d %d %.3f %.3f %.3f %.2f %.2f %.2f%n", stones, count, sum / count,
                    sorted[count / 2], sorted[count - 1], nodeSum / 1e6 / count,
                    Arrays.stream(nodes).max().getAsLong() / 1e6, nodeSum / 1e6 / sum);
        }
    }
}
