package dev.bellman.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.ResumeTesting;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Box;
import dev.bellman.env.ByteBox;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.Space;
import dev.bellman.env.Step;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.SyncVectorEnv;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import dev.bellman.env.vector.VectorStep;
import dev.bellman.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discrete PPO with a CNN torso (CleanRL {@code ppo_atari.py}: one trunk shared by the actor and critic heads) on
 * uint8 images: the torso chosen, the byte rollout against the float one, save/load, resume, and a small learning run.
 */
class PpoCnnTest {
    private static final MetricsSink DISCARD = (step, key, value) -> { };

    @TempDir
    Path dir;

    /** 2 copies × 16 steps, 2 minibatches, 2 epochs. */
    private static Ppo.Config small(long steps, long seed) {
        return new Ppo.Config(steps, 2.5e-4, 2, 16, true, 0.99, 0.95, 2, 2, true, 0.1, true, 0.01, 0.5, 0.5, 0, 64,
                seed);
    }

    private static VectorEnv bars(int numEnvs, int maxSteps) {
        return SyncVectorEnv.of(() -> Envs.make("BarOrientation-v0", Map.of("size", 6), maxSteps), numEnvs,
                AutoresetMode.SAME_STEP);
    }

    @Test
    void auto_onMinAtar_sharesTheMinAtarCnnTrunk_withCleanRlsParameterNames() {
        try (VectorEnv envs = VectorEnvs.make("MinAtar/Breakout-v1", 2, AutoresetMode.SAME_STEP)) {
            Ppo.Trained t = Ppo.train(envs, small(32, 1), DISCARD, Checkpoints.none());
            assertEquals(Set.of("network.0.weight", "network.0.bias", "network.3.weight", "network.3.bias",
                    "actor.weight", "actor.bias", "critic.weight", "critic.bias"),
                    t.network().namedParameters().keySet());
            assertArrayEquals(new int[] {3, 128}, t.network().namedParameters().get("actor.weight").shape());
        }
        try (VectorEnv envs = VectorEnvs.make("CartPole-v1", 2, AutoresetMode.SAME_STEP)) {
            Ppo.Trained t = Ppo.train(envs, small(32, 1), DISCARD, Checkpoints.none());
            assertTrue(t.network().namedParameters().keySet().contains("actor.0.weight"),
                    t.network().namedParameters().keySet().toString());
        }
        assertEquals("nature-cnn", PpoTorso.resolve("auto", new int[] {4, 84, 84}));
        assertEquals("minatar-cnn", PpoTorso.resolve("auto", new int[] {4, 10, 10}));
        assertEquals("mlp", PpoTorso.resolve("auto", new int[] {4}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoTorso.resolve("nature-cnn", new int[] {4}));
        assertTrue(e.getMessage().contains("nature-cnn") && e.getMessage().contains("[4]"), e.getMessage());
    }

    /**
     * The byte rollout (bytes stored, ByteImages minibatches) trains the same network as the float rollout of the same
     * env, bit for bit: same metrics, same weights. Episodes of 5 steps, so truncations bootstrap final observations.
     */
    @Test
    void byteRollout_trainsBitForBitAsTheFloatRollout() {
        List<String> byteMetrics = new ArrayList<>();
        List<String> floatMetrics = new ArrayList<>();
        Ppo.Trained fromBytes;
        Ppo.Trained fromFloats;
        try (VectorEnv envs = bars(2, 5)) {
            assertNotNull(envs.singleByteObservationSpace());
            fromBytes = Ppo.train(envs, small(96, 3), "minatar-cnn", record(byteMetrics), Checkpoints.none());
        }
        try (VectorEnv envs = new FloatsOnly(bars(2, 5))) {
            assertNull(envs.singleByteObservationSpace());
            fromFloats = Ppo.train(envs, small(96, 3), "minatar-cnn", record(floatMetrics), Checkpoints.none());
        }
        assertTrue(byteMetrics.stream().anyMatch(m -> m.contains("losses/value_loss")), "updates ran");
        assertEquals(floatMetrics, byteMetrics);
        Map<String, Tensor> a = fromBytes.network().namedParameters();
        Map<String, Tensor> b = fromFloats.network().namedParameters();
        assertEquals(b.keySet(), a.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(b.get(k).toArray(), a.get(k).toArray(), k);
        }
    }

    @Test
    void savedCnnPolicy_loadsThroughTheProvider_andActsAlikeOnBytesAndFloats() throws IOException {
        Ppo.Trained trained;
        try (VectorEnv envs = bars(2, 5)) {
            trained = Ppo.train(envs, small(64, 5), "minatar-cnn", DISCARD, Checkpoints.none());
        }
        trained.save(dir);
        Policy loaded = PpoTestSupport.PROVIDER.load(dir);
        try (Env<byte[], Integer> env = Envs.make("BarOrientation-v0", Map.of("size", 6), 50)) {
            byte[] o = env.reset(11L).observation();
            for (int t = 0; t < 20; t++) {
                Object a = trained.act(o);
                assertEquals(a, loaded.act(o));
                assertEquals(a, loaded.act(ByteBox.toFloats(o)));
                Step<byte[]> s = env.step((Integer) a);
                o = s.observation();
            }
        }
        Map<String, Tensor> a = trained.network().namedParameters();
        Map<String, Tensor> b = ((Ppo.Trained) loaded).network().namedParameters();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), k);
        }
    }

    @Test
    void minAtarBreakout_killedInThirdIteration_resumesToTheUninterruptedRun() {
        // 4 copies x 16 steps = 64 steps per iteration; checkpoints after iterations 1 and 2
        ResumeTesting.assertResumeMatchesUninterrupted("ppo", "MinAtar/Breakout-v1", 3, 4 * 64, 64, 150,
                Map.of("num-envs", "4", "num-steps", "16", "num-minibatches", "2", "update-epochs", "2"), dir);
    }

    /**
     * A small learning run: on 6×6 bar images with episodes of 20 steps, PPO with the MinAtar CNN names the bar's
     * orientation far better than chance (0.5 per step) after 20,480 steps.
     */
    @Test
    void barOrientation_minAtarCnn_learnsFarAboveChance() throws IOException {
        Ppo.Config c = new Ppo.Config(20_480, 2.5e-3, 4, 64, true, 0.99, 0.95, 4, 4, true, 0.2, true, 0.01, 0.5, 0.5,
                0, 64, 1);
        Ppo.Trained trained;
        try (VectorEnv envs = bars(4, 20)) {
            trained = Ppo.train(envs, c, "minatar-cnn", DISCARD, Checkpoints.none());
        }
        double sum = 0;
        int n = 400;
        try (Env<byte[], Integer> env = Envs.make("BarOrientation-v0", Map.of("size", 6), n + 1)) {
            byte[] o = env.reset(12_345L).observation();
            for (int t = 0; t < n; t++) {
                Step<byte[]> s = env.step((Integer) trained.act(o));
                sum += s.reward();
                o = s.observation();
            }
        }
        assertTrue(sum / n > 0.9, "success rate " + sum / n);
    }

    /** The estimate counts the rollout's frames as bytes and the CNN (conv 4→16 3×3, FC 1024→128, heads) 4 times. */
    @Test
    void preflight_onMinAtar_countsByteFramesAndTheCnn() {
        TrainRequest r = new TrainRequest("MinAtar/Breakout-v1", 1, 512,
                PpoTestSupport.PROVIDER.resolve(Map.of()));
        MemoryEstimate m;
        try (Env<Object, Object> env = Envs.make("MinAtar/Breakout-v1")) {
            m = PpoTestSupport.PROVIDER.preflight(r, env);
        }
        long cnnParams = (16 * 4 * 9 + 16) + (16 * 8 * 8 * 128 + 128) + (128 + 1) * (3 + 1);
        assertTrue(m.parts().contains(new MemoryEstimate.Part(
                "minatar-cnn trunk with actor and critic heads, its gradients and Adam moments (4 copies)",
                4L * Float.BYTES * cnnParams)), m.parts().toString());
        assertTrue(m.parts().stream().anyMatch(p -> p.what().startsWith("rollout observations")
                && p.bytes() == 2L * 4 * 128 * 400), m.parts().toString());
    }

    private static MetricsSink record(List<String> out) {
        return (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) {
                out.add(step + " " + key + " " + value);
            }
        };
    }

    /** The same vector env without its byte observation space, so PPO takes the float path. */
    private static final class FloatsOnly implements VectorEnv {
        private final VectorEnv inner;

        FloatsOnly(VectorEnv inner) {
            this.inner = inner;
        }

        @Override public int numEnvs() { return inner.numEnvs(); }
        @Override public int observationSize() { return inner.observationSize(); }
        @Override public Box singleObservationSpace() { return inner.singleObservationSpace(); }
        @Override public ByteBox singleByteObservationSpace() { return null; }
        @Override public Space<?> singleActionSpace() { return inner.singleActionSpace(); }
        @Override public AutoresetMode autoresetMode() { return inner.autoresetMode(); }
        @Override public VectorStep reset(long seed) { return inner.reset(seed); }
        @Override public VectorStep reset() { return inner.reset(); }
        @Override public VectorStep reset(Long seed, boolean[] mask) { return inner.reset(seed, mask); }
        @Override public VectorStep step(int[] actions) { return inner.step(actions); }
        @Override public VectorStep step(float[] actions) { return inner.step(actions); }
        @Override public void close() { inner.close(); }
    }
}
