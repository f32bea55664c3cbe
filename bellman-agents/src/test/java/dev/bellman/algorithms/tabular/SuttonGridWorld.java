package dev.bellman.algorithms.tabular;

import java.util.List;

/**
 * Sutton and Barto's (2018) example 4.1 GridWorld built from arrays: 4×4 cells, terminal corners 0 and 15,
 * actions up/right/down/left, reward −1 on every transition, moves off the grid leave the state unchanged.
 */
final class SuttonGridWorld {
    static final int UP = 0, RIGHT = 1, DOWN = 2, LEFT = 3;

    private SuttonGridWorld() {}

    static double[][][] probabilities() {
        double[][][] p = new double[16][4][16];
        for (int s = 0; s < 16; s++) {
            for (int a = 0; a < 4; a++) p[s][a][move(s, a)] = 1;
        }
        return p;
    }

    static int move(int s, int a) {
        int r = s / 4, c = s % 4;
        switch (a) {
            case UP -> r = Math.max(r - 1, 0);
            case RIGHT -> c = Math.min(c + 1, 3);
            case DOWN -> r = Math.min(r + 1, 3);
            default -> c = Math.max(c - 1, 0);
        }
        return r * 4 + c;
    }

    static double[][][] rewards() {
        double[][][] r = new double[16][4][16];
        for (double[][] byAction : r) for (double[] row : byAction) java.util.Arrays.fill(row, -1);
        return r;
    }

    static boolean[] terminal() {
        boolean[] t = new boolean[16];
        t[0] = true;
        t[15] = true;
        return t;
    }

    static Mdp mdp() {
        return Mdp.fromArrays(probabilities(), rewards(), terminal());
    }

    static GridLayout layout() {
        return new GridLayout(4, 4, List.of("↑", "→", "↓", "←"));
    }
}
