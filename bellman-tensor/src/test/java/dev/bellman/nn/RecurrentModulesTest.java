package dev.bellman.nn;

import dev.bellman.tensor.Recurrent;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Parameter names, shapes and initialisation of Lstm, Gru, LstmCell, GruCell and Embedding, as PyTorch's. */
class RecurrentModulesTest {

    @Test
    void parameterNamesAndShapes_areTorchs() {
        Lstm lstm = new Lstm(5, 7, new Rng(1));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"), List.copyOf(lstm.namedParameters().keySet()));
        assertArrayEquals(new int[]{28, 5}, lstm.namedParameters().get("weight_ih_l0").shape());
        assertArrayEquals(new int[]{28, 7}, lstm.namedParameters().get("weight_hh_l0").shape());
        Gru gru = new Gru(5, 7, false, new Rng(1));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(gru.namedParameters().keySet()));
        assertArrayEquals(new int[]{21, 7}, gru.namedParameters().get("weight_hh_l0").shape());
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"),
                List.copyOf(new LstmCell(5, 7, new Rng(1)).namedParameters().keySet()));
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"),
                List.copyOf(new GruCell(5, 7, new Rng(1)).namedParameters().keySet()));
        assertEquals(List.of("weight"), List.copyOf(new Embedding(4, 3, new Rng(1)).namedParameters().keySet()));
        assertEquals("Lstm(5, 7)", lstm.toString());
        assertEquals("Gru(5, 7, bias=False)", gru.toString());
    }

    @Test
    void init_isUniformWithinOneOverSqrtHidden() {
        Lstm lstm = new Lstm(3, 16, new Rng(2));
        double bound = 0.25;
        for (var e : lstm.namedParameters().entrySet()) {
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float v : e.getValue().toArray()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(min >= -bound && max <= bound, e.getKey() + " in [" + min + ", " + max + "]");
            assertTrue(min < -0.8 * bound && max > 0.8 * bound, e.getKey() + " spans the range: [" + min + ", " + max + "]");
        }
    }

    @Test
    void embedding_initIsStandardNormal() {
        float[] w = new Embedding(200, 50, new Rng(3)).weight().toArray();
        double mean = 0, sq = 0;
        for (float v : w) { mean += v; sq += (double) v * v; }
        mean /= w.length;
        double std = Math.sqrt(sq / w.length - mean * mean);
        assertEquals(0, mean, 0.03);
        assertEquals(1, std, 0.03);
    }

    @Test
    void forward_zeroStateEqualsExplicitZeros() {
        Gru gru = new Gru(2, 3, new Rng(4));
        Tensor x = Tensor.of(new float[]{0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, 0.8f}, 2, 2, 2);
        assertArrayEquals(gru.forward(x, Tensor.zeros(2, 3)).output().toArray(), gru.forward(x).toArray(), 0f);
        Lstm lstm = new Lstm(2, 3, new Rng(4));
        Recurrent.LstmOutput o = lstm.forward(x, new Recurrent.LstmState(Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
        assertArrayEquals(o.output().toArray(), lstm.forward(x).toArray(), 0f);
    }

    @Test
    void badSizes_areRejectedNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Lstm(0, 4, new Rng(1)));
        assertEquals("Lstm needs positive sizes but got input_size=0, hidden_size=4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Embedding(3, -1, new Rng(1)));
        assertEquals("Embedding needs positive sizes but got num_embeddings=3, embedding_dim=-1", e.getMessage());
    }
}
