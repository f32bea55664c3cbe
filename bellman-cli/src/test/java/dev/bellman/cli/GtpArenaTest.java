package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;
import dev.bellman.games.go.Sgf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bellman arena} over GTP: Bellman's GTP engine ({@code bellman gtp} in its own JVM, as {@code gtp:COMMAND})
 * against GNU Go level 1 ({@code gnugo:1}) on 9x9. The suite plays 2 games with 30 simulations a move; the 10-game
 * match of the docs is {@code -Dgtp.arena.games=10 -Dgtp.arena.sims=1000}.
 */
class GtpArenaTest {
    @Test
    void bellmanGtpEngineAgainstGnuGoLevel1(@TempDir Path dir) throws Exception {
        GnuGoConformanceTest.requireGnuGo();
        int games = Integer.getInteger("gtp.arena.games", 2);
        int sims = Integer.getInteger("gtp.arena.sims", 30);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String engine = "gtp:" + java + " --add-modules jdk.incubator.vector -XX:+UseSerialGC -cp "
                + System.getProperty("java.class.path") + " " + Main.class.getName() + " gtp --simulations " + sims
                + " --size 9";
        Path out = dir.resolve("arena");
        long t0 = System.nanoTime();
        Cli r = Cli.run("arena", engine, "gnugo:1", "--game", "Go9x9", "--games", Integer.toString(games), "--out",
                out.toString(), "--json");
        double wall = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode s = Files2.JSON.readTree(Files.readString(out.resolve("arena.json")));
        System.out.printf("GTP arena: %d games, %s (A) vs gnugo:1: %d wins %d draws %d losses, Elo %s [%s, %s], %.1f s%n",
                games, sims, s.get("wins").asInt(), s.get("draws").asInt(), s.get("losses").asInt(), s.get("elo"),
                s.get("elo_low"), s.get("elo_high"), wall);
        assertEquals(games, s.get("games").asInt());
        assertEquals(games, s.get("wins").asInt() + s.get("draws").asInt() + s.get("losses").asInt());
        assertTrue(s.has("elo") && s.has("elo_low") && s.has("elo_high"));
        for (int i = 0; i < games; i++) {
            JsonNode rec = s.get("records").get(i);
            // colours alternate: the engine (A) is Black in games 1, 3, ...
            assertEquals(i % 2 == 0 ? s.get("a").asText() : "gnugo:1", rec.get("first").asText());
            assertTrue(rec.get("final_score_a").asText().matches("[BW]\\+[0-9.]+|0"), rec.toString());
            assertTrue(rec.get("final_score_b").asText().matches("[BW]\\+[0-9.]+|0"), rec.toString());
            // the SGF replays to the final position, and its result is Bellman's area score of that position
            Sgf.Record sgf = Sgf.read(Files.readString(out.resolve("sgf/game-" + (i + 1) + ".sgf")));
            GoState end = sgf.toState(GoGame.KoRule.POSITIONAL_SUPERKO);
            String result = rec.get("go_result").asText();
            assertEquals(result, sgf.result());
            if (!result.endsWith("+R")) {
                assertEquals(GtpEngine.scoreString(end.score()), result);
                if (!result.equals("0")) {
                    assertEquals(result.startsWith("B+") ? "1-0" : "0-1", rec.get("result").asText(), rec.toString());
                }
            }
            assertEquals(sgf.info().get("PB"), rec.get("first").asText());
        }
    }

    @Test
    void anEngineThatDoesNotStartIsAUserErrorNamingIt() {
        Cli r = Cli.run("arena", "gtp:/nonexistent/engine --mode gtp", "random", "--game", "Go9x9", "--games", "1");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("the GTP engine '/nonexistent/engine --mode gtp' stopped answering"), r.toString());
        Cli t = Cli.run("arena", "gtp:/nonexistent/engine", "random", "--game", "TicTacToe", "--games", "1");
        assertEquals(2, t.exitCode(), t.toString());
        assertTrue(t.err().contains("plays Go only"), t.toString());
    }
}
