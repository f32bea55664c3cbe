package dev.bellman.envs.box2d;

import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.NpRandom;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Snapshottable;
import dev.bellman.env.Space;
import dev.bellman.env.Spaces;
import dev.bellman.env.Step;
import dev.bellman.env.wrappers.FrameStackObservation;
import dev.bellman.env.wrappers.GrayscaleObservation;
import dev.bellman.env.wrappers.ResizeObservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Transform;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * Gymnasium 1.x {@code CarRacing-v3} (Oleg Klimov's top-down racing task, driving from pixels) on JBox2D.
 *
 * <h2>Description</h2>
 * A rear-wheel-drive car on a random closed track (generated as Gymnasium does, see {@code CarTrack}), seen from
 * above by a camera that follows and turns with it. The track is a loop of road tiles; driving over a tile for the
 * first time pays for it.
 *
 * <h2>Action space</h2>
 * Continuous (default): {@code Box([-1, 0, 0], [1, 1, 1], float32)}: steering (−1 full left, +1 full right), gas,
 * brake. Discrete ({@code continuous=false}): {@code Discrete(5)}: 0 nothing, 1 steer right (−0.6 to the wheels), 2
 * steer left (+0.6), 3 gas 0.2, 4 brake 0.8. Gymnasium does not check continuous actions; Bellman rejects actions
 * outside the space.
 *
 * <h2>Observation space</h2>
 * {@code Box(0, 255, (96, 96, 3), uint8)} ({@link ByteBox}, row-major height × width × RGB): the top-down view, the car
 * at the horizontal centre three quarters down, zooming in from far over the first second, and Gymnasium's indicator
 * bar along the bottom: score, true speed (white), the four wheels' angular speeds (blue: front, purple: rear), the
 * steering angle (green) and the yaw rate (red).
 *
 * <h2>Rewards</h2>
 * −0.1 every frame and +1000/N for every track tile visited for the first time (N tiles); −100 and the end of the
 * episode when the car leaves the playfield ({@code |x|} or {@code |y|} over 2000/6).
 *
 * <h2>Starting state</h2>
 * The car at rest on the first tile, heading along the track; the first observation is that after one step without
 * an action, as in Gymnasium.
 *
 * <h2>Episode end</h2>
 * Terminated when every tile was visited or when the car reaches tile 0 having visited more than
 * {@code lap_complete_percent} of the tiles ({@code info.lap_finished = true}), or when it leaves the playfield
 * ({@code lap_finished = false}); truncated at 1000 steps by the registration's time limit.
 *
 * <h2>Arguments</h2>
 * {@code continuous} (true), {@code domain_randomize} (false: road, background and grass colours are drawn from the
 * generator at each reset; the reset option {@code randomize=false} keeps the current ones), {@code lap_complete_percent}
 * (0.95, in [0, 1]). Bellman's preprocessing extras ({@code img_size}, {@code gray_scale}, {@code stack_num}, as
 * EnvPool names them) wrap the environment for CNN training: {@code img_size} (96; smaller shrinks the image with
 * {@code ResizeObservation}), {@code gray_scale} (false; true applies {@code GrayscaleObservation}) and {@code stack_num}
 * (1; more stacks frames with {@code FrameStackObservation}); with {@code gray_scale} the frames are always stacked,
 * giving {@code [stack_num, img_size, img_size]}, the [C, H, W] layout of CNN torsos.
 *
 * <h2>Differences from Gymnasium</h2>
 * JBox2D 2.2.1 replaces Box2D 2.3, so trajectories agree only statistically; tracks are the same for a seed (the same
 * generator draws). The world is a {@link Box2DWorld}: the car's hull gets Box2D's polygon inertia (18.212 kg·m² about
 * its centroid; JBox2D alone gives 0.06% more), rotations use exact sine and cosine, and its contact mend has nothing
 * to act on here (every contact is a wheel or the hull over a sensor tile). The picture comes from Bellman's own
 * rasteriser rather than pygame: the same layout, colours and indicators, not the same pixels (the score uses a
 * small block font). {@link #render()} draws the 600×400 view without the skid marks Gymnasium adds there.
 *
 * <p>{@link Snapshottable} as the other Box2D tasks: a snapshot holds the generator's state when the episode's track
 * was drawn, the episode's colours and its actions; restoring rebuilds the track and replays the actions (JBox2D is
 * deterministic).
 *
 * <h2>Version history</h2>
 * v3: Gymnasium 1.0's version (a finished lap terminates rather than truncates).
 */
public final class CarRacing implements Env<byte[], Object>, Snapshottable {
    static final int STATE_W = 96;
    static final int STATE_H = 96;
    static final int VIDEO_W = 600;
    static final int VIDEO_H = 400;
    static final int FPS = 50;
    static final double ZOOM = 2.7;
    static final double GRASS_DIM = CarTrack.PLAYFIELD / 20.0;

