package dev.bellman.games.go;

import java.util.SplittableRandom;

/**
 * Zobrist keys for Go (Zobrist 1970), one per (colour, padded point), shared by all boards of a size: a board's hash is
 * the XOR of the keys of its stones, so placing or capturing a stone is one XOR.
 */
final class GoZobrist {
    private static final GoZobrist[] CACHE = new GoZobrist[64];
    /** Indexed by {@code colour * points + p}, colour {@link GoState#BLACK} or {@link GoState#WHITE} (slot 0 unused). */
    private final long[] keys;
    private final int points;
    final long blackToMoveKey;

    private GoZobrist(int points, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.points = points;
        keys = new long[3 * points];
        for (int i = 0; i < points; i++) {
            keys[GoState.BLACK * points + i] = random.nextLong();
            keys[GoState.WHITE * points + i] = random.nextLong();
        }
        blackToMoveKey = random.nextLong();
    }

    static synchronized GoZobrist forPoints(int points) {
        int slot = (int) Math.sqrt(points);
        if (CACHE[slot] == null || CACHE[slot].points != points) {
            CACHE[slot] = new GoZobrist(points, 0x60_2017_0A1FL + points);
        }
        return CACHE[slot];
    }

    /** The key of a stone of {@code colour} ({@link GoState#BLACK} or {@link GoState#WHITE}) on padded point {@code p}. */
    long stone(int colour, int p) {
        return keys[colour * points + p];
    }
}
