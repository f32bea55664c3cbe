package dev.bellman.env;

/**
 * The random generator of one space: {@link NpRandom} seeded by {@link Space#seed(long)}, or from entropy on the
 * first draw when the space was never seeded (Gymnasium's {@code Space.np_random}).
 */
final class SpaceRandom {
    private NpRandom random = null;

    /** Replaces the generator with one seeded by {@code seed}. */
    void seed(long seed) {
        random = new NpRandom(seed);
    }

    /** The generator, seeded from entropy on first use if {@link #seed} was never called. */
    NpRandom get() {
        if (random == null) {
            random = NpRandom.fromEntropy();
        }
        return random;
    }
}
