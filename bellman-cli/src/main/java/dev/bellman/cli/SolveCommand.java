package dev.bellman.cli;

import dev.bellman.games.Game;
import dev.bellman.games.Games;
import dev.bellman.games.State;
import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.connectfour.ConnectFourPositions;
import dev.bellman.games.connectfour.ConnectFourSolver;
import dev.bellman.games.connectfour.ConnectFourState;
import dev.bellman.games.tictactoe.TicTacToe;
import dev.bellman.games.tictactoe.TicTacToeMinimax;
import dev.bellman.games.tictactoe.TicTacToeState;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bellman solve --game G --position MOVES [--json]}: the exact score of every move in a position, from the
 * solvers in bellman-games (Connect Four: Pons's score, positive when the mover wins, 22 minus the number of the
 * winner's stones; Tic-tac-toe: minimax value +1/0/-1).
 */
@Command(name = "solve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Exact game-theoretic score of every move in a position of a solved game.",
                "ConnectFour: the score of the position after each move from the mover's side, in the units of"
                        + " Pascal Pons's solver (0 a draw; 22 - k when the mover wins with its k-th stone; negative when"
                        + " it loses); null for a full column. Positions with few stones take long (minutes for the"
                        + " empty board: over 10 CPU-minutes).",
                "TicTacToe: the minimax value of each move, +1 a win, 0 a draw, -1 a loss; null for a taken cell."},
        footer = {"", "Examples:",
                "  bellman solve --game ConnectFour --position 4453 --json",
                "  bellman solve --game TicTacToe --position 15",
                "  bellman solve --game ConnectFour --sample 1000 --seed 1 > positions.tsv"})
