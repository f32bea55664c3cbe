package dev.bellman.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Reset;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.SyncVectorEnv;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DQN on uint8 image observations ({@code ByteBox}): bytes to the replay and to the CNN torso, no float copies. */
class DqnByteImagesTest {

    private static Dqn.Config config(long steps, String torso, long seed) {
        return new Dqn.Config(steps, 1e-3, false, 1, 10_000, 0.5, 1.0, 100, 32, 1.0, 0.02, 0.4, 200, 1, 1, 10, "mse",
                List.of(64), false, false, false, 0.6, 0.4, 1e-6, 1, torso, seed);
    }

    private static VectorEnv bars(int numEnvs, boolean shuffle, int size, int distractors, int maxSteps) {
        return SyncVectorEnv.of(() -> Envs.make("BarOrientation-v0",
                Map.of("size", size, "shuffle", shuffle, "distractors", distractors), maxSteps), numEnvs, AutoresetMode.SAME_STEP);
    }

    /** The same env with its bytes handed over as floats: what DQN did with images before it read bytes. */
    private static final class AsFloats implements Env<float[], Integer> {
        private final Env<byte[], Integer> inner;

        AsFloats(Env<byte[], Integer> inner) {
            this.inner = inner;
        }

        private static float[] f(byte[] b) {
            float[] x = new float[b.length];
            for (int i = 0; i < b.length; i++) x[i] = b[i] & 0xFF;
            return x;
        }

        @Override public Reset<float[]> reset(Long seed, Map<String, Object> options) {
            Reset<byte[]> r = inner.reset(seed, options);
            return new Reset<>(f(r.observation()), r.info());
        }

