package dev.bellman.algorithms.tabular;

import dev.bellman.core.FiniteGuard;

/**
 * Iterative policy evaluation (Sutton and Barto 2018, §4.1): computes v_π of a fixed, possibly stochastic policy
 * π by repeated expected updates
 * <pre>
 *   V_{k+1}(s) = Σ_a π(a|s) Σ_{s',r} p(s', r | s, a) [r + γ V_k(s')]        (eq. 4.5)
 * </pre>
 * until max_s |V_{k+1}(s) − V_k(s)| &lt; tolerance.
 *
 * <p>Symbols: {@code values} = V_k, {@code next} = V_{k+1}, {@code policy[s][a]} = π(a|s), {@code delta} = the
 * max-norm change of a sweep.
 *
 * <p>Implementation notes:
 * <ol>
 *   <li>Synchronous ("two-array") sweeps, as figure 4.1 of the book is computed; the in-place variant of the
 *       book's boxed algorithm converges to the same v_π in fewer sweeps but its iterates depend on state order.</li>
 *   <li>Outcomes flagged {@code terminated} do not bootstrap, and terminal states keep V = 0 ({@link Mdp}).</li>
 * </ol>
 */
public final class PolicyEvaluation {
    private static final FiniteGuard GUARD = new FiniteGuard("policy-evaluation", "rewards too large?");
    private final PlanningConfig config;

    public PolicyEvaluation(PlanningConfig config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    /** What policy evaluation returns: V_π, sweeps, last residual and whether the tolerance was met. */
    public record Result(double[] values, int iterations, double residual, boolean converged) {}

    /**
     * Evaluates the stochastic policy {@code policy[s][a]} = π(a|s).
     *
     * @throws dev.bellman.core.NonFiniteException when the values overflow to infinity or NaN (rewards near
     *     {@code Double.MAX_VALUE}); the step it names is the sweep
     */
    public Result evaluate(Mdp mdp, double[][] policy) {
        Policies.checkStochastic(mdp, policy);
        int nS = mdp.numStates(), nA = mdp.numActions();
        double gamma = config.gamma();
        double[] values = new double[nS];
        double[] next = new double[nS];
        double delta = Double.POSITIVE_INFINITY;
        int iterations = 0;
        while (iterations < config.maxIterations()) {
            delta = 0;
            for (int s = 0; s < nS; s++) {
                if (mdp.isTerminal(s)) continue;
                double v = 0;
                for (int a = 0; a < nA; a++) {
                    if (policy[s][a] == 0) continue;
                    // Eq. 4.5: V_{k+1}(s) = Σ_a π(a|s) Σ p(s',r|s,a) [r + γ V_k(s')]
                    v += policy[s][a] * mdp.expectedBackup(s, a, values, gamma);
                }
                next[s] = v;
                delta = Math.max(delta, Math.abs(v - values[s]));
            }
            double[] swap = values;
            values = next;
            next = swap;
            iterations++;
            GUARD.check(iterations, "value residual", delta);
            if (delta < config.tolerance()) break;
        }
        return new Result(values, iterations, delta, delta < config.tolerance());
    }

    /** Evaluates the deterministic policy {@code policy[s]} = a. */
    public Result evaluate(Mdp mdp, int[] policy) {
        return evaluate(mdp, Policies.deterministic(mdp, policy));
    }
}
