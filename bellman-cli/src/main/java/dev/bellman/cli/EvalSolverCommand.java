package dev.bellman.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bellman.algorithms.alphazero.AlphaZeroPolicy;
import dev.bellman.algorithms.alphazero.SolverAccuracy;
import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.connectfour.ConnectFourPositions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bellman eval-solver --run-dir D}: a Connect Four AlphaZero run's moves checked against the exact solver on a
 * set of solver-scored positions ({@link SolverAccuracy}).
 */
@Command(name = "eval-solver", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Checks a Connect Four alphazero run's moves against the exact solver: on positions whose every"
                + " move the solver scored, the share where the run's move by search is optimal (scores as well as the best"
                + " move) and the share where it keeps the game-theoretic outcome (win, draw or loss), the same two for the"
                + " raw policy (the legal move of largest prior), overall, by stones on the board and by the"
                + " position's value (won, drawn or lost for the player to move).",
                "Default positions: the built-in set of 1,000 (bellman solve --game ConnectFour --sample 1000 --seed 1"
                        + " --min-stones 12: positions of 12 to 41 stones)."},
        footer = {"", "Examples:",
                "  bellman eval-solver --run-dir runs/c4",
                "  bellman eval-solver --run-dir runs/c4 --simulations 0 --json",
                "  bellman eval-solver --run-dir runs/c4 --misses runs/c4/misses.tsv"})
