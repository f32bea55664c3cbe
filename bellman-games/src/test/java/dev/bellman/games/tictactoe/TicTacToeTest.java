package dev.bellman.games.tictactoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.games.State;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicTacToeTest {
    private final TicTacToe game = new TicTacToe();

    @Test
    void everyLine_wins() {
        // X plays the line, O plays elsewhere (cells chosen never to complete a line of O's first)
        String[] wins = {"14253", "41526", "71829", "12437", "21548", "32659", "12569", "32547"};
        for (String moves : wins) {
            TicTacToeState s = game.stateFromMoves(moves);
            assertTrue(s.isTerminal(), moves);
            assertEquals(0, s.winner(), moves);
            assertArrayEquals(new double[] {1, -1}, s.returns(), moves);
            assertEquals(State.TERMINAL, s.currentPlayer());
            assertEquals(0, s.legalActions().length);
        }
        TicTacToeState o = game.stateFromMoves("415293"); // O plays 1 2 3
        assertEquals(1, o.winner());
        assertArrayEquals(new double[] {-1, 1}, o.returns());
    }

    @Test
    void fullBoardWithoutLine_isDraw() {
        TicTacToeState s = game.stateFromMoves("123546879");
        assertTrue(s.isTerminal());
        assertEquals(-1, s.winner());
        assertArrayEquals(new double[] {0, 0}, s.returns());
        assertEquals("X O X\nX O O\nO X X", s.toString());
    }

    @Test
    void illegalMoves_rejectedNamingMoveAndLegalMoves() {
        TicTacToeState s = game.stateFromMoves("5");
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> s.apply(4));
        assertTrue(taken.getMessage().contains("move 5") && taken.getMessage().contains("legal moves: 1 2 3 4 6 7 8 9"),
                taken.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> s.apply(9));
        assertTrue(range.getMessage().contains("action 9"), range.getMessage());
        TicTacToeState over = game.stateFromMoves("14253");
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> over.apply(8));
        assertTrue(after.getMessage().contains("move 9") && after.getMessage().contains("X won"), after.getMessage());
        IllegalArgumentException parsed = assertThrows(IllegalArgumentException.class, () -> game.stateFromMoves("142530"));
        assertTrue(parsed.getMessage().contains("'0'"), parsed.getMessage());
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class, () -> game.stateFromMoves("142536"));
        assertTrue(late.getMessage().contains("after the end"), late.getMessage());
        assertFalse(s.isLegal(4));
        assertFalse(s.isLegal(-1));
        assertFalse(over.isLegal(8));
    }

    @Test
    void applyUndo_restoresEverything() {
        TicTacToeState s = game.stateFromMoves("1526");
        TicTacToeState before = s.copy();
        long hash = s.hash();
        s.apply(3); // X has 1, 2 and now 4: no line
        s.apply(2);
        s.undo();
        s.undo();
        assertEquals(before, s);
        assertEquals(hash, s.hash());
        assertEquals("1526", s.serialize());
        TicTacToeState won = game.stateFromMoves("14253");
        won.undo();
        assertFalse(won.isTerminal());
        assertEquals(0, won.currentPlayer());
        assertThrows(IllegalStateException.class, () -> game.newInitialState().undo());
    }

    @Test
    void serialize_roundTripsAndHistoryIsKept() {
        for (String moves : List.of("", "5", "519", "14253", "123546879")) {
            TicTacToeState s = game.deserialize(moves);
            assertEquals(moves, s.serialize());
            assertEquals(s, game.deserialize(s.serialize()));
            assertEquals(moves.length(), s.history().size());
        }
        assertEquals(List.of(4, 0, 8), game.stateFromMoves("519").history());
        assertEquals(4, game.newInitialState().stringToAction("5"));
        assertEquals("5", game.newInitialState().actionToString(4));
        assertThrows(IllegalArgumentException.class, () -> game.newInitialState().stringToAction("0"));
    }

    @Test
    void zobrist_transpositionsCollide_differentPositionsDoNot() {
        assertEquals(game.stateFromMoves("1529").hash(), game.stateFromMoves("2519").hash());
        assertNotEquals(game.stateFromMoves("1529").hash(), game.stateFromMoves("1592").hash());
        assertEquals(0L, game.newInitialState().hash());
        // all positions reachable: distinct boards (and side to move) have distinct hashes
        Map<Long, String> seen = new HashMap<>();
        walk(game.newInitialState(), seen);
        assertEquals(5478, seen.size()); // the known count of legal Tic-tac-toe positions
    }

    private static void walk(TicTacToeState s, Map<Long, String> seen) {
        String board = s.toString();
        String prev = seen.putIfAbsent(s.hash(), board);
        if (prev != null) {
            assertEquals(prev, board, "hash collision");
            return;
        }
        for (int a : s.legalActions()) {
            s.apply(a);
            walk(s, seen);
            s.undo();
        }
    }

    @Test
    void observation_fromMoversView() {
        TicTacToeState s = game.stateFromMoves("51"); // X centre, O top-left, X to move
        float[] obs = new float[game.observationSize()];
        s.observation(obs);
        assertEquals(27, obs.length);
        assertEquals(1f, obs[4]);      // own (X) stone
        assertEquals(1f, obs[9]);      // opponent (O) stone at cell 0
        assertEquals(1f, obs[18]);     // colour: X to move
        assertEquals(2f, sum(obs, 0, 18));
        s.apply(8);                    // O to move now
        s.observation(obs);
        assertEquals(1f, obs[0]);      // own (O) stone at cell 0
        assertEquals(1f, obs[9 + 4]);
        assertEquals(1f, obs[9 + 8]);
        assertEquals(0f, sum(obs, 18, 27));
    }

    @Test
    void symmetries_observationAndActionTransformsAgree() {
        TicTacToeState s = game.stateFromMoves("124");
        float[] obs = new float[27];
        float[] out = new float[27];
        float[] expected = new float[27];
        Set<String> images = new HashSet<>();
        for (int k = 0; k < game.numSymmetries(); k++) {
            // the transformed position is the one reached by the transformed moves
            StringBuilder moves = new StringBuilder();
            for (int a : s.history()) moves.append(game.transformAction(k, a) + 1);
            TicTacToeState t = game.stateFromMoves(moves.toString());
            s.observation(obs);
            game.transformObservation(k, obs, out);
            t.observation(expected);
            assertArrayEquals(expected, out, "symmetry " + k);
            images.add(t.toString());
        }
        assertEquals(8, images.size()); // X on 1 and 4, O on 2: no symmetry but the identity fixes it
        assertEquals(4, game.transformAction(5, 4)); // the centre is fixed by every symmetry
        assertEquals(2, game.transformAction(1, 0)); // a quarter turn clockwise takes top-left to top-right
        assertEquals(2, game.transformAction(4, 0)); // the mirror too
        assertThrows(IllegalArgumentException.class, () -> game.transformAction(8, 0));
    }

    private static float sum(float[] a, int from, int to) {
        float s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s;
    }
}
