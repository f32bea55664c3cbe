package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bellman.core.LinePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bellman ladder ARENA_DIR... --anchor P --out DIR}: Elo ratings of every player of several {@code bellman
 * arena} matches, fitted together ({@link EloLadder}), printed as a table and written as {@code ladder.json},
 * {@code ladder.csv} and {@code ladder.png}. In the chart, players named after a training snapshot
 * ({@code RUN/snapshots/step-N}, which arena names {@code step-N:sims=S}) form a curve over N; every other player is
 * a horizontal line at its rating.
 */
@Command(name = "ladder", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Fit Elo ratings to the matches that 'bellman arena --out DIR' wrote (every pairing together:"
                + " maximum likelihood of the logistic Elo model, one virtual draw per pairing, 95%% intervals), print"
                + " them and write DIR/ladder.json, ladder.csv and ladder.png: training snapshots (step-N players,"
                + " from --set snapshot-interval=K) as a curve over training, other players as horizontal lines."},
        footer = {"", "Examples:",
                "  bellman ladder arena/* --anchor random --out ladder",
                "  bellman ladder arena/s1-vs-random arena/s1-vs-gnugo1 --anchor gnugo:1"})
final class LadderCommand implements Callable<Integer> {
    private static final Pattern SNAPSHOT = Pattern.compile("^step-0*(\\d+)(:.*)?$");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ARENA_DIR",
            description = "Directories written by 'bellman arena --out' (their arena.json), or arena.json files.")
    List<Path> arenas;

    @Option(names = "--anchor", defaultValue = "random", paramLabel = "PLAYER",
            description = "The player rated 0, as the matches name it (default ${DEFAULT-VALUE}).")
    String anchor;

    @Option(names = "--out", paramLabel = "DIR", description = "Write ladder.json, ladder.csv and ladder.png here.")
    Path out;

    @Option(names = "--json", description = "Print the ratings as one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file; expected a directory for ladder.json, ladder.csv and"
                    + " ladder.png.");
        }
        List<EloLadder.Match> matches = new ArrayList<>();
        for (Path p : arenas) matches.add(read(p));
        List<String> players = new ArrayList<>();
        for (EloLadder.Match m : matches) {
            if (!players.contains(m.a())) players.add(m.a());
            if (!players.contains(m.b())) players.add(m.b());
        }
        if (!players.contains(anchor)) {
            String hint = dev.bellman.core.Suggest.closest(anchor, players).map(s -> " Did you mean '" + s + "'?")
                    .orElse("");
            throw new UserError("--anchor '" + anchor + "' played none of the matches; players: "
                    + String.join(", ", players) + "." + hint);
        }
        List<EloLadder.Rating> ratings;
        try {
            ratings = EloLadder.fit(matches, anchor);
        } catch (IllegalArgumentException e) {
            throw new UserError("bellman ladder: " + Preflight.sentence(e.getMessage()), e);
        }
        Map<String, Object> summary = summary(matches, ratings);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Files2.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            w.printf(Locale.ROOT, "%d matches, %d players, anchor %s = 0%n", matches.size(), ratings.size(), anchor);
            w.printf(Locale.ROOT, "%-40s %8s  %-20s %6s%n", "player", "Elo", "95% interval", "games");
            for (EloLadder.Rating r : ratings) {
                String interval = String.format(Locale.ROOT, "[%+.0f, %+.0f]", r.low(), r.high());
                w.printf(Locale.ROOT, "%-40s %+8.0f  %-20s %6d%n", r.player(), r.elo(), interval, r.games());
            }
        }
        if (out != null) {
            Files.createDirectories(out);
            Files2.writeString(out.resolve("ladder.json"), Files2.JSON.writeValueAsString(summary) + "\n");
            StringBuilder csv = new StringBuilder("player,elo,elo_low,elo_high,games\n");
            for (EloLadder.Rating r : ratings) {
                csv.append(String.format(Locale.ROOT, "%s,%.1f,%.1f,%.1f,%d%n", quote(r.player()), r.elo(), r.low(),
                        r.high(), r.games()));
            }
            Files2.writeString(out.resolve("ladder.csv"), csv.toString());
            chart(ratings).write(out.resolve("ladder.png"));
            if (!json) w.println("wrote " + out.resolve("ladder.json") + ", ladder.csv and ladder.png");
        }
        return 0;
    }

    /** One match from {@code p}/arena.json (or {@code p} itself when it is that file); refused by name when bad. */
    static EloLadder.Match read(Path p) {
        Path file = Files.isDirectory(p) ? p.resolve("arena.json") : p;
        if (!Files.isRegularFile(file)) {
            throw new UserError(p + " has no arena.json; expected a directory that 'bellman arena --out DIR' wrote.");
        }
        JsonNode n;
        try {
            n = Files2.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError(file + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ");"
                    + " expected the summary that 'bellman arena --out' writes.", e);
        }
        for (String f : new String[] {"a", "b"}) {
            if (!n.path(f).isTextual()) throw new UserError(file + " is corrupt: it has no '" + f + "' player name.");
        }
        for (String f : new String[] {"wins", "draws", "losses"}) {
            if (!n.path(f).canConvertToInt() || n.path(f).asInt() < 0) {
                throw new UserError(file + " is corrupt: '" + f + "' must be a non-negative integer.");
            }
        }
        try {
            return new EloLadder.Match(n.get("a").asText(), n.get("b").asText(), n.get("wins").asInt(),
                    n.get("draws").asInt(), n.get("losses").asInt());
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + Preflight.sentence(e.getMessage()), e);
        }
    }

    private Map<String, Object> summary(List<EloLadder.Match> matches, List<EloLadder.Rating> ratings) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("anchor", anchor);
        o.put("method", "maximum likelihood of P(i beats j) = 1 / (1 + 10^((r_j - r_i) / 400)), draws as half a win,"
                + " " + (int) EloLadder.PRIOR_DRAWS + " virtual draw per pairing; 95% interval r +- 1.96 sd from the"
                + " inverse observed information");
        List<Map<String, Object>> rs = new ArrayList<>();
        for (EloLadder.Rating r : ratings) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("player", r.player());
            e.put("elo", r.elo());
            e.put("elo_low", r.low());
            e.put("elo_high", r.high());
            e.put("games", r.games());
            snapshotStep(r.player()).ifPresent(s -> e.put("step", s));
            rs.add(e);
        }
        o.put("ratings", rs);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (EloLadder.Match m : matches) {
            ms.add(Map.of("a", m.a(), "b", m.b(), "wins", m.wins(), "draws", m.draws(), "losses", m.losses()));
        }
        o.put("matches", ms);
        return o;
    }

    /** The training step of a snapshot player ({@code step-N...}), if it is one. */
    static Optional<Long> snapshotStep(String player) {
        Matcher m = SNAPSHOT.matcher(player);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** Snapshots as a curve over training steps, with its 95% band; every other player a horizontal line. */
    static LinePlot chart(List<EloLadder.Rating> ratings) {
        List<EloLadder.Rating> snapshots = new ArrayList<>(), others = new ArrayList<>();
        for (EloLadder.Rating r : ratings) (snapshotStep(r.player()).isPresent() ? snapshots : others).add(r);
        snapshots.sort(Comparator.comparingLong(r -> snapshotStep(r.player()).orElseThrow()));
        LinePlot plot = new LinePlot("Elo ladder", snapshots.isEmpty() ? "" : "training step of the snapshot", "Elo");
        double x0 = 0, x1 = 1;
        if (!snapshots.isEmpty()) {
            int n = snapshots.size();
            double[] x = new double[n], y = new double[n], lo = new double[n], hi = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = snapshotStep(snapshots.get(i).player()).orElseThrow();
                y[i] = snapshots.get(i).elo();
                lo[i] = snapshots.get(i).low();
                hi[i] = snapshots.get(i).high();
            }
            x0 = x[0];
            x1 = n > 1 ? x[n - 1] : x[0] + 1;
            String name = snapshots.get(0).player().replaceFirst("^step-0*\\d+", "snapshots");
            plot.series(name, x, y).series("95% low", x, lo).series("95% high", x, hi);
        }
        for (EloLadder.Rating r : others) {
            plot.series(String.format(Locale.ROOT, "%s %+.0f", r.player(), r.elo()), new double[] {x0, x1},
                    new double[] {r.elo(), r.elo()});
        }
        return plot;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
