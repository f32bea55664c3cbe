package dev.bellman.distributions;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CategoricalTest {

    static final Map<String, Object> FIXTURE = MiniJson.resource("/fixtures/distributions/distributions.json");

    @SuppressWarnings("unchecked")
    static Map<String, Object> fixture(String name) {
        return (Map<String, Object>) FIXTURE.get(name);
    }

    static void assertClose(String what, double[] expected, float[] actual, double atol, double rtol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int k = 0; k < expected.length; k++) {
            double tol = atol + rtol * Math.abs(expected[k]);
            assertTrue(Math.abs(expected[k] - actual[k]) <= tol,
                    what + "[" + k + "]: expected " + expected[k] + " (torch, float64) but was " + actual[k]);
        }
    }

    private static void checkAgainstTorch(String name, boolean masked) {
        Map<String, Object> f = fixture(name);
        int b = MiniJson.integer(f, "B"), k = MiniJson.integer(f, "K");
        Tensor logits = Tensor.of(MiniJson.floats(f, "logits"), b, k);
        Tensor logits2 = Tensor.of(MiniJson.floats(f, "logits2"), b, k);
        int[] mask = MiniJson.ints(f, "mask");
        Categorical p = masked ? new Categorical(logits, mask) : new Categorical(logits);
        Categorical q = masked ? new Categorical(logits2, mask) : new Categorical(logits2);
        assertClose(name + " log_prob", MiniJson.doubles(f, "log_prob"), p.logProb(MiniJson.ints(f, "actions")).toArray(), 2e-5, 2e-6);
        assertClose(name + " entropy", MiniJson.doubles(f, "entropy"), p.entropy().toArray(), 2e-6, 2e-6);
        assertClose(name + " kl", MiniJson.doubles(f, "kl"), p.kl(q).toArray(), 2e-5, 2e-5);
        assertClose(name + " probs", MiniJson.doubles(f, "probs"), p.probs().toArray(), 1e-7, 2e-6);
    }

    @Test
    void logProbEntropyKlProbs_matchTorch() {
        checkAgainstTorch("categorical", false);
    }

    @Test
    void masked_logProbEntropyKlProbs_matchTorchWithMinusInfinityLogits() {
        checkAgainstTorch("categorical_masked", true);
    }

    @Test
    void gradients_ofLogProbEntropyKl_matchFiniteDifferences() {
        int b = 4, k = 5;
        Tensor logits = Tensor.parameter(DistGradCheck.randomFloats(1, b * k, 1.5), b, k);
        Tensor other = Tensor.parameter(DistGradCheck.randomFloats(2, b * k, 1.5), b, k);
        int[] actions = {0, 3, 4, 2};
        double[] w = DistGradCheck.weights(3, b);
        List<Tensor> both = List.of(logits, other);
        DistGradCheck.check("logProb", List.of(logits), () -> new Categorical(logits).logProb(actions), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("entropy", List.of(logits), () -> new Categorical(logits).entropy(), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("kl", both, () -> new Categorical(logits).kl(new Categorical(other)), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("probs", List.of(logits), () -> new Categorical(logits).probs(),
                DistGradCheck.weights(4, b * k), 1e-2, 1e-3, 1e-2);
    }

    @Test
    void masked_gradients_matchFiniteDifferences_andVanishOnMaskedLogits() {
        int b = 3, k = 4;
        Tensor logits = Tensor.parameter(DistGradCheck.randomFloats(5, b * k, 1.0), b, k);
        Tensor other = Tensor.parameter(DistGradCheck.randomFloats(6, b * k, 1.0), b, k);
        boolean[] mask = {true, false, true, true, false, false, true, true, true, true, true, false};
        int[] actions = {2, 3, 0};
        double[] w = DistGradCheck.weights(7, b);
        DistGradCheck.check("masked logProb", List.of(logits), () -> new Categorical(logits, mask).logProb(actions), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("masked entropy", List.of(logits), () -> new Categorical(logits, mask).entropy(), w, 1e-2, 1e-3, 1e-2);
        DistGradCheck.check("masked kl", List.of(logits, other),
                () -> new Categorical(logits, mask).kl(new Categorical(other, mask)), w, 1e-2, 1e-3, 1e-2);

        logits.zeroGrad();
        new Categorical(logits, mask).entropy().sum().backward();
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) assertEquals(0f, logits.grad()[i], "gradient of masked logit " + i);
        }
        assertTrue(Math.abs(logits.grad()[0]) > 0f, "an allowed logit receives gradient");
    }

    @Test
    void sample_frequencies_passChiSquare() {
        float[] l = {0.5f, -1.0f, 2.0f, 0.0f, -3.0f};
        int k = l.length, n = 40_000;
        Tensor logits = Tensor.of(l.clone(), 1, k);
        Categorical c = new Categorical(logits);
        double[] p = softmax(l);
        int[] counts = new int[k];
        Rng rng = new Rng(42);
        for (int i = 0; i < n; i++) counts[c.sample(rng)[0]]++;
        double chi2 = 0;
        for (int j = 0; j < k; j++) {
            double e = n * p[j];
            chi2 += (counts[j] - e) * (counts[j] - e) / e;
        }
        // 4 degrees of freedom: P(chi2 > 18.47) = 0.001.
        assertTrue(chi2 < 18.47, "chi-square " + chi2 + " for counts " + java.util.Arrays.toString(counts));
    }

    @Test
    void sample_batched_drawsEachRowFromItsOwnDistribution() {
        Tensor logits = Tensor.of(new float[]{10f, -10f, -10f, -10f, -10f, 10f}, 2, 3);
        Categorical c = new Categorical(logits);
        Rng rng = new Rng(7);
        int[] zeroCount = new int[2];
        int[] twoCount = new int[2];
        for (int i = 0; i < 1000; i++) {
            int[] a = c.sample(rng);
            for (int r = 0; r < 2; r++) {
                if (a[r] == 0) zeroCount[r]++;
                if (a[r] == 2) twoCount[r]++;
            }
        }
        assertTrue(zeroCount[0] > 990 && twoCount[1] > 990, "row 0 → 0, row 1 → 2");
    }

    @Test
    void sample_sameSeed_sameActions() {
        Tensor logits = Tensor.of(DistGradCheck.randomFloats(9, 6 * 4, 1.0), 6, 4);
        Categorical c = new Categorical(logits);
        assertArrayEquals(c.sample(new Rng(5)), c.sample(new Rng(5)));
    }

    @Test
    void masked_neverSamplesMaskedActions_andFrequenciesFollowRenormalisedProbabilities() {
        // Masked actions carry the largest logits, so any leak through the mask would be frequent.
        float[] l = {5f, 0f, 5f, 1f, 5f, -1f};
        int[] mask = {0, 1, 0, 1, 0, 1};
        int k = l.length, n = 30_000;
        Categorical c = new Categorical(Tensor.of(l.clone(), 1, k), mask);
        int[] counts = new int[k];
        Rng rng = new Rng(11);
        for (int i = 0; i < n; i++) counts[c.sample(rng)[0]]++;
        for (int j = 0; j < k; j++) if (mask[j] == 0) assertEquals(0, counts[j], "masked action " + j + " was sampled");
        double[] p = softmax(new float[]{0f, 1f, -1f});
        int[] allowed = {1, 3, 5};
        double chi2 = 0;
        for (int j = 0; j < 3; j++) {
            double e = n * p[j];
            chi2 += (counts[allowed[j]] - e) * (counts[allowed[j]] - e) / e;
        }
        assertTrue(chi2 < 13.82, "chi-square (2 dof, p=0.001) " + chi2);
        float[] probs = c.probs().toArray();
        for (int j = 0; j < k; j++) if (mask[j] == 0) assertEquals(0f, probs[j], "probability of masked action " + j);
    }

    @Test
    void masked_singleAllowedAction_isAlwaysSampledAndIsTheMode() {
        Tensor logits = Tensor.of(new float[]{3f, 1f, 2f, 0f, 0f, 0f}, 2, 3);
        boolean[] mask = {false, true, false, true, true, true};
        Categorical c = new Categorical(logits, mask);
        Rng rng = new Rng(3);
        for (int i = 0; i < 500; i++) assertEquals(1, c.sample(rng)[0]);
        assertArrayEquals(new int[]{1, 0}, c.mode());
        assertEquals(0.0, c.entropy().toArray()[0], 1e-7);
    }

    @Test
    void allMaskedRow_throwsNamingTheRow() {
        Tensor logits = Tensor.zeros(3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Categorical(logits, new int[]{1, 0, 0, 0, 0, 1}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void logProb_ofMaskedOrOutOfRangeAction_throws() {
        Categorical c = new Categorical(Tensor.zeros(2, 3), new boolean[]{true, false, true});
        IllegalArgumentException masked = assertThrows(IllegalArgumentException.class, () -> c.logProb(new int[]{0, 1}));
        assertTrue(masked.getMessage().contains("masked") && masked.getMessage().contains("row 1"), masked.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.logProb(new int[]{0, 3}));
        assertThrows(IllegalArgumentException.class, () -> c.logProb(new int[]{0}));
    }

    @Test
    void mode_isArgmax_firstOnTies() {
        Tensor logits = Tensor.of(new float[]{0f, 2f, 1f, 4f, 4f, -1f}, 2, 3);
        assertArrayEquals(new int[]{1, 0}, new Categorical(logits).mode());
    }

    @Test
    void kl_ofItself_isZero_andKlIsNonNegative() {
        int b = 16, k = 6;
        Tensor l1 = Tensor.of(DistGradCheck.randomFloats(21, b * k, 2.0), b, k);
        Tensor l2 = Tensor.of(DistGradCheck.randomFloats(22, b * k, 2.0), b, k);
        Categorical p = new Categorical(l1), q = new Categorical(l2);
        for (float v : p.kl(p).toArray()) assertEquals(0f, v, 1e-6f);
        for (float v : p.kl(q).toArray()) assertTrue(v >= -1e-6f, "KL " + v);
        for (float v : q.kl(p).toArray()) assertTrue(v >= -1e-6f, "KL " + v);
    }

    @Test
    void entropy_isMaximalForUniformLogits() {
        Categorical c = new Categorical(Tensor.zeros(2, 4));
        for (float v : c.entropy().toArray()) assertEquals(Math.log(4), v, 1e-6);
    }

    @Test
    void constructor_rejectsWrongShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Categorical(Tensor.zeros(4)));
        assertThrows(IllegalArgumentException.class, () -> new Categorical(Tensor.zeros(2, 3), new boolean[]{true, true}));
    }

    static double[] softmax(float[] l) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : l) max = Math.max(max, v);
        double[] p = new double[l.length];
        double s = 0;
        for (int j = 0; j < l.length; j++) s += p[j] = Math.exp(l[j] - max);
        for (int j = 0; j < l.length; j++) p[j] /= s;
        return p;
    }
}
