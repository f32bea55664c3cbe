package dev.bellman.algorithms.modelbased;

import dev.bellman.nn.Rng;

/**
 * A model-predictive controller: at every env step it optimises an action sequence over a receding horizon with a
 * {@link RolloutModel} and returns the sequence's first action. Planners keep their last plan, shifted by one step,
 * as the next step's starting point (warm start).
 */
public interface Planner {

    /** The action to take in {@code obs} (env units, inside the action bounds). */
    float[] act(float[] obs, Rng rng);

    /** Forgets the warm-start plan (call at the start of an episode). */
    void reset();

    /** The warm-start plan ({@code horizon × actDim}), for checkpoints. */
    float[] plan();

    /** Puts back a plan from {@link #plan()}. */
    void setPlan(float[] plan);

    /** Action bounds and horizon shared by the planners. */
    record Bounds(float[] low, float[] high, int horizon) {
        public Bounds {
            if (low == null || high == null || low.length != high.length || low.length == 0) {
                throw new IllegalArgumentException("low and high must be non-empty arrays of one length");
            }
            for (int d = 0; d < low.length; d++) {
                if (!(low[d] < high[d]) || !Float.isFinite(low[d]) || !Float.isFinite(high[d])) {
                    throw new IllegalArgumentException("action bounds must be finite with low < high but dimension " + d
                            + " has [" + low[d] + ", " + high[d] + "]");
                }
            }
            if (horizon < 1) throw new IllegalArgumentException("horizon must be at least 1 but was " + horizon);
            low = low.clone();
            high = high.clone();
        }

        public int actDim() { return low.length; }

        /** The middle of the bounds, repeated over the horizon: every planner's initial plan. */
        float[] middle() {
            float[] m = new float[horizon * low.length];
            for (int i = 0; i < m.length; i++) m[i] = 0.5f * (low[i % low.length] + high[i % low.length]);
            return m;
        }

        float clip(float v, int i) {
            int d = i % low.length;
            return Math.max(low[d], Math.min(high[d], v));
        }

        /** Shifts {@code plan} one step left and fills the last step with the middle of the bounds. */
        void shift(float[] plan) {
            int ad = low.length;
            System.arraycopy(plan, ad, plan, 0, plan.length - ad);
            for (int d = 0; d < ad; d++) plan[plan.length - ad + d] = 0.5f * (low[d] + high[d]);
        }
    }
}
