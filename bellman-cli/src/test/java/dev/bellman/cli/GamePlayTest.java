package dev.bellman.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bellman play on a game run: a person (scripted stdin) against a tiny trained AlphaZero run, and other opponents. */
class GamePlayTest {
    @TempDir
    static Path tmp;

    static Path run;
    private final InputStream stdin = System.in;

    @BeforeAll
    static void train() {
        run = tmp.resolve("ttt");
        Cli r = Cli.run("train", "--algo", "alphazero", "--env", "TicTacToe", "--run-dir", run.toString(),
                "--total-timesteps", "20", "--no-plot", "--set", "simulations=8", "--set", "games-per-iteration=2", "--set",
                "parallel-games=2", "--set", "train-steps=1", "--set", "batch-size=8", "--set", "channels=4", "--set",
                "value-hidden=4", "--set", "eval-interval=100", "--set", "eval-simulations=4");
        assertEquals(0, r.exitCode(), r.toString());
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private static Cli playWithInput(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return Cli.run(args);
    }

    @Test
    void aPersonPlays_illegalInputIsAskedAgainWithTheLegalMoves() {
        // the person moves first and tries the cells in order: a taken cell or a non-move is refused and asked again
        Cli r = playWithInput("x\n0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n", "play", "--run-dir", run.toString(), "--opponent",
                "human", "--simulations", "4");
        assertEquals(0, r.exitCode(), r.toString());
        String out = r.out();
        assertTrue(out.contains("game 1: X = human, O = run"), out);
        assertTrue(out.contains("your move (X; legal: 1 2 3 4 5 6 7 8 9): "), out);
        assertTrue(out.contains("'x' is not a legal move here; legal moves: 1 2 3 4 5 6 7 8 9."), out);
        assertTrue(out.contains("'0' is not a legal move here"), out);
        // the prompt has no newline and scripted input is not echoed: "your move (...): human plays 1"
        List<String> humanMoves = java.util.regex.Pattern.compile("human plays (\\d)").matcher(out).results()
                .map(m -> m.group(1)).toList();
        assertEquals("1", humanMoves.get(0), out);
        for (int i = 1; i < humanMoves.size(); i++) {
            assertTrue(Integer.parseInt(humanMoves.get(i)) > Integer.parseInt(humanMoves.get(i - 1)), out);
        }
        List<String> runMoves = out.lines().filter(l -> l.startsWith("run plays ")).map(l -> l.substring(10)).toList();
        for (String m : runMoves) {
            int cell = Integer.parseInt(m);
            // a cell the person asked for later and was refused must have been taken by the run
            assertTrue(!humanMoves.contains(m) && cell >= 1 && cell <= 9, out);
        }
        String last = out.lines().filter(l -> l.equals("the run wins") || l.equals("human wins") || l.equals("a draw"))
                .findFirst().orElse(null);
        assertTrue(last != null, "no result line:\n" + out);
        String moves = out.lines().filter(l -> l.startsWith("moves: ")).findFirst().orElseThrow().substring(7);
        assertEquals(humanMoves.size() + runMoves.size(), moves.length(), out);
    }

    @Test
    void theInputEndingBeforeTheGame_isAUserError() {
        Cli r = playWithInput("5\n", "play", "--run-dir", run.toString(), "--simulations", "4");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("the input ended before the game did"), r.toString());
        assertTrue(!r.err().contains("\tat dev.bellman"), r.toString());
    }

    @Test
    void otherOpponents_playWholeGamesAlternatingColours() throws Exception {
        Cli r = Cli.run("play", "--run-dir", run.toString(), "--opponent", "minimax", "--episodes", "2", "--first", "run",
                "--simulations", "4");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("game 1: X = run, O = minimax") && r.out().contains("game 2: X = minimax, O = run"),
                r.out());
        assertTrue(r.out().contains("run: 0 wins,"), "the minimax player never loses: " + r.out());
        // a run directory as an arena player: its game is the default --game, ":sims=N" its search
        Cli arena = Cli.run("arena", run + ":sims=4", "random", "--games", "2", "--json");
        assertEquals(0, arena.exitCode(), arena.toString());
        var o = Files2.JSON.readTree(arena.out());
        assertEquals("TicTacToe", o.get("game").asText());
        assertEquals("ttt:sims=4", o.get("a").asText());
        assertEquals(2, o.get("wins").asInt() + o.get("draws").asInt() + o.get("losses").asInt());
        Cli bad = Cli.run("play", "--run-dir", run.toString(), "--opponent", "solver:3");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("player 'solver:3'"), bad.toString());
    }
}
