package dev.bellman.algorithms.pg;

import dev.bellman.core.Evaluation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headline task: every algorithm reaches CartPole-v1's 475 with its tuned values and budget (REINFORCE, A2C and A3C
 * 500,000 steps; TRPO 100,000), seed 1, greedy evaluation over 20 episodes. Every run is deterministic per seed,
 * A3C's included. Acrobot-v1 runs and other seeds are in bellman-bench's PgLearnBench.
 */
class CartPoleLearningTest {

    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "a2c", "a3c", "trpo"})
    void cartPole_reaches475(String algo) {
        Evaluation.Result r = PgTesting.evaluate(PgTesting.train(algo, "CartPole-v1", 1).policy(), "CartPole-v1", 20);
        assertTrue(r.mean() >= 475, algo + " on CartPole-v1: greedy mean " + r.mean() + " < 475");
    }
}
