package dev.bellman.core;

import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import dev.bellman.nn.BatchNorm1d;
import dev.bellman.nn.Linear;
import dev.bellman.nn.Mlp;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStateTest {

    @Test
    void arrays_roundTripBitExactly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("state.bin");
        float[] fl = {1.5f, Float.NaN, -0f, Float.intBitsToFloat(0x7fc00123)};
        new TrainingState.Writer().put("f", fl).put("d", new double[] {Math.PI, -0.0}).put("l", new long[] {Long.MIN_VALUE})
                .put("i", new int[] {7, -3}).put("b", new boolean[] {true, false, true}).putLong("step", 123456789012L)
                .putDouble("ret", -1.25).putBoolean("flag", true).putString("algo", "dqn+dueling (net mlp [64, 64]) ✓").write(f);
        TrainingState.Reader r = TrainingState.Reader.read(f);
        float[] back = r.floats("f");
        for (int i = 0; i < fl.length; i++) assertEquals(Float.floatToRawIntBits(fl[i]), Float.floatToRawIntBits(back[i]));
        assertArrayEquals(new double[] {Math.PI, -0.0}, r.doubles("d"));
        assertArrayEquals(new long[] {Long.MIN_VALUE}, r.longs("l"));
        assertArrayEquals(new int[] {7, -3}, r.ints("i"));
        assertArrayEquals(new boolean[] {true, false, true}, r.booleans("b"));
        assertEquals(123456789012L, r.getLong("step"));
        assertEquals(-1.25, r.getDouble("ret"));
        assertTrue(r.getBoolean("flag"));
        assertEquals("dqn+dueling (net mlp [64, 64]) ✓", r.string("algo"));
        assertEquals(java.util.List.of("f", "d", "l", "i", "b", "step", "ret", "flag", "algo"), r.names());
    }

    @Test
    void moduleOptimizerAndRng_restored_continueIdentically(@TempDir Path dir) throws Exception {
        Sequential a = Mlp.builder(3, 8, 2).build(new Rng(1));
        Adam optA = new Adam(a.parameters(), Adam.Config.defaults(1e-2));
        Rng rngA = new Rng(5);
        for (int i = 0; i < 3; i++) step(a, optA, rngA);
        Path f = dir.resolve("state.bin");
        new TrainingState.Writer().putModule("q.", a).putOptimizer("opt", optA).putRng("rng", rngA).write(f);

        Sequential b = Mlp.builder(3, 8, 2).build(new Rng(99));
        Adam optB = new Adam(b.parameters(), Adam.Config.defaults(1e-2));
        Rng rngB = new Rng(77);
        TrainingState.Reader r = TrainingState.Reader.read(f);
        r.loadModule("q.", b);
        r.loadOptimizer("opt", optB);
        r.loadRng("rng", rngB);
        for (int i = 0; i < 4; i++) {
            step(a, optA, rngA);
            step(b, optB, rngB);
        }
        for (var e : a.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), b.namedParameters().get(e.getKey()).toArray(), e.getKey());
        }
    }

    @Test
    void moduleBuffersAndCounters_areSavedAndRestored(@TempDir Path dir) throws Exception {
        Rng init = new Rng(1);
        Sequential a = new Sequential(new Linear(3, 4, init), new BatchNorm1d(4), new Linear(4, 2, init));
        Adam optA = new Adam(a.parameters(), Adam.Config.defaults(1e-2));
        Rng rngA = new Rng(5);
        for (int i = 0; i < 3; i++) step(a, optA, rngA); // training mode: running statistics move, 3 batches counted
        Path f = dir.resolve("state.bin");
        new TrainingState.Writer().putModule("q.", a).putOptimizer("opt", optA).putRng("rng", rngA).write(f);
        TrainingState.Reader r = TrainingState.Reader.read(f);
        assertArrayEquals(new long[] {3}, r.longs("q.1.num_batches_tracked"));

        Rng other = new Rng(9);
        Sequential b = new Sequential(new Linear(3, 4, other), new BatchNorm1d(4), new Linear(4, 2, other));
        Adam optB = new Adam(b.parameters(), Adam.Config.defaults(1e-2));
        Rng rngB = new Rng(77);
        r.loadModule("q.", b);
        r.loadOptimizer("opt", optB);
        r.loadRng("rng", rngB);
        assertEquals(3, b.namedCounters().get("1.num_batches_tracked").get());
        for (int i = 0; i < 2; i++) {
            step(a, optA, rngA);
            step(b, optB, rngB);
        }
        for (var e : a.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
        }
        a.eval();
        b.eval();
        Tensor x = Tensor.of(new float[] {0.3f, -1f, 2f}, 1, 3);
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray(), "eval mode reads the restored running statistics");
    }

    private static void step(Sequential net, Adam opt, Rng rng) {
        float[] x = new float[12];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        opt.zeroGrad();
        net.forward(Tensor.of(x, 4, 3)).square().mean().backward();
        opt.step();
    }

    @Test
    void envs_restored_continueTheSameSteps(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("state.bin");
        try (VectorEnv a = VectorEnvs.sync("Acrobot-v1", Map.of(), 2, AutoresetMode.SAME_STEP);
             VectorEnv b = VectorEnvs.sync("Acrobot-v1", Map.of(), 2, AutoresetMode.SAME_STEP);
             Env<float[], Object> ea = Envs.make("MountainCar-v0"); Env<float[], Object> eb = Envs.make("MountainCar-v0")) {
            a.reset(3L);
            ea.reset(4L);
            for (int t = 0; t < 20; t++) {
                a.step(new int[] {t % 3, (t + 1) % 3});
                ea.step(t % 3);
            }
            new TrainingState.Writer().putEnvs("envs", a).putEnv("env", ea).write(f);
            b.reset(9L);
            eb.reset(9L);
            TrainingState.Reader r = TrainingState.Reader.read(f);
            r.loadEnvs("envs", b);
            r.loadEnv("env", eb);
            for (int t = 0; t < 600; t++) {
                int[] act = {(t / 3) % 3, t % 3};
                assertArrayEquals(a.step(act).observations(), b.step(act).observations());
                var sa = ea.step(t % 3);
                var sb = eb.step(t % 3);
                assertArrayEquals(sa.observation(), sb.observation());
                if (sa.truncated() || sa.terminated()) {
                    assertArrayEquals(ea.reset().observation(), eb.reset().observation());
                }
            }
        }
    }

    @Test
    void truncatedOrForeignFiles_areReportedAsCorrupt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("state.bin");
        new TrainingState.Writer().put("x", new float[1000]).write(f);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(Checkpoints.CorruptCheckpointException.class, () -> TrainingState.Reader.read(f));
        assertTrue(e.getMessage().contains("is truncated"), e.getMessage());
        Files.writeString(f, "hello");
        e = assertThrows(Checkpoints.CorruptCheckpointException.class, () -> TrainingState.Reader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void missingOrMismatchedEntries_nameTheEntry(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("state.bin");
        new TrainingState.Writer().put("obs", new float[4]).write(f);
        TrainingState.Reader r = TrainingState.Reader.read(f);
        var e = assertThrows(IllegalArgumentException.class, () -> r.longs("rng"));
        assertTrue(e.getMessage().contains("has no entry 'rng'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.floatsInto("obs", new float[8]));
        assertTrue(e.getMessage().contains("'obs'") && e.getMessage().contains("4 elements but 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.longs("obs"));
        assertTrue(e.getMessage().contains("is not a long array"), e.getMessage());
        var w = new TrainingState.Writer().putLong("a", 1);
        e = assertThrows(IllegalArgumentException.class, () -> w.putLong("a", 2));
        assertTrue(e.getMessage().contains("written twice"), e.getMessage());
    }
}
