package dev.bellman.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import org.junit.jupiter.api.Test;

/**
 * Q-learning, SARSA and Expected SARSA on the registered toy-text envs with their time limits, seeded; the budgets are
 * the ones documented in the package documentation.
 */
class LearningOnEnvsTest {
    /** FrozenLake-v1 budget: 200,000 steps, α 0.1 → 0.01, ε 1 → 0.1 over the first half, γ 0.99. */
    static final TdConfig FROZEN_LAKE = TdConfig.forEnv("FrozenLake-v1");
    /** Taxi-v3 budget: 200,000 steps, α 0.1, ε 1 → 0.05 over the first half, γ 0.99. */
    static final TdConfig TAXI = TdConfig.forEnv("Taxi-v3");
    /** CliffWalking-v0 (Sutton and Barto example 6.6): 20,000 steps (about 1,000 episodes), α 0.5, ε 0.1, γ 1. */
    static final TdConfig CLIFF = TdConfig.forEnv("CliffWalking-v0");

    @Test
    void qLearning_frozenLake4x4_greedyPolicySucceedsInAtLeast70Percent() {
        for (long seed = 1; seed <= 3; seed++) {
            TdResult r = new QLearning(FROZEN_LAKE.withSeed(seed)).train(Envs.make("FrozenLake-v1"));
            double success = r.q().evaluate(Envs.make("FrozenLake-v1"), 10_000, 0).fractionAtLeast(1.0);
            System.out.printf("FrozenLake-v1 Q-learning seed %d: %d episodes, success %.4f over 10,000%n", seed,
                    r.episodes(), success);
            assertTrue(success >= 0.70, "seed " + seed + ": success rate " + success);
        }
    }

    @Test
    void qLearning_taxi_greedyPolicyIsOptimal() {
        Env<Integer, Integer> env = Envs.make("Taxi-v3");
        Mdp mdp = EnvModels.mdp(env);
        PlanningConfig undiscounted = new PlanningConfig(1.0, 1e-12, 10_000);
        double optimum = mdp.initialValue(new PolicyEvaluation(undiscounted)
                .evaluate(mdp, new ValueIteration(PlanningConfig.defaults()).solve(mdp).policy()).values());
        // tools/tabular/taxi_optimal_return.py computes the same figure by breadth-first search: 7.93
        assertEquals(7.93, optimum, 1e-9);
        for (long seed = 1; seed <= 2; seed++) {
            TdResult r = new QLearning(TAXI.withSeed(seed)).train(Envs.make("Taxi-v3"));
            Evaluation.Result e = r.q().evaluate(Envs.make("Taxi-v3"), 1_000, 0);
            double expected = mdp.initialValue(new PolicyEvaluation(undiscounted).evaluate(mdp, r.q().greedyPolicy()).values());
            System.out.printf("Taxi-v3 Q-learning seed %d: mean %.3f (std %.3f) over 1,000 episodes; exact expected return"
                    + " %.4f (optimum %.4f)%n", seed, e.mean(), e.std(), expected, optimum);
            assertEquals(optimum, expected, 1e-6, "the greedy policy is optimal from every initial state");
            assertTrue(e.mean() >= 7.7, "mean return " + e.mean());
        }
    }

    @Test
    void cliffWalking_qLearningTakesTheCliffEdge_sarsaLearnsTheSaferPathAndEarnsMoreOnline() {
        for (long seed = 1; seed <= 3; seed++) {
            TdResult q = new QLearning(CLIFF.withSeed(seed)).train(Envs.make("CliffWalking-v0"));
            TdResult sarsa = new Sarsa(CLIFF.withSeed(seed)).train(Envs.make("CliffWalking-v0"));
            TdResult expected = new ExpectedSarsa(CLIFF.withSeed(seed)).train(Envs.make("CliffWalking-v0"));
            Evaluation.Result qPath = q.q().evaluate(Envs.make("CliffWalking-v0"), 1, 0);
            Evaluation.Result sarsaPath = sarsa.q().evaluate(Envs.make("CliffWalking-v0"), 1, 0);
            Evaluation.Result expectedPath = expected.q().evaluate(Envs.make("CliffWalking-v0"), 1, 0);
            System.out.printf("CliffWalking seed %d: online mean return Q %.2f, SARSA %.2f, Expected SARSA %.2f; greedy"
                    + " return Q %.0f (%d steps), SARSA %.0f (%d steps), Expected SARSA %.0f%n", seed,
                    q.meanReturnOfLast(Integer.MAX_VALUE), sarsa.meanReturnOfLast(Integer.MAX_VALUE),
                    expected.meanReturnOfLast(Integer.MAX_VALUE), qPath.mean(), qPath.lengths()[0], sarsaPath.mean(),
                    sarsaPath.lengths()[0], expectedPath.mean());
            // Q-learning's greedy path is the optimal one along the cliff: 13 steps, return −13
            assertEquals(-13.0, qPath.mean());
            assertEquals(13, qPath.lengths()[0]);
            // SARSA's is longer and never falls (a fall costs −100)
            assertTrue(sarsaPath.mean() < -13 && sarsaPath.mean() > -100, "SARSA greedy return " + sarsaPath.mean());
            assertTrue(expectedPath.mean() <= -13 && expectedPath.mean() > -100, "Expected SARSA " + expectedPath.mean());
            // Sutton and Barto figure 6.4: online, SARSA (and Expected SARSA) earn more than Q-learning with ε = 0.1
            assertTrue(sarsa.meanReturnOfLast(Integer.MAX_VALUE) > q.meanReturnOfLast(Integer.MAX_VALUE));
            assertTrue(expected.meanReturnOfLast(Integer.MAX_VALUE) > q.meanReturnOfLast(Integer.MAX_VALUE));
        }
    }

    @Test
    void cliffWalking_printsTheGreedyPolicyOnTheGrid() {
        Env<Integer, Integer> env = Envs.make("CliffWalking-v0");
        TdResult q = new QLearning(CLIFF.withSeed(1)).train(env);
        String printed = TablePrinter.policy(EnvModels.mdp(env), q.q().greedyPolicy());
        String[] rows = printed.split("\n");
        assertEquals(4, rows.length, printed);
        assertEquals("↑ C C C C C C C C C C G", rows[3], printed);
        assertTrue(rows[2].endsWith("→ → ↓"), printed);
        String rendered = TablePrinter.render(env, q.q());
        assertTrue(rendered.contains(printed), rendered);
    }

    @Test
    void qLearning_gridWorldEnv_withTunedBudget_learnsShortestPaths_andReportsEveryEpisode() {
        Env<Integer, Integer> env = Envs.make("GridWorld-v0");
        int[] calls = {0};
        long[] lastTimestep = {0};
        TdResult r = new QLearning(TdConfig.forEnv("GridWorld-v0")).train(env, (t, episode, ret, len, eps) -> {
            assertEquals(calls[0]++, episode);
            assertTrue(t > lastTimestep[0] && eps >= 0.1 - 1e-12 && eps <= 1);
            lastTimestep[0] = t;
        });
        assertEquals(r.episodes(), calls[0]);
        Evaluation.Result e = r.q().evaluate(env, 500, 0);
        Mdp mdp = EnvModels.mdp(env);
        double optimum = mdp.initialValue(new ValueIteration(new PlanningConfig(1.0, 1e-10, 1000)).solve(mdp).values());
        assertEquals(optimum, e.mean(), 0.25, "mean return of the greedy policy");
        assertTrue(java.util.Arrays.stream(e.returns()).allMatch(x -> x >= -3), "every start reaches a corner in <= 3");
    }
}
