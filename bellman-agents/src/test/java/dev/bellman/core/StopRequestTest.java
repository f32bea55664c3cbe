package dev.bellman.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every checkpointing algorithm honours a stop request ({@link Checkpoints#requestStop()}, what the command line does
 * on the first SIGINT/SIGTERM/SIGHUP) within one step or iteration: it writes a checkpoint, even with checkpoint
 * frequency 0, and ends with {@link TrainingStoppedException}, long before its budget is spent, handing out the
 * policy it has at that step ({@link Checkpoints#policyAtStop}), which the command line saves as the run's model.
 */
class StopRequestTest {
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
    })
    void stopRequestedAtTheFirstMetric_savesACheckpoint_andEndsTraining(String algo, String env, String sets) {
        AlgorithmProvider p = Algorithms.get(algo);
        Map<String, Object> hp = new LinkedHashMap<>();
        for (String kv : sets.isBlank() ? new String[0] : sets.split(" ")) {
            hp.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
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
                try (var made = dev.bellman.env.Envs.make(env, Map.of())) {
                    assertNotNull(loaded.act(made.reset(3).observation()));
                }
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        }
    }
}
