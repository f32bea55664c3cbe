package dev.bellman.cli;

import dev.bellman.search.SearchPolicy;
import dev.bellman.games.go.GoGame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bellman gtp}: a Go engine speaking GTP version 2 on stdin/stdout ({@link GtpEngine}), searching with pure UCT
 * and random playouts ({@code --engine mcts}) or with a trained AlphaZero Go run ({@code --run-dir}).
 */
@Command(name = "gtp", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Play Go over the Go Text Protocol (GTP version 2) on stdin/stdout, for GoGui, Sabaki, match"
                + " runners and 'bellman arena gtp:...'.",
                "Commands: " + "protocol_version name version known_command list_commands quit boardsize clear_board"
                        + " komi play genmove undo showboard final_score time_settings time_left loadsgf printsgf"
                        + " all_legal list_stones."},
        footer = {"", "Examples:",
                "  bellman gtp --engine mcts --simulations 2000",
                "  bellman gtp --run-dir runs/go9 --simulations 400",
                "  gogui-twogtp -black 'bellman gtp' -white 'gnugo --mode gtp --level 1' -size 9 -games 10"})
final class GtpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--engine", defaultValue = "mcts", paramLabel = "KIND",
            description = "mcts: pure UCT with random playouts, no network (default). Ignored with --run-dir.")
    String engine;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "A trained alphazero or alphago run on a Go game (Go9x9, ...).")
    Path runDir;

    @Option(names = "--simulations", paramLabel = "N",
            description = "Simulations per move at most (default: 1000 for mcts, the run's own for --run-dir); the clock"
                    + " (time_settings/time_left) may stop a search earlier.")
    Integer simulations;

    @Option(names = "--size", defaultValue = "19", paramLabel = "N",
            description = "Board size until 'boardsize' says otherwise (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--komi", defaultValue = "7.5", paramLabel = "K", description = "Komi until 'komi' says otherwise"
            + " (default ${DEFAULT-VALUE}).")
    double komi;

    @Option(names = "--ko", defaultValue = "superko", paramLabel = "RULE",
            description = "superko (positional, default) or simple (GNU Go's rule: only an immediate ko recapture is"
                    + " illegal).")
    String ko;

    @Option(names = "--resign-below", defaultValue = "-0.9", paramLabel = "V",
            description = "Resign when the searched value for the engine (-1 loss to 1 win) is below V (default"
                    + " ${DEFAULT-VALUE}; -1 never resigns).")
    double resignBelow;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seeds the search (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        GtpEngine engine = new GtpEngine(search(), checkedSize(), komi, koRule(ko));
        PrintWriter0.run(engine, spec);
        return 0;
    }

    private int checkedSize() {
        if (size < GoGame.MIN_SIZE || size > GoGame.MAX_SIZE) {
            throw new UserError("--size " + size + " is not a supported Go board: expected " + GoGame.MIN_SIZE + " to "
                    + GoGame.MAX_SIZE + ".");
        }
        if (!Double.isFinite(komi) || Math.abs(komi) > size * size) {
            throw new UserError("--komi " + komi + " is not usable on a " + size + "x" + size + " board: expected a"
                    + " number within +-" + size * size + ".");
        }
        return size;
    }

    static GoGame.KoRule koRule(String ko) {
        return switch (ko.toLowerCase(java.util.Locale.ROOT)) {
            case "superko", "positional" -> GoGame.KoRule.POSITIONAL_SUPERKO;
            case "simple" -> GoGame.KoRule.SIMPLE;
            default -> throw new UserError("--ko '" + ko + "' is not a ko rule: expected superko or simple.");
        };
    }

    private GoSearch search() {
        if (simulations != null && simulations < 1) {
            throw new UserError("--simulations must be a positive integer but was " + simulations + ".");
        }
        if (!(resignBelow >= -1 && resignBelow <= 1)) {
            throw new UserError("--resign-below must be between -1 and 1 but was " + resignBelow + ".");
        }
        if (runDir != null) {
            GoSearch search = fromRun(runDir, simulations, resignBelow, seed, spec.commandLine().getErr());
            size = search.size();
            return search;
        }
        if (!engine.equals("mcts")) throw new UserError("--engine '" + engine + "' is not an engine: expected mcts"
                + " (or --run-dir DIR for a trained run).");
        return GoSearch.uct(simulations != null ? simulations : 1000, resignBelow, seed);
    }

    /** The search of a trained alphazero run on a Go game, with {@code simulations} (null: the run's own). */
    static GoSearch fromRun(Path runDir, Integer simulations, double resignBelow, long seed) {
        return fromRun(runDir, simulations, resignBelow, seed, new java.io.PrintWriter(java.io.Writer.nullWriter()));
    }

    /** {@link #fromRun(Path, Integer, double, long)}, noting on {@code err} a stopped run's policy. */
    static GoSearch fromRun(Path runDir, Integer simulations, double resignBelow, long seed, java.io.PrintWriter err) {
        if (!Files.isDirectory(runDir)) throw new UserError("--run-dir " + runDir + " is not a directory.");
        EvalCommand.Loaded run = EvalCommand.load(runDir);
        if (!(run.policy() instanceof SearchPolicy policy) || !(policy.game() instanceof GoGame g)) {
            throw new UserError("--run-dir " + runDir + " is a run of " + run.algo() + " on " + run.envId()
                    + "; 'bellman gtp' needs an alphazero or alphago run on a Go game (Go9x9, Go19x19, Go{N}x{N}).");
        }
        EvalCommand.noteIfStopped(err, "gtp", run, runDir);
        int n = simulations != null ? simulations : policy.simulations();
        return new GoSearch(policy.search(n, seed), gg -> {
            if (gg.size() != g.size()) {
                throw new GtpEngine.GtpError("the network of " + runDir.getFileName() + " plays " + g.id()
                        + " only, not " + gg.id());
            }
            return policy.evaluator();
        }, resignBelow, runDir.getFileName() + ":sims=" + n, g.size());
    }

    /** Wires the engine to the process's stdin and the command's stdout. */
    private static final class PrintWriter0 {
        static void run(GtpEngine engine, CommandSpec spec) throws java.io.IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            engine.run(in, spec.commandLine().getOut());
        }
    }
}
