package dev.bellman.nn;

import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Buffers, counters and train/eval mode of {@link Module}. */
class ModuleBuffersTest {
    @TempDir
    Path dir;

    /** Sequential(Linear(3, 4), BatchNorm1d(4), Dropout, Linear(4, 2)), as the PyTorch model of the same name. */
    static Sequential net(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(3, 4, rng), new BatchNorm1d(4), new Dropout(0.5f, rng.split()), new Linear(4, 2, rng));
    }

    /** Gives the batch norm's buffers and counter distinct values. */
    static void perturb(Sequential m, float base, long count) {
        BatchNorm1d bn = (BatchNorm1d) m.get(1);
        for (int i = 0; i < 4; i++) {
            bn.runningMean().data()[i] = base + i;
            bn.runningVar().data()[i] = 1 + base + 2 * i;
        }
        m.namedCounters().get("1.num_batches_tracked").set(count);
    }

    @Test
    void buffers_areInTheStateDictInPyTorchOrder_butNotParameters() {
        Sequential m = net(1);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("1.running_mean", "1.running_var"), List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("1.num_batches_tracked"), List.copyOf(m.namedCounters().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.weight", "3.bias"), List.copyOf(m.stateDict().keySet()));
        assertEquals(6, m.parameters().size());
        assertEquals(3 * 4 + 4 + 4 + 4 + 4 * 2 + 2, m.numParameters(), "buffers are not counted as parameters");
        assertFalse(m.namedBuffers().get("1.running_mean").requiresGrad());
        perturb(m, 0.5f, 12);
        assertEquals(12f, m.stateDict().get("1.num_batches_tracked").item());
        assertArrayEquals(new int[0], m.stateDict().get("1.num_batches_tracked").shape());
    }

    @Test
    void trainAndEval_applyToTheWholeTree() {
        Sequential m = net(1);
        assertTrue(m.isTraining());
        assertTrue(m.get(1).isTraining());
        assertSame(m, m.eval());
        for (int i = 0; i < m.size(); i++) assertFalse(m.get(i).isTraining(), "child " + i);
        m.get(1).train();
        assertFalse(m.isTraining(), "train() on a child leaves the parent");
        assertTrue(m.get(1).isTraining());
        m.train();
        for (int i = 0; i < m.size(); i++) assertTrue(m.get(i).isTraining(), "child " + i);
    }

    @Test
    void copyFrom_copiesBuffersAndCounters_polyakAveragesOnlyParameters() {
        Sequential src = net(1), dst = net(2);
        perturb(src, 0.5f, 40);
        perturb(dst, -3f, 2);
        float w0 = dst.namedParameters().get("0.weight").data()[0], s0 = src.namedParameters().get("0.weight").data()[0];
        dst.polyakFrom(src, 0.25f);
        assertEquals(0.25f * s0 + 0.75f * w0, dst.namedParameters().get("0.weight").data()[0], 1e-7f);
        assertArrayEquals(src.namedBuffers().get("1.running_mean").toArray(), dst.namedBuffers().get("1.running_mean").toArray(),
                "running statistics are copied, not averaged (as SB3's target update)");
        assertArrayEquals(src.namedBuffers().get("1.running_var").toArray(), dst.namedBuffers().get("1.running_var").toArray());
        assertEquals(40, dst.namedCounters().get("1.num_batches_tracked").get());
        Sequential hard = net(3);
        hard.copyFrom(src);
        for (var e : src.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toArray(), hard.stateDict().get(e.getKey()).toArray(), e.getKey());
        }
    }

    @Test
    void saveAndLoad_roundTripBuffersAndExactInt64Counters() throws Exception {
        Sequential a = net(1), b = net(2);
        long big = (1L << 40) + 1; // not representable as a float
        perturb(a, 0.5f, big);
        Path p = dir.resolve("m.safetensors");
        a.save(p);
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(SafeTensors.DType.I64, c.entries().get("1.num_batches_tracked").dtype());
        assertEquals(SafeTensors.DType.F32, c.entries().get("1.running_var").dtype());
        b.load(p);
        assertEquals(big, b.namedCounters().get("1.num_batches_tracked").get());
        for (var e : a.stateDict().entrySet()) {
            if (e.getKey().endsWith("num_batches_tracked")) continue;
            assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
        }
        // the module's own outputs agree in eval mode (running statistics used)
        a.eval();
        b.eval();
        Tensor x = Tensor.of(new float[]{0.1f, -0.2f, 0.3f, 1f, 2f, -1f}, 2, 3);
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
    }

    @Test
    void loadStateDict_isStrictAboutBuffers() {
        Sequential m = net(1);
        Map<String, Tensor> state = new LinkedHashMap<>(net(2).stateDict());
        state.remove("1.running_var");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
        assertTrue(e.getMessage().contains("missing [1.running_var]"), e.getMessage());
        Map<String, Tensor> good = new LinkedHashMap<>(net(2).stateDict());
        good.put("1.num_batches_tracked", Tensor.scalar(5f));
        m.loadStateDict(good);
        assertEquals(5, m.namedCounters().get("1.num_batches_tracked").get());
    }

    @Test
    void load_refusesAFloatWhereACounterIsExpected_namingFileAndTensor() throws Exception {
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>();
        for (var e : net(2).stateDict().entrySet()) entries.put(e.getKey(), SafeTensors.Entry.of(e.getValue()));
        Path p = dir.resolve("float-counter.safetensors");
        SafeTensors.write(p, entries, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net(1).load(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("'1.num_batches_tracked'")
                && e.getMessage().contains("I64"), e.getMessage());
        assertTrue(Files.exists(p));
    }

    @Test
    void registerBuffer_refusesTrainableTensors_andDuplicateNames() {
        class Bad extends Module {
            Bad(boolean trainable) {
                if (trainable) {
                    registerBuffer("b", Tensor.parameter(new float[1], 1));
                } else {
                    registerBuffer("b", Tensor.zeros(1));
                    registerCounter("b");
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Bad(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Bad(false));
        assertTrue(e.getMessage().contains("'b' is already registered"), e.getMessage());
    }
}
