package dev.bellman.algorithms.alphazero;

import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import dev.bellman.nn.Rng;

/** Matches between two {@link GamePlayer}s with alternating colours, for evaluation and gating. */
public final class Matches {
    private Matches() {}

    /**
     * Plays {@code games} games, {@code a} moving first in the even-numbered ones; every move is reported to both
     * players. Returns {wins, draws, losses, score} for {@code a}, the score being (wins + draws / 2) / games.
     */
    public static double[] play(Game game, GamePlayer a, GamePlayer b, int games) {
        int wins = 0, draws = 0, losses = 0;
        for (int g = 0; g < games; g++) {
            GamePlayer[] seat = g % 2 == 0 ? new GamePlayer[] {a, b} : new GamePlayer[] {b, a};
            int aSeat = g % 2;
            double r = playOne(game, seat)[aSeat];
            if (r > 0) wins++;
            else if (r < 0) losses++;
            else draws++;
        }
        return new double[] {wins, draws, losses, games == 0 ? 0 : (wins + 0.5 * draws) / games};
    }

    /** One game between {@code players[0]} (moving first) and {@code players[1]}; returns the returns per seat. */
    public static double[] playOne(Game game, GamePlayer[] players) {
        State s = game.newInitialState();
        players[0].newGame(game);
        if (players[1] != players[0]) players[1].newGame(game);
        while (!s.isTerminal()) {
            int action = players[s.currentPlayer()].chooseAction(s);
            State before = s.copy();
            s.apply(action);
            players[0].observeMove(before, action);
            if (players[1] != players[0]) players[1].observeMove(before, action);
        }
        return s.returns();
    }

    /** Uniformly random legal moves from a seeded generator. */
    public static final class RandomMover implements GamePlayer {
        private final Rng rng;

        public RandomMover(long seed) {
            rng = new Rng(seed);
        }

        @Override
        public int chooseAction(State state) {
            int[] legal = state.legalActions();
            return legal[rng.nextInt(legal.length)];
        }

        @Override
        public String name() {
            return "random";
        }
    }
}
