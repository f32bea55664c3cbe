package dev.bellman.nn;

import dev.bellman.tensor.GradCheck;
import dev.bellman.tensor.Norms;
import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Batch norm against PyTorch ({@code tools/fixtures/make_alphazero_fixtures.py},
 * {@code batchnorm_fixture.safetensors}), finite differences for the fused op, and dropout.
 */
class BatchNormTest {
    static Map<String, Tensor> fixture(String name) throws Exception {
        return SafeTensors.load(Path.of(BatchNormTest.class.getResource("/fixtures/" + name).toURI()));
    }

    static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray(), a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i]))) {
                fail(what + "[" + i + "]: expected " + e[i] + " but was " + a[i]);
            }
        }
    }

    static void assertClose(String what, float[] expected, float[] actual, double rtol, double atol) {
        assertClose(what, Tensor.of(expected.clone(), expected.length), Tensor.of(actual.clone(), actual.length), rtol, atol);
    }

    @Test
    void trainStepAndEval_matchPyTorch_forBatchNorm1dAnd2d() throws Exception {
        Map<String, Tensor> f = fixture("batchnorm_fixture.safetensors");
        for (String tag : new String[]{"bn1d_2", "bn1d_3", "bn2d"}) {
            Tensor x0 = f.get(tag + ".x");
            int c = x0.dim(1);
            BatchNorm m = tag.startsWith("bn2d") ? new BatchNorm2d(c) : new BatchNorm1d(c);
            m.weight().copy_(f.get(tag + ".weight"));
            m.bias().copy_(f.get(tag + ".bias"));
            m.runningMean().copy_(f.get(tag + ".running_mean0"));
            m.runningVar().copy_(f.get(tag + ".running_var0"));
            Tensor x = Tensor.parameter(x0.toArray(), x0.shape());
            Tensor out = m.forward(x);
            assertClose(tag + " train output", f.get(tag + ".out"), out, 1e-5, 1e-5);
            out.mul(f.get(tag + ".wout")).sum().backward();
            assertClose(tag + " grad x", f.get(tag + ".grad_x").toArray(), x.grad(), 1e-4, 1e-5);
            assertClose(tag + " grad weight", f.get(tag + ".grad_weight").toArray(), m.weight().grad(), 1e-4, 1e-5);
            assertClose(tag + " grad bias", f.get(tag + ".grad_bias").toArray(), m.bias().grad(), 1e-4, 1e-5);
            assertClose(tag + " running_mean", f.get(tag + ".running_mean1"), m.runningMean(), 1e-5, 1e-6);
            assertClose(tag + " running_var", f.get(tag + ".running_var1"), m.runningVar(), 1e-5, 1e-6);
            assertEquals(1, m.numBatchesTracked());
            float[] meanBefore = m.runningMean().toArray(), varBefore = m.runningVar().toArray();
            m.eval();
            try (var g = Tensor.noGrad()) {
                assertClose(tag + " eval output", f.get(tag + ".eval_out"), m.forward(x0), 1e-5, 1e-5);
            }
            assertEquals(1, m.numBatchesTracked(), "eval mode does not count batches");
            assertArrayEquals(meanBefore, m.runningMean().toArray(), tag + ": eval mode leaves running_mean");
            assertArrayEquals(varBefore, m.runningVar().toArray(), tag + ": eval mode leaves running_var");
        }
    }

    @Test
    void batchNormOp_gradientsAndTangents_matchFiniteDifferences() {
        Rng rng = new Rng(3);
        for (int[] shape : new int[][]{{5, 3}, {3, 2, 4}, {2, 3, 3, 2}}) {
            int c = shape[1];
            Tensor x = GradCheck.randn(rng, shape).mul(1.5f).add(0.3f);
            Tensor w = GradCheck.uniform(rng, 0.5f, 1.5f, c), b = GradCheck.randn(rng, c);
            Tensor rm = GradCheck.randn(rng, c).mul(0.2f), rv = GradCheck.uniform(rng, 0.5f, 2f, c);
            // training: batch statistics (no running statistics, so repeated evaluations see the same function)
            GradCheck.check("batchNorm train " + java.util.Arrays.toString(shape),
                    in -> Norms.batchNorm(in[0], in[1], in[2], null, null, true, 0.1f, 1e-5f), x, w, b);
            GradCheck.check("batchNorm train, no affine " + java.util.Arrays.toString(shape),
                    in -> Norms.batchNorm(in[0], null, null, null, null, true, 0.1f, 1e-5f), x);
            GradCheck.check("batchNorm eval " + java.util.Arrays.toString(shape),
                    in -> Norms.batchNorm(in[0], in[1], in[2], rm, rv, false, 0.1f, 1e-5f), x, w, b);
        }
    }

    @Test
    void largeInputOverTwoThreads_givesEachChannelTheBitsOfThatChannelNormalisedAlone() {
        // [8, 20, 16, 16]: above Norms' parallel threshold, 20 channels in 16 uneven blocks; each channel alone
        // ([8, 1, 16, 16]) is below it, so it runs on one thread as one block: the oracle
        int n = 8, c = 20, plane = 256;
        int saved = dev.bellman.tensor.kernels.Kernels.threads();
        dev.bellman.tensor.kernels.Kernels.setThreads(2);
        try {
            Rng rng = new Rng(11);
            Tensor x = Tensor.parameter(GradCheck.randn(rng, n, c, 16, 16).mul(2f).add(0.7f).toArray(), n, c, 16, 16);
            Tensor w = Tensor.parameter(GradCheck.uniform(rng, 0.5f, 1.5f, c).toArray(), c);
            Tensor b = Tensor.parameter(GradCheck.randn(rng, c).toArray(), c);
            Tensor up = GradCheck.randn(rng, n, c, 16, 16).detach();
            Tensor rm = GradCheck.randn(rng, c).detach(), rv = GradCheck.uniform(rng, 0.5f, 2f, c).detach();
            float[] rm0 = rm.toArray(), rv0 = rv.toArray();
            Tensor y = Norms.batchNorm(x, w, b, rm, rv, true, 0.1f, 1e-5f);
            y.mul(up).sum().backward();
            Tensor yEval = Norms.batchNorm(x.detach(), w.detach(), b.detach(), rm, rv, false, 0.1f, 1e-5f);
            float[] xa = x.toArray(), ua = up.toArray(), ya = y.toArray(), ga = x.grad(), ea = yEval.toArray();
            for (int ch = 0; ch < c; ch++) {
                float[] xs = new float[n * plane], us = new float[n * plane];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(xa, (i * c + ch) * plane, xs, i * plane, plane);
                    System.arraycopy(ua, (i * c + ch) * plane, us, i * plane, plane);
                }
                Tensor xc = Tensor.parameter(xs, n, 1, 16, 16);
                Tensor wc = Tensor.parameter(new float[]{w.toArray()[ch]}, 1);
                Tensor bc = Tensor.parameter(new float[]{b.toArray()[ch]}, 1);
                Tensor rmc = Tensor.of(new float[]{rm0[ch]}, 1), rvc = Tensor.of(new float[]{rv0[ch]}, 1);
                Tensor yc = Norms.batchNorm(xc, wc, bc, rmc, rvc, true, 0.1f, 1e-5f);
                yc.mul(Tensor.of(us, n, 1, 16, 16)).sum().backward();
                Tensor ycEval = Norms.batchNorm(xc.detach(), wc.detach(), bc.detach(), rmc, rvc, false, 0.1f, 1e-5f);
                float[] yca = yc.toArray(), gca = xc.grad(), eca = ycEval.toArray();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < plane; j++) {
                        int at = (i * c + ch) * plane + j, atc = i * plane + j;
                        assertEquals(yca[atc], ya[at], "output, channel " + ch);
                        assertEquals(gca[atc], ga[at], "input gradient, channel " + ch);
                        assertEquals(eca[atc], ea[at], "eval output, channel " + ch);
                    }
                }
                assertEquals(wc.grad()[0], w.grad()[ch], "weight gradient, channel " + ch);
                assertEquals(bc.grad()[0], b.grad()[ch], "bias gradient, channel " + ch);
                assertEquals(rmc.toArray()[0], rm.toArray()[ch], "running mean, channel " + ch);
                assertEquals(rvc.toArray()[0], rv.toArray()[ch], "running variance, channel " + ch);
            }
        } finally {
            dev.bellman.tensor.kernels.Kernels.setThreads(saved);
        }
    }

    @Test
    void batchNormRelu_givesTheComposedOpsBits_forOutputsGradientsAndRunningStatistics() {
        int saved = dev.bellman.tensor.kernels.Kernels.threads();
        dev.bellman.tensor.kernels.Kernels.setThreads(2);
        try {
            Rng rng = new Rng(13);
            // [3, 4, 5, 5] (one task) and [8, 20, 16, 16] (channel blocks over two threads)
            for (int[] shape : new int[][]{{3, 4, 5, 5}, {8, 20, 16, 16}}) {
                int c = shape[1];
                float[] xs = GradCheck.randn(rng, shape).toArray(), rs = GradCheck.randn(rng, shape).toArray();
                float[] ws = GradCheck.uniform(rng, 0.5f, 1.5f, c).toArray(), bs = GradCheck.randn(rng, c).toArray();
                float[] up = GradCheck.randn(rng, shape).toArray(), up2 = GradCheck.randn(rng, shape).toArray();
                for (int i = 0; i < up.length; i += 7) up[i] = -0f; // the ReLU's 0 − (−g) turns −0 into +0
                for (boolean training : new boolean[]{true, false}) {
                    for (boolean withResidual : new boolean[]{false, true}) {
                        Tensor[] a = new Tensor[6], b = new Tensor[6];
                        for (Tensor[] t : new Tensor[][]{a, b}) {
                            t[0] = Tensor.parameter(xs.clone(), shape);
                            t[1] = Tensor.parameter(ws.clone(), c);
                            t[2] = Tensor.parameter(bs.clone(), c);
                            t[3] = Tensor.of(GradCheck.uniform(new Rng(1), -0.2f, 0.2f, c).toArray(), c);
                            t[4] = Tensor.of(GradCheck.uniform(new Rng(2), 0.5f, 2f, c).toArray(), c);
                            t[5] = Tensor.parameter(rs.clone(), shape);
                        }
                        Tensor composed = Norms.batchNorm(a[0], a[1], a[2], a[3], a[4], training, 0.1f, 1e-5f);
                        composed = (withResidual ? composed.add(a[5]) : composed).relu();
                        Tensor fused = Norms.batchNormRelu(b[0], b[1], b[2], b[3], b[4], training, 0.1f, 1e-5f,
                                withResidual ? b[5] : null);
                        String what = java.util.Arrays.toString(shape) + (training ? " train" : " eval")
                                + (withResidual ? " + residual" : "");
                        assertArrayEquals(composed.toArray(), fused.toArray(), what + ": output");
                        // the residual also feeds another op, as the block's input feeds conv1 in the tower
                        composed.mul(Tensor.of(up, shape)).sum().add(a[5].mul(Tensor.of(up2, shape)).sum()).backward();
                        fused.mul(Tensor.of(up, shape)).sum().add(b[5].mul(Tensor.of(up2, shape)).sum()).backward();
                        String[] names = {"input", "weight", "bias"};
                        for (int k = 0; k < 3; k++) assertArrayEquals(a[k].grad(), b[k].grad(), what + ": " + names[k] + " gradient");
                        assertArrayEquals(a[5].grad(), b[5].grad(), what + ": residual gradient");
                        assertArrayEquals(a[3].toArray(), b[3].toArray(), what + ": running mean");
                        assertArrayEquals(a[4].toArray(), b[4].toArray(), what + ": running variance");
                    }
                }
            }
        } finally {
            dev.bellman.tensor.kernels.Kernels.setThreads(saved);
        }
    }

    @Test
    void batchNormRelu_gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(17);
        int[] shape = {3, 2, 3, 3};
        Tensor x = GradCheck.randn(rng, shape).mul(1.5f).add(0.3f), r = GradCheck.randn(rng, shape);
        Tensor w = GradCheck.uniform(rng, 0.5f, 1.5f, 2), b = GradCheck.randn(rng, 2);
        Tensor rm = GradCheck.randn(rng, 2).mul(0.2f), rv = GradCheck.uniform(rng, 0.5f, 2f, 2);
        // reverse mode only: with tangents the op composes batchNorm, add and relu, whose tangents are checked on their own
        // (and a joint perturbation of every input along one direction crosses a ReLU kink at this seed)
        GradCheck.defaults().gradients("batchNormRelu train + residual",
                in -> Norms.batchNormRelu(in[0], in[1], in[2], null, null, true, 0.1f, 1e-5f, in[3]), x, w, b, r);
        GradCheck.defaults().gradients("batchNormRelu eval",
                in -> Norms.batchNormRelu(in[0], in[1], in[2], rm, rv, false, 0.1f, 1e-5f, null), x, w, b);
    }

    @Test
    void runningStatistics_updateWithUnbiasedVariance_andOnlyInTraining() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-5f, 0.5f);
        Tensor x = Tensor.of(new float[]{1, 2, 3, 6}, 4, 1); // mean 3, biased var 3.5, unbiased 14/3
        try (var g = Tensor.noGrad()) { // updated under no-grad too, as PyTorch
            Tensor y = bn.forward(x);
            assertEquals((1 - 3) / Math.sqrt(3.5 + 1e-5), y.get(0, 0), 1e-6, "normalised with the biased variance");
        }
        assertEquals(0.5 * 0 + 0.5 * 3, bn.runningMean().item(), 1e-6);
        assertEquals(0.5 * 1 + 0.5 * 14 / 3.0, bn.runningVar().item(), 1e-6);
        assertEquals(1, bn.numBatchesTracked());
        bn.eval();
        Tensor y = bn.forward(x);
        assertEquals((1 - 1.5) / Math.sqrt(0.5 + 7 / 3.0 + 1e-5), y.get(0, 0), 1e-6, "eval uses the running statistics");
        assertEquals(1.5f, bn.runningMean().item());
        assertEquals(1, bn.numBatchesTracked());
    }

    @Test
    void badInputs_areRefusedNamingTheShape() {
        BatchNorm1d bn = new BatchNorm1d(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(1, 3)));
        assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("[N, C, H, W]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3, 1e-5f, 1.5f));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        bn.eval();
        assertEquals(3, bn.forward(Tensor.ones(1, 3)).size(), "a single sample is fine in eval mode");
    }

    @Test
    void dropout_scalesSurvivors_isSeeded_andIsIdentityInEval() {
        float p = 0.25f;
        Dropout d = new Dropout(p, new Rng(5));
        Tensor x = Tensor.parameter(new float[4000], 4000);
        x.fill_(2f);
        Tensor y = d.forward(x);
        int dropped = 0;
        for (float v : y.toArray()) {
            if (v == 0f) dropped++;
            else assertEquals(2f / (1 - p), v, 0f);
        }
        assertEquals(p * 4000, dropped, 4 * Math.sqrt(4000 * p * (1 - p)), "about p of the elements dropped");
        y.sum().backward();
        float[] out = y.toArray();
        for (int i = 0; i < out.length; i++) assertEquals(out[i] == 0f ? 0f : 1f / (1 - p), x.grad()[i], 0f);
        assertArrayEquals(out, new Dropout(p, new Rng(5)).forward(x).toArray(), "same seed, same mask");
        // finite differences through a fixed mask (a fresh generator with the same seed per evaluation)
        GradCheck.check("dropout", in -> new Dropout(0.3f, new Rng(7)).forward(in[0]), GradCheck.randn(new Rng(8), 3, 5));
        d.eval();
        assertSame(x, d.forward(x));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f, new Rng(0)));
    }
}
