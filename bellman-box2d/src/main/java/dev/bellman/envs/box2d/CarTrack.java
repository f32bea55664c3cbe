package dev.bellman.envs.box2d;

import dev.bellman.env.NpRandom;
import java.util.Arrays;

/**
 * CarRacing's track, generated from the environment's generator as Gymnasium's {@code CarRacing._create_track}.
 *
 * <p>Generation: 12 checkpoints at angles {@code 2πc/12} plus a uniform jitter in {@code [0, 2π/12)} and radii uniform in
 * {@code [TRACK_RAD/3, TRACK_RAD)} (the first and last pinned at angle 0 and {@code 2π·11/12}, radius
 * {@code 1.5·TRACK_RAD}); a point starting at {@code (1.5·TRACK_RAD, 0)} heading along +y walks in steps of
 * {@code TRACK_DETAIL_STEP}, turning by at most {@code TRACK_TURN_RATE} a step towards the next checkpoint, for up to
 * five laps (2,500 steps at most). The track is the second-to-last full lap between two passes through the start
 * angle {@code -π/12}; it is rejected (and drawn again with fresh checkpoints) when no two passes exist or when its
 * head and tail are more than one step apart across the road. Sharp turns (four steps in a row turning the same way by
 * more than {@code 0.2·TRACK_TURN_RATE}) get a red-and-white kerb on the outside.
 *
 * <p>Each point {@code i} holds {@code alpha} (its angle about the origin), {@code beta} (the road's heading, the
 * direction of travel being {@code (-sin beta, cos beta)}) and its centre {@code (x, y)}; tile {@code i} spans points
 * {@code i - 1} and {@code i} (tile 0 closes the loop with the last point).
 */
final class CarTrack {
    /** Track scale (Gymnasium's {@code SCALE}). */
    static final double SCALE = 6.0;
    static final double TRACK_RAD = 900 / SCALE;
    static final double PLAYFIELD = 2000 / SCALE;
    static final double TRACK_DETAIL_STEP = 21 / SCALE;
    static final double TRACK_TURN_RATE = 0.31;
    static final double TRACK_WIDTH = 40 / SCALE;
    static final double BORDER = 8 / SCALE;
    static final int BORDER_MIN_COUNT = 4;
    static final int CHECKPOINTS = 12;

    final double[] alpha;
    final double[] beta;
    final double[] x;
    final double[] y;
    final boolean[] border;
    /** The checkpoints of the accepted attempt: {@code [alpha, x, y]} each. */
    final double[][] checkpoints;
    /** Attempts rejected before this track was accepted. */
    final int rejected;

    private CarTrack(double[] alpha, double[] beta, double[] x, double[] y, double[][] checkpoints, int rejected) {
        this.alpha = alpha;
        this.beta = beta;
        this.x = x;
        this.y = y;
        this.checkpoints = checkpoints;
        this.rejected = rejected;
        this.border = kerbs(beta);
    }

    /** Number of points (and tiles). */
    int size() {
        return x.length;
    }

    /** Draws attempts from {@code rng} until one closes, as Gymnasium's {@code reset} does. */
    static CarTrack generate(NpRandom rng) {
        for (int rejected = 0; ; rejected++) {
            CarTrack t = attempt(rng, rejected);
            if (t != null) {
                return t;
            }
        }
    }

