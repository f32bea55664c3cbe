package dev.bellman.algorithms.alphazero;

import dev.bellman.core.Algorithms;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.games.Game;
import dev.bellman.games.GamePlayer;
import dev.bellman.games.Games;
import dev.bellman.games.State;
import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Tic-tac-toe goal: AlphaZero trained in the test suite (the tuned TicTacToe section, 6,000 self-play
 * positions, evaluation matches off) never loses in 100 games against a perfect minimax player, alternating colours.
 * The minimax player is the test's own exact search and picks at random among the optimal moves, so the games cover
 * many lines. About 15 s of training on a quiet machine.
 */
class AlphaZeroLearningTest {

    @Test
    void ticTacToe_neverLosesToMinimax_in100Games() {
        Map<String, String> hp = new LinkedHashMap<>(TunedHyperparameters.hyperparameters("alphazero", "TicTacToe"));
        hp.put("eval-interval", "0");
        long positions = TunedHyperparameters.totalTimesteps("alphazero", "TicTacToe", -1);
        TrainRequest r = new TrainRequest("TicTacToe", 1, positions, Algorithms.get("alphazero").resolve(hp));
        AlphaZeroPolicy policy = (AlphaZeroPolicy) Algorithms.get("alphazero").train(r, MetricsSink.none());
        Game game = Games.make("TicTacToe");
        double[] wdl = Matches.play(game, policy.player(policy.simulations(), 1), new ExactMinimax(7), 100);
        assertEquals(0, (int) wdl[2], "AlphaZero lost " + (int) wdl[2] + " of 100 games to minimax (won " + (int) wdl[0]
                + ", drew " + (int) wdl[1] + ")");
    }

    /** Exact negamax over the whole game tree, random among the best moves. */
    static final class ExactMinimax implements GamePlayer {
        private final Rng rng;

        ExactMinimax(long seed) {
            rng = new Rng(seed);
        }

        static int value(State s) { // for the player to move
            if (s.isTerminal()) {
                double[] r = s.returns();
                return r[0] == 0 ? 0 : -1; // the last mover won, or a draw
            }
            int best = -2;
            for (int a : s.legalActions()) {
                s.apply(a);
                best = Math.max(best, -value(s));
                s.undo();
            }
            return best;
        }

        @Override
        public int chooseAction(State state) {
            State s = state.copy();
            int best = -2;
            List<Integer> moves = new ArrayList<>();
            for (int a : s.legalActions()) {
                s.apply(a);
                int v = -value(s);
                s.undo();
                if (v > best) {
                    best = v;
                    moves.clear();
                }
                if (v == best) moves.add(a);
            }
            return moves.get(rng.nextInt(moves.size()));
        }

        @Override
        public String name() {
            return "minimax";
        }
    }
}
