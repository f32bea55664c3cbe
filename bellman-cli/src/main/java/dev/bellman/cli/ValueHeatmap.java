package dev.bellman.cli;

import dev.bellman.algorithms.tabular.EnvModels;
import dev.bellman.algorithms.tabular.GridLayout;
import dev.bellman.algorithms.tabular.Mdp;
import dev.bellman.algorithms.tabular.QTable;
import dev.bellman.env.Env;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The heat map {@code values.png} of a tabular run on a grid-shaped env (FrozenLake, CliffWalking, GridWorld: the
 * layouts {@link EnvModels} knows): each cell coloured by V(s) = max_a Q(s, a) on a viridis-like scale, annotated with
 * its value and an arrow for the greedy action; terminal and unreachable cells (holes, goal, cliff) are hatched grey
 * with their map letter and no arrow. A colour bar on the right, a title on top. Drawn with Java2D on a
 * {@link BufferedImage}, so it needs no display.
 */
final class ValueHeatmap {
    static final String FILE = "values.png";
    private static final int CELL = 64;
    private static final int MARGIN = 16;
    private static final int TITLE = 44;
    private static final int BAR = 96;
    private static final int MIN_WIDTH = 360;
    /** Viridis anchors (matplotlib's colormap at 0, 0.25, 0.5, 0.75, 1). */
    private static final Color[] SCALE = {new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
            new Color(94, 201, 98), new Color(253, 231, 37)};

    private ValueHeatmap() {}

    /** The env's MDP when it has a grid layout, else null (Taxi, model-free envs, unknown layouts). */
    static Mdp gridMdp(Env<?, ?> env, QTable q) {
        Mdp mdp;
        try {
            mdp = EnvModels.mdp(env);
        } catch (IllegalArgumentException noModel) {
            return null;
        }
        GridLayout grid = mdp.grid();
        if (grid == null || mdp.numStates() != q.numStates() || mdp.numActions() != q.numActions()
                || grid.actionSymbols().size() != q.numActions()) {
            return null;
        }
        return mdp;
    }

    /** Draws the heat map of {@code q} on {@code mdp}'s grid (see {@link #gridMdp}) into {@code out}, atomically. */
    static void write(Mdp mdp, QTable q, Path out, String title) throws IOException {
        BufferedImage image = draw(mdp, q, title);
        Files2.writeAtomically(out, os -> {
            if (!ImageIO.write(image, "png", os)) {
                throw new IOException("no PNG writer in this JDK");
            }
        });
    }

    static BufferedImage draw(Mdp mdp, QTable q, String title) {
        GridLayout grid = mdp.grid();
        int rows = grid.rows();
        int cols = grid.cols();
        int n = mdp.numStates();
        boolean[] marked = new boolean[n];
        double[] v = q.stateValues();
        int[] pi = q.greedyPolicy();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < n; s++) {
            marked[s] = mdp.isTerminal(s) || !mdp.isReachable(s);
            if (!marked[s]) {
                lo = Math.min(lo, v[s]);
                hi = Math.max(hi, v[s]);
            }
        }
        if (lo > hi) { // every cell terminal
            lo = 0;
            hi = 1;
        } else if (hi - lo < 1e-12) {
            lo -= 0.5;
            hi += 0.5;
        }

