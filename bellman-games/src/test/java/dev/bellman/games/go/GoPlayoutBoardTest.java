package dev.bellman.games.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoPlayoutBoardTest {
    @Test
    void playsTheSameGamesAsGoStateCopies_underBothKoRules() {
        SplittableRandom positions = new SplittableRandom(5);
        int games = 0, captureGames = 0;
        for (GoGame.KoRule rule : GoGame.KoRule.values()) {
            for (int size : new int[] {5, 7, 9}) {
                GoGame game = new GoGame(GoGame.Config.of(size).withKoRule(rule));
                GoPlayoutBoard board = new GoPlayoutBoard(game);
                for (int g = 0; g < 150; g++) {
                    GoState s = game.newInitialState();
                    if (g % 5 == 0) s.setup(new int[] {size + 1, 2 * size + 2}, new int[] {size * size - 1}, g % 2);
                    int length = positions.nextInt(2 * size * size);
                    for (int i = 0; i < length && !s.isTerminal(); i++) s.apply(GoPlayouts.randomMove(s, positions));
                    long seed = positions.nextLong();
                    long hashBefore = s.hash();
                    GoState copy = s.copy();
                    int expectedMoves = GoPlayouts.playToEnd(copy, new SplittableRandom(seed));
                    board.reset(s);
                    int moves = board.playToEnd(new SplittableRandom(seed));
                    String where = rule + " " + size + "x" + size + " game " + g + " from\n" + s;
                    assertEquals(expectedMoves, moves, "moves, " + where);
                    assertEquals(copy.score(), board.score(), "score, " + where);
                    assertTrue(board.isTerminal(), where);
                    for (int player = 0; player < 2; player++) {
                        assertEquals(copy.returnFor(player), board.returnFor(player), "return, " + where);
                    }
                    assertEquals(hashBefore, s.hash(), "the state itself is not touched, " + where);
                    games++;
                    if (copy.captures(0) + copy.captures(1) > s.captures(0) + s.captures(1)) captureGames++;
                }
            }
        }
        assertTrue(captureGames > games / 2, "the playouts should capture stones: " + captureGames + " of " + games);
    }

    @Test
    void reset_refusesAPositionOfAnotherGame() {
        GoPlayoutBoard board = new GoPlayoutBoard(new GoGame(9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> board.reset(new GoGame(7).newInitialState()));
        assertTrue(e.getMessage().contains("Go7x7") && e.getMessage().contains("Go9x9"), e.getMessage());
    }
}
