import dev.bellman.algorithms.alphazero.AlphaZeroPolicy;
import dev.bellman.algorithms.alphazero.AlphaZeroProvider;
import dev.bellman.algorithms.alphazero.NetEvaluator;
import dev.bellman.games.State;
import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.connectfour.ConnectFourPositions;
import dev.bellman.search.Mcts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An experiment on a trained Connect Four run (not a Bellman feature): after the same greedy search that
 * {@code bellman eval-solver} makes, would the move of largest value among the well-visited root children keep more
 * of the solver's tempo right than the most visited move? Prints, for each threshold f, the optimal and
 * outcome-keeping shares when the move is the child of largest value among those with at least f times the largest
 * visit count (f = 0: any visited child), and for the most visited move (eval-solver's choice, the last line).
 *
 * <p>Run it as a source file on the command line's jar (build it first with {@code ./bellman --version}):
 * <pre>
 * java --add-modules jdk.incubator.vector -Dbellman.threads=1 -cp bellman-cli/target/bellman.jar \
 *     tools/bench/ConnectFourMoveChoice.java RUN_DIR POSITIONS.tsv SIMULATIONS
 * </pre>
 */
public final class ConnectFourMoveChoice {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java ConnectFourMoveChoice.java RUN_DIR POSITIONS.tsv SIMULATIONS");
            System.exit(2);
        }
        AlphaZeroPolicy policy = (AlphaZeroPolicy) new AlphaZeroProvider().load(Path.of(args[0], "model"));
        List<ConnectFourPositions.Position> positions;
        try (var in = Files.newBufferedReader(Path.of(args[1]))) {
            positions = ConnectFourPositions.read(in);
        }
        int simulations = Integer.parseInt(args[2]);
        double[] thresholds = {0.0, 0.05, 0.1, 0.2, 0.3, 0.5};
        int[] optimal = new int[thresholds.length + 1], outcome = new int[thresholds.length + 1];
        ConnectFour game = new ConnectFour();
        Mcts.Config search = policy.search(simulations, 0);
        NetEvaluator evaluator = new NetEvaluator(game, policy.tower(), search.batchSize());
        for (ConnectFourPositions.Position p : positions) {
            State s = game.stateFromMoves(p.moves());
            Mcts mcts = new Mcts(game, search);
            mcts.search(s, evaluator);
            int[] visits = mcts.rootVisits();
            int mostVisited = -1;
            for (int a = 0; a < visits.length; a++) {
                if (visits[a] > 0 && (mostVisited < 0 || visits[a] > visits[mostVisited])) mostVisited = a;
            }
            for (int k = 0; k <= thresholds.length; k++) {
                int move = mostVisited;
                if (k < thresholds.length) {
                    double bestValue = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < visits.length; a++) {
                        if (visits[a] > 0 && visits[a] >= thresholds[k] * visits[mostVisited]
                                && mcts.childValue(a) > bestValue) {
                            bestValue = mcts.childValue(a);
                            move = a;
                        }
                    }
                }
                if (p.isOptimal(move)) optimal[k]++;
                if (p.keepsOutcome(move)) outcome[k]++;
            }
        }
        for (int k = 0; k <= thresholds.length; k++) {
            String label = k < thresholds.length ? "largest value, visits >= " + thresholds[k] + " x the most"
                    : "most visited (eval-solver)";
            System.out.printf(Locale.ROOT, "%-40s optimal %5.1f%%  outcome %5.1f%%%n", label,
                    100.0 * optimal[k] / positions.size(), 100.0 * outcome[k] / positions.size());
        }
    }
}
