package dev.bellman.cli;

import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;
import dev.bellman.games.go.Sgf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bellman go-records}: GNU Go self-play records that differ, end properly and replay with {@link Sgf}. */
class GoRecordsCommandTest {
    @Test
    void writesDifferentFinishedReplayableGames(@TempDir Path dir) throws Exception {
        GnuGoConformanceTest.requireGnuGo();
        Path out = dir.resolve("records");
        Cli r = Cli.run("go-records", "--level", "0", "--games", "3", "--size", "5", "--komi", "3.5", "--seed", "4",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        Set<String> games = new HashSet<>();
        for (int g = 1; g <= 3; g++) {
            String text = Files.readString(out.resolve("game-" + g + ".sgf"));
            Sgf.Record rec = Sgf.read(text);
            assertEquals(5, rec.size());
            assertEquals(3.5, rec.komi());
            assertEquals("gnugo:0", rec.info().get("PB"));
            // the two random opening moves are marked, GNU Go's are not
            assertEquals(GoRecordsCommand.RANDOM_COMMENT, rec.moves().get(0).comment());
            assertEquals(GoRecordsCommand.RANDOM_COMMENT, rec.moves().get(1).comment());
            assertEquals("", rec.moves().get(2).comment());
            GoState end = rec.toState(GoGame.KoRule.POSITIONAL_SUPERKO);
            String result = rec.result();
            if (result.endsWith("+R")) {
                assertTrue(!end.isTerminal(), text);
            } else { // two passes (or the move cap), and RE is the area score of the final position
                assertTrue(end.isTerminal(), text);
                assertEquals(GtpEngine.scoreString(end.score()), result);
            }
            games.add(String.valueOf(rec.moves().stream().map(m -> m.action()).toList()));
        }
        assertEquals(3, games.size(), "the three games differ");
        // the same seed writes the same games
        Path again = dir.resolve("again");
        assertEquals(0, Cli.run("go-records", "--level", "0", "--games", "1", "--size", "5", "--komi", "3.5", "--seed",
                "4", "--out", again.toString()).exitCode());
        assertEquals(Files.readString(out.resolve("game-1.sgf")), Files.readString(again.resolve("game-1.sgf")));
    }

    @Test
    void refusesABadLevel(@TempDir Path dir) {
        Cli r = Cli.run("go-records", "--level", "11", "--out", dir.toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("--level must be 0 to 10"), r.toString());
    }
}
