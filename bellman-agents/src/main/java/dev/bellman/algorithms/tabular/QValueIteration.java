package dev.bellman.algorithms.tabular;

import dev.bellman.core.FiniteGuard;

/**
 * Q-value iteration: the Bellman optimality equation for q* (Sutton and Barto 2018, eq. 3.20) turned into an
 * update on action values,
 * <pre>
 *   Q_{i+1}(s, a) = Σ_{s',r} p(s', r | s, a) [r + γ max_a' Q_i(s', a')]  =  E[r + γ max_a' Q_i(s', a')]
 * </pre>
 * repeated until max_{s,a} |Q_{i+1}(s, a) − Q_i(s, a)| &lt; tolerance; the greedy policy is argmax_a Q(s, a).
 * It is the exact-expectation counterpart of Q-learning (§6.5), whose sampled update it averages.
 *
 * <p>Symbols: {@code q} = Q_i, {@code next} = Q_{i+1}, {@code v[s']} = max_a' Q_i(s', a'), {@code delta} = the
 * max-norm change of a sweep.
 *
 * <p>Implementation notes: synchronous sweeps; outcomes flagged {@code terminated} do not bootstrap; terminal
 * states keep Q = 0; greedy ties go to the lowest action index.
 */
public final class QValueIteration {
    private static final FiniteGuard GUARD = new FiniteGuard("q-value-iteration", "rewards too large?");
    private final PlanningConfig config;

    public QValueIteration(PlanningConfig config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    /**
     * Solves the MDP.
     *
     * @throws dev.bellman.core.NonFiniteException when the values overflow to infinity or NaN (rewards near
     *     {@code Double.MAX_VALUE}); the step it names is the sweep
     */
    public PlanningResult solve(Mdp mdp) {
        int nS = mdp.numStates(), nA = mdp.numActions();
        double gamma = config.gamma();
        double[][] q = new double[nS][nA];
        double[][] next = new double[nS][nA];
        double[] v = new double[nS];
        double delta = Double.POSITIVE_INFINITY;
        int iterations = 0;
        while (iterations < config.maxIterations()) {
            for (int s = 0; s < nS; s++) v[s] = mdp.isTerminal(s) ? 0 : Greedy.max(q[s]);
            delta = 0;
            for (int s = 0; s < nS; s++) {
                if (mdp.isTerminal(s)) continue;
                for (int a = 0; a < nA; a++) {
                    // Q_{i+1}(s,a) = Σ p(s',r|s,a) [r + γ max_a' Q_i(s',a')]   (from eq. 3.20)
                    double updated = mdp.expectedBackup(s, a, v, gamma);
                    next[s][a] = updated;
                    delta = Math.max(delta, Math.abs(updated - q[s][a]));
                }
            }
            double[][] swap = q;
            q = next;
            next = swap;
            iterations++;
            GUARD.check(iterations, "value residual", delta);
            if (delta < config.tolerance()) break;
        }
        double[] values = new double[nS];
        for (int s = 0; s < nS; s++) values[s] = mdp.isTerminal(s) ? 0 : Greedy.max(q[s]);
        return new PlanningResult(values, q, Greedy.policy(q), iterations, delta, delta < config.tolerance());
    }


    /**
     * Solves the MDP of an env that exposes its transition model ({@link EnvModels#mdp(dev.bellman.env.Env)}).
     *
     * @throws IllegalArgumentException when the env has no model
     */
    public PlanningResult solve(dev.bellman.env.Env<?, ?> env) {
        return solve(EnvModels.mdp(env));
    }
}
