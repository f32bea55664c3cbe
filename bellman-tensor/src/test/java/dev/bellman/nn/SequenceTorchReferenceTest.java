package dev.bellman.nn;

import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Recurrent;
import dev.bellman.tensor.SequenceOps;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.bellman.tensor.TorchFixtureText.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * LSTM, GRU, their cells, cross-entropy, Embedding and the support transforms against PyTorch 1.13: outputs,
 * final states and every gradient of the scalar loss {@code L = Σ_k sum(out_k ⊙ w_k)},
 * {@code w_k[j] = sin(0.7j + 0.3 + 1.1k)}. The fixture is written by {@code tools/fixtures/make_sequence_fixtures.py};
 * the recurrent cases ran {@code torch.nn.LSTM/GRU/LSTMCell/GRUCell}, whose parameters are loaded here by
 * PyTorch's names into the Bellman modules (so the names are checked too).
 */
class SequenceTorchReferenceTest {

    private record Case(String name, Map<String, Tensor> inputs, Map<String, Tensor> outputs, Map<String, float[]> grads) {}

    private static final Set<String> STATE_AND_INPUT = Set.of("x", "h0", "c0");

    private static final Map<String, Function<Map<String, Tensor>, Map<String, Tensor>>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("lstm_T5", in -> {
            Lstm m = load(new Lstm(4, 6, new Rng(1)), in);
            Recurrent.LstmOutput r = m.forward(in.get("x"), new Recurrent.LstmState(in.get("h0"), in.get("c0")));
            return outs("output", r.output(), "h", r.h(), "c", r.c());
        });
        CASES.put("gru_T5", in -> {
            Gru m = load(new Gru(4, 6, new Rng(1)), in);
            Recurrent.GruOutput r = m.forward(in.get("x"), in.get("h0"));
            return outs("output", r.output(), "h", r.h());
        });
        CASES.put("lstmCell", in -> {
            LstmCell m = load(new LstmCell(4, 6, new Rng(1)), in);
            Recurrent.LstmState r = m.forward(in.get("x"), new Recurrent.LstmState(in.get("h0"), in.get("c0")));
            return outs("h", r.h(), "c", r.c());
        });
        CASES.put("gruCell", in -> {
            GruCell m = load(new GruCell(4, 6, new Rng(1)), in);
            return outs("h", m.forward(in.get("x"), in.get("h0")));
        });
        CASES.put("crossEntropy_hard", in -> outs("loss", Losses.crossEntropy(in.get("z"), ints(in.get("t")))));
        CASES.put("crossEntropy_hard_large", in -> outs("loss", Losses.crossEntropy(in.get("z"), ints(in.get("t")))));
        CASES.put("crossEntropy_soft", in -> outs("loss", Losses.crossEntropy(in.get("z"), in.get("p"))));
        CASES.put("crossEntropy_soft_unnormalised", in -> outs("loss", Losses.crossEntropy(in.get("z"), in.get("p"))));
        CASES.put("embedding", in -> outs("out", SequenceOps.embedding(in.get("w"), ints(in.get("i")), in.get("i").shape())));
        CASES.put("support_S10", in -> support(10, in));
        CASES.put("support_S300", in -> support(300, in));
    }

    private static Map<String, Tensor> support(int size, Map<String, Tensor> in) {
        SupportTransform st = SupportTransform.of(size);
        float[] x = in.get("x").toArray();
        float[] h = new float[x.length];
        for (int i = 0; i < x.length; i++) h[i] = (float) st.h(x[i]);
        return outs("h", Tensor.vector(h), "support", st.scalarToSupport(x),
                "scalar", Tensor.vector(st.supportToScalar(in.get("logits"))));
    }

    /** Loads the fixture's parameters (PyTorch names) into {@code m}; the inputs named x, h0, c0 are not parameters. */
    private static <M extends Module> M load(M m, Map<String, Tensor> in) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (var e : in.entrySet()) if (!STATE_AND_INPUT.contains(e.getKey())) state.put(e.getKey(), e.getValue());
        m.loadStateDict(state);
        m.zeroGrad();
        // the fixture's gradients are compared against the module's own parameters
        for (var e : m.namedParameters().entrySet()) in.put(e.getKey(), e.getValue());
        return m;
    }

    private static Map<String, Tensor> outs(Object... kv) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Tensor) kv[i + 1]);
        return m;
    }

    private static int[] ints(Tensor t) {
        float[] v = t.toArray();
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.round(v[i]);
        return r;
    }

    static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        String name = null;
        Map<String, Tensor> in = null, out = null;
        Map<String, float[]> grads = null;
        for (String[] tok : lines("/fixtures/sequence/sequence.txt")) {
            switch (tok[0]) {
                case "case" -> { name = tok[1]; in = new LinkedHashMap<>(); out = new LinkedHashMap<>(); grads = new LinkedHashMap<>(); }
                case "in" -> in.put(tok[1], Tensor.parameter(values(tok, 3), shape(tok[2])));
                case "out" -> out.put(tok[1], Tensor.of(values(tok, 3), shape(tok[2])));
                case "grad" -> grads.put(tok[1], values(tok, 2));
                case "end" -> cases.add(new Case(name, in, out, grads));
                default -> fail("bad fixture line: " + String.join(" ", tok));
            }
        }
        return cases;
    }

    @Test
    void everyCase_matchesPyTorchOutputsAndGradients() throws IOException {
        List<Case> cases = load();
        assertEquals(CASES.keySet(), cases.stream().map(Case::name).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)),
                "fixture cases and the table here differ");
        for (Case c : cases) {
            Map<String, Tensor> got = CASES.get(c.name).apply(c.inputs);
            assertEquals(c.outputs.keySet(), got.keySet(), c.name + ": outputs");
            Tensor loss = null;
            int k = 0;
            for (var e : c.outputs.entrySet()) {
                Tensor o = got.get(e.getKey());
                assertArrayEquals(e.getValue().shape(), o.shape(), c.name + " " + e.getKey() + ": shape");
                assertClose(c.name + " " + e.getKey(), e.getValue().toArray(), o.toArray());
                float[] w = new float[o.size()];
                for (int j = 0; j < w.length; j++) w[j] = (float) Math.sin(0.7 * j + 0.3 + 1.1 * k);
                if (o.requiresGrad()) {
                    Tensor term = o.mul(Tensor.of(w, o.shape())).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                k++;
            }
            if (c.grads.isEmpty()) continue;
            assertNotNull(loss, c.name + ": no output requires grad");
            loss.backward();
            for (var e : c.grads.entrySet()) {
                Tensor t = c.inputs.get(e.getKey());
                assertNotNull(t, c.name + ": no input " + e.getKey());
                float[] g = t.grad() == null ? new float[t.size()] : t.grad();
                assertClose(c.name + " grad " + e.getKey(), e.getValue(), g);
            }
        }
    }
}