    // car_dynamics.py
    static final double SIZE = 0.02;
    static final double ENGINE_POWER = 100000000 * SIZE * SIZE;
    static final double WHEEL_MOMENT_OF_INERTIA = 4000 * SIZE * SIZE;
    static final double FRICTION_LIMIT = 1000000 * SIZE * SIZE;
    static final double WHEEL_R = 27;
    static final double WHEEL_W = 14;
    static final double[][] WHEELPOS = {{-55, 80}, {55, 80}, {-55, -82}, {55, -82}};
    static final double[][][] HULL_POLYS = {
        {{-60, 130}, {60, 130}, {60, 110}, {-60, 110}},
        {{-15, 120}, {15, 120}, {20, 20}, {-20, 20}},
        {{25, 20}, {50, -10}, {50, -40}, {20, -90}, {-20, -90}, {-50, -40}, {-50, -10}, {-25, 20}},
        {{-50, -120}, {50, -120}, {50, -90}, {-50, -90}},
    };

    private static final int HULL_RGB = Raster.rgb(204, 0, 0);
    private static final int WHEEL_RGB = Raster.rgb(0, 0, 0);
    private static final int WHEEL_WHITE = Raster.rgb(77, 77, 77);

    /** Gymnasium's keyword arguments. */
    public record Params(boolean continuous, boolean domainRandomize, double lapCompletePercent) {
        public Params {
            if (!(lapCompletePercent >= 0 && lapCompletePercent <= 1)) {
                throw new IllegalArgumentException("lap_complete_percent must be a fraction in [0, 1] but was "
                        + lapCompletePercent);
            }
        }

        /** Gymnasium's defaults: continuous, fixed colours, a lap at 95% of the tiles. */
        public static Params defaults() {
            return new Params(true, false, 0.95);
        }
    }

    static Map<String, Object> defaultKwargs() {
        Params p = Params.defaults();
        return Map.of("continuous", p.continuous(), "domain_randomize", p.domainRandomize(),
                "lap_complete_percent", p.lapCompletePercent(), "img_size", STATE_W, "gray_scale", false,
                "stack_num", 1);
    }

    /**
     * Gymnasium's keyword arguments, plus Bellman's EnvPool-style preprocessing extras for training from the command
     * line: {@code img_size} (96: the observation as Gymnasium gives it; smaller sizes shrink it with
     * {@link ResizeObservation}), {@code gray_scale} (false; true applies {@link GrayscaleObservation}) and
     * {@code stack_num} (1; more stacks that many frames with {@link FrameStackObservation}, oldest first). With
     * {@code gray_scale} the frames are always stacked, so the observation is {@code [stack_num, img_size, img_size]},
     * the {@code [C, H, W]} layout CNN torsos read.
     */
    static Env<?, ?> fromKwargs(Map<String, Object> kw) {
        Params d = Params.defaults();
        CarRacing env = new CarRacing(new Params(Box2DEnv.kwargBool(kw, "continuous", d.continuous()),
                Box2DEnv.kwargBool(kw, "domain_randomize", d.domainRandomize()),
                Box2DEnv.kwarg(kw, "lap_complete_percent", d.lapCompletePercent())));
        int size = intKwarg(kw, "img_size", STATE_W, 8, STATE_W);
        boolean gray = Box2DEnv.kwargBool(kw, "gray_scale", false);
        int stack = intKwarg(kw, "stack_num", 1, 1, 64);
        Env<byte[], Object> out = env;
        if (size != STATE_W) {
            out = new ResizeObservation<>(out, size, size);
        }
        if (gray) {
            out = new GrayscaleObservation<>(out);
        }
        if (gray || stack > 1) {
            out = new FrameStackObservation<>(out, stack);
        }
        return out;
    }

    private static int intKwarg(Map<String, Object> kw, String key, int dflt, int min, int max) {
        double v = Box2DEnv.kwarg(kw, key, dflt);
        if (v != Math.rint(v) || v < min || v > max) {
            throw new IllegalArgumentException("keyword argument '" + key + "' must be an integer in [" + min + ", "
                    + max + "] but was " + kw.get(key));
        }
        return (int) v;
    }

    /** A road tile: a sensor the wheels report contact with. */
    static final class Tile {
        final int idx;
        final double[] quad;
        boolean visited;
        /** Gymnasium's {@code road_friction}. */
        final double roadFriction = 1.0;
        int rgb;

        Tile(int idx, double[] quad, int rgb) {
            this.idx = idx;
            this.quad = quad;
            this.rgb = rgb;
        }
    }

