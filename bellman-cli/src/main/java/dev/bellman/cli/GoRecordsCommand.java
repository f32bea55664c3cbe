package dev.bellman.cli;

import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoPlayouts;
import dev.bellman.games.go.GoState;
import dev.bellman.games.go.Sgf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code bellman go-records --level L --games N --out DIR}: expert Go game records from GNU Go self-play, one SGF file
 * per game, for the AlphaGo pipeline's supervised stages ({@code bellman train --algo alphago --demos DIR}).
 *
 * <p>GNU Go is deterministic for a given {@code --seed}, so two things make the games differ: game {@code g} (from 0)
 * runs a fresh GNU Go with {@code --seed S+g}, and its first {@code --random-moves} moves are drawn uniformly from the
 * legal points that fill no eye-like point of the mover ({@link GoPlayouts#randomMove}), from a generator seeded with
 * {@code S} and {@code g}. Those moves carry the comment {@value #RANDOM_COMMENT} so that training can leave them out.
 * GNU Go then plays both colours ({@code genmove}) until two passes in a row, a resignation, or the game's move cap;
 * a move that Bellman's positional superko forbids (GNU Go knows only simple ko) is taken back ({@code undo}) and played
 * as a pass. The result ({@code RE}) is the resignation or Bellman's area score of the final position.
 */
@Command(name = "go-records", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Write SGF records of GNU Go self-play at a chosen level (expert games for"
                + " 'bellman train --algo alphago --demos DIR'). Game g runs GNU Go with --seed S+g after"
                + " --random-moves uniformly random opening moves, so the games differ."},
        footer = {"", "Examples:",
                "  bellman go-records --level 1 --games 200 --out records/gnugo1-9x9",
                "  bellman go-records --level 10 --games 50 --size 7 --komi 9 --seed 3 --out records/gnugo10-7x7"})
final class GoRecordsCommand implements Callable<Integer> {
    /** The comment on the random opening moves. */
    static final String RANDOM_COMMENT = "random opening move";

    @Spec
    CommandSpec spec;

    @Option(names = "--engine", defaultValue = "gnugo", paramLabel = "ENGINE",
            description = "The engine: gnugo (GNU Go at --level; default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--level", defaultValue = "1", paramLabel = "L", description = "GNU Go's level, 0 to 10 (default ${DEFAULT-VALUE}).")
    int level;

    @Option(names = "--games", defaultValue = "10", paramLabel = "N", description = "Games to write (default ${DEFAULT-VALUE}).")
    int games;

    @Option(names = "--size", defaultValue = "9", paramLabel = "N", description = "Board size, 5 to 19 (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--komi", defaultValue = "7.5", paramLabel = "K", description = "Komi (default ${DEFAULT-VALUE}).")
    double komi;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Game g runs GNU Go with --seed S+g and draws its random opening from S and g (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--random-moves", defaultValue = "2", paramLabel = "M",
            description = "Uniformly random opening moves before GNU Go plays (default ${DEFAULT-VALUE}).")
    int randomMoves;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for game-1.sgf, game-2.sgf, ...")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!engine.equals("gnugo")) {
            throw new UserError("--engine '" + engine + "' is not supported: expected gnugo (GNU Go over GTP).");
        }
        if (level < 0 || level > 10) throw new UserError("--level must be 0 to 10 (GNU Go's levels) but was " + level + ".");
        if (games < 1) throw new UserError("--games must be at least 1 but was " + games + ".");
        if (randomMoves < 0) throw new UserError("--random-moves must be at least 0 but was " + randomMoves + ".");
        GoGame game;
        try {
            game = new GoGame(GoGame.Config.of(size).withKomi(komi));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + ".");
        }
        String exe = GtpClient.gnugo();
        if (exe == null) {
            throw new UserError("GNU Go is not installed (no gnugo on the PATH nor /usr/games/gnugo); install the Debian"
                    + " package gnugo.");
        }
        Files.createDirectories(out);
        int replaced = 0;
        for (int g = 0; g < games; g++) {
            String command = exe + " --mode gtp --level " + level + " --seed " + (seed + g)
                    + " --chinese-rules --capture-all-dead";
            Game played;
            try (GtpClient client = new GtpClient(command)) {
                played = play(client, game, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + g), randomMoves);
            }
            replaced += played.replaced();
            Sgf.Record r = Sgf.fromState(played.end());
            Map<String, String> info = new LinkedHashMap<>();
            info.put("PB", "gnugo:" + level);
            info.put("PW", "gnugo:" + level);
            info.put("RU", "Chinese");
            List<Sgf.Move> moves = new ArrayList<>(r.moves());
            for (int i = 0; i < Math.min(played.random(), moves.size()); i++) {
                Sgf.Move m = moves.get(i);
                moves.set(i, new Sgf.Move(m.player(), m.action(), RANDOM_COMMENT));
            }
            r = new Sgf.Record(r.size(), r.komi(), played.result(), r.setupBlack(), r.setupWhite(), r.playerToMove(),
                    moves, "GNU Go level " + level + " self-play, --seed " + (seed + g) + ", " + played.random()
                    + " random opening moves; area scoring (Tromp-Taylor)", info);
            Files2.writeString(out.resolve("game-" + (g + 1) + ".sgf"), Sgf.write(r));
            err.println("game " + (g + 1) + "/" + games + ": " + played.end().moveNumber() + " moves, " + played.result());
            err.flush();
        }
        spec.commandLine().getOut().println("wrote " + games + " games to " + out
                + (replaced > 0 ? " (" + replaced + " GNU Go moves forbidden by positional superko played as passes)" : ""));
        return 0;
    }

    /** One finished game: its end, result string, random opening moves played, superko replacements. */
    record Game(GoState end, String result, int random, int replaced) {}

    /** Plays one game: {@code randomMoves} random moves, then GNU Go for both colours. */
    static Game play(GtpClient client, GoGame game, SplittableRandom random, int randomMoves) {
        client.send("boardsize " + game.size());
        client.send("clear_board");
        client.send("komi " + game.komi());
        GoState s = game.newInitialState();
        int random0 = 0, replaced = 0;
        while (!s.isTerminal() && random0 < randomMoves) {
            int a = GoPlayouts.randomMove(s, random);
            client.send("play " + colour(s) + " " + game.actionToString(a));
            s.apply(a);
            random0++;
        }
        while (!s.isTerminal()) {
            String r = client.send("genmove " + colour(s));
            if (r.equalsIgnoreCase("resign")) {
                return new Game(s, s.mover() == 0 ? "W+R" : "B+R", random0, replaced);
            }
            int a = game.stringToAction(r);
            if (!s.isLegal(a)) { // positional superko: GNU Go knows only simple ko
                client.send("undo");
                a = game.passAction();
                client.send("play " + colour(s) + " pass");
                replaced++;
            }
            s.apply(a);
        }
        return new Game(s, GtpEngine.scoreString(s.score()), random0, replaced);
    }

    private static String colour(GoState s) {
        return s.mover() == 0 ? "black" : "white";
    }
}
