package dev.bellman.envs.classic;

import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.HasPhysicalParameters;
import dev.bellman.env.HasState;
import dev.bellman.env.PhysicalParameter;
import dev.bellman.env.RenderFrame;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import java.util.List;
import java.util.Map;

/**
 * MountainCar with discrete actions, numerically identical to Gymnasium 1.x {@code MountainCarEnv}
 * (Moore 1990, "Efficient Memory-based Learning for Robot Control", PhD thesis, University of Cambridge).
 *
 * <h2>Description</h2>
 * A car placed stochastically at the bottom of a sinusoidal valley must reach the flag on the right hill; its engine
 * is too weak to drive straight up, so it must build momentum by swinging back and forth.
 *
 * <h2>Action space</h2>
 * {@code Discrete(3)}: 0 accelerate left, 1 do not accelerate, 2 accelerate right.
 *
 * <h2>Observation space</h2>
 * {@code Box(float32, shape [2])}: position in [-1.2, 0.6], velocity in [-0.07, 0.07].
 *
 * <h2>Rewards</h2>
 * -1 per step (threshold -110).
 *
 * <h2>Starting state</h2>
 * Position uniform in [-0.6, -0.4] (reset options {@code "low"}/{@code "high"}), velocity 0.
 *
 * <h2>Episode end</h2>
 * Terminated when position ≥ 0.5 and velocity ≥ {@code goal_velocity}; truncated after 200 steps.
 *
 * <h2>Arguments</h2>
 * {@code goal_velocity} (default 0). Bellman adds the physical constants as keyword arguments
 * ({@link HasPhysicalParameters}): {@code force} (0.001) and {@code gravity} (0.0025); at these defaults the dynamics
 * are Gymnasium's bit for bit.
 *
 * <h2>Version history</h2>
 * v0: initial version.
 *
 * <p>Dynamics: velocity += (action − 1)·0.001 − 0.0025·cos(3·position), clipped to ±0.07; position += velocity,
 * clipped to [-1.2, 0.6]; velocity set to 0 at the left wall when negative (cos as glibc computes it, like Python's
 * {@code math.cos}). State: {@code [position, velocity]}.
 */
public final class MountainCar extends ClassicEnv<Integer> implements HasState, HasPhysicalParameters {
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.5;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    static final List<PhysicalParameter> PARAMETERS = List.of(
            new PhysicalParameter("force", FORCE, "velocity change per step of a push (track units)", true),
            new PhysicalParameter("gravity", GRAVITY, "gravity's velocity change per step on a slope (track units)", false));

    private final double goalVelocity;
    private double force = FORCE;
    private double gravity = GRAVITY;
    private final Box observationSpace = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});
    private final Discrete actionSpace = new Discrete(3);
    private double position;
    private double velocity;
    private boolean hasState;

    public MountainCar() {
        this(0.0);
    }

    public MountainCar(double goalVelocity) {
        super(PARAMETERS);
        this.goalVelocity = goalVelocity;
    }

    static MountainCar fromKwargs(Map<String, Object> kwargs) {
        return withParameterKwargs(new MountainCar(kwarg(kwargs, "goal_velocity", 0.0)), kwargs);
    }

    @Override
    void parametersChanged() {
        force = parameter(0);
        gravity = parameter(1);
    }

    /** Height of the track at {@code xs}: sin(3x)·0.45 + 0.55. */
    static double height(double xs) {
        return GlibcTrig.sin(3 * xs) * 0.45 + 0.55;
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        var random = seedOnReset(seed);
        double[] b = resetBounds(options, -0.6, -0.4);
        position = random.uniform(b[0], b[1]);
        velocity = 0;
        hasState = true;
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<float[]> step(Integer action) {
        requireAction(action != null && actionSpace.contains(action.intValue()), action);
        if (!hasState) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first (MountainCar)");
        }
        velocity += (action - 1) * force + GlibcTrig.cos(3 * position) * (-gravity);
        velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
        position += velocity;
        position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= goalVelocity;
        return new Step<>(observation(), -1.0, terminated, false, Map.of());
    }

    private float[] observation() {
        return new float[] {(float) position, (float) velocity};
    }

    @Override
    public Space<float[]> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public double[] state() {
        return new double[] {position, velocity};
    }

    @Override
    public void setState(double[] s) {
        if (s == null || s.length != 2) {
            throw new IllegalArgumentException("MountainCar state must be [position, velocity] but was "
                    + (s == null ? "null" : java.util.Arrays.toString(s)));
        }
        position = s[0];
        velocity = s[1];
        hasState = true;
    }

    @Override
    public RenderFrame render() {
        return hasState ? Renderers.mountainCar(position, MIN_POSITION, MAX_POSITION, GOAL_POSITION) : null;
    }

    @Override
    public int renderFps() {
        return 30;
    }

    @Override
    public long[] snapshot() {
        return snapshotWith(bits(position), bits(velocity), hasState ? 1 : 0);
    }

    @Override
    public void restore(long[] snapshot) {
        long[] v = restoreRandom(snapshot, 3);
        position = real(v[0]);
        velocity = real(v[1]);
        hasState = v[2] != 0;
    }
}
