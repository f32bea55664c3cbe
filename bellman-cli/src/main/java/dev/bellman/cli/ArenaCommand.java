package dev.bellman.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import dev.bellman.games.go.GoGame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/**
 * {@code bellman arena A B --game ID --games N}: a match between two players (see {@link PlayerSpecs}), colours
 * alternating, reporting A's wins, draws and losses, the Elo difference with a 95% interval ({@link EloEstimate}) and
 * the game records.
 */
@Command(name = "arena", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Play a match between two players with alternating colours; report win/draw/loss, the Elo"
                + " difference of A over B with a 95%% interval, and the game records.",
                "Players: random, mcts:N (pure UCT, N simulations), solver or solver:DEPTH (ConnectFour's exact solver or"
                        + " its depth-limited search; on TicTacToe 'solver' is minimax), minimax (TicTacToe), or the run"
                        + " directory of a trained alphazero run, RUN_DIR[:sims=N]; for Go also gtp:COMMAND (any GTP engine)"
                        + " and gnugo:LEVEL (GNU Go 0-10). Go games are adjudicated by area scoring (Tromp-Taylor);"
                        + " a resignation loses."},
        footer = {"", "Examples:",
                "  bellman arena random solver --game ConnectFour --games 10 --opening 444455",
                "  bellman arena runs/c4:sims=800 mcts:8000 --games 100 --out arena/c4-vs-mcts",
                "  bellman arena minimax mcts:200 --game TicTacToe --games 20 --json",
                "  bellman arena gnugo:1 mcts:1000 --game Go9x9 --games 10 --out arena/gnugo1"})
