package dev.bellman.envs.classic;

import dev.bellman.env.Box;
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
 * MountainCar with a continuous force, numerically identical to Gymnasium 1.x {@code Continuous_MountainCarEnv}
 * (Moore 1990).
 *
 * <h2>Description</h2>
 * As {@link MountainCar}, but the action is the engine's force, and energy use is penalised.
 *
 * <h2>Action space</h2>
 * {@code Box(-1, 1, shape [1], float32)}: the directional force, scaled by power 0.0015. Gymnasium clips out-of-range
 * forces; Bellman rejects actions outside the space (wrap with {@code ClipAction} to clip).
 *
 * <h2>Observation space</h2>
 * {@code Box(float32, shape [2])}: position in [-1.2, 0.6], velocity in [-0.07, 0.07].
 *
 * <h2>Rewards</h2>
 * −0.1·action² per step, plus 100 on reaching the goal (threshold 90).
 *
 * <h2>Starting state</h2>
 * Position uniform in [-0.6, -0.4] (reset options {@code "low"}/{@code "high"}), velocity 0.
 *
 * <h2>Episode end</h2>
 * Terminated when position ≥ 0.45 and velocity ≥ {@code goal_velocity}; truncated after 999 steps.
 *
 * <h2>Arguments</h2>
 * {@code goal_velocity} (default 0). Bellman adds the physical constants as keyword arguments
 * ({@link HasPhysicalParameters}): {@code power} (0.0015) and {@code gravity} (0.0025); at these defaults the dynamics
 * are Gymnasium's bit for bit.
 *
 * <h2>Version history</h2>
 * v0: initial version.
 *
 * <p>As in Gymnasium, the state after a step is stored rounded to float32, and from then on the update runs in float32
 * arithmetic as NumPy 2 evaluates it (float32 scalars combined with Python floats stay float32); the first step after a
 * reset starts from the float64 state. State: {@code [position, velocity]}.
 */
public final class MountainCarContinuous extends ClassicEnv<float[]> implements HasState, HasPhysicalParameters {
    static final double MIN_ACTION = -1.0;
    static final double MAX_ACTION = 1.0;
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.45;
    static final double POWER = 0.0015;

    static final double GRAVITY = 0.0025;
    static final List<PhysicalParameter> PARAMETERS = List.of(
            new PhysicalParameter("power", POWER, "velocity change per step at full throttle (track units)", true),
            new PhysicalParameter("gravity", GRAVITY, "gravity's velocity change per step on a slope (track units)", false));

    private final double goalVelocity;
    private double power = POWER;
    private double gravity = GRAVITY;
    private final Box observationSpace = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});
    private final Box actionSpace = new Box(-1f, 1f, 1);
    private double position;
    private double velocity;
    private boolean hasState;
    /** Whether the state is the float32 array a step stores (false after reset and setState: float64). */
    private boolean float32State;

    public MountainCarContinuous() {
        this(0.0);
    }

    public MountainCarContinuous(double goalVelocity) {
        super(PARAMETERS);
        this.goalVelocity = goalVelocity;
    }

    static MountainCarContinuous fromKwargs(Map<String, Object> kwargs) {
        return withParameterKwargs(new MountainCarContinuous(kwarg(kwargs, "goal_velocity", 0.0)), kwargs);
    }

    @Override
    void parametersChanged() {
        power = parameter(0);
        gravity = parameter(1);
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        var random = seedOnReset(seed);
        double[] b = resetBounds(options, -0.6, -0.4);
        position = random.uniform(b[0], b[1]);
        velocity = 0;
        hasState = true;
        float32State = false;
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<float[]> step(float[] action) {
        requireAction(actionSpace.contains(action), action);
        if (!hasState) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first (MountainCarContinuous)");
        }
        float a = action[0]; // inside [-1, 1], so Gymnasium's min(max(a, -1), 1) returns it unchanged
        // NumPy 2 (NEP 50) keeps a float32 scalar combined with a Python float in float32: the push is a float32
        // product, and the velocity update too once the state is the float32 array a step stores
        float push = a * (float) power;
        boolean terminated;
        if (float32State) {
            float p = (float) position;
            float v = (float) velocity;
            v += push - (float) (gravity * GlibcTrig.cos(3 * p)); // 3 * p is a float32 product
            if (v > (float) MAX_SPEED) {
                v = (float) MAX_SPEED;
            }
            if (v < (float) -MAX_SPEED) {
                v = (float) -MAX_SPEED;
            }
            p += v;
            if (p > (float) MAX_POSITION) {
                p = (float) MAX_POSITION;
            }
            if (p < (float) MIN_POSITION) {
                p = (float) MIN_POSITION;
            }
            if (p == (float) MIN_POSITION && v < 0) {
                v = 0;
            }
            // comparisons of a float32 with a Python float happen in float32 too
            terminated = p >= (float) GOAL_POSITION && v >= (float) goalVelocity;
            position = p;
            velocity = v;
        } else {
            // the first step after reset (or setState) starts from a float64 state
            velocity += push - (float) (gravity * GlibcTrig.cos(3 * position));
            if (velocity > MAX_SPEED) {
                velocity = MAX_SPEED;
            }
            if (velocity < -MAX_SPEED) {
                velocity = -MAX_SPEED;
            }
            position += velocity;
            if (position > MAX_POSITION) {
                position = MAX_POSITION;
            }
            if (position < MIN_POSITION) {
                position = MIN_POSITION;
            }
            if (position == MIN_POSITION && velocity < 0) {
                velocity = 0;
            }
            terminated = position >= GOAL_POSITION && velocity >= goalVelocity;
            // Gymnasium stores the state as float32
            position = (float) position;
            velocity = (float) velocity;
            float32State = true;
        }
        double reward = terminated ? 100.0 : 0.0;
        reward -= (double) a * a * 0.1;
        return new Step<>(observation(), reward, terminated, false, Map.of());
    }

    private float[] observation() {
        return new float[] {(float) position, (float) velocity};
    }

    @Override
    public Space<float[]> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<float[]> actionSpace() {
        return actionSpace;
    }

    @Override
    public double[] state() {
        return new double[] {position, velocity};
    }

    @Override
    public void setState(double[] s) {
        if (s == null || s.length != 2) {
            throw new IllegalArgumentException("MountainCarContinuous state must be [position, velocity] but was "
                    + (s == null ? "null" : java.util.Arrays.toString(s)));
        }
        position = s[0];
        velocity = s[1];
        hasState = true;
        float32State = false;
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
        return snapshotWith(bits(position), bits(velocity), hasState ? 1 : 0, float32State ? 1 : 0);
    }

    @Override
    public void restore(long[] snapshot) {
        long[] v = restoreRandom(snapshot, 4);
        position = real(v[0]);
        velocity = real(v[1]);
        hasState = v[2] != 0;
        float32State = v[3] != 0;
    }
}
