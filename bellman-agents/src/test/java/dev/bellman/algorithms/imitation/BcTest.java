package dev.bellman.algorithms.imitation;

import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.Recorder;
import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.TabularModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BcTest {

    /** Demonstrations of the deterministic optimal policy of FrozenLake-v1 (4x4, not slippery) from every start. */
    static Dataset tabularExpertDemos(String envId, Map<String, Object> kwargs, int[] expert, int episodes) {
        try (Env<?, ?> env = Envs.make(envId, kwargs)) {
            var eps = Recorder.record(env, obs -> expert[(Integer) obs], episodes, 11, 0);
            return new Dataset("test/" + envId + "/expert-v0", envId, env.observationSpace(), env.actionSpace(), eps,
                    Map.of());
        }
    }

    private static final class Collect implements MetricsSink {
        final List<String> rows = new ArrayList<>();

        @Override
        public void record(long step, String key, double value) {
            rows.add(step + " " + key + " " + value);
        }
    }

    @Test
    void onTabularExpert_reproducesItsActionInEveryDemonstratedState() {
        int[] expert;
        try (Env<?, ?> env = Envs.make("GridWorld-v0")) {
            expert = Experts.greedy(Experts.optimalQ((TabularModel) env.unwrapped()));
        }
        Dataset demos = tabularExpertDemos("GridWorld-v0", Map.of(), expert, 60);
        Policy bc = Bc.train(demos, new Bc.Config(40, 32, 2e-2, 0.0, 0.0, 32, 1), MetricsSink.none());
        for (int s = 1; s < 15; s++) { // every non-terminal state (the uniform start visits all of them)
            assertEquals(expert[s], bc.act(s), "state " + s);
        }
    }

    @Test
    void sameSeed_sameMetricsAndActions_andSavedPolicyActsTheSame(@TempDir Path dir) throws Exception {
        int[] expert;
        try (Env<?, ?> env = Envs.make("GridWorld-v0")) {
            expert = Experts.greedy(Experts.optimalQ((TabularModel) env.unwrapped()));
        }
        Dataset demos = tabularExpertDemos("GridWorld-v0", Map.of(), expert, 10);
        Bc.Config c = new Bc.Config(5, 8, 1e-3, 1e-3, 1e-4, 16, 7);
        Collect a = new Collect(), b = new Collect();
        Policy pa = Bc.train(demos, c, a);
        Policy pb = Bc.train(demos, c, b);
        assertEquals(a.rows, b.rows);
        assertTrue(a.rows.stream().anyMatch(r -> r.contains("losses/l2_norm")));
        pa.save(dir);
        Policy loaded = new BcProvider().load(dir);
        for (int s = 0; s < 16; s++) {
            assertEquals(pa.act(s), pb.act(s));
            assertEquals(pa.act(s), loaded.act(s));
        }
    }

    @Test
    void continuousActions_gaussianNllFitsALinearExpert() {
        // IdentityContinuous-v0: the best action equals the observation; a linear expert a = obs
        try (Env<?, ?> env = Envs.make("IdentityContinuous-v0")) {
            var eps = Recorder.record(env, obs -> ((float[]) obs).clone(), 4, 3, 0);
            Dataset demos = new Dataset("test/identity", "IdentityContinuous-v0", env.observationSpace(),
                    env.actionSpace(), eps, Map.of());
            Policy bc = Bc.train(demos, new Bc.Config(30, 32, 1e-2, 0.0, 0.0, 32, 1), MetricsSink.none());
            Box box = (Box) env.observationSpace();
            float[] x = new float[box.size()];
            for (int i = 0; i < x.length; i++) x[i] = 0.5f * (box.low(i) + box.high(i)) + 0.25f * (box.high(i) - box.low(i));
            float[] a = (float[]) bc.act(x);
            for (int i = 0; i < x.length; i++) assertEquals(x[i], a[i], 0.1, "dimension " + i);
        }
    }
}
