package dev.bellman.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.connectfour.ConnectFourSolver;
import org.junit.jupiter.api.Test;

class SolveCommandTest {

    private static void assertUserError(Cli r, String... fragments) {
        assertEquals(2, r.exitCode(), r.toString());
        for (String f : fragments) assertTrue(r.err().contains(f), "expected '" + f + "' in\n" + r);
        assertFalse(r.err().contains("\tat dev.bellman"), "no stack trace without --debug:\n" + r);
        assertEquals(1, r.err().strip().lines().count(), "one paragraph:\n" + r);
    }

    @Test
    void connectFour_json_scoresEveryColumn_nullForFull() throws Exception {
        // columns 4, 5 and 6 are full; the Python fixture script scores this position 0 (a draw)
        String position = "71266124224447453466211355717565563";
        Cli r = Cli.run("solve", "--game", "ConnectFour", "--position", position, "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        JsonNode json = Files2.JSON.readTree(r.out());
        assertEquals(position, json.get("position").asText());
        JsonNode scores = json.get("scores");
        assertEquals(7, scores.size());
        Integer[] expected = new ConnectFourSolver(16).analyze(new ConnectFour().stateFromMoves(position));
        int best = Integer.MIN_VALUE;
        for (int c = 0; c < 7; c++) {
            if (expected[c] == null) {
                assertTrue(scores.get(c).isNull(), "column " + (c + 1) + ": " + r.out());
            } else {
                assertEquals((int) expected[c], scores.get(c).asInt(), "column " + (c + 1));
                best = Math.max(best, expected[c]);
            }
        }
        assertTrue(scores.get(3).isNull() && scores.get(4).isNull() && scores.get(5).isNull(), r.out());
        assertEquals(0, best);
        assertTrue(r.out().startsWith("{\"position\": \"" + position + "\", \"scores\": ["), r.out());
    }

    @Test
    void connectFour_table() {
        Cli r = Cli.run("solve", "--game", "ConnectFour", "--position", "71266124224447453466211355717565563");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("1 2 3 4 5 6 7") && r.out().contains("column full") && r.out().contains("(best)"),
                r.out());
    }

    @Test
    void ticTacToe_minimaxValues() throws Exception {
        Cli r = Cli.run("solve", "--game", "TicTacToe", "--position", "5", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("{\"position\": \"5\", \"scores\": [0, -1, 0, -1, null, -1, 0, -1, 0]}", r.out().strip());
        Cli table = Cli.run("solve", "--game", "TicTacToe", "--position", "12");
        assertTrue(table.out().contains("X to move") && table.out().contains("win  (best)"), table.out());
    }

    @Test
    void badInput_oneParagraphExit2() {
        assertUserError(Cli.run("solve", "--game", "Connect4", "--position", "4453"),
                "unknown game 'Connect4'", "Did you mean 'ConnectFour'?", "Registered games: ConnectFour, Go5x5, ",
                "Go9x9, Go10x10, ", "Go19x19, TicTacToe");
        assertUserError(Cli.run("solve", "--game", "ConnectFour", "--position", "4493"),
                "--position '4493' is not a ConnectFour position", "'9'", "columns 1 to 7");
        assertUserError(Cli.run("solve", "--game", "ConnectFour", "--position", "1111111"),
                "column 1 is full", "legal moves here: 2 3 4 5 6 7");
        assertUserError(Cli.run("solve", "--game", "ConnectFour", "--position", "1212121"),
                "finished game", "the first player won");
        assertUserError(Cli.run("solve", "--game", "TicTacToe", "--position", "14253"), "finished game");
    }
}
