package dev.bellman.algorithms.dqn;

import dev.bellman.nn.Linear;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Gemm;
import java.util.List;

/**
 * Fused forward and backward passes of an MLP Q-network (ReLU torso, linear or dueling head) on the
 * parameters of existing {@link Linear} layers: the hot path of {@link Dqn} for vector observations.
 * It computes exactly what the autodiff graph {@code q = head(relu(...relu(x·W1ᵀ + b1)...))} and the
 * weighted TD loss compute, with preallocated workspaces, the matrix products in
 * {@link Gemm#sgemm} and bias, ReLU and its mask fused into one pass each; it allocates nothing per call.
 *
 * <p>Head: plain {@code Q = h·Wqᵀ + bq}, or dueling (Wang et al. 2016, eq. 9)
 * {@code Q(s,a) = V(s) + A(s,a) − mean_a' A(s,a')} from two linear layers on the last hidden layer.
 * Loss on the taken action only: {@code L = (1/B) Σ_i w_i ℓ(Q(s_i,a_i) − y_i)} with
 * {@code ℓ(d) = d²} (MSE) or the Huber loss {@code ℓ(d) = d²/2 if |d| < 1 else |d| − 1/2}
 * (PyTorch's {@code smooth_l1_loss}, β = 1, as SB3's DQN).
 *
 * <p>Gradients are written (not accumulated) into the parameters' gradient arrays, so an optimizer
 * from {@code dev.bellman.optim} steps them as after {@code backward()}. The layer weights are read in
 * place at every call: the kernel follows optimizer steps and target-network copies with no refresh.
 * The test {@code MlpQKernelTest} checks values and gradients against the autodiff graph.
 */
final class MlpQKernel {
    private final Linear[] torso;
    private final Linear head;      // plain head, or the advantage stream when dueling
    private final Linear value;     // dueling value stream, or null
    private final int numActions;
    private final int inDim;
    private final int[] widths;     // widths[0] = inDim, widths[l + 1] = output of torso layer l
    private int capacity;
    private float[][] acts;         // acts[l + 1]: post-ReLU output of torso layer l, [B, widths[l + 1]]
    private float[][] grads;        // grads[l + 1]: gradient w.r.t. acts[l + 1]
    private float[] q, v, dq, dv;

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
        ensure(1);
    }

    int numActions() { return numActions; }
    int inDim() { return inDim; }

    private void ensure(int b) {
        if (b <= capacity) return;
        capacity = b;
        acts = new float[widths.length][];
        grads = new float[widths.length][];
        for (int l = 1; l < widths.length; l++) {
            acts[l] = new float[b * widths[l]];
            grads[l] = new float[b * widths[l]];
        }
        q = new float[b * numActions];
        dq = new float[b * numActions];
        v = new float[b];
        dv = new float[b];
    }

    /** Q values of {@code b} observations {@code x[b * inDim]} into {@code out[b * numActions]}. */
    void forward(float[] x, int b, float[] out) {
        ensure(b);
        float[] in = x;
        for (int l = 0; l < torso.length; l++) {
            linear(torso[l], in, b, acts[l + 1], true);
            in = acts[l + 1];
        }
        linear(head, in, b, out, false);
        if (value != null) {
            linear(value, in, b, v, false);
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

    /** y = x·Wᵀ + b (then ReLU when {@code relu}), x [b, in], y [b, out]. */
    private static void linear(Linear layer, float[] x, int b, float[] y, boolean relu) {
        Tensor w = layer.weight();
        int in = layer.inFeatures(), out = layer.outFeatures();
        Gemm.sgemm(false, true, b, out, in, x, 0, in, w.data(), w.offset(), in, 0f, y, 0, out);
        Tensor bias = layer.bias();
        float[] bd = bias.data();
        int bo = bias.offset();
        for (int i = 0; i < b; i++) {
            int r = i * out;
            if (relu) {
                for (int j = 0; j < out; j++) y[r + j] = Math.max(y[r + j] + bd[bo + j], 0f);
            } else {
                for (int j = 0; j < out; j++) y[r + j] += bd[bo + j];
            }
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
        ensure(b);
        forward(x, b, q);
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
        float[] h = acts[last];
        float[] dh = grads[last];
        int hw = widths[last];
        if (value != null) {
            // dueling: dV = Σ_a dQ, dA_a = dQ_a − mean_a' dQ_a'
            for (int i = 0; i < b; i++) {
                int o = i * n;
                float s = 0;
                for (int a = 0; a < n; a++) s += dq[o + a];
                dv[i] = s;
                float mean = s / n;
                for (int a = 0; a < n; a++) dq[o + a] -= mean;
            }
            weightGrads(value, dv, h, b);
            weightGrads(head, dq, h, b);
            Tensor wa = head.weight(), wv = value.weight();
            Gemm.sgemm(false, false, b, hw, n, dq, 0, n, wa.data(), wa.offset(), hw, 0f, dh, 0, hw);
            Gemm.sgemm(false, false, b, hw, 1, dv, 0, 1, wv.data(), wv.offset(), hw, 1f, dh, 0, hw);
        } else {
            weightGrads(head, dq, h, b);
            Tensor wq = head.weight();
            Gemm.sgemm(false, false, b, hw, n, dq, 0, n, wq.data(), wq.offset(), hw, 0f, dh, 0, hw);
        }
        // torso backward: through the ReLU mask, then the layer
        for (int l = last - 1; l >= 0; l--) {
            float[] y = acts[l + 1];
            float[] dy = grads[l + 1];
            int len = b * widths[l + 1];
            for (int j = 0; j < len; j++) if (y[j] <= 0f) dy[j] = 0f;
            float[] in = l == 0 ? x : acts[l];
            weightGrads(torso[l], dy, in, b);
            if (l > 0) {
                Tensor w = torso[l].weight();
                int win = widths[l], wout = widths[l + 1];
                Gemm.sgemm(false, false, b, win, wout, dy, 0, wout, w.data(), w.offset(), win, 0f, grads[l], 0, win);
            }
        }
        return (float) (loss / b);
    }

    /** dW = dYᵀ·X, db = column sums of dY, written into the layer's gradient arrays. */
    private static void weightGrads(Linear layer, float[] dy, float[] x, int b) {
        int in = layer.inFeatures(), out = layer.outFeatures();
        float[] gw = gradArray(layer.weight());
        Gemm.sgemm(true, false, out, in, b, dy, 0, out, x, 0, in, 0f, gw, 0, in);
        float[] gb = gradArray(layer.bias());
        java.util.Arrays.fill(gb, 0, out, 0f);
        for (int i = 0; i < b; i++) {
            int r = i * out;
            for (int j = 0; j < out; j++) gb[j] += dy[r + j];
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
