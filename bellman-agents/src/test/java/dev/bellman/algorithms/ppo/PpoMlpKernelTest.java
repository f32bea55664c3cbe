package dev.bellman.algorithms.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PpoMlpKernelTest {

    /**
     * The fused loss and gradients against the autodiff graph that {@link Ppo#train} builds ({@link Ppo#lossGraph})
     * on the same agent and minibatch: old log-probabilities and old values are perturbed so that ratios and value
     * deltas fall on both sides of the clipping range, and the advantages have both signs, so every branch of
     * {@code max} and {@code clamp} is taken.
     */
    @ParameterizedTest(name = "batch={0} obs={1} actions={2} hidden={3} clipVloss={4} entCoef={5}")
    @CsvSource({"128,4,2,64,true,0.01", "128,4,2,64,false,0.01", "37,5,3,16,true,0.2", "1,4,2,64,true,0.01",
            "64,6,4,24,false,0"})
    void fusedLossAndGradients_matchTheAutodiffGraph(int b, int obs, int numActions, int hidden, boolean clipVloss,
            double entCoef) {
        Ppo.Agent agent = new Ppo.Agent(obs, numActions, hidden, new Rng(3));
        // larger heads than the init's, so that the gradient terms are not all tiny
        scale(agent.actor.namedParameters().get("4.weight"), 50f);
        Ppo.Config config = new Ppo.Config(500_000, 2.5e-4, 4, 128, true, 0.99, 0.95, 4, 4, true, 0.2, clipVloss,
                entCoef, 0.5, 0.5, 0, hidden, 1);
        Rng rng = new Rng(11);
        float[] x = new float[b * obs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (1.5 * rng.nextGaussian());
        }
        int[] actions = new int[b];
        float[] adv = new float[b];
        float[] returns = new float[b];
        float[] oldValues = new float[b];
        for (int i = 0; i < b; i++) {
            actions[i] = rng.nextInt(numActions);
            adv[i] = (float) rng.nextGaussian();
            returns[i] = (float) (2 * rng.nextGaussian());
        }
        PpoMlpKernel kernel = PpoMlpKernel.of(agent);
        assertNotNull(kernel);
        float[] logits = new float[b * numActions];
        float[] values = new float[b];
        kernel.act(x, b, logits, values);
        float[] oldLogp = new float[b];
        kernel.logProbs(logits, b, actions, oldLogp);
        for (int i = 0; i < b; i++) {
            oldLogp[i] += (float) (0.3 * rng.nextGaussian());    // ratios inside and outside [0.8, 1.2]
            oldValues[i] = values[i] + (float) (0.3 * rng.nextGaussian());
        }

        agent.zeroGrad();
        Tensor[] out = agent.logitsAndValues(Tensor.of(x.clone(), b, obs));
        Ppo.LossGraph g = Ppo.lossGraph(out, actions.clone(), oldLogp.clone(), adv.clone(), returns.clone(),
                oldValues.clone(), config);
        g.loss().backward();
        Map<String, float[]> expected = new LinkedHashMap<>();
        agent.namedParameters().forEach((k, p) -> expected.put(k, p.grad().clone()));
        float[] logitsRef = out[0].toArray();
        float[] valuesRef = out[1].toArray();
        double klRef = 0;
        for (int i = 0; i < b; i++) {
            klRef += (g.ratio()[i] - 1) - g.logratio()[i];
        }

        agent.zeroGrad();
        kernel.lossAndGrad(x, b, actions, oldLogp, adv, returns, oldValues, 0.2f, clipVloss, (float) entCoef, 0.5f);
        assertEquals(g.loss().item(), kernel.loss(), 1e-5 * Math.max(1, Math.abs(kernel.loss())), "loss");
        assertEquals(g.pgLoss().item(), kernel.pgLoss(), 1e-5, "policy loss");
        assertEquals(g.vLoss().item(), kernel.vLoss(), 1e-5 * Math.max(1, kernel.vLoss()), "value loss");
        assertEquals(g.entropy().item(), kernel.entropy(), 1e-5, "entropy");
        assertEquals(klRef / b, kernel.approxKl(), 1e-6, "approx KL");
        for (int i = 0; i < logits.length; i++) {
            assertEquals(logitsRef[i], logits[i], 1e-5f, "logit " + i);
        }
        for (int i = 0; i < b; i++) {
            assertEquals(valuesRef[i], values[i], 1e-5f, "value " + i);
        }
        double maxAbs = 0;
        for (var e : expected.entrySet()) {
            float[] want = e.getValue();
            float[] got = agent.namedParameters().get(e.getKey()).grad();
            for (int i = 0; i < want.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(want[i]));
                assertEquals(want[i], got[i], 2e-6f + 2e-4f * Math.abs(want[i]), e.getKey() + "[" + i + "]");
            }
        }
        assertTrue(maxAbs > 1e-3, "the gradients are large enough to compare: max |g| " + maxAbs);

        // global norm clipping as GradClip.clipGradNorm: the norm, and every gradient scaled by max / (norm + 1e-6)
        double sq = 0;
        for (float[] want : expected.values()) {
            for (float v : want) {
                sq += (double) v * v;
            }
        }
        float maxNorm = (float) (0.5 * Math.sqrt(sq));
        float norm = kernel.clipGradNorm(maxNorm);
        assertEquals(Math.sqrt(sq), norm, 1e-4 * norm, "gradient norm");
        float coef = maxNorm / (norm + 1e-6f);
        for (var e : expected.entrySet()) {
            float[] want = e.getValue();
            float[] got = agent.namedParameters().get(e.getKey()).grad();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i] * coef, got[i], 2e-6f + 2e-4f * Math.abs(want[i]), "clipped " + e.getKey());
            }
        }
    }

    /**
     * The acting step (row by row) and the minibatch forward (feature-major) give the same bits: the rollout's
     * log-probabilities give ratios of exactly 1, so a zero approximate KL and no clipped rows.
     */
    @Test
    void actingStep_equalsTheMinibatchForward_bitForBit() {
        int b = 128;
        Ppo.Agent agent = new Ppo.Agent(4, 2, 64, new Rng(5));
        scale(agent.actor.namedParameters().get("4.weight"), 100f);
        PpoMlpKernel kernel = PpoMlpKernel.of(agent);
        Rng rng = new Rng(2);
        float[] x = new float[b * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] actions = new int[b];
        for (int i = 0; i < b; i++) {
            actions[i] = rng.nextInt(2);
        }
        float[] logits = new float[b * 2];
        float[] values = new float[b];
        kernel.act(x, b, logits, values);
        float[] logp = new float[b];
        kernel.logProbs(logits, b, actions, logp);
        float[] adv = new float[b];
        java.util.Arrays.fill(adv, 1f);
        kernel.lossAndGrad(x, b, actions, logp, adv, values, values, 0.2f, true, 0.01f, 0.5f);
        assertEquals(0.0, kernel.approxKl());
        assertEquals(0.0, kernel.oldApproxKl());
        assertEquals(0, kernel.clipped());
        assertEquals(0.0, kernel.vLoss());
    }

    /** The acting step's transposed weights follow in-place updates that advance the weights' version. */
    @Test
    void actingStep_followsParameterUpdates() {
        Ppo.Agent agent = new Ppo.Agent(4, 3, 16, new Rng(8));
        PpoMlpKernel kernel = PpoMlpKernel.of(agent);
        float[] x = {0.1f, -0.4f, 1.3f, 0.7f, -2f, 0.5f, 0.25f, 0.9f};
        float[] before = new float[6];
        kernel.act(x, 2, before, null);
        for (Tensor p : agent.parameters()) {
            float[] d = p.data();
            for (int i = 0; i < p.size(); i++) {
                d[p.offset() + i] += 0.05f * (i % 7 - 3);
            }
            p.bumpVersion();
        }
        float[] logits = new float[6];
        float[] values = new float[2];
        kernel.act(x, 2, logits, values);
        Tensor[] ref = agent.logitsAndValues(Tensor.of(x.clone(), 2, 4));
        float[] logitsRef = ref[0].toArray();
        boolean changed = false;
        for (int i = 0; i < 6; i++) {
            assertEquals(logitsRef[i], logits[i], 1e-5f, "logit " + i);
            changed |= logits[i] != before[i];
        }
        assertTrue(changed, "the update changed the logits");
        assertEquals(ref[1].toArray()[1], values[1], 1e-5f);
    }

    /** Actor and critic run as two tasks with two threads: the gradients are the same bits as with one. */
    @Test
    void gradients_sameBitsForOneAndTwoThreads() {
        int before = Parallel.threads();
        try {
            float[][] one = gradientsWithThreads(1);
            float[][] two = gradientsWithThreads(2);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i], "parameter " + i);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * With two threads only passes worth a hand-over to the other core run as two tasks: the minibatch of 128 rows
     * does, CleanRL's acting step of 4 rows (one row per env) does not, and with one thread nothing does.
     */
    @Test
    void twoTasks_onlyForMinibatches_notForTheActingStep() {
        int before = Parallel.threads();
        try {
            PpoMlpKernel kernel = PpoMlpKernel.of(new Ppo.Agent(4, 2, 64, new Rng(6)));
            Parallel.setThreads(2);
            assertFalse(kernel.split(4), "acting step, 4 rows");
            assertTrue(kernel.split(128), "minibatch, 128 rows");
            Parallel.setThreads(1);
            assertFalse(kernel.split(128), "one thread");
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static float[][] gradientsWithThreads(int threads) {
        Parallel.setThreads(threads);
        Ppo.Agent agent = new Ppo.Agent(4, 2, 64, new Rng(6));
        PpoMlpKernel kernel = PpoMlpKernel.of(agent);
        Rng rng = new Rng(4);
        int b = 128;
        float[] x = new float[b * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] actions = new int[b];
        float[] oldLogp = new float[b];
        float[] adv = new float[b];
        float[] ret = new float[b];
        for (int i = 0; i < b; i++) {
            actions[i] = rng.nextInt(2);
            oldLogp[i] = (float) (-0.7 + 0.3 * rng.nextGaussian());
            adv[i] = (float) rng.nextGaussian();
            ret[i] = (float) rng.nextGaussian();
        }
        kernel.lossAndGrad(x, b, actions, oldLogp, adv, ret, ret.clone(), 0.2f, true, 0.01f, 0.5f);
        kernel.clipGradNorm(0.5f);
        return agent.parameters().stream().map(p -> p.grad().clone()).toArray(float[][]::new);
    }

    @Test
    void cnnAgent_takesTheAutodiffPath() {
        Ppo.Agent cnn = new Ppo.Agent("minatar-cnn", new int[] {4, 10, 10}, false, 3, new Rng(1));
        assertNull(PpoMlpKernel.of(cnn));
    }

    private static void scale(Tensor t, float s) {
        float[] d = t.data();
        for (int i = 0; i < t.size(); i++) {
            d[t.offset() + i] *= s;
        }
    }

    /**
     * The narrow forward (the output layers: scalar chains for a few rows, vector lanes for many) gives the bits of the
     * general path it replaces: the
     * in-order product {@code x·Wᵀ} ({@link dev.bellman.tensor.kernels.Gemm#sgemmInOrder}, on W transposed as the
     * kernel keeps it) and then the bias add ({@link dev.bellman.tensor.kernels.Gemm#addRowVector}).
     */
    @ParameterizedTest(name = "rows={0} fanIn={1} fanOut={2}")
    @CsvSource({"4,64,2", "4,64,1", "1,64,2", "7,64,3", "15,5,15", "3,17,1", "128,64,2", "128,64,1", "16,64,2",
            "37,5,3", "200,17,15"})
    void narrowForward_givesTheGeneralPathsBits(int rows, int fanIn, int fanOut) {
        Rng rng = new Rng(5);
        float[] x = new float[rows * fanIn];
        float[] w = new float[3 + fanOut * fanIn];
        float[] bias = new float[2 + fanOut];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 * rng.nextGaussian());
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) rng.nextGaussian();
        }
        float[] wT = new float[fanIn * fanOut];
        dev.bellman.tensor.kernels.Gemm.transpose(w, 3, fanIn, fanOut, fanIn, wT, 0, fanOut);
        float[] expected = new float[rows * fanOut];
        dev.bellman.tensor.kernels.Gemm.sgemmInOrder(false, false, rows, fanOut, fanIn, x, 0, fanIn, wT, 0, fanOut, 0f,
                expected, 0, fanOut);
        dev.bellman.tensor.kernels.Gemm.addRowVector(expected, 0, fanOut, rows, fanOut, bias, 2);
        float[] y = new float[rows * fanOut];
        PpoMlpKernel.narrow(x, rows, fanIn, fanOut, w, 3, bias, 2, y, new PpoMlpKernel.Scratch());
        for (int i = 0; i < y.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(y[i]), "element " + i);
        }
        float[] scalar = new float[rows * fanOut];
        PpoMlpKernel.fewRowsNarrow(x, rows, fanIn, fanOut, w, 3, bias, 2, scalar);
        assertArrayEquals(y, scalar, "the scalar chains");
    }
}