final class SolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--game", required = true, paramLabel = "ID", description = "The game: ConnectFour or TicTacToe.")
    String gameId;

    @Option(names = "--position", defaultValue = "", paramLabel = "MOVES",
            description = "The moves from the empty board in the game's notation (ConnectFour: columns 1-7, e.g. 4453;"
                    + " TicTacToe: cells 1-9 row-major); empty for the initial position (default).")
    String position;

    @Option(names = "--json", description = "Print {\"position\": ..., \"scores\": [...]} on one line.")
    boolean json;

    @Option(names = "--sample", paramLabel = "N", description = "ConnectFour: instead of one position, sample N positions"
            + " from random games and games of a lookahead player, score every move of each, and print them as TSV"
            + " (the benchmark set of 'bellman eval-solver'; sampling in ConnectFourPositions).")
    Integer sample;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "With --sample: the sampling seed (default 1).")
    long seed;

    @Option(names = "--min-stones", defaultValue = "10", paramLabel = "K",
            description = "With --sample: the fewest stones a sampled position has (default 10; fewer take the solver long).")
    int minStones;

    @Option(names = "--partial", paramLabel = "FILE",
            description = "With --sample: also append each position to FILE as soon as it is scored (most stones first),"
                    + " so that an interrupted run keeps what it scored; positions already in FILE are taken as scored"
                    + " (a resumed run).")
    java.nio.file.Path partial;

    @Option(names = "--skip-below", defaultValue = "0", paramLabel = "K",
            description = "With --sample: draw as usual (from --min-stones stones), then leave out the drawn positions with"
                    + " fewer than K stones: a set cut where scoring grows too costly (default 0: keep all).")
    int skipBelow;

    @Option(names = "--skip-above", defaultValue = "41", paramLabel = "K",
            description = "With --sample: also leave out the drawn positions with more than K stones (default 41: keep"
                    + " all); with --skip-below, runs over disjoint ranges of stones can score one set side by side.")
    int skipAbove;

    @Option(names = "--table-bits", defaultValue = "23", paramLabel = "B",
            description = "With --sample: the solver's transposition table has 2^B slots of 8 bytes (default 23:"
                    + " 64 MiB; 16..30). A larger one searches fewer nodes for positions of few stones, e.g. 27"
                    + " (1 GiB): run it with BELLMAN_JAVA_OPTS='-XX:+UseTransparentHugePages' (docs/cli.md).")
    int tableBits;

    @Override
    public Integer call() throws Exception {
        Game game = game(gameId);
        if (sample != null) return sample(game);
        State state;
        try {
            state = game.stateFromMoves(position);
        } catch (IllegalArgumentException e) {
            throw new UserError("--position '" + position + "' is not a " + game.id() + " position: "
                    + Preflight.sentence(e.getMessage()));
        }
        if (state.isTerminal()) {
            throw new UserError("--position '" + position + "' is a finished game ("
                    + outcome(state) + "); give a position with a move left to play.");
        }
        Integer[] scores;
        if (state instanceof ConnectFourState c4) {
            scores = new ConnectFourSolver().analyze(c4);
        } else if (state instanceof TicTacToeState ttt) {
            scores = TicTacToeMinimax.moveValues(ttt);
        } else {
            throw new UserError("no solver for game " + game.id() + "; solvable games: " + ConnectFour.ID + ", "
                    + TicTacToe.ID + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            // one line, as the issue shows it: {"position": "4453", "scores": [-2, -1, 0, 1, 0, -1, -2]}
            StringBuilder sb = new StringBuilder("{\"position\": ")
                    .append(Files2.JSON.writeValueAsString(state.serialize())).append(", \"scores\": [");
            for (int a = 0; a < scores.length; a++) sb.append(a == 0 ? "" : ", ").append(scores[a]);
            out.println(sb.append("]}"));
        } else {
            table(out, game, state, scores);
        }
        return 0;
    }

    /** {@code --sample N}: the benchmark set, as TSV on standard output, progress on standard error. */
    private int sample(Game game) throws java.io.IOException {
        if (!(game instanceof ConnectFour)) {
            throw new UserError("--sample is for ConnectFour only, not " + game.id() + ".");
        }
        if (sample < 1) throw new UserError("--sample must be at least 1 but was " + sample + ".");
        if (minStones < 0 || minStones > 41) throw new UserError("--min-stones must be in 0..41 but was " + minStones + ".");
        if (skipBelow < 0 || skipBelow > 41) throw new UserError("--skip-below must be in 0..41 but was " + skipBelow + ".");
        if (skipAbove < skipBelow || skipAbove > 41) {
            throw new UserError("--skip-above must be in " + skipBelow + "..41 (at least --skip-below) but was "
                    + skipAbove + ".");
        }
        if (tableBits < 16 || tableBits > 30) {
            throw new UserError("--table-bits must be in 16..30 but was " + tableBits + ".");
        }
        long tableBytes = 8L << tableBits;
        long heap = Runtime.getRuntime().maxMemory();
        if (tableBytes + (64L << 20) > heap) { // the table and a little room for the rest
            throw new UserError(String.format(Locale.ROOT, "--table-bits %d needs %d MiB for the table, and the heap"
                    + " holds at most %d MiB; give the JVM more, e.g. BELLMAN_JAVA_OPTS=-Xmx%dg, or use fewer bits.",
                    tableBits, tableBytes >> 20, heap >> 20, (tableBytes >> 30) + 2));
        }
        if (!position.isEmpty()) throw new UserError("--sample draws its own positions; leave out --position.");
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        List<ConnectFourPositions.Drawn> drawn = ConnectFourPositions.draw(sample, seed, minStones).stream()
                .filter(d -> d.stones() >= skipBelow && d.stones() <= skipAbove).toList();
        // a resumed run: the positions already in --partial keep their scores
        Map<String, ConnectFourPositions.Position> known = new HashMap<>();
        if (partial != null && Files.isRegularFile(partial)) {
            try (var in = Files.newBufferedReader(partial, StandardCharsets.UTF_8)) {
                for (ConnectFourPositions.Position p : ConnectFourPositions.read(in)) known.put(p.moves(), p);
            } catch (java.io.IOException e) {
                throw new UserError("--partial " + partial + " is not a position set: " + Preflight.sentence(e.getMessage()));
            }
        }
        List<ConnectFourPositions.Drawn> todo = drawn.stream().filter(d -> !known.containsKey(d.moves())).toList();
        err.printf(Locale.ROOT, "%d positions drawn, %d kept (%d already in --partial), %.0f s; scoring %d, most stones"
                        + " first%n", sample, drawn.size(), drawn.size() - todo.size(), (System.nanoTime() - start) / 1e9,
                todo.size());
        err.flush();
        ConnectFourSolver solver = new ConnectFourSolver(tableBits);
        // the scores already known are exact: the solver starts from them (its book), so positions with fewer stones
        // that reach them stop there
        ConnectFour c4 = (ConnectFour) game;
        for (ConnectFourPositions.Position p : known.values()) {
            try {
                solver.learn(c4.stateFromMoves(p.moves()), p.scores());
            } catch (IllegalArgumentException e) {
                throw new UserError("--partial " + partial + ": position '" + p.moves() + "' cannot be right: "
                        + Preflight.sentence(e.getMessage()));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] last = {threads.getCurrentThreadCpuTime(), 0};
        try (java.io.Writer partialOut = partial == null ? java.io.Writer.nullWriter() : Files.newBufferedWriter(partial,
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (ConnectFourPositions.Position p : ConnectFourPositions.score(todo, solver, (done, p) -> {
                try {
                    ConnectFourPositions.write(List.of(p), List.of(), partialOut);
                    partialOut.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                long cpu = threads.getCurrentThreadCpuTime();
                long nodes = solver.nodeCount();
                if (done % 50 == 0 || done == todo.size() || p.stones() < 12) {
                    // the last position's cost: its nodes and this thread's CPU time
                    err.printf(Locale.ROOT, "%d/%d positions scored (last: %s, %d stones, %.1f M nodes, %.2f CPU-s),"
                                    + " %.0f s%n", done, todo.size(), p.moves(), p.stones(), (nodes - last[1]) / 1e6,
                            (cpu - last[0]) / 1e9, (System.nanoTime() - start) / 1e9);
                    err.flush();
                }
                last[0] = cpu;
                last[1] = nodes;
            })) {
                known.put(p.moves(), p);
            }
        }
        List<ConnectFourPositions.Position> positions = drawn.stream().map(d -> known.get(d.moves())).toList();
        PrintWriter out = spec.commandLine().getOut();
        ConnectFourPositions.write(positions, List.of(
                "Connect Four positions with the exact score of every column (Pons's units, from the mover's side; - full).",
                "Written by: bellman solve --game ConnectFour --sample " + sample + " --seed " + seed + " --min-stones "
                        + minStones + (skipBelow > 0 ? " --skip-below " + skipBelow : "")
                        + (skipAbove < 41 ? " --skip-above " + skipAbove : ""),
                "Sampling: see ConnectFourPositions. Columns: moves, source (random | lookahead), scores of columns 1-7."),
                out);
        out.flush();
        return 0;
    }

    static Game game(String id) {
        List<String> ids = Games.ids();
        if (!ids.contains(id)) {
            List<String> close = Games.closestIds(id);
            throw new UserError("unknown game '" + id + "'."
                    + (close.isEmpty() ? "" : " Did you mean '" + close.get(0) + "'?")
                    + " Registered games: " + String.join(", ", ids) + ".");
        }
        return Games.make(id);
    }

    private static String outcome(State state) {
        double r = state.returnFor(0);
        return r > 0 ? "the first player won" : r < 0 ? "the second player won" : "a draw";
    }

    private static void table(PrintWriter out, Game game, State state, Integer[] scores) {
        String mover = state.currentPlayer() == 0 ? "X" : "O";
        out.println(game.id() + " position '" + state.serialize() + "', " + mover + " to move:");
        out.println(state);
        out.println();
        out.printf(Locale.ROOT, "%-6s %-6s %s%n", "move", "score", "outcome for " + mover);
        int best = Integer.MIN_VALUE;
        for (Integer s : scores) if (s != null) best = Math.max(best, s);
        for (int a = 0; a < scores.length; a++) {
            String move = state.actionToString(a);
            if (scores[a] == null) {
                out.printf(Locale.ROOT, "%-6s %-6s %s%n", move, "-", game instanceof ConnectFour ? "column full"
                        : "cell taken");
                continue;
            }
            int s = scores[a];
            String text = game instanceof ConnectFour ? connectFourOutcome(s) : s > 0 ? "win" : s < 0 ? "loss" : "draw";
            out.printf(Locale.ROOT, "%-6s %-6s %s%s%n", move, (s > 0 ? "+" : "") + s, text, s == best ? "  (best)" : "");
        }
    }

    /** Words for a Connect Four score from the mover's side. */
    private static String connectFourOutcome(int score) {
        if (score == 0) return "draw";
        int stones = ConnectFour.CELLS / 2 + 1 - Math.abs(score);
        return score > 0 ? "win with its " + ordinal(stones) + " stone" : "loss to the opponent's " + ordinal(stones)
                + " stone";
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}
