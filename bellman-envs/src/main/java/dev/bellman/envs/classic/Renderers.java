package dev.bellman.envs.classic;

import dev.bellman.env.RenderFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Headless Java2D drawings of the classic-control scenes, laid out as Gymnasium's pygame renderers (same canvas
 * sizes, world-to-pixel scales, and colours), returned as {@link RenderFrame}s.
 */
final class Renderers {
    private Renderers() {
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        // pygame's scenes are drawn with y up and flipped: flip here once
        g.translate(0, img.getHeight());
        g.scale(1, -1);
        return g;
    }

    /** Gymnasium's picture of CartPole; {@code length} is half the pole's length (drawn to scale, as Gymnasium). */
    static RenderFrame cartPole(double x, double theta, double length) {
        int w = 600;
        int h = 400;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        double worldWidth = CartPole.X_THRESHOLD * 2;
        double scale = w / worldWidth;
        double poleWidth = 10.0;
        double poleLen = scale * (2 * length);
        double cartWidth = 50.0;
        double cartHeight = 30.0;
        double cartX = x * scale + w / 2.0;
        double cartY = 100;
        g.setColor(Color.BLACK);
        g.fill(new Rectangle2D.Double(cartX - cartWidth / 2, cartY - cartHeight / 2, cartWidth, cartHeight));
        AffineTransform saved = g.getTransform();
        g.translate(cartX, cartY + cartHeight / 4);
        g.rotate(-theta);
        g.setColor(new Color(202, 152, 101));
        g.fill(new Rectangle2D.Double(-poleWidth / 2, -poleWidth / 2, poleWidth, poleLen));
        g.setTransform(saved);
        g.setColor(new Color(129, 132, 203));
        g.fill(new Ellipse2D.Double(cartX - poleWidth / 2, cartY + cartHeight / 4 - poleWidth / 2, poleWidth, poleWidth));
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(0, cartY - cartHeight / 2, w, cartY - cartHeight / 2));
        g.dispose();
        return RenderFrame.of(img);
    }

    static RenderFrame mountainCar(double position, double minPos, double maxPos, double goalPos) {
        int w = 600;
        int h = 400;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        double scale = w / (maxPos - minPos);
        Path2D.Double track = new Path2D.Double();
        for (int i = 0; i <= 100; i++) {
            double xs = minPos + (maxPos - minPos) * i / 100.0;
            double px = (xs - minPos) * scale;
            double py = MountainCar.height(xs) * scale;
            if (i == 0) {
                track.moveTo(px, py);
            } else {
                track.lineTo(px, py);
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2f));
        g.draw(track);
        double clearance = 10;
        double carW = 40;
        double carH = 20;
        AffineTransform saved = g.getTransform();
        g.translate((position - minPos) * scale, MountainCar.height(position) * scale + clearance);
        g.rotate(Math.cos(3 * position));
        g.fill(new Rectangle2D.Double(-carW / 2, 0, carW, carH));
        g.setColor(new Color(128, 128, 128));
        g.fill(new Ellipse2D.Double(carW / 4 - 5, -5, 10, 10));
        g.fill(new Ellipse2D.Double(-carW / 4 - 5, -5, 10, 10));
        g.setTransform(saved);
        double flagX = (goalPos - minPos) * scale;
        double flagY1 = MountainCar.height(goalPos) * scale;
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(flagX, flagY1, flagX, flagY1 + 50));
        g.setColor(new Color(204, 204, 0));
        Path2D.Double flag = new Path2D.Double();
        flag.moveTo(flagX, flagY1 + 50);
        flag.lineTo(flagX, flagY1 + 40);
        flag.lineTo(flagX + 25, flagY1 + 45);
        flag.closePath();
        g.fill(flag);
        g.dispose();
        return RenderFrame.of(img);
    }

    static RenderFrame acrobot(double theta1, double theta2) {
        int size = 500;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        double bound = Acrobot.LINK_LENGTH_1 + Acrobot.LINK_LENGTH_2 + 0.2;
        double scale = size / (bound * 2);
        double offset = size / 2.0;
        double p1x = Acrobot.LINK_LENGTH_1 * Math.sin(theta1);
        double p1y = -Acrobot.LINK_LENGTH_1 * Math.cos(theta1);
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(offset - 2.2 * scale, offset + 1 * scale, offset + 2.2 * scale, offset + 1 * scale));
        double[][] xys = {{0, 0}, {p1x, p1y}};
        double[] thetas = {theta1 - Math.PI / 2, theta1 + theta2 - Math.PI / 2};
        double[] lens = {Acrobot.LINK_LENGTH_1 * scale, Acrobot.LINK_LENGTH_2 * scale};
        for (int i = 0; i < 2; i++) {
            AffineTransform saved = g.getTransform();
            g.translate(xys[i][0] * scale + offset, xys[i][1] * scale + offset);
            g.rotate(thetas[i]);
            g.setColor(new Color(0, 204, 204));
            g.fill(new Rectangle2D.Double(0, -0.1 * scale, lens[i], 0.2 * scale));
            g.setColor(new Color(204, 204, 0));
            g.fill(new Ellipse2D.Double(-0.1 * scale, -0.1 * scale, 0.2 * scale, 0.2 * scale));
            g.setTransform(saved);
        }
        g.dispose();
        return RenderFrame.of(img);
    }

    static RenderFrame pendulum(double theta, Double lastU) {
        int size = 500;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        double bound = 2.2;
        double scale = size / (bound * 2);
        double offset = size / 2.0;
        double rodLength = 1 * scale;
        double rodWidth = 0.2 * scale;
        AffineTransform saved = g.getTransform();
        g.translate(offset, offset);
        g.rotate(theta + Math.PI / 2);
        g.setColor(new Color(204, 77, 77));
        g.fill(new Rectangle2D.Double(0, -rodWidth / 2, rodLength, rodWidth));
        g.fill(new Ellipse2D.Double(rodLength - rodWidth / 2, -rodWidth / 2, rodWidth, rodWidth));
        g.setTransform(saved);
        g.fill(new Ellipse2D.Double(offset - rodWidth / 2, offset - rodWidth / 2, rodWidth, rodWidth));
        if (lastU != null) { // torque arrow: an arc whose length shows |u|
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(3f));
            double r = 0.5 * scale * Math.min(1.0, Math.abs(lastU) / 2.0 + 0.2);
            g.draw(new java.awt.geom.Arc2D.Double(offset - r, offset - r, 2 * r, 2 * r, 90,
                    lastU > 0 ? 90 * Math.abs(lastU) : -90 * Math.abs(lastU), java.awt.geom.Arc2D.OPEN));
        }
        g.setColor(Color.BLACK);
        g.fill(new Ellipse2D.Double(offset - 0.05 * scale, offset - 0.05 * scale, 0.1 * scale, 0.1 * scale));
        g.dispose();
        return RenderFrame.of(img);
    }
}
