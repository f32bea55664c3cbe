package dev.bellman.algorithms.dqn;

import dev.bellman.nn.Linear;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Kernels;
import dev.bellman.tensor.kernels.Parallel;
import dev.bellman.tensor.kernels.Vec;
import java.util.List;

/**
 * Fused forward and backward passes of an MLP Q-network (ReLU torso, linear or dueling head) on the
 * parameters of existing {@link Linear} layers: the hot path of {@link Dqn} for vector observations.
 * It computes exactly what the autodiff graph {@code q = head(relu(...relu(x·W1ᵀ + b1)...))} and the
 * weighted TD loss compute, with preallocated workspaces, the matrix products in {@link Gemm#sgemmInOrder}
 * and bias, ReLU and its mask in one vectorised pass each; it allocates nothing per call.
 *
 * <p>Head: plain {@code Q = h·Wqᵀ + bq}, or dueling (Wang et al. 2016, eq. 9)
 * {@code Q(s,a) = V(s) + A(s,a) − mean_a' A(s,a')} from two linear layers on the last hidden layer.
 * Loss on the taken action only: {@code L = (1/B) Σ_i w_i ℓ(Q(s_i,a_i) − y_i)} with
 * {@code ℓ(d) = d²} (MSE) or the Huber loss {@code ℓ(d) = d²/2 if |d| < 1 else |d| − 1/2}
 * (PyTorch's {@code smooth_l1_loss}, β = 1, as SB3's DQN).
 *
 * <p>Layout: minibatches of at least {@link #FEATURE_MAJOR_MIN_BATCH} observations run <em>feature-major</em>:
 * every activation is stored transposed, {@code Hᵀ [width, B]}, so each layer (the head too) is
 * {@code Hᵀ_l = W_l · Hᵀ_{l−1}} with the weight matrix as stored ({@code [out, in]}, row-major) on the left.
 * The products then have the layer widths as rows and the batch as columns, which the GEMM's register tiles
 * cover without column remainders for batches that are a multiple of the vector width, and no weight matrix
 * is transposed per call; a bias is one scalar per row. The backward pass is {@code dW_l = dHᵀ_l · H_{l−1}}
 * and {@code dHᵀ_{l−1} = W_lᵀ · dHᵀ_l}; the weight gradient's batch-major input carries a column of ones, so the
 * bias gradient comes out of the same product, and zero columns up to a multiple of 16, so that product has no
 * column remainder either ({@link #weightGrads}). Smaller batches (the acting step, one observation per env copy)
 * run batch-major, {@code Y = X·Wᵀ + b}, with {@code Wᵀ} transposed once per weight version (optimizer steps,
 * target-network copies and state loads bump it: {@link Tensor#version()}) and cached; without SIMD they run row
 * by row, each output unit one scalar FMA chain over its inputs.
 *
 * <p>Summation order, and why it is fixed: every product runs through {@link Gemm#sgemmInOrder}, so each
 * pre-activation is one FMA chain over its inputs in increasing order (then the bias is added), and each weight
 * and bias gradient one FMA chain over the batch in order. The row-by-row path forms the same chains. None of
 * this depends on the machine's vector width (unlike the GEMM's dot form, whose lane tree does), so a run
 * gives the same bits on AVX2, AVX-512 and NEON machines, and the acting step's Q values equal the minibatch
 * forward's for the same observation. That matters more than it seems: DQN runs are chaotic in the last bit
 * (one flipped greedy action early on leads to another run), so a learning result obtained on one machine
 * holds on another only if the arithmetic is the same. {@code MlpQKernelTest} checks the kernel bit for bit
 * against a scalar reference written with {@link Math#fma}.
 *
 * <p>Gradients are written (not accumulated) into the parameters' gradient arrays, so an optimizer
 * from {@code dev.bellman.optim} steps them as after {@code backward()}. The layer weights are read in
 * place at every call, except that small batches use a transposed copy made again whenever the weight's version
 * changes: the kernel follows optimizer steps and target-network copies with no refresh, and code that writes a
 * weight through {@link Tensor#data()} must call {@link Tensor#bumpVersion()}, as for autodiff.
 * The test {@code MlpQKernelTest} checks values and gradients against the autodiff graph.
 */
final class MlpQKernel {
    /** Batches at least this large run feature-major; smaller ones batch-major on cached transposed weights. */
    static final int FEATURE_MAJOR_MIN_BATCH = 16;

