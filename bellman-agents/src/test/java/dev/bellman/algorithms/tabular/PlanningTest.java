package dev.bellman.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PlanningTest {
    private static final PlanningConfig UNDISCOUNTED = new PlanningConfig(1.0, 1e-10, 100_000);

    /** v_π solved as a linear system (I − γ P_π) v = r_π by Gaussian elimination: an oracle independent of sweeps. */
    static double[] solveLinear(Mdp mdp, double[][] policy, double gamma) {
        int n = mdp.numStates();
        double[][] m = new double[n][n + 1];
        for (int s = 0; s < n; s++) {
            m[s][s] = 1;
            if (mdp.isTerminal(s)) continue;
            for (int a = 0; a < mdp.numActions(); a++) {
                for (int i = 0; i < mdp.outcomeCount(s, a); i++) {
                    Mdp.Outcome o = mdp.outcome(s, a, i);
                    m[s][n] += policy[s][a] * o.probability() * o.reward();
                    if (!o.terminated()) m[s][o.nextState()] -= gamma * policy[s][a] * o.probability();
                }
            }
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = 0; r < n; r++) {
                if (r == col) continue;
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) m[r][c] -= f * m[col][c];
            }
        }
        double[] v = new double[n];
        for (int s = 0; s < n; s++) v[s] = m[s][n] / m[s][s];
        return v;
    }

    @Test
    void policyEvaluation_randomPolicyOnGridWorld_reproducesFigure41() {
        Mdp mdp = SuttonGridWorld.mdp();
        PolicyEvaluation.Result r = new PolicyEvaluation(UNDISCOUNTED).evaluate(mdp, Policies.uniformRandom(mdp));
        assertTrue(r.converged(), "did not converge: residual " + r.residual());
        assertTrue(r.residual() < 1e-10);
        // Figure 4.1, k = ∞ (Sutton and Barto 2018, p. 77)
        double[] book = {0, -14, -20, -22, -14, -18, -20, -20, -20, -20, -18, -14, -22, -20, -14, 0};
        assertArrayEquals(book, r.values(), 1e-6);
        assertArrayEquals(solveLinear(mdp, Policies.uniformRandom(mdp), 1.0), r.values(), 1e-6);
    }

    @Test
    void valueIteration_gridWorld_givesMinusDistanceToNearestCorner() {
        Mdp mdp = SuttonGridWorld.mdp();
        PlanningResult r = new ValueIteration(UNDISCOUNTED).solve(mdp);
        assertTrue(r.converged());
        for (int s = 0; s < 16; s++) {
            int row = s / 4, col = s % 4;
            int distance = Math.min(row + col, (3 - row) + (3 - col));
            assertEquals(-distance, r.values()[s], 1e-9, "state " + s);
        }
        assertOptimalGridPolicy(mdp, r.policy());
    }

    /** The greedy policy reaches a terminal corner by a shortest path from every state. */
    private static void assertOptimalGridPolicy(Mdp mdp, int[] policy) {
        PolicyEvaluation.Result v = new PolicyEvaluation(UNDISCOUNTED).evaluate(mdp, policy);
        for (int s = 0; s < 16; s++) {
            if (mdp.isTerminal(s)) continue;
            int row = s / 4, col = s % 4;
            int distance = Math.min(row + col, (3 - row) + (3 - col));
            assertEquals(-distance, v.values()[s], 1e-9, "greedy policy from state " + s);
            int next = SuttonGridWorld.move(s, policy[s]);
            int nr = next / 4, nc = next % 4;
            assertEquals(distance - 1, Math.min(nr + nc, (3 - nr) + (3 - nc)), "arrow at state " + s);
        }
    }

    @Test
    void qValueIteration_gridWorld_matchesValueIteration() {
        Mdp mdp = SuttonGridWorld.mdp();
        PlanningResult vi = new ValueIteration(UNDISCOUNTED).solve(mdp);
        PlanningResult qi = new QValueIteration(UNDISCOUNTED).solve(mdp);
        assertTrue(qi.converged());
        assertTrue(qi.residual() < 1e-10);
        assertArrayEquals(vi.values(), qi.values(), 1e-9);
        for (int s = 0; s < 16; s++) assertArrayEquals(vi.qValues()[s], qi.qValues()[s], 1e-9);
        assertArrayEquals(vi.policy(), qi.policy());
    }

    @Test
    void policyIteration_gridWorld_findsOptimalPolicy() {
        Mdp mdp = SuttonGridWorld.mdp();
        PlanningResult r = new PolicyIteration(UNDISCOUNTED).solve(mdp);
        assertTrue(r.converged());
        assertTrue(r.iterations() >= 2 && r.iterations() < 10, "iterations " + r.iterations());
        assertOptimalGridPolicy(mdp, r.policy());
    }

    /** A random dense MDP with some terminal transitions, to compare the planners with γ < 1. */
    static Mdp randomMdp(long seed, int nS, int nA) {
        java.util.Random rnd = new java.util.Random(seed);
        Mdp.Builder b = Mdp.builder(nS, nA);
        for (int s = 0; s < nS; s++) {
            for (int a = 0; a < nA; a++) {
                double[] w = new double[nS];
                double sum = 0;
                for (int s2 = 0; s2 < nS; s2++) {
                    w[s2] = rnd.nextDouble() < 0.4 ? rnd.nextDouble() : 0;
                    sum += w[s2];
                }
                if (sum == 0) {
                    w[rnd.nextInt(nS)] = 1;
                    sum = 1;
                }
                for (int s2 = 0; s2 < nS; s2++) {
                    if (w[s2] > 0) b.transition(s, a, w[s2] / sum, s2, rnd.nextGaussian(), rnd.nextDouble() < 0.1);
                }
            }
        }
        return b.build();
    }

    @Test
    void planners_randomDiscountedMdp_agreeWithEachOtherAndWithLinearSolve() {
        for (long seed = 1; seed <= 5; seed++) {
            Mdp mdp = randomMdp(seed, 12, 3);
            PlanningConfig cfg = new PlanningConfig(0.9, 1e-12, 100_000);
            PlanningResult vi = new ValueIteration(cfg).solve(mdp);
            PlanningResult qi = new QValueIteration(cfg).solve(mdp);
            PlanningResult pi = new PolicyIteration(cfg).solve(mdp);
            assertArrayEquals(vi.values(), qi.values(), 1e-9);
            assertArrayEquals(vi.values(), pi.values(), 1e-9);
            double[] exact = solveLinear(mdp, Policies.deterministic(mdp, pi.policy()), 0.9);
            assertArrayEquals(exact, vi.values(), 1e-8);
            // Bellman optimality: no action improves on the greedy one
            for (int s = 0; s < mdp.numStates(); s++) {
                for (int a = 0; a < mdp.numActions(); a++) {
                    assertTrue(mdp.expectedBackup(s, a, vi.values(), 0.9) <= vi.values()[s] + 1e-9);
                }
            }
        }
    }

    @Test
    void valueIteration_reportsIterationsAndResidual_andStopsAtSweepLimit() {
        Mdp mdp = randomMdp(7, 10, 2);
        PlanningResult capped = new ValueIteration(new PlanningConfig(0.99, 1e-12, 5)).solve(mdp);
        assertEquals(5, capped.iterations());
        assertFalse(capped.converged());
        assertTrue(capped.residual() > 1e-12);
        PlanningResult full = new ValueIteration(new PlanningConfig(0.99, 1e-6, 100_000)).solve(mdp);
        assertTrue(full.converged());
        assertTrue(full.residual() < 1e-6);
        assertTrue(full.iterations() > 5);
    }

    @Test
    void config_gammaOutsideUnitInterval_isRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PlanningConfig(1.5, 1e-8, 10));
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PlanningConfig(-0.1, 1e-8, 10));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PlanningConfig(Double.NaN, 1e-8, 10));
    }

    @Test
    void config_nonPositiveTolerance_isRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PlanningConfig(0.9, 0, 10));
        assertTrue(e.getMessage().contains("tolerance") && e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PlanningConfig(0.9, -1e-3, 10));
        assertTrue(e.getMessage().contains("-0.001"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PlanningConfig(0.9, 1e-3, 0));
        assertTrue(e.getMessage().contains("maxIterations"), e.getMessage());
    }

    @Test
    void fromArrays_probabilitiesNotSummingToOne_isRejected() {
        double[][][] p = SuttonGridWorld.probabilities();
        p[5][2][9] = 0.5;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mdp.fromArrays(p, SuttonGridWorld.rewards(), SuttonGridWorld.terminal()));
        assertTrue(e.getMessage().contains("s=5") && e.getMessage().contains("0.5"), e.getMessage());
        double[][][] q = SuttonGridWorld.probabilities();
        q[3][1][4] = -0.25;
        e = assertThrows(IllegalArgumentException.class,
                () -> Mdp.fromArrays(q, SuttonGridWorld.rewards(), SuttonGridWorld.terminal()));
        assertTrue(e.getMessage().contains("-0.25"), e.getMessage());
    }

    @Test
    void fromArrays_marksTerminalStatesAndTerminatingTransitions() {
        Mdp mdp = SuttonGridWorld.mdp();
        assertTrue(mdp.isTerminal(0));
        assertTrue(mdp.isTerminal(15));
        assertFalse(mdp.isTerminal(1));
        Mdp.Outcome o = mdp.outcome(1, SuttonGridWorld.LEFT, 0);
        assertEquals(new Mdp.Outcome(1.0, 0, -1.0, true), o);
        assertEquals(0.0, mdp.initialDistribution()[0]);
        assertArrayEquals(new int[]{0, 15}, mdp.terminalStates());
        assertEquals(1.0, mdp.probability(5, SuttonGridWorld.UP, 1));
        assertEquals(0.0, mdp.probability(5, SuttonGridWorld.UP, 9));
        assertEquals(-1.0, mdp.expectedReward(5, SuttonGridWorld.UP));
        assertEquals(1.0 / 14, mdp.initialDistribution()[5], 1e-15);
    }

    @Test
    void fromArrays_stateActionRewards_equalPerTransitionRewards() {
        double[][] r = new double[16][4];
        for (double[] row : r) java.util.Arrays.fill(row, -1);
        Mdp a = Mdp.fromArrays(SuttonGridWorld.probabilities(), r, SuttonGridWorld.terminal());
        PlanningResult va = new ValueIteration(UNDISCOUNTED).solve(a);
        PlanningResult vb = new ValueIteration(UNDISCOUNTED).solve(SuttonGridWorld.mdp());
        assertArrayEquals(vb.values(), va.values(), 0.0);
    }

    @Test
    void printer_drawsValuesAndArrowsOnTheGrid() {
        Mdp mdp = SuttonGridWorld.mdp().withGrid(SuttonGridWorld.layout());
        PlanningResult r = new ValueIteration(UNDISCOUNTED).solve(mdp);
        String values = TablePrinter.values(mdp, r.values());
        String[] rows = values.split("\n");
        assertEquals(4, rows.length, values);
        assertArrayEquals(new String[]{"0.00", "-1.00", "-2.00", "-3.00"}, rows[0].trim().split(" +"), values);
        String policy = TablePrinter.policy(mdp, r.policy());
        String[] arrows = policy.split("\n");
        assertEquals("T ← ← ↓", arrows[0], policy); // state 3 ties down and left: lowest index
        assertEquals("↑ ↑ ↑ ↓", arrows[1], policy);
        assertTrue(arrows[3].endsWith("→ → T"), policy);
        String rendered = TablePrinter.render(mdp, r);
        assertTrue(rendered.contains("iterations") && rendered.contains(policy), rendered);
    }

    @Test
    void printer_withoutGrid_listsStates() {
        Mdp mdp = SuttonGridWorld.mdp();
        String policy = TablePrinter.policy(mdp, new ValueIteration(UNDISCOUNTED).solve(mdp).policy());
        assertEquals(16, policy.split("\n").length);
        assertTrue(policy.startsWith("    0  -"), policy);
    }
}
