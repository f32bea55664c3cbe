package dev.bellman.env.vector;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Space;

/**
 * Several independent copies of one environment stepped together, with batches in primitive arrays
 * (Gymnasium 1.x {@code gymnasium.vector.VectorEnv}, restricted to {@link Box} or {@link ByteBox} observations and
 * {@code Discrete} or {@code Box} actions).
 *
 * <p>Seeding follows Gymnasium's {@code SyncVectorEnv.reset(seed=s)}: sub-environment {@code i} is reset with seed
 * {@code s + i}; later resets (autoreset or {@link #reset()}) continue each sub-environment's own stream.
 *
 * <p>Every call returns the environment's single {@link VectorStep}, overwritten by the next call. The
 * {@link #autoresetMode()} says how ended episodes restart; see {@link AutoresetMode}.
 */
public interface VectorEnv extends AutoCloseable {

    /** Number of sub-environments. */
    int numEnvs();

    /** Flat size of one observation (the product of the single observation shape). */
    int observationSize();

    /** The observation space of one sub-environment. */
    Box singleObservationSpace();

    /**
     * The space of one sub-environment when it observes bytes (a {@link ByteBox}: images, 0/1 planes), else null. Then
     * {@link VectorStep#byteObservations()} holds the observations as bytes and {@link #singleObservationSpace()} is
     * the float view of the same values ({@link ByteBox#asFloatBox()}), which algorithms without a byte path read.
     */
    default ByteBox singleByteObservationSpace() {
        return null;
    }

    /** The action space of one sub-environment ({@code Discrete} or {@code Box}). */
    Space<?> singleActionSpace();

    /** How ended episodes are reset. */
    AutoresetMode autoresetMode();

    /** Resets every sub-environment, sub-environment {@code i} with seed {@code seed + i}. */
    VectorStep reset(long seed);

    /** Resets every sub-environment without re-seeding (a fresh environment seeds itself from entropy). */
    VectorStep reset();

    /**
     * Resets the sub-environments where {@code mask} is true (Gymnasium's {@code options["reset_mask"]}), with seed
     * {@code seed + i} or unseeded when {@code seed} is null; the others keep their observation and flags. This is
     * how episodes restart under {@link AutoresetMode#DISABLED}.
     */
    VectorStep reset(Long seed, boolean[] mask);

    /** Steps every sub-environment with a discrete action, {@code actions[i]} for sub-environment {@code i}. */
    VectorStep step(int[] actions);

    /** Steps every sub-environment with a continuous action, row-major {@code [numEnvs][actionSize]}. */
    VectorStep step(float[] actions);

    /** Closes every sub-environment (and any worker threads); idempotent. */
    @Override
    void close();
}
