package dev.bellman.env.wrappers;

import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.Map;

/**
 * Resizes image observations ({@code gymnasium.wrappers.ResizeObservation}) with area interpolation, bit-exact with
 * OpenCV's {@code cv2.resize(obs, (width, height), interpolation=cv2.INTER_AREA)} that Gymnasium calls
 * ({@link ImageOps#resizeArea}). The inner observation is a {@code [H, W]} or {@code [H, W, C]} {@code uint8} image
 * ({@link ByteBox#pixels}, C at most 4); the result is {@code [height, width]} or {@code [height, width, C]}.
 *
 * <p>Deviation: only shrinking is supported ({@code height <= H}, {@code width <= W}); OpenCV's INTER_AREA enlarges
 * with bilinear interpolation, which this wrapper refuses with a message instead.
 */
public final class ResizeObservation<A> extends Wrapper<byte[], A, byte[], A> {
    private final int height;
    private final int width;
    private final int srcHeight;
    private final int srcWidth;
    private final int channels;
    private final ByteBox space;
    private final ImageOps.AreaResizer resizer;

    /** {@code ResizeObservation(env, shape=(height, width))}. */
    public ResizeObservation(Env<byte[], A> env, int height, int width) {
        super(env);
        int[] s = env.observationSpace().shape();
        if (!(env.observationSpace() instanceof ByteBox b) || (s.length != 2 && s.length != 3)) {
            throw new IllegalArgumentException("ResizeObservation needs a 2D or 3D uint8 image observation"
                    + " Box(0, 255, (H, W[, C]), uint8) but got " + env.observationSpace());
        }
        if (b.low() != 0 || b.high() != 255) {
            throw new IllegalArgumentException("ResizeObservation needs observation bounds 0 to 255 but got " + b);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("ResizeObservation needs a positive shape but got (" + height + ", "
                    + width + ")");
        }
        if (height > s[0] || width > s[1]) {
            throw new IllegalArgumentException("ResizeObservation only shrinks (area interpolation) but the shape ("
                    + height + ", " + width + ") is larger than the observation's (" + s[0] + ", " + s[1] + ")");
        }
        this.height = height;
        this.width = width;
        this.srcHeight = s[0];
        this.srcWidth = s[1];
        this.channels = s.length == 3 ? s[2] : 1;
        if (channels > 4) {
            throw new IllegalArgumentException("ResizeObservation supports 1 to 4 channels but got " + channels);
        }
        this.space = s.length == 3 ? ByteBox.pixels(height, width, channels) : ByteBox.pixels(height, width);
        this.resizer = ImageOps.areaResizer(srcHeight, srcWidth, channels, height, width);
    }

    @Override
    public Space<byte[]> observationSpace() {
        return space;
    }

    private byte[] resize(byte[] obs) {
        return resizer.apply(obs);
    }

    @Override
    public Reset<byte[]> reset(Long seed, Map<String, Object> options) {
        Reset<byte[]> r = env.reset(seed, options);
        return new Reset<>(resize(r.observation()), r.info());
    }

    @Override
    public Step<byte[]> step(A action) {
        Step<byte[]> s = env.step(action);
        return new Step<>(resize(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }
}
