package dev.bellman.games;

import dev.bellman.games.connectfour.ConnectFour;
import dev.bellman.games.go.GoGame;
import dev.bellman.games.tictactoe.TicTacToe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The games that ship with Bellman. */
public final class BuiltinGames implements GameRegistration {
    @Override
    public Map<String, Supplier<? extends Game>> games() {
        Map<String, Supplier<? extends Game>> out = new LinkedHashMap<>();
        out.put(TicTacToe.ID, TicTacToe::new);
        out.put(ConnectFour.ID, ConnectFour::new);
        for (int s = GoGame.MIN_SIZE; s <= GoGame.MAX_SIZE; s++) out.put(GoGame.id(s), goFactory(s)); // Go5x5..Go19x19
        return out;
    }

    private static Supplier<GoGame> goFactory(int size) {
        return () -> new GoGame(size);
    }
}