    private final Linear[] torso;
    private final Linear head;      // plain head, or the advantage stream when dueling
    private final Linear value;     // dueling value stream, or null
    private final int numActions;
    private final int inDim;
    private final int[] widths;     // widths[0] = inDim, widths[l + 1] = output of torso layer l
    private int capacity;
    private float[] xT;             // observations transposed [inDim, B]
    private float[][] acts;         // acts[l + 1]: post-ReLU output of torso layer l, [widths[l + 1], B]
    private float[][] grads;        // grads[l + 1]: gradient w.r.t. acts[l + 1], same layout
    private float[] q, qT, dq, dqT; // Q and dQ [B, numActions], and transposed [numActions, B]
    private float[] v, dv;          // dueling V and dV [B]
    private float[][] rowActs;      // row-by-row path: one observation's activations per torso layer
    private final float[] rowValue = new float[1];
    // weight gradients: panels[l] = [B, pads[l]], the input of layer l (l = 0: the observations; l ≥ 1: acts[l])
    // batch-major, then a column of ones (the bias gradient) and zero columns up to a multiple of PAD
    private final int[] pads;
    private float[][] panels;
    private float[] gradScratch;    // [out, pads[l]]: weight and bias gradient of one layer
    // small batches: the weights transposed [in, pad(out)] (zero columns beyond out), cached by storage and version
    private final Linear[] rowLayers;     // torso layers, then the head, then the dueling value layer
    private final float[][] wT;
    private final float[][] wTData;       // the weight storage each wT was made from
    private final int[] wTOffset, wTVersion;
    private float[][] rowOut;             // [b, pad(out)] per entry of rowLayers
    private int rowCapacity;

    /** Column multiple of the padded gradient panels and transposed weights (whole vectors at any width ≤ 16). */
    static final int PAD = 16;

    /**
     * @param torso hidden layers, each followed by ReLU
     * @param head the output layer (Q values), or the advantage layer when {@code value} is given
     * @param value the dueling value layer (1 output), or null for a plain head
     */
    MlpQKernel(List<Linear> torso, Linear head, Linear value) {
        if (torso.isEmpty()) throw new IllegalArgumentException("the MLP torso needs at least one hidden layer");
        this.torso = torso.toArray(new Linear[0]);
        this.head = head;
        this.value = value;
        this.numActions = head.outFeatures();
        this.inDim = this.torso[0].inFeatures();
        this.widths = new int[this.torso.length + 1];
        widths[0] = inDim;
        for (int l = 0; l < this.torso.length; l++) {
            if (this.torso[l].inFeatures() != widths[l]) {
                throw new IllegalArgumentException("layer " + l + " takes " + this.torso[l].inFeatures()
                        + " inputs but the previous layer gives " + widths[l]);
            }
            widths[l + 1] = this.torso[l].outFeatures();
        }
        int last = widths[this.torso.length];
        if (head.inFeatures() != last || value != null && (value.inFeatures() != last || value.outFeatures() != 1)) {
            throw new IllegalArgumentException("head layers must take " + last + " inputs (value: 1 output)");
        }
        rowActs = new float[widths.length][];
        for (int l = 1; l < widths.length; l++) rowActs[l] = new float[widths[l]];
        pads = new int[widths.length];
        for (int l = 0; l < widths.length; l++) pads[l] = padded(widths[l] + 1);
        int layers = this.torso.length + 1 + (value == null ? 0 : 1);
        rowLayers = new Linear[layers];
        System.arraycopy(this.torso, 0, rowLayers, 0, this.torso.length);
        rowLayers[this.torso.length] = head;
        if (value != null) rowLayers[layers - 1] = value;
        wT = new float[layers][];
        wTData = new float[layers][];
        wTOffset = new int[layers];
        wTVersion = new int[layers];
        rowOut = new float[layers][];
        ensure(1);
    }

    private static int padded(int n) {
        return (n + PAD - 1) / PAD * PAD;
    }

    int numActions() { return numActions; }
    int inDim() { return inDim; }

