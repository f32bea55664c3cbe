package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Stacks the last {@code stackSize} {@code float[]} observations, oldest first ({@code gymnasium.wrappers.FrameStackObservation}
 * with {@code padding_type="reset"}: after a reset the stack is filled with the reset observation). The space is the
 * inner {@link Box} repeated along a new leading axis of length {@code stackSize}.
 */
public final class FrameStack<A> extends Wrapper<float[], A, float[], A> implements Snapshottable {
    private final int stackSize;
    private final int frameSize;
    private final float[] frames;
    private final Box space;

    public FrameStack(Env<float[], A> env, int stackSize) {
        super(env);
        if (stackSize <= 0) {
            throw new IllegalArgumentException("stackSize must be positive but was " + stackSize);
        }
        if (!(env.observationSpace() instanceof Box b)) {
            throw new IllegalArgumentException("FrameStack needs a Box observation space but got " + env.observationSpace());
        }
        this.stackSize = stackSize;
        this.frameSize = b.size();
        this.frames = new float[stackSize * frameSize];
        float[] lo = new float[frames.length];
        float[] hi = new float[frames.length];
        for (int k = 0; k < stackSize; k++) {
            for (int i = 0; i < frameSize; i++) {
                lo[k * frameSize + i] = b.low(i);
                hi[k * frameSize + i] = b.high(i);
            }
        }
        int[] inner = b.shape();
        int[] shape = new int[inner.length + 1];
        shape[0] = stackSize;
        System.arraycopy(inner, 0, shape, 1, inner.length);
        this.space = new Box(lo, hi, shape);
    }

    @Override
    public Space<float[]> observationSpace() {
        return space;
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        Reset<float[]> r = env.reset(seed, options);
        for (int k = 0; k < stackSize; k++) {
            System.arraycopy(r.observation(), 0, frames, k * frameSize, frameSize);
        }
        return new Reset<>(frames.clone(), r.info());
    }

    @Override
    public Step<float[]> step(A action) {
        Step<float[]> s = env.step(action);
        System.arraycopy(frames, frameSize, frames, 0, (stackSize - 1) * frameSize);
        System.arraycopy(s.observation(), 0, frames, (stackSize - 1) * frameSize, frameSize);
        return new Step<>(frames.clone(), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    @Override
    public long[] snapshot() {
        long[] out = new long[frames.length];
        for (int i = 0; i < frames.length; i++) out[i] = Float.floatToRawIntBits(frames[i]);
        return out;
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, frames.length, this);
        for (int i = 0; i < frames.length; i++) frames[i] = Float.intBitsToFloat((int) v[i]);
    }
}
