package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.DictSpace;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.MultiBinary;
import dev.bellman.env.MultiDiscrete;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.TupleSpace;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Flattens observations of any space into {@code float[]} ({@code gymnasium.wrappers.FlattenObservation} with
 * {@code gymnasium.spaces.flatten}): boxes are copied, discrete parts become one-hot, composites concatenate.
 */
public final class FlattenObservation<O, A> extends Wrapper<float[], A, O, A> {
    private final Space<O> inner;
    private final Box space;

    public FlattenObservation(Env<O, A> env) {
        super(env);
        this.inner = env.observationSpace();
        int n = inner.flatDim();
        float[] lo = new float[n];
        float[] hi = new float[n];
        bounds(inner, lo, hi, 0);
        this.space = new Box(lo, hi);
    }

    private static int bounds(Space<?> s, float[] lo, float[] hi, int o) {
        switch (s) {
            case Box b -> {
                for (int i = 0; i < b.size(); i++) {
                    lo[o + i] = b.low(i);
                    hi[o + i] = b.high(i);
                }
                return o + b.size();
            }
            case ByteBox b -> {
                java.util.Arrays.fill(lo, o, o + b.size(), b.low());
                java.util.Arrays.fill(hi, o, o + b.size(), b.high());
                return o + b.size();
            }
            case Discrete d -> {
                java.util.Arrays.fill(hi, o, o + d.flatDim(), 1f);
                return o + d.flatDim();
            }
            case MultiDiscrete m -> {
                java.util.Arrays.fill(hi, o, o + m.flatDim(), 1f);
                return o + m.flatDim();
            }
            case MultiBinary m -> {
                java.util.Arrays.fill(hi, o, o + m.flatDim(), 1f);
                return o + m.flatDim();
            }
            case TupleSpace t -> {
                for (Space<?> c : t.spaces()) {
                    o = bounds(c, lo, hi, o);
                }
                return o;
            }
            case DictSpace d -> {
                for (Space<?> c : d.spaces().values()) {
                    o = bounds(c, lo, hi, o);
                }
                return o;
            }
        }
    }

    @Override
    public Space<float[]> observationSpace() {
        return space;
    }

    private float[] flat(O obs) {
        float[] out = new float[space.size()];
        inner.flatten(obs, out, 0);
        return out;
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        Reset<O> r = env.reset(seed, options);
        return new Reset<>(flat(r.observation()), r.info());
    }

    @Override
    public Step<float[]> step(A action) {
        Step<O> s = env.step(action);
        return new Step<>(flat(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }
}
