package dev.bellman.algorithms.muzero;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MuZero's contracts on CartPole with a tiny budget (determinism, resume, the saved model), and one fast learning check. */
class MuZeroTest {
    static final Map<String, String> SMALL = Map.of("hidden-size", "16", "latent-size", "8", "simulations", "6",
            "unroll-steps", "3", "td-steps", "5", "batch-size", "16", "learning-starts", "50", "train-frequency", "5",
            "replay-size", "300");

    private static TrainRequest request(long seed, long steps) {
        AlgorithmProvider p = Algorithms.get("muzero");
        return new TrainRequest("CartPole-v1", seed, steps, p.resolve(SMALL));
    }

    private static List<String> run(TrainRequest r, Path modelDir) throws Exception {
        List<String> metrics = new ArrayList<>();
        Policy policy = Algorithms.get("muzero").train(r, (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) metrics.add(step + " " + key + " " + value);
        });
        Files.createDirectories(modelDir);
        policy.save(modelDir);
        return metrics;
    }

    @Test
    void aSeededRun_isIdenticalRunToRun_andRecordsItsMetrics(@TempDir Path dir) throws Exception {
        List<String> a = run(request(3, 400), dir.resolve("a"));
        List<String> b = run(request(3, 400), dir.resolve("b"));
        assertEquals(a, b);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(MuZeroPolicy.FILE)),
                Files.readAllBytes(dir.resolve("b").resolve(MuZeroPolicy.FILE)), "the saved networks differ");
        for (String key : List.of(MetricsSink.EPISODIC_RETURN, "losses/value_loss", "losses/reward_loss",
                "losses/policy_loss", "charts/root_value")) {
            assertTrue(a.stream().anyMatch(m -> m.split(" ")[1].equals(key)), "no " + key + " in " + a);
        }
        assertNotEquals(a, run(request(4, 400), dir.resolve("c")), "another seed should give another run");
    }

    @Test
    void aRunKilledAfterACheckpoint_resumesExactly(@TempDir Path dir) {
        // checkpoints at episode ends once 150 steps passed; killed after the second one, with a replay that wrapped
        ResumeTesting.assertResumeMatchesUninterrupted("muzero", "CartPole-v1", 5, 700, 150, 450, SMALL, dir);
    }

    @Test
    void theSavedPolicy_loadsAndActsAsTheTrainedOne(@TempDir Path dir) throws Exception {
        Policy trained = Algorithms.get("muzero").train(request(2, 200), MetricsSink.none());
        trained.save(dir);
        Policy loaded = Algorithms.get("muzero").load(dir);
        float[][] observations = {{0.01f, 0.2f, -0.03f, -0.1f}, {-0.1f, -0.5f, 0.1f, 0.7f}, {0, 0, 0, 0}};
        for (float[] o : observations) {
            assertEquals(trained.act(o), loaded.act(o));
            assertEquals(((MuZeroPolicy) trained).lastRootValue(), ((MuZeroPolicy) loaded).lastRootValue(), 1e-6);
        }
    }

    @Test
    void reanalysis_changesTheRun_andBootstrapsFromTheFreshRootValue(@TempDir Path dir) throws Exception {
        AlgorithmProvider p = Algorithms.get("muzero");
        java.util.Map<String, String> hp = new java.util.HashMap<>(SMALL);
        hp.put("reanalyse-fraction", "0.25");
        List<String> off = run(request(3, 400), dir.resolve("off"));
        List<String> on = run(new TrainRequest("CartPole-v1", 3, 400, p.resolve(hp)), dir.resolve("on"));
        assertNotEquals(off, on, "reanalysis left the run unchanged");

        // single-agent targets: z_0 = u_1 + γ u_2 + γ² ν_2, ν_2 from the fresh search
        MuZero.Config c = MuZeroProvider.config(new TrainRequest("CartPole-v1", 1, 100, p.resolve(hp)));
        MuZero.Architecture arch = new MuZero.Architecture(4, 2, c.hiddenSize(), c.latentSize(), c.supportSize(),
                c.rewardSupportSize(), c.simulations(), c.discount(), c.pbCBase(), c.pbCInit());
        MuZero.Networks net = new MuZero.Networks(arch, new dev.bellman.nn.Rng(2));
        MuZero.Inference inf = new MuZero.Inference(net);
        dev.bellman.search.LatentTree tree = new dev.bellman.search.LatentTree(2, c.latentSize(), c.simulations(),
                c.pbCBase(), c.pbCInit(), c.discount());
        MuZero.Replay replay = new MuZero.Replay(10, 4, 2);
        List<float[]> obs = new ArrayList<>(), pi = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            obs.add(new float[] {0.01f * i, -0.02f * i, 0.03f, 0.1f * i});
            pi.add(new float[] {0.5f, 0.5f});
        }
        MuZero.addEpisode(replay, obs, pi, List.of(0, 1, 0, 1), List.of(1f, 1f, 1f, 1f), List.of(50f, 50f, 50f, 50f),
                false, 50, c);
        Reanalyse r = new Reanalyse(tree, inf, c);
        r.prepare(replay, new long[] {0}, 1);
        double gamma = c.discount();
        assertEquals(1 + gamma + gamma * gamma * 50, MuZero.valueTarget(replay, 0, 2, gamma), 1e-3);
        assertEquals(1 + gamma + gamma * gamma * r.rootValue(2), MuZero.valueTarget(replay, 0, 2, gamma, r), 1e-3);
        assertNotEquals(50f, r.rootValue(2));
        float[] fresh = r.policy(0);
        assertEquals(1f, fresh[0] + fresh[1], 1e-6);
        MuZero.search(tree, inf, obs.get(0), c.simulations(), 1, 0, new dev.bellman.nn.Rng(0));
        int[] visits = new int[2];
        tree.rootVisits(visits);
        assertEquals(visits[0] / (float) c.simulations(), fresh[0], 1e-6);
    }

    @Test
    void aBadHyperparameter_failsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MuZero.Config(100, 8, 8, 5, 5, 4, 0, 5, 0.99,
                19652, 1.25, 0.25, 0.25, 10, 4, 0, 1, 1, 1e-3, 0, 0, 0.25, 0.5, 1, 0, 1));
        assertEquals("unroll-steps must be >= 1 but was 0", e.getMessage());
    }

    /**
     * Learning check (about 10 to 20 s): 4,000 steps on CartPole-v1 with the defaults already lift the greedy search
     * policy well above a random one (about 22 per episode).
     */
    @Test
    void cartPole_improvesWellAboveRandomIn4000Steps() {
        AlgorithmProvider p = Algorithms.get("muzero");
        Policy policy = p.train(new TrainRequest("CartPole-v1", 1, 4000, p.resolve(Map.of())), MetricsSink.none());
        try (Env<Object, Object> env = Envs.make("CartPole-v1")) {
            Evaluation.Result result = Evaluation.evaluate(env, policy, 10, 123);
            assertTrue(result.mean() >= 60, "muzero on CartPole-v1 after 4,000 steps: greedy mean " + result.mean() + " < 60");
        }
    }
}
