package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bellman ladder: ratings from real arena matches, files written, bad input refused by name. */
class LadderCommandTest {
    @TempDir
    Path tmp;

    @Test
    void threeRealMatches_rateMinimaxAboveMctsAboveRandom_andWriteTheFiles() throws Exception {
        String[][] pairs = {{"minimax", "random"}, {"mcts:200", "random"}, {"minimax", "mcts:200"}};
        for (String[] p : pairs) {
            Cli r = Cli.run("arena", p[0], p[1], "--game", "TicTacToe", "--games", "20", "--seed", "1", "--out",
                    tmp.resolve(p[0] + "-" + p[1]).toString());
            assertEquals(0, r.exitCode(), r.toString());
        }
        Path out = tmp.resolve("ladder");
        Cli r = Cli.run("ladder", tmp.resolve("minimax-random").toString(), tmp.resolve("mcts:200-random").toString(),
                tmp.resolve("minimax-mcts:200").toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode o = Files2.JSON.readTree(r.out());
        assertEquals("random", o.get("anchor").asText());
        double minimax = Double.NaN, mcts = Double.NaN;
        for (JsonNode e : o.get("ratings")) {
            if (e.get("player").asText().equals("minimax")) minimax = e.get("elo").asDouble();
            if (e.get("player").asText().equals("mcts:200")) mcts = e.get("elo").asDouble();
            if (e.get("player").asText().equals("random")) assertEquals(0, e.get("elo").asDouble(), 0);
        }
        assertTrue(minimax > mcts && mcts > 0, "minimax " + minimax + ", mcts " + mcts + ": " + r.out());
        assertEquals(Files2.JSON.readTree(out.resolve("ladder.json").toFile()), o);
        List<String> csv = Files.readAllLines(out.resolve("ladder.csv"));
        assertEquals("player,elo,elo_low,elo_high,games", csv.get(0));
        assertEquals(4, csv.size(), csv.toString());
        assertTrue(javax.imageio.ImageIO.read(out.resolve("ladder.png").toFile()).getWidth() > 0);
    }

    @Test
    void snapshotPlayers_areACurveOverTheirSteps() throws Exception {
        write(tmp.resolve("m1"), "step-000000001000:sims=50", "random", 6, 0, 4);
        write(tmp.resolve("m2"), "step-000000002000:sims=50", "random", 9, 0, 1);
        write(tmp.resolve("m3"), "step-000000002000:sims=50", "step-000000001000:sims=50", 7, 1, 2);
        Path out = tmp.resolve("ladder");
        Cli r = Cli.run("ladder", tmp.resolve("m1").toString(), tmp.resolve("m2").toString(),
                tmp.resolve("m3").resolve("arena.json").toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("3 matches, 3 players, anchor random = 0"), r.out());
        JsonNode o = Files2.JSON.readTree(out.resolve("ladder.json").toFile());
        assertEquals(1000, o.get("ratings").get(0).get("step").asLong());
        assertTrue(o.get("ratings").get(2).get("elo").asDouble() > o.get("ratings").get(0).get("elo").asDouble());
        assertEquals(2000, LadderCommand.snapshotStep("step-000000002000:sims=50").orElseThrow());
        assertTrue(LadderCommand.snapshotStep("gnugo:1").isEmpty());
        assertTrue(Files.size(out.resolve("ladder.png")) > 0);
    }

    @Test
    void badInput_isRefusedByNameWithoutAStackTrace() throws Exception {
        write(tmp.resolve("m1"), "a", "random", 1, 0, 1);
        Cli missing = Cli.run("ladder", tmp.resolve("nowhere").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("nowhere has no arena.json"), missing.err());
        Cli anchor = Cli.run("ladder", tmp.resolve("m1").toString(), "--anchor", "randon");
        assertEquals(2, anchor.exitCode(), anchor.toString());
        assertTrue(anchor.err().contains("--anchor 'randon'") && anchor.err().contains("Did you mean 'random'?"),
                anchor.err());
        Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(tmp.resolve("bad/arena.json"), "{\"a\": \"x\", \"b\": \"y\", \"wins\": -1}");
        Cli corrupt = Cli.run("ladder", tmp.resolve("bad").toString(), "--anchor", "x");
        assertEquals(2, corrupt.exitCode(), corrupt.toString());
        assertTrue(corrupt.err().contains("'wins' must be a non-negative integer"), corrupt.err());
        write(tmp.resolve("m2"), "c", "d", 1, 0, 1);
        Cli apart = Cli.run("ladder", tmp.resolve("m1").toString(), tmp.resolve("m2").toString());
        assertEquals(2, apart.exitCode(), apart.toString());
        assertTrue(apart.err().contains("no chain of matches links c, d to the anchor"), apart.err());
        for (Cli c : List.of(missing, anchor, corrupt, apart)) assertTrue(!c.err().contains("\tat "), c.err());
    }

    private static void write(Path dir, String a, String b, int w, int d, int l) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("arena.json"), String.format(
                "{\"a\": \"%s\", \"b\": \"%s\", \"wins\": %d, \"draws\": %d, \"losses\": %d}", a, b, w, d, l));
    }
}
