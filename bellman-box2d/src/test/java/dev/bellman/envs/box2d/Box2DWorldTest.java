package dev.bellman.envs.box2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.junit.jupiter.api.Test;

/** The three JBox2D 2.2.1.1 departures from Box2D that {@link Box2DWorld} mends. */
class Box2DWorldTest {

    /**
     * A box falling at 50 m/s starts 0.5 m above the ground, out of reach of the broad phase's margins, and would
     * travel 1 m in one 1/50 s step: the contact is born during the step, and Box2D's time-of-impact pass stops the
     * box on the ground in that same step.
     */
    @Test
    void aContactBornDuringAStepStopsAFastBodyInThatStep() {
        World world = BipedalWalker.newWorld(-10.0);
        Body ground = world.createBody(new BodyDef());
        EdgeShape edge = new EdgeShape();
        edge.set(new Vec2(-5, 0), new Vec2(5, 0));
        ground.createFixture(edge, 0f);
        BodyDef bd = new BodyDef();
        bd.type = BodyType.DYNAMIC;
        bd.position.set(0f, 0.6f);
        bd.linearVelocity.set(0f, -50f);
        Body box = world.createBody(bd);
        PolygonShape square = new PolygonShape();
        square.setAsBox(0.1f, 0.1f);
        box.createFixture(square, 1f);
        world.step(1f / 50, 6 * 30, 2 * 30);
        double bottom = box.getPosition().y - 0.1;
        assertTrue(bottom > -0.02, "the box went through the ground: its bottom is at " + bottom + " m");
    }

    /**
     * BipedalWalker's hull gets the rotational inertia about its centroid that the polygon's area integrals give
     * (Box2D's value; JBox2D 2.2.1.1 alone gives 3.7% more); its mass and centre of mass stay JBox2D's.
     */
    @Test
    void aPolygonsInertiaIsTheAreaIntegralAboutItsCentroid() {
        double[][] poly = BipedalWalker.HULL_POLY;
        World world = BipedalWalker.newWorld(-10.0);
        BodyDef bd = new BodyDef();
        bd.type = BodyType.DYNAMIC;
        Body hull = world.createBody(bd);
        Vec2[] v = new Vec2[poly.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = new Vec2((float) (poly[i][0] / Box2DEnv.SCALE), (float) (poly[i][1] / Box2DEnv.SCALE));
        }
        PolygonShape shape = new PolygonShape();
        shape.set(v, v.length);
        FixtureDef fd = new FixtureDef();
        fd.shape = shape;
        fd.density = 5f;
        hull.createFixture(fd);
        float mass = hull.getMass();
        Vec2 centre = hull.getLocalCenter().clone();

        Box2DWorld.correctInertia(hull);

        // shoelace integrals over the polygon in double precision (orientation-independent through |area|)
        double area = 0;
        double cx = 0;
        double cy = 0;
        double second = 0;
        for (int i = 0; i < poly.length; i++) {
            double x0 = poly[i][0] / Box2DEnv.SCALE;
            double y0 = poly[i][1] / Box2DEnv.SCALE;
            double x1 = poly[(i + 1) % poly.length][0] / Box2DEnv.SCALE;
            double y1 = poly[(i + 1) % poly.length][1] / Box2DEnv.SCALE;
            double cross = x0 * y1 - x1 * y0;
            area += cross / 2;
            cx += (x0 + x1) * cross / 6;
            cy += (y0 + y1) * cross / 6;
            second += cross * (x0 * x0 + x0 * x1 + x1 * x1 + y0 * y0 + y0 * y1 + y1 * y1) / 12;
        }
        cx /= area;
        cy /= area;
        double expected = 5 * Math.abs(second - area * (cx * cx + cy * cy));
        Vec2 c = hull.getLocalCenter();
        double aboutCentroid = hull.getInertia() - hull.getMass() * (c.x * c.x + c.y * c.y);
        assertEquals(expected, aboutCentroid, 1e-5 * expected, "hull inertia about its centroid");
        assertEquals(mass, hull.getMass(), 0f, "mass");
        assertEquals(centre.x, c.x, 0f, "centre of mass x");
        assertEquals(centre.y, c.y, 0f, "centre of mass y");
    }

    /**
     * A body's rotation takes its sine and cosine from {@code StrictMath}, as Box2D's from {@code sinf}/{@code cosf},
     * not from JBox2D's table of 1.1e-4 rad steps: at 30 angles in (−π, π) the rotation equals the float-rounded
     * exact values, where the table is off by up to about 1e-4.
     */
    @Test
    void aBodysRotationUsesExactSineAndCosine() {
        World world = LunarLander.newWorld(-10.0);
        Body body = world.createBody(new BodyDef());
        for (int i = 0; i < 30; i++) {
            float angle = (float) (-Math.PI + 0.1 + i * 0.2083);
            body.setTransform(new Vec2(0f, 0f), angle);
            assertEquals((float) StrictMath.sin(angle), body.getTransform().q.s, 0f, "sin at " + angle);
            assertEquals((float) StrictMath.cos(angle), body.getTransform().q.c, 0f, "cos at " + angle);
        }
    }
}
