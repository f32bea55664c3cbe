package dev.bellman.algorithms.pg;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Space;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorStep;

/**
 * What the loops need to know about an action space ({@code Discrete} or {@code Box}), and the one place where a
 * batch of stored actions becomes an env step.
 *
 * <p>Continuous actions are sampled from an unbounded Gaussian and stored as drawn (the log-probabilities refer to
 * them); the env receives them clipped to the box, as CleanRL's {@code ClipAction} wrapper does, because Bellman's
 * envs throw on out-of-space actions.
 *
 * @param discrete whether the space is {@code Discrete}
 * @param size number of actions (discrete) or dimensions (continuous): the policy head's width
 * @param low lower bounds (continuous; empty for discrete)
 * @param high upper bounds (continuous; empty for discrete)
 */
record ActionSpec(boolean discrete, int size, float[] low, float[] high) {

    ActionSpec {
        if (size <= 0) throw new IllegalArgumentException("action size must be positive but was " + size);
    }

    static ActionSpec of(Space<?> space) {
        if (space instanceof Discrete d) {
            if (d.start() != 0) {
                throw new IllegalArgumentException("policy gradients need Discrete actions starting at 0 but start was " + d.start());
            }
            return new ActionSpec(true, d.n(), new float[0], new float[0]);
        }
        if (space instanceof Box b) {
            float[] lo = new float[b.size()], hi = new float[b.size()];
            for (int i = 0; i < lo.length; i++) {
                lo[i] = b.low(i);
                hi[i] = b.high(i);
            }
            return new ActionSpec(false, b.size(), lo, hi);
        }
        throw new IllegalArgumentException("policy gradients need a Discrete or Box action space but got " + space);
    }

    /** Floats per stored action: 1 for discrete, {@code size} for continuous. */
    int dim() {
        return discrete ? 1 : size;
    }

    /** Reusable buffers for {@link #step}. */
    static final class Buffers {
        final int[] ints;
        final float[] clipped;

        Buffers(int numEnvs, ActionSpec spec) {
            ints = new int[numEnvs];
            clipped = new float[numEnvs * spec.dim()];
        }
    }

    /** Steps {@code env} with the stored actions (row-major {@code [numEnvs, dim]}), clipping continuous ones. */
    VectorStep step(VectorEnv env, float[] actions, Buffers buf) {
        if (discrete) {
            for (int i = 0; i < buf.ints.length; i++) buf.ints[i] = (int) actions[i];
            return env.step(buf.ints);
        }
        clip(actions, buf.clipped);
        return env.step(buf.clipped);
    }

    /** Clips row-major actions into the box. */
    void clip(float[] actions, float[] out) {
        int d = size;
        for (int i = 0; i < out.length; i++) {
            int j = i % d;
            out[i] = Math.min(high[j], Math.max(low[j], actions[i]));
        }
    }
}
