package dev.bellman.games;

import java.util.SplittableRandom;

/**
 * Zobrist keys (Zobrist 1970): one random 64-bit key per (point, player) and one for "player 1 to move"; a position's
 * hash is the XOR of the keys of its stones and, when player 1 is to move, the side key, so playing and taking back a
 * stone are one XOR each. The keys come from a fixed seed per game, so hashes are the same in every run.
 */
public final class Zobrist {
    private final long[] keys;
    private final long sideKey;
    private final int points;

    /** Keys for {@code points} points and two players, drawn from {@code seed}. */
    public Zobrist(int points, long seed) {
        this.points = points;
        SplittableRandom random = new SplittableRandom(seed);
        keys = new long[2 * points];
        for (int i = 0; i < keys.length; i++) keys[i] = random.nextLong();
        sideKey = random.nextLong();
    }

    /** The key of a stone of {@code player} (0 or 1) on {@code point}. */
    public long stone(int player, int point) {
        return keys[player * points + point];
    }

    /** The key XORed in while player 1 is to move. */
    public long side() {
        return sideKey;
    }
}
