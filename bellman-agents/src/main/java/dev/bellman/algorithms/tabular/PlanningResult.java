package dev.bellman.algorithms.tabular;

/**
 * What a control planner returns.
 *
 * @param values the state values V(s) (0 at terminal states)
 * @param qValues the action values Q(s, a) = E[r + γ V(s') | s, a], indexed {@code [s][a]}
 * @param policy the greedy policy: {@code policy[s]} is the action with the largest Q(s, ·), ties to the lowest
 *     index (as NumPy's argmax)
 * @param iterations sweeps performed (for {@link PolicyIteration}: improvement steps)
 * @param residual the max-norm change of the last sweep (for {@link PolicyIteration}: of the last evaluation sweep)
 * @param converged whether the stopping rule was met before the sweep limit
 */
public record PlanningResult(double[] values, double[][] qValues, int[] policy, int iterations, double residual,
                             boolean converged) {
    /** The greedy policy as a table, for saving or evaluation. */
    public QTable toQTable() {
        return QTable.of(qValues);
    }
}
