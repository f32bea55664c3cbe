package dev.bellman.algorithms.tabular;

import java.util.Locale;

/**
 * Text a person can read: the value table and the greedy policy, drawn as a grid with one arrow per cell for
 * grid-shaped MDPs ({@link Mdp#grid()}), and as a state-by-state list otherwise.
 *
 * <p>Example (Sutton and Barto's 4×4 GridWorld, optimal values and policy):
 * <pre>
 *   0.00  -1.00  -2.00  -3.00        T  ←  ←  ←
 *  -1.00  -2.00  -3.00  -2.00        ↑  ↑  ↑  ↓
 *  ...                               ...
 * </pre>
 * Terminal and unreachable states show their cell character from {@link GridLayout#cells()} (FrozenLake's {@code H}
 * and {@code G}, CliffWalking's {@code C}) or {@code T}.
 */
public final class TablePrinter {
    private TablePrinter() {}

    /** The values of every state: a grid when the MDP has one, else one line per state. */
    public static String values(Mdp mdp, double[] values) {
        return values(mdp.grid(), values);
    }

    /** The values of every state on {@code grid} (null for a list). */
    public static String values(GridLayout grid, double[] values) {
        StringBuilder sb = new StringBuilder();
        if (grid == null) {
            for (int s = 0; s < values.length; s++) sb.append(String.format(Locale.ROOT, "%5d  %9.3f%n", s, values[s]));
            return sb.toString();
        }
        checkCover(grid, values.length);
        int width = 0;
        String[] cells = new String[values.length];
        for (int s = 0; s < values.length; s++) {
            cells[s] = String.format(Locale.ROOT, "%.2f", values[s]);
            width = Math.max(width, cells[s].length());
        }
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.cols(); c++) {
                if (c > 0) sb.append(' ');
                String cell = cells[r * grid.cols() + c];
                sb.append(" ".repeat(width - cell.length())).append(cell);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The policy of every state as arrows on the MDP's grid, else one line per state; terminal and unreachable states
     * are marked instead.
     */
    public static String policy(Mdp mdp, int[] policy) {
        boolean[] marked = new boolean[mdp.numStates()];
        for (int s = 0; s < marked.length; s++) marked[s] = mdp.isTerminal(s) || !mdp.isReachable(s);
        return policy(mdp.grid(), policy, marked);
    }

    /**
     * The policy on {@code grid} (null for a list of action indices).
     *
     * @param terminal states to mark instead of drawing an arrow (terminal or unreachable); may be null
     */
    public static String policy(GridLayout grid, int[] policy, boolean[] terminal) {
        StringBuilder sb = new StringBuilder();
        if (grid == null) {
            for (int s = 0; s < policy.length; s++) {
                sb.append(String.format(Locale.ROOT, "%5d  %s%n", s,
                        terminal != null && terminal[s] ? "-" : Integer.toString(policy[s])));
            }
            return sb.toString();
        }
        checkCover(grid, policy.length);
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.cols(); c++) {
                int s = r * grid.cols() + c;
                if (c > 0) sb.append(' ');
                if (terminal != null && terminal[s]) {
                    char mark = grid.cell(s);
                    sb.append(mark == 0 ? 'T' : mark);
                } else {
                    sb.append(grid.actionSymbols().get(policy[s]));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Values and greedy policy of a planner's result, with its iterations and residual. */
    public static String render(Mdp mdp, PlanningResult result) {
        return "values (" + result.iterations() + " iterations, residual "
                + String.format(Locale.ROOT, "%.3g", result.residual()) + (result.converged() ? "" : ", NOT converged")
                + "):\n" + values(mdp, result.values()) + "greedy policy:\n" + policy(mdp, result.policy());
    }

    /**
     * Values max_a Q(s, a) and the greedy policy of a learned table, on the env's grid when the env exposes a model
     * of a known grid (FrozenLake, CliffWalking, GridWorld), else as lists.
     */
    public static String render(dev.bellman.env.Env<?, ?> env, QTable q) {
        Mdp mdp = null;
        try {
            mdp = EnvModels.mdp(env);
        } catch (IllegalArgumentException noModel) {
            // a model-free env: print lists
        }
        if (mdp == null || mdp.numStates() != q.numStates() || mdp.numActions() != q.numActions()) {
            return "values:\n" + values((GridLayout) null, q.stateValues()) + "greedy policy:\n"
                    + policy(null, q.greedyPolicy(), null);
        }
        double[] v = q.stateValues();
        for (int s = 0; s < v.length; s++) if (mdp.isTerminal(s)) v[s] = 0;
        return "values:\n" + values(mdp, v) + "greedy policy:\n" + policy(mdp, q.greedyPolicy());
    }

    private static void checkCover(GridLayout grid, int n) {
        if (grid.rows() * grid.cols() != n) {
            throw new IllegalArgumentException("grid " + grid.rows() + "x" + grid.cols() + " must cover " + n
                    + " states but covers " + grid.rows() * grid.cols());
        }
    }
}