    /** One wheel of the car (car_dynamics' wheel body and its state). */
    static final class Wheel {
        Body body;
        RevoluteJoint joint;
        double gas;
        double brake;
        double steer;
        double phase;
        double omega;
        final Set<Tile> tiles = new HashSet<>();
    }

    private final Params params;
    private final Space<Object> actionSpace;
    private final ByteBox observationSpace = ByteBox.pixels(STATE_H, STATE_W, 3);
    private NpRandom random;
    private boolean closed;

    private double[] roadColor = {102, 102, 102};
    private double[] bgColor = {102, 204, 102};
    private double[] grassColor = {102, 230, 102};

    private World world;
    private CarTrack track;
    private final List<Tile> tiles = new ArrayList<>();
    /** Kerb quads and their colours, drawn after the tiles. */
    private final List<double[]> kerbQuads = new ArrayList<>();
    private final List<Integer> kerbColors = new ArrayList<>();
    private Body hull;
    private final Wheel[] wheels = new Wheel[4];
    private double reward;
    private double prevReward;
    private int tileVisitedCount;
    private double t;
    private boolean newLap;

    private final Raster stateRaster = new Raster(STATE_W, STATE_H, 2);
    private Raster videoRaster;
    private final double[] px = new double[8];
    private final double[] py = new double[8];

    /** Continuous CarRacing with Gymnasium's defaults. */
    public CarRacing() {
        this(Params.defaults());
    }

    @SuppressWarnings("unchecked")
    public CarRacing(Params params) {
        this.params = Objects.requireNonNull(params, "params");
        this.actionSpace = params.continuous()
                ? (Space<Object>) (Space<?>) new Box(new float[] {-1f, 0f, 0f}, new float[] {1f, 1f, 1f})
                : (Space<Object>) (Space<?>) new Discrete(5);
        if (params.domainRandomize()) {
            randomizeColors(npRandom()); // Gymnasium draws them at construction, from the unseeded generator
        }
    }

    public Params params() {
        return params;
    }

    private NpRandom npRandom() {
        if (random == null) {
            random = NpRandom.fromEntropy();
        }
        return random;
    }

    private void randomizeColors(NpRandom rng) {
        roadColor = rng.uniform(0, 210, 3);
        bgColor = rng.uniform(0, 210, 3);
        grassColor = bgColor.clone();
        grassColor[(int) rng.integers(3)] += 20;
    }

    private static int color(double[] c, double add) {
        return Raster.rgb((int) (c[0] + add), (int) (c[1] + add), (int) (c[2] + add));
    }

    @Override
    public Reset<byte[]> reset(Long seed, Map<String, Object> options) {
        if (closed) {
            throw new IllegalStateException("CarRacing is closed");
        }
        if (seed != null) {
            random = new NpRandom(seed);
        }
        NpRandom rng = npRandom();
        if (params.domainRandomize()) {
            Object r = options == null ? null : options.get("randomize");
            if (r != null && !(r instanceof Boolean)) {
                throw new IllegalArgumentException("reset option 'randomize' must be a boolean but was "
                        + Spaces.describe(r));
            }
            if (r == null || (Boolean) r) {
                randomizeColors(rng);
            }
        }
        return new Reset<>(buildEpisode(rng), Map.of());
    }

    /** Draws the track from {@code rng}, builds the world and the car, and returns the first observation. */
    private byte[] buildEpisode(NpRandom rng) {
        episodeStart = rng.snapshot();
        actionCount = 0;
        reward = 0;
        prevReward = 0;
        tileVisitedCount = 0;
        t = 0;
        newLap = false;
        track = CarTrack.generate(rng);
        world = new Box2DWorld(new Vec2(0f, 0f));
        world.setContactListener(new FrictionDetector());
        tiles.clear();
        kerbQuads.clear();
        kerbColors.clear();
        for (int i = 0; i < track.size(); i++) {
            double[] quad = track.tile(i);
            Tile tile = new Tile(i, quad, color(roadColor, 0.01 * (i % 3) * 255));
            BodyDef bd = new BodyDef();
            bd.type = BodyType.STATIC;
            Body body = world.createBody(bd);
            FixtureDef fd = new FixtureDef();
            fd.shape = polygon(quad, 1.0);
            fd.isSensor = true;
            body.createFixture(fd);
            body.setUserData(tile);
            tiles.add(tile);
            if (track.border[i]) {
                kerbQuads.add(track.kerb(i));
                kerbColors.add(i % 2 == 0 ? Raster.rgb(255, 255, 255) : Raster.rgb(255, 0, 0));
            }
        }
        buildCar(track.beta[0], track.x[0], track.y[0]);
        return advance(null);
    }

    /** The generator's state when the current episode's track was drawn (null before the first reset). */
    private long[] episodeStart;
    private long[] actionLog = new long[256];
    private int actionCount;

