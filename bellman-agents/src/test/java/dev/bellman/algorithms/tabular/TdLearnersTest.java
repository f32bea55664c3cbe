package dev.bellman.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.env.Env;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Q-learning, SARSA and Expected SARSA on small MDPs built from arrays (sampled through {@link MdpEnv}). */
class TdLearnersTest {

    private static final Function<TdConfig, Function<Env<Integer, Integer>, TdResult>> Q = c -> new QLearning(c)::train;
    private static final Function<TdConfig, Function<Env<Integer, Integer>, TdResult>> SARSA = c -> new Sarsa(c)::train;
    private static final Function<TdConfig, Function<Env<Integer, Integer>, TdResult>> EXPECTED =
            c -> new ExpectedSarsa(c)::train;

    /** One state, one action, reward 1, never terminates; each episode is cut after 1 step by the time limit. */
    private static Mdp loop() {
        return Mdp.builder(1, 1).transition(0, 0, 1.0, 0, 1.0, false).build();
    }

    /** One state, one action, reward 1, always terminates. */
    private static Mdp oneStep() {
        return Mdp.builder(1, 1).transition(0, 0, 1.0, 0, 1.0, true).build();
    }

    @Test
    void allLearners_bootstrapOnTruncation_notOnTermination() {
        // α = 1, γ = 0.5: with bootstrapping on truncation Q → 1 / (1 − 0.5) = 2; without, Q would stay 1
        TdConfig cfg = TdConfig.defaults().withTotalTimesteps(200).withLearningRate(1.0).withGamma(0.5).withEpsilon(0.0);
        for (var learner : java.util.List.of(Q, SARSA, EXPECTED)) {
            TdResult truncated = learner.apply(cfg).apply(MdpEnv.of(loop(), 1));
            assertEquals(2.0, truncated.q().get(0, 0), 1e-9);
            assertEquals(200, truncated.episodes(), "every step ends an episode by truncation");
            TdResult terminated = learner.apply(cfg).apply(MdpEnv.of(oneStep(), 10));
            assertEquals(1.0, terminated.q().get(0, 0), 1e-12);
        }
    }

    @Test
    void allLearners_gridWorldFromArrays_learnAShortestPathPolicy() {
        Mdp mdp = SuttonGridWorld.mdp();
        TdConfig cfg = TdConfig.defaults().withTotalTimesteps(30_000).withGamma(1.0).withLearningRate(0.5, 0.05)
                .withEpsilon(1.0, 0.1, 0.5).withSeed(3);
        PolicyEvaluation evaluation = new PolicyEvaluation(new PlanningConfig(1.0, 1e-10, 10_000));
        for (var learner : java.util.List.of(Q, SARSA, EXPECTED)) {
            TdResult r = learner.apply(cfg).apply(MdpEnv.of(mdp, 100));
            PolicyEvaluation.Result v = evaluation.evaluate(mdp, r.q().greedyPolicy());
            for (int s = 1; s < 15; s++) {
                int row = s / 4, col = s % 4;
                assertEquals(-Math.min(row + col, 6 - row - col), v.values()[s], 1e-6, "greedy value at " + s);
            }
        }
    }

    @Test
    void allLearners_sameSeed_sameTableAndReturns() {
        Mdp mdp = PlanningTest.randomMdp(11, 8, 3);
        TdConfig cfg = TdConfig.defaults().withTotalTimesteps(5_000).withSeed(42);
        for (var learner : java.util.List.of(Q, SARSA, EXPECTED)) {
            TdResult a = learner.apply(cfg).apply(MdpEnv.of(mdp, 50));
            TdResult b = learner.apply(cfg).apply(MdpEnv.of(mdp, 50));
            assertArrayEquals(a.episodeReturns(), b.episodeReturns());
            for (int s = 0; s < 8; s++) assertArrayEquals(a.q().toArray()[s], b.q().toArray()[s]);
            TdResult c = learner.apply(cfg.withSeed(43)).apply(MdpEnv.of(mdp, 50));
            assertNotEquals(java.util.Arrays.toString(a.episodeReturns()), java.util.Arrays.toString(c.episodeReturns()));
        }
    }

    @Test
    void config_schedules_decayLinearlyThenHold() {
        TdConfig cfg = new TdConfig(1000, 0.5, 0.1, 0.9, 1.0, 0.1, 0.5, 0.0, 1);
        assertEquals(1.0, cfg.epsilonAt(0), 1e-12);
        assertEquals(0.55, cfg.epsilonAt(250), 1e-12);
        assertEquals(0.1, cfg.epsilonAt(500), 1e-12);
        assertEquals(0.1, cfg.epsilonAt(999), 1e-12);
        assertEquals(0.5, cfg.learningRateAt(0), 1e-12);
        assertEquals(0.3, cfg.learningRateAt(500), 1e-12);
        TdConfig constant = cfg.withEpsilon(0.2).withLearningRate(0.3);
        assertEquals(0.2, constant.epsilonAt(0));
        assertEquals(0.2, constant.epsilonAt(999));
        assertEquals(0.3, constant.learningRateAt(700));
    }

    @Test
    void config_badValues_areRejectedNamingTheValue() {
        TdConfig d = TdConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withGamma(1.01));
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("1.01"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withLearningRate(0.0));
        assertTrue(e.getMessage().contains("learningRate") && e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withEpsilon(-0.1));
        assertTrue(e.getMessage().contains("startE") && e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withTotalTimesteps(-3));
        assertTrue(e.getMessage().contains("totalTimesteps") && e.getMessage().contains("-3"), e.getMessage());
    }

    @Test
    void evaluation_reportsMeanStdAndReturns() {
        // two-outcome MDP: reward 1 or 3 with probability 1/2 each, then termination
        Mdp mdp = Mdp.builder(1, 1).transition(0, 0, 0.5, 0, 1.0, true).transition(0, 0, 0.5, 0, 3.0, true).build();
        Evaluation.Result r = Evaluation.run(new MdpEnv(mdp), new int[]{0}, 4000, 5);
        assertEquals(4000, r.returns().length);
        assertEquals(2.0, r.mean(), 0.1);
        assertEquals(1.0, r.std(), 0.02);
        assertEquals(r.mean(), java.util.Arrays.stream(r.returns()).average().orElseThrow(), 1e-12);
        Evaluation.Result again = Evaluation.run(new MdpEnv(mdp), new int[]{0}, 4000, 5);
        assertArrayEquals(r.returns(), again.returns(), "same seed, same episodes");
        assertThrows(IllegalArgumentException.class, () -> Evaluation.run(new MdpEnv(mdp), new int[]{0}, 0, 5));
    }
}
