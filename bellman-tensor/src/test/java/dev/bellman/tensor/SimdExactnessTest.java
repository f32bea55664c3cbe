package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ReLU's SIMD paths give the same bits as the plain loops they replaced: {@code Math.max(x, 0f)} forward and
 * {@code if (x > 0) dst += g} backward, at a size above the SIMD threshold, with zeros of both signs and a gradient
 * that another op also accumulates into.
 */
class SimdExactnessTest {

    private static float[] values(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 7) {
                case 0 -> 0f;
                case 1 -> -0f;
                default -> (float) rng.nextGaussian() * (i % 3 == 0 ? 1e-3f : 3f);
            };
        }
        return v;
    }

    @Test
    void relu_forwardAndAccumulatedBackward_matchThePlainLoopsBitForBit() {
        Rng rng = new Rng(11L);
        int n = 1000; // above the SIMD threshold, not a multiple of any vector width
        float[] xv = values(rng, n), w1 = values(rng, n), w2 = values(rng, n);
        Tensor x = Tensor.parameter(xv.clone(), n);
        // two uses of x: the ReLU's backward accumulates onto a gradient the product already wrote (in either order)
        Tensor loss = x.relu().mul(Tensor.of(w1.clone(), n)).sum().add(x.mul(Tensor.of(w2.clone(), n)).sum());
        float[] y = x.relu().toArray();
        loss.backward();
        float[] g = x.grad();
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(Math.max(xv[i], 0f)), Float.floatToRawIntBits(y[i]), "relu forward at " + i);
            // both orders of accumulation from a +0 buffer give the same float here: (0 + a) + b and (0 + b) + a
            float relu = xv[i] > 0f ? w1[i] : 0f;
            float expectedA = xv[i] > 0f ? (0f + w2[i]) + w1[i] : 0f + w2[i];
            float expectedB = xv[i] > 0f ? (0f + w1[i]) + w2[i] : 0f + w2[i];
            int bits = Float.floatToRawIntBits(g[i]);
            if (bits != Float.floatToRawIntBits(expectedA) && bits != Float.floatToRawIntBits(expectedB)) {
                throw new AssertionError("relu backward at " + i + ": x " + xv[i] + ", relu grad " + relu + ", got " + g[i]
                        + " expected " + expectedA);
            }
        }
    }
}
