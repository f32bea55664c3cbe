package dev.bellman.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import org.junit.jupiter.api.Test;

/**
 * CartPole-v1 to the solved threshold with the tuned values of {@code hyperparams/dqn.yml} (through the
 * provider, as users get them), at the RL Zoo's budget of 50,000 steps, plain DQN and with all four
 * refinements. Acrobot-v1 and MountainCar-v0 run in {@code dev.bellman.bench.DqnLearnBench} (too long
 * for the default suite).
 */
class DqnLearningTest {
    static final String ENV = "CartPole-v1";

    static Dqn.Config tuned(long seed) {
        long steps = TunedHyperparameters.totalTimesteps("dqn", ENV, 0);
        DqnProvider p = new DqnProvider();
        return DqnProvider.config(new TrainRequest(ENV, seed, steps, p.resolve(TunedHyperparameters.hyperparameters("dqn", ENV))));
    }

    static double evaluate(QPolicy policy, long seed) {
        try (Env<float[], Integer> env = Envs.make(ENV)) {
            Evaluation.Result r = Evaluation.evaluate(env, policy, 20, 10_000 + seed);
            System.out.println(ENV + " eval " + r.mean() + " +- " + r.std());
            return r.mean();
        }
    }

    @Test
    void cartPole_plainDqn_reaches475In50kSteps() {
        Dqn.Config c = tuned(1);
        assertTrue(c.totalTimesteps() == 50_000, "the tuned budget is the RL Zoo's 50,000 steps");
        double mean = evaluate(Dqn.train(ENV, c, MetricsSink.none()), 1);
        assertTrue(mean >= 475, "mean greedy return over 20 episodes was " + mean);
    }

    @Test
    void cartPole_doubleDuelingPrioritizedNStep_reaches475In50kSteps() {
        Dqn.Config c = tuned(1).withRefinements(true, true, true, 3);
        double mean = evaluate(Dqn.train(ENV, c, MetricsSink.none()), 1);
        assertTrue(mean >= 475, "mean greedy return over 20 episodes was " + mean);
    }
}
