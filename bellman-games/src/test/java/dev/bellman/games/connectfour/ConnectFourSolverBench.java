package dev.bellman.games.connectfour;

import java.util.List;
import java.util.Locale;

/**
 * Nodes per second of {@link ConnectFourSolver}: solves every position of the test fixture (connect4/positions.txt)
 * with a fresh solver, then 20 positions of 12 stones from seeded random play, then, with {@code --empty}, the
 * empty board. Not a test; run after a test-compile:
 *
 * <pre>
 * ./mvnw -B -o -q -pl bellman-games -am test-compile
 * java -cp bellman-games/target/classes:bellman-games/target/test-classes:bellman-envs/target/classes \
 *     dev.bellman.games.connectfour.ConnectFourSolverBench [--empty] [--table-bits 24]
 * </pre>
 */
public final class ConnectFourSolverBench {
    private ConnectFourSolverBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean empty = List.of(args).contains("--empty");
        int bits = 23;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--table-bits")) bits = Integer.parseInt(args[i + 1]);
        ConnectFour game = new ConnectFour();
        List<ConnectFourSolverTest.Line> lines = ConnectFourSolverTest.fixture();
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
            ConnectFourSolver solver = new ConnectFourSolver(bits);
            long start = System.nanoTime();
            for (ConnectFourSolverTest.Line line : lines) {
                int score = solver.solve(game.stateFromMoves(line.moves()));
                if (score != line.score()) throw new AssertionError(line.moves() + ": " + score + " != " + line.score());
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "fixture round %d: %d positions, %d nodes, %.2f s, %.2f M nodes/s%n", round,
                    lines.size(), solver.nodeCount(), s, solver.nodeCount() / s / 1e6);
        }
        // harder positions: 12 stones from seeded random play (no oracle here; the tests check correctness)
        for (int round = 0; round < 2; round++) {
            dev.bellman.games.RandomPlayer random = new dev.bellman.games.RandomPlayer(12);
            ConnectFourSolver solver = new ConnectFourSolver(bits);
            long start = System.nanoTime();
            int solved = 0;
            while (solved < 20) {
                ConnectFourState s = game.newInitialState();
                while (!s.isTerminal() && s.moveNumber() < 12) s.apply(random.chooseAction(s));
                if (s.isTerminal()) continue;
                solver.solve(s);
                solved++;
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "12-stone round %d: %d positions, %d nodes, %.2f s, %.2f M nodes/s%n", round,
                    solved, solver.nodeCount(), s, solver.nodeCount() / s / 1e6);
        }
        if (empty) {
            ConnectFourSolver solver = new ConnectFourSolver(bits);
            long start = System.nanoTime();
            int score = solver.solve(game.newInitialState());
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "empty board: score %d, %d nodes, %.1f s, %.2f M nodes/s (table 2^%d)%n",
                    score, solver.nodeCount(), s, solver.nodeCount() / s / 1e6, bits);
        }
    }
}
