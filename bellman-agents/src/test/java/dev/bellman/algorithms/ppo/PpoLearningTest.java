package dev.bellman.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.Evaluation;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import org.junit.jupiter.api.Test;

/**
 * PPO reaches the headline thresholds with the tuned values of hyperparams/ppo.yml and a fixed seed, judged by a
 * greedy evaluation over 20 episodes. (Pendulum-v1 at 1,000,000 steps runs in bellman-bench's PpoLearnBench.)
 */
class PpoLearningTest {

    @Test
    void cartPole_tuned_reaches475_within100kSteps() {
        TrainRequest request = PpoTestSupport.tunedRequest("CartPole-v1", 1);
        assertEquals(100_000, request.totalTimesteps(), "RL Zoo budget");
        Policy policy = PpoTestSupport.train(request);
        Evaluation.Result result = PpoTestSupport.evaluate("CartPole-v1", policy, 20, 10_001);
        assertTrue(result.mean() >= 475, "CartPole-v1 greedy mean " + result);
    }

    @Test
    void acrobot_tuned_reachesMinus100() {
        TrainRequest request = PpoTestSupport.tunedRequest("Acrobot-v1", 1);
        Policy policy = PpoTestSupport.train(request);
        Evaluation.Result result = PpoTestSupport.evaluate("Acrobot-v1", policy, 20, 10_001);
        assertTrue(result.mean() >= -100, "Acrobot-v1 greedy mean " + result);
    }
}