    private static CarTrack attempt(NpRandom rng, int rejected) {
        double[][] cp = new double[CHECKPOINTS][];
        double startAlpha = 0;
        for (int c = 0; c < CHECKPOINTS; c++) {
            double noise = rng.uniform(0, 2 * Math.PI / CHECKPOINTS);
            double a = 2 * Math.PI * c / CHECKPOINTS + noise;
            double rad = rng.uniform(TRACK_RAD / 3, TRACK_RAD);
            if (c == 0) {
                a = 0;
                rad = 1.5 * TRACK_RAD;
            }
            if (c == CHECKPOINTS - 1) {
                a = 2 * Math.PI * c / CHECKPOINTS;
                startAlpha = 2 * Math.PI * -0.5 / CHECKPOINTS;
                rad = 1.5 * TRACK_RAD;
            }
            cp[c] = new double[] {a, rad * Math.cos(a), rad * Math.sin(a)};
        }
        double px = 1.5 * TRACK_RAD;
        double py = 0;
        double heading = 0;
        int dest = 0;
        int laps = 0;
        int budget = 2500;
        boolean otherSide = false;
        double[] ta = new double[2600];
        double[] tb = new double[2600];
        double[] tx = new double[2600];
        double[] ty = new double[2600];
        int n = 0;
        double destX = 0;
        double destY = 0;
        while (true) {
            double a = Math.atan2(py, px);
            if (otherSide && a > 0) {
                laps++;
                otherSide = false;
            }
            if (a < 0) {
                otherSide = true;
                a += 2 * Math.PI;
            }
            while (true) { // the next checkpoint ahead of angle a, wrapping a lap back when none is
                boolean failed = true;
                while (true) {
                    double[] d = cp[dest % CHECKPOINTS];
                    destX = d[1];
                    destY = d[2];
                    if (a <= d[0]) {
                        failed = false;
                        break;
                    }
                    dest++;
                    if (dest % CHECKPOINTS == 0) {
                        break;
                    }
                }
                if (!failed) {
                    break;
                }
                a -= 2 * Math.PI;
            }
            double r1x = Math.cos(heading);
            double r1y = Math.sin(heading);
            double p1x = -r1y;
            double p1y = r1x;
            double proj = r1x * (destX - px) + r1y * (destY - py);
            while (heading - a > 1.5 * Math.PI) {
                heading -= 2 * Math.PI;
            }
            while (heading - a < -1.5 * Math.PI) {
                heading += 2 * Math.PI;
            }
            double prev = heading;
            proj *= SCALE;
            if (proj > 0.3) {
                heading -= Math.min(TRACK_TURN_RATE, Math.abs(0.001 * proj));
            }
            if (proj < -0.3) {
                heading += Math.min(TRACK_TURN_RATE, Math.abs(0.001 * proj));
            }
            px += p1x * TRACK_DETAIL_STEP;
            py += p1y * TRACK_DETAIL_STEP;
            ta[n] = a;
            tb[n] = prev * 0.5 + heading * 0.5;
            tx[n] = px;
            ty[n] = py;
            n++;
            if (laps > 4) {
                break;
            }
            if (--budget == 0) {
                break;
            }
        }
        // the loop between the last two passes through the start angle (the first lap is never the one kept)
        int i1 = -1;
        int i2 = -1;
        int i = n;
        while (true) {
            i--;
            if (i == 0) {
                return null;
            }
            boolean pass = ta[i] > startAlpha && ta[i - 1] <= startAlpha;
            if (pass && i2 == -1) {
                i2 = i;
            } else if (pass) {
                i1 = i;
                break;
            }
        }
        int from = i1;
        int to = i2 - 1;
        if (to - from < 3) {
            return null;
        }
        double[] a = Arrays.copyOfRange(ta, from, to);
        double[] b = Arrays.copyOfRange(tb, from, to);
        double[] xs = Arrays.copyOfRange(tx, from, to);
        double[] ys = Arrays.copyOfRange(ty, from, to);
        int last = xs.length - 1;
        double gx = Math.cos(b[0]) * (xs[0] - xs[last]);
        double gy = Math.sin(b[0]) * (ys[0] - ys[last]);
        if (Math.sqrt(gx * gx + gy * gy) > TRACK_DETAIL_STEP) {
            return null;
        }
        return new CarTrack(a, b, xs, ys, cp, rejected);
    }

    private static int wrap(int i, int n) {
        return ((i % n) + n) % n;
    }

    /** Gymnasium's kerb rule, indices wrapping as Python's negative indices do. */
    private static boolean[] kerbs(double[] beta) {
        int n = beta.length;
        boolean[] border = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean good = true;
            int oneSide = 0;
            for (int neg = 0; neg < BORDER_MIN_COUNT; neg++) {
                double d = beta[wrap(i - neg, n)] - beta[wrap(i - neg - 1, n)];
                good &= Math.abs(d) > TRACK_TURN_RATE * 0.2;
                oneSide += (int) Math.signum(d);
            }
            border[i] = good && Math.abs(oneSide) == BORDER_MIN_COUNT;
        }
        for (int i = 0; i < n; i++) { // in place, as Gymnasium's loop (a kerb near the end spreads across index 0)
            for (int neg = 0; neg < BORDER_MIN_COUNT; neg++) {
                border[wrap(i - neg, n)] |= border[i];
            }
        }
        return border;
    }

    /**
     * The road quad of tile {@code i}: {@code [x0, y0, .., x3, y3]}, Gymnasium's order (left and right edge at point
     * {@code i}, right and left edge at point {@code i - 1}).
     */
    double[] tile(int i) {
        int j = wrap(i - 1, size());
        double c1 = Math.cos(beta[i]);
        double s1 = Math.sin(beta[i]);
        double c2 = Math.cos(beta[j]);
        double s2 = Math.sin(beta[j]);
        return new double[] {
            x[i] - TRACK_WIDTH * c1, y[i] - TRACK_WIDTH * s1,
            x[i] + TRACK_WIDTH * c1, y[i] + TRACK_WIDTH * s1,
            x[j] + TRACK_WIDTH * c2, y[j] + TRACK_WIDTH * s2,
            x[j] - TRACK_WIDTH * c2, y[j] - TRACK_WIDTH * s2,
        };
    }

    /** The kerb quad beside tile {@code i} (only where {@link #border} is set), on the outside of the turn. */
    double[] kerb(int i) {
        int j = wrap(i - 1, size());
        double side = Math.signum(beta[j] - beta[i]);
        double c1 = Math.cos(beta[i]);
        double s1 = Math.sin(beta[i]);
        double c2 = Math.cos(beta[j]);
        double s2 = Math.sin(beta[j]);
        double w = TRACK_WIDTH;
        double o = TRACK_WIDTH + BORDER;
        return new double[] {
            x[i] + side * w * c1, y[i] + side * w * s1,
            x[i] + side * o * c1, y[i] + side * o * s1,
            x[j] + side * o * c2, y[j] + side * o * s2,
            x[j] + side * w * c2, y[j] + side * w * s2,
        };
    }
}
