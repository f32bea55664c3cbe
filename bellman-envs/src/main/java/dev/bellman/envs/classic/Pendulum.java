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
 * Pendulum swing-up, numerically identical to Gymnasium 1.x {@code PendulumEnv}.
 *
 * <h2>Description</h2>
 * A frictionless pendulum attached at one end starts in a random position; the goal is to swing it up and keep it
 * upright by applying torque at the free joint.
 *
 * <h2>Action space</h2>
 * {@code Box(-2, 2, shape [1], float32)}: the torque. Gymnasium clips out-of-range torques; Bellman rejects actions
 * outside the space (wrap with {@code ClipAction} to clip).
 *
 * <h2>Observation space</h2>
 * {@code Box(float32, shape [3])}: cos θ and sin θ in [-1, 1], angular velocity in [-8, 8].
 *
 * <h2>Rewards</h2>
 * −(θ² + 0.1·θ̇² + 0.001·u²) with θ normalised to [-π, π): at most 0, at least about −16.27. No reward threshold.
 *
 * <h2>Starting state</h2>
 * θ uniform in [-π, π], θ̇ uniform in [-1, 1]; reset options {@code "x_init"} and {@code "y_init"} change the two
 * half-widths.
 *
 * <h2>Episode end</h2>
 * Never terminates; truncated after 200 steps.
 *
 * <h2>Arguments</h2>
 * {@code g}: gravity (default 10.0). Bellman adds the other physical constants as keyword arguments
 * ({@link HasPhysicalParameters}): {@code m} (1.0 kg), {@code l} (1.0 m) and {@code max_torque} (2.0 N·m). The action
 * space stays {@code [-2, 2]} whatever {@code max_torque} is; the applied torque is clipped to ±{@code max_torque}
 * (a weaker or stronger actuator). At the defaults the dynamics are Gymnasium's bit for bit.
 *
 * <h2>Version history</h2>
 * v1: simplified maths and fixed the observation space (Gymnasium's v0 is not provided).
 *
 * <p>Dynamics: θ̇ ← clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, ±8), θ ← θ + θ̇·dt with m = l = 1, dt = 0.05.
 * State: {@code [theta, theta_dot]} (float64). As Gymnasium evaluates it under NumPy 2, the torque terms stay float32
 * ({@code u**2}, {@code 0.001·u**2}, {@code 3/(m l²)·u}) before joining the float64 sums, and squares are glibc's
 * {@code pow}/{@code powf}; the reward and state then equal Gymnasium's bit for bit.
 */
public final class Pendulum extends ClassicEnv<float[]> implements HasState, HasPhysicalParameters {
    static final double MAX_SPEED = 8;
    static final double MAX_TORQUE = 2.0;
    static final double DT = 0.05;
    static final double M = 1.0;
    static final double L = 1.0;

    static final List<PhysicalParameter> PARAMETERS = List.of(
            new PhysicalParameter("g", 10.0, "gravitational acceleration (m/s^2)", false), // Gymnasium's own kwarg first
            new PhysicalParameter("m", M, "mass of the pendulum (kg)", true),
            new PhysicalParameter("l", L, "length of the pendulum (m)", true),
            new PhysicalParameter("max_torque", MAX_TORQUE, "torque limit of the actuator (N m)", true));

    private double g;
    private double m = M;
    private double l = L;
    private double maxTorque = MAX_TORQUE;
    private final Box observationSpace = new Box(new float[] {-1, -1, (float) -MAX_SPEED},
            new float[] {1, 1, (float) MAX_SPEED});
    private final Box actionSpace = new Box((float) -MAX_TORQUE, (float) MAX_TORQUE, 1);
    private double theta;
    private double thetaDot;
    private boolean hasState;
    private Double lastU;

    public Pendulum() {
        this(10.0);
    }

    public Pendulum(double g) {
        super(PARAMETERS);
        setPhysicalParameter("g", g);
    }

