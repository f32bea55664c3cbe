package dev.bellman.algorithms.tabular;

/**
 * Policy iteration (Sutton and Barto 2018, §4.3): alternate policy evaluation (§4.1, eq. 4.5) and greedy
 * policy improvement (§4.2, eq. 4.9)
 * <pre>
 *   π'(s) = argmax_a Σ_{s',r} p(s', r | s, a) [r + γ v_π(s')]
 * </pre>
 * until the policy is stable; the final π is optimal and v_π = v*.
 *
 * <p>Symbols: {@code pi} = the current deterministic policy, {@code eval.values()} = v_π,
 * {@code q[s][a]} = q_π(s, a) by one-step lookahead.
 *
 * <p>Implementation notes:
 * <ol>
 *   <li>The first policy evaluated is the equiprobable random one (or the caller's); afterwards policies are
 *       deterministic. Starting from a random policy keeps every evaluated policy proper on episodic tasks with
 *       γ = 1, where an arbitrary deterministic start (say "always up" in GridWorld) has v_π = −∞.</li>
 *   <li>Improvement keeps the current action when it is still greedy (within 1e-9), so a policy that switches
 *       among equally good actions cannot cycle forever (the flaw that the book's exercise 4.4 points out).</li>
 *   <li>{@code iterations} counts improvement steps; {@code maxIterations} bounds both those and the sweeps of
 *       each evaluation.</li>
 * </ol>
 */
public final class PolicyIteration {
    private final PlanningConfig config;

    public PolicyIteration(PlanningConfig config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    /** Solves the MDP starting from the equiprobable random policy. */
    public PlanningResult solve(Mdp mdp) {
        return solve(mdp, Policies.uniformRandom(mdp));
    }


    /** Solves the MDP starting from the given stochastic policy {@code initialPolicy[s][a]} = π(a|s). */
    public PlanningResult solve(Mdp mdp, double[][] initialPolicy) {
        Policies.checkStochastic(mdp, initialPolicy);
        PolicyEvaluation evaluation = new PolicyEvaluation(config);
        int nS = mdp.numStates();
        double[][] policyTable = initialPolicy;
        int[] pi = null;
        int iterations = 0;
        while (true) {
            // 1. policy evaluation (§4.1): v_π to the tolerance
            PolicyEvaluation.Result eval = evaluation.evaluate(mdp, policyTable);
            double[][] q = mdp.qFromValues(eval.values(), config.gamma());
            if (!eval.converged()) {
                int[] greedy = pi != null ? pi : Greedy.policy(q);
                return new PlanningResult(eval.values(), q, greedy, iterations, eval.residual(), false);
            }
            // 2. policy improvement (§4.2, eq. 4.9): π'(s) = argmax_a q_π(s, a), keeping π(s) when it ties
            boolean stable = pi != null;
            int[] improved = new int[nS];
            for (int s = 0; s < nS; s++) {
                int greedy = Greedy.argmax(q[s]);
                if (pi != null && q[s][pi[s]] >= q[s][greedy] - Greedy.TIE_TOLERANCE) greedy = pi[s];
                improved[s] = greedy;
                if (pi == null || greedy != pi[s]) stable = false;
            }
            iterations++;
            if (stable) return new PlanningResult(eval.values(), q, pi, iterations, eval.residual(), true);
            if (iterations >= config.maxIterations()) {
                return new PlanningResult(eval.values(), q, improved, iterations, eval.residual(), false);
            }
            pi = improved;
            policyTable = Policies.deterministic(mdp, pi);
        }
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
