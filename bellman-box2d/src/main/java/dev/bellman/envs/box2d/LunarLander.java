package dev.bellman.envs.box2d;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
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
import java.util.List;
import java.util.Map;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * Gymnasium 1.x {@code LunarLander-v3} (Oleg Klimov's rocket-trajectory task) on JBox2D.
 *
 * <h2>Description</h2>
 * Land a lander on the pad between the two flags at (0, 0) of a random moon surface. Fuel is unlimited; the engines
 * are either on or off (discrete) or throttled (continuous).
 *
 * <h2>Action space</h2>
 * Discrete: {@code Discrete(4)}: 0 nothing, 1 fire the left orientation engine, 2 the main engine, 3 the right
 * orientation engine. Continuous ({@code continuous=true}): {@code Box(-1, 1, shape [2], float32)}: main throttle
 * (off below 0, then 50%..100%), lateral throttle (off in [-0.5, 0.5], then left/right at 50%..100%). Gymnasium clips
 * continuous actions; Bellman rejects actions outside the space (wrap with {@code ClipAction} to clip).
 *
 * <h2>Observation space</h2>
 * {@code Box(float32, shape [8])}: x and y relative to the pad (bounds ±2.5), x and y velocity (±10), angle (±2π),
 * angular velocity (±10), and two leg-contact flags in {0, 1}, each normalised as in Gymnasium.
 *
 * <h2>Rewards</h2>
 * The change of the shaping −100·‖(x, y)‖ − 100·‖(vx, vy)‖ − 100·|angle| + 10 per leg on the ground, minus 0.3 per
 * frame of main engine (times throttle) and 0.03 per frame of a side engine; −100 on crash or leaving the screen,
 * +100 on coming to rest (the lander body falls asleep). Solved at 200.
 *
 * <h2>Starting state</h2>
 * The lander starts at the top centre with a random push (each component uniform in ±{@code INITIAL_RANDOM} = 1000
 * newtons); the terrain's 11 chunk heights are uniform in [0, H/2] except the flat pad. The first observation is that
 * after one no-op step, as in Gymnasium.
 *
 * <h2>Episode end</h2>
 * Terminated when the body touches the ground (crash), |x| ≥ 1, or the lander sleeps; truncated at 1000 steps.
 *
 * <h2>Arguments</h2>
 * Gymnasium's: {@code continuous} (false), {@code gravity} (−10, must lie in (−12, 0)), {@code enable_wind} (false),
 * {@code wind_power} (15; Gymnasium recommends [0, 20]), {@code turbulence_power} (1.5; recommended [0, 2]). Bellman's
 * extras, physical parameters for domain randomisation: {@code main_engine_power} (13), {@code side_engine_power}
 * (0.6), {@code initial_random} (1000, the bound on the initial push), {@code leg_spring_torque} (40).
 *
 * <p>{@link HasPhysicalParameters} declares {@code gravity}, {@code main_engine_power}, {@code side_engine_power},
 * {@code wind_power} and {@code turbulence_power} (nominal: Gymnasium's values above; wind and turbulence act only with
 * {@code enable_wind}), so {@link dev.bellman.env.wrappers.DomainRandomization} and {@code bellman robustness} can vary
 * them. A value set between episodes applies from the next reset, which builds the world with it; the engine powers and
 * the wind are also read at every step, so a change mid-episode reaches them from the next step (gravity only at the
 * next reset).
 *
 * <h2>Differences from Gymnasium</h2>
 * The physics engine is JBox2D 2.2.1 rather than Box2D 2.3 through pybox2d, so trajectories agree only
 * statistically (the generator draws are the same: a seed gives the same terrain and the same push); two JBox2D
 * 2.2.1.1 departures from Box2D are mended ({@link Box2DWorld}: new contacts start enabled, and the lander's polygon
 * gets Box2D's rotational inertia, which JBox2D made 0.3% too large). The exhaust
 * particles Gymnasium creates when rendering are not simulated: they collide only with the ground and never affect the
 * lander.
 *
 * <h2>Version history</h2>
 * v3: Gymnasium 1.0's version (reset-time wind index, deterministic contact with the terrain).
 */
public final class LunarLander extends Box2DEnv<Object> implements HasPhysicalParameters {
    static final double MAIN_ENGINE_Y_LOCATION = 4;
    static final double[][] LANDER_POLY = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};
    static final double LEG_AWAY = 20;
    static final double LEG_DOWN = 18;
    static final double LEG_W = 2;
    static final double LEG_H = 8;
    static final double SIDE_ENGINE_HEIGHT = 14;
    static final double SIDE_ENGINE_AWAY = 12;
    static final int CHUNKS = 11;
    static final double W = VIEWPORT_W / SCALE;
    static final double H = VIEWPORT_H / SCALE;

    /** Gymnasium's keyword arguments and Bellman's physical extras; see the class documentation. */
    public record Params(boolean continuous, double gravity, boolean enableWind, double windPower,
                         double turbulencePower, double mainEnginePower, double sideEnginePower,
                         double initialRandom, double legSpringTorque) {
        public Params {
            if (!(gravity > -12.0 && gravity < 0.0)) {
                throw new IllegalArgumentException("gravity must lie strictly between -12 and 0 (Gymnasium's bound) but was "
                        + gravity);
            }
            nonNegative("wind_power", windPower);
            nonNegative("turbulence_power", turbulencePower);
            nonNegative("main_engine_power", mainEnginePower);
            nonNegative("side_engine_power", sideEnginePower);
            nonNegative("initial_random", initialRandom);
            positive("leg_spring_torque", legSpringTorque);
        }

        /** Gymnasium's defaults. */
        public static Params defaults(boolean continuous) {
            return new Params(continuous, -10.0, false, 15.0, 1.5, 13.0, 0.6, 1000.0, 40.0);
        }
    }

    /** The registry's default keyword arguments (Gymnasium's five plus Bellman's physical extras). */
    static Map<String, Object> defaultKwargs(boolean continuous) {
        Params p = Params.defaults(continuous);
        return Map.of("continuous", continuous, "gravity", p.gravity(), "enable_wind", p.enableWind(),
                "wind_power", p.windPower(), "turbulence_power", p.turbulencePower(),
                "main_engine_power", p.mainEnginePower(), "side_engine_power", p.sideEnginePower(),
                "initial_random", p.initialRandom(), "leg_spring_torque", p.legSpringTorque());
    }

    static LunarLander fromKwargs(Map<String, Object> kw) {
        boolean continuous = kwargBool(kw, "continuous", false);
        Params d = Params.defaults(continuous);
        return new LunarLander(new Params(continuous, kwarg(kw, "gravity", d.gravity()),
                kwargBool(kw, "enable_wind", d.enableWind()), kwarg(kw, "wind_power", d.windPower()),
                kwarg(kw, "turbulence_power", d.turbulencePower()),
                kwarg(kw, "main_engine_power", d.mainEnginePower()),
                kwarg(kw, "side_engine_power", d.sideEnginePower()), kwarg(kw, "initial_random", d.initialRandom()),
                kwarg(kw, "leg_spring_torque", d.legSpringTorque())));
    }

    /** The declared physical parameters, nominal values Gymnasium's (see the class documentation). */
    static final List<PhysicalParameter> PARAMETERS = List.of(
            new PhysicalParameter("gravity", -10.0, "vertical gravitational acceleration, in (-12, 0) (m/s^2)", false),
            new PhysicalParameter("main_engine_power", 13.0, "impulse scale of the main engine at full throttle", false),
            new PhysicalParameter("side_engine_power", 0.6, "impulse scale of a side engine at full throttle", false),
            new PhysicalParameter("wind_power", 15.0, "peak wind force with enable_wind (N)", false),
            new PhysicalParameter("turbulence_power", 1.5, "peak turbulence torque with enable_wind (N m)", false));

    private Params params;
    private final Box observationSpace;
    private final Space<?> actionSpace;

    private Body lander;
    private final Body[] legs = new Body[2];
    private final boolean[] legContact = new boolean[2];
    private boolean gameOver;
    private Double prevShaping;
    private double helipadX1;
    private double helipadX2;
    private double helipadY;
    private double[] chunkX;
    private double[] smoothY;
    private long windIdx;
    private long torqueIdx;
    private boolean mainFired;
    private int sideFired;

    /** Discrete LunarLander with Gymnasium's defaults. */
    public LunarLander() {
        this(Params.defaults(false));
    }

    public LunarLander(Params params) {
        this.params = java.util.Objects.requireNonNull(params, "params");
        this.observationSpace = new Box(
                new float[] {-2.5f, -2.5f, -10f, -10f, (float) (-2 * Math.PI), -10f, -0f, -0f},
                new float[] {2.5f, 2.5f, 10f, 10f, (float) (2 * Math.PI), 10f, 1f, 1f});
        this.actionSpace = params.continuous() ? new Box(-1f, 1f, 2) : new Discrete(4);
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
            case "gravity" -> params.gravity();
            case "main_engine_power" -> params.mainEnginePower();
            case "side_engine_power" -> params.sideEnginePower();
            case "wind_power" -> params.windPower();
            case "turbulence_power" -> params.turbulencePower();
            default -> throw new AssertionError(name);
        };
    }

    /** Sets a declared parameter; {@link Params}' checks apply (gravity in (−12, 0), the others ≥ 0). */
    @Override
    public void setPhysicalParameter(String name, double value) {
        Params p = params;
        params = switch (HasPhysicalParameters.check(this, name, value).name()) {
            case "gravity" -> new Params(p.continuous(), value, p.enableWind(), p.windPower(), p.turbulencePower(),
                    p.mainEnginePower(), p.sideEnginePower(), p.initialRandom(), p.legSpringTorque());
            case "main_engine_power" -> new Params(p.continuous(), p.gravity(), p.enableWind(), p.windPower(),
                    p.turbulencePower(), value, p.sideEnginePower(), p.initialRandom(), p.legSpringTorque());
            case "side_engine_power" -> new Params(p.continuous(), p.gravity(), p.enableWind(), p.windPower(),
                    p.turbulencePower(), p.mainEnginePower(), value, p.initialRandom(), p.legSpringTorque());
            case "wind_power" -> new Params(p.continuous(), p.gravity(), p.enableWind(), value, p.turbulencePower(),
                    p.mainEnginePower(), p.sideEnginePower(), p.initialRandom(), p.legSpringTorque());
            case "turbulence_power" -> new Params(p.continuous(), p.gravity(), p.enableWind(), p.windPower(), value,
                    p.mainEnginePower(), p.sideEnginePower(), p.initialRandom(), p.legSpringTorque());
            default -> throw new AssertionError(name);
        };
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        return new Reset<>(startEpisode(seed), Map.of());
    }

    @Override
    float[] buildEpisode(NpRandom rng) {
        world = episodeWorld(params.gravity());
        world.setContactListener(new Contacts());
        gameOver = false;
        prevShaping = null;
        legContact[0] = false;
        legContact[1] = false;

        double[] height = rng.uniform(0, H / 2, CHUNKS + 1);
        chunkX = new double[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            chunkX[i] = W / (CHUNKS - 1) * i;
        }
        helipadX1 = chunkX[CHUNKS / 2 - 1];
        helipadX2 = chunkX[CHUNKS / 2 + 1];
        helipadY = H / 4;
        for (int k = -2; k <= 2; k++) {
            height[CHUNKS / 2 + k] = helipadY;
        }
        smoothY = new double[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            // height[-1] in Python is the last element
            double prev = i == 0 ? height[CHUNKS] : height[i - 1];
            smoothY[i] = 0.33 * (prev + height[i] + height[i + 1]);
        }
        Body moon = world.createBody(new BodyDef());
        EdgeShape floor = new EdgeShape();
        floor.set(new Vec2(0, 0), new Vec2((float) W, 0));
        FixtureDef floorDef = new FixtureDef();
        floorDef.shape = floor;
        floorDef.friction = 0.2f; // pybox2d's default for a shape passed without a fixture definition
        moon.createFixture(floorDef);
        for (int i = 0; i < CHUNKS - 1; i++) {
            EdgeShape e = new EdgeShape();
            e.set(new Vec2((float) chunkX[i], (float) smoothY[i]), new Vec2((float) chunkX[i + 1], (float) smoothY[i + 1]));
            FixtureDef fd = new FixtureDef();
            fd.shape = e;
            fd.density = 0;
            fd.friction = 0.1f;
            moon.createFixture(fd);
        }

        double initialY = VIEWPORT_H / SCALE;
        double initialX = VIEWPORT_W / SCALE / 2;
        BodyDef bd = new BodyDef();
        bd.type = BodyType.DYNAMIC;
        bd.position.set((float) initialX, (float) initialY);
        bd.angle = 0f;
        lander = world.createBody(bd);
        PolygonShape hull = new PolygonShape();
        Vec2[] verts = new Vec2[LANDER_POLY.length];
        for (int i = 0; i < verts.length; i++) {
            verts[i] = new Vec2((float) (LANDER_POLY[i][0] / SCALE), (float) (LANDER_POLY[i][1] / SCALE));
        }
        hull.set(verts, verts.length);
        FixtureDef hullDef = new FixtureDef();
        hullDef.shape = hull;
        hullDef.density = 5.0f;
        hullDef.friction = 0.1f;
        hullDef.filter.categoryBits = 0x0010;
        hullDef.filter.maskBits = 0x001;
        hullDef.restitution = 0f;
        lander.createFixture(hullDef);
        Box2DWorld.correctInertia(lander);
        double fx = rng.uniform(-params.initialRandom(), params.initialRandom());
        double fy = rng.uniform(-params.initialRandom(), params.initialRandom());
        lander.applyForceToCenter(new Vec2((float) fx, (float) fy));
        if (params.enableWind()) {
            windIdx = rng.integers(-9999, 9999);
            torqueIdx = rng.integers(-9999, 9999);
        }
        for (int k = 0; k < 2; k++) {
            int i = k == 0 ? -1 : 1;
            BodyDef ld = new BodyDef();
            ld.type = BodyType.DYNAMIC;
            ld.position.set((float) (initialX - i * LEG_AWAY / SCALE), (float) initialY);
            ld.angle = (float) (i * 0.05);
            Body leg = world.createBody(ld);
            PolygonShape box = new PolygonShape();
            box.setAsBox((float) (LEG_W / SCALE), (float) (LEG_H / SCALE));
            FixtureDef fd = new FixtureDef();
            fd.shape = box;
            fd.density = 1.0f;
            fd.restitution = 0f;
            fd.filter.categoryBits = 0x0020;
            fd.filter.maskBits = 0x001;
            leg.createFixture(fd);
            RevoluteJointDef rjd = new RevoluteJointDef();
            rjd.bodyA = lander;
            rjd.bodyB = leg;
            rjd.localAnchorA.set(0, 0);
            rjd.localAnchorB.set((float) (i * LEG_AWAY / SCALE), (float) (LEG_DOWN / SCALE));
            // pybox2d sets a joint's reference angle to the bodies' angle difference when both bodies are given
            rjd.referenceAngle = leg.getAngle() - lander.getAngle();
            rjd.enableMotor = true;
            rjd.enableLimit = true;
            rjd.maxMotorTorque = (float) params.legSpringTorque();
            rjd.motorSpeed = (float) (0.3 * i);
            if (i == -1) {
                rjd.lowerAngle = (float) (0.9 - 0.5);
                rjd.upperAngle = 0.9f;
            } else {
                rjd.lowerAngle = -0.9f;
                rjd.upperAngle = (float) (-0.9 + 0.5);
            }
            world.createJoint(rjd);
            legs[k] = leg;
        }
        Object noop = params.continuous() ? new float[] {0f, 0f} : (Object) 0;
        return advance(noop);
    }

    @Override
    public Step<float[]> step(Object action) {
        requireAction(actionSpace.contains(action), action);
        requireStarted();
        float[] obs = stepLogged(action);
        return new Step<>(obs, lastReward, lastTerminated, false, Map.of());
    }

    @Override
    int actionWidth() {
        return 1;
    }

    @Override
    void encode(Object action, long[] out, int at) {
        if (action instanceof float[] a) {
            out[at] = ((long) Float.floatToRawIntBits(a[0]) << 32) | (Float.floatToRawIntBits(a[1]) & 0xffffffffL);
        } else {
            out[at] = (Integer) action;
        }
    }

    @Override
    Object decode(long[] in, int at) {
        if (params.continuous()) {
            return new float[] {Float.intBitsToFloat((int) (in[at] >>> 32)), Float.intBitsToFloat((int) in[at])};
        }
        return (int) in[at];
    }

    private double lastReward;
    private boolean lastTerminated;

    @Override
    float[] advance(Object action) {
        NpRandom rng = npRandom();
        if (params.enableWind() && !(legContact[0] || legContact[1])) {
            double windMag = Math.tanh(Math.sin(0.02 * windIdx) + Math.sin(Math.PI * 0.01 * windIdx))
                    * params.windPower();
            windIdx++;
            lander.applyForceToCenter(new Vec2((float) windMag, 0f));
            double torqueMag = Math.tanh(Math.sin(0.02 * torqueIdx) + Math.sin(Math.PI * 0.01 * torqueIdx))
                    * params.turbulencePower();
            torqueIdx++;
            lander.applyTorque((float) torqueMag);
        }
        double angle = lander.getAngle();
        double tip0 = Math.sin(angle);
        double tip1 = Math.cos(angle);
        double side0 = -tip1;
        double side1 = tip0;
        double disp0 = rng.uniform(-1.0, 1.0) / SCALE;
        double disp1 = rng.uniform(-1.0, 1.0) / SCALE;

        double mPower = 0.0;
        boolean fireMain;
        float[] ca = action instanceof float[] f ? f : null;
        if (ca != null) {
            fireMain = ca[0] > 0.0;
        } else {
            fireMain = (Integer) action == 2;
        }
        mainFired = fireMain;
        if (fireMain) {
            mPower = ca != null ? (Math.min(Math.max(ca[0], 0.0), 1.0) + 1.0) * 0.5 : 1.0;
            double ox = tip0 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * disp0) + side0 * disp1;
            double oy = -tip1 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * disp0) - side1 * disp1;
            Vec2 p = lander.getPosition();
            Vec2 at = new Vec2((float) (p.x + ox), (float) (p.y + oy));
            double power = params.mainEnginePower() * mPower;
            lander.applyLinearImpulse(new Vec2((float) (-ox * power), (float) (-oy * power)), at);
        }
        double sPower = 0.0;
        boolean fireSide;
        double direction;
        if (ca != null) {
            fireSide = Math.abs(ca[1]) > 0.5;
            direction = Math.signum(ca[1]);
        } else {
            int a = (Integer) action;
            fireSide = a == 1 || a == 3;
            direction = a - 2;
        }
        sideFired = fireSide ? (int) direction : 0;
        if (fireSide) {
            sPower = ca != null ? Math.min(Math.max(Math.abs(ca[1]), 0.5), 1.0) : 1.0;
            double ox = tip0 * disp0 + side0 * (3 * disp1 + direction * SIDE_ENGINE_AWAY / SCALE);
            double oy = -tip1 * disp0 - side1 * (3 * disp1 + direction * SIDE_ENGINE_AWAY / SCALE);
            Vec2 p = lander.getPosition();
            Vec2 at = new Vec2((float) (p.x + ox - tip0 * 17 / SCALE),
                    (float) (p.y + oy + tip1 * SIDE_ENGINE_HEIGHT / SCALE));
            double power = params.sideEnginePower() * sPower;
            lander.applyLinearImpulse(new Vec2((float) (-ox * power), (float) (-oy * power)), at);
        }

        world.step((float) (1.0 / FPS), VELOCITY_ITERATIONS, POSITION_ITERATIONS);

        Vec2 pos = lander.getPosition();
        Vec2 vel = lander.getLinearVelocity();
        double[] s = {
            (pos.x - VIEWPORT_W / SCALE / 2) / (VIEWPORT_W / SCALE / 2),
            (pos.y - (helipadY + LEG_DOWN / SCALE)) / (VIEWPORT_H / SCALE / 2),
            vel.x * (VIEWPORT_W / SCALE / 2) / FPS,
            vel.y * (VIEWPORT_H / SCALE / 2) / FPS,
            lander.getAngle(),
            20.0 * lander.getAngularVelocity() / FPS,
            legContact[0] ? 1.0 : 0.0,
            legContact[1] ? 1.0 : 0.0,
        };
        double shaping = -100 * Math.sqrt(s[0] * s[0] + s[1] * s[1])
                - 100 * Math.sqrt(s[2] * s[2] + s[3] * s[3])
                - 100 * Math.abs(s[4]) + 10 * s[6] + 10 * s[7];
        double reward = 0;
        if (prevShaping != null) {
            reward = shaping - prevShaping;
        }
        prevShaping = shaping;
        reward -= mPower * 0.30;
        reward -= sPower * 0.03;
        boolean terminated = false;
        if (gameOver || Math.abs(s[0]) >= 1.0) {
            terminated = true;
            reward = -100;
        }
        if (!lander.isAwake()) {
            terminated = true;
            reward = 100;
        }
        lastReward = reward;
        lastTerminated = terminated;
        float[] obs = new float[8];
        for (int i = 0; i < 8; i++) {
            obs[i] = (float) s[i];
        }
        return obs;
    }

    /** Gymnasium's {@code ContactDetector}: the body touching the ground ends the game; legs report contact. */
    private final class Contacts implements ContactListener {
        @Override
        public void beginContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            if (a == lander || b == lander) {
                gameOver = true;
            }
            for (int i = 0; i < 2; i++) {
                if (a == legs[i] || b == legs[i]) {
                    legContact[i] = true;
                }
            }
        }

        @Override
        public void endContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            for (int i = 0; i < 2; i++) {
                if (a == legs[i] || b == legs[i]) {
                    legContact[i] = false;
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
    @SuppressWarnings("unchecked")
    public Space<Object> actionSpace() {
        return (Space<Object>) actionSpace;
    }

    /**
     * The scene as Gymnasium draws it (600×400): white ground below a black sky, the lander and legs in purple, the
     * yellow flags at the pad; a short flame marks a firing engine in place of Gymnasium's particles.
     */
    @Override
    public RenderFrame render() {
        if (world == null) {
            return null;
        }
        BufferedImage img = new BufferedImage(VIEWPORT_W, VIEWPORT_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Draw.canvas(img, Color.WHITE);
        for (int i = 0; i < CHUNKS - 1; i++) {
            Path2D.Double sky = new Path2D.Double();
            sky.moveTo(chunkX[i] * SCALE, smoothY[i] * SCALE);
            sky.lineTo(chunkX[i + 1] * SCALE, smoothY[i + 1] * SCALE);
            sky.lineTo(chunkX[i + 1] * SCALE, H * SCALE);
            sky.lineTo(chunkX[i] * SCALE, H * SCALE);
            sky.closePath();
            g.setColor(Color.BLACK);
            g.fill(sky);
            g.draw(sky);
        }
        Color c1 = new Color(128, 102, 230);
        Color c2 = new Color(77, 77, 128);
        if (mainFired || sideFired != 0) {
            drawFlame(g);
        }
        Draw.body(g, lander, SCALE, c1, c2);
        Draw.body(g, legs[0], SCALE, c1, c2);
        Draw.body(g, legs[1], SCALE, c1, c2);
        for (double x : new double[] {helipadX1, helipadX2}) {
            double px = x * SCALE;
            double flagy1 = helipadY * SCALE;
            double flagy2 = flagy1 + 50;
            g.setColor(Color.WHITE);
            g.draw(new Line2D.Double(px, flagy1, px, flagy2));
            Path2D.Double flag = new Path2D.Double();
            flag.moveTo(px, flagy2);
            flag.lineTo(px, flagy2 - 10);
            flag.lineTo(px + 25, flagy2 - 5);
            flag.closePath();
            g.setColor(new Color(204, 204, 0));
            g.fill(flag);
        }
        g.dispose();
        return RenderFrame.of(img);
    }

    private void drawFlame(Graphics2D g) {
        double a = lander.getAngle();
        Vec2 p = lander.getPosition();
        g.setColor(new Color(255, 140, 60));
        if (mainFired) {
            double bx = p.x - Math.sin(a) * (-MAIN_ENGINE_Y_LOCATION / SCALE);
            double by = p.y + Math.cos(a) * (-MAIN_ENGINE_Y_LOCATION / SCALE);
            double len = 25 / SCALE;
            g.draw(new Line2D.Double(bx * SCALE, by * SCALE, (bx + Math.sin(a) * len) * SCALE,
                    (by - Math.cos(a) * len) * SCALE));
        }
        if (sideFired != 0) {
            double bx = p.x + Math.cos(a) * (-sideFired) * 17 / SCALE;
            double by = p.y + Math.cos(a) * SIDE_ENGINE_HEIGHT / SCALE + Math.sin(a) * (-sideFired) * 17 / SCALE;
            double len = 12 / SCALE;
            g.draw(new Line2D.Double(bx * SCALE, by * SCALE, (bx - Math.cos(a) * sideFired * len) * SCALE,
                    (by - Math.sin(a) * sideFired * len) * SCALE));
        }
    }
}
