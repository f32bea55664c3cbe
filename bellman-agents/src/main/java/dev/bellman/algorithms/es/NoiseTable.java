package dev.bellman.algorithms.es;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.kernels.Parallel;

/**
 * The shared noise table of Salimans et al. (2017, section 2.1): one long array of standard-normal floats, generated
 * once from a seed, from which a perturbation of {@code dim} parameters is the slice {@code [offset, offset + dim)}.
 * Every member of a population is then described by a single integer, and each evaluation reads its noise without
 * drawing any.
 *
 * <p>Generated in fixed blocks of {@value #BLOCK} values, block {@code b} from its own generator seeded from
 * {@code (seed, b)}, possibly on several threads ({@link Parallel}): the table is the same for any thread count.
 */
final class NoiseTable {
    static final int BLOCK = 1 << 16;

    private final float[] noise;

    NoiseTable(long seed, int size) {
        if (size <= 0) throw new IllegalArgumentException("noise table size must be positive but was " + size);
        noise = new float[size];
        int blocks = (size + BLOCK - 1) / BLOCK;
        Parallel.forEachTask(blocks, b -> {
            Rng rng = new Rng(seed * 0x9E3779B97F4A7C15L + b);
            int end = Math.min(size, (b + 1) * BLOCK);
            for (int i = b * BLOCK; i < end; i++) noise[i] = (float) rng.nextGaussian();
        });
    }

    /** A table holding {@code values} (tests: hand-computed cases). */
    NoiseTable(float[] values) {
        if (values.length == 0) throw new IllegalArgumentException("noise table size must be positive but was 0");
        noise = values.clone();
    }

    int size() {
        return noise.length;
    }

    /** The value at {@code i}. */
    float get(int i) {
        return noise[i];
    }

    /** A uniform offset at which a slice of {@code dim} values fits: {@code [0, size - dim]}. */
    int sampleOffset(Rng rng, int dim) {
        if (dim > noise.length) {
            throw new IllegalArgumentException("a perturbation of " + dim + " parameters needs a noise table of at least "
                    + dim + " values but it has " + noise.length);
        }
        return rng.nextInt(noise.length - dim + 1);
    }

    /** {@code out[j] = base[j] + scale * noise[offset + j]} for {@code j < base.length}. */
    void perturb(float[] base, int offset, float scale, float[] out) {
        for (int j = 0; j < base.length; j++) out[j] = base[j] + scale * noise[offset + j];
    }

    /** {@code acc[j] += weight * noise[offset + j]}. */
    void accumulate(int offset, double weight, double[] acc) {
        for (int j = 0; j < acc.length; j++) acc[j] += weight * noise[offset + j];
    }
}
