package dev.bellman.algorithms.impala;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.distributed.InProcessTransport;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-JVM IMPALA: learns CartPole-v1, is reproducible in deterministic mode, and resumes exactly after a kill. */
class ImpalaTest {

    record Run(Policy policy, List<String> metrics) {}

    static Run train(String env, long seed, long steps, Map<String, String> overrides) {
        AlgorithmProvider p = Algorithms.get("impala");
        Map<String, String> hp = new HashMap<>(TunedHyperparameters.hyperparameters("impala", env));
        hp.putAll(overrides);
        List<String> metrics = new ArrayList<>();
        MetricsSink sink = (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) metrics.add(step + " " + key + " " + value);
        };
        return new Run(p.train(new TrainRequest(env, seed, steps, p.resolve(hp)), sink), metrics);
    }

    /** The tuned entry reaches the CartPole-v1 threshold of 475 under greedy evaluation. */
    @Test
    void cartPole_tunedEntry_reaches475() {
        long steps = TunedHyperparameters.totalTimesteps("impala", "CartPole-v1", 0);
        long t0 = System.nanoTime();
        Run run = train("CartPole-v1", 1, steps, Map.of());
        Evaluation.Result r;
        try (Env<Object, Object> e = Envs.make("CartPole-v1")) {
            r = Evaluation.evaluate(e, run.policy(), 20, 10_000);
        }
        System.out.printf("impala CartPole-v1 seed 1: %d steps in %.1f s, greedy mean %.1f%n", steps,
                (System.nanoTime() - t0) / 1e9, r.mean());
        assertTrue(r.mean() >= 475, "greedy mean return " + r.mean());
    }

    /** Deterministic mode: the same seed gives the same metrics and weights, whatever the threads' scheduling. */
    @Test
    void deterministicMode_sameSeed_sameMetrics() {
        Run a = train("CartPole-v1", 5, 12_800, Map.of("num-actors", "3"));
        Run b = train("CartPole-v1", 5, 12_800, Map.of("num-actors", "3"));
        assertTrue(a.metrics().size() > 20, "metrics " + a.metrics().size());
        assertSameRecords(a.metrics(), b.metrics());
        float[] obs = {0.01f, -0.02f, 0.03f, 0.04f};
        assertEquals(java.util.Arrays.toString(((ImpalaPolicy) a.policy()).logits(obs)),
                java.util.Arrays.toString(((ImpalaPolicy) b.policy()).logits(obs)));
    }

    /** A learner killed after a checkpoint and resumed ends with the metrics and weights of an uninterrupted run. */
    @Test
    void killedLearner_resumes_likeUninterrupted(@TempDir Path dir) {
        // 4 actors x 4 envs x 20 steps = 320 steps a round; checkpoints every 1280 steps
        ResumeTesting.assertResumeMatchesUninterrupted("impala", "CartPole-v1", 3, 6400, 1280, 4000, Map.of(), dir);
    }

    /**
     * Free-running mode, as several JVMs run it: an actor that joins late is used, one that dies mid-run (its thread
     * interrupted) is dropped, and the learner still spends its budget and returns a policy.
     */
    @Test
    void freeRunning_lateActorJoinsAndDeadActorIsDropped_learnerFinishes() throws Exception {
        AlgorithmProvider p = Algorithms.get("impala");
        TrainRequest request = new TrainRequest("CartPole-v1", 2, 16_000,
                p.resolve(Map.of("deterministic", "false", "num-actors", "2")));
        Impala algo = new Impala();
        List<String> metrics = java.util.Collections.synchronizedList(new ArrayList<>());
        MetricsSink sink = (step, key, value) -> metrics.add(key);
        try (InProcessTransport transport = new InProcessTransport(8)) {
            Thread first = actor(algo, transport, 0), late = null;
            first.start();
            ImpalaPolicy[] result = new ImpalaPolicy[1];
            Thread learner = new Thread(() -> {
                try {
                    result[0] = algo.runLearner(transport, request, sink, dev.bellman.core.Checkpoints.none());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            learner.start();
            awaitVersion(transport, 5, learner);
            late = actor(algo, transport, 1);
            late.start();
            awaitVersion(transport, 10, learner);
            first.interrupt();                                  // actor 0 dies mid-run
            first.join(10_000);
            assertTrue(!first.isAlive(), "the interrupted actor should have stopped");
            learner.join(60_000);
            assertTrue(!learner.isAlive(), "the learner did not finish with one actor left");
            assertNotNull(result[0]);
            assertTrue(transport.isFinished());
            assertTrue(metrics.contains("charts/policy_lag"), "free-running mode logs the policy lag");
            late.join(10_000);
        }
    }

    /** Waits (at most 60 s) until the learner has published {@code version}; fails if it stopped before. */
    private static void awaitVersion(InProcessTransport transport, long version, Thread learner)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (transport.latestParameters() == null || transport.latestParameters().version() < version) {
            assertTrue(learner.isAlive(), "the learner stopped before publishing version " + version);
            assertTrue(System.nanoTime() < deadline, "no parameter version " + version + " within 60 s");
            Thread.sleep(1);
        }
    }

    private static Thread actor(Impala algo, InProcessTransport transport, int index) {
        Thread t = new Thread(() -> {
            try {
                algo.runActor(transport, "actor-" + index, index, 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        return t;
    }

    static void assertSameRecords(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertEquals(a.get(i), b.get(i), "metric record " + i);
        }
        assertEquals(a.size(), b.size(), "number of metric records");
    }
}
