package dev.bellman.algorithms.alphago;

import dev.bellman.games.go.GoGame;
import dev.bellman.games.go.GoState;

/**
 * A Go position as the AlphaGo networks and the rollout policy see it, from the side of the player to move, one byte
 * per point: bits 0-1 the colour ({@link #EMPTY}, {@link #OWN}, {@link #OPP}), bits 2-3 the liberties of the chain there
 * capped at 3 (0 on an empty point), bit 4 whether the mover may play there, bit 5 whether the point is eye-like for the
 * mover ({@link GoState#isEyeLike}). With the last move and the colour to move, this is everything the input planes
 * ({@link #planes}) and the rollout features ({@link RolloutPolicy}) are computed from; 81 bytes on 9×9, so a training
 * set of expert positions stays small, and a symmetry ({@link #transform}) is a permutation of the bytes.
 *
 * @param size the board size N
 * @param points N·N bytes as above, row 0 at the top
 * @param lastMove the previous move (a point, pass {@code N·N}, or -1 at the start)
 * @param blackToMove whether Black is to move
 */
record Board(int size, byte[] points, int lastMove, boolean blackToMove) {
    static final int EMPTY = 0, OWN = 1, OPP = 2;
    static final int LEGAL = 16, EYE = 32;

    /**
     * The input planes of the policy and value networks, {@value #PLANES} of N×N (a reduced form of AlphaGo's 48
     * feature planes, Silver et al. 2016, Extended Data Table 2): 0 the mover's stones, 1 the opponent's, 2 empty points,
     * 3-5 the mover's stones whose chain has 1, 2 or at least 3 liberties, 6-8 the same for the opponent, 9 the legal
     * moves of the mover, 10 the last move, 11 ones (the board's edge for zero-padded convolutions), 12 ones when Black
     * is to move (the value depends on komi).
     */
    static final int PLANES = 13;

    /** Encodes {@code state} (not changed). */
    static Board of(GoState state) {
        return of(state, true);
    }

    /**
     * Encodes {@code state}; without {@code checkLegality} every empty point is marked legal (the rollouts check only
     * the move they draw, which is much cheaper than checking every point under positional superko).
     */
    static Board of(GoState state, boolean checkLegality) {
        int n = state.game().size();
        byte[] b = new byte[n * n];
        int me = state.mover() == 0 ? GoState.BLACK : GoState.WHITE;
        boolean over = state.isTerminal();
        for (int a = 0; a < n * n; a++) {
            int c = state.colourAt(a);
            int v;
            if (c == GoState.EMPTY) {
                v = EMPTY;
                if (!over && (!checkLegality || state.isLegal(a))) v |= LEGAL;
                if (state.isEyeLike(a, state.mover())) v |= EYE;
            } else {
                v = (c == me ? OWN : OPP) | Math.min(3, state.liberties(a)) << 2;
            }
            b[a] = (byte) v;
        }
        var history = state.history();
        int last = history.isEmpty() ? -1 : history.get(history.size() - 1);
        return new Board(n, b, last, state.mover() == 0);
    }

    static int colour(byte v) {
        return v & 3;
    }

    static int liberties(byte v) {
        return (v >> 2) & 3;
    }

    static boolean legal(byte v) {
        return (v & LEGAL) != 0;
    }

    static boolean eye(byte v) {
        return (v & EYE) != 0;
    }

    /** This board under symmetry {@code k} of {@code game} (points and last move moved, everything else kept). */
    Board transform(GoGame game, int k) {
        if (k == 0) return this;
        byte[] out = new byte[points.length];
        for (int a = 0; a < points.length; a++) out[game.transformAction(k, a)] = points[a];
        return new Board(size, out, lastMove < 0 ? -1 : game.transformAction(k, lastMove), blackToMove);
    }

    /** Writes the {@value #PLANES} input planes into {@code out} at {@code offset} ({@code PLANES·N·N} floats). */
    void planes(float[] out, int offset) {
        int n2 = size * size;
        java.util.Arrays.fill(out, offset, offset + PLANES * n2, 0f);
        for (int a = 0; a < n2; a++) {
            byte v = points[a];
            int c = colour(v);
            if (c == OWN) out[offset + a] = 1;
            else if (c == OPP) out[offset + n2 + a] = 1;
            else out[offset + 2 * n2 + a] = 1;
            if (c != EMPTY) out[offset + (c == OWN ? 3 : 6) * n2 + (liberties(v) - 1) * n2 + a] = 1;
            if (legal(v)) out[offset + 9 * n2 + a] = 1;
            out[offset + 11 * n2 + a] = 1;
            if (blackToMove) out[offset + 12 * n2 + a] = 1;
        }
        if (lastMove >= 0 && lastMove < n2) out[offset + 10 * n2 + lastMove] = 1;
    }
}
