package dev.bellman.algorithms.pg;

import dev.bellman.core.Evaluation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SB3-style identity tasks: every algorithm of the package solves the discrete and the continuous identity env in a
 * few thousand steps with its tuned values (greedy evaluation over 10 episodes, the envs' reward thresholds).
 */
class IdentityLearningTest {

    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "a2c", "a3c", "trpo"})
    void identityDiscrete_solvedInAFewThousandSteps(String algo) {
        Evaluation.Result r = PgTesting.evaluate(PgTesting.train(algo, "Identity-v0", 1).policy(), "Identity-v0", 10);
        assertTrue(r.mean() >= 95, algo + " on Identity-v0: greedy mean " + r.mean() + " < 95");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "a2c", "a3c", "trpo"})
    void identityContinuous_solvedInAFewThousandSteps(String algo) {
        Evaluation.Result r = PgTesting.evaluate(PgTesting.train(algo, "IdentityContinuous-v0", 1).policy(),
                "IdentityContinuous-v0", 10);
        assertTrue(r.mean() >= -1, algo + " on IdentityContinuous-v0: greedy mean " + r.mean() + " < -1");
    }
}
