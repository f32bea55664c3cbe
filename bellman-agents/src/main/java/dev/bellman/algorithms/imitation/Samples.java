package dev.bellman.algorithms.imitation;

import dev.bellman.core.demos.Column;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Episode;

import java.util.Arrays;

/**
 * State-action pairs as the networks of this package consume them: features {@code [n, obsSize]} row-major, and
 * either discrete action indices or continuous action vectors {@code [n, actionSize]}. Grows by {@link #add} (DAgger's
 * aggregated dataset).
 */
final class Samples {
    final int obsSize, actionSize;
    final boolean discrete;
    float[] features = new float[0];
    int[] discreteActions = new int[0];
    float[] continuousActions = new float[0];
    int size;

    Samples(int obsSize, boolean discrete, int actionSize) {
        this.obsSize = obsSize;
        this.discrete = discrete;
        this.actionSize = actionSize;
    }

    /** Every (observation, action) pair of {@code demos}' steps, in episode order, encoded for {@code policy}. */
    static Samples of(Dataset demos, ImitationPolicy policy) {
        Samples s = new Samples(policy.net.obsSize, policy.discrete(), policy.net.actionSize);
        for (Episode e : demos.episodes()) {
            for (int t = 0; t < e.steps(); t++) {
                s.add(policy.features(observation(e.observations(), t)), action(e.actions(), t));
            }
        }
        return s;
    }

    /** Row {@code t} of an observation column as a policy receives it (Integer for Discrete, float[] otherwise). */
    static Object observation(Column c, int t) {
        return c instanceof Column.Longs l ? (Object) (int) l.data()[t] : c.rowAsFloats(t);
    }

    /** Row {@code t} of an action column as the env takes it (Integer or float[]). */
    static Object action(Column c, int t) {
        return c instanceof Column.Longs l ? (Object) (int) l.data()[t] : c.rowAsFloats(t);
    }

    /** Appends one pair: {@code features} of length obsSize, {@code action} an Integer or a float[]. */
    void add(float[] x, Object action) {
        if (size == capacity()) grow();
        System.arraycopy(x, 0, features, size * obsSize, obsSize);
        if (discrete) {
            discreteActions[size] = (Integer) action;
        } else {
            System.arraycopy((float[]) action, 0, continuousActions, size * actionSize, actionSize);
        }
        size++;
    }

    /** Writes the pairs held into {@code state} under names starting with {@code prefix}. */
    void save(dev.bellman.core.TrainingState.Writer state, String prefix) {
        state.putLong(prefix + "size", size);
        state.put(prefix + "features", Arrays.copyOf(features, size * obsSize));
        if (discrete) state.put(prefix + "actions", Arrays.copyOf(discreteActions, size));
        else state.put(prefix + "actions", Arrays.copyOf(continuousActions, size * actionSize));
    }

    /**
     * The pairs {@link #save} wrote under {@code prefix}, in samples shaped as {@code like} (the same observation and
     * action sizes).
     */
    static Samples restore(dev.bellman.core.TrainingState.Reader state, String prefix, Samples like) {
        Samples s = new Samples(like.obsSize, like.discrete, like.actionSize);
        s.size = Math.toIntExact(state.getLong(prefix + "size"));
        s.features = state.floats(prefix + "features");
        if (s.discrete) s.discreteActions = state.ints(prefix + "actions");
        else s.continuousActions = state.floats(prefix + "actions");
        if (s.features.length != s.size * s.obsSize || s.capacity() != s.size) {
            throw new IllegalArgumentException("the checkpoint's dataset (" + s.size + " pairs) does not match this"
                    + " run's observation and action sizes (" + s.obsSize + ", " + s.actionSize + ")");
        }
        return s;
    }

    private int capacity() {
        return discrete ? discreteActions.length : continuousActions.length / actionSize;
    }

    private void grow() {
        int cap = Math.max(256, capacity() * 2);
        features = Arrays.copyOf(features, cap * obsSize);
        if (discrete) discreteActions = Arrays.copyOf(discreteActions, cap);
        else continuousActions = Arrays.copyOf(continuousActions, cap * actionSize);
    }
}
