package dev.bellman.games.tictactoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.games.GamePlayer;
import dev.bellman.games.RandomPlayer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TicTacToeMinimaxTest {
    private final TicTacToe game = new TicTacToe();

    @Test
    void knownValues() {
        assertEquals(0, TicTacToeMinimax.value(game.newInitialState()));     // a draw with perfect play
        assertArrayEquals(new Integer[] {0, 0, 0, 0, 0, 0, 0, 0, 0},
                TicTacToeMinimax.moveValues(game.newInitialState()));        // no first move loses
        // X centre, O edge: X (to move) wins, for example by taking a corner
        assertEquals(1, TicTacToeMinimax.value(game.stateFromMoves("52")));
        assertEquals(-1, TicTacToeMinimax.value(game.stateFromMoves("521")));
        // X corner, O centre: a draw; X corner, O adjacent edge: X wins
        assertEquals(0, TicTacToeMinimax.value(game.stateFromMoves("15")));
        assertEquals(1, TicTacToeMinimax.value(game.stateFromMoves("12")));
        // against the centre, O draws with a corner and loses with an edge
        Integer[] values = TicTacToeMinimax.moveValues(game.stateFromMoves("5"));
        assertArrayEquals(new Integer[] {0, -1, 0, -1, null, -1, 0, -1, 0}, values);
        // terminal states
        assertEquals(-1, TicTacToeMinimax.value(game.stateFromMoves("14253")));
        assertEquals(0, TicTacToeMinimax.value(game.stateFromMoves("123546879")));
        // a move that wins at once scores +1
        assertEquals(1, TicTacToeMinimax.moveValues(game.stateFromMoves("1425"))[2]);
    }

    /** The values are minimax values: each equals the best of its children, checked by a separate plain search. */
    @Test
    void values_matchPlainSearchOnEveryReachablePosition() {
        int[] count = {0};
        check(game.newInitialState(), count);
        assertEquals(5478 - 958, count[0]); // the reachable positions that are not over
    }

    private static int plain(TicTacToeState s) {
        if (s.winner() >= 0) return -1;
        if (s.isTerminal()) return 0;
        int best = -1;
        for (int a : s.legalActions()) {
            s.apply(a);
            best = Math.max(best, -plain(s));
            s.undo();
        }
        return best;
    }

    private static final java.util.Set<Long> SEEN = new java.util.HashSet<>();

    private static void check(TicTacToeState s, int[] count) {
        if (!SEEN.add(s.hash()) || s.isTerminal()) return;
        assertEquals(plain(s), TicTacToeMinimax.value(s), s.serialize());
        count[0]++;
        for (int a : s.legalActions()) {
            s.apply(a);
            check(s, count);
            s.undo();
        }
    }

    @Test
    void minimaxPlayer_neverLoses_andIsSeeded() {
        MinimaxPlayer perfect = new MinimaxPlayer(1);
        RandomPlayer random = new RandomPlayer(2);
        int wins = 0;
        for (int g = 0; g < 200; g++) {
            boolean perfectFirst = g % 2 == 0;
            TicTacToeState s = play(perfectFirst ? perfect : random, perfectFirst ? random : perfect);
            int perfectPlayer = perfectFirst ? 0 : 1;
            assertTrue(s.winner() < 0 || s.winner() == perfectPlayer, s.serialize());
            if (s.winner() == perfectPlayer) wins++;
        }
        assertTrue(wins > 120, "wins " + wins);
        // against itself: always a draw
        for (int g = 0; g < 20; g++) assertEquals(-1, play(perfect, new MinimaxPlayer(g)).winner());
        assertEquals(games(5), games(5));
        assertNotEquals(games(5), games(6));
    }

    private List<String> games(long seed) {
        List<String> out = new ArrayList<>();
        MinimaxPlayer a = new MinimaxPlayer(seed);
        MinimaxPlayer b = new MinimaxPlayer(seed + 100);
        for (int g = 0; g < 10; g++) out.add(play(a, b).serialize());
        return out;
    }

    private TicTacToeState play(GamePlayer first, GamePlayer second) {
        TicTacToeState s = game.newInitialState();
        while (!s.isTerminal()) s.apply((s.currentPlayer() == 0 ? first : second).chooseAction(s));
        return s;
    }
}
