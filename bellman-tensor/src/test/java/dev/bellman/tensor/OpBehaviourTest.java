package dev.bellman.tensor;

import dev.bellman.nn.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.bellman.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.*;

/** Hand-computed values, error messages, views, grad modes and ops without derivatives. */
class OpBehaviourTest {

    private final Rng rng = new Rng(7L);

    // ------------------------------------------------------------------ GradCheck catches mistakes

    @Test
    void gradCheck_wrongBackward_fails() {
        // y = 2x with a backward that claims dy/dx = 3
        Function<Tensor[], Tensor> bad = x -> Tensor.result("bad", x[0].mul(2f).toArray(), x[0].shape(),
                (o, g) -> { float[] gx = x[0].gradBuffer(); for (int i = 0; i < g.length; i++) gx[i] += 3f * g[i]; }, x[0]);
        assertThrows(AssertionError.class, () -> GradCheck.defaults().gradients("bad", bad, randn(rng, 3)));
    }

    @Test
    void gradCheck_wrongTangent_fails() {
        Function<Tensor[], Tensor> bad = x -> {
            Tensor r = x[0].mul(2f);
            if (r.tangent != null) r.tangent = x[0].tangent.clone(); // claims dy = dx
            return r;
        };
        assertThrows(AssertionError.class, () -> GradCheck.defaults().tangents("bad", bad, randn(rng, 3)));
    }

    @Test
    void gradCheck_checkParams_checksCapturedParametersInPlaceAndRestoresThem() {
        Tensor w = Tensor.parameter(randn(rng, 3, 2).toArray(), 3, 2);
        Tensor b = Tensor.parameter(randn(rng, 3).toArray(), 3);
        Tensor x = randn(rng, 4, 2);
        float[] w0 = w.toArray();
        GradCheck.checkParams("linear params", () -> Tensor.linear(x, w, b).sigmoid(), List.of(w, b));
        assertArrayEquals(w0, w.toArray());
        assertNull(w.grad());
        assertNull(w.tangent());
    }

    // ------------------------------------------------------------------ values

    @Test
    void atan2_handValues_inEveryQuadrant_andZeroGradientAtTheOrigin() {
        Tensor y = Tensor.parameter(new float[]{1f, 1f, -1f, -1f, 0f, 0f, 2f}, 7);
        Tensor x = Tensor.parameter(new float[]{1f, -1f, -1f, 1f, -1f, 0f, 0f}, 7);
        float pi = (float) Math.PI;
        assertArrayEquals(new float[]{pi / 4, 3 * pi / 4, -3 * pi / 4, -pi / 4, pi, 0f, pi / 2},
                y.atan2(x).toArray(), 1e-6f);
        y.atan2(x).sum().backward();
        // d/dy = x / r², d/dx = -y / r²: at (y, x) = (1, 1) 0.5 and -0.5; at (2, 0) 0 and -0.5; 0 at the origin
        assertArrayEquals(new float[]{0.5f, -0.5f, -0.5f, 0.5f, -1f, 0f, 0f}, y.grad(), 1e-6f);
        assertArrayEquals(new float[]{-0.5f, -0.5f, 0.5f, 0.5f, 0f, 0f, -0.5f}, x.grad(), 1e-6f);
    }

    @Test
    void softmax_handValues() {
        Tensor p = Tensor.of(new float[]{0f, (float) Math.log(2), (float) Math.log(5)}, 1, 3).softmax(-1);
        assertArrayEquals(new float[]{0.125f, 0.25f, 0.625f}, p.toArray(), 1e-6f);
        Tensor lp = Tensor.vector(1f, 2f, 3f).logSoftmax(0);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertArrayEquals(new float[]{(float) (1 - lse), (float) (2 - lse), (float) (3 - lse)}, lp.toArray(), 1e-6f);
    }

