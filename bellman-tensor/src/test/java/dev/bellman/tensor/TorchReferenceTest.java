package dev.bellman.tensor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.bellman.tensor.TorchFixtureText.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Values and gradients against PyTorch 1.13 (fixture written by
 * {@code tools/fixtures/make_tensor_op_fixtures.py}; the op of each case is fixed by its name on
 * both sides). Gradients are of {@code sum(out ⊙ w)} with {@code w_k = sin(0.7k + 0.3)}.
 */
class TorchReferenceTest {

    private static final Map<String, Function<Map<String, Tensor>, Tensor>> OPS = new LinkedHashMap<>();

    static {
        OPS.put("conv2d_s2_p1", in -> Ops.conv2d(in.get("x"), in.get("w"), in.get("b"), 2, 1));
        OPS.put("conv2d_s1_p0", in -> Ops.conv2d(in.get("x"), in.get("w"), null, 1, 0));
        OPS.put("maxPool2d_k2_s2", in -> Ops.maxPool2d(in.get("x"), 2, 2));
        OPS.put("layerNorm", in -> Ops.layerNorm(in.get("x"), in.get("g"), in.get("b"), 1e-5f));
        OPS.put("smoothL1_beta0.7", in -> Losses.huber(in.get("p"), in.get("t"), 0.7f));
        OPS.put("smoothL1_beta1", in -> Losses.huber(in.get("p"), in.get("t"), 1f));
        OPS.put("mse", in -> Losses.mse(in.get("p"), in.get("t")));
        OPS.put("logSoftmax_1", in -> in.get("x").logSoftmax(1));
        OPS.put("softmax_0", in -> in.get("x").softmax(0));
        OPS.put("logSumExp_-1", in -> in.get("x").logSumExp(-1, false));
        OPS.put("softplus", in -> in.get("x").softplus());
        OPS.put("elu_1.3", in -> in.get("x").elu(1.3f));
        OPS.put("leakyRelu_0.01", in -> in.get("x").leakyRelu(0.01f));
        OPS.put("sigmoid", in -> in.get("x").sigmoid());
        OPS.put("tanh", in -> in.get("x").tanh());
        OPS.put("exp", in -> in.get("x").exp());
        OPS.put("pow", in -> in.get("a").pow(in.get("b")));
        OPS.put("maximum_ties", in -> in.get("a").maximum(in.get("b")));
        OPS.put("minimum_ties", in -> in.get("a").minimum(in.get("b")));
        OPS.put("clamp_edges", in -> in.get("x").clamp(-0.5f, 0.5f));
        OPS.put("div_bcast", in -> in.get("a").div(in.get("b")));
        OPS.put("bmm_bcast", in -> in.get("a").matmul(in.get("b")));
        OPS.put("linear", in -> Tensor.linear(in.get("x"), in.get("w"), in.get("b")));
        OPS.put("gather_1", in -> in.get("x").gather(1, new int[]{2, 0, 1, 2}));
        OPS.put("max_1", in -> in.get("x").max(1, false));
        OPS.put("permute", in -> in.get("x").permute(2, 0, 1));
    }

    private record Case(String name, Map<String, Tensor> inputs, int[] outShape, float[] out, Map<String, float[]> grads) {}

    private static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        String name = null;
        Map<String, Tensor> in = null;
        Map<String, float[]> grads = null;
        int[] outShape = null;
        float[] out = null;
        for (String[] tok : lines("/fixtures/tensor/ops.txt")) {
            switch (tok[0]) {
                case "case" -> { name = tok[1]; in = new LinkedHashMap<>(); grads = new LinkedHashMap<>(); }
                case "in" -> in.put(tok[1], Tensor.parameter(values(tok, 3), shape(tok[2])));
                case "out" -> { outShape = shape(tok[1]); out = values(tok, 2); }
                case "grad" -> grads.put(tok[1], values(tok, 2));
                case "end" -> cases.add(new Case(name, in, outShape, out, grads));
                default -> fail("bad fixture line: " + String.join(" ", tok));
            }
        }
        return cases;
    }

    @Test
    void everyCase_matchesPyTorchValuesAndGradients() throws IOException {
        List<Case> cases = load();
        assertEquals(OPS.keySet(), cases.stream().map(Case::name).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)),
                "fixture cases and ops table differ");
        for (Case c : cases) {
            Tensor out = OPS.get(c.name).apply(c.inputs);
            assertArrayEquals(c.outShape, out.shape(), c.name + ": output shape");
            assertClose(c.name + " output", c.out, out.toArray());
            float[] w = new float[out.size()];
            for (int k = 0; k < w.length; k++) w[k] = (float) Math.sin(0.7 * k + 0.3);
            out.backward(w);
            for (var e : c.grads.entrySet()) {
                Tensor t = c.inputs.get(e.getKey());
                float[] g = t.grad() == null ? new float[t.size()] : t.grad();
                assertClose(c.name + " grad " + e.getKey(), e.getValue(), g);
            }
        }
    }
}
