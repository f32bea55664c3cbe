package dev.bellman.algorithms.offpolicy;

import dev.bellman.env.Box;
import java.util.Arrays;
import java.util.Objects;

/**
 * The affine map between a policy's action cube {@code [−1, 1]^D} and an env's bounded {@link Box}
 * {@code [low, high]}, as SB3's {@code scale_action}/{@code unscale_action}:
 * <pre>
 *   env(a)    = low + (clip(a, −1, 1) + 1) · (high − low) / 2
 *   policy(x) = 2 · (x − low) / (high − low) − 1
 * </pre>
 * The actors of DDPG, TD3 and SAC end in tanh, and the replay buffer stores actions in policy units,
 * so the same exploration noise and target-policy smoothing mean the same thing on every env.
 * {@link #toEnv} clips first: Bellman's continuous envs throw on actions outside their Box.
 *
 * @param low  the Box's lower bounds (finite)
 * @param high the Box's upper bounds (finite, above {@code low})
 */
record ActionScaler(float[] low, float[] high) {
    ActionScaler {
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("low and high must have the same positive length but had "
                    + low.length + " and " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!Float.isFinite(low[i]) || !Float.isFinite(high[i]) || !(high[i] > low[i])) {
                throw new IllegalArgumentException("action bounds must be finite with low < high but dimension " + i
                        + " is [" + low[i] + ", " + high[i] + "]");
            }
        }
        low = low.clone();
        high = high.clone();
    }

    /** The scaler of a bounded Box action space. */
    static ActionScaler of(Box space) {
        return new ActionScaler(space.low(), space.high());
    }

    /** Number of action dimensions. */
    int dim() {
        return low.length;
    }

    /** Maps policy actions {@code a[off .. off+D)} (clipped to [−1, 1]) into env units in {@code out}. */
    void toEnv(float[] a, int off, float[] out) {
        for (int i = 0; i < low.length; i++) {
            float x = Math.max(-1f, Math.min(1f, a[off + i]));
            // clamp again: low + (high - low) rounds above high for some floats
            out[i] = Math.max(low[i], Math.min(high[i], low[i] + 0.5f * (x + 1f) * (high[i] - low[i])));
        }
    }

    /** Maps env actions into policy units {@code [−1, 1]} (unclipped). */
    void toPolicy(float[] x, float[] out) {
        for (int i = 0; i < low.length; i++) out[i] = 2f * (x[i] - low[i]) / (high[i] - low[i]) - 1f;
    }

    @Override
    public float[] low() {
        return low.clone();
    }

    @Override
    public float[] high() {
        return high.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionScaler s && Arrays.equals(low, s.low) && Arrays.equals(high, s.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "ActionScaler[low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + "]";
    }
}