    @Test
    void logSumExp_largeInputs_isStable() {
        Tensor x = Tensor.of(new float[]{1000f, 1000f, -1000f, 5000f, 5000f, 5000f}, 2, 3);
        float[] lse = x.logSumExp(1, false).toArray();
        assertEquals(1000f + (float) Math.log(2), lse[0], 1e-3f);
        assertEquals(5000f + (float) Math.log(3), lse[1], 1e-3f);
        float[] sm = x.softmax(1).toArray();
        assertArrayEquals(new float[]{0.5f, 0.5f, 0f, 1 / 3f, 1 / 3f, 1 / 3f}, sm, 1e-6f);
        // a fully masked row gives -inf, not NaN
        Tensor masked = Tensor.vector(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertEquals(Float.NEGATIVE_INFINITY, masked.logSumExp(0, false).item());
    }

    @Test
    void logSoftmax_maskedLogit_hasZeroProbabilityAndFiniteGradient() {
        Tensor x = Tensor.parameter(new float[]{1f, Float.NEGATIVE_INFINITY, 2f}, 3);
        Tensor lp = x.logSoftmax(0);
        assertEquals(Float.NEGATIVE_INFINITY, lp.get(1));
        lp.gather(0, new int[]{2}).sum().backward();
        for (float g : x.grad()) assertTrue(Float.isFinite(g));
        assertEquals(0f, x.grad()[1]);
    }

    @Test
    void conv2d_tinyHandCase() {
        // x 1x1x3x3 = 1..9, w 1x1x2x2 = [[1,0],[0,-1]], b = 0.5, stride 1, padding 0:
        // out[i][j] = x[i][j] - x[i+1][j+1] + 0.5 = -4 + 0.5 everywhere
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new float[]{1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor out = Ops.conv2d(x, w, Tensor.vector(0.5f), 1, 0);
        assertArrayEquals(new int[]{1, 1, 2, 2}, out.shape());
        assertArrayEquals(new float[]{-3.5f, -3.5f, -3.5f, -3.5f}, out.toArray());
        // padding 1, stride 2: out[oh][ow] = xp[2oh][2ow] - xp[2oh+1][2ow+1] with xp the zero-padded input
        Tensor padded = Ops.conv2d(x, w, null, 2, 1);
        assertArrayEquals(new int[]{1, 1, 2, 2}, padded.shape());
        assertArrayEquals(new float[]{0 - 1, 0 - 3, 0 - 7, 5 - 9}, padded.toArray());
    }

    @Test
    void maxPool2d_handCase() {
        Tensor x = Tensor.parameter(new float[]{1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 2, 9, 0, 3, 7}, 1, 1, 4, 4);
        Tensor y = Ops.maxPool2d(x, 2, 2);
        assertArrayEquals(new float[]{5, 8, 9, 7}, y.toArray());
        y.sum().backward();
        float[] g = new float[16];
        g[1] = 1; g[6] = 1; g[12] = 1; g[15] = 1;
        assertArrayEquals(g, x.grad());
    }

    @Test
    void gather_qValuesOfTakenActions() {
        // Q(s, a) for a batch of 3 states and 2 actions; actions [1, 0, 1]
        Tensor q = Tensor.parameter(new float[]{1f, 2f, 3f, 4f, 5f, 6f}, 3, 2);
        Tensor qa = q.gather(1, new int[]{1, 0, 1});
        assertArrayEquals(new int[]{3, 1}, qa.shape());
        assertArrayEquals(new float[]{2f, 3f, 6f}, qa.toArray());
        qa.sum().backward();
        assertArrayEquals(new float[]{0, 1, 1, 0, 0, 1}, q.grad());
    }

    @Test
    void huberAndMse_handValues() {
        Tensor pred = Tensor.vector(0f, 0.5f, 3f, -2f);
        Tensor target = Tensor.zeros(4);
        // smooth_l1 beta 1: 0, 0.5·0.25 = 0.125, 3 - 0.5 = 2.5, 2 - 0.5 = 1.5 → mean 1.03125
        assertEquals(1.03125f, Losses.huber(pred, target, 1f).item(), 1e-6f);
        // beta 2: 0, 0.25·0.5/2 = 0.0625, 3 - 1 = 2, 0.5·4/2 = 1 (|d| = 2 is not < 2 → 2 - 1 = 1) → mean 0.765625
        assertEquals(0.765625f, Losses.huber(pred, target, 2f).item(), 1e-6f);
        assertEquals((0f + 0.25f + 9f + 4f) / 4f, Losses.mse(pred, target).item(), 1e-6f);
    }

    @Test
    void elementwise_handValuesAndTies() {
        Tensor a = Tensor.parameter(new float[]{1f, 2f, 3f}, 3);
        Tensor b = Tensor.parameter(new float[]{2f, 2f, 2f}, 3);
        assertArrayEquals(new float[]{2f, 2f, 3f}, a.maximum(b).toArray());
        a.maximum(b).sum().backward();
        assertArrayEquals(new float[]{0f, 0.5f, 1f}, a.grad());
        assertArrayEquals(new float[]{1f, 0.5f, 0f}, b.grad());
        assertArrayEquals(new float[]{1f, 4f, 9f}, a.pow(b).toArray());
        assertArrayEquals(new float[]{0.25f, 1f, 1f}, Tensor.vector(-0.5f, 1f, 2f).clamp(0.25f, 1f).toArray());
        assertArrayEquals(new float[]{1f, 0f, 0f}, Tensor.oneHot(new int[]{0, 2}, 3).slice(0, 0, 1).toArray());
    }

    @Test
    void rowBias_broadcastBackward_sumsOverRows() {
        Tensor x = Tensor.parameter(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.parameter(new float[]{10, 20, 30}, 3);
        Tensor y = x.add(b);
        assertArrayEquals(new float[]{11, 22, 33, 14, 25, 36}, y.toArray());
        y.mul(x).sum().backward();
        assertArrayEquals(new float[]{5, 7, 9}, b.grad());
    }

    // ------------------------------------------------------------------ views

    @Test
    void views_shareStorageOnlyWhereDocumented() {
        Tensor x = Tensor.of(new float[24], 4, 3, 2);
        assertSame(x.data(), x.reshape(12, 2).data());
        Tensor rows = x.slice(0, 1, 3);
        assertSame(x.data(), rows.data());
        assertEquals(6, rows.offset());
        assertSame(x.data(), x.unsqueeze(0).flatten(0).data());
        assertNotSame(x.data(), x.slice(1, 0, 2).data());
        assertNotSame(x.data(), x.transpose(0, 1).data());
        assertNotSame(x.data(), x.permute(2, 0, 1).data());
        x.data()[6] = 42f;
        assertEquals(42f, rows.get(0, 0, 0));
    }

    @Test
    void opsOnOffsetViews_matchOpsOnCopies() {
        Tensor big = randn(rng, 5, 4);
        Tensor view = big.slice(0, 2, 4);
        Tensor copy = view.copy();
        Tensor bias = randn(rng, 4);
        Tensor w = randn(rng, 3, 4);
        List<Function<Tensor, Tensor>> ops = List.of(
                t -> t.add(bias), t -> bias.mul(t), t -> t.div(2f), t -> t.exp(), t -> t.matmul(w.transpose(0, 1)),
                t -> Tensor.linear(t, w, null), t -> t.softmax(1), t -> t.sum(0, false), t -> t.gather(1, new int[]{1, 3}),
                t -> t.transpose(0, 1), t -> t.slice(1, 1, 3), t -> Tensor.concat(0, t, t), t -> t.maximum(bias),
                t -> t.add(Tensor.scalar(1f)), t -> Losses.huber(t, Tensor.zeros(2, 4), 1f));
        for (Function<Tensor, Tensor> op : ops) {
            assertArrayEquals(op.apply(copy).toArray(), op.apply(view).toArray(), 0f);
        }
    }

    @Test
    void gradientThroughSliceView_landsInSourceRows() {
        Tensor x = Tensor.parameter(new float[]{1, 2, 3, 4, 5, 6}, 3, 2);
        x.slice(0, 1, 2).mul(3f).sum().backward();
        assertArrayEquals(new float[]{0, 0, 3, 3, 0, 0}, x.grad());
        x.zeroGrad();
        x.slice(1, 1, 2).sum().backward();
        assertArrayEquals(new float[]{0, 1, 0, 1, 0, 1}, x.grad());
    }

    // ------------------------------------------------------------------ reuse and grad modes

    @Test
    void tensorUsedTwice_accumulatesBothGradients() {
        Tensor x = Tensor.parameter(new float[]{2f, -1f}, 2);
        // y = x·x + 3x → dy/dx = 2x + 3
        x.mul(x).add(x.mul(3f)).sum().backward();
        assertArrayEquals(new float[]{7f, 1f}, x.grad(), 1e-6f);
        // diamond: z = exp(x) used by two branches
        Tensor p = Tensor.parameter(new float[]{0.5f}, 1);
        Tensor e = p.exp();
        e.mul(e).add(e).sum().backward(); // d/dp (e^2p + e^p) = 2e^2p + e^p
        assertEquals((float) (2 * Math.exp(1) + Math.exp(0.5)), p.grad()[0], 1e-5f);
    }

    @Test
    void noGrad_opsRecordNoTape() {
        Tensor w = Tensor.parameter(new float[]{1f, 2f}, 2);
        try (var g = Tensor.noGrad()) {
            assertFalse(w.add(w).exp().softmax(0).gather(0, new int[]{1}).requiresGrad());
            assertFalse(Tensor.linear(w.reshape(1, 2), w.reshape(1, 2), null).requiresGrad());
            assertFalse(w.slice(0, 0, 1).requiresGrad());
        }
        assertTrue(w.add(w).requiresGrad());
        assertFalse(w.detach().mul(2f).requiresGrad());
    }

    @Test
    void anomalyMode_logOfNegative_namesOp() {
        Tensor.setAnomalyDetection(true);
        try {
            Tensor x = Tensor.parameter(new float[]{1f, -1f}, 2);
            var e = assertThrows(ArithmeticException.class, () -> x.mul(2f).log());
            assertTrue(e.getMessage().contains("'log'"), e.getMessage());
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        } finally {
            Tensor.setAnomalyDetection(false);
        }
        assertTrue(Float.isNaN(Tensor.vector(-1f).log().item()));
    }

    // ------------------------------------------------------------------ ops without derivatives

    @Test
    void opsWithoutDerivative_throwNamingTheOpWhenBackwardReachesThem() {
        Tensor x = Tensor.parameter(new float[]{-1f, 0.5f, 2f}, 3);
        Tensor y = Tensor.parameter(new float[]{0f, 0f, 0f}, 3);
        List<Function<Tensor, Tensor>> ops = List.of(
                t -> t.gt(y), t -> t.lt(0f), t -> t.ge(y), t -> t.le(0f), t -> t.eq(y), t -> t.sign(), t -> t.floor());
        List<String> names = List.of("gt", "lt", "ge", "le", "eq", "sign", "floor");
        for (int i = 0; i < ops.size(); i++) {
            Tensor loss = ops.get(i).apply(x).mul(x).sum();
            var e = assertThrows(UnsupportedOperationException.class, loss::backward);
            assertTrue(e.getMessage().contains("'" + names.get(i) + "'"), e.getMessage());
        }
        // on detached inputs they are plain constants
        x.zeroGrad();
        x.detach().gt(0f).mul(x).sum().backward();
        assertArrayEquals(new float[]{0f, 1f, 1f}, x.grad());
        assertArrayEquals(new float[]{0f, 1f, 1f}, x.gt(0f).toArray());
        assertArrayEquals(new int[]{2, 0}, Tensor.of(new float[]{1, 2, 3, 9, 0, 9}, 2, 3).argmax(1));
    }

    @Test
    void opWithoutDerivative_inForwardMode_throws() {
        Tensor x = Tensor.parameter(new float[]{1f, 2f}, 2);
        var e = assertThrows(UnsupportedOperationException.class,
                () -> Autodiff.jvp(() -> x.sign().sum(), List.of(x), new float[]{1f, 1f}));
        assertTrue(e.getMessage().contains("'sign'"), e.getMessage());
    }

    @Test
    void where_doesNotDifferentiateCondition() {
        Tensor x = Tensor.parameter(new float[]{-1f, 2f}, 2);
        Tensor y = Tensor.where(x.gt(0f), x.mul(2f), x.mul(-3f));
        y.sum().backward();
        assertArrayEquals(new float[]{-3f, 2f}, x.grad());
    }

    // ------------------------------------------------------------------ errors

    private static void assertShapeError(String op, String shapeA, String shapeB, Runnable r) {
        var e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(op), e.getMessage());
        assertTrue(e.getMessage().contains(shapeA), e.getMessage());
        assertTrue(e.getMessage().contains(shapeB), e.getMessage());
    }

    @Test
    void shapeErrors_nameOpAndShapes() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4);
        assertShapeError("add", "[2, 3]", "[4]", () -> a.add(b));
        assertShapeError("mul", "[2, 3]", "[4]", () -> a.mul(b));
        assertShapeError("maximum", "[2, 3]", "[4]", () -> a.maximum(b));
        assertShapeError("gt", "[2, 3]", "[4]", () -> a.gt(b));
        assertShapeError("where", "[2, 3]", "[4]", () -> Tensor.where(a, a, b));
        assertShapeError("matmul", "[2, 3]", "[4]", () -> a.matmul(b));
        assertShapeError("matmul", "[5, 2, 3]", "[4, 3, 2]", () -> Tensor.zeros(5, 2, 3).matmul(Tensor.zeros(4, 3, 2)));
        assertShapeError("linear", "[2, 3]", "[4, 4]", () -> Tensor.linear(a, Tensor.zeros(4, 4), null));
        assertShapeError("conv2d", "[1, 2, 5, 5]", "[3, 1, 3, 3]", () -> Ops.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(3, 1, 3, 3), null, 1, 0));
        assertShapeError("concat", "[2, 3]", "[2, 4]", () -> Tensor.concat(0, a, Tensor.zeros(2, 4)));
        assertShapeError("stack", "[2, 3]", "[3, 2]", () -> Tensor.stack(0, a, Tensor.zeros(3, 2)));
        assertShapeError("expand", "[2, 3]", "[4, 3]", () -> a.expand(4, 3));
        assertShapeError("mse", "[2, 3]", "[2, 1]", () -> Losses.mse(a, Tensor.zeros(2, 1)));
        assertShapeError("huber", "[3, 1]", "[3]", () -> Losses.huber(Tensor.zeros(3, 1), Tensor.zeros(3), 1f));
        assertShapeError("layerNorm", "[4]", "[2, 3]", () -> Ops.layerNorm(a, Tensor.ones(4), null, 1e-5f));
    }

    @Test
    void axisAndIndexErrors_nameOp() {
        Tensor a = Tensor.zeros(2, 3);
        var e1 = assertThrows(IllegalArgumentException.class, () -> a.sum(2, false));
        assertTrue(e1.getMessage().contains("sum") && e1.getMessage().contains("axis 2"), e1.getMessage());
        var e2 = assertThrows(IndexOutOfBoundsException.class, () -> a.gather(1, new int[]{0, 3}));
        assertTrue(e2.getMessage().contains("gather") && e2.getMessage().contains("[2, 3]"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> a.gather(1, new int[]{0, 1, 2}));
        assertTrue(e3.getMessage().contains("gather"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> a.slice(1, 2, 4));
        assertTrue(e4.getMessage().contains("slice") && e4.getMessage().contains("[2, 3]"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> a.squeeze(0));
        assertTrue(e5.getMessage().contains("squeeze"), e5.getMessage());
        var e6 = assertThrows(IllegalArgumentException.class, () -> a.split(1, 1, 1));
        assertTrue(e6.getMessage().contains("split"), e6.getMessage());
        var e7 = assertThrows(IllegalArgumentException.class, () -> a.permute(0, 0));
        assertTrue(e7.getMessage().contains("permute"), e7.getMessage());
        var e8 = assertThrows(IndexOutOfBoundsException.class, () -> a.indexSelect(0, new int[]{2}));
        assertTrue(e8.getMessage().contains("indexSelect"), e8.getMessage());
    }

    // ------------------------------------------------------------------ Autodiff

    @Test
    void jvpAndVjp_ofLinearMap_matchExplicitJacobian() {
        // f(w) = A·w for a fixed A: J = A, so jvp(v) = A·v and vjp(u) = Aᵀ·u
        Tensor a = randn(rng, 3, 4);
        Tensor w = Tensor.parameter(randn(rng, 4).toArray(), 4);
        float[] v = randn(rng, 4).toArray();
        float[] jv = Autodiff.jvp(() -> a.matmul(w), List.of(w), v);
        float[] u = randn(rng, 3).toArray();
        w.backward(new float[4]); // leaves an existing gradient of zeros in place
        w.grad()[0] = 5f;
        float[] jtu = Autodiff.vjp(a.matmul(w), List.of(w), u);
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) s += a.get(i, j) * v[j];
            assertEquals(s, jv[i], 1e-5);
        }
        for (int j = 0; j < 4; j++) {
            double s = 0;
            for (int i = 0; i < 3; i++) s += a.get(i, j) * u[i];
            assertEquals(s, jtu[j], 1e-5);
        }
        assertEquals(5f, w.grad()[0], "vjp must leave accumulated gradients untouched");
        assertNull(w.tangent(), "jvp must clear the parameters' tangents");
    }

    @Test
    void jvp_overTwoParams_matchesFiniteDifferenceAndFlatGradOrder() {
        Tensor w = Tensor.parameter(randn(rng, 3, 2).toArray(), 3, 2);
        Tensor b = Tensor.parameter(randn(rng, 3).toArray(), 3);
        Tensor x = randn(rng, 5, 2);
        float[] v = randn(rng, 9).toArray();
        float[] jv = Autodiff.jvp(() -> Tensor.linear(x, w, b).tanh().logSoftmax(1), List.of(w, b), v);
        float eps = 1e-2f;
        float[] w0 = w.toArray(), b0 = b.toArray();
        float[] plus, minus;
        try (var g = Tensor.noGrad()) {
            for (int i = 0; i < 6; i++) w.data()[i] = w0[i] + eps * v[i];
            for (int i = 0; i < 3; i++) b.data()[i] = b0[i] + eps * v[6 + i];
            plus = Tensor.linear(x, w, b).tanh().logSoftmax(1).toArray();
            for (int i = 0; i < 6; i++) w.data()[i] = w0[i] - eps * v[i];
            for (int i = 0; i < 3; i++) b.data()[i] = b0[i] - eps * v[6 + i];
            minus = Tensor.linear(x, w, b).tanh().logSoftmax(1).toArray();
        }
        for (int i = 0; i < jv.length; i++) assertEquals((plus[i] - minus[i]) / (2 * eps), jv[i], 2e-3);
        w.zeroGrad();
        Tensor.linear(x, Tensor.of(w0, 3, 2).detach(), b).sum().backward();
        float[] flat = Autodiff.flatGrad(List.of(w, b));
        assertEquals(9, flat.length);
        for (int i = 0; i < 6; i++) assertEquals(0f, flat[i]);
        for (int i = 0; i < 3; i++) assertEquals(5f, flat[6 + i], 1e-6f);
    }
}