    private void ensure(int b) {
        if (b <= capacity) return;
        capacity = b;
        xT = new float[b * inDim];
        acts = new float[widths.length][];
        grads = new float[widths.length][];
        for (int l = 1; l < widths.length; l++) {
            acts[l] = new float[b * widths[l]];
            grads[l] = new float[b * widths[l]];
        }
        q = new float[b * numActions];
        qT = new float[b * numActions];
        dq = new float[b * numActions];
        dqT = new float[b * numActions];
        v = new float[b];
        dv = new float[b];
        panels = new float[widths.length][];
        int scratch = 0;
        for (int l = 0; l < widths.length; l++) {
            int pad = pads[l];
            float[] panel = new float[b * pad]; // zero columns beyond the ones, set here once
            for (int p = 0; p < b; p++) panel[p * pad + widths[l]] = 1f;
            panels[l] = panel;
            int out = l < torso.length ? widths[l + 1] : numActions;
            scratch = Math.max(scratch, out * pad);
        }
        gradScratch = new float[scratch];
    }

    /** Q values of {@code b} observations {@code x[b * inDim]} into {@code out[b * numActions]}. */
    void forward(float[] x, int b, float[] out) {
        if (b < FEATURE_MAJOR_MIN_BATCH) {
            if (Kernels.simdEnabled()) {
                forwardRows(x, b, out);
            } else {
                for (int i = 0; i < b; i++) forwardRow(x, i * inDim, out, i * numActions);
            }
            return;
        }
        ensure(b);
        forwardFeatureMajor(x, b, out);
    }

    /**
     * Small batches with SIMD: each layer {@code Y = X·Wᵀ + b} as {@link Gemm#sgemmInOrder} of the rows X [b, in] and
     * the cached transpose Wᵀ [in, pad(out)], so each unit is one FMA chain over its inputs in order, as in
     * {@link #forwardRow}, with the units of a row side by side in vector lanes.
     */
    private void forwardRows(float[] x, int b, float[] out) {
        if (b > rowCapacity) {
            rowCapacity = b;
            for (int e = 0; e < rowLayers.length; e++) rowOut[e] = new float[b * padded(rowLayers[e].outFeatures())];
        }
        float[] in = x;
        int ld = inDim;
        for (int l = 0; l < torso.length; l++) {
            linearRows(l, in, ld, b, true);
            in = rowOut[l];
            ld = padded(widths[l + 1]);
        }
        int h = torso.length, n = numActions, hp = padded(n);
        linearRows(h, in, ld, b, false);
        float[] qh = rowOut[h];
        for (int i = 0; i < b; i++) System.arraycopy(qh, i * hp, out, i * n, n);
        if (value != null) {
            linearRows(h + 1, in, ld, b, false);
            float[] vr = rowOut[h + 1];
            int vp = padded(1);
            for (int i = 0; i < b; i++) {
                int oo = i * n;
                float s = 0;
                for (int a = 0; a < n; a++) s += out[oo + a];
                float shift = vr[i * vp] - s / n;
                for (int a = 0; a < n; a++) out[oo + a] += shift;
            }
        }
    }

    /** rowOut[e] [b, pad(out)] = X·Wᵀ + b (then ReLU) for rowLayers[e], X [b, in] with row stride ld. */
    private void linearRows(int e, float[] x, int ld, int b, boolean relu) {
        Linear layer = rowLayers[e];
        int in = layer.inFeatures(), out = layer.outFeatures(), np = padded(out);
        float[] y = rowOut[e];
        Gemm.sgemmInOrder(false, false, b, np, in, x, 0, ld, transposedWeight(e), 0, np, 0f, y, 0, np);
        Tensor bias = layer.bias();
        float[] bd = bias.data();
        int bo = bias.offset();
        for (int i = 0; i < b; i++) {
            int yi = i * np;
            for (int j = 0; j < out; j++) y[yi + j] = biasRelu(y[yi + j] + bd[bo + j], relu);
        }
    }

    /**
     * Wᵀ [in, pad(out)] of rowLayers[e] (zero columns beyond out), transposed again only when the weight's storage
     * or its version ({@link Tensor#version()}, bumped by optimizer steps, target-network copies and state loads)
     * has changed since the last call.
     */
    private float[] transposedWeight(int e) {
        Tensor w = rowLayers[e].weight();
        float[] wd = w.data();
        if (wT[e] == null || wTData[e] != wd || wTOffset[e] != w.offset() || wTVersion[e] != w.version()) {
            int in = rowLayers[e].inFeatures(), out = rowLayers[e].outFeatures(), np = padded(out);
            if (wT[e] == null) wT[e] = new float[in * np];
            Gemm.transpose(wd, w.offset(), in, out, in, wT[e], 0, np);
            wTData[e] = wd;
            wTOffset[e] = w.offset();
            wTVersion[e] = w.version();
        }
        return wT[e];
    }

