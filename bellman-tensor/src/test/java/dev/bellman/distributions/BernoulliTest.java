package dev.bellman.distributions;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.bellman.distributions.CategoricalTest.assertClose;
import static dev.bellman.distributions.CategoricalTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BernoulliTest {

    @Test
    void logProbEntropyKl_matchTorch() {
        Map<String, Object> f = fixture("bernoulli");
        int b = MiniJson.integer(f, "B"), d = MiniJson.integer(f, "D");
        Bernoulli p = new Bernoulli(Tensor.of(MiniJson.floats(f, "logits"), b, d));
        Bernoulli q = new Bernoulli(Tensor.of(MiniJson.floats(f, "logits2"), b, d));
        assertClose("log_prob", MiniJson.doubles(f, "log_prob"), p.logProb(Tensor.of(MiniJson.floats(f, "actions"), b, d)).toArray(), 1e-5, 2e-6);
        assertClose("entropy", MiniJson.doubles(f, "entropy"), p.entropy().toArray(), 2e-6, 2e-6);
        assertClose("kl", MiniJson.doubles(f, "kl"), p.kl(q).toArray(), 1e-5, 2e-6);
    }

    @Test
    void gradients_matchFiniteDifferences() {
        int b = 3, d = 4;
        Tensor logits = Tensor.parameter(DistGradCheck.randomFloats(51, b * d, 1.5), b, d);
        Tensor other = Tensor.parameter(DistGradCheck.randomFloats(52, b * d, 1.5), b, d);
        Tensor x = Tensor.of(new float[]{1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1}, b, d);
        double[] w = DistGradCheck.weights(53, b);
        DistGradCheck.check("logProb", List.of(logits), () -> new Bernoulli(logits).logProb(x), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("entropy", List.of(logits), () -> new Bernoulli(logits).entropy(), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("kl", List.of(logits, other), () -> new Bernoulli(logits).kl(new Bernoulli(other)), w, 1e-2, 1e-3, 1e-2);
    }

    @Test
    void sample_frequencies_matchSigmoidOfLogits() {
        int n = 20_000;
        float[] l = {-1.5f, 0f, 2f};
        float[] logits = new float[n * 3];
        for (int i = 0; i < n; i++) System.arraycopy(l, 0, logits, 3 * i, 3);
        float[] s = new Bernoulli(Tensor.of(logits, n, 3)).sample(new Rng(13)).toArray();
        for (int j = 0; j < 3; j++) {
            double p = 1 / (1 + Math.exp(-l[j]));
            int ones = 0;
            for (int i = 0; i < n; i++) {
                float v = s[3 * i + j];
                assertTrue(v == 0f || v == 1f);
                if (v == 1f) ones++;
            }
            assertEquals(p, ones / (double) n, 5 * Math.sqrt(p * (1 - p) / n), "frequency of 1 in coordinate " + j);
        }
    }

    @Test
    void mode_isOneWherePositive() {
        Tensor logits = Tensor.of(new float[]{-0.1f, 0.1f, 3f, -3f}, 2, 2);
        assertArrayEquals(new float[]{0f, 1f, 1f, 0f}, new Bernoulli(logits).mode().toArray());
    }

    @Test
    void kl_ofItself_isZero_andKlIsNonNegative() {
        Bernoulli p = new Bernoulli(Tensor.of(DistGradCheck.randomFloats(61, 20, 2.0), 5, 4));
        Bernoulli q = new Bernoulli(Tensor.of(DistGradCheck.randomFloats(62, 20, 2.0), 5, 4));
        for (float v : p.kl(p).toArray()) assertEquals(0f, v, 1e-6f);
        for (float v : p.kl(q).toArray()) assertTrue(v >= -1e-6f, "KL " + v);
    }

    @Test
    void logProb_rejectsNonBinaryValues() {
        Bernoulli p = new Bernoulli(Tensor.zeros(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.logProb(Tensor.of(new float[]{1f, 0.5f}, 1, 2)));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
    }
}
