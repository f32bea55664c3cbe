package dev.bellman.cli;

import dev.bellman.games.GamePlayer;
import dev.bellman.games.go.GoState;
import dev.bellman.games.go.Sgf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The Go side of {@code bellman arena}: each game's area-scoring result, the engines' own final_score, SGF files. */
final class GoRecords {
    private GoRecords() {}

    /**
     * {@code result}: the adjudicated result ({@code B+R}/{@code W+R} after a resignation, else Bellman's area score of
     * the final position); {@code final_score_a}/{@code final_score_b}: each player's own count, a GTP engine's
     * {@code final_score} or, for an in-process player, Bellman's area score.
     */
    static Map<String, String> scores(Arena.Record rec, GamePlayer a, GamePlayer b) {
        GoState end = (GoState) rec.end();
        String area = GtpEngine.scoreString(end.score());
        Map<String, String> m = new LinkedHashMap<>();
        m.put("go_result", rec.resigned() >= 0 ? (rec.resigned() == 0 ? "W+R" : "B+R") : area);
        m.put("area_score", area);
        m.put("final_score_a", a instanceof GtpPlayer g ? g.finalScore() : area);
        m.put("final_score_b", b instanceof GtpPlayer g ? g.finalScore() : area);
        return m;
    }

    static String describe(Map<String, String> scores) {
        return String.format(Locale.ROOT, "%s (area %s; final_score A %s, B %s)", scores.get("go_result"),
                scores.get("area_score"), scores.get("final_score_a"), scores.get("final_score_b"));
    }

    /** Writes {@code dir/game-N.sgf} for every game of {@code r}, with the players' names and the result. */
    static void writeSgf(Path dir, Arena.Result r) throws IOException {
        Files.createDirectories(dir);
        for (Arena.Record rec : r.games()) {
            GoState end = (GoState) rec.end();
            Sgf.Record s = Sgf.fromState(end);
            String result = rec.resigned() >= 0 ? (rec.resigned() == 0 ? "W+R" : "B+R")
                    : GtpEngine.scoreString(end.score());
            Map<String, String> info = new LinkedHashMap<>();
            info.put("PB", rec.aFirst() ? r.a() : r.b());
            info.put("PW", rec.aFirst() ? r.b() : r.a());
            info.put("RU", "Chinese");
            s = new Sgf.Record(s.size(), s.komi(), result, s.setupBlack(), s.setupWhite(), s.playerToMove(), s.moves(),
                    "bellman arena game " + rec.number() + ", area scoring (Tromp-Taylor)", info);
            Files2.writeString(dir.resolve("game-" + rec.number() + ".sgf"), Sgf.write(s));
        }
    }
}
