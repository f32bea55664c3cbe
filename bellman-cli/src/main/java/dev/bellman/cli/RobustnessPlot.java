package dev.bellman.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture of a robustness grid: for one axis, the mean return against the parameter (XChart, as {@link Plots}),
 * with the training interval shaded or the training value as a dashed line; for two axes, a heatmap drawn with Java2D
 * (as {@link ValueHeatmap}, whose colour scale it shares), one cell per grid point with its mean return written in
 * it and the training range outlined in red (a rectangle for randomized ranges, a ring around the cell nearest a
 * fixed training point).
 */
final class RobustnessPlot {
    private static final int CELL = 44;
    private static final int LEFT = 90;
    private static final int TOP = 66;
    private static final int BOTTOM = 70;
    private static final int BAR = 110;

    private RobustnessPlot() {}

    static void write(Path out, RobustnessCommand.Grid grid, List<RobustnessCommand.TrainingRange> ranges, String title)
            throws IOException {
        if (grid.axes().size() == 1) {
            line(out, grid, ranges.get(0), title);
        } else {
            BufferedImage img = heatmap(grid, ranges, title);
            Files2.writeAtomically(out, os -> ImageIO.write(img, "png", os));
        }
    }

    private static void line(Path out, RobustnessCommand.Grid grid, RobustnessCommand.TrainingRange range, String title)
            throws IOException {
        RobustnessCommand.Axis x = grid.axes().get(0);
        double[] mean = Arrays.stream(grid.mean()).mapToDouble(r -> r[0]).toArray();
        double[] std = Arrays.stream(grid.std()).mapToDouble(r -> r[0]).toArray();
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(x.name())
                .yAxisTitle("mean return").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        // XChart labels a log axis at powers of ten only: worth it over two decades or more
        double[] v = x.values();
        chart.getStyler().setXAxisLogarithmic(x.log() && v[v.length - 1] / v[0] >= 100);
        double lo = Arrays.stream(mean).min().orElse(0);
        double hi = Arrays.stream(mean).max().orElse(1);
        for (int i = 0; i < mean.length; i++) {
            lo = Math.min(lo, mean[i] - std[i]);
            hi = Math.max(hi, mean[i] + std[i]);
        }
        if (range.high() > range.low()) {
            XYSeries band = chart.addSeries("training range (" + range.label() + ")",
                    new double[] {range.low(), range.high(), range.high(), range.low()}, new double[] {lo, lo, hi, hi});
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(214, 39, 40, 40));
            band.setLineColor(new Color(214, 39, 40, 40));
        } else {
            XYSeries t = chart.addSeries("training value (" + range.label() + ")", new double[] {range.low(), range.low()},
                    new double[] {lo, hi});
            t.setMarker(SeriesMarkers.NONE);
            t.setLineColor(new Color(214, 39, 40));
            t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        XYSeries m = chart.addSeries("mean return", x.values(), mean, std);
        m.setLineColor(new Color(31, 119, 180));
        m.setMarkerColor(new Color(31, 119, 180));
        m.setMarker(SeriesMarkers.CIRCLE);
        Files2.writeAtomically(out, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
    }

    static BufferedImage heatmap(RobustnessCommand.Grid grid, List<RobustnessCommand.TrainingRange> ranges, String title) {
        RobustnessCommand.Axis xa = grid.axes().get(0);
        RobustnessCommand.Axis ya = grid.axes().get(1);
        int nx = xa.values().length;
        int ny = ya.values().length;
        int width = LEFT + nx * CELL + BAR;
        int height = TOP + ny * CELL + BOTTOM;
        String legend = "red: training range (" + xa.name() + " " + ranges.get(0).label() + "; " + ya.name() + " "
                + ranges.get(1).label() + ")";
        width = Math.max(width, Math.max(560, 20 + 6 * Math.max(legend.length(), title.length() + title.length() / 6)));
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : grid.mean()) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(legend, 10, 38);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double v = grid.mean()[i][j];
                int cx = LEFT + i * CELL;
                int cy = TOP + (ny - 1 - j) * CELL; // y grows upwards
                Color c = ValueHeatmap.colour(hi > lo ? (v - lo) / (hi - lo) : 1);
                g.setColor(c);
                g.fillRect(cx, cy, CELL, CELL);
                double lum = (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255;
                g.setColor(lum > 0.5 ? Color.BLACK : Color.WHITE);
                g.setFont(cellFont);
                centre(g, Math.abs(v) >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", v) : ValueHeatmap.format(v),
                        cx + CELL / 2, cy + CELL / 2 + 4);
            }
        }
        // axes: value labels under the columns and left of the rows
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int i = 0; i < nx; i++) {
            centre(g, label(xa.values()[i]), LEFT + i * CELL + CELL / 2, TOP + ny * CELL + 14);
        }
        for (int j = 0; j < ny; j++) {
            String s = label(ya.values()[j]);
            g.drawString(s, LEFT - 6 - g.getFontMetrics().stringWidth(s), TOP + (ny - 1 - j) * CELL + CELL / 2 + 4);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        centre(g, xa.name(), LEFT + nx * CELL / 2, TOP + ny * CELL + 34);
        g.drawString(ya.name() + " \u2191", 8, TOP - 8); // above the row labels
        // the training range, in cell coordinates (cells are centred on their values)
        g.setColor(new Color(214, 39, 40));
        g.setStroke(new BasicStroke(3f));
        double[] xr = cellSpan(xa.values(), ranges.get(0));
        double[] yr = cellSpan(ya.values(), ranges.get(1));
        if (xr != null && yr != null) {
            int x0 = (int) Math.round(LEFT + xr[0] * CELL);
            int x1 = (int) Math.round(LEFT + xr[1] * CELL);
            int y0 = (int) Math.round(TOP + (ny - yr[1]) * CELL);
            int y1 = (int) Math.round(TOP + (ny - yr[0]) * CELL);
            g.drawRect(x0, y0, Math.max(2, x1 - x0), Math.max(2, y1 - y0));
        }
        // colour bar
        int bx = LEFT + nx * CELL + 30;
        int bh = ny * CELL;
        for (int k = 0; k < bh; k++) {
            g.setColor(ValueHeatmap.colour(1 - (double) k / Math.max(1, bh - 1)));
            g.fillRect(bx, TOP + k, 16, 1);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(ValueHeatmap.format(hi), bx + 20, TOP + 10);
        g.drawString(ValueHeatmap.format(lo), bx + 20, TOP + bh);
        g.dispose();
        return img;
    }

    /**
     * The span of a training range in fractional cell indices [from, to] (cell i covers [i, i+1]): a range maps to the
     * cells whose values lie inside it; a point to the cell nearest it. Null when the range misses the grid.
     */
    static double[] cellSpan(double[] values, RobustnessCommand.TrainingRange r) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= r.low() - 1e-12 && values[i] <= r.high() + 1e-12) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            if (r.high() > r.low() || values.length == 0) {
                return null;
            }
            int best = 0;
            for (int i = 1; i < values.length; i++) {
                if (Math.abs(values[i] - r.low()) < Math.abs(values[best] - r.low())) {
                    best = i;
                }
            }
            if (r.low() < values[0] || r.low() > values[values.length - 1]) {
                return null;
            }
            first = best;
            last = best;
        }
        return new double[] {first, last + 1};
    }

    private static String label(double v) {
        return Math.abs(v) >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 1 ? String.format(java.util.Locale.ROOT, "%.2f", v)
                : String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    private static void centre(Graphics2D g, String text, int cx, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, cx - fm.stringWidth(text) / 2, baseline);
    }
}
