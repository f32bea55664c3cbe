package dev.bellman.games.go;

import java.util.SplittableRandom;

/**
 * Random Go playouts of the usual Monte Carlo kind (Brügmann 1993; Gelly et al. 2006): each move is drawn uniformly
 * from the legal points that do not fill one of the mover's own eye-like points ({@link GoState#isEyeLike}), and the
 * mover passes when none is left, so random games end with two passes instead of filling their own eyes.
 */
public final class GoPlayouts {
    private GoPlayouts() {
    }

    /** A random move for the player to move in {@code state} under the policy above (pass when nothing else is left). */
    public static int randomMove(GoState state, SplittableRandom random) {
        GoGame game = state.game();
        int n2 = game.size() * game.size();
        int[] candidates = state.candidates;
        int k = state.emptyCount;
        System.arraycopy(state.empties, 0, candidates, 0, k);
        int player = state.mover();
        while (k > 0) {
            int i = random.nextInt(k);
            int a = game.toAction[candidates[i]];
            if (!state.isEyeLike(a, player) && state.isLegal(a)) return a;
            candidates[i] = candidates[--k];
        }
        return n2;
    }

    /** Plays random moves (see {@link #randomMove}) until the game ends; returns the number of moves played. */
    public static int playToEnd(GoState state, SplittableRandom random) {
        int moves = 0;
        while (!state.isTerminal()) {
            state.applyUnchecked(randomMove(state, random));
            moves++;
        }
        return moves;
    }
}
