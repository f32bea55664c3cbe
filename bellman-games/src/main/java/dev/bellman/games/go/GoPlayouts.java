package dev.bellman.games.go;

import java.util.SplittableRandom;

/**
 * Random Go playouts of the usual Monte Carlo kind (Brügmann 1993; Gelly et al. 2006): each move is drawn uniformly
 * from the legal points that do not fill one of the mover's own eye-like points ({@link GoState#isEyeLike}), and the
 * mover passes when none is left, so random games end with two passes instead of filling their own eyes.
 * {@link GoPlayoutBoard} plays the same games (same draws from the same random stream) without copying the state,
 * about half again as fast.
 */
public final class GoPlayouts {
    private GoPlayouts() {
    }

    /** A random move for the player to move in {@code state} under the policy above (pass when nothing else is left). */
    public static int randomMove(GoState state, SplittableRandom random) {
        GoGame game = state.game();
        if (state.isTerminal()) return game.size() * game.size();
        // a partial Fisher-Yates shuffle of the empty-point list in place (its order means nothing): each rejected point
        // is swapped to the end of the part still to draw from
        int[] empties = state.empties;
        int k = state.emptyCount;
        int me = state.moverColour();
        while (k > 0) {
            int i = below(random, k);
            int p = empties[i];
            if (!state.eyeLikePadded(p, me) && state.legalForMover(p)) return game.toAction[p];
            state.swapEmpties(i, --k);
        }
        return game.size() * game.size();
    }

    /**
     * A uniform draw from 0 to {@code bound - 1} for {@code bound} from 1 to 2^31 - 1, as {@code random.nextInt(bound)}
     * but without its division in the usual case (Lemire 2019, "Fast random integer generation in an interval"): the
     * high half of a 32-bit random number times {@code bound}, drawn again while the low half falls below 2^32 mod
     * {@code bound}, which leaves every value equally likely.
     */
    static int below(SplittableRandom random, int bound) {
        long m = (random.nextInt() & 0xFFFF_FFFFL) * bound;
        if ((m & 0xFFFF_FFFFL) < bound) {
            long threshold = (1L << 32) % bound;
            while ((m & 0xFFFF_FFFFL) < threshold) m = (random.nextInt() & 0xFFFF_FFFFL) * bound;
        }
        return (int) (m >>> 32);
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
