package dev.bellman.envs.box2d;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.Joint;
import org.jbox2d.dynamics.joints.JointDef;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * JBox2D 2.2.1.1's {@link World} with Box2D's contact initialisation: a new contact starts enabled.
 *
 * <p>Box2D (2.2 and 2.3, which Gymnasium runs through pybox2d) creates every contact with its enabled flag set.
 * JBox2D 2.2.1.1's {@code Contact.init} clears all flags instead (fixed upstream in 2014, after the last release), so
 * a contact that the broad phase creates at the end of a step's solve is still disabled when the same step's
 * continuous-collision pass ({@code solveTOI}) runs, which skips disabled contacts: a body that reaches the ground in
 * that step is not stopped at the time of impact but sinks into it, and the solver pushes it out over the next steps.
 * In BipedalWalker this happens in the very first step: Gymnasium's walker is built with its hip joints 16 pixels
 * apart, the position solver closes the gap and moves the lower legs 0.44 m down onto the start pad, and Box2D's
 * time-of-impact stop leaves them standing on it (both report ground contact in the first observation) where JBox2D
 * let them sink 0.2 m in. This subclass sets the flag when a contact is handed out, as Box2D does.
 *
 * <p>{@link #correctInertia} mends a second JBox2D 2.2.1.1 difference, in polygon mass properties.
 *
 * <p>A third: JBox2D 2.2.1.1 ships with {@code Settings.SINCOS_LUT_ENABLED} on, so every body rotation
 * ({@code Rot.set}, each step, each body) takes its sine and cosine from a table of 1.1e-4 rad steps without
 * interpolation, an error of up to about 1e-4 where Box2D calls {@code sinf}/{@code cosf}. Loading this class turns
 * the table off (the setting is JBox2D's global; every Bellman world is a {@code Box2DWorld}), so rotations use
 * {@code StrictMath} rounded to float. Measured with {@code Box2DConformanceTest} (100 seeded episodes of
 * Gymnasium's heuristics; Gymnasium 1.4 in brackets): LunarLanderContinuous 280.34 before, 280.45 after (280.45),
 * LunarLander 251.03 before, 250.88 after (252.83), BipedalWalker 75.48 before, 80.97 after (46.06; its heuristic
 * is chaotic, the allowance is 70.7).
 *
 * <p>Speed, not physics: {@link #createJoint} hands out a {@link ScalarRevoluteJoint} for a revolute joint, whose
 * velocity solve gives JBox2D's bits without its pooled temporaries (see that class); built with
 * {@code scalarJoints = false} the world keeps JBox2D's own joints (the tests compare the two bit for bit).
 */
final class Box2DWorld extends World {
    /** World's private head of the joint list, to put a {@link ScalarRevoluteJoint} in the place of JBox2D's. */
    private static final VarHandle JOINT_LIST;

    static {
        org.jbox2d.common.Settings.SINCOS_LUT_ENABLED = false;
        VarHandle h = null;
        if (ScalarRevoluteJoint.AVAILABLE) {
            try {
                h = MethodHandles.privateLookupIn(World.class, MethodHandles.lookup())
                        .findVarHandle(World.class, "m_jointList", Joint.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                h = null;
            }
        }
        JOINT_LIST = h;
    }

    private final boolean scalarJoints;

    Box2DWorld(Vec2 gravity) {
        this(gravity, true);
    }

    /** {@code scalarJoints}: revolute joints solved by {@link ScalarRevoluteJoint} (same bits, faster) if possible. */
    Box2DWorld(Vec2 gravity, boolean scalarJoints) {
        super(gravity);
        this.scalarJoints = scalarJoints && JOINT_LIST != null;
    }

    /** Whether this world's revolute joints are {@link ScalarRevoluteJoint}s. */
    boolean scalarJoints() {
        return scalarJoints;
    }

    /**
     * JBox2D's {@code createJoint}, then, for a revolute joint, a {@link ScalarRevoluteJoint} built from the same
     * definition takes the new joint's place in the world's joint list and in both bodies' joint edges (JBox2D's
     * factory {@code Joint.create} cannot be told to build the subclass). Nothing else refers to the new joint yet.
     */
    @Override
    public Joint createJoint(JointDef def) {
        Joint j = super.createJoint(def);
        if (!scalarJoints || j == null || j.getClass() != RevoluteJoint.class) {
            return j;
        }
        ScalarRevoluteJoint s = new ScalarRevoluteJoint(getPool(), (RevoluteJointDef) def);
        s.m_prev = j.m_prev;
        s.m_next = j.m_next;
        if (j.m_prev != null) {
            j.m_prev.m_next = s;
        } else {
            JOINT_LIST.set((World) this, (Joint) s);
        }
        if (j.m_next != null) {
            j.m_next.m_prev = s;
        }
        s.m_edgeA = j.m_edgeA;
        s.m_edgeA.joint = s;
        s.m_edgeB = j.m_edgeB;
        s.m_edgeB.joint = s;
        j.m_prev = null;
        j.m_next = null;
        return s;
    }

    @Override
    public Contact popContact(Fixture fixtureA, int indexA, Fixture fixtureB, int indexB) {
        Contact c = super.popContact(fixtureA, indexA, fixtureB, indexB);
        if (c != null) {
            c.m_flags |= Contact.ENABLED_FLAG;
        }
        return c;
    }

    /**
     * Gives {@code body} Box2D's rotational inertia for its polygon fixtures. JBox2D 2.2.1.1's
     * {@code PolygonShape.computeMass} integrates about the vertices' mean {@code s} and then adds
     * {@code mass·|centroid|²} but omits Box2D's {@code − mass·|centroid − s|²}, so a polygon whose centroid is not
     * its vertex mean comes out too heavy to turn: BipedalWalker's hull by 0.073 kg·m² (2.073 instead of 1.999 about
     * its centroid, 3.7%). Boxes and other polygons with the centroid at the vertex mean are unaffected. Call after
     * the body's fixtures are created; mass and centre of mass are unchanged.
     */
    static void correctInertia(Body body) {
        double excess = 0;
        for (Fixture f = body.getFixtureList(); f != null; f = f.getNext()) {
            if (f.getShape() instanceof PolygonShape poly) {
                MassData md = new MassData();
                poly.computeMass(md, f.getDensity());
                double sx = 0;
                double sy = 0;
                for (int i = 0; i < poly.getVertexCount(); i++) {
                    sx += poly.getVertex(i).x;
                    sy += poly.getVertex(i).y;
                }
                double dx = md.center.x - sx / poly.getVertexCount();
                double dy = md.center.y - sy / poly.getVertexCount();
                excess += md.mass * (dx * dx + dy * dy);
            }
        }
        if (excess == 0) {
            return;
        }
        MassData md = new MassData();
        body.getMassData(md);
        md.I -= (float) excess;
        body.setMassData(md);
    }
}
