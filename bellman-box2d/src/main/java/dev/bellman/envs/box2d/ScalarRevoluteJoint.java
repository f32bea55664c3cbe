package dev.bellman.envs.box2d;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jbox2d.common.Mat33;
import org.jbox2d.common.Vec2;
import org.jbox2d.common.Vec3;
import org.jbox2d.dynamics.SolverData;
import org.jbox2d.dynamics.contacts.Velocity;
import org.jbox2d.dynamics.joints.LimitState;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;
import org.jbox2d.pooling.IWorldPool;

/**
 * JBox2D 2.2.1.1's {@link RevoluteJoint} with its velocity solve done in local {@code float}s: the same operations on
 * the same operands in the same order, so the same bits, without the pooled {@code Vec2}/{@code Vec3} temporaries that
 * JBox2D's version pops and pushes on every call (pool objects outlive the call, so the JIT's escape analysis cannot
 * keep them in registers: every intermediate goes through memory).
 *
 * <p>Why it matters: Gymnasium's Box2D tasks step the solver with 6·30 velocity iterations, so
 * {@code solveVelocityConstraints} runs 180 times per joint per step and was 77% of a LunarLander step and 45% of a
 * BipedalWalker step (JFR, issue 20). Everything else (velocity initialisation with warm starting, the position solve,
 * accessors, motor and limit setters) is JBox2D's own: this class reads the joint's private solver state, which
 * {@code initVelocityConstraints} fills, through {@link VarHandle}s, and writes back only what JBox2D's version
 * writes (the accumulated impulses and the two bodies' velocities).
 *
 * <p>{@link #AVAILABLE} is false where the private fields cannot be reached (JBox2D on a module path that does not open
 * them, or another JBox2D version); {@link Box2DWorld} then keeps JBox2D's joints.
 */
final class ScalarRevoluteJoint extends RevoluteJoint {
    private static final VarHandle INDEX_A;
    private static final VarHandle INDEX_B;
    private static final VarHandle INV_MASS_A;
    private static final VarHandle INV_MASS_B;
    private static final VarHandle INV_I_A;
    private static final VarHandle INV_I_B;
    private static final VarHandle ENABLE_MOTOR;
    private static final VarHandle ENABLE_LIMIT;
    private static final VarHandle LIMIT_STATE;
    private static final VarHandle MOTOR_SPEED;
    private static final VarHandle MOTOR_MASS;
    private static final VarHandle MOTOR_IMPULSE;
    private static final VarHandle MAX_MOTOR_TORQUE;
    private static final VarHandle IMPULSE;
    private static final VarHandle MASS;
    private static final VarHandle R_A;
    private static final VarHandle R_B;
    /** Whether JBox2D's private joint state is reachable, so that this class may stand in for {@link RevoluteJoint}. */
    static final boolean AVAILABLE;

