package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every checkpointing algorithm honours a stop request ({@link Checkpoints#requestStop()}, what the command line does
 * on the first SIGINT/SIGTERM/SIGHUP) within one step or iteration: it writes a checkpoint, even with checkpoint
 * frequency 0, and ends with {@link TrainingStoppedException}, long before its budget is spent, handing out the
 * policy it has at that step ({@link Checkpoints#policyAtStop}), which the command line saves as the run's model.
 */
public class StopRequestTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "q-learning | Taxi-v3 | ''",
            "sarsa | Taxi-v3 | ''",
            "expected-sarsa | Taxi-v3 | ''",
            "dqn | CartPole-v1 | net-arch=16",
            "ppo | CartPole-v1 | ''",
            "ppo | Pendulum-v1 | num-steps=64",
            "reinforce | CartPole-v1 | ''",
            "a2c | CartPole-v1 | ''",
            "a3c | CartPole-v1 | ''",
            "trpo | CartPole-v1 | ''",
            "ddpg | Pendulum-v1 | net-arch=16",
            "td3 | Pendulum-v1 | net-arch=16",
            "sac | Pendulum-v1 | net-arch=16",
            "mbpo | Pendulum-v1 | ensemble-size=2 model-net-arch=16,16 model-epochs=1 model-train-freq=100"
                    + " rollout-batch-size=50 learning-starts=100 gradient-steps=1 batch-size=32 net-arch=16,16",
            "preference-ppo | CartPole-v1 | num-envs=2 num-steps=64 num-minibatches=2 update-epochs=2 max-labels=24"
                    + " initial-labels=8 label-fraction=1 query-batch=4 segment-length=16 reward-hidden-size=16",
            "preference-sac | Pendulum-v1 | learning-starts=60 reward-hidden-size=16 hidden-size=16 batch-size=16"
                    + " max-labels=24 initial-labels=8 label-fraction=1 query-batch=4 segment-length=10"
                    + " history-size=80",
            "es | CartPole-v1 | noise-table-size=65536 population-size=10",
            "ars | Pendulum-v1 | noise-table-size=65536 num-directions=5 top-directions=2",
            "pets | Pendulum-v1 | ensemble-size=2 net-arch=16,16 model-epochs=1 initial-random-steps=100 horizon=5"
                    + " population-size=20 num-elites=4 cem-iterations=2 particles=2",
            "impala | CartPole-v1 | num-actors=2",
            "apex-dqn | CartPole-v1 | learning-starts=500 updates-per-round=8",
            "muzero | CartPole-v1 | hidden-size=16 latent-size=8 simulations=6 unroll-steps=3 td-steps=5 batch-size=16"
                    + " learning-starts=50 train-frequency=5 replay-size=300",
            "muzero | TicTacToe | hidden-size=16 latent-size=8 simulations=6 unroll-steps=3 batch-size=16"
                    + " learning-starts=20 train-frequency=5 replay-size=100",
            "alphazero | TicTacToe | simulations=12 mcts-batch-size=4 parallel-games=3 games-per-iteration=4"
                    + " train-steps=3 batch-size=16 channels=8 value-hidden=8 eval-interval=0",
    })
    void stopRequestedAtTheFirstMetric_savesACheckpoint_andEndsTraining(String algo, String env, String sets) {
        AlgorithmProvider p = Algorithms.get(algo);
        Map<String, Object> hp = new LinkedHashMap<>();
        for (String kv : sets.isBlank() ? new String[0] : sets.split(" ")) {
            hp.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        assertStopsWithItsPolicy(p, env, hp, tmp);
    }

    /**
     * Every algorithm that writes checkpoints, so can be stopped, is among the cases above (gail, airl and dagger,
     * which need demonstrations, and alphago, which needs expert games, in their own tests), so a new one cannot leave
     * its stopped runs without a model unnoticed.
     */
    @Test
    void everyCheckpointingAlgorithm_isCovered() throws NoSuchMethodException {
        Set<String> covered = new TreeSet<>(List.of("gail", "airl", "dagger", "alphago"));
        CsvSource cases = StopRequestTest.class.getDeclaredMethod(
                "stopRequestedAtTheFirstMetric_savesACheckpoint_andEndsTraining", String.class, String.class,
                String.class).getAnnotation(CsvSource.class);
        for (String row : cases.value()) covered.add(row.substring(0, row.indexOf('|')).trim());
        Set<String> checkpointing = new TreeSet<>();
        for (AlgorithmProvider p : Algorithms.all()) if (p.supportsCheckpoints()) checkpointing.add(p.id());
        assertEquals(checkpointing, covered);
    }

    /**
     * Trains {@code p} on {@code env} with a budget it cannot spend, requests a stop at the first metric, and asserts
     * the stop: within 50,000 steps, a checkpoint at the stop's step under {@code tmp}, and a policy that saves, loads
     * with {@code p.load} and acts on the env's first observation (a game's first position). For providers outside
     * this package (the imitation ones, wrapped with their demonstrations).
     */
    public static void assertStopsWithItsPolicy(AlgorithmProvider p, String env, Map<String, ?> hp, Path tmp) {
        String algo = p.id();
        long budget = 100_000_000L;
        Checkpoints checkpoints = Checkpoints.in(tmp, 0, s -> Map.of(), null);
        AtomicLong firstMetric = new AtomicLong(-1);
        MetricsSink sink = (step, key, value) -> {
            if (firstMetric.compareAndSet(-1, step)) {
                checkpoints.requestStop();
            }
        };
        try {
            p.train(new TrainRequest(env, 3, budget, p.resolve(hp)), sink, checkpoints);
            fail(algo + " trained its whole budget despite the stop request");
        } catch (RuntimeException e) {
            TrainingStoppedException stop = null;
            for (Throwable t = e; t != null && stop == null; t = t.getCause()) {
                if (t instanceof TrainingStoppedException s) stop = s;
            }
            if (stop == null) throw e;
            assertTrue(stop.globalStep() >= firstMetric.get() && stop.globalStep() < firstMetric.get() + 50_000,
                    "stopped at " + stop.globalStep() + ", first metric at " + firstMetric.get());
            try {
                Checkpoints.Loaded saved = Checkpoints.latest(tmp).orElse(null);
                assertNotNull(saved, "a checkpoint is written before stopping");
                assertEquals(stop.globalStep(), saved.globalStep());
                // and hands out the policy it has, which saves and loads as the end's does (the run's model/)
                assertTrue(stop.policy().isPresent(), algo + " hands out no policy at its stop");
                Path model = tmp.resolve("model");
                java.nio.file.Files.createDirectories(model);
                stop.policy().get().save(model);
                Policy loaded = p.load(model);
                if (dev.bellman.games.Games.ids().contains(env)) { // a game's player acts on a position
                    assertNotNull(loaded.act(dev.bellman.games.Games.make(env).newInitialState()));
                } else {
                    try (var made = dev.bellman.env.Envs.make(env, Map.of())) {
                        assertNotNull(loaded.act(made.reset(3).observation()));
                    }
                }
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        }
    }
}
