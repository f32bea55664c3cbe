package dev.bellman.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TensorCoreTest {

    @Test
    void matmulTanhSum_backward_matchesHandDerivative() {
        Tensor w = Tensor.parameter(new float[]{0.5f, -1f, 2f, 0.25f}, 2, 2);
        Tensor x = Tensor.of(new float[]{1f, 2f}, 1, 2);
        Tensor y = x.matmul(w).tanh().sum();
        y.backward();
        // y = tanh(0.5 + 4) + tanh(-1 + 0.5); dy/dw_ij = x_i * (1 - tanh(z_j)^2)
        double z0 = 4.5, z1 = -0.5;
        double d0 = 1 - Math.tanh(z0) * Math.tanh(z0), d1 = 1 - Math.tanh(z1) * Math.tanh(z1);
        float[] expected = {(float) d0, (float) d1, (float) (2 * d0), (float) (2 * d1)};
        assertArrayEquals(expected, w.grad(), 1e-6f);
    }

    @Test
    void reuse_accumulatesBothGradients() {
        Tensor a = Tensor.parameter(new float[]{3f}, 1, 1);
        Tensor y = a.matmul(a).sum(); // a^2
        y.backward();
        assertEquals(6f, a.grad()[0], 1e-6f);
        y = a.matmul(a).sum();
        y.backward(); // += semantics across calls
        assertEquals(12f, a.grad()[0], 1e-6f);
        a.zeroGrad();
        assertEquals(0f, a.grad()[0]);
    }

    @Test
    void noGrad_recordsNoTape() {
        Tensor w = Tensor.parameter(new float[]{1f}, 1, 1);
        try (var g = Tensor.noGrad()) {
            assertFalse(w.matmul(w).requiresGrad());
        }
        assertTrue(w.matmul(w).requiresGrad());
    }

    @Test
    void matmul_shapeMismatch_namesOpAndShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void anomalyMode_namesFirstBadOp() {
        Tensor.setAnomalyDetection(true);
        try {
            Tensor big = Tensor.of(new float[]{1e30f}, 1, 1);
            var e = assertThrows(ArithmeticException.class, () -> big.matmul(big));
            assertTrue(e.getMessage().contains("'matmul'"), e.getMessage());
        } finally {
            Tensor.setAnomalyDetection(false);
        }
    }

    /**
     * A custom op (Tensor.custom) is on the tape like a built-in one: its backward gets the output's gradient and adds
     * the input's into gradAccumulator(), beside the contribution of another path to the same input; grad mode off
     * records nothing; a wrong value count is refused naming the op.
     */
    @Test
    void customOp_backwardAddsIntoTheInputsAccumulator() {
        Tensor x = Tensor.parameter(new float[]{1f, -2f, 3f}, 3);
        float[] y = {3f, -6f, 9f};
        Tensor t = Tensor.custom("triple", y, new int[]{3}, (o, g) -> {
            float[] acc = x.gradAccumulator();
            for (int i = 0; i < 3; i++) acc[i] += 3f * g[i];
        }, x);
        assertTrue(t.requiresGrad());
        assertEquals("triple", t.op());
        t.square().sum().add(x.sum()).backward(); // d/dx (Σ (3x)² + Σ x) = 18x + 1
        assertArrayEquals(new float[]{19f, -35f, 55f}, x.grad());
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            assertFalse(Tensor.custom("triple", y.clone(), new int[]{3}, (o, g) -> { }, x).requiresGrad());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.custom("triple", y, new int[]{2, 2}, (o, g) -> { }, x));
        assertTrue(e.getMessage().contains("'triple'") && e.getMessage().contains("3 values"), e.getMessage());
    }
}
