package dev.bellman.envs.box2d;

import java.util.Arrays;

/**
 * A small software rasteriser for CarRacing: convex polygons filled into a packed-RGB buffer by pixel-centre scan
 * conversion, at {@code ss × ss} samples per output pixel, box-filtered down to the output (the antialiasing that
 * Gymnasium gets from drawing at 1000×800 and {@code smoothscale}-ing down). Polygons arrive in the coordinates of
 * Gymnasium's 1000×800 window surface, so one frame layout serves the 96×96 observation and larger renders.
 */
final class Raster {
    /** Gymnasium's window surface, whose coordinates the callers draw in. */
    static final double SURFACE_W = 1000;
    static final double SURFACE_H = 800;

    final int outW;
    final int outH;
    private final int ss;
    private final int bw;
    private final int bh;
    private final double sx;
    private final double sy;
    private final int[] buf;

    Raster(int outW, int outH, int ss) {
        this.outW = outW;
        this.outH = outH;
        this.ss = ss;
        this.bw = outW * ss;
        this.bh = outH * ss;
        this.sx = bw / SURFACE_W;
        this.sy = bh / SURFACE_H;
        this.buf = new int[bw * bh];
    }

    void clear(int rgb) {
        Arrays.fill(buf, rgb);
    }

    /**
     * Fills the convex polygon with {@code n} vertices {@code (xs[k], ys[k])} in surface coordinates; a polygon wholly
     * outside the frame costs its bounding box test.
     */
    void fillConvex(double[] xs, double[] ys, int n, int rgb) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double px = xs[k] * sx;
            double py = ys[k] * sy;
            xs[k] = px;
            ys[k] = py;
            minX = Math.min(minX, px);
            maxX = Math.max(maxX, px);
            minY = Math.min(minY, py);
            maxY = Math.max(maxY, py);
        }
        if (maxX < 0 || minX > bw || maxY < 0 || minY > bh) {
            return;
        }
        int r0 = Math.max(0, (int) Math.ceil(minY - 0.5));
        int r1 = Math.min(bh - 1, (int) Math.floor(maxY - 0.5));
        for (int r = r0; r <= r1; r++) {
            double yc = r + 0.5;
            double xl = Double.POSITIVE_INFINITY;
            double xr = Double.NEGATIVE_INFINITY;
            for (int k = 0, j = n - 1; k < n; j = k++) {
                double y0 = ys[j];
                double y1 = ys[k];
                if ((y0 <= yc && y1 > yc) || (y1 <= yc && y0 > yc)) {
                    double x = xs[j] + (yc - y0) * (xs[k] - xs[j]) / (y1 - y0);
                    xl = Math.min(xl, x);
                    xr = Math.max(xr, x);
                }
            }
            if (!(xl < xr)) {
                continue;
            }
            int c0 = Math.max(0, (int) Math.ceil(xl - 0.5));
            int c1 = Math.min(bw, (int) Math.ceil(xr - 0.5));
            if (c0 < c1) {
                Arrays.fill(buf, r * bw + c0, r * bw + c1, rgb);
            }
        }
    }

    /** Fills the axis-aligned rectangle between corners {@code (x0, y0)} and {@code (x1, y1)} (surface coordinates). */
    void fillRect(double x0, double y0, double x1, double y1, int rgb) {
        double[] xs = {x0, x1, x1, x0};
        double[] ys = {y0, y0, y1, y1};
        fillConvex(xs, ys, 4, rgb);
    }

    /** Box-filters the samples into {@code out}: {@code outH} rows of {@code outW} RGB pixels. */
    void resolve(byte[] out) {
        if (ss == 1) {
            for (int i = 0; i < buf.length; i++) {
                int p = buf[i];
                out[3 * i] = (byte) (p >> 16);
                out[3 * i + 1] = (byte) (p >> 8);
                out[3 * i + 2] = (byte) p;
            }
            return;
        }
        int n = ss * ss;
        int half = n / 2;
        for (int v = 0; v < outH; v++) {
            for (int u = 0; u < outW; u++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dy = 0; dy < ss; dy++) {
                    int row = (v * ss + dy) * bw + u * ss;
                    for (int dx = 0; dx < ss; dx++) {
                        int p = buf[row + dx];
                        r += (p >> 16) & 0xFF;
                        g += (p >> 8) & 0xFF;
                        b += p & 0xFF;
                    }
                }
                int o = 3 * (v * outW + u);
                out[o] = (byte) ((r + half) / n);
                out[o + 1] = (byte) ((g + half) / n);
                out[o + 2] = (byte) ((b + half) / n);
            }
        }
    }

    static int rgb(int r, int g, int b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
