package dev.bellman.env;

/**
 * The set of valid observations or actions, as Gymnasium's {@code gymnasium.spaces}. The family is closed:
 * {@link Discrete}, {@link Box}, {@link ByteBox} (uint8 and bool boxes), {@link MultiDiscrete}, {@link MultiBinary},
 * {@link TupleSpace}, {@link DictSpace}.
 *
 * <p>Each space owns its generator ({@link NpRandom}); {@link #seed(long)} makes {@link #sample()} reproducible.
 * An unseeded space samples from process entropy, as Gymnasium's.
 *
 * @param <T> the element type ({@code Integer}, {@code float[]}, {@code int[]}, {@code byte[]},
 *            {@code java.util.List<Object>}, {@code java.util.Map<String, Object>})
 */
public sealed interface Space<T> permits Discrete, Box, ByteBox, MultiDiscrete, MultiBinary, TupleSpace, DictSpace {

    /** Whether {@code x} is an element of this space (false for a value of the wrong type, shape, or a NaN). */
    boolean contains(Object x);

    /** A uniformly random element (for a {@link Box}: see its sampling rule). */
    T sample();

    /**
     * A random element restricted by {@code mask}; a null mask is {@link #sample()}. Mask types:
     * {@link Discrete}: {@code boolean[n]} (true = allowed); {@link MultiDiscrete}: {@code boolean[][]} one row per
     * dimension; {@link MultiBinary}: {@code byte[n]} with 0, 1 (forced value) or 2 (random); {@link TupleSpace}:
     * {@code Object[]} of sub-masks; {@link DictSpace}: {@code Map<String, Object>}; {@link Box}: not supported.
     */
    T sample(Object mask);

    /** The shape of one element (empty for a {@link Discrete}; empty for composite spaces). */
    int[] shape();

    /** Reseeds this space's generator (and, for composite spaces, derives seeds for the sub-spaces). */
    void seed(long seed);

    /** Number of scalars an element flattens to ({@code gymnasium.spaces.flatdim}). */
    int flatDim();

    /** Writes the flattened form of {@code x} ({@code gymnasium.spaces.flatten}: one-hot for discrete parts). */
    void flatten(T x, float[] out, int offset);

    /** A human-readable description in Gymnasium's notation, e.g. {@code Discrete(2)}. */
    @Override
    String toString();
}
