package dev.bellman.envs.toytext;

import java.util.Map;

/** Maps and transition table of FrozenLake (Gymnasium {@code toy_text/frozen_lake.py}); see {@link FrozenLake}. */
final class FrozenLakeModel {

    static final int LEFT = 0;
    static final int DOWN = 1;
    static final int RIGHT = 2;
    static final int UP = 3;

    static final Map<String, String[]> MAPS = Map.of(
            "4x4", new String[] {"SFFF", "FHFH", "FFFH", "HFFG"},
            "8x8", new String[] {
                "SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"});

    private FrozenLakeModel() {}

    static char[][] parse(String[] desc) {
        if (desc == null || desc.length == 0) {
            throw new IllegalArgumentException("desc must have at least one row");
        }
        int ncol = desc[0].length();
        char[][] grid = new char[desc.length][];
        for (int r = 0; r < desc.length; r++) {
            if (desc[r].length() != ncol || ncol == 0) {
                throw new IllegalArgumentException("desc rows must all have length " + ncol + " but row " + r
                        + " was \"" + desc[r] + "\"");
            }
            grid[r] = desc[r].toCharArray();
            for (char ch : grid[r]) {
                if (ch != 'S' && ch != 'F' && ch != 'H' && ch != 'G') {
                    throw new IllegalArgumentException("desc tiles must be S, F, H or G but row " + r + " was \""
                            + desc[r] + "\"");
                }
            }
        }
        return grid;
    }

    static TransitionTable build(char[][] desc, boolean slippery) {
        int nrow = desc.length;
        int ncol = desc[0].length;
        int nS = nrow * ncol;
        TransitionTable.Builder b = new TransitionTable.Builder(nS, 4);
        double[] initial = new double[nS];
        int starts = 0;
        for (int s = 0; s < nS; s++) {
            if (desc[s / ncol][s % ncol] == 'S') {
                initial[s] = 1.0;
                starts++;
            }
        }
        if (starts == 0) {
            throw new IllegalArgumentException("desc must contain a start tile 'S'");
        }
        for (int s = 0; s < nS; s++) {
            initial[s] /= starts;
        }
        for (int row = 0; row < nrow; row++) {
            for (int col = 0; col < ncol; col++) {
                int s = row * ncol + col;
                char letter = desc[row][col];
                for (int a = 0; a < 4; a++) {
                    if (letter == 'G' || letter == 'H') {
                        b.add(s, a, 1.0, s, 0.0, true);
                    } else if (slippery) {
                        // intended move and the two perpendicular ones, in Gymnasium's order (a-1, a, a+1) mod 4
                        for (int m : new int[] {Math.floorMod(a - 1, 4), a, (a + 1) % 4}) {
                            addMove(b, desc, row, col, a, m, 1.0 / 3.0);
                        }
                    } else {
                        addMove(b, desc, row, col, a, a, 1.0);
                    }
                }
            }
        }
        return b.build(initial);
    }

    private static void addMove(
            TransitionTable.Builder b, char[][] desc, int row, int col, int action, int move, double p) {
        int nrow = desc.length;
        int ncol = desc[0].length;
        int r = row;
        int c = col;
        switch (move) {
            case LEFT -> c = Math.max(col - 1, 0);
            case DOWN -> r = Math.min(row + 1, nrow - 1);
            case RIGHT -> c = Math.min(col + 1, ncol - 1);
            case UP -> r = Math.max(row - 1, 0);
            default -> throw new IllegalArgumentException("move must be in [0, 4) but was " + move);
        }
        char letter = desc[r][c];
        b.add(row * ncol + col, action, p, r * ncol + c, letter == 'G' ? 1.0 : 0.0, letter == 'G' || letter == 'H');
    }

    /**
     * Gymnasium's {@code generate_random_map(size, p, seed)}: redraw whole boards until a start-to-goal path exists.
     * Each board draws {@code size * size} uniforms in row-major order (NumPy {@code Generator.choice(["F", "H"],
     * (size, size), p=[p, 1 - p])} draws {@code random(shape)} and takes {@code searchsorted(cdf, u, "right")} with
     * {@code cdf = cumsum([p, 1 - p]) / cdf[-1]}), then sets the corners to S and G.
     */
    static String[] randomMap(int size, double p, java.util.function.DoubleSupplier uniform) {
        if (size < 2) {
            throw new IllegalArgumentException("size must be at least 2 but was " + size);
        }
        if (!(p >= 0.0)) {
            throw new IllegalArgumentException("p must be non-negative but was " + p);
        }
        double pf = Math.min(1.0, p);
        double ph = 1.0 - pf;
        double total = pf + ph;
        double cdf0 = pf / total;
        char[][] board = new char[size][size];
        do {
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    // searchsorted(side="right"): index 0 when u < cdf[0]
                    board[r][c] = uniform.getAsDouble() < cdf0 ? 'F' : 'H';
                }
            }
            board[0][0] = 'S';
            board[size - 1][size - 1] = 'G';
        } while (!hasPath(board));
        String[] rows = new String[size];
        for (int r = 0; r < size; r++) {
            rows[r] = new String(board[r]);
        }
        return rows;
    }

    /** Whether the goal can be reached from (0, 0) through non-hole tiles (4-neighbourhood). */
    static boolean hasPath(char[][] board) {
        int n = board.length;
        boolean[][] seen = new boolean[n][n];
        java.util.ArrayDeque<int[]> frontier = new java.util.ArrayDeque<>();
        frontier.push(new int[] {0, 0});
        int[][] dirs = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
        while (!frontier.isEmpty()) {
            int[] rc = frontier.pop();
            if (seen[rc[0]][rc[1]]) {
                continue;
            }
            seen[rc[0]][rc[1]] = true;
            for (int[] d : dirs) {
                int r = rc[0] + d[0];
                int c = rc[1] + d[1];
                if (r < 0 || r >= n || c < 0 || c >= n) {
                    continue;
                }
                if (board[r][c] == 'G') {
                    return true;
                }
                if (board[r][c] != 'H') {
                    frontier.push(new int[] {r, c});
                }
            }
        }
        return false;
    }
}
