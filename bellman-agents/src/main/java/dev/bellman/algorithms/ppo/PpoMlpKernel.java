package dev.bellman.algorithms.ppo;

import dev.bellman.nn.Activation;
import dev.bellman.nn.Linear;
import dev.bellman.nn.Module;
import dev.bellman.nn.Sequential;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.FastMath;
import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Kernels;
import dev.bellman.tensor.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused passes without per-call arrays (every buffer preallocated) of discrete PPO's separate tanh MLP actor and critic ({@link Ppo}'s MLP torso):
 * the rollout's forward (logits and value of a few observations) and, per minibatch, the forward pass, the whole
 * PPO loss and its gradient with respect to every parameter, written by hand into the parameters' gradient arrays.
 * It computes what the autodiff graph of {@link Ppo#train} computes (same loss, same tie and clipping rules for
 * {@code max} and {@code clamp}), in a fixed summation order, reading the layers' parameters in place.
 *
 * <p>Gradients, for a minibatch of B rows with logits z, log-probabilities ℓ = log softmax(z), p = e^ℓ,
 * H = −Σ_k p_k ℓ_k, ratio r = exp(ℓ_a − ℓ_old) and value v:
 * <pre>
 *   ∂L/∂z_k = (1/B) (g_r · r · ([k = a] − p_k) + c₂ · p_k (ℓ_k + H))
 *   ∂L/∂v   = (c₁/B) (w_u (v − R) + w_c (v_c − R) · [−ε ≤ v − v_old ≤ ε])          (clipped value loss)
 * </pre>
 * where g_r = ∂ max(−Â r, −Â clip(r))/∂r = −Â (w_u + w_c · [1 − ε ≤ r ≤ 1 + ε]) and w_u, w_c are the shares
 * of the two arguments of {@code max} (1 and 0 for the larger, ½ each on a tie, as {@link Tensor#maximum});
 * then the usual backward through each layer, row-major (Z, H, dZ stored {@code [B, width]}):
 * {@code dW = dZᵀ·H}, {@code db = 1ᵀ·dZ} (column sums), {@code dH = dZ·W} and through tanh
 * {@code dZ = dH ⊙ (1 − h²)}; then the global gradient norm for clipping ({@link #clipGradNorm}).
 *
 * <p>Layout and order: one forward for the acting step (a few rows) and the minibatch (B rows), row-major,
 * {@code Y = X·Wᵀ + b} with a transposed copy of each weight made again only when the weight's
 * {@link Tensor#version()} moves (an optimizer step, a load); every product through {@link Gemm#sgemmInOrder} (one
 * FMA chain per element over its inputs in increasing order, every operand read as stored), bias add and tanh
 * ({@link PpoTanh}, this kernel's own, cheaper than the engine's {@link FastMath#tanh} and within 1.5 ulp of
 * {@link Math#tanh}) elementwise; the output layers (fewer than {@link #NARROW} outputs) by their own loops that do
 * the same float operations in the same order ({@link #narrow}). So a row's logits and value are the same bits at any batch size, the stored
 * rollout log-probabilities give a ratio of exactly 1 before the first update, and nothing depends on the
 * machine's vector width. With {@link Parallel#threads()} above 1 the actor's and the critic's passes over enough rows
 * (a minibatch, not the acting step: {@link #SPLIT_MIN_FLOPS}) run as two tasks, each computed as with one thread, so
 * the results do not depend on the thread count either.
 * {@code PpoMlpKernelTest} checks the loss and gradients against the autodiff graph ({@link Ppo#lossGraph}).
 */
final class PpoMlpKernel {
    /** One MLP: hidden layers with tanh, then a linear output layer. */
    private static final class Net {
        final Linear[] layers;
        final int[] widths;      // widths[0] = inputs, widths[l + 1] = outputs of layer l
        final float[][] wT;      // each weight transposed, [inputs, outputs]
        final int[] wVersion;    // the weight's version() when wT was made
        final float[][] gradW;   // the parameters' gradient arrays
        final float[][] gradB;
        final float[][] gradWT;  // dWᵀ [inputs, outputs] for layers with fewer than WIDE inputs, else null
        float[][] acts;          // acts[l + 1]: output of layer l, row-major [B, widths[l + 1]]
        float[][] grads;         // gradient with respect to acts[l + 1], same layout
        int capacity;
        double gradSq;           // Σ g² over this net's gradients after backward
        final Scratch scratch = new Scratch();

        Net(Linear[] layers) {
            this.layers = layers;
            widths = new int[layers.length + 1];
            widths[0] = layers[0].inFeatures();
            for (int l = 0; l < layers.length; l++) {
                if (layers[l].inFeatures() != widths[l]) {
                    throw new IllegalArgumentException("layer " + l + " takes " + layers[l].inFeatures()
                            + " inputs but the previous layer gives " + widths[l]);
                }
                widths[l + 1] = layers[l].outFeatures();
            }
            wT = new float[layers.length][];
            wVersion = new int[layers.length];
            gradW = new float[layers.length][];
            gradB = new float[layers.length][];
            gradWT = new float[layers.length][];
            for (int l = 0; l < layers.length; l++) {
                gradW[l] = gradArray(layers[l].weight());
                gradB[l] = gradArray(layers[l].bias());
                wT[l] = new float[widths[l] * widths[l + 1]];
                wVersion[l] = -1;
                if (widths[l] < WIDE) {
                    gradWT[l] = new float[widths[l] * widths[l + 1]];
                }
            }
        }

        int out() {
            return widths[widths.length - 1];
        }

        /** Multiply-adds ×2 of a forward pass over b rows (the backward is about twice this). */
        double forwardFlops(int b) {
            double f = 0;
            for (int l = 0; l < layers.length; l++) {
                f += 2.0 * b * widths[l] * widths[l + 1];
            }
            return f;
        }

        void ensure(int b) {
            if (b <= capacity) {
                return;
            }
            capacity = b;
            acts = new float[widths.length][];
            grads = new float[widths.length][];
            for (int l = 1; l < widths.length; l++) {
                acts[l] = new float[b * widths[l]];
                grads[l] = new float[b * widths[l]];
            }
        }

        /**
         * The outputs of {@code b} observations x [b, inputs], row-major, into acts: {@code Y = X·Wᵀ + b} per layer
         * with the weights transposed once per parameter version ({@link Tensor#version()}, which optimizer steps
         * and loads advance), then tanh but after the last layer; returns the output array [b, out].
         */
        float[] forward(float[] x, int b) {
            ensure(b);
            float[] in = x;
            for (int l = 0; l < layers.length; l++) {
                Linear layer = layers[l];
                Tensor w = layer.weight();
                int fanIn = widths[l];
                int fanOut = widths[l + 1];
                if (wVersion[l] != w.version()) {
                    Gemm.transpose(w.data(), w.offset(), fanIn, fanOut, fanIn, wT[l], 0, fanOut);
                    wVersion[l] = w.version();
                }
                float[] y = acts[l + 1];
                if (fanOut < NARROW) {
                    narrow(in, b, fanIn, fanOut, w.data(), w.offset(), layer.bias().data(), layer.bias().offset(), y,
                            scratch);
                } else {
                    Gemm.sgemmInOrder(false, false, b, fanOut, fanIn, in, 0, fanIn, wT[l], 0, fanOut, 0f, y, 0, fanOut);
                    Gemm.addRowVector(y, 0, fanOut, b, fanOut, layer.bias().data(), layer.bias().offset());
                }
                if (l < layers.length - 1) {
                    PpoTanh.tanhInPlace(y, 0, b * fanOut);
                }
                in = y;
            }
            return in;
        }

        /**
         * Backward from the output gradient in grads[last] ([b, out]) after {@link #forward} of the same rows; x is
         * the minibatch's observations [b, inputs]; ones holds b ones (bias gradients as in-order column sums).
         * Every product reads its operands as stored (no transposed copies): {@code dW = dZᵀ·H}
         * ({@code dWᵀ = Hᵀ·dZ} for a layer with few inputs, whose rows would be shorter than a vector),
         * {@code db = 1ᵀ·dZ}, {@code dH = dZ·W}.
         */
        void backward(float[] x, int b, float[] ones) {
            for (int l = layers.length - 1; l >= 0; l--) {
                float[] dz = grads[l + 1];
                int fanOut = widths[l + 1];
                int fanIn = widths[l];
                if (l < layers.length - 1) {
                    float[] h = acts[l + 1];
                    for (int i = 0, n = fanOut * b; i < n; i++) {
                        dz[i] = dz[i] * (1f - h[i] * h[i]);
                    }
                }
                float[] in = l == 0 ? x : acts[l];
                float[] gw = gradW[l];
                if (gradWT[l] == null) {
                    Gemm.sgemmInOrder(true, false, fanOut, fanIn, b, dz, 0, fanOut, in, 0, fanIn, 0f, gw, 0, fanIn);
                } else {
                    float[] gwt = gradWT[l];
                    Gemm.sgemmInOrder(true, false, fanIn, fanOut, b, in, 0, fanIn, dz, 0, fanOut, 0f, gwt, 0, fanOut);
                    for (int p = 0; p < fanIn; p++) {
                        for (int j = 0; j < fanOut; j++) {
                            gw[j * fanIn + p] = gwt[p * fanOut + j];
                        }
                    }
                }
                Gemm.sgemmInOrder(false, false, 1, fanOut, b, ones, 0, b, dz, 0, fanOut, 0f, gradB[l], 0, fanOut);
                if (l > 0) {
                    Tensor w = layers[l].weight();
                    Gemm.sgemmInOrder(false, false, b, fanIn, fanOut, dz, 0, fanOut, w.data(), w.offset(), fanIn, 0f,
                            grads[l], 0, fanIn);
                }
            }
            double sq = 0;
            for (int l = 0; l < layers.length; l++) {
                sq += sumOfSquares(gradW[l]) + sumOfSquares(gradB[l]);
            }
            gradSq = sq;
        }

        void scaleGrads(float coef) {
            for (int l = 0; l < layers.length; l++) {
                float[] gw = gradW[l];
                for (int i = 0; i < gw.length; i++) {
                    gw[i] *= coef;
                }
                float[] gb = gradB[l];
                for (int i = 0; i < gb.length; i++) {
                    gb[i] *= coef;
                }
            }
        }
    }

    /**
     * {@code y = x·Wᵀ + b} for a few rows and a narrow layer (the acting step's output layer: 4 rows, 2 logits or 1
     * value), {@code x [rows, fanIn]} and {@code W [fanOut, fanIn]} row-major: per element one FMA chain over the
     * inputs in increasing order from 0, then one rounded add of the bias, the operations (and bits) of
     * {@link Gemm#sgemmInOrder} and {@link Gemm#addRowVector}. Scalar chains, four rows at a time so that four
     * independent chains overlap, reading W in place: the general product would pack W's columns into a zero-padded
     * panel a vector wide and run its tiles on one or two useful lanes (in CleanRL's CartPole run that packing was
     * ≈ 35 % of an acting step).
     */
    static void fewRowsNarrow(float[] x, int rows, int fanIn, int fanOut, float[] w, int wo, float[] bias, int bo,
            float[] y) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int x0 = i * fanIn;
            int x1 = x0 + fanIn;
            int x2 = x1 + fanIn;
            int x3 = x2 + fanIn;
            for (int j = 0; j < fanOut; j++) {
                int wj = wo + j * fanIn;
                float c0 = 0f;
                float c1 = 0f;
                float c2 = 0f;
                float c3 = 0f;
                for (int p = 0; p < fanIn; p++) {
                    float wp = w[wj + p];
                    c0 = Math.fma(x[x0 + p], wp, c0);
                    c1 = Math.fma(x[x1 + p], wp, c1);
                    c2 = Math.fma(x[x2 + p], wp, c2);
                    c3 = Math.fma(x[x3 + p], wp, c3);
                }
                float bj = bias[bo + j];
                y[i * fanOut + j] = c0 + bj;
                y[(i + 1) * fanOut + j] = c1 + bj;
                y[(i + 2) * fanOut + j] = c2 + bj;
                y[(i + 3) * fanOut + j] = c3 + bj;
            }
        }
        for (; i < rows; i++) {
            int xi = i * fanIn;
            for (int j = 0; j < fanOut; j++) {
                int wj = wo + j * fanIn;
                float c = 0f;
                for (int p = 0; p < fanIn; p++) {
                    c = Math.fma(x[xi + p], w[wj + p], c);
                }
                y[i * fanOut + j] = c + bias[bo + j];
            }
        }
    }

    /** Rows below which {@link #narrow} takes {@link #fewRowsNarrow}, and outputs below which a layer is narrow. */
    static final int FEW_ROWS = 16;
    static final int NARROW = 16;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Buffers of {@link #manyRowsNarrow}, one per net (the actor's and the critic's passes may run at once). */
    static final class Scratch {
        float[] xT = new float[0];
        final float[] lanes = new float[SPECIES.length()];
    }

    /**
     * {@code y = x·Wᵀ + b} of a narrow layer (fewer than {@link #NARROW} outputs: the output layers): the bits of
     * {@link Gemm#sgemmInOrder} then {@link Gemm#addRowVector}, by {@link #fewRowsNarrow} for a few rows (or without
     * SIMD) and {@link #manyRowsNarrow} for more.
     */
    static void narrow(float[] x, int rows, int fanIn, int fanOut, float[] w, int wo, float[] bias, int bo, float[] y,
            Scratch scratch) {
        if (rows < FEW_ROWS || !Kernels.simdEnabled()) {
            fewRowsNarrow(x, rows, fanIn, fanOut, w, wo, bias, bo, y);
        } else {
            manyRowsNarrow(x, rows, fanIn, fanOut, w, wo, bias, bo, y, scratch);
        }
    }

    /**
     * {@link #narrow} over many rows (a minibatch's output layers): x transposed once into {@code xT [fanIn, rows]},
     * then for each output j the rows' FMA chains run side by side in the lanes of a vector (four vectors at a time),
     * {@code c_i = fma(x_ip, W_jp, c_i)} for p in increasing order from 0, so each lane computes exactly the scalar chain
     * of its row, whatever the vector width; the last rows (fewer than a vector) as scalar chains. The general product
     * would instead run 6-row tiles over a zero-padded panel a vector wide, one or two of whose lanes are used.
     */
    static void manyRowsNarrow(float[] x, int rows, int fanIn, int fanOut, float[] w, int wo, float[] bias, int bo,
            float[] y, Scratch scratch) {
        if (scratch.xT.length < rows * fanIn) {
            scratch.xT = new float[rows * fanIn];
        }
        float[] xT = scratch.xT;
        float[] lanes = scratch.lanes;
        Gemm.transpose(x, 0, fanIn, rows, fanIn, xT, 0, rows);
        int vl = SPECIES.length();
        int bound = SPECIES.loopBound(rows);
        for (int j = 0; j < fanOut; j++) {
            int wj = wo + j * fanIn;
            float bj = bias[bo + j];
            int i = 0;
            for (; i + 4 * vl <= bound; i += 4 * vl) {
                FloatVector c0 = FloatVector.zero(SPECIES);
                FloatVector c1 = c0;
                FloatVector c2 = c0;
                FloatVector c3 = c0;
                for (int p = 0; p < fanIn; p++) {
                    FloatVector wp = FloatVector.broadcast(SPECIES, w[wj + p]);
                    int o = p * rows + i;
                    c0 = FloatVector.fromArray(SPECIES, xT, o).fma(wp, c0);
                    c1 = FloatVector.fromArray(SPECIES, xT, o + vl).fma(wp, c1);
                    c2 = FloatVector.fromArray(SPECIES, xT, o + 2 * vl).fma(wp, c2);
                    c3 = FloatVector.fromArray(SPECIES, xT, o + 3 * vl).fma(wp, c3);
                }
                scatterPlusBias(c0, lanes, y, i, fanOut, j, bj);
                scatterPlusBias(c1, lanes, y, i + vl, fanOut, j, bj);
                scatterPlusBias(c2, lanes, y, i + 2 * vl, fanOut, j, bj);
                scatterPlusBias(c3, lanes, y, i + 3 * vl, fanOut, j, bj);
            }
            for (; i < bound; i += vl) {
                FloatVector c = FloatVector.zero(SPECIES);
                for (int p = 0; p < fanIn; p++) {
                    c = FloatVector.fromArray(SPECIES, xT, p * rows + i).fma(FloatVector.broadcast(SPECIES, w[wj + p]), c);
                }
                scatterPlusBias(c, lanes, y, i, fanOut, j, bj);
            }
            for (; i < rows; i++) {
                int xi = i * fanIn;
                float c = 0f;
                for (int p = 0; p < fanIn; p++) {
                    c = Math.fma(x[xi + p], w[wj + p], c);
                }
                y[i * fanOut + j] = c + bj;
            }
        }
    }

    /** y[(i + q)·ld + j] = c_q + bias for the lanes q of c (one rounded add each, as {@link Gemm#addRowVector}). */
    private static void scatterPlusBias(FloatVector c, float[] lanes, float[] y, int i, int ld, int j, float bias) {
        c.intoArray(lanes, 0);
        for (int q = 0; q < lanes.length; q++) {
            y[(i + q) * ld + j] = lanes[q] + bias;
        }
    }

    /**
     * Forward work (FLOPs) of the smaller net from which, with {@link Parallel#threads()} above 1, the actor's and the
     * critic's passes run as two tasks. Below it the hand-over to the other core costs more than the task: at
     * CleanRL's 64-64 nets the acting step's 4 rows (36 kFLOP per net, ≈ 1.7 µs) took 4.7 µs as two tasks against
     * 3.5 µs inline, at best, while a minibatch of 128 rows (1.1 MFLOP per net) cut the calling thread's time per
     * minibatch from 132 to 83 µs (loaded machine, one JVM alternating 1 and 2 threads).
     */
    static final double SPLIT_MIN_FLOPS = 5e5;

    /** Layers with fewer inputs than this form their weight gradient transposed (rows of dW would be too short). */
    static final int WIDE = 16;
    /** Σ g² in double, four interleaved partial sums (element i into sum i mod 4) added in order 0..3. */
    static double sumOfSquares(float[] g) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= g.length; i += 4) {
            s0 += (double) g[i] * g[i];
            s1 += (double) g[i + 1] * g[i + 1];
            s2 += (double) g[i + 2] * g[i + 2];
            s3 += (double) g[i + 3] * g[i + 3];
        }
        for (; i < g.length; i++) {
            s0 += (double) g[i] * g[i];
        }
        return s0 + s1 + s2 + s3;
    }

    /**
     * Global gradient-norm clipping of the last {@link #lossAndGrad}'s gradients, as
     * {@link dev.bellman.optim.GradClip#clipGradNorm}: with the norm {@code n} (Σ g² summed by
     * {@link #sumOfSquares}, actor then critic), every gradient is scaled by {@code maxNorm / (n + 1e-6)} when that is
     * below 1. Returns {@code n}.
     */
    float clipGradNorm(float maxNorm) {
        float total = (float) Math.sqrt(actor.gradSq + critic.gradSq);
        float coef = maxNorm / (total + 1e-6f);
        if (coef < 1f || Float.isNaN(coef)) {
            actor.scaleGrads(coef);
            critic.scaleGrads(coef);
        }
        return total;
    }

    private final Net actor;
    private final Net critic;
    private final int inDim;
    private final int numActions;
    private int capacity;
    private float[] ones;
    private final float[] logp;
    private final float[] probs;

    // statistics of the last lossAndGrad call
    private double pgLoss;
    private double vLoss;
    private double entropy;
    private double loss;
    private double approxKl;
    private double oldApproxKl;
    private int clipped;

    private PpoMlpKernel(Linear[] actor, Linear[] critic) {
        this.actor = new Net(actor);
        this.critic = new Net(critic);
        inDim = this.actor.widths[0];
        numActions = this.actor.out();
        if (this.critic.widths[0] != inDim || this.critic.out() != 1) {
            throw new IllegalArgumentException("the critic must take " + inDim + " inputs and give 1 output");
        }
        logp = new float[numActions];
        probs = new float[numActions];
    }

    /**
     * The kernel for an agent whose actor and critic are MLPs of {@link Linear} layers with tanh between them, or
     * null for any other agent (a CNN torso), which then takes the autodiff path.
     */
    static PpoMlpKernel of(Ppo.Agent agent) {
        if (agent.network != null || agent.actor == null || agent.critic == null) {
            return null;
        }
        Linear[] a = tanhMlp(agent.actor);
        Linear[] c = tanhMlp(agent.critic);
        return a == null || c == null ? null : new PpoMlpKernel(a, c);
    }

    /** The Linear layers of {@code Linear, Tanh, …, Linear}, or null for another structure. */
    private static Linear[] tanhMlp(Sequential net) {
        List<Linear> layers = new ArrayList<>();
        for (int i = 0; i < net.size(); i++) {
            Module m = net.get(i);
            boolean linearSlot = i % 2 == 0;
            if (linearSlot && m instanceof Linear linear && linear.bias() != null) {
                layers.add(linear);
            } else if (linearSlot || !(m instanceof Activation act) || !act.name().equals("Tanh")) {
                return null;
            }
        }
        return net.size() % 2 == 1 ? layers.toArray(new Linear[0]) : null;
    }

    int inDim() {
        return inDim;
    }

    /** Whether passes over b rows run as two tasks, actor and critic (see {@link #SPLIT_MIN_FLOPS}). */
    boolean split(int b) {
        return Parallel.threads() > 1 && Math.min(actor.forwardFlops(b), critic.forwardFlops(b)) >= SPLIT_MIN_FLOPS;
    }

    int numActions() {
        return numActions;
    }

    private void ensure(int b) {
        if (b <= capacity) {
            return;
        }
        capacity = b;
        ones = new float[b];
        Arrays.fill(ones, 1f);
    }

    /**
     * Logits {@code [b, numActions]} and values {@code [b]} of observations {@code x [b, inDim]}, row-major;
     * either output may be null to skip that network.
     */
    void act(float[] x, int b, float[] logits, float[] values) {
        if (logits != null && values != null && split(b)) {
            Parallel.forEachTask(2, t -> (t == 0 ? actor : critic).forward(x, b));
            System.arraycopy(actor.acts[actor.layers.length], 0, logits, 0, b * numActions);
            System.arraycopy(critic.acts[critic.layers.length], 0, values, 0, b);
            return;
        }
        if (logits != null) {
            System.arraycopy(actor.forward(x, b), 0, logits, 0, b * numActions);
        }
        if (values != null) {
            System.arraycopy(critic.forward(x, b), 0, values, 0, b);
        }
    }

    /**
     * log π(a_i|s_i) from logits {@code [b, numActions]} into {@code out[b]}, by the log-softmax of the minibatch
     * pass (so the rollout's log-probabilities are what the first minibatch recomputes, bit for bit).
     */
    void logProbs(float[] logits, int b, int[] actions, float[] out) {
        for (int i = 0; i < b; i++) {
            logSoftmax(logits, i * numActions, 1, logp, probs);
            out[i] = logp[actions[i]];
        }
    }

    /**
     * ℓ_k = (z_k − m) − log Σ_j e_j and p_k = e_k / Σ_j e_j with m = max z and e_k = exp(z_k − m) ({@link FastMath#exp}),
     * for the logits z[o + k·stride], k &lt; numActions; the sum in float in order of k. NaN for all-−∞ or +∞ logits.
     */
    private void logSoftmax(float[] z, int o, int stride, float[] out, float[] p) {
        int n = numActions;
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, z[o + k * stride]);
        }
        float s = 0;
        for (int k = 0; k < n; k++) {
            float e = FastMath.exp(z[o + k * stride] - m);
            p[k] = e;
            s += e;
        }
        if (Float.isInfinite(m)) {
            s = Float.NaN;
        }
        float ls = (float) Math.log(s);
        for (int k = 0; k < n; k++) {
            out[k] = (z[o + k * stride] - m) - ls;
            p[k] = p[k] / s;
        }
    }

    /**
     * One minibatch: forward pass, PPO loss ({@link Ppo#train}'s equations) and its gradient written into every
     * actor and critic parameter's gradient array (overwritten, not accumulated).
     *
     * @param x observations {@code [b, inDim]}
     * @param actions actions taken (0-based)
     * @param oldLogp log-probabilities under the rollout policy
     * @param adv advantages (already normalised if the run normalises them)
     * @param returns the returns R
     * @param oldValues the rollout's values, for the clipped value loss
     */
    void lossAndGrad(float[] x, int b, int[] actions, float[] oldLogp, float[] adv, float[] returns,
            float[] oldValues, float clipCoef, boolean clipVloss, float entCoef, float vfCoef) {
        ensure(b);
        if (split(b)) {
            Parallel.forEachTask(2, t -> (t == 0 ? actor : critic).forward(x, b));
        } else {
            actor.forward(x, b);
            critic.forward(x, b);
        }
        lossRows(b, actions, oldLogp, adv, returns, oldValues, clipCoef, clipVloss, entCoef, vfCoef);
        if (split(b)) {
            Parallel.forEachTask(2, t -> (t == 0 ? actor : critic).backward(x, b, ones));
        } else {
            actor.backward(x, b, ones);
            critic.backward(x, b, ones);
        }
    }

    /**
     * The per-row pass of {@link #lossAndGrad} after the forward: the loss terms and statistics, and the output
     * gradients of both nets. Its own method so that the JIT compiles (and, when a branch first taken late such as
     * a clipped ratio or value sends it back to the interpreter, recompiles) this loop alone rather than all of
     * {@code lossAndGrad}: a JFR recording of a 500k-step run showed six C2 compilations of the whole method.
     */
    private void lossRows(int b, int[] actions, float[] oldLogp, float[] adv, float[] returns, float[] oldValues,
            float clipCoef, boolean clipVloss, float entCoef, float vfCoef) {
        int na = numActions;
        float[] z = actor.acts[actor.layers.length];
        float[] dz = actor.grads[actor.layers.length];
        float[] values = critic.acts[critic.layers.length];
        float[] dv = critic.grads[critic.layers.length];
        float invB = 1f / b;
        float lo = 1 - clipCoef;
        float hi = 1 + clipCoef;
        double pgSum = 0;
        double vSum = 0;
        double entSum = 0;
        double klSum = 0;
        double oldKlSum = 0;
        int clip = 0;
        for (int i = 0; i < b; i++) {
            int a = actions[i];
            if (a < 0 || a >= na) {
                throw new IllegalArgumentException("action " + a + " outside [0, " + na + ")");
            }
            logSoftmax(z, i * na, 1, logp, probs);
            float h = 0;
            for (int k = 0; k < na; k++) {
                h += probs[k] * logp[k];
            }
            h = -h;
            float logratio = logp[a] - oldLogp[i];
            float r = FastMath.exp(logratio);
            oldKlSum += -logratio;
            klSum += (r - 1) - logratio;
            if (Math.abs(r - 1) > clipCoef) {
                clip++;
            }
            // L^CLIP_i = max(u, c), u = −Â r, c = −Â clip(r)
            float negAdv = -adv[i];
            float rc = Math.min(Math.max(r, lo), hi);
            float u = negAdv * r;
            float c = negAdv * rc;
            float wu = u > c ? 1f : u == c ? 0.5f : 0f;
            float wc = u < c ? 1f : u == c ? 0.5f : 0f;
            pgSum += Float.isNaN(u) || Float.isNaN(c) ? Float.NaN : Math.max(u, c);
            float inside = r >= lo && r <= hi ? 1f : 0f;
            float dr = negAdv * (wu + wc * inside) * invB;
            float dlogp = dr * r;
            float entScale = entCoef * invB;
            for (int k = 0; k < na; k++) {
                float p = probs[k];
                float g = dlogp * ((k == a ? 1f : 0f) - p) + entScale * p * (logp[k] + h);
                dz[i * na + k] = g;
            }
            entSum += h;
            // L^V_i
            float v = values[i];
            float d = v - returns[i];
            float dValue;
            if (clipVloss) {
                float delta = v - oldValues[i];
                float vc = oldValues[i] + Math.min(Math.max(delta, -clipCoef), clipCoef);
                float dc = vc - returns[i];
                float su = d * d;
                float sc = dc * dc;
                float w1 = su > sc ? 1f : su == sc ? 0.5f : 0f;
                float w2 = su < sc ? 1f : su == sc ? 0.5f : 0f;
                vSum += Float.isNaN(su) || Float.isNaN(sc) ? Float.NaN : Math.max(su, sc);
                float in = delta >= -clipCoef && delta <= clipCoef ? 1f : 0f;
                dValue = w1 * 2f * d + w2 * 2f * dc * in;
            } else {
                vSum += d * d;
                dValue = 2f * d;
            }
            dv[i] = vfCoef * 0.5f * invB * dValue;
        }
        pgLoss = pgSum / b;
        vLoss = 0.5 * vSum / b;
        entropy = entSum / b;
        loss = pgLoss - entCoef * entropy + vfCoef * vLoss;
        approxKl = klSum / b;
        oldApproxKl = oldKlSum / b;
        clipped = clip;
    }

    double pgLoss() {
        return pgLoss;
    }

    double vLoss() {
        return vLoss;
    }

    double entropy() {
        return entropy;
    }

    double loss() {
        return loss;
    }

    double approxKl() {
        return approxKl;
    }

    double oldApproxKl() {
        return oldApproxKl;
    }

    /** Rows of the last minibatch with |r − 1| &gt; ε. */
    int clipped() {
        return clipped;
    }

    /**
     * The parameter's gradient array, allocated through autodiff on first use (the tensor module allocates
     * gradients only in {@code backward}).
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
