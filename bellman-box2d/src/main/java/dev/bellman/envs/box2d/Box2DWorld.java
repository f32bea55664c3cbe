package dev.bellman.envs.box2d;

import org.jbox2d.collision.shapes.MassData;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.contacts.Contact;

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
 */
final class Box2DWorld extends World {
    Box2DWorld(Vec2 gravity) {
        super(gravity);
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
