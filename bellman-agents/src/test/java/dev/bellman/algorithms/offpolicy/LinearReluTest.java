package dev.bellman.algorithms.offpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;
import org.junit.jupiter.api.Test;

/**
 * {@link LinearRelu} against {@code Tensor.linear(x, w, b).relu()}: output and the gradients of input, weight and bias
 * bit for bit, for two such layers in a row (the second one's input gradient flows into the first), at 1 and 2 threads
 * (SAC's size, 256×256 at batch 256, is split over threads), and with a frozen (detached) weight as in SAC's actor loss.
 */
class LinearReluTest {

    private static float[] gaussian(Rng rng, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = scale * (float) rng.nextGaussian();
        return v;
    }

    /** Two layers in → hid → hid, then Σ c ⊙ h2; returns {h2, du, dw1, db1, dw2, db2} (weights' null when frozen). */
    private static float[][] run(boolean fused, boolean frozen, int rows, int in, int hid, long seed) {
        Rng rng = new Rng(seed);
        Tensor u = Tensor.of(gaussian(rng, rows * in, 1f), rows, in).requiresGrad_();
        Tensor w1 = Tensor.parameter(gaussian(rng, hid * in, 0.5f), hid, in), b1 = Tensor.parameter(gaussian(rng, hid, 0.1f), hid);
        Tensor w2 = Tensor.parameter(gaussian(rng, hid * hid, 0.1f), hid, hid), b2 = Tensor.parameter(gaussian(rng, hid, 0.1f), hid);
        Tensor c = Tensor.of(gaussian(rng, rows * hid, 1f), rows, hid);
        Tensor[] w = {frozen ? w1.detach() : w1, frozen ? w2.detach() : w2};
        Tensor[] b = {frozen ? b1.detach() : b1, frozen ? b2.detach() : b2};
        Tensor h = u;
        for (int l = 0; l < 2; l++) h = fused ? LinearRelu.apply(h, w[l], b[l]) : Tensor.linear(h, w[l], b[l]).relu();
        h.mul(c).sum(1, false).mean().backward();
        return frozen ? new float[][]{h.toArray(), u.grad().clone()}
                : new float[][]{h.toArray(), u.grad().clone(), w1.grad().clone(), b1.grad().clone(), w2.grad().clone(), b2.grad().clone()};
    }

    @Test
    void valuesAndGradients_equalLinearThenRelu_bitForBit() {
        String[] names = {"output", "input gradient", "fc1 weight gradient", "fc1 bias gradient", "fc2 weight gradient", "fc2 bias gradient"};
        int before = Parallel.threads();
        try {
            for (int threads : new int[]{1, 2}) {
                Parallel.setThreads(threads);
                for (boolean frozen : new boolean[]{false, true}) {
                    for (int[] s : new int[][]{{256, 4, 256}, {37, 3, 70}}) {
                        String what = s[0] + "×" + s[1] + "→" + s[2] + "→" + s[2] + (frozen ? " frozen" : "") + ", " + threads + " threads";
                        float[][] want = run(false, frozen, s[0], s[1], s[2], 5);
                        float[][] got = run(true, frozen, s[0], s[1], s[2], 5);
                        int zeros = 0;
                        for (float v : want[0]) if (v == 0f) zeros++;
                        assertTrue(zeros > want[0].length / 5 && zeros < want[0].length, what + ": the ReLU is active on some units only");
                        for (int t = 0; t < want.length; t++) {
                            assertEquals(want[t].length, got[t].length, what + ", " + names[t]);
                            for (int i = 0; i < want[t].length; i++) {
                                assertEquals(Float.floatToRawIntBits(want[t][i]), Float.floatToRawIntBits(got[t][i]),
                                        what + ", " + names[t] + " element " + i + ": " + got[t][i] + ", separate ops " + want[t][i]);
                            }
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
