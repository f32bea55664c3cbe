package dev.bellman.env.vector;

import java.util.Arrays;
import java.util.Map;

/**
 * The batched result of a vector {@code reset} or {@code step}, in primitive arrays indexed by sub-environment.
 *
 * <p>A vector environment owns one instance and overwrites it on every call: the arrays returned here are live views
 * that the next {@code step} or {@code reset} overwrites, so copy what must outlive it. This keeps the hot path free
 * of allocation and boxing.
 *
 * <p>Episode statistics (Gymnasium's {@code RecordEpisodeStatistics}): {@link #episodeEnded()} marks the
 * sub-environments whose episode ended on this call, and {@link #episodeReturn()} / {@link #episodeLength()} hold
 * that episode's undiscounted return and length there (the values elsewhere are those of an earlier episode).
 */
public final class VectorStep {

    private final int numEnvs;
    private final int observationSize;
    final float[] observations;
    /** Non-null when the sub-environments observe bytes ({@code ByteBox}); then {@link #observations} is a lazy float view. */
    final byte[] byteObservations;
    final byte[][] finalByteObservations;
    /** The bytes changed since {@link #observations} was last filled from them. */
    boolean floatViewStale;
    final double[] rewards;
    final boolean[] terminated;
    final boolean[] truncated;
    final float[][] finalObservations;
    final Map<String, Object>[] finalInfos;
    final Map<String, Object>[] infos;
    final boolean[] episodeEnded;
    final double[] episodeReturn;
    final int[] episodeLength;

    VectorStep(int numEnvs, int observationSize) {
        this(numEnvs, observationSize, false);
    }

    @SuppressWarnings("unchecked")
    VectorStep(int numEnvs, int observationSize, boolean bytes) {
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("numEnvs must be positive but was " + numEnvs);
        }
        if (observationSize <= 0) {
            throw new IllegalArgumentException("observationSize must be positive but was " + observationSize);
        }
        this.numEnvs = numEnvs;
        this.observationSize = observationSize;
        observations = new float[numEnvs * observationSize];
        rewards = new double[numEnvs];
        terminated = new boolean[numEnvs];
        truncated = new boolean[numEnvs];
        finalObservations = new float[numEnvs][];
        byteObservations = bytes ? new byte[numEnvs * observationSize] : null;
        finalByteObservations = bytes ? new byte[numEnvs][] : null;
        finalInfos = new Map[numEnvs];
        infos = new Map[numEnvs];
        episodeEnded = new boolean[numEnvs];
        episodeReturn = new double[numEnvs];
        episodeLength = new int[numEnvs];
    }

    public int numEnvs() {
        return numEnvs;
    }

    /** Flat size of one observation. */
    public int observationSize() {
        return observationSize;
    }

    /**
     * Observations, row-major {@code [numEnvs][observationSize]}; live view. For byte observations
     * ({@link #byteObservations()} non-null) this is their unsigned values as floats, filled on the first call after
     * each step (a conversion that byte-aware callers avoid by reading the bytes).
     */
    public float[] observations() {
        if (floatViewStale) {
            for (int k = 0; k < observations.length; k++) observations[k] = byteObservations[k] & 0xFF;
            floatViewStale = false;
        }
        return observations;
    }

    /** The observation of sub-environment {@code i} at {@code observations()[i * observationSize()]}. */
    public float observation(int i, int j) {
        return observations()[i * observationSize + j];
    }

    /**
     * Observations as bytes, row-major {@code [numEnvs][observationSize]} (each read as unsigned), when the
     * sub-environments have a {@link dev.bellman.env.ByteBox} observation space; null otherwise. Live view.
     */
    public byte[] byteObservations() {
        return byteObservations;
    }

    /** As {@link #finalObservation(int)}, as bytes, for byte observations (null elsewhere and for float envs). */
    public byte[] finalByteObservation(int i) {
        return finalByteObservations == null ? null : finalByteObservations[i];
    }

    /** Rewards; live view (zero after reset). */
    public double[] rewards() {
        return rewards;
    }

    /** Terminated flags; live view. */
    public boolean[] terminated() {
        return terminated;
    }

    /** Truncated flags; live view. */
    public boolean[] truncated() {
        return truncated;
    }

    /** Whether sub-environment {@code i}'s episode ended on this call (terminated or truncated). */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }

    /**
     * {@link AutoresetMode#SAME_STEP} only: the final observation of the episode that ended at {@code i} on this
     * step (Gymnasium's {@code info["final_obs"][i]}), or null where no episode ended.
     */
    public float[] finalObservation(int i) {
        if (finalByteObservations != null && finalByteObservations[i] != null && finalObservations[i] == null) {
            byte[] b = finalByteObservations[i];
            float[] f = new float[b.length];
            for (int k = 0; k < b.length; k++) f[k] = b[k] & 0xFF;
            finalObservations[i] = f;
        }
        return finalObservations[i];
    }

    /** {@link AutoresetMode#SAME_STEP} only: the final step's info at {@code i}, or null where no episode ended. */
    public Map<String, Object> finalInfo(int i) {
        return finalInfos[i];
    }

    /** The info returned by sub-environment {@code i}'s last step or reset (its reset's info after an autoreset). */
    public Map<String, Object> info(int i) {
        return infos[i];
    }

    /** Episode-end flags of this call; live view. */
    public boolean[] episodeEnded() {
        return episodeEnded;
    }

    /** Returns of the episodes that ended, valid where {@link #episodeEnded()} is set; live view. */
    public double[] episodeReturn() {
        return episodeReturn;
    }

    /** Lengths of the episodes that ended, valid where {@link #episodeEnded()} is set; live view. */
    public int[] episodeLength() {
        return episodeLength;
    }

    /** A deep copy that later calls do not overwrite. */
    public VectorStep copy() {
        VectorStep c = new VectorStep(numEnvs, observationSize, byteObservations != null);
        System.arraycopy(observations, 0, c.observations, 0, observations.length);
        if (byteObservations != null) {
            System.arraycopy(byteObservations, 0, c.byteObservations, 0, byteObservations.length);
            c.floatViewStale = floatViewStale;
            for (int i = 0; i < numEnvs; i++) {
                c.finalByteObservations[i] = finalByteObservations[i] == null ? null : finalByteObservations[i].clone();
            }
        }
        System.arraycopy(rewards, 0, c.rewards, 0, numEnvs);
        System.arraycopy(terminated, 0, c.terminated, 0, numEnvs);
        System.arraycopy(truncated, 0, c.truncated, 0, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            c.finalObservations[i] = finalObservations[i] == null ? null : finalObservations[i].clone();
        }
        System.arraycopy(finalInfos, 0, c.finalInfos, 0, numEnvs);
        System.arraycopy(infos, 0, c.infos, 0, numEnvs);
        System.arraycopy(episodeEnded, 0, c.episodeEnded, 0, numEnvs);
        System.arraycopy(episodeReturn, 0, c.episodeReturn, 0, numEnvs);
        System.arraycopy(episodeLength, 0, c.episodeLength, 0, numEnvs);
        return c;
    }

    @Override
    public String toString() {
        return "VectorStep[rewards=" + Arrays.toString(rewards) + ", terminated=" + Arrays.toString(terminated)
                + ", truncated=" + Arrays.toString(truncated) + "]";
    }
}