    static Pendulum fromKwargs(Map<String, Object> kwargs) {
        return withParameterKwargs(new Pendulum(10.0), kwargs);
    }

    @Override
    void parametersChanged() {
        g = parameter(0);
        m = parameter(1);
        l = parameter(2);
        maxTorque = parameter(3);
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        var random = seedOnReset(seed);
        double hx = Math.PI;
        double hy = 1.0;
        if (options != null && !options.isEmpty()) {
            hx = option(options, "x_init", Math.PI);
            hy = option(options, "y_init", 1.0);
        }
        theta = random.uniform(-hx, hx);
        thetaDot = random.uniform(-hy, hy);
        hasState = true;
        lastU = null;
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<float[]> step(float[] action) {
        requireAction(actionSpace.contains(action), action);
        if (!hasState) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first (Pendulum)");
        }
        // the action stays float32, and NumPy 2 keeps float32 times a Python float in float32 (NEP 50): u**2 (powf),
        // 0.001 * u**2 and 3.0 * u are float32 operations, widened only when added to the float64 terms; x**2 on
        // float64 is glibc's pow, not x * x
        // Gymnasium's np.clip(u, -max_torque, max_torque): a no-op at the nominal 2.0 for actions in the space
        float u = Math.min(Math.max(action[0], (float) -maxTorque), (float) maxTorque);
        lastU = (double) u;
        double an = angleNormalize(theta);
        float uCost = (float) 0.001 * GlibcPow.squareF(u);
        double costs = GlibcPow.square(an) + 0.1 * GlibcPow.square(thetaDot) + uCost;
        float uAcc = (float) (3.0 / (m * l * l)) * u;
        double newThetaDot = thetaDot + (3 * g / (2 * l) * GlibcTrig.sin(theta) + uAcc) * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        double newTheta = theta + newThetaDot * DT;
        theta = newTheta;
        thetaDot = newThetaDot;
        return new Step<>(observation(), -costs, false, false, Map.of());
    }

    /** ((x + π) mod 2π) − π with NumPy's floored modulo. */
    static double angleNormalize(double x) {
        double period = 2 * Math.PI;
        double m = (x + Math.PI) % period;
        if (m != 0 && m < 0) {
            m += period;
        }
        return m - Math.PI;
    }

    private float[] observation() {
        return new float[] {(float) GlibcTrig.cos(theta), (float) GlibcTrig.sin(theta), (float) thetaDot};
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
        return new double[] {theta, thetaDot};
    }

    /** [θ, θ̇] from [cos θ, sin θ, θ̇]: θ = atan2(sin θ, cos θ), in (−π, π]. */
    @Override
    public double[] stateFromObservation(float[] observation) {
        if (observation.length != 3) {
            return null;
        }
        return new double[] {Math.atan2(observation[1], observation[0]), observation[2]};
    }

    @Override
    public void setState(double[] s) {
        if (s == null || s.length != 2) {
            throw new IllegalArgumentException("Pendulum state must be [theta, theta_dot] but was "
                    + (s == null ? "null" : java.util.Arrays.toString(s)));
        }
        theta = s[0];
        thetaDot = s[1];
        hasState = true;
    }

    @Override
    public RenderFrame render() {
        return hasState ? Renderers.pendulum(theta, lastU) : null;
    }

    @Override
    public int renderFps() {
        return 30;
    }

    @Override
    public long[] snapshot() {
        return snapshotWith(bits(theta), bits(thetaDot), hasState ? 1 : 0, lastU == null ? 0 : 1, lastU == null ? 0 : bits(lastU));
    }

    @Override
    public void restore(long[] snapshot) {
        long[] v = restoreRandom(snapshot, 5);
        theta = real(v[0]);
        thetaDot = real(v[1]);
        hasState = v[2] != 0;
        lastU = v[3] == 0 ? null : real(v[4]);
    }
}
