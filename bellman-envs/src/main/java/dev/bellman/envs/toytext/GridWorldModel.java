package dev.bellman.envs.toytext;

/** Builds the transition table of the 4x4 grid world of Sutton &amp; Barto, Example 4.1; see {@link GridWorld}. */
final class GridWorldModel {

    static final int SIZE = 4;
    static final int NUM_STATES = SIZE * SIZE;
    static final int NUM_ACTIONS = 4;
    /** Row and column deltas of actions 0..3 = right, left, up, down. */
    static final int[] DROW = {0, 0, -1, 1};
    static final int[] DCOL = {1, -1, 0, 0};

    private GridWorldModel() {}

    static boolean isTerminal(int s) {
        return s == 0 || s == NUM_STATES - 1;
    }

    static TransitionTable build() {
        TransitionTable.Builder b = new TransitionTable.Builder(NUM_STATES, NUM_ACTIONS);
        double[] initial = new double[NUM_STATES];
        for (int s = 0; s < NUM_STATES; s++) {
            int row = s / SIZE;
            int col = s % SIZE;
            if (!isTerminal(s)) {
                initial[s] = 1.0 / (NUM_STATES - 2);
            }
            for (int a = 0; a < NUM_ACTIONS; a++) {
                if (isTerminal(s)) {
                    // absorbing: the episode is already over
                    b.add(s, a, 1.0, s, 0.0, true);
                    continue;
                }
                int r = row + DROW[a];
                int c = col + DCOL[a];
                int next = (r < 0 || r >= SIZE || c < 0 || c >= SIZE) ? s : r * SIZE + c;
                b.add(s, a, 1.0, next, -1.0, isTerminal(next));
            }
        }
        return b.build(initial);
    }
}
