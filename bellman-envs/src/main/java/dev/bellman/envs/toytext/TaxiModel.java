package dev.bellman.envs.toytext;

/** Map, state encoding and transition table of Taxi (Gymnasium {@code toy_text/taxi.py}); see {@link Taxi}. */
final class TaxiModel {

    static final String[] MAP = {
        "+---------+",
        "|R: | : :G|",
        "| : | : : |",
        "| : : : : |",
        "| | : | : |",
        "|Y| : |B: |",
        "+---------+",
    };
    static final int NUM_STATES = 500;
    static final int NUM_ACTIONS = 6;
    /** (row, col) of the four marked locations R, G, Y, B. */
    static final int[][] LOCS = {{0, 0}, {0, 4}, {4, 0}, {4, 3}};
    static final char[] LOC_NAMES = {'R', 'G', 'Y', 'B'};

    private TaxiModel() {}

    static int encode(int taxiRow, int taxiCol, int passengerLocation, int destination) {
        return ((taxiRow * 5 + taxiCol) * 5 + passengerLocation) * 4 + destination;
    }

    /** {taxiRow, taxiCol, passengerLocation, destination}. */
    static int[] decode(int state) {
        if (state < 0 || state >= NUM_STATES) {
            throw new IllegalArgumentException("state must be in [0, 500) but was " + state);
        }
        int dest = state % 4;
        int i = state / 4;
        int pass = i % 5;
        i /= 5;
        int col = i % 5;
        int row = i / 5;
        return new int[] {row, col, pass, dest};
    }

    static int locIndex(int row, int col) {
        for (int k = 0; k < LOCS.length; k++) {
            if (LOCS[k][0] == row && LOCS[k][1] == col) {
                return k;
            }
        }
        return -1;
    }

    /** Whether the map has no wall east of (row, col) ({@code ':'} at the separator position). */
    static boolean canMoveEast(int row, int col) {
        return MAP[1 + row].charAt(2 * col + 2) == ':';
    }

    static boolean canMoveWest(int row, int col) {
        return MAP[1 + row].charAt(2 * col) == ':';
    }

    /** Row and column steps of the intended heading, its left and its right, per move action (S, N, E, W). */
    private static final int[][][] RAINY_MOVES = {
        {{1, 0}, {0, 1}, {0, -1}},
        {{-1, 0}, {0, -1}, {0, 1}},
        {{0, 1}, {-1, 0}, {1, 0}},
        {{0, -1}, {1, 0}, {-1, 0}},
    };

    private static void addRainyMove(TransitionTable.Builder b, int s, int a, int row, int col, int pass, int dest,
            double p, double lateral) {
        boolean allowed = (a == 0 && row < 4) || (a == 1 && row > 0) || (a == 2 && canMoveEast(row, col))
                || (a == 3 && canMoveWest(row, col));
        int[] intended = {row, col};
        int[] left = {row, col};
        int[] right = {row, col};
        if (allowed) {
            intended = new int[] {clamp(row + RAINY_MOVES[a][0][0]), clamp(col + RAINY_MOVES[a][0][1])};
            left = sideStep(row, col, RAINY_MOVES[a][1]);
            right = sideStep(row, col, RAINY_MOVES[a][2]);
        }
        b.add(s, a, p, encode(intended[0], intended[1], pass, dest), -1.0, false);
        b.add(s, a, lateral, encode(left[0], left[1], pass, dest), -1.0, false);
        b.add(s, a, lateral, encode(right[0], right[1], pass, dest), -1.0, false);
    }

