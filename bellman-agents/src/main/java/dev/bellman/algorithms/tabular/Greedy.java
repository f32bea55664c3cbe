package dev.bellman.algorithms.tabular;

/** Greedy action choice shared by the planners and the Q-table. */
final class Greedy {
    /** Values closer than this to the maximum count as tied (round-off of the planners' sweeps). */
    static final double TIE_TOLERANCE = 1e-9;

    private Greedy() {}

    /** The lowest index whose value is within {@link #TIE_TOLERANCE} of the maximum. */
    static int argmax(double[] row) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : row) best = Math.max(best, v);
        for (int a = 0; a < row.length; a++) {
            if (row[a] >= best - TIE_TOLERANCE) return a;
        }
        return 0;
    }

    /** Greedy actions of every row; terminal states get action 0. */
    static int[] policy(double[][] q) {
        int[] pi = new int[q.length];
        for (int s = 0; s < q.length; s++) pi[s] = argmax(q[s]);
        return pi;
    }

    static double max(double[] row) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : row) best = Math.max(best, v);
        return best;
    }
}
