package dev.bellman.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.envs.toytext.ToyTextModels;
import org.junit.jupiter.api.Test;

/** The planners on the toy-text transition models (the same tables the registered envs sample from). */
class ToyTextPlanningTest {
    private static final PlanningConfig UNDISCOUNTED = new PlanningConfig(1.0, 1e-10, 100_000);

    @Test
    void gridWorldModel_randomPolicy_reproducesFigure41() {
        Mdp mdp = EnvModels.mdp(ToyTextModels.gridWorld());
        PolicyEvaluation.Result r = new PolicyEvaluation(UNDISCOUNTED).evaluate(mdp, Policies.uniformRandom(mdp));
        assertTrue(r.converged());
        double[] book = {0, -14, -20, -22, -14, -18, -20, -20, -20, -20, -18, -14, -22, -20, -14, 0};
        assertArrayEquals(book, r.values(), 1e-6);
    }

    @Test
    void gridWorldModel_valueIteration_givesMinusDistanceAndAnOptimalPolicy() {
        Mdp mdp = EnvModels.mdp(ToyTextModels.gridWorld());
        PlanningResult r = new ValueIteration(UNDISCOUNTED).solve(mdp);
        PolicyEvaluation.Result greedy = new PolicyEvaluation(UNDISCOUNTED).evaluate(mdp, r.policy());
        for (int s = 0; s < 16; s++) {
            int row = s / 4, col = s % 4;
            int distance = Math.min(row + col, (3 - row) + (3 - col));
            assertEquals(-distance, r.values()[s], 1e-9, "v*(" + s + ")");
            assertEquals(-distance, greedy.values()[s], 1e-9, "v of greedy policy at " + s);
        }
    }

    @Test
    void frozenLakeModels_planners_agreeAndGiveKnownSuccessProbabilities() {
        for (String map : new String[]{"4x4", "8x8"}) {
            Mdp mdp = EnvModels.mdp(ToyTextModels.frozenLake(map, true));
            PlanningResult vi = new ValueIteration(UNDISCOUNTED.withTolerance(1e-12)).solve(mdp);
            PlanningResult qi = new QValueIteration(UNDISCOUNTED.withTolerance(1e-12)).solve(mdp);
            PlanningResult pi = new PolicyIteration(UNDISCOUNTED.withTolerance(1e-12)).solve(mdp);
            assertTrue(vi.converged() && qi.converged() && pi.converged(), map);
            assertArrayEquals(vi.values(), qi.values(), 1e-8, map);
            assertArrayEquals(vi.values(), pi.values(), 1e-8, map);
            // with γ = 1 and reward 1 only at the goal, v*(start) is the best probability of ever reaching the goal;
            // the time limit (100 / 200 steps) lowers the success rate measured on the env below this
            double start = mdp.initialValue(vi.values());
            System.out.println("FrozenLake " + map + ": v*(start) = " + start + " after " + vi.iterations() + " sweeps");
            assertTrue(start > 0.74 && start <= 1.0, map + " v*(start) = " + start);
        }
    }

    @Test
    void taxiModel_valueIteration_converges() {
        Mdp mdp = EnvModels.mdp(ToyTextModels.taxi());
        PlanningResult vi = new ValueIteration(PlanningConfig.defaults()).solve(mdp);
        assertTrue(vi.converged());
        double start = mdp.initialValue(vi.values());
        System.out.println("Taxi: discounted v*(start) = " + start + " after " + vi.iterations() + " sweeps");
        assertTrue(start > 0, "v*(start) = " + start);
    }

    @Test
    void cliffWalkingModel_valueIteration_findsThe13StepPath() {
        Mdp mdp = EnvModels.mdp(ToyTextModels.cliffWalking(false));
        PlanningResult vi = new ValueIteration(UNDISCOUNTED).solve(mdp);
        assertEquals(-13, vi.values()[36], 1e-9);
        assertTrue(mdp.isTerminal(47), "goal is terminal");
        assertFalse(mdp.isReachable(40), "cliff cells are never occupied");
    }
}