    /** One step (dr, dc) within the border, or no move when a wall lies across an east or west step. */
    private static int[] sideStep(int row, int col, int[] d) {
        int newRow = clamp(row + d[0]);
        int newCol = clamp(col + d[1]);
        if (d[1] == 1 && MAP[1 + newRow].charAt(2 * newCol) != ':') {
            return new int[] {row, col};
        }
        if (d[1] == -1 && MAP[1 + newRow].charAt(2 * newCol + 2) != ':') {
            return new int[] {row, col};
        }
        return new int[] {newRow, newCol};
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(v, 4));
    }

    static TransitionTable build() {
        return build(false, 0.8);
    }

    /**
     * The table; with {@code rainy}, Gymnasium 1.3's {@code is_rainy} (Taxi-v4): a move that the map allows goes the
     * intended way with {@code rainyProbability} and to either side (left then right of the heading, each blocked by
     * walls and the border on its own) with half the rest; a move into a wall stays put in all three outcomes;
     * pickup and dropoff stay deterministic.
     */
    static TransitionTable build(boolean rainy, double rainyProbability) {
        if (!(rainyProbability >= 0.0 && rainyProbability <= 1.0)) {
            throw new IllegalArgumentException("rainy_probability must be in [0, 1] but was " + rainyProbability);
        }
        double lateral = (1.0 - rainyProbability) / 2.0;
        TransitionTable.Builder b = new TransitionTable.Builder(NUM_STATES, NUM_ACTIONS);
        double[] initial = new double[NUM_STATES];
        int starts = 0;
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 5; col++) {
                for (int pass = 0; pass < 5; pass++) {
                    for (int dest = 0; dest < 4; dest++) {
                        int s = encode(row, col, pass, dest);
                        if (pass < 4 && pass != dest) {
                            initial[s] = 1.0;
                            starts++;
                        }
                        for (int a = 0; a < NUM_ACTIONS; a++) {
                            int newRow = row;
                            int newCol = col;
                            int newPass = pass;
                            double reward = -1.0;
                            boolean terminated = false;
                            int here = locIndex(row, col);
                            switch (a) {
                                case 0 -> newRow = Math.min(row + 1, 4); // south
                                case 1 -> newRow = Math.max(row - 1, 0); // north
                                case 2 -> newCol = canMoveEast(row, col) ? Math.min(col + 1, 4) : col;
                                case 3 -> newCol = canMoveWest(row, col) ? Math.max(col - 1, 0) : col;
                                case 4 -> { // pickup
                                    if (pass < 4 && here == pass) {
                                        newPass = 4;
                                    } else {
                                        reward = -10.0;
                                    }
                                }
                                default -> { // dropoff
                                    if (pass == 4 && here == dest) {
                                        newPass = dest;
                                        terminated = true;
                                        reward = 20.0;
                                    } else if (pass == 4 && here >= 0) {
                                        // dropped at another marked location: the passenger waits there, -1 as a move
                                        newPass = here;
                                    } else {
                                        reward = -10.0;
                                    }
                                }
                            }
                            if (rainy && a <= 3) {
                                addRainyMove(b, s, a, row, col, pass, dest, rainyProbability, lateral);
                                continue;
                            }
                            b.add(s, a, 1.0, encode(newRow, newCol, newPass, dest), reward, terminated);
                        }
                    }
                }
            }
        }
        for (int s = 0; s < NUM_STATES; s++) {
            initial[s] /= starts;
        }
        return b.build(initial);
    }

    /** Gymnasium's {@code action_mask(state)}: 1 where the action changes the state. */
    static byte[] actionMask(int state) {
        int[] d = decode(state);
        int row = d[0];
        int col = d[1];
        int pass = d[2];
        int dest = d[3];
        byte[] mask = new byte[NUM_ACTIONS];
        mask[0] = (byte) (row < 4 ? 1 : 0);
        mask[1] = (byte) (row > 0 ? 1 : 0);
        mask[2] = (byte) (col < 4 && canMoveEast(row, col) ? 1 : 0);
        mask[3] = (byte) (col > 0 && canMoveWest(row, col) ? 1 : 0);
        mask[4] = (byte) (pass < 4 && locIndex(row, col) == pass ? 1 : 0);
        mask[5] = (byte) (pass == 4 && (locIndex(row, col) == dest || locIndex(row, col) >= 0) ? 1 : 0);
        return mask;
    }
}
