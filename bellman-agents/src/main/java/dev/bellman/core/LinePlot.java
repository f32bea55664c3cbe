package dev.bellman.core;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A small line chart written as PNG with {@code java.awt} only (no plotting dependency): one or more named series
 * over shared axes, with a title, axis labels, tick values and a legend. For learning curves and model-error plots
 * in run directories and test outputs. Non-finite points are skipped. The y axis may be logarithmic.
 *
 * <p>Example: {@code new LinePlot("steps per episode", "episode", "steps").series("n=0", xs, ys).write(path)}.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207), new Color(0, 0, 0),
            new Color(174, 199, 232)};
    private static final int W = 800, H = 500, LEFT = 70, RIGHT = 230, TOP = 40, BOTTOM = 60;

    private record Series(String name, double[] x, double[] y) {}

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series; {@code x} and {@code y} must have the same length. */
    public LinePlot series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + " has " + x.length + " x values but " + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /** Plots log10(y) (points with y <= 0 are skipped). */
    public LinePlot logY() {
        logY = true;
        return this;
    }

    private double ty(double y) {
        return logY ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    /** Writes the chart to {@code path} (parent directories are created). */
    public void write(Path path) throws IOException {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                double y = ty(s.y[i]);
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(y)) continue;
                x0 = Math.min(x0, s.x[i]);
                x1 = Math.max(x1, s.x[i]);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        if (!(x0 <= x1)) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }
        if (x0 == x1) x1 = x0 + 1;
        if (y0 == y1) { y0 -= 0.5; y1 += 0.5; }
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 5; k++) {
            double xv = x0 + (x1 - x0) * k / 5, yv = y0 + (y1 - y0) * k / 5;
            int px = LEFT + pw * k / 5, py = TOP + ph - ph * k / 5;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(px, TOP + 1, px, TOP + ph - 1);
            g.drawLine(LEFT + 1, py, LEFT + pw - 1, py);
            g.setColor(Color.BLACK);
            g.drawString(fmt(xv), px - 15, TOP + ph + 18);
            g.drawString(logY ? String.format(java.util.Locale.ROOT, "%.1e", Math.pow(10, yv)) : fmt(yv), 5, py + 4);
        }
        g.drawString(xLabel, LEFT + pw / 2 - 30, H - 15);
        g.drawString(yLabel + (logY ? " (log)" : ""), 5, TOP - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 22);
        g.setStroke(new BasicStroke(1.8f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(PALETTE[k % PALETTE.length]);
            int px = -1, py = -1;
            for (int i = 0; i < s.x.length; i++) {
                double y = ty(s.y[i]);
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(y)) { px = -1; continue; }
                int qx = LEFT + (int) Math.round((s.x[i] - x0) / (x1 - x0) * pw);
                int qy = TOP + ph - (int) Math.round((y - y0) / (y1 - y0) * ph);
                if (px >= 0) g.drawLine(px, py, qx, qy); else g.fillOval(qx - 2, qy - 2, 4, 4);
                px = qx;
                py = qy;
            }
            g.fillRect(LEFT + pw + 12, TOP + 10 + 18 * k, 14, 4);
            g.drawString(s.name, LEFT + pw + 30, TOP + 16 + 18 * k);
        }
        g.dispose();
        Path abs = path.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        if (!ImageIO.write(img, "png", abs.toFile())) throw new IOException("no PNG writer available for " + path);
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return Long.toString((long) v);
        return String.format(java.util.Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 1 ? "%.2f" : "%.3g", v);
    }
}