    private int actionWidth() {
        return params.continuous() ? 3 : 1;
    }

    /**
     * Layout: 0 (not started), or 1, the generator's 8-long state before the track was drawn, the 9 colour components
     * (double bits), the action count and the actions (3 float bits each, or the discrete action).
     */
    @Override
    public long[] snapshot() {
        if (world == null || episodeStart == null) {
            return new long[] {0};
        }
        int w = actionWidth();
        long[] out = new long[19 + actionCount * w];
        out[0] = 1;
        System.arraycopy(episodeStart, 0, out, 1, 8);
        double[] c = colours();
        for (int k = 0; k < 9; k++) {
            out[9 + k] = Double.doubleToRawLongBits(c[k]);
        }
        out[18] = actionCount;
        System.arraycopy(actionLog, 0, out, 19, actionCount * w);
        return out;
    }

    @Override
    public void restore(long[] snapshot) {
        if (snapshot == null || snapshot.length == 0 || snapshot[0] != 0 && snapshot[0] != 1) {
            throw new IllegalArgumentException("a snapshot of CarRacing must start with 0 (not started) or 1 (started)"
                    + " but was " + (snapshot == null || snapshot.length == 0 ? "empty" : String.valueOf(snapshot[0])));
        }
        if (snapshot[0] == 0) {
            Snapshottable.checkLength(snapshot, 1, this);
            world = null;
            episodeStart = null;
            actionCount = 0;
            return;
        }
        int w = actionWidth();
        if (snapshot.length < 19 || snapshot[18] < 0 || snapshot.length != 19 + snapshot[18] * w) {
            throw new IllegalArgumentException("a snapshot of CarRacing holding "
                    + (snapshot.length < 19 ? "?" : String.valueOf(snapshot[18])) + " actions must have 19 + " + w
                    + " values per action but has " + snapshot.length);
        }
        NpRandom rng = new NpRandom(0);
        rng.restore(Arrays.copyOfRange(snapshot, 1, 9));
        random = rng;
        closed = false;
        double[] c = new double[9];
        for (int k = 0; k < 9; k++) {
            c[k] = Double.longBitsToDouble(snapshot[9 + k]);
        }
        roadColor = Arrays.copyOfRange(c, 0, 3);
        bgColor = Arrays.copyOfRange(c, 3, 6);
        grassColor = Arrays.copyOfRange(c, 6, 9);
        buildEpisode(rng);
        int n = (int) snapshot[18];
        for (int i = 0; i < n; i++) {
            int at = 19 + i * w;
            Object action = params.continuous()
                    ? new float[] {Float.intBitsToFloat((int) snapshot[at]), Float.intBitsToFloat((int) snapshot[at + 1]),
                        Float.intBitsToFloat((int) snapshot[at + 2])}
                    : (Object) (int) snapshot[at];
            step(action);
        }
    }

    private void logAction(Object action) {
        int w = actionWidth();
        if ((actionCount + 1) * w > actionLog.length) {
            actionLog = Arrays.copyOf(actionLog, actionLog.length * 2);
        }
        int at = actionCount * w;
        if (action instanceof float[] a) {
            for (int k = 0; k < 3; k++) {
                actionLog[at + k] = Float.floatToRawIntBits(a[k]);
            }
        } else {
            actionLog[at] = (Integer) action;
        }
        actionCount++;
    }

    /** A polygon from {@code [x0, y0, x1, y1, ..]} scaled by {@code scale}, wound counter-clockwise for Box2D. */
    private static PolygonShape polygon(double[] xy, double scale) {
        int n = xy.length / 2;
        double area = 0;
        for (int k = 0, j = n - 1; k < n; j = k++) {
            area += xy[2 * j] * xy[2 * k + 1] - xy[2 * k] * xy[2 * j + 1];
        }
        Vec2[] v = new Vec2[n];
        for (int k = 0; k < n; k++) {
            int s = area < 0 ? n - 1 - k : k;
            v[k] = new Vec2((float) (xy[2 * s] * scale), (float) (xy[2 * s + 1] * scale));
        }
        PolygonShape shape = new PolygonShape();
        shape.set(v, n);
        return shape;
    }

    private static double[] flat(double[][] pts) {
        double[] xy = new double[pts.length * 2];
        for (int k = 0; k < pts.length; k++) {
            xy[2 * k] = pts[k][0];
            xy[2 * k + 1] = pts[k][1];
        }
        return xy;
    }

    /** The car's hull body (tests). */
    Body hull() {
        return hull;
    }

    /** The episode's physics world (tests). */
    World world() {
        return world;
    }

