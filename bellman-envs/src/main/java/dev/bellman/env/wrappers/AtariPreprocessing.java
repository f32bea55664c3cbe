package dev.bellman.env.wrappers;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.HasLives;
import dev.bellman.env.NpRandom;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.Wrapper;
import java.util.HashMap;
import java.util.Map;

/**
 * Atari 2600 preprocessing for any environment that renders RGB frames ({@code gymnasium.wrappers.AtariPreprocessing},
 * Gymnasium 1.x; Machado et al. 2018, "Revisiting the Arcade Learning Environment", and Mnih et al. 2015): the
 * observation is built from {@link Env#render()} frames, not from the inner observation.
 * <ul>
 *   <li><b>No-op reset</b>: after each reset, {@code 1..noopMax} (uniform) steps of action 0; an episode ending
 *       during them is reset again with the same seed and options. Needs a {@link Discrete} action space starting at
 *       0 whose action 0 is NOOP, as ALE's action sets (MinAtar's are); {@code noopMax = 0} turns it off.</li>
 *   <li><b>Frame skip</b>: each step repeats the action {@code frameSkip} times, sums the rewards and stops early when
 *       the episode ends; the observation is the pixel-wise maximum of the last two frames (flicker removal).</li>
 *   <li><b>Grayscale</b> (default) with {@link GrayscaleObservation}'s formula, {@code grayscaleNewaxis} keeping a
 *       channel axis of 1; otherwise RGB.</li>
 *   <li><b>Resize</b> to {@code screenHeight × screenWidth} (84×84 by default) with area interpolation as OpenCV's
 *       INTER_AREA ({@link ImageOps#resizeArea}); frames must be at least that large.</li>
 *   <li><b>Scale</b>: {@link #scaled} gives {@code float32} observations {@code pixel / 255} in a {@link Box}(0, 1)
 *       ({@code scale_obs=True}); {@link #of} keeps {@code uint8} pixels in a {@link ByteBox}.</li>
 *   <li><b>Terminal on life loss</b>: {@code terminated} whenever the lives count drops. Needs
 *       {@code env.unwrapped()} to implement {@link HasLives}; without it the option is refused.</li>
 * </ul>
 * The observation shape is {@code [screenHeight, screenWidth]}, {@code [.., 1]} with {@code grayscaleNewaxis}, or
 * {@code [.., 3]} for RGB.
 *
 * <h2>Implementation notes</h2>
 * Gymnasium's step and reset are followed line by line, including what they do at an episode end inside a frame
 * skip: the frames captured before it are kept (the returned observation is the maximum of the stale buffers).
 * The reset observation is the current frame (the second buffer is zeroed). <b>Deviations</b>:
 * <ol>
 *   <li>Frames come from {@code render()} (ALE: {@code ale.getScreenRGB}/{@code getScreenGrayscale}); grayscale uses
 *       the luminance formula, not ALE's palette table.</li>
 *   <li>The number of no-ops is drawn from this wrapper's own generator ({@link NpRandom}, seeded with the reset seed;
 *       from entropy when never seeded), not from the inner environment's {@code np_random}. For an environment that
 *       does not draw from its generator during reset this gives Gymnasium's counts for the same seed.</li>
 *   <li>Inner environment frame skipping is not detected (Gymnasium checks ALE's {@code _frameskip}): do not wrap an
 *       environment that already skips frames.</li>
 * </ol>
 *
 * <p>{@link Snapshottable}: a snapshot holds the no-op generator, the lives count, the frame size and the two frame
 * buffers, so a checkpointed run resumes exactly (with the inner env's own snapshot).
 *
 * @param <O> {@code byte[]} ({@link #of}) or {@code float[]} ({@link #scaled})
 */
public final class AtariPreprocessing<O> extends Wrapper<O, Integer, Object, Integer> implements Snapshottable {

