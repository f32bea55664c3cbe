package dev.bellman.nn;

import dev.bellman.optim.Sgd;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.bellman.nn.BatchNormTest.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A 3-block {@link AlphaZeroTower} with batch norm against PyTorch
 * ({@code tools/fixtures/make_alphazero_fixtures.py}): the PyTorch-written state dict (int64
 * counters) loads; eval- and train-mode outputs, every parameter gradient of the loss, and the
 * state (running statistics, counters, parameters) after two SGD steps agree within float32
 * tolerance. The Bellman-written file that the script's {@code --verify} loads into PyTorch with
 * {@code strict=True} is what {@code save} still writes, byte for byte.
 */
class AlphaZeroTowerParityTest {
    static final AlphaZeroTower.Config CONFIG = new AlphaZeroTower.Config(17, 5, 3, 8, 26, 32);
    static final double RTOL = 1e-4, ATOL = 1e-5;

    @TempDir
    Path dir;

    static Path resource(String name) throws Exception {
        return Path.of(AlphaZeroTowerParityTest.class.getResource("/fixtures/" + name).toURI());
    }

    /** Cross-entropy against soft targets plus the value MSE: AlphaGo Zero's loss without the L2 term. */
    static Tensor loss(AlphaZeroTower.Output out, Tensor pi, Tensor z) {
        Tensor ce = out.policyLogits().logSoftmax(1).mul(pi).sum(1, false).mean().neg();
        Tensor mse = out.value().squeeze(1).sub(z).square().mean();
        return ce.add(mse);
    }

    @Test
    void torchWrittenState_loads_andTrainingMatchesPyTorch() throws Exception {
        Map<String, Tensor> f = SafeTensors.load(resource("alphazero_fixture.safetensors"));
        AlphaZeroTower net = new AlphaZeroTower(CONFIG, new Rng(0));
        net.load(resource("alphazero_torch_state.safetensors"));
        assertEquals(7, net.namedCounters().get("blocks.2.bn2.num_batches_tracked").get());

        net.eval();
        try (var g = Tensor.noGrad()) {
            AlphaZeroTower.Output out = net.heads(f.get("x1"));
            assertClose("eval0 logits", f.get("eval0.logits"), out.policyLogits(), RTOL, ATOL);
            assertClose("eval0 value", f.get("eval0.value"), out.value(), RTOL, ATOL);
        }

        net.train();
        Sgd sgd = new Sgd(net.parameters(), 0.1);
        AlphaZeroTower.Output out = net.heads(f.get("x1"));
        Tensor l = loss(out, f.get("pi1"), f.get("z1"));
        assertClose("train1 logits", f.get("train1.logits"), out.policyLogits(), RTOL, ATOL);
        assertClose("train1 value", f.get("train1.value"), out.value(), RTOL, ATOL);
        assertEquals(f.get("train1.loss").item(), l.item(), 1e-5);
        net.zeroGrad();
        l.backward();
        int checked = 0;
        for (var e : net.namedParameters().entrySet()) {
            Tensor expected = f.get("grad." + e.getKey());
            assertNotNull(expected, "no PyTorch gradient for " + e.getKey());
            // gradients: relative 1e-3 of the largest entry of the tensor (accumulation order differs)
            float scale = 0;
            for (float v : expected.toArray()) scale = Math.max(scale, Math.abs(v));
            assertClose("grad " + e.getKey(), expected, e.getValue().gradTensor(), 1e-3, 1e-4 * scale + 1e-7);
            checked++;
        }
        assertEquals(f.keySet().stream().filter(k -> k.startsWith("grad.")).count(), checked);
        sgd.step();

        out = net.heads(f.get("x2"));
        l = loss(out, f.get("pi2"), f.get("z2"));
        assertEquals(f.get("train2.loss").item(), l.item(), 1e-4);
        net.zeroGrad();
        l.backward();
        sgd.step();

        Map<String, Tensor> state = net.stateDict();
        assertEquals(f.keySet().stream().filter(k -> k.startsWith("after.")).count(), state.size());
        for (var e : state.entrySet()) {
            assertClose("after " + e.getKey(), f.get("after." + e.getKey()), e.getValue(), 1e-3, 1e-5);
        }
        assertEquals(9, net.namedCounters().get("bn.num_batches_tracked").get());

        net.eval();
        try (var g = Tensor.noGrad()) {
            out = net.heads(f.get("x1"));
            assertClose("eval2 logits", f.get("eval2.logits"), out.policyLogits(), 1e-3, 1e-4);
            assertClose("eval2 value", f.get("eval2.value"), out.value(), 1e-3, 1e-4);
        }
    }

