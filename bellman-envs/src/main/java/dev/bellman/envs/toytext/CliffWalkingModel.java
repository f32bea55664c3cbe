package dev.bellman.envs.toytext;

/** Transition table of CliffWalking (Gymnasium {@code toy_text/cliffwalking.py}); see {@link CliffWalking}. */
final class CliffWalkingModel {

    static final int ROWS = 4;
    static final int COLS = 12;
    static final int NUM_STATES = ROWS * COLS;
    static final int START = 3 * COLS;
    static final int GOAL = NUM_STATES - 1;
    /** Row and column deltas of actions 0..3 = up, right, down, left. */
    static final int[] DROW = {-1, 0, 1, 0};
    static final int[] DCOL = {0, 1, 0, -1};

    private CliffWalkingModel() {}

    static boolean isCliff(int row, int col) {
        return row == ROWS - 1 && col >= 1 && col <= COLS - 2;
    }

    static TransitionTable build(boolean slippery) {
        TransitionTable.Builder b = new TransitionTable.Builder(NUM_STATES, 4);
        double[] initial = new double[NUM_STATES];
        initial[START] = 1.0;
        for (int s = 0; s < NUM_STATES; s++) {
            int row = s / COLS;
            int col = s % COLS;
            for (int a = 0; a < 4; a++) {
                int[] moves = slippery ? new int[] {Math.floorMod(a - 1, 4), a, (a + 1) % 4} : new int[] {a};
                double p = 1.0 / moves.length;
                for (int m : moves) {
                    int r = Math.max(0, Math.min(ROWS - 1, row + DROW[m]));
                    int c = Math.max(0, Math.min(COLS - 1, col + DCOL[m]));
                    if (isCliff(r, c)) {
                        // the walker falls, is sent back to the start, and the episode goes on
                        b.add(s, a, p, START, -100.0, false);
                    } else {
                        int next = r * COLS + c;
                        b.add(s, a, p, next, -1.0, next == GOAL);
                    }
                }
            }
        }
        return b.build(initial);
    }
}
