package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bellman.algorithms.ppo.Ppo;
import dev.bellman.algorithms.ppo.PpoContinuous;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Step budgets at {@code Long.MAX_VALUE} scale: the derived counts are exact, and a run with such a budget really
 * trains (it takes env steps and updates until the sink stops it) instead of "finishing" at once after an overflow.
 */
class HugeBudgetTest {
    private static final class Stop extends RuntimeException {
        Stop() {
            super("stopped by the test", null, false, false);
        }
    }

    @Test
    void ppoIterations_hugeBudgets_areExact() {
        for (long total : new long[] {549_755_813_888L, 1L << 40, Long.MAX_VALUE}) {
            Ppo.Config c = Ppo.Config.defaults().withTotalTimesteps(total);
            assertEquals(total / 512, c.numIterations(), "total " + total);
            PpoContinuous.Config cc = PpoContinuous.Config.defaults().withTotalTimesteps(total);
            assertEquals(total / 2048, cc.numIterations(), "total " + total);
        }
    }

    @ParameterizedTest(name = "{0} with {1} steps")
    @CsvSource({
        "ppo, 549755813888, CartPole-v1, num-envs=8;num-steps=32",
        "ppo, 9223372036854775807, CartPole-v1, num-envs=8;num-steps=32",
        "ppo, 9223372036854775807, Pendulum-v1, num-steps=256;num-minibatches=4",
        "a2c, 549755813888, CartPole-v1, ",
        "a2c, 9223372036854775807, CartPole-v1, ",
        "a3c, 9223372036854775807, CartPole-v1, ",
        "reinforce, 9223372036854775807, CartPole-v1, ",
        "trpo, 9223372036854775807, CartPole-v1, num-steps=256;batch-size=64",
        "dqn, 9223372036854775807, CartPole-v1, learning-starts=200",
        "sac, 9223372036854775807, Pendulum-v1, 'learning-starts=100;batch-size=32;buffer-size=10000;net-arch=64,64'",
        "td3, 9223372036854775807, Pendulum-v1, 'learning-starts=100;batch-size=32;buffer-size=10000;net-arch=64,64'",
        "ddpg, 9223372036854775807, Pendulum-v1, 'learning-starts=100;batch-size=32;buffer-size=10000;net-arch=64,64'",
    })
    void hugeBudget_trainsUntilStopped(String algo, long total, String env, String extra) {
        AlgorithmProvider provider = Algorithms.get(algo);
        Map<String, Object> overrides = new HashMap<>();
        if (extra != null) {
            for (String kv : extra.split(";")) {
                String[] p = kv.split("=");
                overrides.put(p[0], p[1]);
            }
        }
        Hyperparameters hp = provider.resolve(overrides);
        long[] maxStep = {0};
        int[] lossRecords = {0};
        MetricsSink sink = (step, key, value) -> {
            maxStep[0] = Math.max(maxStep[0], step);
            if (key.startsWith("losses/")) {
                lossRecords[0]++;
            }
            if ((step >= 500 && lossRecords[0] > 0) || step >= 30_000) {
                throw new Stop();
            }
        };
        try {
            provider.train(new TrainRequest(env, 1, total, hp), sink, Checkpoints.none());
            fail(algo + " returned after " + maxStep[0] + " of " + total + " steps: it did not really train");
        } catch (RuntimeException e) {
            if (!causedByStop(e)) {
                throw e;
            }
        }
        assertTrue(maxStep[0] >= 500, algo + " stopped at step " + maxStep[0]);
        assertTrue(lossRecords[0] > 0, algo + " logged no loss in " + maxStep[0] + " steps: no update ran");
    }

    private static boolean causedByStop(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Stop) {
                return true;
            }
        }
        return false;
    }
}
