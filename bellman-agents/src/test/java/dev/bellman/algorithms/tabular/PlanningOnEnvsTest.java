package dev.bellman.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import org.junit.jupiter.api.Test;

/** The planners through the registered envs ({@code Envs.make}), evaluated on the envs with their time limits. */
class PlanningOnEnvsTest {

    @Test
    void gridWorldEnv_policyEvaluationAndValueIteration_matchTheBook() {
        Env<Integer, Integer> env = Envs.make("GridWorld-v0");
        Mdp mdp = EnvModels.mdp(env);
        assertEquals("GridWorld-v0", mdp.name());
        PlanningConfig undiscounted = new PlanningConfig(1.0, 1e-10, 100_000);
        double[] v = new PolicyEvaluation(undiscounted).evaluate(mdp, Policies.uniformRandom(mdp)).values();
        assertArrayEquals(new double[]{0, -14, -20, -22}, java.util.Arrays.copyOf(v, 4), 1e-6);
        PlanningResult vi = new ValueIteration(undiscounted).solve(env);
        assertArrayEquals(new double[]{0, -1, -2, -3}, java.util.Arrays.copyOf(vi.values(), 4), 1e-9);
        // the greedy policy walks from every start to a corner in the fewest steps: return = v*(s0)
        Evaluation.Result e = Evaluation.run(env, vi.policy(), 200, 0);
        for (int i = 0; i < 200; i++) assertTrue(e.returns()[i] >= -3, "episode " + i + " returned " + e.returns()[i]);
        String printed = TablePrinter.render(mdp, vi);
        assertTrue(printed.contains("T ← ← ←") || printed.contains("T ← ← ↓"), printed);
    }

    @Test
    void frozenLake4x4_valueIterationPolicy_succeedsInAtLeast70PercentOf10000Episodes() {
        Env<Integer, Integer> env = Envs.make("FrozenLake-v1");
        PlanningResult vi = new ValueIteration(PlanningConfig.defaults()).solve(env);
        assertTrue(vi.converged());
        Evaluation.Result e = Evaluation.run(env, vi.policy(), 10_000, 0);
        double success = e.fractionAtLeast(1.0);
        System.out.printf("FrozenLake-v1 VI (gamma 0.99, %d sweeps): success %.4f over 10,000 episodes%n",
                vi.iterations(), success);
        assertTrue(success >= 0.70, "success rate " + success);
        String policy = TablePrinter.policy(EnvModels.mdp(env), vi.policy());
        assertEquals(4, policy.split("\n").length);
        assertTrue(policy.endsWith("G\n") && policy.contains("H"), policy);
    }

    @Test
    void frozenLake8x8_valueIterationPolicy_succeedsInAtLeast85Percent() {
        Env<Integer, Integer> env = Envs.make("FrozenLake8x8-v1");
        PlanningResult vi = new ValueIteration(PlanningConfig.defaults()).solve(env);
        Evaluation.Result e = Evaluation.run(env, vi.policy(), 10_000, 0);
        double success = e.fractionAtLeast(1.0);
        System.out.printf("FrozenLake8x8-v1 VI (gamma 0.99, %d sweeps): success %.4f over 10,000 episodes%n",
                vi.iterations(), success);
        assertTrue(success >= 0.85, "success rate " + success);
    }

    @Test
    void frozenLake_allThreePlanners_giveTheSameGreedyValue() {
        Env<Integer, Integer> env = Envs.make("FrozenLake-v1");
        Mdp mdp = EnvModels.mdp(env);
        PlanningConfig cfg = PlanningConfig.defaults().withTolerance(1e-12);
        PlanningResult vi = new ValueIteration(cfg).solve(mdp);
        PlanningResult qi = new QValueIteration(cfg).solve(mdp);
        PlanningResult pi = new PolicyIteration(cfg).solve(mdp);
        assertArrayEquals(vi.values(), qi.values(), 1e-9);
        assertArrayEquals(vi.values(), pi.values(), 1e-9);
        assertTrue(pi.iterations() < 20, "policy iteration improvement steps " + pi.iterations());
    }

    @Test
    void planner_givenEnvWithoutModel_failsWithClearMessage() {
        Env<float[], Integer> cartPole = Envs.make("CartPole-v1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ValueIteration(PlanningConfig.defaults()).solve(cartPole));
        assertTrue(e.getMessage().contains("CartPole-v1") && e.getMessage().contains("transition model"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PolicyIteration(PlanningConfig.defaults()).solve(cartPole));
        assertThrows(IllegalArgumentException.class, () -> new QValueIteration(PlanningConfig.defaults()).solve(cartPole));
    }

    @Test
    void learner_givenContinuousObservations_failsWithClearMessage() {
        Env<float[], Integer> cartPole = Envs.make("CartPole-v1");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Env<Integer, Integer> wrongType = (Env) cartPole;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QLearning(TdConfig.defaults()).train(wrongType));
        assertTrue(e.getMessage().contains("Discrete") && e.getMessage().contains("CartPole-v1"), e.getMessage());
    }
}