final class EvalSolverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, paramLabel = "DIR",
            description = "A directory written by 'bellman train --algo alphazero --env ConnectFour'.")
    Path runDir;

    @Option(names = "--positions", paramLabel = "FILE",
            description = "Positions in the TSV format of 'bellman solve --sample' (default: the built-in 1,000).")
    Path positionsFile;

    @Option(names = "--count", paramLabel = "N", description = "Measure only the first N positions (default: all).")
    Integer count;

    @Option(names = "--simulations", defaultValue = "800", paramLabel = "N",
            description = "MCTS simulations of the run's search per position (default 800; 0: the raw policy only).")
    int simulations;

    @Option(names = "--json", description = "Print one JSON object: the overall shares, the shares per band of stones"
            + " and per value of the position, and the counts.")
    boolean json;

    @Option(names = "--misses", paramLabel = "FILE", description = "Also write the positions where the run's move"
            + " (by search; by the raw policy with --simulations 0) is not optimal, as TSV: moves, stones, value, move"
            + " (column from 1), its score, the best score, whether it keeps the outcome.")
    Path missesFile;

    @Override
    public Integer call() throws Exception {
        if (simulations == 1 || simulations < 0) {
            throw new UserError("--simulations must be 0 (raw policy only) or at least 2 but was " + simulations + ".");
        }
        if (count != null && count < 1) throw new UserError("--count must be at least 1 but was " + count + ".");
        List<ConnectFourPositions.Position> positions = positions();
        if (count != null) positions = positions.subList(0, Math.min(count, positions.size()));
        EvalCommand.Loaded run = EvalCommand.load(runDir);
        if (!(run.policy() instanceof AlphaZeroPolicy policy) || !(policy.game() instanceof ConnectFour)) {
            throw new UserError("run " + runDir + " was trained with " + run.algo() + " on " + run.envId()
                    + "; 'bellman eval-solver' needs a Connect Four run (--algo alphazero --env ConnectFour).");
        }
        EvalCommand.noteIfStopped(spec.commandLine().getErr(), "eval-solver", run, runDir);
        if (missesFile != null && Files.isDirectory(missesFile)) {
            throw new UserError("--misses " + missesFile + " is a directory; expected a file to write, e.g. "
                    + missesFile.resolve("misses.tsv") + ".");
        }
        long start = System.nanoTime();
        SolverAccuracy.Result r = SolverAccuracy.measure(policy.tower(), positions,
                simulations == 0 ? null : policy.search(simulations, 0));
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("run_dir", runDir.toString());
            o.put("positions", r.all().positions());
            o.put("simulations", simulations);
            o.putAll(shares(r.all(), simulations > 0));
            List<String> bandLabels = new java.util.ArrayList<>();
            for (int i = 0; i < SolverAccuracy.BANDS; i++) bandLabels.add(SolverAccuracy.Result.bandLabel(i));
            o.put("by_stones", groups(bandLabels, r.bands(), simulations > 0));
            o.put("by_value", groups(SolverAccuracy.VALUES, r.byValue(), simulations > 0));
            o.put("misses", r.misses().size());
            o.put("misses_keeping_outcome", r.misses().stream().filter(SolverAccuracy.Miss::keepsOutcome).count());
            o.put("seconds", Math.round(seconds * 10) / 10.0);
            out.println(Files2.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "%d positions, %s; %.1f s%n", r.all().positions(),
                    simulations == 0 ? "raw policy only" : "search with " + simulations + " simulations", seconds);
            out.printf(Locale.ROOT, "%-8s %9s %14s %14s %11s %11s%n", "stones", "positions", "search optimal",
                    "search outcome", "raw optimal", "raw outcome");
            for (int i = 0; i < SolverAccuracy.BANDS; i++) {
                row(out, SolverAccuracy.Result.bandLabel(i), r.bands().get(i), simulations > 0);
            }
            row(out, "all", r.all(), simulations > 0);
            out.printf(Locale.ROOT, "%-8s%n", "value");
            for (int i = 0; i < SolverAccuracy.VALUES.size(); i++) {
                row(out, SolverAccuracy.VALUES.get(i), r.byValue().get(i), simulations > 0);
            }
            long kept = r.misses().stream().filter(SolverAccuracy.Miss::keepsOutcome).count();
            out.printf(Locale.ROOT, "%d moves not optimal: %d keep the outcome (a slower win or a quicker loss), %d"
                    + " change it%n", r.misses().size(), kept, r.misses().size() - kept);
        }
        if (missesFile != null) writeMisses(r.misses());
        return 0;
    }

    private void writeMisses(List<SolverAccuracy.Miss> misses) throws IOException {
        StringBuilder b = new StringBuilder("moves\tstones\tvalue\tmove\tmove_score\tbest_score\tkeeps_outcome\n");
        for (SolverAccuracy.Miss m : misses) {
            b.append(m.moves()).append('\t').append(m.moves().length()).append('\t')
                    .append(SolverAccuracy.VALUES.get(SolverAccuracy.value(m.bestScore()))).append('\t')
                    .append(m.move() + 1).append('\t').append(m.moveScore()).append('\t').append(m.bestScore())
                    .append('\t').append(m.keepsOutcome()).append('\n');
        }
        Files2.writeString(missesFile, b.toString());
    }

    private List<ConnectFourPositions.Position> positions() throws IOException {
        if (positionsFile == null) return ConnectFourPositions.builtIn();
        if (!Files.isRegularFile(positionsFile)) {
            throw new UserError("--positions " + positionsFile + " is not a file; expected positions as written by"
                    + " 'bellman solve --game ConnectFour --sample N'.");
        }
        try (var in = Files.newBufferedReader(positionsFile, StandardCharsets.UTF_8)) {
            List<ConnectFourPositions.Position> p = ConnectFourPositions.read(in);
            if (p.isEmpty()) throw new UserError("--positions " + positionsFile + " holds no positions.");
            return p;
        } catch (IOException e) {
            throw new UserError("--positions " + positionsFile + " is not a position set: " + Preflight.sentence(e.getMessage()));
        }
    }

    /** Each group's count and, when it has positions, its shares, under its label. */
    private static Map<String, Object> groups(List<String> labels, List<SolverAccuracy.Counts> counts, boolean search) {
        Map<String, Object> groups = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("positions", counts.get(i).positions());
            if (counts.get(i).positions() > 0) m.putAll(shares(counts.get(i), search));
            groups.put(labels.get(i), m);
        }
        return groups;
    }

    private static Map<String, Object> shares(SolverAccuracy.Counts c, boolean search) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (search) {
            m.put("search_optimal", c.searchOptimalShare());
            m.put("search_outcome", c.searchOutcomeShare());
        }
        m.put("raw_optimal", c.rawOptimalShare());
        m.put("raw_outcome", c.rawOutcomeShare());
        return m;
    }

    private static void row(PrintWriter out, String label, SolverAccuracy.Counts c, boolean search) {
        if (c.positions() == 0) {
            out.printf(Locale.ROOT, "%-8s %9d%n", label, 0);
            return;
        }
        out.printf(Locale.ROOT, "%-8s %9d %14s %14s %10.1f%% %10.1f%%%n", label, c.positions(),
                search ? String.format(Locale.ROOT, "%.1f%%", 100 * c.searchOptimalShare()) : "-",
                search ? String.format(Locale.ROOT, "%.1f%%", 100 * c.searchOutcomeShare()) : "-",
                100 * c.rawOptimalShare(), 100 * c.rawOutcomeShare());
    }
}
