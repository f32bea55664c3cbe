package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Stacks the last {@code stackSize} observations along a new leading axis, oldest first
 * ({@code gymnasium.wrappers.FrameStackObservation}, Gymnasium 1.x): a {@link ByteBox} of shape {@code S} becomes a
 * {@link ByteBox} of shape {@code [stackSize, S...]} ({@code byte[]} observations, so stacked 84×84 frames stay
 * uint8), a {@link Box} becomes a {@link Box} likewise ({@code float[]}).
 *
 * <p>Padding, used to fill the stack at {@link #reset}: {@code "reset"} (Gymnasium's default) repeats the reset
 * observation; {@code "zero"} uses zeros; {@link #withPadding} takes a custom observation inside the inner space.
 * After a reset the stack is {@code stackSize - 1} paddings followed by the reset observation.
 *
 * <p>{@link Snapshottable}: a snapshot is the stack, one value per element (float bits for a {@link Box}).
 *
 * @param <O> {@code byte[]} or {@code float[]}
 */
public final class FrameStackObservation<O, A> extends Wrapper<O, A, O, A> implements Snapshottable {
    private final int stackSize;
    private final int frameSize;
    private final boolean reset;
    private final Object padding;
    private final Object frames;
    private final Space<O> space;

    /** {@code FrameStackObservation(env, stack_size, padding_type="reset")}. */
    public FrameStackObservation(Env<O, A> env, int stackSize) {
        this(env, stackSize, "reset");
    }

    /** {@code FrameStackObservation(env, stack_size, padding_type=paddingType)}, {@code paddingType} "reset" or "zero". */
    public FrameStackObservation(Env<O, A> env, int stackSize, String paddingType) {
        this(env, stackSize, paddingType, null);
    }

    /** {@code FrameStackObservation(env, stack_size, padding_type=padding)} with a custom padding observation. */
    public static <O, A> FrameStackObservation<O, A> withPadding(Env<O, A> env, int stackSize, O padding) {
        if (padding == null || !env.observationSpace().contains(padding)) {
            throw new IllegalArgumentException("FrameStackObservation padding must be an observation inside "
                    + env.observationSpace() + " but was " + (padding == null ? "null" : "a value outside it"));
        }
        return new FrameStackObservation<>(env, stackSize, "_custom", padding);
    }

    @SuppressWarnings("unchecked")
    private FrameStackObservation(Env<O, A> env, int stackSize, String paddingType, O custom) {
        super(env);
        if (stackSize <= 0) {
            throw new IllegalArgumentException("FrameStackObservation stackSize must be greater than zero but was "
                    + stackSize);
        }
        if (!"reset".equals(paddingType) && !"zero".equals(paddingType) && !"_custom".equals(paddingType)) {
            throw new IllegalArgumentException("FrameStackObservation paddingType must be \"reset\" or \"zero\" (or a"
                    + " custom observation through withPadding) but was \"" + paddingType + "\"");
        }
        this.stackSize = stackSize;
        this.reset = "reset".equals(paddingType);
        Space<O> inner = env.observationSpace();
        int[] s = inner.shape();
        int[] shape = new int[s.length + 1];
        shape[0] = stackSize;
        System.arraycopy(s, 0, shape, 1, s.length);
        if (inner instanceof ByteBox b) {
            this.frameSize = b.size();
            this.frames = new byte[stackSize * frameSize];
            this.space = (Space<O>) (b.equals(ByteBox.binary(s)) ? ByteBox.binary(shape) : new ByteBox(b.low(), b.high(), shape));
            this.padding = custom != null ? ((byte[]) custom).clone() : new byte[frameSize];
        } else if (inner instanceof Box b) {
            this.frameSize = b.size();
            this.frames = new float[stackSize * frameSize];
            float[] lo = new float[stackSize * frameSize];
            float[] hi = new float[stackSize * frameSize];
            for (int k = 0; k < stackSize; k++) {
                for (int i = 0; i < frameSize; i++) {
                    lo[k * frameSize + i] = b.low(i);
                    hi[k * frameSize + i] = b.high(i);
                }
            }
            this.space = (Space<O>) new Box(lo, hi, shape);
            this.padding = custom != null ? ((float[]) custom).clone() : new float[frameSize];
        } else {
            throw new IllegalArgumentException("FrameStackObservation needs a Box or uint8 Box observation space but got "
                    + inner);
        }
    }

    @Override
    public Space<O> observationSpace() {
        return space;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        Reset<O> r = env.reset(seed, options);
        Object pad = reset ? r.observation() : padding;
        for (int k = 0; k < stackSize - 1; k++) {
            System.arraycopy(pad, 0, frames, k * frameSize, frameSize);
        }
        System.arraycopy(r.observation(), 0, frames, (stackSize - 1) * frameSize, frameSize);
        return new Reset<>((O) copy(), r.info());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        System.arraycopy(frames, frameSize, frames, 0, (stackSize - 1) * frameSize);
        System.arraycopy(s.observation(), 0, frames, (stackSize - 1) * frameSize, frameSize);
        return new Step<>((O) copy(), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    @Override
    public long[] snapshot() {
        long[] out = new long[stackSize * frameSize];
        for (int i = 0; i < out.length; i++) {
            out[i] = frames instanceof byte[] b ? b[i] & 0xFF : Float.floatToRawIntBits(((float[]) frames)[i]);
        }
        return out;
    }

    @Override
    public void restore(long[] v) {
        Snapshottable.checkLength(v, stackSize * frameSize, this);
        for (int i = 0; i < v.length; i++) {
            if (frames instanceof byte[] b) {
                b[i] = (byte) v[i];
            } else {
                ((float[]) frames)[i] = Float.intBitsToFloat((int) v[i]);
            }
        }
    }

    private Object copy() {
        return frames instanceof byte[] b ? b.clone() : ((float[]) frames).clone();
    }
}
