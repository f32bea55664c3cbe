package dev.bellman.games.tictactoe;

import dev.bellman.games.GamePlayer;
import dev.bellman.games.State;
import java.util.SplittableRandom;

/**
 * The perfect Tic-tac-toe player: plays a move of the highest {@link TicTacToeMinimax} value, choosing among equally
 * valued moves with a generator seeded at construction (the same seed gives the same moves in the same positions).
 * It never loses.
 */
public final class MinimaxPlayer implements GamePlayer {
    private final SplittableRandom random;

    public MinimaxPlayer(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public int chooseAction(State state) {
        if (!(state instanceof TicTacToeState ttt)) {
            throw new IllegalArgumentException("the Tic-tac-toe minimax player cannot play " + state.game().id());
        }
        if (ttt.isTerminal()) throw new IllegalStateException("no legal move: the game is over");
        Integer[] values = TicTacToeMinimax.moveValues(ttt);
        int best = Integer.MIN_VALUE;
        int ties = 0;
        int choice = -1;
        for (int cell = 0; cell < values.length; cell++) {
            if (values[cell] == null) continue;
            if (values[cell] > best) {
                best = values[cell];
                ties = 1;
                choice = cell;
            } else if (values[cell] == best && random.nextInt(++ties) == 0) { // reservoir sampling over the ties
                choice = cell;
            }
        }
        return choice;
    }

    @Override
    public String name() {
        return "minimax";
    }
}