final class ArenaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The first player (its results are reported).")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "The second player.")
    String b;

    @Option(names = "--game", paramLabel = "ID",
            description = "The game (ConnectFour, TicTacToe, Go9x9, Go{N}x{N}); default: the game of a run directory among the players.")
    String gameId;

    @Option(names = "--games", defaultValue = "10", paramLabel = "N", description = "Games to play (default ${DEFAULT-VALUE}).")
    int games;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seeds the players' random choices (default ${DEFAULT-VALUE}); the same seed replays the match.")
    long seed;

    @Option(names = "--opening", defaultValue = "", paramLabel = "MOVES",
            description = "Start every game from this position (moves from the empty board in the game's notation).")
    String opening;

    @Option(names = "--random-opening", defaultValue = "0", paramLabel = "K",
            description = "Play K random legal moves after --opening before the players take over, a new draw for each"
                    + " pair of games (one with each colour), seeded by --seed: different games between deterministic"
                    + " players (default ${DEFAULT-VALUE}: none).")
    int randomOpening;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the records to DIR/games.tsv and the summary to DIR/arena.json (Go: also DIR/sgf/game-N.sgf).")
    Path out;

    @Option(names = "--json", description = "Print the summary and records as one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (games <= 0) throw new UserError("--games must be a positive integer but was " + games + ".");
        if (seed < 0) throw new UserError("--seed must be a non-negative integer but was " + seed + ".");
        if (randomOpening < 0) {
            throw new UserError("--random-opening must be 0 or a positive number of moves but was " + randomOpening
                    + ".");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file; expected a directory to write games.tsv and arena.json into.");
        }
        Game game = SolveCommand.game(resolveGameId());
        State start;
        try {
            start = game.stateFromMoves(opening);
        } catch (IllegalArgumentException e) {
            throw new UserError("--opening '" + opening + "' is not a " + game.id() + " position: "
                    + Preflight.sentence(e.getMessage()), e);
        }
        if (start.isTerminal()) throw new UserError("--opening '" + opening + "' is a finished game; nothing to play.");
        opening = Arena.join(openingMoves(game, start)); // normalized, e.g. without spaces
        PrintWriter err = spec.commandLine().getErr();
        GamePlayer pa = PlayerSpecs.parse(a, game, seed * 2 + 1, null, err, "arena");
        GamePlayer pb = PlayerSpecs.parse(b, game, seed * 2 + 2, null, err, "arena");
        PrintWriter w = spec.commandLine().getOut();
        for (GamePlayer p : new GamePlayer[] {pa, pb}) {
            if (p instanceof dev.bellman.games.connectfour.SolverPlayer s && s.depth() == 0 && start.moveNumber() < 8) {
                err.println("bellman arena: note: the perfect solver can take minutes per move"
                        + " in positions with few stones (see 'bellman solve'); --opening with about 8 stones, or"
                        + " solver:DEPTH, keeps it under a second.");
                break;
            }
        }
        if (!json) {
            w.printf(Locale.ROOT, "arena: %s (A) vs %s (B) on %s, %d game%s, seed %d%s%s%n", pa.name(), pb.name(),
                    game.id(), games, games == 1 ? "" : "s", seed, opening.isEmpty() ? "" : ", opening " + opening,
                    randomOpening == 0 ? "" : ", " + randomOpening + " random opening moves per pair of games");
            w.flush();
        }
        Arena.Result r;
        try {
            State from = start;
            IntFunction<State> openings = randomOpening == 0 ? g -> from : g -> Arena.randomOpening(game, from,
                    randomOpening, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + g / 2));
            r = Arena.play(game, openings, pa, pb, games, rec -> {
                if (game instanceof GoGame) goScores.put(rec.number(), GoRecords.scores(rec, pa, pb));
                if (!json) {
                    w.printf(Locale.ROOT, "game %d: %s - %s  %s  %s%s%n", rec.number(), rec.aFirst() ? pa.name() : pb.name(),
                            rec.aFirst() ? pb.name() : pa.name(), rec.result(), rec.fullMoves(),
                            game instanceof GoGame ? "  " + GoRecords.describe(goScores.get(rec.number())) : "");
                    w.flush();
                }
            });
        } finally {
            for (GamePlayer p : new GamePlayer[] {pa, pb}) if (p instanceof GtpPlayer g) g.close();
        }
        if (out != null && game instanceof GoGame) GoRecords.writeSgf(out.resolve("sgf"), r);
        Map<String, Object> summary = summary(game, r);
        if (out != null) {
            Files.createDirectories(out);
            Files2.writeString(out.resolve("games.tsv"), tsv(r));
            Files2.writeString(out.resolve("arena.json"), Files2.JSON.writeValueAsString(summary) + "\n");
        }
        if (json) {
            w.println(Files2.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            EloEstimate e = r.elo();
            w.printf(Locale.ROOT, "%s (A) vs %s (B): %d wins, %d draws, %d losses for A, score %.3f%n", r.a(), r.b(),
                    r.wins(), r.draws(), r.losses(), e.score());
            w.printf(Locale.ROOT, "Elo difference A - B: %s, 95%% interval [%s, %s] (%s)%n", fmt(e.elo()), fmt(e.low()),
                    fmt(e.high()), METHOD);
            if (out != null) w.println("records: " + out.resolve("games.tsv") + ", summary: " + out.resolve("arena.json"));
        }
        return 0;
    }

    static final String METHOD = "normal approximation of the mean score mapped through the logistic Elo curve,"
            + " as cutechess-cli";

    /** Go only: per game, the result by Bellman's area scoring and each GTP engine's final_score. */
    private final Map<Integer, Map<String, String>> goScores = new java.util.HashMap<>();

    /** The opening's moves in the game's notation. */
    private static List<String> openingMoves(Game game, State start) {
        State s = game.newInitialState();
        List<String> moves = new ArrayList<>();
        for (int a : start.history()) {
            moves.add(s.actionToString(a));
            s.apply(a);
        }
        return moves;
    }

    private String resolveGameId() {
        if (gameId != null) return gameId;
        for (String s : new String[] {a, b}) {
            Optional<String> g = PlayerSpecs.impliedGame(s);
            if (g.isPresent()) return g.get();
        }
        throw new UserError("--game is needed when neither player is a run directory; games: "
                + String.join(", ", GameTargets.gameIds()) + ".");
    }

    private Map<String, Object> summary(Game game, Arena.Result r) {
        EloEstimate e = r.elo();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("game", game.id());
        o.put("a", r.a());
        o.put("b", r.b());
        o.put("seed", seed);
        o.put("opening", opening);
        o.put("random_opening", randomOpening);
        o.put("games", r.games().size());
        o.put("wins", r.wins());
        o.put("draws", r.draws());
        o.put("losses", r.losses());
        o.put("score", e.score());
        o.put("elo", finite(e.elo()));
        o.put("elo_low", finite(e.low()));
        o.put("elo_high", finite(e.high()));
        o.put("elo_method", METHOD + "; null = unbounded");
        List<Map<String, Object>> recs = new ArrayList<>();
        for (Arena.Record rec : r.games()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("game", rec.number());
            g.put("first", rec.aFirst() ? r.a() : r.b());
            g.put("second", rec.aFirst() ? r.b() : r.a());
            g.put("result", rec.result());
            g.put("moves", rec.fullMoves());
            if (goScores.containsKey(rec.number())) g.putAll(goScores.get(rec.number()));
            recs.add(g);
        }
        o.put("records", recs);
        return o;
    }

    private String tsv(Arena.Result r) {
        StringBuilder sb = new StringBuilder("game\tfirst\tsecond\tresult\tmoves\n");
        for (Arena.Record rec : r.games()) {
            sb.append(rec.number()).append('\t').append(rec.aFirst() ? r.a() : r.b()).append('\t')
                    .append(rec.aFirst() ? r.b() : r.a()).append('\t').append(rec.result()).append('\t')
                    .append(rec.fullMoves()).append('\n');
        }
        return sb.toString();
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    private static String fmt(double x) {
        if (x == Double.POSITIVE_INFINITY) return "+inf";
        if (x == Double.NEGATIVE_INFINITY) return "-inf";
        return String.format(Locale.ROOT, "%+.0f", x);
    }
}