    /**
     * Options, with Gymnasium's defaults in {@link #DEFAULTS}.
     *
     * @param noopMax            most no-op steps after a reset (0 = none); {@code noop_max}
     * @param frameSkip          frames per step; {@code frame_skip}
     * @param screenHeight       observation height; {@code screen_size[1]}
     * @param screenWidth        observation width; {@code screen_size[0]}
     * @param terminalOnLifeLoss end the episode when a life is lost; {@code terminal_on_life_loss}
     * @param grayscaleObs       grayscale (true) or RGB observations; {@code grayscale_obs}
     * @param grayscaleNewaxis   keep a channel axis of 1 on grayscale observations; {@code grayscale_newaxis}
     */
    public record Config(int noopMax, int frameSkip, int screenHeight, int screenWidth, boolean terminalOnLifeLoss,
                         boolean grayscaleObs, boolean grayscaleNewaxis) {
        /** Gymnasium's defaults: 30 no-ops, frame skip 4, 84×84, no life-loss terminal, grayscale without channel axis. */
        public static final Config DEFAULTS = new Config(30, 4, 84, 84, false, true, false);

        public Config {
            if (noopMax < 0) {
                throw new IllegalArgumentException("noopMax must be non-negative but was " + noopMax);
            }
            if (frameSkip <= 0) {
                throw new IllegalArgumentException("frameSkip must be positive but was " + frameSkip);
            }
            if (screenHeight <= 0 || screenWidth <= 0) {
                throw new IllegalArgumentException("screen size must be positive but was " + screenHeight + "x"
                        + screenWidth);
            }
        }

        public Config withNoopMax(int n) {
            return new Config(n, frameSkip, screenHeight, screenWidth, terminalOnLifeLoss, grayscaleObs, grayscaleNewaxis);
        }

        public Config withFrameSkip(int n) {
            return new Config(noopMax, n, screenHeight, screenWidth, terminalOnLifeLoss, grayscaleObs, grayscaleNewaxis);
        }

        /** A square screen, as Gymnasium's integer {@code screen_size}. */
        public Config withScreenSize(int size) {
            return new Config(noopMax, frameSkip, size, size, terminalOnLifeLoss, grayscaleObs, grayscaleNewaxis);
        }

        public Config withTerminalOnLifeLoss(boolean b) {
            return new Config(noopMax, frameSkip, screenHeight, screenWidth, b, grayscaleObs, grayscaleNewaxis);
        }

        public Config withGrayscale(boolean obs, boolean newaxis) {
            return new Config(noopMax, frameSkip, screenHeight, screenWidth, terminalOnLifeLoss, obs, newaxis);
        }
    }

    private final Config config;
    private final boolean scale;
    private final Space<O> space;
    private final byte[][] buffers = new byte[2][];
    private int frameHeight;
    private int frameWidth;
    private int lives;
    private NpRandom random;
    private ImageOps.AreaResizer resizer;
    private int resizerHeight;
    private int resizerWidth;

    @SuppressWarnings("unchecked")
    private AtariPreprocessing(Env<?, Integer> env, Config config, boolean scale) {
        super((Env<Object, Integer>) env);
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.scale = scale;
        if (config.noopMax() > 0 && !(env.actionSpace() instanceof Discrete d && d.start() == 0)) {
            throw new IllegalArgumentException("AtariPreprocessing with noopMax > 0 needs a Discrete action space starting"
                    + " at 0 with action 0 = NOOP but got " + env.actionSpace() + " (use noopMax 0 to turn no-op resets off)");
        }
        if (config.terminalOnLifeLoss() && !(env.unwrapped() instanceof HasLives)) {
            throw new IllegalArgumentException("AtariPreprocessing with terminalOnLifeLoss needs an environment with a lives"
                    + " count (implementing HasLives) but " + env.unwrapped() + " has none");
        }
        int[] shape = !config.grayscaleObs() ? new int[] {config.screenHeight(), config.screenWidth(), 3}
                : config.grayscaleNewaxis() ? new int[] {config.screenHeight(), config.screenWidth(), 1}
                : new int[] {config.screenHeight(), config.screenWidth()};
        this.space = (Space<O>) (scale ? new Box(0f, 1f, shape) : ByteBox.pixels(shape));
    }

    /** {@code AtariPreprocessing(env, ..., scale_obs=False)}: uint8 observations. */
    public static AtariPreprocessing<byte[]> of(Env<?, Integer> env, Config config) {
        return new AtariPreprocessing<>(env, config, false);
    }

    /** {@code AtariPreprocessing(env, ...)} with Gymnasium's defaults. */
    public static AtariPreprocessing<byte[]> of(Env<?, Integer> env) {
        return of(env, Config.DEFAULTS);
    }

    /** {@code AtariPreprocessing(env, ..., scale_obs=True)}: float32 observations in [0, 1]. */
    public static AtariPreprocessing<float[]> scaled(Env<?, Integer> env, Config config) {
        return new AtariPreprocessing<>(env, config, true);
    }

    /** The options this wrapper was built with. */
    public Config config() {
        return config;
    }

    @Override
    public Space<O> observationSpace() {
        return space;
    }

    @Override
    public Step<O> step(Integer action) {
        double totalReward = 0.0;
        boolean terminated = false;
        boolean truncated = false;
        Map<String, Object> info = Map.of();
        int skip = config.frameSkip();
        for (int t = 0; t < skip; t++) {
            Step<Object> s = env.step(action);
            totalReward += s.reward();
            terminated = s.terminated();
            truncated = s.truncated();
            info = s.info();
            if (config.terminalOnLifeLoss()) {
                int newLives = ((HasLives) env.unwrapped()).lives();
                terminated = terminated || newLives < lives;
                lives = newLives;
            }
            if (terminated || truncated) {
                break;
            }
            if (t == skip - 2) {
                capture(buffers[1]);
            } else if (t == skip - 1) {
                capture(buffers[0]);
            }
        }
        return new Step<>(observation(), totalReward, terminated, truncated, info);
    }

