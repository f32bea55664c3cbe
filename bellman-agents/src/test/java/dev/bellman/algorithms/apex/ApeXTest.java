package dev.bellman.algorithms.apex;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.distributed.ExperienceMessage;
import dev.bellman.distributed.InProcessTransport;
import dev.bellman.distributed.ParameterSnapshot;
import dev.bellman.distributed.RunSpec;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.nn.Linear;
import dev.bellman.nn.LayerInit;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ape-X DQN: actors' initial priorities are |δ| of the double-DQN n-step target under their local network; in-JVM
 * training learns CartPole-v1, is reproducible, and resumes exactly after a kill.
 */
class ApeXTest {

    record Run(Policy policy, List<String> metrics) {}

    static Run train(String env, long seed, long steps, Map<String, String> overrides) {
        AlgorithmProvider p = Algorithms.get("apex-dqn");
        Map<String, String> hp = new HashMap<>(TunedHyperparameters.hyperparameters("apex-dqn", env));
        hp.putAll(overrides);
        List<String> metrics = new ArrayList<>();
        MetricsSink sink = (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) metrics.add(step + " " + key + " " + value);
        };
        return new Run(p.train(new TrainRequest(env, seed, steps, p.resolve(hp)), sink), metrics);
    }

    /**
     * A linear Q(s) = W s + b with W = [[1, 0], [0, 2]], b = (0, 0.5), so Q(s) = (s0, 2 s1 + 0.5); γ = 0.5:
     * <pre>
     *   A: s (1, 1), a 1, G 1, s' (2, 0), k 3:    Q(s,1) = 2.5; Q(s') = (2, 0.5), argmax 0 → target 1 + 0.125·2 = 1.25
     *                                             |δ| = |1.25 − 2.5| = 1.25
     *   B: s (0, −1), a 0, G 2, terminated, k 2:  target 2, Q(s,0) = 0, |δ| = 2
     *   C: s (0.5, 0), a 0, G 0, s' (0, 1), k 1:  Q(s') = (0, 2.5) → target 0.5·2.5 = 1.25, Q(s,0) = 0.5, |δ| = 0.75
     * </pre>
     */
    @Test
    void initialPriorities_areAbsoluteTdErrors_byHand() {
        Linear q = new Linear(2, 2, LayerInit.orthogonal(1, 0), new Rng(0));
        float[] w = q.namedParameters().get("weight").data(), b = q.namedParameters().get("bias").data();
        System.arraycopy(new float[] {1, 0, 0, 2}, 0, w, 0, 4);
        System.arraycopy(new float[] {0, 0.5f}, 0, b, 0, 2);
        float[] p = ApeX.initialPriorities(q, 2, new float[] {1, 1, 0, -1, 0.5f, 0}, new int[] {1, 0, 0},
                new float[] {1, 2, 0}, new float[] {2, 0, 3, 3, 0, 1}, new boolean[] {false, true, false},
                new int[] {3, 2, 1}, 3, 0.5);
        assertArrayEquals(new float[] {1.25f, 2f, 0.75f}, p, 1e-6f);
    }

    /** What an actor sends: each transition's priority is |δ| recomputed from the block with the published network. */
    @Test
    void actorBlock_prioritiesEqualTdErrorsOfThePublishedNetwork() throws Exception {
        AlgorithmProvider provider = Algorithms.get("apex-dqn");
        TrainRequest request = new TrainRequest("CartPole-v1", 9, 10_000, provider.resolve(Map.of("num-actors", "2")));
        Module q = ApeX.qNetwork(4, 2, new Rng(42));
        try (InProcessTransport transport = new InProcessTransport(4)) {
            transport.publishSpec(RunSpec.of("apex-dqn", request));
            transport.publishParameters(new ParameterSnapshot(1, ApeX.encode(q)));
            Thread actor = new Thread(() -> {
                try {
                    new ApeX().runActor(transport, "actor-1", 1, 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            actor.start();
            ExperienceMessage m = transport.pollExperience(30_000);
            transport.markFinished();
            actor.join(10_000);
            assertNotNull(m, "the actor sent no block");
            ApeX.Block block = ApeX.Block.decode(m.payload());
            ApeX.Config c = ApeXProvider.config(request);
            assertEquals(c.numEnvs() * c.blockSteps(), block.count(), "one transition per step of each copy");
            double gamma = c.gamma();
            for (int i = 0; i < block.count(); i++) {
                float[] s = java.util.Arrays.copyOfRange(block.obs(), 4 * i, 4 * i + 4);
                float[] s2 = java.util.Arrays.copyOfRange(block.nextObs(), 4 * i, 4 * i + 4);
                float[] qs, qn;
                try (var g = Tensor.noGrad()) {
                    qs = q.forward(Tensor.of(s, 1, 4)).toArray();
                    qn = q.forward(Tensor.of(s2, 1, 4)).toArray();
                }
                double boot = block.terminated()[i] ? 0
                        : Math.pow(gamma, block.horizons()[i]) * qn[qn[1] > qn[0] ? 1 : 0];
                double delta = block.rewards()[i] + boot - qs[block.actions()[i]];
                assertEquals(Math.abs(delta), block.priorities()[i], 1e-5, "priority of transition " + i);
                assertTrue(block.horizons()[i] >= 1 && block.horizons()[i] <= c.nStep());
            }
        }
    }

    /** The tuned entry reaches the CartPole-v1 threshold of 475 under greedy evaluation. */
    @Test
    void cartPole_tunedEntry_reaches475() {
        long steps = TunedHyperparameters.totalTimesteps("apex-dqn", "CartPole-v1", 0);
        long t0 = System.nanoTime();
        Run run = train("CartPole-v1", 1, steps, Map.of());
        Evaluation.Result r;
        try (Env<Object, Object> e = Envs.make("CartPole-v1")) {
            r = Evaluation.evaluate(e, run.policy(), 20, 10_000);
        }
        System.out.printf("apex-dqn CartPole-v1 seed 1: %d steps in %.1f s, greedy mean %.1f%n", steps,
                (System.nanoTime() - t0) / 1e9, r.mean());
        assertTrue(r.mean() >= 475, "greedy mean return " + r.mean());
    }

    /** Deterministic mode: the same seed gives the same metrics and weights. */
    @Test
    void deterministicMode_sameSeed_sameMetrics() {
        Map<String, String> small = Map.of("num-actors", "3", "learning-starts", "500", "updates-per-round", "8");
        Run a = train("CartPole-v1", 5, 6_000, small);
        Run b = train("CartPole-v1", 5, 6_000, small);
        assertTrue(a.metrics().stream().anyMatch(s -> s.contains("losses/td_loss")), "no update was logged");
        for (int i = 0; i < Math.min(a.metrics().size(), b.metrics().size()); i++) {
            assertEquals(a.metrics().get(i), b.metrics().get(i), "metric record " + i);
        }
        assertEquals(a.metrics().size(), b.metrics().size(), "number of metric records");
        float[] obs = {0.01f, -0.02f, 0.03f, 0.04f};
        assertArrayEquals(((ApeXPolicy) a.policy()).qValues(obs), ((ApeXPolicy) b.policy()).qValues(obs));
    }

    /** A learner killed after a checkpoint and resumed ends with the metrics and weights of an uninterrupted run. */
    @Test
    void killedLearner_resumes_likeUninterrupted(@TempDir Path dir) {
        // 4 actors x 4 envs x 16 steps = 256 steps a round; checkpoints every 1024 steps
        ResumeTesting.assertResumeMatchesUninterrupted("apex-dqn", "CartPole-v1", 3, 5120, 1024, 3500,
                Map.of("learning-starts", "500", "updates-per-round", "8"), dir);
    }
}