        String legend = legend(grid, marked);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        Font legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        int gridW = cols * CELL;
        int gridH = rows * CELL;
        int barH = Math.max(gridH, 160);
        int content = gridW + BAR;
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D probe = image.createGraphics();
        int textW = Math.max(probe.getFontMetrics(titleFont).stringWidth(title),
                probe.getFontMetrics(legendFont).stringWidth(legend));
        probe.dispose();
        int width = Math.max(MIN_WIDTH, Math.max(content, textW) + 2 * MARGIN);
        int height = TITLE + barH + MARGIN + 22;
        int x0 = (width - content) / 2;
        int y0 = TITLE;
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);

            // title
            g.setColor(Color.BLACK);
            g.setFont(titleFont);
            centre(g, title, width / 2, 20);
            g.setFont(legendFont);
            g.setColor(Color.DARK_GRAY);
            centre(g, legend, width / 2, 37);

            Font valueFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
            Font markFont = new Font(Font.SANS_SERIF, Font.BOLD, 22);
            Font cornerFont = new Font(Font.SANS_SERIF, Font.BOLD, 11);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int s = r * cols + c;
                    int x = x0 + c * CELL;
                    int y = y0 + r * CELL;
                    char letter = grid.cells().isEmpty() ? 0 : grid.cells().charAt(s);
                    if (marked[s]) {
                        g.setColor(new Color(225, 225, 225));
                        g.fillRect(x, y, CELL, CELL);
                        hatch(g, x, y);
                        g.setFont(markFont);
                        char m = mark(grid, s);
                        g.setColor(m == 'G' ? new Color(0, 120, 0) : m == 'T' ? new Color(60, 60, 60) : new Color(150, 0, 0));
                        centre(g, String.valueOf(m),
                                x + CELL / 2, y + CELL / 2 + 8);
                        continue;
                    }
                    Color fill = colour((v[s] - lo) / (hi - lo));
                    g.setColor(fill);
                    g.fillRect(x, y, CELL, CELL);
                    Color ink = luminance(fill) > 0.5 ? Color.BLACK : Color.WHITE;
                    g.setColor(ink);
                    g.setFont(valueFont);
                    centre(g, format(v[s]), x + CELL / 2, y + 20);
                    arrow(g, grid.actionSymbols().get(pi[s]), x + CELL / 2, y + 42);
                    if (letter == 'S') {
                        g.setFont(cornerFont);
                        g.drawString("S", x + 4, y + CELL - 5);
                    }
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            for (int r = 0; r <= rows; r++) g.drawLine(x0, y0 + r * CELL, x0 + gridW, y0 + r * CELL);
            for (int c = 0; c <= cols; c++) g.drawLine(x0 + c * CELL, y0, x0 + c * CELL, y0 + gridH);

            // colour bar
            int barX = x0 + gridW + 18;
            int barW = 18;
            for (int i = 0; i < barH; i++) {
                g.setColor(colour(1 - i / (double) (barH - 1)));
                g.fillRect(barX, y0 + i, barW, 1);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(barX, y0, barW, barH);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.BLACK);
            for (int k = 0; k <= 4; k++) {
                double value = hi - k * (hi - lo) / 4;
                int ty = y0 + (int) Math.round(k * (barH - 1) / 4.0);
                g.drawLine(barX + barW, ty, barX + barW + 4, ty);
                g.drawString(format(value), barX + barW + 7, ty + 4);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("V(s)", barX, y0 + barH + 16);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The subtitle: what colour, arrows and hatching mean, naming only the cell letters that occur. */
    private static String legend(GridLayout grid, boolean[] marked) {
        StringBuilder letters = new StringBuilder();
        for (String[] l : new String[][] {{"H", "hole"}, {"C", "cliff"}, {"G", "goal"}, {"T", "terminal"}}) {
            for (int s = 0; s < marked.length; s++) {
                if (marked[s] && mark(grid, s) == l[0].charAt(0)) {
                    letters.append(letters.isEmpty() ? "" : ", ").append(l[0]).append(' ').append(l[1]);
                    break;
                }
            }
        }
        return "colour and number: V(s) = max_a Q(s,a); arrow: greedy action"
                + (letters.isEmpty() ? "" : "; hatched: " + letters);
    }

    /** The letter of a terminal or unreachable cell: its map character, or T when the map has none. */
    private static char mark(GridLayout grid, int s) {
        char letter = grid.cells().isEmpty() ? 0 : grid.cells().charAt(s);
        return letter == 'H' || letter == 'G' || letter == 'C' ? letter : 'T';
    }

    static String format(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.2f", v);
    }

    /** The viridis-like colour at {@code t} in [0, 1]. */
    static Color colour(double t) {
        t = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t));
        double pos = t * (SCALE.length - 1);
        int i = Math.min(SCALE.length - 2, (int) pos);
        double f = pos - i;
        Color a = SCALE[i];
        Color b = SCALE[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private static double luminance(Color c) {
        return (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255;
    }

    private static void centre(Graphics2D g, String text, int cx, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, cx - fm.stringWidth(text) / 2, baseline);
    }

    private static void hatch(Graphics2D g, int x, int y) {
        Shape clip = g.getClip();
        g.clipRect(x, y, CELL, CELL);
        g.setColor(new Color(170, 170, 170));
        g.setStroke(new BasicStroke(1.5f));
        for (int d = -CELL; d < CELL; d += 10) g.drawLine(x + d, y + CELL, x + d + CELL, y);
        g.setClip(clip);
    }

    /**
     * An arrow centred at (cx, cy) in the direction its action symbol shows (←, →, ↑, ↓ as {@link GridLayout} names
     * the actions); drawn as lines so it needs no font with arrow glyphs. Other symbols are written as text.
     */
    private static void arrow(Graphics2D g, String symbol, int cx, int cy) {
        int dx;
        int dy;
        switch (symbol) {
            case "←" -> { dx = -1; dy = 0; }
            case "→" -> { dx = 1; dy = 0; }
            case "↑" -> { dx = 0; dy = -1; }
            case "↓" -> { dx = 0; dy = 1; }
            default -> {
                centre(g, symbol, cx, cy + 5);
                return;
            }
        }
        int len = 11;
        int head = 7;
        int tipX = cx + dx * len;
        int tipY = cy + dy * len;
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(cx - dx * len, cy - dy * len, tipX - dx * head / 2, tipY - dy * head / 2);
        Polygon p = new Polygon();
        p.addPoint(tipX, tipY);
        p.addPoint(tipX - dx * head - dy * head, tipY - dy * head - dx * head);
        p.addPoint(tipX - dx * head + dy * head, tipY - dy * head + dx * head);
        g.fillPolygon(p);
    }
}
