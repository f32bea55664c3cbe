package dev.bellman.envs.box2d;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.collision.shapes.Shape;
import org.jbox2d.common.Transform;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.Fixture;

/** Headless Java2D drawing of JBox2D bodies in Gymnasium's pixel layout (y up, {@code SCALE} pixels a metre). */
final class Draw {
    private Draw() {
    }

    /** A canvas filled with {@code background}, flipped so that y points up as in Gymnasium's scenes. */
    static Graphics2D canvas(BufferedImage img, Color background) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.translate(0, img.getHeight());
        g.scale(1, -1);
        return g;
    }

    /** Fills each polygon fixture of {@code body} with {@code fill} and outlines it with {@code outline}. */
    static void body(Graphics2D g, Body body, double scale, Color fill, Color outline) {
        Transform xf = body.getTransform();
        Vec2 w = new Vec2();
        for (Fixture f = body.getFixtureList(); f != null; f = f.getNext()) {
            Shape shape = f.getShape();
            if (shape instanceof PolygonShape poly) {
                Path2D.Double path = new Path2D.Double();
                for (int i = 0; i < poly.getVertexCount(); i++) {
                    Transform.mulToOut(xf, poly.getVertex(i), w);
                    if (i == 0) {
                        path.moveTo(w.x * scale, w.y * scale);
                    } else {
                        path.lineTo(w.x * scale, w.y * scale);
                    }
                }
                path.closePath();
                if (fill != null) {
                    g.setColor(fill);
                    g.fill(path);
                }
                g.setColor(outline);
                g.draw(path);
            } else if (shape instanceof EdgeShape edge) {
                Vec2 a = new Vec2();
                Vec2 b = new Vec2();
                Transform.mulToOut(xf, edge.m_vertex1, a);
                Transform.mulToOut(xf, edge.m_vertex2, b);
                g.setColor(fill != null ? fill : outline);
                g.draw(new Line2D.Double(a.x * scale, a.y * scale, b.x * scale, b.y * scale));
            }
        }
    }
}
