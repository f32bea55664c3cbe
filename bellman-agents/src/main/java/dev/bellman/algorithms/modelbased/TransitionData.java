package dev.bellman.algorithms.modelbased;

import dev.bellman.core.TrainingState;
import java.util.Arrays;

/**
 * Every real transition (s, a, s') collected so far, in arrival order, as flat float arrays that grow by doubling: the
 * data set a dynamics model is fitted on (PETS and MBPO keep all of it).
 */
public final class TransitionData {
    private final int obsDim, actDim;
    private float[] obs, act, nextObs;
    private int size;

    public TransitionData(int obsDim, int actDim) {
        if (obsDim <= 0 || actDim <= 0) {
            throw new IllegalArgumentException("obsDim and actDim must be positive but were " + obsDim + ", " + actDim);
        }
        this.obsDim = obsDim;
        this.actDim = actDim;
        obs = new float[64 * obsDim];
        act = new float[64 * actDim];
        nextObs = new float[64 * obsDim];
    }

    public int obsDim() { return obsDim; }

    public int actDim() { return actDim; }

    public int size() { return size; }

    /** Appends (s, a, s'). */
    public void add(float[] s, float[] a, float[] s2) {
        if (size * obsDim == obs.length) {
            obs = Arrays.copyOf(obs, obs.length * 2);
            nextObs = Arrays.copyOf(nextObs, nextObs.length * 2);
            act = Arrays.copyOf(act, act.length * 2);
        }
        System.arraycopy(s, 0, obs, size * obsDim, obsDim);
        System.arraycopy(a, 0, act, size * actDim, actDim);
        System.arraycopy(s2, 0, nextObs, size * obsDim, obsDim);
        size++;
    }

    /** The backing observations ({@code size() * obsDim} valid values; read only). */
    public float[] obs() { return obs; }

    /** The backing actions ({@code size() * actDim} valid values; read only). */
    public float[] act() { return act; }

    /** The backing next observations ({@code size() * obsDim} valid values; read only). */
    public float[] nextObs() { return nextObs; }

    void save(TrainingState.Writer w, String prefix) {
        w.put(prefix + "obs", Arrays.copyOf(obs, size * obsDim)).put(prefix + "act", Arrays.copyOf(act, size * actDim))
                .put(prefix + "next_obs", Arrays.copyOf(nextObs, size * obsDim));
    }

    void restore(TrainingState.Reader r, String prefix) {
        float[] o = r.floats(prefix + "obs"), a = r.floats(prefix + "act"), n = r.floats(prefix + "next_obs");
        int k = o.length / obsDim;
        if (o.length != k * obsDim || a.length != k * actDim || n.length != o.length) {
            throw new IllegalArgumentException("saved transitions do not fit obsDim " + obsDim + " and actDim " + actDim);
        }
        int cap = Math.max(64, Integer.highestOneBit(Math.max(1, k)) * 2);
        obs = Arrays.copyOf(o, cap * obsDim);
        act = Arrays.copyOf(a, cap * actDim);
        nextObs = Arrays.copyOf(n, cap * obsDim);
        size = k;
    }
}
