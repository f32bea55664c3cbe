package dev.bellman.env.wrappers;

import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * RGB image observations to grayscale ({@code gymnasium.wrappers.GrayscaleObservation}): a {@code [H, W, 3]}
 * {@link ByteBox#pixels} observation becomes {@code [H, W]}, or {@code [H, W, 1]} with {@code keepDim}, each pixel
 * {@code uint8(0.2125 R + 0.7154 G + 0.0721 B)} truncated, exactly as Gymnasium's NumPy code ({@link ImageOps#grayscale}).
 */
public final class GrayscaleObservation<A> extends Wrapper<byte[], A, byte[], A> {
    private final ByteBox space;

    public GrayscaleObservation(Env<byte[], A> env, boolean keepDim) {
        super(env);
        int[] s = env.observationSpace().shape();
        if (!(env.observationSpace() instanceof ByteBox b) || s.length != 3 || s[2] != 3) {
            throw new IllegalArgumentException("GrayscaleObservation needs an RGB image observation Box(0, 255, (H, W, 3),"
                    + " uint8) but got " + env.observationSpace());
        }
        if (b.low() != 0 || b.high() != 255 || b.isBinary()) {
            throw new IllegalArgumentException("GrayscaleObservation needs observation bounds 0 to 255 but got " + b);
        }
        this.space = keepDim ? ByteBox.pixels(s[0], s[1], 1) : ByteBox.pixels(s[0], s[1]);
    }

    /** {@code GrayscaleObservation(env, keep_dim=False)}. */
    public GrayscaleObservation(Env<byte[], A> env) {
        this(env, false);
    }

    @Override
    public Space<byte[]> observationSpace() {
        return space;
    }

    @Override
    public Reset<byte[]> reset(Long seed, Map<String, Object> options) {
        Reset<byte[]> r = env.reset(seed, options);
        return new Reset<>(ImageOps.grayscale(r.observation()), r.info());
    }

    @Override
    public Step<byte[]> step(A action) {
        Step<byte[]> s = env.step(action);
        return new Step<>(ImageOps.grayscale(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }
}