    /** One observation x[xo, xo + inDim) → out[oo, oo + numActions) (without SIMD). */
    private void forwardRow(float[] x, int xo, float[] out, int oo) {
        float[] in = x;
        int io = xo;
        for (int l = 0; l < torso.length; l++) {
            rowLinear(torso[l], in, io, rowActs[l + 1], 0, true);
            in = rowActs[l + 1];
            io = 0;
        }
        rowLinear(head, in, 0, out, oo, false);
        if (value != null) {
            float[] v = rowValue;
            rowLinear(value, in, 0, v, 0, false);
            int n = numActions;
            float s = 0;
            for (int a = 0; a < n; a++) s += out[oo + a];
            float shift = v[0] - s / n;
            for (int a = 0; a < n; a++) out[oo + a] += shift;
        }
    }

    /**
     * y = W·x + b (then ReLU when {@code relu}) for one input vector: per output unit one FMA chain over the
     * inputs in order, eight or four units at a time (independent chains), as {@link Gemm#sgemmInOrder} forms them.
     */
    private static void rowLinear(Linear layer, float[] x, int xo, float[] y, int yo, boolean relu) {
        Tensor w = layer.weight();
        float[] wd = w.data();
        int in = layer.inFeatures(), out = layer.outFeatures();
        Tensor bias = layer.bias();
        float[] bd = bias.data();
        int bo = bias.offset();
        int j = 0;
        for (; j + 8 <= out; j += 8) {
            int w0 = w.offset() + j * in;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
            for (int p = 0; p < in; p++) {
                float xp = x[xo + p];
                int q = w0 + p;
                s0 = Math.fma(wd[q], xp, s0);
                s1 = Math.fma(wd[q + in], xp, s1);
                s2 = Math.fma(wd[q + 2 * in], xp, s2);
                s3 = Math.fma(wd[q + 3 * in], xp, s3);
                s4 = Math.fma(wd[q + 4 * in], xp, s4);
                s5 = Math.fma(wd[q + 5 * in], xp, s5);
                s6 = Math.fma(wd[q + 6 * in], xp, s6);
                s7 = Math.fma(wd[q + 7 * in], xp, s7);
            }
            y[yo + j] = biasRelu(s0 + bd[bo + j], relu);
            y[yo + j + 1] = biasRelu(s1 + bd[bo + j + 1], relu);
            y[yo + j + 2] = biasRelu(s2 + bd[bo + j + 2], relu);
            y[yo + j + 3] = biasRelu(s3 + bd[bo + j + 3], relu);
            y[yo + j + 4] = biasRelu(s4 + bd[bo + j + 4], relu);
            y[yo + j + 5] = biasRelu(s5 + bd[bo + j + 5], relu);
            y[yo + j + 6] = biasRelu(s6 + bd[bo + j + 6], relu);
            y[yo + j + 7] = biasRelu(s7 + bd[bo + j + 7], relu);
        }
        for (; j + 4 <= out; j += 4) {
            int w0 = w.offset() + j * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int p = 0; p < in; p++) {
                float xp = x[xo + p];
                s0 = Math.fma(wd[w0 + p], xp, s0);
                s1 = Math.fma(wd[w1 + p], xp, s1);
                s2 = Math.fma(wd[w2 + p], xp, s2);
                s3 = Math.fma(wd[w3 + p], xp, s3);
            }
            y[yo + j] = biasRelu(s0 + bd[bo + j], relu);
            y[yo + j + 1] = biasRelu(s1 + bd[bo + j + 1], relu);
            y[yo + j + 2] = biasRelu(s2 + bd[bo + j + 2], relu);
            y[yo + j + 3] = biasRelu(s3 + bd[bo + j + 3], relu);
        }
        for (; j < out; j++) {
            int wj = w.offset() + j * in;
            float s0 = 0f;
            for (int p = 0; p < in; p++) s0 = Math.fma(wd[wj + p], x[xo + p], s0);
            y[yo + j] = biasRelu(s0 + bd[bo + j], relu);
        }
    }

    private static float biasRelu(float v, boolean relu) {
        return relu ? Math.max(v, 0f) : v;
    }

    /** Fills xT and acts, and Q [b, numActions] into {@code out} (dueling: also V into v), all feature-major. */
    private void forwardFeatureMajor(float[] x, int b, float[] out) {
        Gemm.transpose(x, 0, inDim, b, inDim, xT, 0, b);
        float[] in = xT;
        for (int l = 0; l < torso.length; l++) {
            layerFeatureMajor(torso[l], in, b, acts[l + 1], true);
            in = acts[l + 1];
        }
        layerFeatureMajor(head, in, b, qT, false);
        Gemm.transpose(qT, 0, b, numActions, b, out, 0, numActions);
        if (value != null) {
            layerFeatureMajor(value, in, b, v, false); // Vᵀ [1, b] is v [b]
            int n = numActions;
            for (int i = 0; i < b; i++) {
                int o = i * n;
                float mean = 0;
                for (int a = 0; a < n; a++) mean += out[o + a];
                float shift = v[i] - mean / n;
                for (int a = 0; a < n; a++) out[o + a] += shift;
            }
        }
    }

    /** Yᵀ = W·Xᵀ + b (then ReLU), Xᵀ [in, b], Yᵀ [out, b]. */
    private static void layerFeatureMajor(Linear layer, float[] xT, int b, float[] yT, boolean relu) {
        Tensor w = layer.weight();
        int in = layer.inFeatures(), out = layer.outFeatures();
        Gemm.sgemmInOrder(false, false, out, b, in, w.data(), w.offset(), in, xT, 0, b, 0f, yT, 0, b);
        Tensor bias = layer.bias();
        float[] bd = bias.data();
        int bo = bias.offset();
        for (int j = 0; j < out; j++) {
            if (relu) Vec.addScalarRelu(bd[bo + j], yT, j * b, yT, j * b, b);
            else Vec.addScalar(bd[bo + j], yT, j * b, yT, j * b, b);
        }
    }

    /**
     * Forward pass, weighted TD loss on the taken actions and its gradient with respect to every
     * parameter (written into the parameters' gradient arrays).
     *
     * @param x observations [b * inDim]
     * @param actions the actions taken [b]
     * @param targets TD targets y [b] (constants)
     * @param weights importance weights [b], or null for all ones
     * @param huber Huber loss (else MSE)
     * @param tdOut receives Q(s_i, a_i) − y_i [b], or null
     * @param qTakenOut receives Q(s_i, a_i) [b], or null
     * @return the loss
     */
    float lossAndGrad(float[] x, int b, int[] actions, float[] targets, float[] weights, boolean huber,
                      float[] tdOut, float[] qTakenOut) {
        forwardForLoss(x, b);
        return lossAndGradAfterForward(x, b, actions, targets, weights, huber, tdOut, qTakenOut);
    }

    /**
     * Forward work (FLOPs) from which, with {@link Parallel#threads()} above 1, two networks' passes run as two tasks
     * ({@code Dqn}: the target network's forward beside the online network's); below it the hand-over to the other core
     * costs about as much as it saves. CleanRL's 4-120-84-2 at batch 128 is 2.7 MFLOP.
     */
    static final double SPLIT_MIN_FLOPS = 5e5;

    /** Whether passes of this much forward work run as two tasks (see {@link #SPLIT_MIN_FLOPS}). */
    static boolean twoTasks(double forwardFlops) {
        return Parallel.threads() > 1 && forwardFlops >= SPLIT_MIN_FLOPS;
    }

    /** FLOPs (two per multiply-add) of one forward pass over b rows. */
    double forwardFlops(int b) {
        double f = 0;
        for (int l = 0; l < torso.length; l++) {
            f += 2.0 * b * widths[l] * widths[l + 1];
        }
        f += 2.0 * b * widths[torso.length] * (numActions + (value != null ? 1 : 0));
        return f;
    }

    /** The forward pass of {@link #lossAndGrad} alone; {@link #lossAndGradAfterForward} of the same x and b follows. */
    void forwardForLoss(float[] x, int b) {
        ensure(b);
        forwardFeatureMajor(x, b, q);
    }

    /**
     * {@link #lossAndGrad} after its forward pass ({@link #forwardForLoss} of the same x and b, with no other pass of
     * this kernel in between): the loss and every gradient, bitwise as {@link #lossAndGrad}.
     */
    float lossAndGradAfterForward(float[] x, int b, int[] actions, float[] targets, float[] weights, boolean huber,
                                  float[] tdOut, float[] qTakenOut) {
        int n = numActions;
        java.util.Arrays.fill(dq, 0, b * n, 0f);
        double loss = 0;
        float invB = 1f / b;
        for (int i = 0; i < b; i++) {
            int a = actions[i];
            if (a < 0 || a >= n) throw new IllegalArgumentException("action " + a + " outside [0, " + n + ")");
            float qa = q[i * n + a];
            float d = qa - targets[i];
            float w = weights == null ? 1f : weights[i];
            if (tdOut != null) tdOut[i] = d;
            if (qTakenOut != null) qTakenOut[i] = qa;
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
            loss += w * l;
            dq[i * n + a] = w * g * invB;
        }
        // head backward
        int last = torso.length;
        float[] dhT = grads[last];
        float[] hT = acts[last];
        int hw = widths[last];
        if (value != null) {
            // dueling: dV = Σ_a dQ_a, dA_a = dQ_a − (1/n) Σ_a' dQ_a'
            for (int i = 0; i < b; i++) {
                int o = i * n;
                float s = 0;
                for (int a = 0; a < n; a++) s += dq[o + a];
                dv[i] = s;
                float mean = s / n;
                for (int a = 0; a < n; a++) dq[o + a] -= mean;
            }
        }
        Gemm.transpose(dq, 0, n, b, n, dqT, 0, b);
        fillPanel(last, x, b);
        weightGrads(head, dqT, last, b);
        if (value != null) weightGrads(value, dv, last, b); // dVᵀ [1, b] is dv [b]
        // dHᵀ = Wqᵀ·dQᵀ (+ Wvᵀ·dVᵀ), feature-major for the torso
        Tensor wq = head.weight();
        Gemm.sgemmInOrder(true, false, hw, b, n, wq.data(), wq.offset(), hw, dqT, 0, b, 0f, dhT, 0, b);
        if (value != null) {
            Tensor wv = value.weight();
            Gemm.sgemmInOrder(true, false, hw, b, 1, wv.data(), wv.offset(), hw, dv, 0, b, 1f, dhT, 0, b);
        }
        // torso backward: through the ReLU mask, then the layer
        for (int l = last - 1; l >= 0; l--) {
            float[] yT = acts[l + 1];
            float[] dyT = grads[l + 1];
            int wout = widths[l + 1];
            Vec.reluBackward(dyT, 0, yT, 0, dyT, 0, b * wout);
            fillPanel(l, x, b);
            weightGrads(torso[l], dyT, l, b);
            if (l > 0) {
                Tensor w = torso[l].weight();
                int win = widths[l];
                Gemm.sgemmInOrder(true, false, win, b, wout, w.data(), w.offset(), win, dyT, 0, b, 0f, grads[l], 0, b);
            }
        }
        return (float) (loss / b);
    }

    /**
     * panels[l] [b, pads[l]] = the input of layer l batch-major: the observations x [b, in] (l = 0) or acts[l]
     * transposed; the ones column and the zero columns after it were set by {@link #ensure}.
     */
    private void fillPanel(int l, float[] x, int b) {
        int in = widths[l], pad = pads[l];
        float[] panel = panels[l];
        if (l == 0) {
            for (int p = 0; p < b; p++) System.arraycopy(x, p * in, panel, p * pad, in);
        } else {
            Gemm.transpose(acts[l], 0, b, in, b, panel, 0, pad);
        }
    }

    /**
     * Layer l (the head and value layers take the last torso output, l = torso.length): dW = dYᵀ·X and db = the row
     * sums of dYᵀ, with dYᵀ [out, b] and X batch-major in panels[l] (see {@link #fillPanel}), as one in-order product
     * dYᵀ·[X | 1 | 0…] [out, pads[l]]: column {@code in} is db, each element one FMA chain over the batch in order
     * (the ones column gives {@code fma(dy, 1, acc)}: the in-order sum), and the zero columns make the width a whole
     * number of vectors, so the product runs without column remainders.
     */
    private void weightGrads(Linear layer, float[] dyT, int l, int b) {
        int in = layer.inFeatures(), out = layer.outFeatures(), pad = pads[l];
        float[] c = gradScratch;
        Gemm.sgemmInOrder(false, false, out, pad, b, dyT, 0, b, panels[l], 0, pad, 0f, c, 0, pad);
        float[] gw = gradArray(layer.weight()), gb = gradArray(layer.bias());
        for (int j = 0; j < out; j++) {
            System.arraycopy(c, j * pad, gw, j * in, in);
            gb[j] = c[j * pad + in];
        }
    }

    /**
     * The parameter's gradient array, allocated through autodiff on first use (the tensor module
     * allocates gradients only in {@code backward}).
     */
    private static float[] gradArray(Tensor p) {
        float[] g = p.grad();
        if (g == null) {
            p.sum().mul(0f).backward();
            g = p.grad();
        }
        return g;
    }
}