        @Override public Step<float[]> step(Integer action) {
            Step<byte[]> s = inner.step(action);
            return new Step<>(f(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
        }

        @Override public Space<float[]> observationSpace() {
            return ((dev.bellman.env.ByteBox) inner.observationSpace()).asFloatBox();
        }

        @Override public Space<Integer> actionSpace() { return inner.actionSpace(); }
        @Override public void close() { inner.close(); }
    }

    /**
     * The byte path (bit replay, ByteImages into the MinAtar torso) trains exactly the network the float path trains on
     * the same values: same metrics and same weights, bit for bit. Two copies, episodes of 7 steps, so transitions
     * cross truncations (the final observation is kept) and the copies share frames.
     */
    @Test
    void bytePath_trainsBitForBitAsTheFloatPath() {
        assertSameRun(new Dqn.Config(700, 1e-3, false, 2, 5_000, 0.9, 1.0, 50, 16, 1.0, 0.05, 0.5, 100, 2, 1, 10, "mse",
                List.of(64), true, false, false, 0.6, 0.4, 1e-6, 1, "minatar-cnn", 3));
    }

    /**
     * With n-step returns a uint8 env goes the float way (the vector env's float view, final observations included)
     * and still trains exactly as the same env handing over floats.
     */
    @Test
    void nStepOnBytes_fallsBackToFloats_andTrainsAsTheFloatEnv() {
        assertSameRun(new Dqn.Config(700, 1e-3, false, 2, 5_000, 0.9, 1.0, 50, 16, 1.0, 0.05, 0.5, 100, 2, 1, 10, "mse",
                List.of(64), false, false, false, 0.6, 0.4, 1e-6, 2, "minatar-cnn", 4));
    }

    /**
     * With two kernel threads the byte path computes the target network's Q(s', ·) beside the online network's forward
     * pass, and RMSprop updates the large weight in blocks over both threads: the run is bit for bit the one-thread run
     * (metrics and weights). Centered RMSprop as in the MinAtar reference agent; the 6×6 boards give a 256 → 128 layer,
     * large enough for RMSprop's split.
     */
    @Test
    void bytePath_twoThreads_trainsBitForBitAsOneThread() {
        Dqn.Config c = new Dqn.Config(500, 1e-3, false, 2, 5_000, 0.9, 1.0, 50, 16, 1.0, 0.05, 0.5, 100, 1, 1, 0, "mse",
                List.of(64), false, false, false, 0.6, 0.4, 1e-6, 1, "minatar-cnn", 5, "rmsprop", 0.95, 0.01, true,
                false);
        int threads = Kernels.threads();
        List<List<String>> metrics = new ArrayList<>();
        List<Map<String, Tensor>> params = new ArrayList<>();
        try {
            for (int t : new int[] {1, 2}) {
                Kernels.setThreads(t);
                List<String> m = new ArrayList<>();
                try (VectorEnv envs = bars(2, false, 6, 0, 7)) {
                    params.add(Dqn.train(envs, c, (s, k, v) -> { if (!k.equals("charts/SPS")) m.add(s + " " + k + " " + v); })
                            .network().namedParameters());
                }
                metrics.add(m);
            }
        } finally {
            Kernels.setThreads(threads);
        }
        assertTrue(metrics.get(0).stream().anyMatch(m -> m.contains("losses/td_loss")), "updates ran");
        for (int i = 0; i < Math.min(metrics.get(0).size(), metrics.get(1).size()); i++) {
            assertEquals(metrics.get(0).get(i), metrics.get(1).get(i), "metric " + i + ", 1 thread vs 2");
        }
        assertEquals(metrics.get(0).size(), metrics.get(1).size());
        for (String k : params.get(0).keySet()) {
            assertArrayEquals(params.get(0).get(k).toArray(), params.get(1).get(k).toArray(), k);
        }
    }

    private static void assertSameRun(Dqn.Config c) {
        List<String> byteMetrics = new ArrayList<>(), floatMetrics = new ArrayList<>();
        QPolicy fromBytes, fromFloats;
        try (VectorEnv envs = bars(2, false, 6, 0, 7)) {
            assertTrue(envs.singleByteObservationSpace() != null);
            fromBytes = Dqn.train(envs, c, (s, k, v) -> { if (!k.equals("charts/SPS")) byteMetrics.add(s + " " + k + " " + v); });
        }
        try (VectorEnv envs = SyncVectorEnv.of(
                () -> new AsFloats(Envs.make("BarOrientation-v0", Map.of("size", 6), 7)), 2, AutoresetMode.SAME_STEP)) {
            assertTrue(envs.singleByteObservationSpace() == null);
            fromFloats = Dqn.train(envs, c, (s, k, v) -> { if (!k.equals("charts/SPS")) floatMetrics.add(s + " " + k + " " + v); });
        }
        assertTrue(byteMetrics.stream().anyMatch(m -> m.contains("losses/td_loss")), "updates ran");
        for (int i = 0; i < Math.min(floatMetrics.size(), byteMetrics.size()); i++) {
            assertEquals(floatMetrics.get(i), byteMetrics.get(i), "metric " + i);
        }
        assertEquals(floatMetrics.size(), byteMetrics.size());
        Map<String, Tensor> a = fromBytes.network().namedParameters(), b = fromFloats.network().namedParameters();
        assertEquals(b.keySet(), a.keySet());
        for (String k : a.keySet()) assertArrayEquals(b.get(k).toArray(), a.get(k).toArray(), k);
    }

    /** Fraction of {@code n} fresh images whose orientation the greedy policy names. */
    private static double successRate(QPolicy p, boolean shuffle, int n) {
        try (Env<byte[], Integer> e = Envs.make("BarOrientation-v0", Map.of("shuffle", shuffle, "distractors", 4), n + 1)) {
            byte[] o = e.reset(12_345L).observation();
            double sum = 0;
            for (int t = 0; t < n; t++) {
                Step<byte[]> s = e.step((Integer) p.act(o));
                sum += s.reward();
                o = s.observation();
            }
            return sum / n;
        }
    }

    /**
     * The learning test that needs the convolution: on {@code BarOrientation-v0} (10×10, 180 bar positions, 4
     * distractor pixels) DQN with the MinAtar CNN torso names the bar's orientation on nearly every one of 1,000 fresh
     * images after 1,200 steps (1,000 updates), while DQN with an MLP torso (64 hidden units, same budget and
     * hyperparameters) on the shuffled-pixel variant stays near chance.
     *
     * <p>Measured on this machine (greedy success on 1,000 fresh images): seed 1: CNN 0.993, MLP 0.590; over seeds 1 to
     * 9 the CNN reached 0.941 to 0.993 (mean 0.976) and the MLP 0.558 to 0.619, so the assertions (CNN at least 0.90,
     * MLP at most 0.75) leave room for kernels that change the last bits of the run. Without distractors an MLP reaches 0.93 by 700 steps and 1.0 by 2,500,
     * as fast as the CNN: the distractors are what make position-by-position memorising fail. The CNN run took 1.7 to 11 s
     * here, with the machine loaded (load average 5 to 11 on 2 cores); the MLP run 0.9 to 1.5 s.
     */
    @Test
    void cnnTorso_solvesBarOrientation_whereAnMlpOnShuffledPixelsDoesNot() {
        long steps = 1_200;
        QPolicy cnn;
        long t0 = System.nanoTime();
        try (VectorEnv envs = bars(1, false, 10, 4, 100)) {
            cnn = Dqn.train(envs, config(steps, "auto", 1), (s, k, v) -> { });
        }
        long t1 = System.nanoTime();
        assertEquals("minatar-cnn", cnn.network().arch.torso());
        QPolicy mlp;
        try (VectorEnv envs = bars(1, true, 10, 4, 100)) {
            mlp = Dqn.train(envs, config(steps, "mlp", 1), (s, k, v) -> { });
        }
        long t2 = System.nanoTime();
        double cnnRate = successRate(cnn, false, 1000), mlpRate = successRate(mlp, true, 1000);
        System.out.printf("BarOrientation: cnn %.3f (%.1f s), mlp shuffled %.3f (%.1f s)%n", cnnRate, (t1 - t0) * 1e-9,
                mlpRate, (t2 - t1) * 1e-9);
        assertTrue(cnnRate >= 0.90, "CNN success rate " + cnnRate);
        assertTrue(mlpRate <= 0.75, "MLP on shuffled pixels " + mlpRate + " (CNN " + cnnRate + ")");
    }
}
