package dev.bellman.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.core.Algorithms;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.env.Box;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.NpRandom;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.SyncVectorEnv;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DqnTest {

    /** A small, fast config for Identity-v0 (one-hot observation, reward 1 for naming it). */
    static Dqn.Config identityConfig() {
        return new Dqn.Config(4000, 1e-3, false, 1, 4000, 0.5, 1.0, 100, 32, 1.0, 0.02, 0.4, 500, 1, 1, 10, "mse",
                List.of(32), false, false, false, 0.6, 0.4, 1e-6, 1, "auto", 3);
    }

    private static double evaluate(String envId, Policy p) {
        try (Env<float[], Integer> env = Envs.make(envId)) {
            return Evaluation.evaluate(env, p, 5, 123).mean();
        }
    }

    @Test
    void identity_plainDqn_solvesTheTrivialTask() {
        QPolicy p = Dqn.train("Identity-v0", identityConfig(), MetricsSink.none());
        assertTrue(evaluate("Identity-v0", p) >= 95);
    }

    @Test
    void identity_allRefinements_solveTheTrivialTask() {
        QPolicy p = Dqn.train("Identity-v0", identityConfig().withRefinements(true, true, true, 3), MetricsSink.none());
        assertTrue(evaluate("Identity-v0", p) >= 95);
    }

    @Test
    void sameSeed_identicalMetricsAndWeights() {
        Dqn.Config c = Dqn.Config.cleanRl().withTotalTimesteps(3000).withRefinements(true, true, true, 3);
        c = new Dqn.Config(c.totalTimesteps(), 1e-3, false, 2, 2000, c.gamma(), 0.5, 50, 32, 1, 0.05, 0.5, 500, 2, 2, 10,
                "huber", List.of(32, 16), true, true, true, 0.6, 0.4, 1e-6, 3, "auto", 17);
        List<String> m1 = new ArrayList<>(), m2 = new ArrayList<>();
        QPolicy p1 = Dqn.train("CartPole-v1", c, (s, k, v) -> { if (!k.equals(MetricsSink.SPS)) m1.add(s + k + v); });
        QPolicy p2 = Dqn.train("CartPole-v1", c, (s, k, v) -> { if (!k.equals(MetricsSink.SPS)) m2.add(s + k + v); });
        assertTrue(m1.stream().anyMatch(s -> s.contains("losses/td_loss")), "updates ran");
        assertEquals(m1, m2);
        Map<String, Tensor> w1 = p1.network().namedParameters(), w2 = p2.network().namedParameters();
        for (String k : w1.keySet()) assertArrayEquals(w1.get(k).toArray(), w2.get(k).toArray(), k);
    }

    @Test
    void saveLoad_restoresIdenticalPolicy(@TempDir Path dir) throws Exception {
        QPolicy p = Dqn.train("CartPole-v1", Dqn.Config.cleanRl().withTotalTimesteps(1500)
                .withRefinements(false, true, false, 1), MetricsSink.none());
        p.save(dir);
        Policy loaded = Algorithms.get("dqn").load(dir);
        NpRandom r = new NpRandom(5);
        for (int t = 0; t < 50; t++) {
            float[] o = {(float) r.normal(0, 1), (float) r.normal(0, 1), (float) r.normal(0, 1), (float) r.normal(0, 1)};
            assertArrayEquals(p.qValues(o), ((QPolicy) loaded).qValues(o));
            assertEquals(p.act(o), loaded.act(o));
        }
    }

    /**
     * A tiny pixel task: row r of channel 0 lit (value {@code lit}) asks for action {@code 3r / h} (top, middle or
     * bottom third of the image), reward 1 for it and 0 otherwise; 12 steps then truncation.
     */
    static final class TinyImageEnv implements Env<float[], Integer> {
        final int c, h, w;
        final float lit;
        final Box space;
        final Discrete actions = new Discrete(3);
        NpRandom rng;
        int row, t;

        TinyImageEnv(int c, int h, int w, float lit) {
            this.c = c; this.h = h; this.w = w; this.lit = lit;
            space = new Box(0f, lit, c, h, w);
        }

        static int target(int row, int h) {
            return 3 * row / h;
        }

        float[] obs() {
            float[] o = new float[c * h * w];
            java.util.Arrays.fill(o, row * w, row * w + w, lit);
            return o;
        }

        @Override public Reset<float[]> reset(Long seed, Map<String, Object> options) {
            if (seed != null) rng = new NpRandom(seed);
            t = 0;
            row = (int) rng.integers(h);
            return new Reset<>(obs(), Map.of());
        }

        @Override public Step<float[]> step(Integer a) {
            double reward = a == target(row, h) ? 1 : 0;
            t++;
            row = (int) rng.integers(h);
            return new Step<>(obs(), reward, false, t >= 12, Map.of());
        }

        @Override public Space<float[]> observationSpace() { return space; }
        @Override public Space<Integer> actionSpace() { return actions; }
        @Override public void close() {}
    }

    /**
     * Trains on {@link TinyImageEnv} with γ = 0, where the optimal Q is known exactly: Q*(s, a) = E[r | s, a] = 1 for
     * a = 3·row / h and 0 otherwise. Checks that the learned Q values approach Q* for every lit row and that the greedy
     * action is right (so the image torso's forward and backward passes and the TD update learn, not only run: a
     * wrong action gathered in the loss fails here).
     */
    private static void imageRun(int c, int h, int w, float lit, String expectTorso, String firstKey, int[] firstShape,
                                 long steps, int batch) {
        Dqn.Config cfg = new Dqn.Config(steps, 2e-3, false, 2, 5000, 0.0, 1.0, 40, batch, 1, 0.1, 0.3, 50, 1,
                1, 10, "mse", List.of(32), true, true, true, 0.6, 0.4, 1e-6, 2, "auto", 5);
        List<Double> losses = new ArrayList<>();
        QPolicy p;
        try (VectorEnv envs = SyncVectorEnv.of(() -> new TinyImageEnv(c, h, w, lit), 2, AutoresetMode.SAME_STEP)) {
            p = Dqn.train(envs, cfg, (s, k, v) -> { if (k.equals("losses/td_loss")) losses.add(v); });
        }
        assertEquals(expectTorso, p.network().arch.torso());
        Tensor first = p.network().namedParameters().get(firstKey);
        assertArrayEquals(firstShape, first.shape());
        assertTrue(!losses.isEmpty(), "updates ran and logged their TD loss");
        // Q approaches Q*: greedy action right in every row, values near 1 and 0
        double maxErr = 0, sumErr = 0;
        int count = 0;
        for (int row = 0; row < h; row++) {
            float[] o = new float[c * h * w];
            java.util.Arrays.fill(o, row * w, row * w + w, lit);
            float[] q = p.qValues(o);
            int best = TinyImageEnv.target(row, h);
            assertEquals(best, (Integer) p.act(o), "greedy action for row " + row + ": Q = " + java.util.Arrays.toString(q));
            for (int a = 0; a < 3; a++) {
                double err = Math.abs(q[a] - (a == best ? 1 : 0));
                maxErr = Math.max(maxErr, err);
                sumErr += err;
                count++;
            }
        }
        assertTrue(sumErr / count < 0.15 && maxErr < 0.5, "|Q − Q*|: mean " + sumErr / count + ", max " + maxErr);
        for (Tensor t : p.network().parameters()) for (float f : t.toArray()) assertTrue(Float.isFinite(f));
    }

    @Test
    void imageObservations_minAtarTorso_learnsTheKnownQValues() {
        imageRun(2, 6, 6, 1f, "minatar-cnn", "torso.0.weight", new int[]{16, 2, 3, 3}, 600, 16);
    }

    @Test
    void imageObservations_natureTorso_learnsTheKnownQValues() {
        imageRun(1, 36, 36, 255f, "nature-cnn", "torso.0.weight", new int[]{32, 1, 8, 8}, 600, 16);
    }

    @Test
    void config_rejectsBadValues_namingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dqn.Config(100, 1e-3, false, 1, 100, 0.99, 1.5, 1, 1, 1,
                0.1, 0.5, 0, 1, 1, 0, "mse", List.of(8), false, false, false, 0.6, 0.4, 1e-6, 1, "auto", 0));
        assertTrue(e.getMessage().contains("tau") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dqn.Config(100, 1e-3, false, 1, 100, 0.99, 1, 1, 1, 1,
                0.1, 0.5, 0, 1, 1, 0, "l1", List.of(8), false, false, false, 0.6, 0.4, 1e-6, 1, "auto", 0));
        assertTrue(e.getMessage().contains("l1"), e.getMessage());
    }

    @Test
    void epsilonSchedule_isCleanRlsLinearSchedule() {
        Dqn.Config c = Dqn.Config.cleanRl(); // 1 -> 0.05 over 250,000 steps
        assertEquals(1.0, c.epsilonAt(0), 1e-12);
        assertEquals(1.0 - 0.95 / 2, c.epsilonAt(125_000), 1e-9);
        assertEquals(0.05, c.epsilonAt(250_000), 1e-9);
        assertEquals(0.05, c.epsilonAt(400_000), 1e-12);
    }

    @Test
    void annealLr_decaysTheStepSizeLinearlyToZero() {
        Dqn.Config c = identityConfig();
        c = new Dqn.Config(c.totalTimesteps(), 2e-3, true, 1, c.bufferSize(), c.gamma(), c.tau(), c.targetNetworkFrequency(),
                c.batchSize(), c.startE(), c.endE(), c.explorationFraction(), c.learningStarts(), c.trainFrequency(),
                c.gradientSteps(), c.maxGradNorm(), c.loss(), c.netArch(), false, false, false, 0.6, 0.4, 1e-6, 1, "auto", 3);
        List<double[]> lr = new ArrayList<>();
        Dqn.train("Identity-v0", c, (s, k, v) -> { if (k.equals(MetricsSink.LEARNING_RATE)) lr.add(new double[]{s, v}); });
        assertTrue(lr.size() >= 30, "learning-rate records: " + lr.size());
        for (double[] r : lr) assertEquals(2e-3 * (1 - r[0] / 4000), r[1], 1e-12, "at step " + r[0]);
        assertTrue(lr.get(lr.size() - 1)[1] < 1e-4, "the step size ends near 0");
        // without annealing it stays put
        List<Double> flat = new ArrayList<>();
        Dqn.train("Identity-v0", identityConfig(), (s, k, v) -> { if (k.equals(MetricsSink.LEARNING_RATE)) flat.add(v); });
        assertFalse(flat.isEmpty());
        for (double v : flat) assertEquals(1e-3, v, 0);
    }
}
