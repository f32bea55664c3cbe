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
 * Acrobot: swing a two-link pendulum actuated at the middle joint above a line, numerically identical to Gymnasium 1.x
 * {@code AcrobotEnv} with {@code book_or_nips="book"} dynamics (Sutton and Barto 2018, "Reinforcement Learning: An
 * Introduction", 2nd ed., §16; Sutton 1996, "Generalization in Reinforcement Learning: Successful Examples Using Sparse
 * Coarse Coding"), integrated with one fourth-order Runge-Kutta step of dt = 0.2 s.
 *
 * <h2>Description</h2>
 * Two links connected linearly, the first fixed at one end. Torque is applied at the joint between the links; the goal
 * is to raise the free end above a height of one link length over the fixed joint.
 *
 * <h2>Action space</h2>
 * {@code Discrete(3)}: torque −1, 0, +1 N·m.
 *
 * <h2>Observation space</h2>
 * {@code Box(float32, shape [6])}: cos θ1, sin θ1, cos θ2, sin θ2 in [-1, 1], angular velocities θ̇1 in [-4π, 4π] and
 * θ̇2 in [-9π, 9π]. θ2 is relative to the first link.
 *
 * <h2>Rewards</h2>
 * −1 per step that does not reach the goal, 0 on reaching it (threshold −100).
 *
 * <h2>Starting state</h2>
 * θ1, θ2, θ̇1, θ̇2 uniform in [-0.1, 0.1] (reset options {@code "low"}/{@code "high"}), rounded to float32 as Gymnasium.
 *
 * <h2>Episode end</h2>
 * Terminated when −cos θ1 − cos(θ2 + θ1) &gt; 1; truncated after 500 steps.
 *
 * <h2>Arguments</h2>
 * Gymnasium's {@code torque_noise_max} is 0 and not exposed. Bellman adds the physical constants as keyword arguments
 * ({@link HasPhysicalParameters}): {@code link_length_1} (1.0 m), {@code link_mass_1}, {@code link_mass_2} (1.0 kg),
 * {@code link_com_pos_1}, {@code link_com_pos_2} (0.5 m), {@code link_moi} (1.0 kg·m², both links) and {@code g}
 * (9.8 m/s²). The second link's length is not one of them: as in Gymnasium the dynamics never use it (only the
 * drawing and the fixed goal height do). At the defaults the dynamics are Gymnasium's bit for bit.
 *
 * <h2>Version history</h2>
 * v1: maximum steps 500, reward threshold −100 (v0 had 200 steps).
 *
 * <p>State: {@code [theta1, theta2, dtheta1, dtheta2]} (float64). After each step the angles are wrapped into
 * [-π, π] and the velocities bounded. One RK4 step of 0.2 s per action, with sin, cos and the squares of
 * velocities computed as glibc does (NumPy's), so the state equals Gymnasium's bit for bit.
 */
public final class Acrobot extends ClassicEnv<Integer> implements HasState, HasPhysicalParameters {
    static final double DT = 0.2;
    static final double LINK_LENGTH_1 = 1.0;
    static final double LINK_LENGTH_2 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    static final double LINK_MOI = 1.0;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, 1.0};

    private final Box observationSpace = new Box(
            new float[] {-1, -1, -1, -1, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
            new float[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2});
    private final Discrete actionSpace = new Discrete(3);
    static final List<PhysicalParameter> PARAMETERS = List.of(
            new PhysicalParameter("link_length_1", LINK_LENGTH_1, "length of link 1 (m)", true),
            new PhysicalParameter("link_mass_1", LINK_MASS_1, "mass of link 1 (kg)", true),
            new PhysicalParameter("link_mass_2", LINK_MASS_2, "mass of link 2 (kg)", true),
            new PhysicalParameter("link_com_pos_1", LINK_COM_POS_1, "position of link 1's centre of mass (m)", true),
            new PhysicalParameter("link_com_pos_2", LINK_COM_POS_2, "position of link 2's centre of mass (m)", true),
            new PhysicalParameter("link_moi", LINK_MOI, "moment of inertia of each link (kg m^2)", true),
            new PhysicalParameter("g", 9.8, "gravitational acceleration (m/s^2)", false));

    private final double[] s = new double[4];
    private boolean hasState;
    // RK4 scratch
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] tmp = new double[4];

    public Acrobot() {
        super(PARAMETERS);
    }

    static Acrobot fromKwargs(Map<String, Object> kwargs) {
        return withParameterKwargs(new Acrobot(), kwargs);
    }

    @Override
    public Reset<float[]> reset(Long seed, Map<String, Object> options) {
        var random = seedOnReset(seed);
        double[] b = resetBounds(options, -0.1, 0.1);
        for (int i = 0; i < 4; i++) {
            s[i] = (float) random.uniform(b[0], b[1]);
        }
        hasState = true;
        return new Reset<>(observation(), Map.of());
    }

    @Override
    public Step<float[]> step(Integer action) {
        requireAction(action != null && actionSpace.contains(action.intValue()), action);
        if (!hasState) {
            throw new IllegalStateException("cannot call step before reset: call reset(seed) first (Acrobot)");
        }
        double torque = AVAIL_TORQUE[action];
        // one RK4 step over [0, dt]: y + dt/6 (k1 + 2 k2 + 2 k3 + k4)
        double dt = DT;
        double dt2 = dt / 2.0;
        dsdt(s, torque, k1, parameterValues());
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt2 * k1[i];
        }
        dsdt(tmp, torque, k2, parameterValues());
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt2 * k2[i];
        }
        dsdt(tmp, torque, k3, parameterValues());
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt * k3[i];
        }
        dsdt(tmp, torque, k4, parameterValues());
        for (int i = 0; i < 4; i++) {
            s[i] = s[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        s[0] = wrap(s[0], -Math.PI, Math.PI);
        s[1] = wrap(s[1], -Math.PI, Math.PI);
        s[2] = Math.min(Math.max(s[2], -MAX_VEL_1), MAX_VEL_1);
        s[3] = Math.min(Math.max(s[3], -MAX_VEL_2), MAX_VEL_2);
        boolean terminated = -GlibcTrig.cos(s[0]) - GlibcTrig.cos(s[1] + s[0]) > 1.0;
        return new Step<>(observation(), terminated ? 0.0 : -1.0, terminated, false, Map.of());
    }

    /**
     * Equations of motion ("book" variant): derivatives of (θ1, θ2, θ̇1, θ̇2) under torque {@code a}, with the
     * physical parameters {@code p} in {@link #PARAMETERS} order.
     */
    static void dsdt(double[] st, double a, double[] out, double[] p) {
        double l1 = p[0];
        double m1 = p[1];
        double m2 = p[2];
        double lc1 = p[3];
        double lc2 = p[4];
        double i1 = p[5];
        double i2 = p[5];
        double g = p[6];
        double theta1 = st[0];
        double theta2 = st[1];
        double dtheta1 = st[2];
        double dtheta2 = st[3];
        double d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * GlibcTrig.cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * GlibcTrig.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * g * GlibcTrig.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * GlibcPow.square(dtheta2) * GlibcTrig.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * GlibcTrig.sin(theta2)
                + (m1 * lc1 + m2 * l1) * g * GlibcTrig.cos(theta1 - Math.PI / 2) + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * GlibcPow.square(dtheta1) * GlibcTrig.sin(theta2) - phi2)
                / (m2 * lc2 * lc2 + i2 - GlibcPow.square(d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** Gymnasium's {@code wrap}: shift by whole periods into [m, M]. */
    static double wrap(double x, double m, double big) {
        double diff = big - m;
        while (x > big) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    private float[] observation() {
        return new float[] {(float) GlibcTrig.cos(s[0]), (float) GlibcTrig.sin(s[0]), (float) GlibcTrig.cos(s[1]),
                (float) GlibcTrig.sin(s[1]), (float) s[2], (float) s[3]};
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
        return s.clone();
    }

    /** [θ1, θ2, θ̇1, θ̇2] from [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2], the angles by atan2. */
    @Override
    public double[] stateFromObservation(float[] observation) {
        if (observation.length != 6) {
            return null;
        }
        return new double[] {Math.atan2(observation[1], observation[0]), Math.atan2(observation[3], observation[2]),
                observation[4], observation[5]};
    }

    @Override
    public void setState(double[] state) {
        if (state == null || state.length != 4) {
            throw new IllegalArgumentException("Acrobot state must be [theta1, theta2, dtheta1, dtheta2] but was "
                    + (state == null ? "null" : java.util.Arrays.toString(state)));
        }
        System.arraycopy(state, 0, s, 0, 4);
        hasState = true;
    }

    @Override
    public RenderFrame render() {
        return hasState ? Renderers.acrobot(s[0], s[1]) : null;
    }

    @Override
    public int renderFps() {
        return 15;
    }

    @Override
    public long[] snapshot() {
        return snapshotWith(bits(s[0]), bits(s[1]), bits(s[2]), bits(s[3]), hasState ? 1 : 0);
    }

    @Override
    public void restore(long[] snapshot) {
        long[] v = restoreRandom(snapshot, 5);
        for (int i = 0; i < 4; i++) s[i] = real(v[i]);
        hasState = v[4] != 0;
    }
}
