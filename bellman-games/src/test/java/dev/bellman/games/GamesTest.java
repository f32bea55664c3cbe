package dev.bellman.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.games.tictactoe.TicTacToe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GamesTest {

    @Test
    void make_builtinIds() {
        assertTrue(Games.ids().contains("TicTacToe"), Games.ids().toString());
        assertEquals("TicTacToe", Games.make("TicTacToe").id());
        assertTrue(Games.make("TicTacToe") instanceof TicTacToe);
    }

    @Test
    void ids_areSortedWithNumbersByValue() {
        List<String> ids = Games.ids();
        assertTrue(ids.indexOf("Go5x5") < ids.indexOf("Go9x9") && ids.indexOf("Go9x9") < ids.indexOf("Go10x10")
                && ids.indexOf("Go10x10") < ids.indexOf("Go19x19") && ids.indexOf("Go19x19") < ids.indexOf("TicTacToe")
                && ids.indexOf("ConnectFour") < ids.indexOf("Go5x5"), ids.toString());
        List<String> sorted = new ArrayList<>(List.of("b2", "a10", "a9", "a09", "a", "a9x10", "a9x9", "B1"));
        sorted.sort(Games::compareIds);
        assertEquals(List.of("B1", "a", "a09", "a9", "a9x9", "a9x10", "a10", "b2"), sorted);
    }

    @Test
    void make_unknownId_namesClosestIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Games.make("tictactoe"));
        assertTrue(e.getMessage().contains("'tictactoe'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'TicTacToe'"), e.getMessage());
        IllegalArgumentException far = assertThrows(IllegalArgumentException.class, () -> Games.make("Chess"));
        assertTrue(!far.getMessage().contains("did you mean"), far.getMessage());
        assertTrue(far.getMessage().contains("registered games: "), far.getMessage());
    }

    @Test
    void register_thenUnregister() {
        Games.register("TestOnlyGame", TicTacToe::new);
        try {
            assertTrue(Games.ids().contains("TestOnlyGame"));
            assertThrows(IllegalStateException.class, () -> Games.register("TestOnlyGame", TicTacToe::new));
        } finally {
            assertTrue(Games.unregister("TestOnlyGame"));
        }
    }

    @Test
    void randomPlayer_sameSeedSameGames_legalMoves() {
        Game game = Games.make("TicTacToe");
        List<String> a = playGames(game, 7);
        List<String> b = playGames(game, 7);
        assertEquals(a, b);
        assertNotEquals(a, playGames(game, 8));
    }

    private static List<String> playGames(Game game, long seed) {
        RandomPlayer player = new RandomPlayer(seed);
        List<String> records = new ArrayList<>();
        for (int g = 0; g < 20; g++) {
            State s = game.newInitialState();
            while (!s.isTerminal()) {
                int a = player.chooseAction(s);
                assertTrue(s.isLegal(a));
                s.apply(a);
            }
            records.add(s.serialize());
        }
        return records;
    }
}
