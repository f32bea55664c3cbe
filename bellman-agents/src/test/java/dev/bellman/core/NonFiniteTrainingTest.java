package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.algorithms.tabular.Mdp;
import dev.bellman.algorithms.tabular.MdpEnv;
import dev.bellman.algorithms.tabular.PlanningConfig;
import dev.bellman.algorithms.tabular.QLearning;
import dev.bellman.algorithms.tabular.Sarsa;
import dev.bellman.algorithms.tabular.ExpectedSarsa;
import dev.bellman.algorithms.tabular.TdConfig;
import dev.bellman.algorithms.tabular.ValueIteration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A diverging run stops with a {@link NonFiniteException} that names the algorithm, the step and the quantity, for
 * every algorithm family (learning-rate 1e30; tabular learners through a reward near {@code Double.MAX_VALUE}); no
 * checkpoint is written at or after the failing step.
 */
class NonFiniteTrainingTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "dqn, CartPole-v1, 4000, learning-starts=100;train-frequency=1",
        "ppo, CartPole-v1, 4096, num-envs=2;num-steps=128",
        "ppo, Pendulum-v1, 4096, num-envs=1;num-steps=256;num-minibatches=4",
        "a2c, CartPole-v1, 4000, ",
        "a3c, CartPole-v1, 4000, ",
        "reinforce, CartPole-v1, 4000, ",
        "trpo, CartPole-v1, 4096, num-steps=256;batch-size=64",
        "sac, Pendulum-v1, 600, learning-starts=100;batch-size=32",
        "td3, Pendulum-v1, 600, learning-starts=100;batch-size=32",
        "ddpg, Pendulum-v1, 600, learning-starts=100;batch-size=32",
    })
    void learningRate1e30_stopsWithAMessageNamingAlgorithmStepAndQuantity(String algo, String env, long steps,
            String extra) throws Exception {
        AlgorithmProvider provider = Algorithms.get(algo);
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("learning-rate", 1e30);
        if (extra != null) {
            for (String kv : extra.split(";")) {
                String[] p = kv.split("=");
                overrides.put(p[0], p[1]);
            }
        }
        Hyperparameters hp = provider.resolve(overrides);
        Path root = tmp.resolve("checkpoints");
        Checkpoints checkpoints = Checkpoints.in(root, 200, step -> Map.of(), null);
        long[] lastStep = {0};
        MetricsSink sink = (step, key, value) -> lastStep[0] = Math.max(lastStep[0], step);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> provider.train(new TrainRequest(env, 1, steps, hp), sink, checkpoints));
        assertEquals(algo, e.algorithm());
        assertTrue(e.getMessage().startsWith(algo + ": " + e.quantity() + " became "), e.getMessage());
        assertTrue(e.getMessage().contains(" at step " + e.step() + " (learning-rate 1e30 too high?)"), e.getMessage());
        assertTrue(e.step() > 0 && e.step() <= steps, "step " + e.step());
        assertTrue(!Double.isFinite(e.value()));
        Optional<Checkpoints.Loaded> kept = Checkpoints.latest(root);
        kept.ifPresent(k -> assertTrue(k.globalStep() < e.step(),
                "checkpoint at step " + k.globalStep() + " written at or after the failure at " + e.step()));
        System.out.println(e.getMessage() + (kept.isPresent() ? "; kept checkpoint " + kept.get().globalStep() : ""));
    }

    /** One state, one action, a self-loop paying {@code Double.MAX_VALUE}: Q and V overflow on the second update. */
    private static Mdp overflowing() {
        return Mdp.fromArrays(new double[][][] {{{1.0}}}, new double[][] {{Double.MAX_VALUE}}, null);
    }

    @Test
    void tabularLearners_overflowingQ_stopWithTheStepAndQValue() {
        TdConfig config = TdConfig.defaults().withTotalTimesteps(100).withGamma(1).withLearningRate(1.0);
        NonFiniteException q = assertThrows(NonFiniteException.class,
                () -> new QLearning(config).train(MdpEnv.of(overflowing(), 1000)));
        NonFiniteException sarsa = assertThrows(NonFiniteException.class,
                () -> new Sarsa(config).train(MdpEnv.of(overflowing(), 1000)));
        NonFiniteException expected = assertThrows(NonFiniteException.class,
                () -> new ExpectedSarsa(config).train(MdpEnv.of(overflowing(), 1000)));
        assertEquals("q-learning: q_value became +infinity at step 2 (rewards or initial-q too large?)", q.getMessage());
        assertEquals("sarsa", sarsa.algorithm());
        assertEquals("expected-sarsa", expected.algorithm());
    }

    @Test
    void valueIteration_overflowingValues_stopInsteadOfReturningThem() {
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> new ValueIteration(PlanningConfig.defaults().withGamma(1)).solve(overflowing()));
        assertEquals("value-iteration", e.algorithm());
        assertEquals("value residual", e.quantity());
        assertEquals(2, e.step());
    }
}
