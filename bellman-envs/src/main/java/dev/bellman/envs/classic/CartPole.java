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
 * CartPole: balance a pole on a cart, numerically identical to Gymnasium 1.x {@code CartPoleEnv}
 * (Barto, Sutton and Anderson 1983, "Neuronlike Adaptive Elements That Can Solve Difficult Learning Control Problems",
 * with the dynamics of Florian 2007's corrected equations as Gymnasium implements them).
 *
 * <h2>Description</h2>
 * A pole is attached by an un-actuated joint to a cart that moves along a frictionless track. The pole starts upright
 * and the goal is to keep it balanced by pushing the cart left or right.
 *
 * <h2>Action space</h2>
 * {@code Discrete(2)}: 0 pushes the cart to the left, 1 to the right, with a force of 10 N.
 *
 * <h2>Observation space</h2>
 * {@code Box(float32, shape [4])}: cart position in [-4.8, 4.8], cart velocity (unbounded), pole angle in
 * [-0.418, 0.418] rad (24°), pole angular velocity (unbounded). The episode already ends at |x| &gt; 2.4 or
 * |θ| &gt; 12°.
 *
 * <h2>Rewards</h2>
 * +1 for every step taken, including the terminating step (v1 threshold 475, v0 threshold 195). With
 * {@code sutton_barto_reward=true}: 0 per non-terminal step and -1 on termination.
 *
 * <h2>Starting state</h2>
 * All four state variables uniform in [-0.05, 0.05]; the reset options {@code "low"} and {@code "high"} change the bounds.
 *
 * <h2>Episode end</h2>
 * Terminated when |θ| &gt; 12° (0.2095 rad) or |x| &gt; 2.4; truncated by {@code TimeLimit} after 500 steps (v1) or 200
 * steps (v0).
 *
 * <h2>Arguments</h2>
 * {@code Envs.make("CartPole-v1", Map.of("sutton_barto_reward", true))}. The physical constants are keyword arguments
 * too ({@link HasPhysicalParameters}; Gymnasium keeps them as attributes): {@code masscart} (1.0 kg),
 * {@code masspole} (0.1 kg), {@code length} (0.5 m, half the pole's length), {@code force_mag} (10 N),
 * {@code gravity} (9.8 m/s²) and {@code tau} (0.02 s); at these defaults the dynamics are Gymnasium's bit for bit.
 *
 * <h2>Version history</h2>
 * v1: max steps 500, threshold 475. v0: the original, 200 steps, threshold 195.
 *
 * <p>State ({@link HasState}): {@code [x, x_dot, theta, theta_dot]} in float64; Euler integration with τ = 0.02 s.
 * sin θ and cos θ are glibc's (as NumPy's), so seeded episodes match Gymnasium's bit for bit to the last step.
 * {@link #step(int)} allocates only the observation array (and the returned record).
 */
public final class CartPole extends ClassicEnv<Integer> implements HasState, HasPhysicalParameters {
    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    static final double LENGTH = 0.5; // half the pole's length
    static final double POLEMASS_LENGTH = MASS_POLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    /** 12 degrees, as Gymnasium computes it: 12 * 2 * pi / 360. */
    public static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    public static final double X_THRESHOLD = 2.4;

    private final Box observationSpace = observationBox();
    private final Discrete actionSpace = new Discrete(2);
    static final List<PhysicalParameter> PARAMETERS = List.of(
            new PhysicalParameter("masscart", MASS_CART, "mass of the cart (kg)", true),
            new PhysicalParameter("masspole", MASS_POLE, "mass of the pole (kg)", true),
            new PhysicalParameter("length", LENGTH, "half the pole's length (m)", true),
            new PhysicalParameter("force_mag", FORCE_MAG, "magnitude of the push (N)", true),
            new PhysicalParameter("gravity", GRAVITY, "gravitational acceleration (m/s^2)", false),
            new PhysicalParameter("tau", TAU, "integration time step (s)", true));

    private final boolean suttonBartoReward;
    private double gravity = GRAVITY;
    private double massCart = MASS_CART;
    private double massPole = MASS_POLE;
    private double length = LENGTH;
    private double forceMag = FORCE_MAG;
    private double tau = TAU;
    // derived as Gymnasium derives them in __init__
    private double totalMass = TOTAL_MASS;
    private double polemassLength = POLEMASS_LENGTH;
    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    private boolean hasState;
    private int stepsBeyondTerminated = -1;

    public CartPole() {
        this(false);
    }

    public CartPole(boolean suttonBartoReward) {
        super(PARAMETERS);
        this.suttonBartoReward = suttonBartoReward;
    }

    /** Factory for the registry: {@code sutton_barto_reward} (boolean) and the physical parameters (numbers). */
    static CartPole fromKwargs(Map<String, Object> kwargs) {
        return withParameterKwargs(new CartPole(kwargBool(kwargs, "sutton_barto_reward", false)), kwargs);
    }

    @Override
    void parametersChanged() {
        massCart = parameter(0);
        massPole = parameter(1);
        length = parameter(2);
        forceMag = parameter(3);
        gravity = parameter(4);
        tau = parameter(5);
        totalMass = massPole + massCart;
        polemassLength = massPole * length;
    }

    private static Box observationBox() {
        float inf = Float.POSITIVE_INFINITY;
        float[] high = {(float) (X_THRESHOLD * 2), inf, (float) (THETA_THRESHOLD_RADIANS * 2), inf};
        float[] low = new float[4];
        for (int i = 0; i < 4; i++) {
            low[i] = -high[i];
        }
        return new Box(low, high);
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        var random = seedOnReset(seed);
        double[] b = resetBounds(options, -0.05, 0.05);
        x = random.uniform(b[0], b[1]);
        xDot = random.uniform(b[0], b[1]);
        theta = random.uniform(b[0], b[1]);
        thetaDot = random.uniform(b[0], b[1]);
        hasState = true;
        stepsBeyondTerminated = -1;
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<float[]> step(Integer action) {
        requireAction(action != null && actionSpace.contains(action.intValue()), action);
        return step(action.intValue());
    }

    /** {@link #step(Integer)} without boxing. */
    public Step<float[]> step(int action) {
        if (!hasState) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first (CartPole)");
        }
        if (action != 0 && action != 1) {
            requireAction(false, action);
        }
        return stepForce(action == 1 ? forceMag : -forceMag);
    }

    /**
     * One step of the same physics under a horizontal force of {@code force} newtons on the cart, any finite value
     * ({@link #step(int)} is {@code stepForce(±force_mag)}); what
     * {@link dev.bellman.env.wrappers.CartPoleContinuousAction} drives with {@code a · force_mag}.
     *
     * @throws IllegalArgumentException when {@code force} is NaN or infinite
     */
    public Step<float[]> stepForce(double force) {
        if (!hasState) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first (CartPole)");
        }
        if (!Double.isFinite(force)) {
            throw new IllegalArgumentException("CartPole's force must be a finite number of newtons but was " + force);
        }
        // glibc's cos and sin, as NumPy calls them: Math.sin/cos round differently on ~0.3% of angles here
        double cosTheta = GlibcTrig.cos(theta);
        double sinTheta = GlibcTrig.sin(theta);
        double temp = (force + polemassLength * (thetaDot * thetaDot) * sinTheta) / totalMass;
        double thetaAcc = (gravity * sinTheta - cosTheta * temp)
                / (length * (4.0 / 3.0 - massPole * (cosTheta * cosTheta) / totalMass));
        double xAcc = temp - polemassLength * thetaAcc * cosTheta / totalMass;
        // Euler integration (Gymnasium's default kinematics_integrator="euler")
        x = x + tau * xDot;
        xDot = xDot + tau * xAcc;
        theta = theta + tau * thetaDot;
        thetaDot = thetaDot + tau * thetaAcc;

        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD
                || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
        double reward;
        if (!terminated) {
            reward = suttonBartoReward ? 0.0 : 1.0;
        } else if (stepsBeyondTerminated < 0) {
            stepsBeyondTerminated = 0;
            reward = suttonBartoReward ? -1.0 : 1.0;
        } else {
            stepsBeyondTerminated++;
            reward = suttonBartoReward ? -1.0 : 0.0;
        }
        return new Step<>(observation(), reward, terminated, false, Map.of());
    }

    private float[] observation() {
        return new float[] {(float) x, (float) xDot, (float) theta, (float) thetaDot};
    }

    /** The magnitude of the push in newtons ({@code force_mag}, 10 N unless set). */
    public double forceMag() {
        return forceMag;
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
        return new double[] {x, xDot, theta, thetaDot};
    }

    @Override
    public void setState(double[] s) {
        if (s == null || s.length != 4) {
            throw new IllegalArgumentException("CartPole state must be [x, x_dot, theta, theta_dot] (4 values) but was "
                    + (s == null ? "null" : java.util.Arrays.toString(s)));
        }
        x = s[0];
        xDot = s[1];
        theta = s[2];
        thetaDot = s[3];
        hasState = true;
        stepsBeyondTerminated = -1;
    }

    @Override
    public RenderFrame render() {
        return hasState ? Renderers.cartPole(x, theta, length) : null;
    }

    @Override
    public int renderFps() {
        return 50;
    }

    @Override
    public long[] snapshot() {
        return snapshotWith(bits(x), bits(xDot), bits(theta), bits(thetaDot), hasState ? 1 : 0, stepsBeyondTerminated);
    }

    @Override
    public void restore(long[] snapshot) {
        long[] v = restoreRandom(snapshot, 6);
        x = real(v[0]);
        xDot = real(v[1]);
        theta = real(v[2]);
        thetaDot = real(v[3]);
        hasState = v[4] != 0;
        stepsBeyondTerminated = (int) v[5];
    }
}
