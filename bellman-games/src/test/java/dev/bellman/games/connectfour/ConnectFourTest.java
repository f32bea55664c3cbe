package dev.bellman.games.connectfour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.games.Games;
import dev.bellman.games.RandomPlayer;
import dev.bellman.games.State;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectFourTest {
    private final ConnectFour game = new ConnectFour();

    private void assertWin(String moves, int winner) {
        ConnectFourState s = game.stateFromMoves(moves);
        assertTrue(s.isTerminal(), moves + "\n" + s);
        assertEquals(winner, s.winner(), moves + "\n" + s);
        assertEquals(State.TERMINAL, s.currentPlayer());
        assertArrayEquals(winner == 0 ? new double[] {1, -1} : new double[] {-1, 1}, s.returns());
        assertEquals(0, s.legalActions().length);
        // one move earlier the game was still on
        s.undo();
        assertFalse(s.isTerminal(), moves);
        assertEquals(-1, s.winner());
    }

    @Test
    void wins_inEveryDirection() {
        assertWin("1122334", 0);       // horizontal, bottom row, left edge
        assertWin("4455667", 0);       // horizontal, right edge
        assertWin("1122443", 0);       // horizontal, the last stone fills a gap
        assertWin("1212121", 0);       // vertical
        assertWin("21312131", 1);      // vertical, second player
        assertWin("12234334544", 0);   // diagonal rising to the right
        assertWin("76654554344", 0);   // diagonal rising to the left
        ConnectFourState diag = game.stateFromMoves("12234334544");
        for (int i = 0; i < 4; i++) assertEquals(0, diag.stoneAt(i, i));
    }

    @Test
    void winDetection_agreesWithAPlainScanOfTheGrid() {
        // random games; after every move the winner must be what a cell-by-cell scan of all lines finds, which also
        // catches lines that wrap across column edges in the bitboard
        RandomPlayer player = new RandomPlayer(5);
        int wins = 0;
        for (int g = 0; g < 400; g++) {
            ConnectFourState s = game.newInitialState();
            while (!s.isTerminal()) {
                int mover = s.currentPlayer();
                s.apply(player.chooseAction(s));
                boolean line = scanForFour(s, mover);
                assertEquals(line ? mover : -1, s.winner(), s.serialize() + "\n" + s);
                if (line) wins++;
            }
        }
        assertTrue(wins > 300, "wins " + wins);
    }

    private static boolean scanForFour(ConnectFourState s, int player) {
        int[][] dirs = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};
        for (int c = 0; c < 7; c++) {
            for (int r = 0; r < 6; r++) {
                for (int[] d : dirs) {
                    int k = 0;
                    while (k < 4) {
                        int cc = c + k * d[0];
                        int rr = r + k * d[1];
                        if (cc < 0 || cc >= 7 || rr < 0 || rr >= 6 || s.stoneAt(cc, rr) != player) break;
                        k++;
                    }
                    if (k == 4) return true;
                }
            }
        }
        return false;
    }

    @Test
    void fullBoardWithoutLine_isDraw() {
        ConnectFourState s = game.stateFromMoves("126613431456475467333341527215612225546777");
        assertTrue(s.isTerminal());
        assertEquals(-1, s.winner());
        assertEquals(42, s.moveNumber());
        assertArrayEquals(new double[] {0, 0}, s.returns());
        assertEquals(State.TERMINAL, s.currentPlayer());
        assertThrows(IllegalStateException.class, () -> s.apply(0));
    }

    @Test
    void illegalMoves_rejectedNamingMoveAndLegalMoves() {
        ConnectFourState s = game.stateFromMoves("111111");
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> s.apply(0));
        assertTrue(full.getMessage().contains("move 1") && full.getMessage().contains("column 1 is full")
                && full.getMessage().contains("legal moves: 2 3 4 5 6 7"), full.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> s.apply(7));
        assertTrue(range.getMessage().contains("action 7") && range.getMessage().contains("legal moves: 2 3 4 5 6 7"),
                range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.apply(-1));
        ConnectFourState over = game.stateFromMoves("1212121");
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> over.apply(2));
        assertTrue(after.getMessage().contains("move 3") && after.getMessage().contains("game is over"),
                after.getMessage());
        assertFalse(s.isLegal(0));
        assertFalse(s.isLegal(7));
        assertFalse(over.isLegal(2));
        IllegalArgumentException parsedFull = assertThrows(IllegalArgumentException.class,
                () -> game.stateFromMoves("1111111"));
        assertTrue(parsedFull.getMessage().contains("column 1 is full"), parsedFull.getMessage());
        IllegalArgumentException parsedBad = assertThrows(IllegalArgumentException.class,
                () -> game.stateFromMoves("4483"));
        assertTrue(parsedBad.getMessage().contains("'8'") && parsedBad.getMessage().contains("position 3"),
                parsedBad.getMessage());
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                () -> game.stateFromMoves("12121214"));
        assertTrue(late.getMessage().contains("after the end"), late.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.stringToAction("8"));
        assertEquals(3, s.stringToAction("4"));
        assertEquals("4", s.actionToString(3));
    }

    @Test
    void legalActionsAndMask() {
        ConnectFourState s = game.stateFromMoves("444444");
        assertArrayEquals(new int[] {0, 1, 2, 4, 5, 6}, s.legalActions());
        boolean[] mask = new boolean[7];
        s.legalActionsMask(mask);
        assertArrayEquals(new boolean[] {true, true, true, false, true, true, true}, mask);
        assertEquals(6, s.columnHeight(3));
        assertEquals(0, s.stoneAt(3, 0));
        assertEquals(1, s.stoneAt(3, 5));
        assertEquals(-1, s.stoneAt(2, 0));
    }

    @Test
    void serialize_roundTripsAndUndoRestores() {
        for (String moves : List.of("", "4", "4453", "126613431456475467333341527215612225546777", "1212121")) {
            ConnectFourState s = game.deserialize(moves);
            assertEquals(moves, s.serialize());
            assertEquals(s, game.deserialize(s.serialize()));
        }
        RandomPlayer player = new RandomPlayer(3);
        for (int g = 0; g < 50; g++) {
            ConnectFourState s = game.newInitialState();
            java.util.ArrayDeque<ConnectFourState> snapshots = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Long> hashes = new java.util.ArrayDeque<>();
            while (!s.isTerminal()) {
                snapshots.push(s.copy());
                hashes.push(s.hash());
                s.apply(player.chooseAction(s));
            }
            ConnectFourState end = s.copy();
            assertEquals(end, game.deserialize(s.serialize()));
            assertEquals(end.hash(), game.deserialize(s.serialize()).hash());
            while (!snapshots.isEmpty()) {
                s.undo();
                ConnectFourState expected = snapshots.pop();
                assertEquals(expected, s);
                assertEquals(expected.serialize(), s.serialize());
                assertEquals((long) hashes.pop(), s.hash());
                assertEquals(expected.toString(), s.toString());
            }
        }
    }

    @Test
    void zobrist_transpositionsCollide_differentPositionsDoNot() {
        assertEquals(game.stateFromMoves("4354").hash(), game.stateFromMoves("5344").hash());
        assertNotEquals(game.stateFromMoves("4453").hash(), game.stateFromMoves("5443").hash());
        assertEquals(0L, game.newInitialState().hash());
        Map<Long, String> seen = new HashMap<>();
        RandomPlayer player = new RandomPlayer(11);
        for (int g = 0; g < 300; g++) {
            ConnectFourState s = game.newInitialState();
            while (!s.isTerminal()) {
                s.apply(player.chooseAction(s));
                String board = s.toString();
                String prev = seen.putIfAbsent(s.hash(), board);
                if (prev != null) assertEquals(prev, board, "Zobrist collision");
            }
        }
    }

    @Test
    void observation_fromMoversView() {
        ConnectFourState s = game.stateFromMoves("4453"); // X: d1, e1; O: d2, c1; X to move
        float[] obs = new float[game.observationSize()];
        assertEquals(126, obs.length);
        s.observation(obs);
        int plane = 42;
        assertEquals(1f, obs[5 * 7 + 3]);          // own X at column 4, bottom row (row index 5 from the top)
        assertEquals(1f, obs[5 * 7 + 4]);
        assertEquals(1f, obs[plane + 4 * 7 + 3]);   // opponent O above it
        assertEquals(1f, obs[plane + 5 * 7 + 2]);
        assertEquals(4f, sum(obs, 0, 2 * plane));
        assertEquals(42f, sum(obs, 2 * plane, 3 * plane)); // colour: first player to move
        s.apply(0);
        s.observation(obs);
        assertEquals(1f, obs[4 * 7 + 3]);          // now O is to move: its stones are plane 0
        assertEquals(1f, obs[plane + 5 * 7 + 0]);
        assertEquals(0f, sum(obs, 2 * plane, 3 * plane));
    }

    @Test
    void mirror_observationAndActionTransformsAgree() {
        ConnectFourState s = game.stateFromMoves("1123575");
        StringBuilder mirrored = new StringBuilder();
        for (int a : s.history()) mirrored.append(game.transformAction(1, a) + 1);
        assertEquals("7765313", mirrored.toString());
        float[] obs = new float[126];
        float[] out = new float[126];
        float[] expected = new float[126];
        s.observation(obs);
        game.transformObservation(1, obs, out);
        game.stateFromMoves(mirrored.toString()).observation(expected);
        assertArrayEquals(expected, out);
        game.transformObservation(0, obs, out);
        assertArrayEquals(obs, out);
        assertEquals(2, game.numSymmetries());
        assertThrows(IllegalArgumentException.class, () -> game.transformAction(2, 0));
    }

    @Test
    void registered() {
        assertTrue(Games.make("ConnectFour") instanceof ConnectFour);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Games.make("connect4"));
        assertTrue(e.getMessage().contains("'ConnectFour'"), e.getMessage());
    }

    private static float sum(float[] a, int from, int to) {
        float s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s;
    }
}