    static {
        VarHandle[] h = new VarHandle[17];
        boolean ok;
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(RevoluteJoint.class, MethodHandles.lookup());
            Class<RevoluteJoint> c = RevoluteJoint.class;
            h[0] = l.findVarHandle(c, "m_indexA", int.class);
            h[1] = l.findVarHandle(c, "m_indexB", int.class);
            h[2] = l.findVarHandle(c, "m_invMassA", float.class);
            h[3] = l.findVarHandle(c, "m_invMassB", float.class);
            h[4] = l.findVarHandle(c, "m_invIA", float.class);
            h[5] = l.findVarHandle(c, "m_invIB", float.class);
            h[6] = l.findVarHandle(c, "m_enableMotor", boolean.class);
            h[7] = l.findVarHandle(c, "m_enableLimit", boolean.class);
            h[8] = l.findVarHandle(c, "m_limitState", LimitState.class);
            h[9] = l.findVarHandle(c, "m_motorSpeed", float.class);
            h[10] = l.findVarHandle(c, "m_motorMass", float.class);
            h[11] = l.findVarHandle(c, "m_motorImpulse", float.class);
            h[12] = l.findVarHandle(c, "m_maxMotorTorque", float.class);
            h[13] = l.findVarHandle(c, "m_impulse", Vec3.class);
            h[14] = l.findVarHandle(c, "m_mass", Mat33.class);
            h[15] = l.findVarHandle(c, "m_rA", Vec2.class);
            h[16] = l.findVarHandle(c, "m_rB", Vec2.class);
            ok = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            ok = false;
        }
        INDEX_A = h[0];
        INDEX_B = h[1];
        INV_MASS_A = h[2];
        INV_MASS_B = h[3];
        INV_I_A = h[4];
        INV_I_B = h[5];
        ENABLE_MOTOR = h[6];
        ENABLE_LIMIT = h[7];
        LIMIT_STATE = h[8];
        MOTOR_SPEED = h[9];
        MOTOR_MASS = h[10];
        MOTOR_IMPULSE = h[11];
        MAX_MOTOR_TORQUE = h[12];
        IMPULSE = h[13];
        MASS = h[14];
        R_A = h[15];
        R_B = h[16];
        AVAILABLE = ok;
    }

    /** JBox2D's final solver objects, fetched once: the accumulated impulse, the effective mass, the lever arms. */
    private final Vec3 impulse;
    private final Mat33 mass;
    private final Vec2 rA;
    private final Vec2 rB;

    ScalarRevoluteJoint(IWorldPool pool, RevoluteJointDef def) {
        super(pool, def);
        impulse = (Vec3) IMPULSE.get((RevoluteJoint) this);
        mass = (Mat33) MASS.get((RevoluteJoint) this);
        rA = (Vec2) R_A.get((RevoluteJoint) this);
        rB = (Vec2) R_B.get((RevoluteJoint) this);
    }

    /** JBox2D's {@code MathUtils.min}/{@code max} composition, kept for its NaN and signed-zero behaviour. */
    private static float clamp(float a, float low, float high) {
        float m = a < high ? a : high;
        return low > m ? low : m;
    }

    @Override
    public void solveVelocityConstraints(SolverData data) {
        RevoluteJoint self = this;
        int indexA = (int) INDEX_A.get(self);
        int indexB = (int) INDEX_B.get(self);
        Velocity velA = data.velocities[indexA];
        Velocity velB = data.velocities[indexB];
        Vec2 vA = velA.v;
        Vec2 vB = velB.v;
        float wA = velA.w;
        float wB = velB.w;
        float mA = (float) INV_MASS_A.get(self);
        float mB = (float) INV_MASS_B.get(self);
        float iA = (float) INV_I_A.get(self);
        float iB = (float) INV_I_B.get(self);
        boolean fixedRotation = iA + iB == 0.0f;
        LimitState limitState = (LimitState) LIMIT_STATE.get(self);

        if ((boolean) ENABLE_MOTOR.get(self) && limitState != LimitState.EQUAL && !fixedRotation) {
            float cdot = wB - wA - (float) MOTOR_SPEED.get(self);
            float imp = -(float) MOTOR_MASS.get(self) * cdot;
            float oldImpulse = (float) MOTOR_IMPULSE.get(self);
            float maxImpulse = data.step.dt * (float) MAX_MOTOR_TORQUE.get(self);
            float motorImpulse = clamp(oldImpulse + imp, -maxImpulse, maxImpulse);
            MOTOR_IMPULSE.set(self, motorImpulse);
            imp = motorImpulse - oldImpulse;
            wA = wA - iA * imp;
            wB = wB + iB * imp;
        }

        float rAx = rA.x;
        float rAy = rA.y;
        float rBx = rB.x;
        float rBy = rB.y;
        // Cdot1 = vB + cross(wB, rB) - vA - cross(wA, rA), summed in JBox2D's order
        float cdot1x = -wB * rBy + vB.x - vA.x - -wA * rAy;
        float cdot1y = wB * rBx + vB.y - vA.y - wA * rAx;
        Vec3 ex = mass.ex;
        Vec3 ey = mass.ey;
        Vec3 ez = mass.ez;
        if ((boolean) ENABLE_LIMIT.get(self) && limitState != LimitState.INACTIVE && !fixedRotation) {
            float cdot2 = wB - wA;
            // impulse = -solve33((cdot1, cdot2)) as Mat33.solve33ToOut computes it
            float cx = ey.y * ez.z - ey.z * ez.y;
            float cy = ey.z * ez.x - ey.x * ez.z;
            float cz = ey.x * ez.y - ey.y * ez.x;
            float det = ex.x * cx + ex.y * cy + ex.z * cz;
            if (det != 0.0f) {
                det = 1.0f / det;
            }
            float sx = det * (cdot1x * cx + cdot1y * cy + cdot2 * cz);
            cx = cdot1y * ez.z - cdot2 * ez.y;
            cy = cdot2 * ez.x - cdot1x * ez.z;
            cz = cdot1x * ez.y - cdot1y * ez.x;
            float sy = det * (ex.x * cx + ex.y * cy + ex.z * cz);
            cx = ey.y * cdot2 - ey.z * cdot1y;
            cy = ey.z * cdot1x - ey.x * cdot2;
            cz = ey.x * cdot1y - ey.y * cdot1x;
            float sz = det * (ex.x * cx + ex.y * cy + ex.z * cz);
            float ix = -sx;
            float iy = -sy;
            float iz = -sz;

            if (limitState == LimitState.EQUAL) {
                impulse.x = impulse.x + ix;
                impulse.y = impulse.y + iy;
                impulse.z = impulse.z + iz;
            } else if (limitState == LimitState.AT_LOWER || limitState == LimitState.AT_UPPER) {
                float newImpulse = impulse.z + iz;
                boolean reduce = limitState == LimitState.AT_LOWER ? newImpulse < 0.0f : newImpulse > 0.0f;
                if (reduce) {
                    // rhs = ez.xy * impulse.z - Cdot1; reduced = solve22(rhs)
                    float bx = ez.x * impulse.z - cdot1x;
                    float by = ez.y * impulse.z - cdot1y;
                    float det2 = ex.x * ey.y - ey.x * ex.y;
                    if (det2 != 0.0f) {
                        det2 = 1.0f / det2;
                    }
                    ix = det2 * (ey.y * bx - ey.x * by);
                    iy = det2 * (ex.x * by - ex.y * bx);
                    iz = -impulse.z;
                    impulse.x = impulse.x + ix;
                    impulse.y = impulse.y + iy;
                    impulse.z = 0.0f;
                } else {
                    impulse.x = impulse.x + ix;
                    impulse.y = impulse.y + iy;
                    impulse.z = impulse.z + iz;
                }
            }
            vA.x = vA.x - mA * ix;
            vA.y = vA.y - mA * iy;
            wA = wA - iA * ((rAx * iy - rAy * ix) + iz);
            vB.x = vB.x + mB * ix;
            vB.y = vB.y + mB * iy;
            wB = wB + iB * ((rBx * iy - rBy * ix) + iz);
        } else {
            // point-to-point: impulse = solve22(-Cdot1)
            float a11 = ex.x;
            float a12 = ey.x;
            float a21 = ex.y;
            float a22 = ey.y;
            float det = a11 * a22 - a12 * a21;
            if (det != 0.0f) {
                det = 1.0f / det;
            }
            float bx = -cdot1x;
            float by = -cdot1y;
            float ix = det * (a22 * bx - a12 * by);
            float iy = det * (a11 * by - a21 * bx);
            impulse.x = impulse.x + ix;
            impulse.y = impulse.y + iy;
            vA.x = vA.x - mA * ix;
            vA.y = vA.y - mA * iy;
            wA = wA - iA * (rAx * iy - rAy * ix);
            vB.x = vB.x + mB * ix;
            vB.y = vB.y + mB * iy;
            wB = wB + iB * (rBx * iy - rBy * ix);
        }
        velA.w = wA;
        velB.w = wB;
    }
}