    @Test
    void stateDictNames_areThoseOfThePyTorchPort() {
        AlphaZeroTower net = new AlphaZeroTower(CONFIG, new Rng(0));
        List<String> names = List.copyOf(net.stateDict().keySet());
        List<String> bn = List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        List<String> expected = new java.util.ArrayList<>();
        expected.add("conv.weight");
        bn.forEach(s -> expected.add("bn." + s));
        for (int b = 0; b < 3; b++) {
            for (int k = 1; k <= 2; k++) {
                expected.add("blocks." + b + ".conv" + k + ".weight");
                for (String s : bn) expected.add("blocks." + b + ".bn" + k + "." + s);
            }
        }
        expected.add("policy_conv.weight");
        bn.forEach(s -> expected.add("policy_bn." + s));
        expected.addAll(List.of("policy_fc.weight", "policy_fc.bias", "value_conv.weight"));
        bn.forEach(s -> expected.add("value_bn." + s));
        expected.addAll(List.of("value_fc1.weight", "value_fc1.bias", "value_fc2.weight", "value_fc2.bias"));
        assertEquals(expected, names);
        assertArrayEquals(new int[]{26, 50}, net.stateDict().get("policy_fc.weight").shape());
        assertArrayEquals(new int[]{8, 17, 3, 3}, net.stateDict().get("conv.weight").shape());
        assertArrayEquals(new int[]{1, 8, 1, 1}, net.stateDict().get("value_conv.weight").shape());
    }

    /** A tower whose every state value comes from a seeded initialisation and exact formulas (no arithmetic kernels). */
    static AlphaZeroTower bellmanWrittenTower() {
        AlphaZeroTower net = new AlphaZeroTower(CONFIG, new Rng(2017));
        int k = 0;
        for (var e : net.namedBuffers().entrySet()) {
            float[] d = e.getValue().data();
            boolean var = e.getKey().endsWith("running_var");
            for (int i = 0; i < d.length; i++, k++) {
                d[i] = var ? 0.5f + ((k * 53) % 97) / 128f : (((k * 37) % 101) - 50) / 512f;
            }
        }
        for (var e : net.namedParameters().entrySet()) { // BN affine parameters away from 1 and 0
            if (e.getKey().contains("bn")) {
                float[] d = e.getValue().data();
                for (int i = 0; i < d.length; i++, k++) d[i] += (((k * 29) % 61) - 30) / 256f;
            }
        }
        int c = 0;
        for (Module.Counter counter : net.namedCounters().values()) counter.set(1000L + c++);
        return net;
    }

    @Test
    void bellmanWrittenTower_isWhatSaveWritesToday_andGivesTheCommittedOutputs() throws Exception {
        AlphaZeroTower net = bellmanWrittenTower();
        Path fresh = dir.resolve("alphazero_bellman_written.safetensors");
        net.save(fresh, Map.of("format", "pt", "writer", "bellman"));
        Tensor x = SafeTensors.load(resource("alphazero_fixture.safetensors")).get("x1");
        Map<String, Tensor> outs = new LinkedHashMap<>();
        net.eval();
        try (var g = Tensor.noGrad()) {
            AlphaZeroTower.Output o = net.heads(x);
            outs.put("eval.logits", o.policyLogits());
            outs.put("eval.value", o.value());
            net.train();
            o = net.heads(x);
            outs.put("train.logits", o.policyLogits());
            outs.put("train.value", o.value());
        }
        String regen = System.getProperty("bellman.regenerateFixtures");
        if (regen != null) { // -Dbellman.regenerateFixtures=<path of src/test/resources/fixtures>
            Files.copy(fresh, Path.of(regen, "alphazero_bellman_written.safetensors"), StandardCopyOption.REPLACE_EXISTING);
            SafeTensors.save(Path.of(regen, "alphazero_bellman_outputs.safetensors"), outs, Map.of("writer", "bellman"));
        }
        assertArrayEquals(Files.readAllBytes(resource("alphazero_bellman_written.safetensors")), Files.readAllBytes(fresh),
                "the committed Bellman-written tower (checked by make_alphazero_fixtures.py --verify) differs from what save() writes");
        Map<String, Tensor> committed = SafeTensors.load(resource("alphazero_bellman_outputs.safetensors"));
        for (var e : outs.entrySet()) assertClose(e.getKey(), committed.get(e.getKey()), e.getValue(), RTOL, ATOL);
    }
}
