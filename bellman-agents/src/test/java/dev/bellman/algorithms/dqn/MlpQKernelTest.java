package dev.bellman.algorithms.dqn;

import static org.junit.jupiter.api.Assertions.*;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MlpQKernelTest {

    @ParameterizedTest(name = "dueling={0} huber={1} weighted={2} batch={3} obs={4} widths={5} actions={6}")
    @CsvSource({"false,false,false,37,5,16 11,3", "false,true,true,37,5,16 11,3", "true,false,true,37,5,16 11,3",
            "true,true,false,37,5,16 11,3", "false,false,true,5,5,16 11,3", "true,true,true,5,5,16 11,3",
            "false,true,false,64,5,16 11,3", "true,false,false,16,5,16 11,3",
            "false,true,false,64,4,256 256,2", "false,false,false,128,4,120 84,2", "true,true,true,64,6,64 64,3",
            "false,false,false,1,4,120 84,2", "false,false,false,3,6,64 64,3"})
    void fusedLossAndGradients_matchTheAutodiffGraph(boolean dueling, boolean huber, boolean weighted, int b,
                                                     int obsDim, String widths, int numActions) {
        List<Integer> hidden = java.util.Arrays.stream(widths.split(" ")).map(Integer::parseInt).toList();
        Dqn.Architecture arch = new Dqn.Architecture(new int[]{obsDim}, numActions, 0, hidden, dueling, "mlp", false);
        Dqn.QNetwork net = new Dqn.QNetwork(arch, new Rng(4));
        Rng rng = new Rng(9);
        float[] x = new float[b * obsDim];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] actions = new int[b];
        float[] targets = new float[b];
        float[] weights = new float[b];
        for (int i = 0; i < b; i++) {
            actions[i] = rng.nextInt(numActions);
            targets[i] = (float) (2 * rng.nextGaussian()); // large enough that Huber uses both branches
            weights[i] = 0.2f + rng.nextFloat();
        }
        // autodiff reference
        net.zeroGrad();
        Tensor q = net.forward(Tensor.of(x.clone(), b, obsDim));
        Tensor d = q.gather(1, actions.clone()).reshape(b).sub(Tensor.of(targets.clone(), b));
        Tensor l = huber ? Tensor.where(d.detach().abs().lt(1f), d.square().mul(0.5f), d.abs().sub(0.5f)) : d.square();
        Tensor loss = weighted ? l.mul(Tensor.of(weights.clone(), b)).mean() : l.mean();
        loss.backward();
        Map<String, float[]> expected = new LinkedHashMap<>();
        net.namedParameters().forEach((k, p) -> expected.put(k, p.grad().clone()));
        float[] qRef = q.toArray();
        // fused
        net.zeroGrad();
        float[] td = new float[b], qa = new float[b];
        float fused = net.lossAndGrad(x, b, actions, targets, weighted ? weights : null, huber, td, qa);
        assertEquals(loss.item(), fused, 1e-5f * Math.max(1f, Math.abs(fused)));
        for (int i = 0; i < b; i++) {
            assertEquals(qRef[i * numActions + actions[i]], qa[i], 1e-5f);
            assertEquals(qa[i] - targets[i], td[i], 1e-6f);
        }
        float[] qFused = new float[b * numActions];
        net.qValues(x, b, qFused);
        for (int i = 0; i < qFused.length; i++) assertEquals(qRef[i], qFused[i], 1e-5f);
        List<String> names = new ArrayList<>(expected.keySet());
        for (String k : names) {
            float[] e = expected.get(k), g = net.namedParameters().get(k).grad();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], g[i], 1e-5f + 1e-4f * Math.abs(e[i]), k + "[" + i + "]");
            }
        }
    }

    /**
     * The kernel against a scalar reference that forms every sum as one {@link Math#fma} chain in order (no
     * vectors): equal bit for bit, so the kernel's results do not depend on the machine's vector width. Covers
     * the feature-major minibatch path (loss, gradients and Q values) and the row-by-row acting path.
     */
    @ParameterizedTest(name = "dueling={0} huber={1} batch={2} obs={3} widths={4} actions={5}")
    @CsvSource({"false,true,64,4,256 256,2", "true,false,37,5,16 11,3", "false,false,128,2,64 64,3",
            "true,true,16,6,33 20,4", "false,true,5,4,120 84,2"})
    void kernel_equalsTheScalarInOrderReference_bitForBit(boolean dueling, boolean huber, int b, int obsDim,
                                                          String widths, int numActions) {
        List<Integer> hidden = java.util.Arrays.stream(widths.split(" ")).map(Integer::parseInt).toList();
        Dqn.Architecture arch = new Dqn.Architecture(new int[]{obsDim}, numActions, 0, hidden, dueling, "mlp", false);
        Dqn.QNetwork net = new Dqn.QNetwork(arch, new Rng(5));
        Rng rng = new Rng(11);
        float[] x = new float[b * obsDim];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] actions = new int[b];
        float[] targets = new float[b], weights = new float[b];
        for (int i = 0; i < b; i++) {
            actions[i] = rng.nextInt(numActions);
            targets[i] = (float) (2 * rng.nextGaussian());
            weights[i] = 0.2f + rng.nextFloat();
        }
        Map<String, Tensor> p = net.namedParameters();
        int layers = hidden.size();
        float[][] w = new float[layers + 2][], bias = new float[layers + 2][];
        int[] dims = new int[layers + 2];
        dims[0] = obsDim;
        for (int l = 0; l < layers; l++) {
            w[l] = p.get("torso." + 2 * l + ".weight").toArray();
            bias[l] = p.get("torso." + 2 * l + ".bias").toArray();
            dims[l + 1] = hidden.get(l);
        }
        String headName = dueling ? "advantage" : "head";
        w[layers] = p.get(headName + ".weight").toArray();
        bias[layers] = p.get(headName + ".bias").toArray();
        if (dueling) {
            w[layers + 1] = p.get("value.weight").toArray();
            bias[layers + 1] = p.get("value.bias").toArray();
        }
        // reference forward: acts[l][i][unit]
        float[][][] acts = new float[layers + 1][b][];
        float[][] qRef = new float[b][numActions];
        float[] vRef = new float[b];
        for (int i = 0; i < b; i++) {
            acts[0][i] = java.util.Arrays.copyOfRange(x, i * obsDim, (i + 1) * obsDim);
            for (int l = 0; l < layers; l++) acts[l + 1][i] = refLinear(w[l], bias[l], acts[l][i], dims[l + 1], true);
            qRef[i] = refLinear(w[layers], bias[layers], acts[layers][i], numActions, false);
            if (dueling) {
                vRef[i] = refLinear(w[layers + 1], bias[layers + 1], acts[layers][i], 1, false)[0];
                float s = 0;
                for (int a = 0; a < numActions; a++) s += qRef[i][a];
                float shift = vRef[i] - s / numActions;
                for (int a = 0; a < numActions; a++) qRef[i][a] += shift;
            }
        }
        // reference loss and dQ (only the taken action), dueling split into dV and dA
        double lossRef = 0;
        float[][] dq = new float[b][numActions];
        float[] dv = new float[b];
        float invB = 1f / b;
        for (int i = 0; i < b; i++) {
            float d = qRef[i][actions[i]] - targets[i];
            float l, g;
            if (!huber) {
                l = d * d;
                g = 2f * d;
            } else if (Math.abs(d) < 1f) {
                l = 0.5f * d * d;
                g = d;
            } else {
                l = Math.abs(d) - 0.5f;
                g = Math.signum(d);
            }
            lossRef += weights[i] * l;
            dq[i][actions[i]] = weights[i] * g * invB;
            if (dueling) {
                float s = 0;
                for (int a = 0; a < numActions; a++) s += dq[i][a];
                dv[i] = s;
                float mean = s / numActions;
                for (int a = 0; a < numActions; a++) dq[i][a] -= mean;
            }
        }
        // reference backward: gradients as in-order chains over the batch, dH as chains over the outputs
        Map<String, float[]> gradRef = new LinkedHashMap<>();
        float[][] dOut = dq;
        float[][] dH = new float[b][dims[layers]];
        for (int i = 0; i < b; i++) {
            for (int q = 0; q < dims[layers]; q++) {
                float acc = 0f;
                for (int a = 0; a < numActions; a++) acc = Math.fma(w[layers][a * dims[layers] + q], dq[i][a], acc);
                if (dueling) acc = Math.fma(w[layers + 1][q], dv[i], acc);
                dH[i][q] = acc;
            }
        }
        refLayerGrads(gradRef, headName, dOut, acts[layers], numActions, dims[layers], b);
        if (dueling) {
            float[][] dvCol = new float[b][];
            for (int i = 0; i < b; i++) dvCol[i] = new float[]{dv[i]};
            refLayerGrads(gradRef, "value", dvCol, acts[layers], 1, dims[layers], b);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int out = dims[l + 1], in = dims[l];
            for (int i = 0; i < b; i++) for (int j = 0; j < out; j++) if (!(acts[l + 1][i][j] > 0f)) dH[i][j] = 0f;
            refLayerGrads(gradRef, "torso." + 2 * l, dH, acts[l], out, in, b);
            float[][] dIn = new float[b][in];
            for (int i = 0; i < b; i++) {
                for (int q = 0; q < in; q++) {
                    float acc = 0f;
                    for (int j = 0; j < out; j++) acc = Math.fma(w[l][j * in + q], dH[i][j], acc);
                    dIn[i][q] = acc;
                }
            }
            dH = dIn;
        }
        // the kernel
        net.zeroGrad();
        float[] td = new float[b], qa = new float[b];
        float loss = net.lossAndGrad(x, b, actions, targets, weights, huber, td, qa);
        assertEquals((float) (lossRef / b), loss);
        for (int i = 0; i < b; i++) assertEquals(qRef[i][actions[i]], qa[i], "Q(s_" + i + ", a_" + i + ")");
        for (String k : gradRef.keySet()) {
            assertArrayEquals(gradRef.get(k), p.get(k).grad(), "gradient of " + k);
        }
        float[] qAll = new float[b * numActions];
        net.qValues(x, b, qAll);
        float[] qRow = new float[numActions];
        for (int i = 0; i < b; i++) {
            assertArrayEquals(qRef[i], java.util.Arrays.copyOfRange(qAll, i * numActions, (i + 1) * numActions), "Q(s_" + i + ")");
            net.qValues(java.util.Arrays.copyOfRange(x, i * obsDim, (i + 1) * obsDim), 1, qRow);
            assertArrayEquals(qRef[i], qRow, "acting path, Q(s_" + i + ")");
        }
    }

    /**
     * The small-batch path multiplies by transposed weights cached per weight version: after an optimizer step, a
     * target-network copy and a write through {@code data()} with {@code bumpVersion()}, the Q values must be the new
     * weights' (bit for bit against the scalar reference), never the cached transpose's.
     */
    @ParameterizedTest(name = "dueling={0} batch={1}")
    @CsvSource({"false,1", "true,3"})
    void smallBatchPath_followsEveryWeightUpdate(boolean dueling, int b) {
        int obsDim = 4, numActions = 2;
        Dqn.Architecture arch = new Dqn.Architecture(new int[]{obsDim}, numActions, 0, List.of(40, 24), dueling, "mlp", false);
        Dqn.QNetwork net = new Dqn.QNetwork(arch, new Rng(5));
        Dqn.QNetwork other = new Dqn.QNetwork(arch, new Rng(6));
        Rng rng = new Rng(12);
        float[] x = new float[b * obsDim];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        float[] q = new float[b * numActions];
        net.qValues(x, b, q);
        assertArrayEquals(refQ(net, x, b, obsDim, numActions, dueling), q, "before any update");
        // an optimizer step
        int[] actions = new int[b];
        float[] targets = new float[b];
        for (int i = 0; i < b; i++) targets[i] = 3f;
        var opt = new dev.bellman.optim.Adam(net.parameters(), 0.05f);
        net.zeroGrad();
        net.lossAndGrad(x, b, actions, targets, null, false, null, null);
        opt.step();
        net.qValues(x, b, q);
        assertArrayEquals(refQ(net, x, b, obsDim, numActions, dueling), q, "after an Adam step");
        // a target-network copy
        net.copyFrom(other);
        net.qValues(x, b, q);
        assertArrayEquals(refQ(net, x, b, obsDim, numActions, dueling), q, "after copyFrom");
        // a write through data() that says so
        for (Tensor p : net.parameters()) {
            float[] d = p.data();
            for (int i = 0; i < p.size(); i++) d[p.offset() + i] *= -0.5f;
            p.bumpVersion();
        }
        net.qValues(x, b, q);
        assertArrayEquals(refQ(net, x, b, obsDim, numActions, dueling), q, "after writing the weights in place");
    }

    /** Q values of b observations by {@link #refLinear} on the network's current parameters. */
    private static float[] refQ(Dqn.QNetwork net, float[] x, int b, int obsDim, int numActions, boolean dueling) {
        Map<String, Tensor> p = net.namedParameters();
        float[] q = new float[b * numActions];
        for (int i = 0; i < b; i++) {
            float[] h = java.util.Arrays.copyOfRange(x, i * obsDim, (i + 1) * obsDim);
            for (int l = 0; p.containsKey("torso." + 2 * l + ".weight"); l++) {
                Tensor w = p.get("torso." + 2 * l + ".weight");
                h = refLinear(w.toArray(), p.get("torso." + 2 * l + ".bias").toArray(), h, w.shape()[0], true);
            }
            String headName = dueling ? "advantage" : "head";
            float[] qi = refLinear(p.get(headName + ".weight").toArray(), p.get(headName + ".bias").toArray(), h, numActions, false);
            if (dueling) {
                float v = refLinear(p.get("value.weight").toArray(), p.get("value.bias").toArray(), h, 1, false)[0];
                float s = 0;
                for (int a = 0; a < numActions; a++) s += qi[a];
                float shift = v - s / numActions;
                for (int a = 0; a < numActions; a++) qi[a] += shift;
            }
            System.arraycopy(qi, 0, q, i * numActions, numActions);
        }
        return q;
    }

    /** y = W·h + b (then ReLU), each unit one FMA chain over h in order, the bias added after. */
    private static float[] refLinear(float[] w, float[] bias, float[] h, int out, boolean relu) {
        float[] y = new float[out];
        for (int j = 0; j < out; j++) {
            float acc = 0f;
            for (int q = 0; q < h.length; q++) acc = Math.fma(w[j * h.length + q], h[q], acc);
            float v = acc + bias[j];
            y[j] = relu ? Math.max(v, 0f) : v;
        }
        return y;
    }

    /** dW[j][q] = Σ_i dY[i][j]·X[i][q] and db[j] = Σ_i dY[i][j], FMA chains over i in order. */
    private static void refLayerGrads(Map<String, float[]> into, String name, float[][] dy, float[][] x, int out, int in, int b) {
        float[] gw = new float[out * in], gb = new float[out];
        for (int j = 0; j < out; j++) {
            for (int q = 0; q < in; q++) {
                float acc = 0f;
                for (int i = 0; i < b; i++) acc = Math.fma(dy[i][j], x[i][q], acc);
                gw[j * in + q] = acc;
            }
            float acc = 0f;
            for (int i = 0; i < b; i++) acc = Math.fma(dy[i][j], 1f, acc);
            gb[j] = acc;
        }
        into.put(name + ".weight", gw);
        into.put(name + ".bias", gb);
    }

    /**
     * With two threads the target network's forward runs beside the online network's forward of the update
     * ({@code QNetwork.targetValuesBesideForward}): the target Q values, the loss and every gradient are the bits of
     * the sequential path with one thread; with one thread, or a pass too small for two tasks, it does nothing.
     */
    @org.junit.jupiter.api.Test
    void targetBesideForward_twoThreads_sameBitsAsSequential() {
        int before = dev.bellman.tensor.kernels.Parallel.threads();
        try {
            float[][] one = updateWithThreads(1, 128, false);
            float[][] two = updateWithThreads(2, 128, true);
            assertEquals(one.length, two.length);
            for (int i = 0; i < one.length; i++) assertArrayEquals(one[i], two[i], "array " + i);
            updateWithThreads(2, 2, false); // 2 rows: not worth two tasks
        } finally {
            dev.bellman.tensor.kernels.Parallel.setThreads(before);
        }
    }

    /** One update's target Q values, Q(s, a), loss and gradients; asserts whether the two-task path was taken. */
    private static float[][] updateWithThreads(int threads, int b, boolean expectTwoTasks) {
        dev.bellman.tensor.kernels.Parallel.setThreads(threads);
        Dqn.Architecture arch = new Dqn.Architecture(new int[]{4}, 2, 0, List.of(120, 84), false, "mlp", false);
        Dqn.QNetwork online = new Dqn.QNetwork(arch, new Rng(4));
        Dqn.QNetwork target = new Dqn.QNetwork(arch, new Rng(5));
        Rng rng = new Rng(9);
        float[] x = new float[b * 4], next = new float[b * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
            next[i] = (float) rng.nextGaussian();
        }
        int[] actions = new int[b];
        for (int i = 0; i < b; i++) actions[i] = rng.nextInt(2);
        float[] qNext = new float[b * 2];
        boolean twoTasks = online.targetValuesBesideForward(target, next, x, b, qNext);
        assertEquals(expectTwoTasks, twoTasks, "two tasks at " + threads + " threads, batch " + b);
        if (!twoTasks) target.qValues(next, b, qNext);
        float[] targets = new float[b];
        for (int i = 0; i < b; i++) targets[i] = 1f + 0.99f * Math.max(qNext[2 * i], qNext[2 * i + 1]);
        online.zeroGrad();
        float[] td = new float[b], qa = new float[b];
        float loss = online.lossAndGrad(x, b, actions, targets, null, false, td, qa);
        List<float[]> out = new ArrayList<>(List.of(qNext, td, qa, new float[] {loss}));
        online.namedParameters().forEach((k, p) -> out.add(p.grad().clone()));
        return out.toArray(float[][]::new);
    }
}
