package dev.bellman.envs.box2d;

import dev.bellman.env.Box;
import dev.bellman.env.HasPhysicalParameters;
import dev.bellman.env.NpRandom;
import dev.bellman.env.PhysicalParameter;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.callbacks.RayCastCallback;
import org.jbox2d.collision.Manifold;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * Gymnasium 1.x {@code BipedalWalker-v3} and, with {@code hardcore=true}, {@code BipedalWalkerHardcore-v3} (Oleg
 * Klimov's walker) on JBox2D.
 *
 * <h2>Description</h2>
 * A four-joint walker (two hips, two knees) must cross a rough terrain of 200 steps; the hardcore terrain adds stumps,
 * pits and stairs.
 *
 * <h2>Action space</h2>
 * {@code Box(-1, 1, shape [4], float32)}: hip 1, knee 1, hip 2, knee 2. Each joint motor turns at its full speed (4 for
 * hips, 6 for knees) in the action's sign with torque limit {@code motors_torque}·|action|.
 *
 * <h2>Observation space</h2>
 * {@code Box(float32, shape [24])}: hull angle, angular velocity, horizontal and vertical speed (normalised), then per
 * leg the hip angle and speed, the knee angle (+1) and speed, and the lower leg's ground contact, then 10 lidar
 * fractions (1 when no ground lies within 160 pixels). Bounds as Gymnasium's: ±π for angles, ±5 for speeds, [0, 5]
 * for contacts, ±1 for lidar.
 *
 * <h2>Rewards</h2>
 * The change of the shaping 130·x/SCALE − 5·|hull angle| (about 300 for walking to the end), minus
 * 0.00035·{@code motors_torque}·|action| per joint; −100 when the hull touches the ground or the walker leaves on the
 * left. Solved at 300.
 *
 * <h2>Starting state</h2>
 * The walker stands on the flat start pad with a horizontal push uniform in ±5 newtons; terrain and clouds are drawn
 * from the generator as in Gymnasium. The first observation is that after one zero-torque step.
 *
 * <h2>Episode end</h2>
 * Terminated when the hull touches the ground, x &lt; 0, or the walker passes the end of the terrain; truncated at 1600
 * steps (2000 for hardcore).
 *
 * <h2>Arguments</h2>
 * Gymnasium's: {@code hardcore} (false). Bellman's extras, physical parameters for domain randomisation:
 * {@code motors_torque} (80, the joints' torque limit at |action| = 1, also scaling the torque cost),
 * {@code terrain_friction} (2.5, Gymnasium's {@code FRICTION}) and {@code leg_length} (34 pixels, Gymnasium's
 * {@code LEG_H}; each of the upper and lower leg segments).
 *
 * <p>{@link HasPhysicalParameters} declares these three ({@code motors_torque}, {@code terrain_friction},
 * {@code leg_length}, nominal: Gymnasium's values above), so {@link dev.bellman.env.wrappers.DomainRandomization} and
 * {@code bellman robustness} can vary them. A value set between episodes applies from the next reset, which builds the
 * terrain and the walker with it; the torque limit is also read at every step, so a change mid-episode reaches it from
 * the next step (friction and leg length only at the next reset).
 *
 * <h2>Differences from Gymnasium</h2>
 * The physics engine is JBox2D 2.2.1 rather than Box2D 2.3 through pybox2d, so trajectories agree only statistically;
 * the generator draws are the same, so a seed gives the same terrain and push. The world is rebuilt on every reset
 * (Gymnasium keeps one world and destroys its bodies), which the dynamics do not see. Two JBox2D 2.2.1.1 departures
 * from Box2D are mended ({@link Box2DWorld}): new contacts start enabled, so the first step's time-of-impact pass stops
 * the lower legs on the start pad as Box2D's does (without it they sank 0.2 m in, and later legs sank through the
 * ground), and the hull gets Box2D's rotational inertia (JBox2D's was 3.7% too large). With both, the first
 * observations agree with Gymnasium's to 1.3e-3 and Gymnasium's heuristic gait traced on seed 0 follows the same
 * states for 93 steps; what still differs is a few thousandths of a metre per second in the lower leg's velocity after
 * that first time-of-impact event, which the gait amplifies.
 *
 * <h2>Version history</h2>
 * v3: Gymnasium's version (returns the terminal reward −100 when the hull touches the ground).
 */
public final class BipedalWalker extends Box2DEnv<float[]> implements HasPhysicalParameters {
    static final double SPEED_HIP = 4;
    static final double SPEED_KNEE = 6;
    static final double LIDAR_RANGE = 160 / SCALE;
    static final double INITIAL_RANDOM = 5;
    static final double[][] HULL_POLY = {{-30, 9}, {6, 9}, {34, 1}, {34, -8}, {-30, -8}};
    static final double LEG_DOWN = -8 / SCALE;
    static final double LEG_W = 8 / SCALE;
    static final double TERRAIN_STEP = 14 / SCALE;
    static final int TERRAIN_LENGTH = 200;
    static final double TERRAIN_HEIGHT = VIEWPORT_H / SCALE / 4;
    static final int TERRAIN_GRASS = 10;
    static final int TERRAIN_STARTPAD = 20;
    static final int GRASS = 0;
    static final int STUMP = 1;
    static final int STAIRS = 2;
    static final int PIT = 3;
    static final int STATES = 4;

    /** Gymnasium's keyword argument and Bellman's physical extras; see the class documentation. */
    public record Params(boolean hardcore, double motorsTorque, double terrainFriction, double legLength) {
        public Params {
            positive("motors_torque", motorsTorque);
            nonNegative("terrain_friction", terrainFriction);
            positive("leg_length", legLength);
        }

        /** Gymnasium's defaults. */
        public static Params defaults(boolean hardcore) {
            return new Params(hardcore, 80.0, 2.5, 34.0);
        }
    }

    static Map<String, Object> defaultKwargs(boolean hardcore) {
        Params p = Params.defaults(hardcore);
        return Map.of("hardcore", hardcore, "motors_torque", p.motorsTorque(), "terrain_friction", p.terrainFriction(),
                "leg_length", p.legLength());
    }

    static BipedalWalker fromKwargs(Map<String, Object> kw) {
        boolean hardcore = kwargBool(kw, "hardcore", false);
        Params d = Params.defaults(hardcore);
        return new BipedalWalker(new Params(hardcore, kwarg(kw, "motors_torque", d.motorsTorque()),
                kwarg(kw, "terrain_friction", d.terrainFriction()), kwarg(kw, "leg_length", d.legLength())));
    }

    /** The declared physical parameters, nominal values Gymnasium's (see the class documentation). */
    static final List<PhysicalParameter> PARAMETERS = List.of(
            new PhysicalParameter("motors_torque", 80.0, "torque limit of the hip and knee motors at |action| = 1", true),
            new PhysicalParameter("terrain_friction", 2.5, "friction coefficient of the terrain", false),
            new PhysicalParameter("leg_length", 34.0, "length of each upper and lower leg segment (pixels)", true));

    private Params params;
    /** Leg segment length in world units, set from {@code params} when the walker is built. */
    private double legH;
    private final Box observationSpace;
    private final Box actionSpace = new Box(-1f, 1f, 4);

    private Body hull;
    private final Body[] legs = new Body[4];
    private final RevoluteJoint[] joints = new RevoluteJoint[4];
    private final boolean[] groundContact = new boolean[4];
    private boolean gameOver;
    private Double prevShaping;
    private double scroll;
    private double[] terrainX;
    private double[] terrainY;
    /** Static terrain bodies (stumps, pit walls, stairs) for drawing. */
    private final List<Body> obstacles = new ArrayList<>();
    private double[][] cloudPoly;
    private final Lidar[] lidar = new Lidar[10];
    private int lidarRender;
    private double lastReward;
    private boolean lastTerminated;

    /** BipedalWalker-v3 with Gymnasium's defaults. */
    public BipedalWalker() {
        this(Params.defaults(false));
    }

    public BipedalWalker(Params params) {
        this.params = java.util.Objects.requireNonNull(params, "params");
        float pi = (float) Math.PI;
        float[] low = new float[24];
        float[] high = new float[24];
        float[] lo = {-pi, -5, -5, -5, -pi, -5, -pi, -5, -0f, -pi, -5, -pi, -5, -0f};
        float[] hi = {pi, 5, 5, 5, pi, 5, pi, 5, 5, pi, 5, pi, 5, 5};
        System.arraycopy(lo, 0, low, 0, 14);
        System.arraycopy(hi, 0, high, 0, 14);
        for (int i = 14; i < 24; i++) {
            low[i] = -1f;
            high[i] = 1f;
        }
        this.observationSpace = new Box(low, high);
        for (int i = 0; i < 10; i++) {
            lidar[i] = new Lidar();
        }
    }

    /** The current parameters: those it was built with, as changed by {@link #setPhysicalParameter}. */
    public Params params() {
        return params;
    }

    @Override
    public List<PhysicalParameter> declaredParameters() {
        return PARAMETERS;
    }

    @Override
    public double physicalParameter(String name) {
        return switch (HasPhysicalParameters.declaration(this, name).name()) {
            case "motors_torque" -> params.motorsTorque();
            case "terrain_friction" -> params.terrainFriction();
            case "leg_length" -> params.legLength();
            default -> throw new AssertionError(name);
        };
    }

    /** Sets a declared parameter; {@link Params}' checks apply (friction ≥ 0, the others &gt; 0). */
    @Override
    public void setPhysicalParameter(String name, double value) {
        Params p = params;
        params = switch (HasPhysicalParameters.check(this, name, value).name()) {
            case "motors_torque" -> new Params(p.hardcore(), value, p.terrainFriction(), p.legLength());
            case "terrain_friction" -> new Params(p.hardcore(), p.motorsTorque(), value, p.legLength());
            case "leg_length" -> new Params(p.hardcore(), p.motorsTorque(), p.terrainFriction(), value);
            default -> throw new AssertionError(name);
        };
    }

    /**
     * How far the lower legs' centres lie below the terrain line at their x (the larger of the two; negative when both
     * are above it): a centre below the ground means a leg has gone through it.
     */
    double lowerLegDepth() {
        double depth = Double.NEGATIVE_INFINITY;
        for (int k : new int[] {1, 3}) {
            Vec2 p = legs[k].getPosition();
            int i = (int) Math.floor(p.x / TERRAIN_STEP);
            if (i >= 0 && i < TERRAIN_LENGTH - 1) {
                double f = (p.x - terrainX[i]) / TERRAIN_STEP;
                double ground = terrainY[i] + f * (terrainY[i + 1] - terrainY[i]);
                depth = Math.max(depth, ground - p.y);
            }
        }
        return depth;
    }

    /** The number of stumps, pit walls and stair steps on the current course (0 unless hardcore). */
    int obstacleCount() {
        return obstacles.size();
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        return new Reset<>(startEpisode(seed), Map.of());
    }

    @Override
    float[] buildEpisode(NpRandom rng) {
        world = episodeWorld(-10.0);
        world.setContactListener(new Contacts());
        gameOver = false;
        prevShaping = null;
        scroll = 0.0;
        lidarRender = 0;
        java.util.Arrays.fill(groundContact, false);
        legH = params.legLength() / SCALE;
        generateTerrain(rng, params.hardcore());
        generateClouds(rng);

        double initX = TERRAIN_STEP * TERRAIN_STARTPAD / 2;
        double initY = TERRAIN_HEIGHT + 2 * legH;
        BodyDef hd = new BodyDef();
        hd.type = BodyType.DYNAMIC;
        hd.position.set((float) initX, (float) initY);
        hull = world.createBody(hd);
        PolygonShape hullShape = new PolygonShape();
        Vec2[] hv = new Vec2[HULL_POLY.length];
        for (int i = 0; i < hv.length; i++) {
            hv[i] = new Vec2((float) (HULL_POLY[i][0] / SCALE), (float) (HULL_POLY[i][1] / SCALE));
        }
        hullShape.set(hv, hv.length);
        hull.createFixture(walkerFixture(hullShape, 5.0f, 0.1f));
        Box2DWorld.correctInertia(hull);
        hull.applyForceToCenter(new Vec2((float) rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM), 0f));

        for (int k = 0; k < 2; k++) {
            int i = k == 0 ? -1 : 1;
            BodyDef ld = new BodyDef();
            ld.type = BodyType.DYNAMIC;
            ld.position.set((float) initX, (float) (initY - legH / 2 - LEG_DOWN));
            ld.angle = (float) (i * 0.05);
            Body leg = world.createBody(ld);
            PolygonShape upper = new PolygonShape();
            upper.setAsBox((float) (LEG_W / 2), (float) (legH / 2));
            leg.createFixture(walkerFixture(upper, 1.0f, 0.2f));
            RevoluteJointDef hip = new RevoluteJointDef();
            hip.bodyA = hull;
            hip.bodyB = leg;
            hip.localAnchorA.set(0, (float) LEG_DOWN);
            hip.localAnchorB.set(0, (float) (legH / 2));
            // pybox2d sets a joint's reference angle to the bodies' angle difference when both bodies are given
            hip.referenceAngle = leg.getAngle() - hull.getAngle();
            hip.enableMotor = true;
            hip.enableLimit = true;
            hip.maxMotorTorque = (float) params.motorsTorque();
            hip.motorSpeed = i;
            hip.lowerAngle = -0.8f;
            hip.upperAngle = 1.1f;
            legs[2 * k] = leg;
            joints[2 * k] = (RevoluteJoint) world.createJoint(hip);

            BodyDef lowd = new BodyDef();
            lowd.type = BodyType.DYNAMIC;
            lowd.position.set((float) initX, (float) (initY - legH * 3 / 2 - LEG_DOWN));
            lowd.angle = (float) (i * 0.05);
            Body lower = world.createBody(lowd);
            PolygonShape lowerShape = new PolygonShape();
            lowerShape.setAsBox((float) (0.8 * LEG_W / 2), (float) (legH / 2));
            lower.createFixture(walkerFixture(lowerShape, 1.0f, 0.2f));
            RevoluteJointDef knee = new RevoluteJointDef();
            knee.bodyA = leg;
            knee.bodyB = lower;
            knee.localAnchorA.set(0, (float) (-legH / 2));
            knee.localAnchorB.set(0, (float) (legH / 2));
            knee.referenceAngle = lower.getAngle() - leg.getAngle();
            knee.enableMotor = true;
            knee.enableLimit = true;
            knee.maxMotorTorque = (float) params.motorsTorque();
            knee.motorSpeed = 1;
            knee.lowerAngle = -1.6f;
            knee.upperAngle = -0.1f;
            legs[2 * k + 1] = lower;
            joints[2 * k + 1] = (RevoluteJoint) world.createJoint(knee);
        }
        return advance(new float[4]);
    }

    /** The walker's fixtures: category 0x20, colliding with the ground only; pybox2d's default friction 0.2. */
    private static FixtureDef walkerFixture(PolygonShape shape, float density, float friction) {
        FixtureDef fd = new FixtureDef();
        fd.shape = shape;
        fd.density = density;
        fd.friction = friction;
        fd.restitution = 0f;
        fd.filter.categoryBits = 0x0020;
        fd.filter.maskBits = 0x001;
        return fd;
    }

    private void staticPolygon(double[][] poly) {
        Body t = world.createBody(new BodyDef());
        PolygonShape shape = new PolygonShape();
        Vec2[] v = new Vec2[poly.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = new Vec2((float) poly[i][0], (float) poly[i][1]);
        }
        shape.set(v, v.length);
        FixtureDef fd = new FixtureDef();
        fd.shape = shape;
        fd.friction = (float) params.terrainFriction();
        t.createFixture(fd);
        obstacles.add(t);
    }

    /** Gymnasium's {@code _generate_terrain}: the same generator draws in the same order. */
    private void generateTerrain(NpRandom rng, boolean hardcore) {
        int state = GRASS;
        double velocity = 0.0;
        double y = TERRAIN_HEIGHT;
        long counter = TERRAIN_STARTPAD;
        boolean oneshot = false;
        obstacles.clear();
        terrainX = new double[TERRAIN_LENGTH];
        terrainY = new double[TERRAIN_LENGTH];
        long stairSteps = 0;
        long stairWidth = 0;
        long stairHeight = 0;
        double originalY = 0;
        for (int i = 0; i < TERRAIN_LENGTH; i++) {
            double x = i * TERRAIN_STEP;
            terrainX[i] = x;
            if (state == GRASS && !oneshot) {
                velocity = 0.8 * velocity + 0.01 * Math.signum(TERRAIN_HEIGHT - y);
                if (i > TERRAIN_STARTPAD) {
                    velocity += rng.uniform(-1, 1) / SCALE;
                }
                y += velocity;
            } else if (state == PIT && oneshot) {
                counter = rng.integers(3, 5);
                double[][] poly = {{x, y}, {x + TERRAIN_STEP, y}, {x + TERRAIN_STEP, y - 4 * TERRAIN_STEP},
                    {x, y - 4 * TERRAIN_STEP}};
                staticPolygon(poly);
                double[][] moved = new double[4][];
                for (int p = 0; p < 4; p++) {
                    moved[p] = new double[] {poly[p][0] + TERRAIN_STEP * counter, poly[p][1]};
                }
                staticPolygon(moved);
                counter += 2;
                originalY = y;
            } else if (state == PIT) {
                y = originalY;
                if (counter > 1) {
                    y -= 4 * TERRAIN_STEP;
                }
            } else if (state == STUMP && oneshot) {
                counter = rng.integers(1, 3);
                staticPolygon(new double[][] {{x, y}, {x + counter * TERRAIN_STEP, y},
                    {x + counter * TERRAIN_STEP, y + counter * TERRAIN_STEP}, {x, y + counter * TERRAIN_STEP}});
            } else if (state == STAIRS && oneshot) {
                stairHeight = rng.random() > 0.5 ? 1 : -1;
                stairWidth = rng.integers(4, 5);
                stairSteps = rng.integers(3, 5);
                originalY = y;
                for (long s = 0; s < stairSteps; s++) {
                    staticPolygon(new double[][] {
                        {x + (s * stairWidth) * TERRAIN_STEP, y + (s * stairHeight) * TERRAIN_STEP},
                        {x + ((1 + s) * stairWidth) * TERRAIN_STEP, y + (s * stairHeight) * TERRAIN_STEP},
                        {x + ((1 + s) * stairWidth) * TERRAIN_STEP, y + (-1 + s * stairHeight) * TERRAIN_STEP},
                        {x + (s * stairWidth) * TERRAIN_STEP, y + (-1 + s * stairHeight) * TERRAIN_STEP}});
                }
                counter = stairSteps * stairWidth;
            } else if (state == STAIRS) {
                double s = stairSteps * stairWidth - counter - stairHeight;
                double n = s / stairWidth;
                y = originalY + (n * stairHeight) * TERRAIN_STEP;
            }
            oneshot = false;
            terrainY[i] = y;
            counter -= 1;
            if (counter == 0) {
                counter = rng.integers(TERRAIN_GRASS / 2, TERRAIN_GRASS);
                if (state == GRASS && hardcore) {
                    state = (int) rng.integers(1, STATES);
                } else {
                    state = GRASS;
                }
                oneshot = true;
            }
        }
        for (int i = 0; i < TERRAIN_LENGTH - 1; i++) {
            Body t = world.createBody(new BodyDef());
            FixtureDef fd = new FixtureDef();
            EdgeShape e = new EdgeShape();
            e.set(new Vec2((float) terrainX[i], (float) terrainY[i]),
                    new Vec2((float) terrainX[i + 1], (float) terrainY[i + 1]));
            fd.shape = e;
            fd.friction = (float) params.terrainFriction();
            fd.filter.categoryBits = 0x0001;
            t.createFixture(fd);
        }
    }

    /** Gymnasium's {@code _generate_clouds}: ten five-point clouds (drawn only, but they consume generator draws). */
    private void generateClouds(NpRandom rng) {
        int n = TERRAIN_LENGTH / 20;
        cloudPoly = new double[n][];
        for (int c = 0; c < n; c++) {
            double x = rng.uniform(0, TERRAIN_LENGTH) * TERRAIN_STEP;
            double y = VIEWPORT_H / SCALE * 3 / 4;
            double[] poly = new double[10];
            for (int a = 0; a < 5; a++) {
                poly[2 * a] = x + 15 * TERRAIN_STEP * Math.sin(3.14 * 2 * a / 5) + rng.uniform(0, 5 * TERRAIN_STEP);
                poly[2 * a + 1] = y + 5 * TERRAIN_STEP * Math.cos(3.14 * 2 * a / 5) + rng.uniform(0, 5 * TERRAIN_STEP);
            }
            cloudPoly[c] = poly;
        }
    }

    @Override
    public Step<float[]> step(float[] action) {
        requireAction(actionSpace.contains(action), action);
        requireStarted();
        float[] obs = stepLogged(action);
        return new Step<>(obs, lastReward, lastTerminated, false, Map.of());
    }

    @Override
    int actionWidth() {
        return 2;
    }

    @Override
    void encode(float[] a, long[] out, int at) {
        out[at] = ((long) Float.floatToRawIntBits(a[0]) << 32) | (Float.floatToRawIntBits(a[1]) & 0xffffffffL);
        out[at + 1] = ((long) Float.floatToRawIntBits(a[2]) << 32) | (Float.floatToRawIntBits(a[3]) & 0xffffffffL);
    }

    @Override
    float[] decode(long[] in, int at) {
        return new float[] {Float.intBitsToFloat((int) (in[at] >>> 32)), Float.intBitsToFloat((int) in[at]),
            Float.intBitsToFloat((int) (in[at + 1] >>> 32)), Float.intBitsToFloat((int) in[at + 1])};
    }

    @Override
    float[] advance(float[] action) {
        double torque = params.motorsTorque();
        for (int j = 0; j < 4; j++) {
            double speed = (j % 2 == 0 ? SPEED_HIP : SPEED_KNEE) * Math.signum(action[j]);
            joints[j].setMotorSpeed((float) speed);
            joints[j].setMaxMotorTorque((float) (torque * Math.min(Math.abs(action[j]), 1.0)));
        }
        world.step((float) (1.0 / FPS), VELOCITY_ITERATIONS, POSITION_ITERATIONS);

        Vec2 pos = hull.getPosition();
        Vec2 vel = hull.getLinearVelocity();
        for (int i = 0; i < 10; i++) {
            Lidar l = lidar[i];
            l.fraction = 1.0f;
            l.p1.set(pos);
            l.p2.set((float) (pos.x + Math.sin(1.5 * i / 10.0) * LIDAR_RANGE),
                    (float) (pos.y - Math.cos(1.5 * i / 10.0) * LIDAR_RANGE));
            world.raycast(l, l.p1, l.p2);
        }
        double[] s = new double[24];
        s[0] = hull.getAngle();
        s[1] = 2.0 * hull.getAngularVelocity() / FPS;
        s[2] = 0.3 * vel.x * (VIEWPORT_W / SCALE) / FPS;
        s[3] = 0.3 * vel.y * (VIEWPORT_H / SCALE) / FPS;
        s[4] = joints[0].getJointAngle();
        s[5] = joints[0].getJointSpeed() / SPEED_HIP;
        s[6] = joints[1].getJointAngle() + 1.0;
        s[7] = joints[1].getJointSpeed() / SPEED_KNEE;
        s[8] = groundContact[1] ? 1.0 : 0.0;
        s[9] = joints[2].getJointAngle();
        s[10] = joints[2].getJointSpeed() / SPEED_HIP;
        s[11] = joints[3].getJointAngle() + 1.0;
        s[12] = joints[3].getJointSpeed() / SPEED_KNEE;
        s[13] = groundContact[3] ? 1.0 : 0.0;
        for (int i = 0; i < 10; i++) {
            s[14 + i] = lidar[i].fraction;
        }
        scroll = pos.x - VIEWPORT_W / SCALE / 5;
        double shaping = 130 * pos.x / SCALE - 5.0 * Math.abs(s[0]);
        double reward = 0;
        if (prevShaping != null) {
            reward = shaping - prevShaping;
        }
        prevShaping = shaping;
        for (float a : action) {
            reward -= 0.00035 * torque * Math.min(Math.abs(a), 1.0);
        }
        boolean terminated = false;
        if (gameOver || pos.x < 0) {
            reward = -100;
            terminated = true;
        }
        if (pos.x > (TERRAIN_LENGTH - TERRAIN_GRASS) * TERRAIN_STEP) {
            terminated = true;
        }
        lastReward = reward;
        lastTerminated = terminated;
        float[] obs = new float[24];
        for (int i = 0; i < 24; i++) {
            obs[i] = (float) s[i];
        }
        return obs;
    }

    /** One lidar ray: keeps the nearest ground hit (fixtures of category 1), as Gymnasium's {@code LidarCallback}. */
    private static final class Lidar implements RayCastCallback {
        final Vec2 p1 = new Vec2();
        final Vec2 p2 = new Vec2();
        float fraction = 1.0f;

        @Override
        public float reportFixture(Fixture fixture, Vec2 point, Vec2 normal, float f) {
            if ((fixture.getFilterData().categoryBits & 1) == 0) {
                return -1;
            }
            p2.set(point);
            fraction = f;
            return f;
        }
    }

    /** Gymnasium's {@code ContactDetector}: the hull touching the ground ends the game; lower legs report contact. */
    private final class Contacts implements ContactListener {
        @Override
        public void beginContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            if (a == hull || b == hull) {
                gameOver = true;
            }
            for (int i : new int[] {1, 3}) {
                if (a == legs[i] || b == legs[i]) {
                    groundContact[i] = true;
                }
            }
        }

        @Override
        public void endContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            for (int i : new int[] {1, 3}) {
                if (a == legs[i] || b == legs[i]) {
                    groundContact[i] = false;
                }
            }
        }

        @Override
        public void preSolve(Contact contact, Manifold oldManifold) {
        }

        @Override
        public void postSolve(Contact contact, ContactImpulse impulse) {
        }
    }

    @Override
    public Space<float[]> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<float[]> actionSpace() {
        return actionSpace;
    }

    /**
     * The 600×400 view that follows the walker as Gymnasium's does: sky, clouds at half parallax, green terrain with
     * the obstacles, the walker, the start flag, and one lidar ray sweeping.
     */
    @Override
    public RenderFrame render() {
        if (world == null) {
            return null;
        }
        BufferedImage img = new BufferedImage(VIEWPORT_W, VIEWPORT_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Draw.canvas(img, new Color(215, 215, 255));
        double off = Math.max(0.0, scroll);
        g.translate(-off * SCALE, 0);
        g.setColor(Color.WHITE);
        for (double[] poly : cloudPoly) {
            double x1 = Double.MAX_VALUE;
            double x2 = -Double.MAX_VALUE;
            for (int a = 0; a < 5; a++) {
                x1 = Math.min(x1, poly[2 * a]);
                x2 = Math.max(x2, poly[2 * a]);
            }
            if (x2 < scroll / 2 || x1 > scroll / 2 + VIEWPORT_W / SCALE) {
                continue;
            }
            Path2D.Double c = new Path2D.Double();
            for (int a = 0; a < 5; a++) {
                double px = poly[2 * a] * SCALE + scroll * SCALE / 2;
                double py = poly[2 * a + 1] * SCALE;
                if (a == 0) {
                    c.moveTo(px, py);
                } else {
                    c.lineTo(px, py);
                }
            }
            c.closePath();
            g.fill(c);
        }
        for (int i = 0; i < TERRAIN_LENGTH - 1; i++) {
            if (terrainX[i + 1] < scroll || terrainX[i] > scroll + VIEWPORT_W / SCALE) {
                continue;
            }
            Path2D.Double p = new Path2D.Double();
            p.moveTo(terrainX[i] * SCALE, terrainY[i] * SCALE);
            p.lineTo(terrainX[i + 1] * SCALE, terrainY[i + 1] * SCALE);
            p.lineTo(terrainX[i + 1] * SCALE, 0);
            p.lineTo(terrainX[i] * SCALE, 0);
            p.closePath();
            g.setColor(new Color(102, 153, 76));
            g.fill(p);
            g.draw(p);
            g.setColor(new Color(76, i % 2 == 0 ? 255 : 204, 76));
            g.draw(new Line2D.Double(terrainX[i] * SCALE, terrainY[i] * SCALE, terrainX[i + 1] * SCALE,
                    terrainY[i + 1] * SCALE));
        }
        for (Body t : obstacles) {
            Draw.body(g, t, SCALE, Color.WHITE, new Color(153, 153, 153));
        }
        lidarRender = (lidarRender + 1) % 100;
        int i = lidarRender;
        if (i < 2 * lidar.length) {
            Lidar l = i < lidar.length ? lidar[i] : lidar[2 * lidar.length - i - 1];
            g.setColor(Color.RED);
            g.draw(new Line2D.Double(l.p1.x * SCALE, l.p1.y * SCALE, l.p2.x * SCALE, l.p2.y * SCALE));
        }
        for (int k = 0; k < 4; k++) {
            int sgn = k < 2 ? -1 : 1;
            Draw.body(g, legs[k], SCALE, new Color(153 - sgn * 25, 76 - sgn * 25, 127 - sgn * 25),
                    new Color(102 - sgn * 25, 51 - sgn * 25, 76 - sgn * 25));
        }
        Draw.body(g, hull, SCALE, new Color(127, 51, 229), new Color(76, 76, 127));
        double flagy1 = TERRAIN_HEIGHT * SCALE;
        double flagy2 = flagy1 + 50;
        double x = TERRAIN_STEP * 3 * SCALE;
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(x, flagy1, x, flagy2));
        Path2D.Double flag = new Path2D.Double();
        flag.moveTo(x, flagy2);
        flag.lineTo(x, flagy2 - 10);
        flag.lineTo(x + 25, flagy2 - 5);
        flag.closePath();
        g.setColor(new Color(230, 51, 0));
        g.fill(flag);
        g.setColor(Color.BLACK);
        g.draw(flag);
        g.dispose();
        return RenderFrame.of(img);
    }
}