    private void buildCar(double angle, double x, double y) {
        BodyDef bd = new BodyDef();
        bd.type = BodyType.DYNAMIC;
        bd.position.set((float) x, (float) y);
        bd.angle = (float) angle;
        hull = world.createBody(bd);
        for (double[][] poly : HULL_POLYS) {
            FixtureDef fd = new FixtureDef();
            fd.shape = polygon(flat(poly), SIZE);
            fd.density = 1.0f;
            fd.friction = 0.2f; // pybox2d's default
            hull.createFixture(fd);
        }
        Box2DWorld.correctInertia(hull);
        double[] wheelPoly = {-WHEEL_W, WHEEL_R, WHEEL_W, WHEEL_R, WHEEL_W, -WHEEL_R, -WHEEL_W, -WHEEL_R};
        for (int k = 0; k < 4; k++) {
            double wx = WHEELPOS[k][0];
            double wy = WHEELPOS[k][1];
            BodyDef wd = new BodyDef();
            wd.type = BodyType.DYNAMIC;
            wd.position.set((float) (x + wx * SIZE), (float) (y + wy * SIZE));
            wd.angle = (float) angle;
            Wheel w = new Wheel();
            w.body = world.createBody(wd);
            FixtureDef fd = new FixtureDef();
            fd.shape = polygon(wheelPoly, SIZE);
            fd.density = 0.1f;
            fd.friction = 0.2f;
            fd.filter.categoryBits = 0x0020;
            fd.filter.maskBits = 0x001;
            fd.restitution = 0f;
            w.body.createFixture(fd);
            RevoluteJointDef rjd = new RevoluteJointDef();
            rjd.bodyA = hull;
            rjd.bodyB = w.body;
            rjd.localAnchorA.set((float) (wx * SIZE), (float) (wy * SIZE));
            rjd.localAnchorB.set(0f, 0f);
            rjd.referenceAngle = 0f;
            rjd.enableMotor = true;
            rjd.enableLimit = true;
            rjd.maxMotorTorque = (float) (180 * 900 * SIZE * SIZE);
            rjd.motorSpeed = 0f;
            rjd.lowerAngle = -0.4f;
            rjd.upperAngle = 0.4f;
            w.joint = (RevoluteJoint) world.createJoint(rjd);
            w.body.setUserData(w);
            wheels[k] = w;
        }
    }

