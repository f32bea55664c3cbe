package dev.bellman.envs.toytext;

import dev.bellman.env.RenderFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Flat-colour Java2D pictures of the toy-text grids (Gymnasium draws sprites; these are plain cells), for
 * {@code render()} and GIF recording. Cells are {@link #CELL} pixels square.
 */
final class GridRender {

    static final int CELL = 40;
    static final Color ICE = new Color(204, 230, 255);
    static final Color HOLE = new Color(20, 40, 90);
    static final Color GOAL = new Color(60, 170, 80);
    static final Color START = new Color(170, 170, 170);
    static final Color CLIFF = new Color(120, 70, 40);
    static final Color AGENT = new Color(220, 40, 40);

    /** Colour of one cell. */
    @FunctionalInterface
    interface CellColour {
        Color at(int row, int col);
    }

    private GridRender() {}

    static BufferedImage image(int rows, int cols) {
        return new BufferedImage(cols * CELL, rows * CELL, BufferedImage.TYPE_INT_RGB);
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    /** Cells coloured by {@code colour} with thin grey grid lines and the agent as a disc in {@code agent}'s cell. */
    static RenderFrame grid(int rows, int cols, CellColour colour, int agentState) {
        BufferedImage img = image(rows, cols);
        Graphics2D g = graphics(img);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                g.setColor(colour.at(r, c));
                g.fillRect(c * CELL, r * CELL, CELL, CELL);
                g.setColor(Color.GRAY);
                g.drawRect(c * CELL, r * CELL, CELL, CELL);
            }
        }
        if (agentState >= 0) {
            disc(g, agentState / cols, agentState % cols, AGENT);
        }
        g.dispose();
        return RenderFrame.of(img);
    }

    static void disc(Graphics2D g, int row, int col, Color colour) {
        int pad = CELL / 5;
        g.setColor(colour);
        g.fillOval(col * CELL + pad, row * CELL + pad, CELL - 2 * pad, CELL - 2 * pad);
    }

    static void wall(Graphics2D g, int x0, int y0, int x1, int y1) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(4));
        g.drawLine(x0, y0, x1, y1);
    }
}
