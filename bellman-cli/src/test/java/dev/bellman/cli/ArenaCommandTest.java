package dev.bellman.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.games.Game;
import dev.bellman.games.Games;
import dev.bellman.games.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bellman arena: results, Elo and game records that replay to the reported results. */
class ArenaCommandTest {
    @TempDir
    Path tmp;

    @Test
    void randomAgainstThePerfectSolver_neverScoresAndTheRecordsReplay() throws Exception {
        Path out = tmp.resolve("arena");
        String opening = "44444433"; // eight stones: the perfect solver answers in well under a second
        Cli r = Cli.run("arena", "random", "solver", "--game", "ConnectFour", "--games", "4", "--seed", "3",
                "--opening", opening, "--out", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode o = Files2.JSON.readTree(r.out());
        assertEquals(4, o.get("games").asInt());
        assertEquals(0, o.get("wins").asInt(), "random beat the solver: " + r.out());
        assertEquals(4, o.get("draws").asInt() + o.get("losses").asInt());
        Game game = Games.make("ConnectFour");
        List<String> tsv = Files.readAllLines(out.resolve("games.tsv"));
        assertEquals(5, tsv.size(), "a header and one line per game: " + tsv);
        int losses = 0;
        for (int g = 0; g < 4; g++) {
            JsonNode rec = o.get("records").get(g);
            String moves = rec.get("moves").asText();
            assertTrue(moves.startsWith(opening), moves);
            State s = game.stateFromMoves(moves);
            assertTrue(s.isTerminal(), "the record ends the game: " + moves);
            String first = g % 2 == 0 ? "random" : "solver";
            assertEquals(first, rec.get("first").asText());
            double forFirst = s.returnFor(0);
            assertEquals(forFirst > 0 ? "1-0" : forFirst < 0 ? "0-1" : "1/2-1/2", rec.get("result").asText(), moves);
            double forRandom = g % 2 == 0 ? forFirst : -forFirst;
            if (forRandom < 0) losses++;
            assertEquals((g + 1) + "\t" + first + "\t" + (g % 2 == 0 ? "solver" : "random") + "\t"
                    + rec.get("result").asText() + "\t" + moves, tsv.get(g + 1));
        }
        assertEquals(losses, o.get("losses").asInt());
        assertEquals(Files2.JSON.readTree(out.resolve("arena.json").toFile()), o);
        EloEstimate e = EloEstimate.of(0, o.get("draws").asInt(), losses);
        assertEquals(o.get("score").asDouble(), e.score(), 1e-12);
    }

    @Test
    void textReport_onTicTacToe_showsResultsAndTheEloLine() {
        Cli r = Cli.run("arena", "minimax", "random", "--game", "TicTacToe", "--games", "6");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("arena: minimax (A) vs random (B) on TicTacToe, 6 games, seed 0"), r.out());
        assertEquals(6, r.out().lines().filter(l -> l.startsWith("game ")).count(), r.out());
        assertTrue(r.out().contains(" 0 losses for A"), "minimax never loses: " + r.out());
        assertTrue(r.out().contains("Elo difference A - B: ") && r.out().contains("95% interval")
                && r.out().contains("cutechess-cli"), r.out());
    }

    @Test
    void randomOpening_sharedByEachPairOfGames_newForEachPair_replayable() throws Exception {
        String[] args = {"arena", "mcts:16", "solver:2", "--game", "ConnectFour", "--games", "6", "--seed", "5",
                "--opening", "4", "--random-opening", "3", "--json"};
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode o = Files2.JSON.readTree(r.out());
        assertEquals(3, o.get("random_opening").asInt());
        Game game = Games.make("ConnectFour");
        java.util.Set<String> openings = new java.util.HashSet<>();
        for (int g = 0; g < 6; g++) {
            String moves = o.get("records").get(g).get("moves").asText();
            assertTrue(moves.startsWith("4") && moves.length() > 4, moves);
            assertTrue(game.stateFromMoves(moves).isTerminal(), "the record is a whole game: " + moves);
            String opening = moves.substring(0, 4);
            if (g % 2 == 1) {
                String before = o.get("records").get(g - 1).get("moves").asText().substring(0, 4);
                assertEquals(before, opening, "games " + g + " and " + (g + 1) + " share their opening");
            }
            openings.add(opening);
        }
        assertEquals(3, openings.size(), "a new opening for each pair: " + openings);
        assertEquals(r.out(), Cli.run(args).out(), "the same seed replays the match");
        Cli bad = Cli.run("arena", "random", "random", "--game", "ConnectFour", "--random-opening", "-2");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("--random-opening") && bad.err().contains("-2"), bad.toString());
    }

    @Test
    void badInput_isOneParagraphNamingTheValue() {
        Cli bad = Cli.run("arena", "random", "mtcs:5", "--game", "ConnectFour");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("player 'mtcs:5'") && bad.err().contains("mcts:N"), bad.toString());
        Cli noGame = Cli.run("arena", "random", "mcts:5");
        assertEquals(2, noGame.exitCode(), noGame.toString());
        assertTrue(noGame.err().contains("--game is needed") && noGame.err().contains("ConnectFour"), noGame.toString());
        Cli opening = Cli.run("arena", "random", "random", "--game", "ConnectFour", "--opening", "48");
        assertEquals(2, opening.exitCode(), opening.toString());
        assertTrue(opening.err().contains("--opening '48'"), opening.toString());
    }
}
