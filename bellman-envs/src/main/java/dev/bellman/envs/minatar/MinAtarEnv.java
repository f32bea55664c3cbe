package dev.bellman.envs.minatar;

import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.NpRandomState;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A MinAtar game (Young &amp; Tian 2019, "MinAtar: An Atari-Inspired Testbed for Thorough and Reproducible
 * Reinforcement Learning Experiments", arXiv:1903.03176) with the Python package's Gymnasium interface
 * ({@code minatar.gym.BaseEnv}): ids {@code MinAtar/<Game>-v0} take all six actions, {@code MinAtar/<Game>-v1} the
 * game's minimal action set. With the same seed and actions the frames, rewards and terminations are bit for bit the
 * Python package's (checked against recorded trajectories).
 *
 * <h2>Action space</h2> {@code Discrete(6)} for v0 (0 no-op, 1 left, 2 up, 3 right, 4 down, 5 fire), or
 * {@code Discrete(k)} indexing the minimal set for v1: Asterix {0,1,2,3,4}, Breakout {0,1,3}, Freeway {0,2,4},
 * Seaquest all six, SpaceInvaders {0,1,3,5}.
 * <h2>Observation space</h2> {@code Box(0, 1, (C, 10, 10), uint8)}: one 0/1 plane per object kind. <b>Channel-first:</b>
 * the reference's {@code state()} is 10×10×C (channel-last); Bellman's images are {@code [C, H, W]} for the
 * convolutional torso, so plane c, row y, column x is at index {@code c·100 + y·10 + x}. C is 4 (Asterix, Breakout),
 * 7 (Freeway), 10 (Seaquest) or 6 (SpaceInvaders).
 * <h2>Sticky actions</h2> before every step one {@code random_sample()} is drawn; below {@code stickyActionProb}
 * (default 0.1, the reference's) the previous full-set action is repeated instead. The previous action starts at 0 and,
 * as in the reference, carries over into an episode started by {@code reset()} without a seed. <b>Deviation:</b>
 * {@code reset(seed)} sets it back to 0, as a freshly made Python env has it, so that one seed gives one trajectory on
 * any instance (Bellman's {@link Env} contract); the reference keeps it when an env is reseeded.
 * <h2>Seeding</h2> {@code reset(seed)} builds {@code np.random.RandomState(seed)} ({@link NpRandomState}, seeds in
 * [0, 2³² − 1]) shared by the sticky actions and the game, as the reference does once seeded; {@code reset()} without
 * a seed continues it. The first unseeded reset seeds it from entropy.
 * <h2>Episode end</h2> the game's own terminal conditions; the reference registers no time limit, so none is set here
 * (Freeway ends itself after 2,500 frames). Stepping a terminated game still draws the sticky-action number and
 * returns reward 0, terminated, as the reference does.
 * <h2>Rendering</h2> {@link #render()} colours each cell by the highest-numbered lit plane with MinAtar's palette
 * (seaborn's {@code color_palette("cubehelix", C)} after black for empty cells, as {@code display_state} and the gym
 * wrapper's {@code rgb_array}), components rounded to bytes, each cell drawn as {@value #CELL}×{@value #CELL} pixels.
 * <h2>Version history</h2> v0/v1 as the reference's registration (current MinAtar).
 */
public final class MinAtarEnv implements Env<byte[], Integer>, Snapshottable {
    /** Pixels per cell side in {@link #render()}. */
    public static final int CELL = 16;

    /** The five games, with the names of the reference's modules and Gymnasium ids. */
    public enum Game {
        ASTERIX("Asterix"), BREAKOUT("Breakout"), FREEWAY("Freeway"), SEAQUEST("Seaquest"),
        SPACE_INVADERS("SpaceInvaders");

        private final String title;

        Game(String title) {
            this.title = title;
        }

        /** The name in the Gymnasium id, such as {@code SpaceInvaders}. */
        public String title() {
            return title;
        }

        MinAtarGame create(boolean ramping) {
            return switch (this) {
                case ASTERIX -> new Asterix(ramping);
                case BREAKOUT -> new Breakout();
                case FREEWAY -> new Freeway();
                case SEAQUEST -> new Seaquest(ramping);
                case SPACE_INVADERS -> new SpaceInvaders(ramping);
            };
        }

        /** The game named {@code name} (the id's title, case-insensitive, or the reference's module name). */
        public static Game of(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT).replace("_", "");
            for (Game g : values()) {
                if (g.title.toLowerCase(Locale.ROOT).equals(n)) return g;
            }
            throw new IllegalArgumentException("game must be one of asterix, breakout, freeway, seaquest,"
                    + " space_invaders but was " + name);
        }
    }

    private final Game game;
    private final MinAtarGame dynamics;
    private final int[] actionSet;
    private final double stickyActionProb;
    private final ByteBox observationSpace;
    private final Discrete actionSpace;
    private final int[] palette;
    private NpRandomState random;
    private int lastAction;
    private boolean started;

    /** The reference's defaults: sticky actions 0.1, difficulty ramping on. */
    public MinAtarEnv(Game game, boolean minimalActionSet) {
        this(game, minimalActionSet, 0.1, true);
    }

    /**
     * @param minimalActionSet  the v1 action space (the game's minimal set) instead of all six actions
     * @param stickyActionProb  probability in [0, 1] of repeating the previous action (the reference's 0.1)
     * @param difficultyRamping whether Asterix, Seaquest and SpaceInvaders speed up as the episode goes on
     */
    public MinAtarEnv(Game game, boolean minimalActionSet, double stickyActionProb, boolean difficultyRamping) {
        if (game == null) throw new IllegalArgumentException("game must be one of " + Arrays.toString(Game.values())
                + " but was null");
        if (!(stickyActionProb >= 0 && stickyActionProb <= 1)) {
            throw new IllegalArgumentException("sticky_action_prob must be in [0, 1] but was " + stickyActionProb);
        }
        this.game = game;
        this.dynamics = game.create(difficultyRamping);
        this.actionSet = minimalActionSet ? dynamics.minimalActionSet() : new int[] {0, 1, 2, 3, 4, 5};
        this.stickyActionProb = stickyActionProb;
        this.observationSpace = ByteBox.binary(dynamics.channels(), 10, 10);
        this.actionSpace = new Discrete(actionSet.length);
        this.palette = palette(dynamics.channels());
    }

    /** The game being played. */
    public Game game() {
        return game;
    }

    /** The game's dynamics; for tests in this package. */
    MinAtarGame dynamics() {
        return dynamics;
    }

    /** The full-set actions (0 no-op … 5 fire) that this env's actions 0, 1, … stand for. */
    public int[] actionSet() {
        return actionSet.clone();
    }

    @Override
    public Reset<byte[]> reset(Long seed, Map<String, Object> options) {
        if (seed != null) {
            random = new NpRandomState(seed);
            lastAction = 0; // as in a fresh Python env: the same seed gives the same trajectory on any instance
        } else if (random == null) {
            random = NpRandomState.fromEntropy();
        }
        dynamics.reset(random);
        started = true;
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<byte[]> step(Integer action) {
        if (!started) throw new IllegalStateException("step() before reset()");
        if (action == null || !actionSpace.contains(action)) {
            throw new IllegalArgumentException("action " + action + " is outside the action space " + actionSpace);
        }
        int a = actionSet[action];
        if (random.randomSample() < stickyActionProb) a = lastAction;
        lastAction = a;
        int reward = dynamics.act(a);
        return new Step<>(observation(), reward, dynamics.terminal, false, Map.of());
    }

    private byte[] observation() {
        byte[] o = new byte[dynamics.channels() * 100];
        dynamics.state(o);
        return o;
    }

    @Override
    public Space<byte[]> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public RenderFrame render() {
        if (!started) return null;
        byte[] o = observation();
        int side = 10 * CELL;
        byte[] rgb = new byte[side * side * 3];
        int channels = dynamics.channels();
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                int top = 0;
                for (int c = 0; c < channels; c++) {
                    if (o[c * 100 + y * 10 + x] != 0) top = c + 1;
                }
                int colour = palette[top];
                for (int dy = 0; dy < CELL; dy++) {
                    for (int dx = 0; dx < CELL; dx++) {
                        int p = 3 * ((y * CELL + dy) * side + x * CELL + dx);
                        rgb[p] = (byte) (colour >> 16);
                        rgb[p + 1] = (byte) (colour >> 8);
                        rgb[p + 2] = (byte) colour;
                    }
                }
            }
        }
        return new RenderFrame(side, side, rgb);
    }

    @Override
    public int renderFps() {
        return 20; // the reference's display_state shows each frame for 50 ms
    }

    /**
     * MinAtar's colour map as 0xRRGGBB: black, then seaborn's {@code color_palette("cubehelix", n)}, which samples
     * matplotlib's 256-entry cubehelix map (Green 2011, defaults γ 1, s 0.5, r −1.5, h 1) at {@code i/(n+1)},
     * i = 1…n.
     */
    static int[] palette(int n) {
        int[] out = new int[n + 1];
        double step = 1.0 / (n + 1);
        for (int i = 1; i <= n; i++) {
            int index = (int) Math.floor(i * step * 256);
            double x = index * (1.0 / 255);
            double a = x * (1 - x) / 2;
            double phi = 2 * Math.PI * (0.5 / 3 - 1.5 * x);
            double cos = Math.cos(phi), sin = Math.sin(phi);
            double red = x + a * (-0.14861 * cos + 1.78277 * sin);
            double green = x + a * (-0.29227 * cos - 0.90649 * sin);
            double blue = x + a * (1.97294 * cos);
            out[i] = (toByte(red) << 16) | (toByte(green) << 8) | toByte(blue);
        }
        return out;
    }

    private static int toByte(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    @Override
    public void close() {}

    /** Snapshot: started, last action, generator present and its state (625 values), then the game's state. */
    @Override
    public long[] snapshot() {
        Longs out = new Longs();
        out.add(started);
        out.add(lastAction);
        out.add(random != null);
        if (random != null) {
            for (long v : random.snapshot()) out.add(v);
        }
        dynamics.save(out);
        return out.toArray();
    }

    @Override
    public void restore(long[] snapshot) {
        Longs.Cursor in = new Longs.Cursor(snapshot, 0);
        boolean wasStarted = in.nextBool();
        int last = in.nextInt();
        NpRandomState r = null;
        if (in.nextBool()) {
            long[] s = new long[625];
            for (int i = 0; i < s.length; i++) s[i] = in.next();
            r = new NpRandomState(0);
            r.restore(s);
        }
        if (last < 0 || last > 5) throw new IllegalArgumentException("a MinAtar snapshot's last action must be in [0, 5]"
                + " but was " + last);
        dynamics.load(in);
        if (!in.atEnd()) throw new IllegalArgumentException("a MinAtar " + game.title() + " snapshot has "
                + snapshot.length + " values, more than its state");
        started = wasStarted;
        lastAction = last;
        random = r;
        dynamics.random = r;
    }
}