    @Override
    public Reset<O> reset(Long seed, Map<String, Object> options) {
        Reset<Object> r = env.reset(seed, options);
        Map<String, Object> info = new HashMap<>(r.info());
        if (seed != null) {
            random = new NpRandom(seed);
        } else if (random == null) {
            random = NpRandom.fromEntropy();
        }
        long noops = config.noopMax() > 0 ? random.integers(1, config.noopMax() + 1L) : 0;
        for (long i = 0; i < noops; i++) {
            Step<Object> s = env.step(0);
            info.putAll(s.info());
            if (s.terminated() || s.truncated()) {
                info = new HashMap<>(env.reset(seed, options).info());
                if (seed != null) {
                    random = new NpRandom(seed); // Gymnasium's reset(seed) reseeds the generator it draws from
                }
            }
        }
        if (config.terminalOnLifeLoss()) {
            lives = ((HasLives) env.unwrapped()).lives();
        }
        RenderFrame f = env.render();
        if (f == null) {
            throw new IllegalStateException("AtariPreprocessing needs an environment that renders RGB frames but "
                    + env + " returned no frame from render()");
        }
        if (f.height() < config.screenHeight() || f.width() < config.screenWidth()) {
            throw new IllegalStateException("AtariPreprocessing shrinks frames with area interpolation but the frames of "
                    + env + " are " + f.height() + "x" + f.width() + ", smaller than the screen size "
                    + config.screenHeight() + "x" + config.screenWidth());
        }
        if (buffers[0] == null || f.height() != frameHeight || f.width() != frameWidth) {
            frameHeight = f.height();
            frameWidth = f.width();
            int n = frameHeight * frameWidth * (config.grayscaleObs() ? 1 : 3);
            buffers[0] = new byte[n];
            buffers[1] = new byte[n];
        }
        store(f, buffers[0]);
        java.util.Arrays.fill(buffers[1], (byte) 0);
        return new Reset<>(observation(), info);
    }

    /** Layout: [has generator, generator (8), lives, frameHeight, frameWidth, buffer 0..., buffer 1...]. */
    @Override
    public long[] snapshot() {
        int n = buffers[0] == null ? 0 : buffers[0].length;
        long[] out = new long[12 + 2 * n];
        if (random != null) {
            out[0] = 1;
            System.arraycopy(random.snapshot(), 0, out, 1, 8);
        }
        out[9] = lives;
        out[10] = frameHeight;
        out[11] = frameWidth;
        for (int i = 0; i < n; i++) {
            out[12 + i] = buffers[0][i] & 0xFF;
            out[12 + n + i] = buffers[1][i] & 0xFF;
        }
        return out;
    }

    @Override
    public void restore(long[] v) {
        if (v == null || v.length < 12) {
            throw new IllegalArgumentException("an AtariPreprocessing snapshot has at least 12 values but this one has "
                    + (v == null ? "none (null)" : v.length));
        }
        int h = (int) v[10];
        int w = (int) v[11];
        int n = h * w * (config.grayscaleObs() ? 1 : 3);
        Snapshottable.checkLength(v, 12 + 2 * n, this);
        if (v[0] != 0) {
            NpRandom r = new NpRandom(0);
            r.restore(java.util.Arrays.copyOfRange(v, 1, 9));
            random = r;
        } else {
            random = null;
        }
        lives = (int) v[9];
        frameHeight = h;
        frameWidth = w;
        if (n == 0) {
            buffers[0] = null;
            buffers[1] = null;
            return;
        }
        buffers[0] = new byte[n];
        buffers[1] = new byte[n];
        for (int i = 0; i < n; i++) {
            buffers[0][i] = (byte) v[12 + i];
            buffers[1][i] = (byte) v[12 + n + i];
        }
    }

    private void capture(byte[] buffer) {
        RenderFrame f = env.render();
        if (f == null || f.height() != frameHeight || f.width() != frameWidth) {
            throw new IllegalStateException("AtariPreprocessing expected a " + frameHeight + "x" + frameWidth
                    + " frame from " + env + " but render() returned "
                    + (f == null ? "null" : f.height() + "x" + f.width()));
        }
        store(f, buffer);
    }

    private void store(RenderFrame f, byte[] buffer) {
        if (config.grayscaleObs()) {
            ImageOps.grayscale(f.rgb(), buffer);
        } else {
            System.arraycopy(f.rgb(), 0, buffer, 0, buffer.length);
        }
    }

    @SuppressWarnings("unchecked")
    private O observation() {
        if (config.frameSkip() > 1) {
            ImageOps.maxInPlace(buffers[0], buffers[1]); // in place, as Gymnasium's np.maximum(..., out=buffer[0])
        }
        if (resizer == null || resizerHeight != frameHeight || resizerWidth != frameWidth) {
            resizer = ImageOps.areaResizer(frameHeight, frameWidth, config.grayscaleObs() ? 1 : 3,
                    config.screenHeight(), config.screenWidth());
            resizerHeight = frameHeight;
            resizerWidth = frameWidth;
        }
        byte[] obs = resizer.apply(buffers[0]);
        if (!scale) {
            return (O) obs;
        }
        float[] out = new float[obs.length];
        for (int i = 0; i < obs.length; i++) {
            out[i] = (obs[i] & 0xFF) / 255f; // float32 / 255.0 in NumPy stays float32
        }
        return (O) out;
    }
}
