package dev.bellman.optim;

import dev.bellman.nn.SafeTensors;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class OptimTest {

    static Tensor withGrad(float[] values, float[] grad) {
        Tensor p = Tensor.parameter(values.clone(), values.length);
        p.backward(grad);
        return p;
    }

    // ------------------------------------------------------------------ clipping

    @Test
    void clipGradNorm_matchesPyTorchFixture() throws Exception {
        Map<String, Tensor> f = SafeTensors.load(Path.of(getClass().getResource("/fixtures/clip_grad_norm.safetensors").toURI()));
        for (String tag : new String[]{"max1", "max100"}) {
            float maxNorm = tag.equals("max1") ? 1f : 100f;
            Tensor a = Tensor.parameter(new float[6], 3, 2), b = Tensor.parameter(new float[5], 5);
            a.backward(f.get("grad.0").toArray());
            b.backward(f.get("grad.1").toArray());
            float norm = GradClip.clipGradNorm(List.of(a, b), maxNorm);
            assertEquals(f.get(tag + ".norm").item(), norm, 1e-6f * norm);
            assertArrayEquals(f.get(tag + ".clipped.0").toArray(), a.grad(), 1e-6f);
            assertArrayEquals(f.get(tag + ".clipped.1").toArray(), b.grad(), 1e-6f);
        }
    }

    @Test
    void clipGradNorm_scalesByMaxNormOverNormPlusEpsilon_andSkipsMissingGrads() {
        Tensor a = withGrad(new float[]{0, 0}, new float[]{3, 0});
        Tensor b = withGrad(new float[]{0}, new float[]{4});
        Tensor none = Tensor.parameter(new float[]{1}, 1);
        float norm = GradClip.clipGradNorm(List.of(a, b, none), 0.5f);
        assertEquals(5f, norm, 0f);
        float coef = 0.5f / (5f + 1e-6f);
        assertArrayEquals(new float[]{3 * coef, 0}, a.grad(), 1e-7f);
        assertArrayEquals(new float[]{4 * coef}, b.grad(), 1e-7f);
        assertNull(none.grad());
        // below the threshold: unchanged
        float n2 = GradClip.clipGradNorm(List.of(a, b), 10f);
        assertEquals(0.5f, n2, 1e-6f);
        assertArrayEquals(new float[]{3 * coef, 0}, a.grad(), 0f);
    }

    @Test
    void clipGradNorm_nonFinite_failsOnRequestAndLeavesGradients() {
        Tensor a = withGrad(new float[]{0, 0}, new float[]{Float.NaN, 1});
        assertThrows(ArithmeticException.class, () -> GradClip.clipGradNorm(List.of(a), 1f, true));
        assertEquals(1f, a.grad()[1]);
        assertTrue(Float.isNaN(GradClip.clipGradNorm(List.of(a), 1f)));
    }

    @Test
    void clipGradValue_clampsElements() {
        Tensor a = withGrad(new float[3], new float[]{-5, 0.2f, 9});
        GradClip.clipGradValue(List.of(a), 1f);
        assertArrayEquals(new float[]{-1, 0.2f, 1}, a.grad());
    }

    // ------------------------------------------------------------------ schedules

    @Test
    void linearSchedule_interpolatesAndHolds() {
        Schedule s = Schedule.linear(1.0, 0.05, 100);
        assertEquals(1.0, s.value(0));
        assertEquals(0.525, s.value(50), 1e-12);
        assertEquals(0.05, s.value(100), 1e-12);
        assertEquals(0.05, s.value(1000), 1e-12);
        assertEquals(1.0, s.value(-3));
        // CleanRL annealing: lr * (1 - (update - 1) / numUpdates) for update = 1..numUpdates
        Schedule lr = Schedule.linear(2.5e-4, 0, 10);
        for (int update = 1; update <= 10; update++) {
            assertEquals(2.5e-4 * (1.0 - (update - 1.0) / 10), lr.value(update - 1), 1e-18);
        }
    }

    @Test
    void cosineSchedule_followsHalfCosine() {
        Schedule s = Schedule.cosine(1.0, 0.1, 200);
        assertEquals(1.0, s.value(0), 1e-12);
        assertEquals(0.55, s.value(100), 1e-12);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI / 4)) / 2, s.value(50), 1e-12);
        assertEquals(0.1, s.value(200), 1e-12);
        assertEquals(0.1, s.value(201), 1e-12);
        assertEquals(3.0, Schedule.constant(3.0).value(12345));
        assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(1, 0, 0));
    }

    @Test
    void schedule_appliesToOptimizer() {
        Optimizer opt = new Sgd(List.of(Tensor.parameter(new float[1], 1)), 1.0);
        Schedule.linear(1.0, 0.0, 4).apply(opt, 1);
        assertEquals(0.75, opt.learningRate(), 1e-12);
    }

    // ------------------------------------------------------------------ semantics by hand

    @Test
    void sgdMomentum_firstStepUsesGradientThenAccumulates() {
        Tensor p = withGrad(new float[]{1f}, new float[]{2f});
        Sgd opt = new Sgd(List.of(p), new Sgd.Config(0.1, 0.9, 0, false, 0));
        opt.step();                                  // b = 2, p = 1 - 0.2
        assertEquals(0.8f, p.get(0), 1e-7f);
        opt.step();                                  // b = 0.9·2 + 2 = 3.8, p = 0.8 - 0.38
        assertEquals(0.42f, p.get(0), 1e-6f);
    }

    @Test
    void adam_firstStepMovesByLearningRateTimesSign() {
        // with bias correction, m̂/√v̂ = g/|g| on step 1 (ε negligible)
        Tensor p = withGrad(new float[]{0.5f, 0.5f}, new float[]{3f, -0.01f});
        new Adam(List.of(p), 0.1).step();
        assertEquals(0.4f, p.get(0), 1e-6f);
        assertEquals(0.6f, p.get(1), 1e-6f);
    }

    @Test
    void step_skipsParametersWithoutGradient() {
        Tensor p = Tensor.parameter(new float[]{1f}, 1);
        Tensor q = withGrad(new float[]{1f}, new float[]{1f});
        Adam opt = new Adam(List.of(p, q), 0.1);
        opt.step();
        assertEquals(1f, p.get(0));
        assertNotEquals(1f, q.get(0));
        assertArrayEquals(new float[]{0, 0, 1, 0}, opt.state().get("step"));
        assertFalse(opt.state().containsKey("exp_avg.0"));
    }

    @Test
    void stateRestore_continuesIdentically() {
        for (int kind = 0; kind < 4; kind++) {
            float[] init = {0.3f, -1.2f, 2f};
            Tensor a = Tensor.parameter(init.clone(), 3), b = Tensor.parameter(init.clone(), 3);
            Optimizer oa = make(kind, a), ob = make(kind, b);
            for (int t = 0; t < 5; t++) feed(oa, a, t);
            for (int t = 0; t < 5; t++) feed(ob, b, t);
            Map<String, float[]> saved = oa.state();
            Tensor c = Tensor.parameter(a.toArray(), 3);
            Optimizer oc = make(kind, c);
            oc.loadState(saved);
            for (int t = 5; t < 10; t++) {
                feed(ob, b, t);
                feed(oc, c, t);
            }
            assertArrayEquals(b.toArray(), c.toArray(), "kind " + kind);
            assertThrows(IllegalArgumentException.class, () -> oc.loadState(Map.of("step", new float[2], "bogus.0", new float[3])));
        }
    }

    @Test
    void state_survivesASafeTensorsCheckpoint(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Tensor a = Tensor.parameter(new float[]{1f, 2f, 3f}, 3);
        Optimizer oa = make(1, a);
        for (int t = 0; t < 3; t++) feed(oa, a, t);
        Map<String, Tensor> ckpt = new java.util.LinkedHashMap<>();
        oa.state().forEach((k, v) -> ckpt.put(k, Tensor.of(v.clone(), v.length)));
        SafeTensors.save(dir.resolve("opt.safetensors"), ckpt);
        Map<String, float[]> restored = new java.util.LinkedHashMap<>();
        SafeTensors.load(dir.resolve("opt.safetensors")).forEach((k, v) -> restored.put(k, v.toArray()));
        Tensor b = Tensor.parameter(a.toArray(), 3);
        Optimizer ob = make(1, b);
        ob.loadState(restored);
        feed(oa, a, 3);
        feed(ob, b, 3);
        assertArrayEquals(a.toArray(), b.toArray());
        assertEquals(3f, restored.get("step")[0]);
    }

    static Optimizer make(int kind, Tensor p) {
        return switch (kind) {
            case 0 -> new Sgd(List.of(p), new Sgd.Config(0.1, 0.9, 0, true, 0.01));
            case 1 -> new Adam(List.of(p), Adam.Config.defaults(0.01).withEps(1e-5));
            case 2 -> new AdamW(List.of(p), 0.01);
            default -> new RmsProp(List.of(p), new RmsProp.Config(0.01, 0.9, 1e-5, 0, 0.5, true));
        };
    }

    static void feed(Optimizer o, Tensor p, int t) {
        o.zeroGrad();
        p.backward(new float[]{(float) Math.sin(t), (float) Math.cos(t), 0.1f * t});
        o.step();
    }

    @Test
    void configs_rejectInvalidValuesNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam.Config(-1, 0.9, 0.999, 1e-8, 0, false));
        assertTrue(e.getMessage().contains("learningRate") && e.getMessage().contains("-1"));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Config(1e-3, 1.0, 0.999, 1e-8, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(0.1, 0, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp.Config(0.1, 1.5, 1e-8, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(Tensor.zeros(2)), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), 0.1));
        Optimizer o = new Sgd(List.of(Tensor.parameter(new float[1], 1)), 0.1);
        assertThrows(IllegalArgumentException.class, () -> o.setLearningRate(Double.NaN));
    }
}