    @Override
    public Step<byte[]> step(Object action) {
        if (!actionSpace.contains(action)) {
            String nan = action instanceof float[] a && a.length > 0 && Float.isNaN(a[0]) ? " (NaN)" : "";
            throw new IllegalArgumentException("action " + Spaces.describe(action) + nan
                    + " is not in the action space " + actionSpace + " of CarRacing");
        }
        if (world == null) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first (CarRacing)");
        }
        logAction(action);
        byte[] obs = advance(action);
        reward -= 0.1;
        double stepReward = reward - prevReward;
        prevReward = reward;
        boolean terminated = false;
        Map<String, Object> info = Map.of();
        if (tileVisitedCount == tiles.size() || newLap) {
            terminated = true;
            info = Map.of("lap_finished", true);
        }
        Vec2 p = hull.getPosition();
        if (Math.abs(p.x) > CarTrack.PLAYFIELD || Math.abs(p.y) > CarTrack.PLAYFIELD) {
            terminated = true;
            info = Map.of("lap_finished", false);
            stepReward = -100;
        }
        return new Step<>(obs, stepReward, terminated, false, info);
    }

    /** Applies the controls (none on the reset step), steps the car and the world, renders the observation. */
    private byte[] advance(Object action) {
        if (action instanceof float[] a) {
            steer(-a[0]);
            gas(a[1]);
            brake(a[2]);
        } else if (action instanceof Integer a) {
            steer(-0.6 * (a == 1 ? 1 : 0) + 0.6 * (a == 2 ? 1 : 0));
            gas(0.2 * (a == 3 ? 1 : 0));
            brake(0.8 * (a == 4 ? 1 : 0));
        }
        carStep(1.0 / FPS);
        world.step((float) (1.0 / FPS), 6 * 30, 2 * 30);
        t += 1.0 / FPS;
        byte[] obs = new byte[STATE_H * STATE_W * 3];
        draw(stateRaster);
        stateRaster.resolve(obs);
        return obs;
    }

    /** Rear-wheel drive: the gas pedal rises by at most 0.1 a step and drops at once. */
    private void gas(double g) {
        double gas = Math.min(Math.max(g, 0), 1);
        for (int k = 2; k < 4; k++) {
            double diff = Math.min(gas - wheels[k].gas, 0.1);
            wheels[k].gas += diff;
        }
    }

    private void brake(double b) {
        for (Wheel w : wheels) {
            w.brake = b;
        }
    }

    private void steer(double s) {
        wheels[0].steer = s;
        wheels[1].steer = s;
    }

    /** car_dynamics' {@code Car.step}: steering motors, engine and brakes on each wheel's spin, tyre friction. */
    private void carStep(double dt) {
        for (Wheel w : wheels) {
            double angle = w.joint.getJointAngle();
            double dir = Math.signum(w.steer - angle);
            double val = Math.abs(w.steer - angle);
            w.joint.setMotorSpeed((float) (dir * Math.min(50.0 * val, 3.0)));

            double frictionLimit = FRICTION_LIMIT * 0.6; // grass
            for (Tile tile : w.tiles) {
                frictionLimit = Math.max(frictionLimit, FRICTION_LIMIT * tile.roadFriction);
            }
            Body b = w.body;
            double rot = b.getAngle();
            double c = Math.cos(rot);
            double s = Math.sin(rot);
            double forwX = -s;
            double forwY = c;
            double sideX = c;
            double sideY = s;
            Vec2 v = b.getLinearVelocity();
            double vf = forwX * v.x + forwY * v.y;
            double vs = sideX * v.x + sideY * v.y;

            w.omega += dt * ENGINE_POWER * w.gas / WHEEL_MOMENT_OF_INERTIA / (Math.abs(w.omega) + 5.0);
            if (w.brake >= 0.9) {
                w.omega = 0;
            } else if (w.brake > 0) {
                double brakeForce = 15; // radians per second
                double bdir = -Math.signum(w.omega);
                double bval = Math.min(brakeForce * w.brake, Math.abs(w.omega));
                w.omega += bdir * bval;
            }
            w.phase += w.omega * dt;

            double wheelRad = WHEEL_R * SIZE;
            double vr = w.omega * wheelRad;
            double fForce = (-vf + vr) * 205000 * SIZE * SIZE;
            double pForce = -vs * 205000 * SIZE * SIZE;
            double force = Math.sqrt(fForce * fForce + pForce * pForce);
            if (force > frictionLimit) {
                fForce = fForce / force * frictionLimit;
                pForce = pForce / force * frictionLimit;
            }
            w.omega -= dt * fForce * wheelRad / WHEEL_MOMENT_OF_INERTIA;
            b.applyForceToCenter(new Vec2((float) (pForce * sideX + fForce * forwX),
                    (float) (pForce * sideY + fForce * forwY)));
        }
    }

    /** Gymnasium's {@code FrictionDetector}: wheels on tiles, first visits paid, the lap flag. */
    private final class FrictionDetector implements ContactListener {
        @Override
        public void beginContact(Contact contact) {
            touch(contact, true);
        }

        @Override
        public void endContact(Contact contact) {
            touch(contact, false);
        }

        private void touch(Contact contact, boolean begin) {
            Object u1 = contact.getFixtureA().getBody().getUserData();
            Object u2 = contact.getFixtureB().getBody().getUserData();
            Tile tile = null;
            Object other = null;
            if (u1 instanceof Tile t1) {
                tile = t1;
                other = u2;
            }
            if (u2 instanceof Tile t2) {
                tile = t2;
                other = u1;
            }
            if (tile == null) {
                return;
            }
            tile.rgb = color(roadColor, 0); // Gymnasium repaints a touched tile in the plain road colour
            if (!(other instanceof Wheel w)) {
                return;
            }
            if (begin) {
                w.tiles.add(tile);
                if (!tile.visited) {
                    tile.visited = true;
                    reward += 1000.0 / tiles.size();
                    tileVisitedCount++;
                    if (tile.idx == 0 && (double) tileVisitedCount / tiles.size() > params.lapCompletePercent()) {
                        newLap = true;
                    }
                }
            } else {
                w.tiles.remove(tile);
            }
        }

        @Override
        public void preSolve(Contact contact, Manifold oldManifold) {
        }

        @Override
        public void postSolve(Contact contact, ContactImpulse impulse) {
        }
    }

    // ---------------------------------------------------------------- drawing

    private double camCos;
    private double camSin;
    private double zoom;
    private double transX;
    private double transY;

    /** Gymnasium's {@code _render}: the view that follows the car, flipped to y-up, then the indicator bar. */
    private void draw(Raster r) {
        double angle = -hull.getAngle();
        camCos = Math.cos(angle);
        camSin = Math.sin(angle);
        zoom = 0.1 * CarTrack.SCALE * Math.max(1 - t, 0) + ZOOM * CarTrack.SCALE * Math.min(t, 1);
        Vec2 pos = hull.getPosition();
        double scrollX = -pos.x * zoom;
        double scrollY = -pos.y * zoom;
        transX = Raster.SURFACE_W / 2 + scrollX * camCos - scrollY * camSin;
        transY = Raster.SURFACE_H / 4 + scrollX * camSin + scrollY * camCos;

        r.clear(0);
        double b = CarTrack.PLAYFIELD;
        worldPoly(r, new double[] {b, b, b, -b, -b, -b, -b, b}, color(bgColor, 0));
        int grass = color(grassColor, 0);
        double[] q = new double[8];
        for (int gx = -20; gx < 20; gx += 2) {
            for (int gy = -20; gy < 20; gy += 2) {
                double x0 = GRASS_DIM * gx;
                double y0 = GRASS_DIM * gy;
                q[0] = x0 + GRASS_DIM;
                q[1] = y0;
                q[2] = x0;
                q[3] = y0;
                q[4] = x0;
                q[5] = y0 + GRASS_DIM;
                q[6] = x0 + GRASS_DIM;
                q[7] = y0 + GRASS_DIM;
                worldPoly(r, q, grass);
            }
        }
        for (Tile tile : tiles) {
            worldPoly(r, tile.quad, tile.rgb);
        }
        for (int k = 0; k < kerbQuads.size(); k++) {
            worldPoly(r, kerbQuads.get(k), kerbColors.get(k));
        }
        for (Wheel w : wheels) {
            drawBody(r, w.body, WHEEL_RGB);
            drawStripe(r, w);
        }
        drawBody(r, hull, HULL_RGB);
        drawIndicators(r);
    }

    /** Fills a world-space polygon {@code [x0, y0, ..]} through the camera. */
    private void worldPoly(Raster r, double[] xy, int rgb) {
        int n = xy.length / 2;
        for (int k = 0; k < n; k++) {
            double x = xy[2 * k];
            double y = xy[2 * k + 1];
            px[k] = (x * camCos - y * camSin) * zoom + transX;
            py[k] = Raster.SURFACE_H - ((x * camSin + y * camCos) * zoom + transY); // the vertical flip
        }
        r.fillConvex(px, py, n, rgb);
    }

    private final double[] scratch = new double[16];

    private void drawBody(Raster r, Body body, int rgb) {
        Transform xf = body.getTransform();
        Vec2 w = new Vec2();
        for (Fixture f = body.getFixtureList(); f != null; f = f.getNext()) {
            PolygonShape poly = (PolygonShape) f.getShape();
            int n = poly.getVertexCount();
            for (int k = 0; k < n; k++) {
                Transform.mulToOut(xf, poly.getVertex(k), w);
                scratch[2 * k] = w.x;
                scratch[2 * k + 1] = w.y;
            }
            worldPoly(r, Arrays.copyOf(scratch, 2 * n), rgb);
        }
    }

    /** The grey band that shows a wheel's spin ({@code phase}). */
    private void drawStripe(Raster r, Wheel w) {
        double a1 = w.phase;
        double a2 = w.phase + 1.2;
        double s1 = Math.sin(a1);
        double s2 = Math.sin(a2);
        double c1 = Math.cos(a1);
        double c2 = Math.cos(a2);
        if (s1 > 0 && s2 > 0) {
            return;
        }
        if (s1 > 0) {
            c1 = Math.signum(c1);
        }
        if (s2 > 0) {
            c2 = Math.signum(c2);
        }
        double[] local = {-WHEEL_W * SIZE, WHEEL_R * c1 * SIZE, WHEEL_W * SIZE, WHEEL_R * c1 * SIZE,
            WHEEL_W * SIZE, WHEEL_R * c2 * SIZE, -WHEEL_W * SIZE, WHEEL_R * c2 * SIZE};
        Transform xf = w.body.getTransform();
        Vec2 in = new Vec2();
        Vec2 out = new Vec2();
        double[] xy = new double[8];
        for (int k = 0; k < 4; k++) {
            in.set((float) local[2 * k], (float) local[2 * k + 1]);
            Transform.mulToOut(xf, in, out);
            xy[2 * k] = out.x;
            xy[2 * k + 1] = out.y;
        }
        worldPoly(r, xy, WHEEL_WHITE);
    }

    /** Gymnasium's {@code _render_indicators} and score, in window coordinates (y down). */
    private void drawIndicators(Raster r) {
        double W = Raster.SURFACE_W;
        double H = Raster.SURFACE_H;
        double s = W / 40.0;
        double h = H / 40.0;
        r.fillRect(0, H - 5 * h, W, H, 0);
        Vec2 v = hull.getLinearVelocity();
        double trueSpeed = Math.sqrt(v.x * v.x + v.y * v.y);
        vertical(r, trueSpeed, 5, 0.02 * trueSpeed, Raster.rgb(255, 255, 255), s, h, H);
        vertical(r, wheels[0].omega, 7, 0.01 * wheels[0].omega, Raster.rgb(0, 0, 255), s, h, H);
        vertical(r, wheels[1].omega, 8, 0.01 * wheels[1].omega, Raster.rgb(0, 0, 255), s, h, H);
        vertical(r, wheels[2].omega, 9, 0.01 * wheels[2].omega, Raster.rgb(51, 0, 255), s, h, H);
        vertical(r, wheels[3].omega, 10, 0.01 * wheels[3].omega, Raster.rgb(51, 0, 255), s, h, H);
        double steerAngle = wheels[0].joint.getJointAngle();
        horizontal(r, steerAngle, 20, -10.0 * steerAngle, Raster.rgb(0, 255, 0), s, h, H);
        double yawRate = hull.getAngularVelocity();
        horizontal(r, yawRate, 30, -0.8 * yawRate, Raster.rgb(255, 0, 0), s, h, H);
        drawScore(r, String.format("%04.0f", reward), 60, H - H * 2.5 / 40.0);
    }

    private static void vertical(Raster r, double value, int place, double val, int rgb, double s, double h,
                                 double H) {
        if (Math.abs(value) > 1e-4) {
            r.fillRect(place * s, H - (h + h * val), (place + 1) * s, H - h, rgb);
        }
    }

    private static void horizontal(Raster r, double value, int place, double val, int rgb, double s, double h,
                                   double H) {
        if (Math.abs(value) > 1e-4) {
            r.fillRect(place * s, H - 4 * h, (place + val) * s, H - 2 * h, rgb);
        }
    }

    /** 3×5 block glyphs of the digits and the minus sign, rows top to bottom. */
    private static final String[] GLYPHS = {
        "111101101101111", "010110010010111", "111001111100111", "111001111001111", "101101111001001",
        "111100111001111", "111100111101111", "111001001001001", "111101111101111", "111101111001111",
    };
    private static final String MINUS = "000000111000000";

    /** The score centred on {@code (cx, cy)}: white block digits about as large as Gymnasium's 42-point text. */
    private static void drawScore(Raster r, String text, double cx, double cy) {
        double cell = 6;
        double advance = 4 * cell;
        double x0 = cx - text.length() * advance / 2;
        double y0 = cy - 2.5 * cell;
        int white = Raster.rgb(255, 255, 255);
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            String g = ch == '-' ? MINUS : ch >= '0' && ch <= '9' ? GLYPHS[ch - '0'] : null;
            if (g == null) {
                continue;
            }
            for (int i = 0; i < 15; i++) {
                if (g.charAt(i) == '1') {
                    double x = x0 + k * advance + (i % 3) * cell;
                    double y = y0 + (i / 3) * cell;
                    r.fillRect(x, y, x + cell, y + cell, white);
                }
            }
        }
    }

    @Override
    public Space<byte[]> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Object> actionSpace() {
        return actionSpace;
    }

    /** The current view at 600×400 (Gymnasium's {@code rgb_array} size); null before the first reset. */
    @Override
    public RenderFrame render() {
        if (world == null) {
            return null;
        }
        if (videoRaster == null) {
            videoRaster = new Raster(VIDEO_W, VIDEO_H, 1);
        }
        byte[] rgb = new byte[VIDEO_W * VIDEO_H * 3];
        draw(videoRaster);
        videoRaster.resolve(rgb);
        return new RenderFrame(VIDEO_W, VIDEO_H, rgb);
    }

    @Override
    public int renderFps() {
        return FPS;
    }

    @Override
    public void close() {
        closed = true;
        world = null;
    }

    // ------------------------------------------------------------- for tests

    CarTrack track() {
        return track;
    }

    int tileCount() {
        return tiles.size();
    }

    int tilesVisited() {
        return tileVisitedCount;
    }

    double carX() {
        return hull.getPosition().x;
    }

    double carY() {
        return hull.getPosition().y;
    }

    /** The car's heading angle (its forward direction is {@code (-sin a, cos a)}). */
    double carAngle() {
        return hull.getAngle();
    }

    /** The car's speed in metres a second. */
    double speed() {
        Vec2 v = hull.getLinearVelocity();
        return Math.sqrt(v.x * v.x + v.y * v.y);
    }

    /** Road, background and grass colours, three components each. */
    double[] colours() {
        double[] c = new double[9];
        System.arraycopy(roadColor, 0, c, 0, 3);
        System.arraycopy(bgColor, 0, c, 3, 3);
        System.arraycopy(grassColor, 0, c, 6, 3);
        return c;
    }

    /** The front wheels' steering targets and the rear wheels' gas, brake of wheel 0: {@code [steer, gas, brake]}. */
    double[] controls() {
        return new double[] {wheels[0].steer, wheels[2].gas, wheels[0].brake};
    }

    @Override
    public String toString() {
        return "CarRacing";
    }
}
