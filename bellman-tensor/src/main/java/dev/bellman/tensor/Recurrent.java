package dev.bellman.tensor;

import dev.bellman.tensor.kernels.FastMath;
import dev.bellman.tensor.kernels.Gemm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recurrent ops: the LSTM (Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers et al. 2000) and
 * the GRU (Cho et al. 2014), as single fused ops over a whole sequence, and their one-step cells.
 *
 * <p>Equations and layouts are PyTorch's ({@code torch.nn.LSTM}/{@code LSTMCell}, {@code GRU}/{@code GRUCell}):
 * weights {@code w_ih [G·H, I]}, {@code w_hh [G·H, H]}, biases {@code b_ih}, {@code b_hh [G·H]} (either may be
 * null: no bias), gates stacked along the first axis in PyTorch's order.
 * <pre>
 * LSTM (G = 4, gates i, f, g, o):            GRU (G = 3, gates r, z, n):
 *   i = σ(W_ii x + b_ii + W_hi h + b_hi)        r  = σ(W_ir x + b_ir + W_hr h + b_hr)
 *   f = σ(W_if x + b_if + W_hf h + b_hf)        z  = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   g = tanh(W_ig x + b_ig + W_hg h + b_hg)     n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   o = σ(W_io x + b_io + W_ho h + b_ho)        h' = (1 − z) ⊙ n + z ⊙ h
 *   c' = f ⊙ c + i ⊙ g
 *   h' = o ⊙ tanh(c')
 * </pre>
 * Sequences are time-major, {@code x [T, N, I]} (PyTorch's default {@code batch_first=False}); states are
 * {@code [N, H]}; a null initial state means zeros.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>Fused: the input projection of all T steps is one GEMM {@code [T·N, I]·W_ihᵀ} (with the biases: both
 *       for the LSTM; only {@code b_ih} for the GRU, whose {@code b_hn} sits inside {@code r ⊙ (…)}); each step
 *       then runs one GEMM {@code h·W_hhᵀ} (W_hh transposed once per sequence) and one pass over the gates that
 *       applies the activations in place and updates the state. One op goes on the tape for the whole sequence,
 *       not one per elementwise step.</li>
 *   <li>The backward is hand-written backpropagation through time: a reverse pass over the steps computes
 *       the gradients of the gate pre-activations from the saved activations (one GEMM per step carries
 *       {@code dh} back through {@code W_hh}); the weight, bias and input gradients then come from three
 *       GEMMs over all steps at once ({@code dW_ih = dAᵀ·X}, {@code dX = dA·W_ih}, {@code dW_hh = dAᵀ·H_prev}).</li>
 *   <li>Results are packed in one tensor ({@code [T+1, N, H]} for the LSTM: the outputs h₁…h_T, then c_T;
 *       {@code [T, N, H]} for the GRU) and handed out as views of it, so gradients reaching the outputs and
 *       the final state meet in one buffer.</li>
 *   <li>Activations use {@link FastMath} (|error| ≤ 1e-7, see there).</li>
 *   <li>Forward mode (JVP, for Fisher-vector products) propagates tangents through the same recurrence, step by
 *       step, from the saved activations (equations at {@code lstmTangent}/{@code gruTangent}).</li>
 * </ol>
 */
public final class Recurrent {
    private Recurrent() {}

    /** The result of {@link #lstm}: {@code output [T, N, H]} (h₁…h_T) and the final state {@code h}, {@code c}, each {@code [N, H]}. */
    public record LstmOutput(Tensor output, Tensor h, Tensor c) {}

    /** The result of {@link #gru}: {@code output [T, N, H]} (h₁…h_T) and the final state {@code h [N, H]}. */
    public record GruOutput(Tensor output, Tensor h) {}

    /** An LSTM state: hidden {@code h} and cell {@code c}, each {@code [N, H]}. */
    public record LstmState(Tensor h, Tensor c) {}

    private static String s(int[] shape) { return Arrays.toString(shape); }

    // ------------------------------------------------------------------ public API

    /**
     * A single-layer LSTM over a sequence {@code x [T, N, I]} from the state {@code (h0, c0)} (each {@code [N, H]},
     * or null for zeros), as {@code torch.nn.LSTM} with {@code num_layers=1}.
     */
    public static LstmOutput lstm(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        Dims d = dims("lstm", 4, x, h0, c0, wIh, wHh, bIh, bHh);
        Tensor packed = lstmOp("lstm", d, x, h0, c0, wIh, wHh, bIh, bHh);
        return new LstmOutput(packed.slice(0, 0, d.t),
                packed.slice(0, d.t - 1, d.t).reshape(d.n, d.h),
                packed.slice(0, d.t, d.t + 1).reshape(d.n, d.h));
    }

    /**
     * One LSTM step, as {@code torch.nn.LSTMCell}: {@code x [N, I]}, state {@code h}, {@code c} {@code [N, H]}
     * (null for zeros); returns {@code (h', c')}.
     */
    public static LstmState lstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        if (x.rank() != 2) throw new IllegalArgumentException("lstmCell: input must be [N, I] but was " + s(x.shape));
        Tensor x3 = x.reshape(1, x.shape[0], x.shape[1]);
        Dims d = dims("lstmCell", 4, x3, h, c, wIh, wHh, bIh, bHh);
        Tensor packed = lstmOp("lstmCell", d, x3, h, c, wIh, wHh, bIh, bHh);
        return new LstmState(packed.slice(0, 0, 1).reshape(d.n, d.h), packed.slice(0, 1, 2).reshape(d.n, d.h));
    }

    /** A single-layer GRU over {@code x [T, N, I]} from {@code h0 [N, H]} (null for zeros), as {@code torch.nn.GRU}. */
    public static GruOutput gru(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        Dims d = dims("gru", 3, x, h0, null, wIh, wHh, bIh, bHh);
        Tensor packed = gruOp("gru", d, x, h0, wIh, wHh, bIh, bHh);
        return new GruOutput(packed, packed.slice(0, d.t - 1, d.t).reshape(d.n, d.h));
    }

    /** One GRU step, as {@code torch.nn.GRUCell}: {@code x [N, I]}, {@code h [N, H]} (null for zeros); returns h'. */
    public static Tensor gruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        if (x.rank() != 2) throw new IllegalArgumentException("gruCell: input must be [N, I] but was " + s(x.shape));
        Tensor x3 = x.reshape(1, x.shape[0], x.shape[1]);
        Dims d = dims("gruCell", 3, x3, h, null, wIh, wHh, bIh, bHh);
        return gruOp("gruCell", d, x3, h, wIh, wHh, bIh, bHh).reshape(d.n, d.h);
    }

    // ------------------------------------------------------------------ validation

    /** T steps, N batch, I input, H hidden size. */
    private record Dims(int t, int n, int i, int h) {
        int nh() { return n * h; }
    }

    private static Dims dims(String op, int gates, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        if (wIh.rank() != 2 || wHh.rank() != 2 || wIh.shape[0] % gates != 0 || wIh.shape[0] == 0) {
            throw new IllegalArgumentException(op + ": weights w_ih " + s(wIh.shape) + " and w_hh " + s(wHh.shape)
                    + " must be [" + gates + "·H, I] and [" + gates + "·H, H] with H > 0");
        }
        int h = wIh.shape[0] / gates, in = wIh.shape[1];
        if (wHh.shape[0] != gates * h || wHh.shape[1] != h) {
            throw new IllegalArgumentException(op + ": w_hh " + s(wHh.shape) + " must be [" + gates * h + ", " + h
                    + "] to match w_ih " + s(wIh.shape) + " (hidden size " + h + ")");
        }
        for (Tensor b : new Tensor[]{bIh, bHh}) {
            if (b != null && (b.rank() != 1 || b.shape[0] != gates * h)) {
                throw new IllegalArgumentException(op + ": bias " + s(b.shape) + " must be [" + gates * h + "] (hidden size " + h + ")");
            }
        }
        if (x.rank() != 3 || x.shape[2] != in) {
            throw new IllegalArgumentException(op + ": input " + s(x.shape) + " must be [T, N, " + in
                    + "] (sequence length, batch, input size " + in + " of w_ih " + s(wIh.shape) + ")");
        }
        if (x.shape[0] == 0 || x.shape[1] == 0) {
            throw new IllegalArgumentException(op + ": input " + s(x.shape) + " must have at least one step and one sample");
        }
        int n = x.shape[1];
        for (Tensor st : new Tensor[]{h0, c0}) {
            if (st != null && (st.rank() != 2 || st.shape[0] != n || st.shape[1] != h)) {
                throw new IllegalArgumentException(op + ": state " + s(st.shape) + " must be [" + n + ", " + h
                        + "] (batch of input " + s(x.shape) + ", hidden size " + h + ")");
            }
        }
        return new Dims(x.shape[0], n, in, h);
    }

    private static Tensor[] nonNull(Tensor... ts) {
        List<Tensor> l = new ArrayList<>();
        for (Tensor t : ts) if (t != null) l.add(t);
        return l.toArray(new Tensor[0]);
    }

    private static boolean anyTangent(Tensor[] inputs) {
        if (!Tensor.isForwardADEnabled()) return false;
        for (Tensor t : inputs) if (t.tangent != null) return true;
        return false;
    }

    /** Tangent of the input projection: ẋ·W_ihᵀ + x·Ẇ_ihᵀ + ḃ_ih (+ ḃ_hh when {@code bHh} is given), [T·N, G·H]. */
    private static float[] inputProjectionTangent(Dims d, int gh, Tensor x, Tensor wIh, Tensor bIh, Tensor bHh) {
        int rows = d.t * d.n;
        float[] a = new float[rows * gh];
        if (x.tangent != null) Gemm.sgemm(false, true, rows, gh, d.i, x.tangent, 0, d.i, wIh.data, wIh.offset, d.i, 1f, a, 0, gh);
        if (wIh.tangent != null) Gemm.sgemm(false, true, rows, gh, d.i, x.data, x.offset, d.i, wIh.tangent, 0, d.i, 1f, a, 0, gh);
        for (Tensor b : new Tensor[]{bIh, bHh}) {
            if (b == null || b.tangent == null) continue;
            for (int r = 0; r < rows; r++) for (int j = 0; j < gh; j++) a[r * gh + j] += b.tangent[j];
        }
        return a;
    }

    /** dst[n·G·H] += ḣ·W_hhᵀ + h·Ẇ_hhᵀ for the previous state h (values {@code hp} at {@code hpo}, tangent {@code hpt}, either may be null). */
    private static void recurrentTangent(Dims d, int gh, float[] hp, int hpo, float[] hpt, int hpto, Tensor wHh, float[] dst, int dO) {
        if (hpt != null) Gemm.sgemm(false, true, d.n, gh, d.h, hpt, hpto, d.h, wHh.data, wHh.offset, d.h, 1f, dst, dO, gh);
        if (hp != null && wHh.tangent != null) Gemm.sgemm(false, true, d.n, gh, d.h, hp, hpo, d.h, wHh.tangent, 0, d.h, 1f, dst, dO, gh);
    }

    /**
     * {@code h·W_hhᵀ} for the per-step recurrence: over several steps W_hh is transposed once to {@code [H, G·H]}, so
     * each step's GEMM reads it in place instead of transposing it again (as the {@code transB} GEMM path does).
     */
    private static final class RecurrentWeight {
        private final Dims d;
        private final int gh;
        private final Tensor w;
        private final float[] wt;

        RecurrentWeight(Dims d, int gh, Tensor w) {
            this.d = d;
            this.gh = gh;
            this.w = w;
            if (d.t > 1) {
                wt = new float[d.h * gh];
                Gemm.transpose(w.data, w.offset, d.h, gh, d.h, wt, 0, gh);
            } else {
                wt = null;
            }
        }

        /** c[cOff..] = beta·c + h·W_hhᵀ for h {@code [N, H]} at {@code hOff}. */
        void times(float[] hv, int hOff, float beta, float[] c, int cOff) {
            if (wt != null) {
                Gemm.sgemm(false, false, d.n, gh, d.h, hv, hOff, d.h, wt, 0, gh, beta, c, cOff, gh);
            } else {
                Gemm.sgemm(false, true, d.n, gh, d.h, hv, hOff, d.h, w.data, w.offset, d.h, beta, c, cOff, gh);
            }
        }
    }

    /** gates[r·G·H + j] = x·W_ihᵀ + b_ih + b_hh for all T·N rows (one GEMM). */
    private static float[] inputProjection(Dims d, int gh, Tensor x, Tensor wIh, Tensor bIh, Tensor bHh) {
        int rows = d.t * d.n;
        float[] a = new float[rows * gh];
        Gemm.sgemm(false, true, rows, gh, d.i, x.data, x.offset, d.i, wIh.data, wIh.offset, d.i, 0f, a, 0, gh);
        if (bIh != null || bHh != null) {
            float[] bias = new float[gh];
            if (bIh != null) for (int j = 0; j < gh; j++) bias[j] += bIh.data[bIh.offset + j];
            if (bHh != null) for (int j = 0; j < gh; j++) bias[j] += bHh.data[bHh.offset + j];
            for (int r = 0; r < rows; r++) {
                int o = r * gh;
                for (int j = 0; j < gh; j++) a[o + j] += bias[j];
            }
        }
        return a;
    }

    /** Gradients of the weights, biases and input from the pre-activation gradients {@code dA [T·N, G·H]}. */
    private static void weightGrads(Dims d, int gh, float[] dA, float[] dAh, Tensor x, Tensor h0, float[] out,
                                    Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        int rows = d.t * d.n;
        if (x.requiresGrad) { // dX = dA · W_ih
            Gemm.sgemm(false, false, rows, d.i, gh, dA, 0, gh, wIh.data, wIh.offset, d.i, 1f, x.gradBuffer(), 0, d.i);
        }
        if (wIh.requiresGrad) { // dW_ih = dAᵀ · X
            Gemm.sgemm(true, false, gh, d.i, rows, dA, 0, gh, x.data, x.offset, d.i, 1f, wIh.gradBuffer(), 0, d.i);
        }
        if (wHh.requiresGrad) { // dW_hh = Σ_t dA_hh[t]ᵀ · h_{t−1}; h_1…h_{T−1} are out's first T−1 rows
            float[] gw = wHh.gradBuffer();
            if (d.t > 1) {
                Gemm.sgemm(true, false, gh, d.h, (d.t - 1) * d.n, dAh, d.n * gh, gh, out, 0, d.h, 1f, gw, 0, d.h);
            }
            if (h0 != null) Gemm.sgemm(true, false, gh, d.h, d.n, dAh, 0, gh, h0.data, h0.offset, d.h, 1f, gw, 0, d.h);
        }
        if (bIh != null && bIh.requiresGrad) colSums(dA, rows, gh, bIh.gradBuffer());
        if (bHh != null && bHh.requiresGrad) colSums(dAh, rows, gh, bHh.gradBuffer());
    }

    private static void colSums(float[] a, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) dst[j] += a[o + j];
        }
    }

    // ------------------------------------------------------------------ LSTM

    private static Tensor lstmOp(String op, Dims d, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        Tensor[] inputs = nonNull(x, h0, c0, wIh, wHh, bIh, bHh);
        int t = d.t, n = d.n, h = d.h, nh = d.nh(), gh = 4 * h;
        // gates: pre-activations, then (in place) the activations i, f, g, o of every step
        float[] gates = inputProjection(d, gh, x, wIh, bIh, bHh);
        RecurrentWeight hh = new RecurrentWeight(d, gh, wHh);
        float[] out = new float[(t + 1) * nh]; // h_1 … h_T, then c_T
        float[] cs = new float[t * nh];        // c_1 … c_T
        float[] tcs = new float[t * nh];       // tanh(c_1) … tanh(c_T)
        for (int s = 0; s < t; s++) {
            int go = s * n * gh;
            if (s > 0) {
                hh.times(out, (s - 1) * nh, 1f, gates, go);
            } else if (h0 != null) {
                hh.times(h0.data, h0.offset, 1f, gates, go);
            }
            for (int r = 0; r < n; r++) {
                int g0 = go + r * gh, so = s * nh + r * h;
                FastMath.sigmoid(gates, g0, gates, g0, 2 * h);       // i, f
                FastMath.tanh(gates, g0 + 2 * h, gates, g0 + 2 * h, h); // g
                FastMath.sigmoid(gates, g0 + 3 * h, gates, g0 + 3 * h, h); // o
                for (int j = 0; j < h; j++) {
                    float cPrev = s > 0 ? cs[so - nh + j] : c0 != null ? c0.data[c0.offset + r * h + j] : 0f;
                    cs[so + j] = gates[g0 + h + j] * cPrev + gates[g0 + j] * gates[g0 + 2 * h + j];
                }
                FastMath.tanh(cs, so, tcs, so, h);
                for (int j = 0; j < h; j++) out[so + j] = gates[g0 + 3 * h + j] * tcs[so + j];
            }
        }
        System.arraycopy(cs, (t - 1) * nh, out, t * nh, nh);
        Tensor res = lstmBackward(op, d, out, gates, cs, tcs, x, h0, c0, wIh, wHh, bIh, bHh, inputs);
        if (anyTangent(inputs)) res.tangent = lstmTangent(d, out, gates, cs, tcs, x, h0, c0, wIh, wHh, bIh, bHh);
        return res;
    }

    /**
     * Forward-mode rule: with ȧ the tangent of the pre-activations (input projection, plus ḣ_{t−1}·W_hhᵀ + h_{t−1}·Ẇ_hhᵀ),
     * i̇ = i(1−i)ȧ_i (likewise f, o), ġ = (1−g²)ȧ_g, ċ_t = ḟ c_{t−1} + f ċ_{t−1} + i̇ g + i ġ,
     * ḣ_t = ȯ tanh c_t + o (1 − tanh² c_t) ċ_t.
     */
    private static float[] lstmTangent(Dims d, float[] out, float[] gates, float[] cs, float[] tcs, Tensor x, Tensor h0,
                                       Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        int t = d.t, n = d.n, h = d.h, nh = d.nh(), gh = 4 * h;
        float[] a = inputProjectionTangent(d, gh, x, wIh, bIh, bHh);
        float[] tan = new float[(t + 1) * nh];
        float[] ct = new float[t * nh];
        for (int s = 0; s < t; s++) {
            int go = s * n * gh;
            if (s > 0) {
                recurrentTangent(d, gh, out, (s - 1) * nh, tan, (s - 1) * nh, wHh, a, go);
            } else if (h0 != null) {
                recurrentTangent(d, gh, h0.data, h0.offset, h0.tangent, 0, wHh, a, go);
            }
            for (int r = 0; r < n; r++) {
                int g0 = go + r * gh, so = s * nh + r * h;
                for (int j = 0; j < h; j++) {
                    float ig = gates[g0 + j], fg = gates[g0 + h + j], gg = gates[g0 + 2 * h + j], og = gates[g0 + 3 * h + j];
                    float cPrev = s > 0 ? cs[so - nh + j] : c0 != null ? c0.data[c0.offset + r * h + j] : 0f;
                    float cPrevT = s > 0 ? ct[so - nh + j] : c0 != null && c0.tangent != null ? c0.tangent[r * h + j] : 0f;
                    float di = ig * (1f - ig) * a[g0 + j], df = fg * (1f - fg) * a[g0 + h + j];
                    float dg = (1f - gg * gg) * a[g0 + 2 * h + j], dout = og * (1f - og) * a[g0 + 3 * h + j];
                    float dc = df * cPrev + fg * cPrevT + di * gg + ig * dg;
                    float tc = tcs[so + j];
                    ct[so + j] = dc;
                    tan[so + j] = dout * tc + og * (1f - tc * tc) * dc;
                }
            }
        }
        System.arraycopy(ct, (t - 1) * nh, tan, t * nh, nh);
        return tan;
    }

    private static Tensor lstmBackward(String op, Dims d, float[] out, float[] gates, float[] cs, float[] tcs, Tensor x,
                                       Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor[] inputs) {
        int t = d.t, n = d.n, h = d.h, nh = d.nh(), gh = 4 * h;
        return Tensor.result(op, out, new int[]{t + 1, n, h}, (o, gOut) -> {
            float[] dA = new float[t * n * gh];
            float[] dh = new float[nh];
            float[] dc = Arrays.copyOfRange(gOut, t * nh, (t + 1) * nh); // dL/dc_T
            boolean needDh0 = h0 != null && h0.requiresGrad;
            for (int s = t - 1; s >= 0; s--) {
                int go = s * n * gh;
                for (int r = 0; r < n; r++) {
                    int g0 = go + r * gh, so = s * nh + r * h, ro = r * h;
                    for (int j = 0; j < h; j++) {
                        float ig = gates[g0 + j], fg = gates[g0 + h + j], gg = gates[g0 + 2 * h + j], og = gates[g0 + 3 * h + j];
                        float tc = tcs[so + j];
                        float cPrev = s > 0 ? cs[so - nh + j] : c0 != null ? c0.data[c0.offset + ro + j] : 0f;
                        float dht = gOut[so + j] + dh[ro + j];
                        float dct = dc[ro + j] + dht * og * (1f - tc * tc);
                        dA[g0 + j] = dct * gg * ig * (1f - ig);
                        dA[g0 + h + j] = dct * cPrev * fg * (1f - fg);
                        dA[g0 + 2 * h + j] = dct * ig * (1f - gg * gg);
                        dA[g0 + 3 * h + j] = dht * tc * og * (1f - og);
                        dc[ro + j] = dct * fg;
                    }
                }
                if (s > 0 || needDh0) { // dh_{s−1} = dA_s · W_hh
                    Gemm.sgemm(false, false, n, h, gh, dA, go, gh, wHh.data, wHh.offset, h, 0f, dh, 0, h);
                }
            }
            if (needDh0) h0.accumulateGrad(dh, 0);
            if (c0 != null && c0.requiresGrad) c0.accumulateGrad(dc, 0);
            weightGrads(d, gh, dA, dA, x, h0, out, wIh, wHh, bIh, bHh);
        }, inputs);
    }

    // ------------------------------------------------------------------ GRU

    private static Tensor gruOp(String op, Dims d, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        Tensor[] inputs = nonNull(x, h0, wIh, wHh, bIh, bHh);
        int t = d.t, n = d.n, h = d.h, nh = d.nh(), gh = 3 * h;
        // gi: x·W_ihᵀ + b_ih (only b_ih: b_hn sits inside r ⊙ (…)); then in place the activations r, z, n
        float[] gi = inputProjection(d, gh, x, wIh, bIh, null);
        float[] ghn = new float[t * nh]; // W_hn h_{t−1} + b_hn per step
        float[] out = new float[t * nh];
        float[] hh = new float[n * gh];  // h_{t−1}·W_hhᵀ + b_hh of the current step
        RecurrentWeight whh = new RecurrentWeight(d, gh, wHh);
        for (int s = 0; s < t; s++) {
            int go = s * n * gh;
            float[] hp = s > 0 ? out : h0 != null ? h0.data : null;
            int hpo = s > 0 ? (s - 1) * nh : h0 != null ? h0.offset : 0;
            if (hp != null) {
                whh.times(hp, hpo, 0f, hh, 0);
            } else {
                Arrays.fill(hh, 0f);
            }
            if (bHh != null) {
                for (int r = 0; r < n; r++) for (int j = 0; j < gh; j++) hh[r * gh + j] += bHh.data[bHh.offset + j];
            }
            for (int r = 0; r < n; r++) {
                int g0 = go + r * gh, h0o = r * gh, so = s * nh + r * h;
                for (int j = 0; j < 2 * h; j++) gi[g0 + j] += hh[h0o + j];
                FastMath.sigmoid(gi, g0, gi, g0, 2 * h); // r, z
                for (int j = 0; j < h; j++) {
                    float hn = hh[h0o + 2 * h + j];
                    ghn[so + j] = hn;
                    gi[g0 + 2 * h + j] += gi[g0 + j] * hn;
                }
                FastMath.tanh(gi, g0 + 2 * h, gi, g0 + 2 * h, h); // n
                for (int j = 0; j < h; j++) {
                    float hPrev = hp == null ? 0f : hp[hpo + r * h + j];
                    float z = gi[g0 + h + j];
                    out[so + j] = (1f - z) * gi[g0 + 2 * h + j] + z * hPrev;
                }
            }
        }
        Tensor res = gruBackward(op, d, out, gi, ghn, x, h0, wIh, wHh, bIh, bHh, inputs);
        if (anyTangent(inputs)) res.tangent = gruTangent(d, out, gi, ghn, x, h0, wIh, wHh, bIh, bHh);
        return res;
    }

    /**
     * Forward-mode rule: with ȧ_i, ȧ_h the tangents of the input and hidden projections,
     * ṙ = r(1−r)(ȧ_ir + ȧ_hr), ż = z(1−z)(ȧ_iz + ȧ_hz), ṅ = (1−n²)(ȧ_in + ṙ (W_hn h + b_hn) + r ȧ_hn),
     * ḣ' = (h − n) ż + (1 − z) ṅ + z ḣ.
     */
    private static float[] gruTangent(Dims d, float[] out, float[] gi, float[] ghn, Tensor x, Tensor h0, Tensor wIh,
                                      Tensor wHh, Tensor bIh, Tensor bHh) {
        int t = d.t, n = d.n, h = d.h, nh = d.nh(), gh = 3 * h;
        float[] ai = inputProjectionTangent(d, gh, x, wIh, bIh, null);
        float[] tan = new float[t * nh];
        float[] ah = new float[n * gh];
        for (int s = 0; s < t; s++) {
            int go = s * n * gh;
            float[] hp = s > 0 ? out : h0 != null ? h0.data : null;
            int hpo = s > 0 ? (s - 1) * nh : h0 != null ? h0.offset : 0;
            float[] hpt = s > 0 ? tan : h0 != null ? h0.tangent : null;
            int hpto = s > 0 ? (s - 1) * nh : 0;
            Arrays.fill(ah, 0f);
            recurrentTangent(d, gh, hp, hpo, hpt, hpto, wHh, ah, 0);
            if (bHh != null && bHh.tangent != null) {
                for (int r = 0; r < n; r++) for (int j = 0; j < gh; j++) ah[r * gh + j] += bHh.tangent[j];
            }
            for (int r = 0; r < n; r++) {
                int g0 = go + r * gh, a0 = r * gh, so = s * nh + r * h;
                for (int j = 0; j < h; j++) {
                    float rg = gi[g0 + j], z = gi[g0 + h + j], ng = gi[g0 + 2 * h + j];
                    float hPrev = hp == null ? 0f : hp[hpo + r * h + j];
                    float hPrevT = hpt == null ? 0f : hpt[hpto + r * h + j];
                    float dr = rg * (1f - rg) * (ai[g0 + j] + ah[a0 + j]);
                    float dz = z * (1f - z) * (ai[g0 + h + j] + ah[a0 + h + j]);
                    float dn = (1f - ng * ng) * (ai[g0 + 2 * h + j] + dr * ghn[so + j] + rg * ah[a0 + 2 * h + j]);
                    tan[so + j] = (hPrev - ng) * dz + (1f - z) * dn + z * hPrevT;
                }
            }
        }
        return tan;
    }

    private static Tensor gruBackward(String op, Dims d, float[] out, float[] gi, float[] ghn, Tensor x, Tensor h0,
                                      Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor[] inputs) {
        int t = d.t, n = d.n, h = d.h, nh = d.nh(), gh = 3 * h;
        return Tensor.result(op, out, new int[]{t, n, h}, (o, gOut) -> {
            float[] dA = new float[t * n * gh];  // d(pre-activations) of the input projection
            float[] dAh = new float[t * n * gh]; // d(h·W_hhᵀ + b_hh)
            float[] dh = new float[nh];
            boolean needDh0 = h0 != null && h0.requiresGrad;
            for (int s = t - 1; s >= 0; s--) {
                int go = s * n * gh;
                float[] hp = s > 0 ? out : h0 != null ? h0.data : null;
                int hpo = s > 0 ? (s - 1) * nh : h0 != null ? h0.offset : 0;
                for (int r = 0; r < n; r++) {
                    int g0 = go + r * gh, so = s * nh + r * h, ro = r * h;
                    for (int j = 0; j < h; j++) {
                        float rg = gi[g0 + j], z = gi[g0 + h + j], ng = gi[g0 + 2 * h + j];
                        float hPrev = hp == null ? 0f : hp[hpo + ro + j];
                        float dht = gOut[so + j] + dh[ro + j];
                        float dan = dht * (1f - z) * (1f - ng * ng);
                        float daz = dht * (hPrev - ng) * z * (1f - z);
                        float dar = dan * ghn[so + j] * rg * (1f - rg);
                        dA[g0 + j] = dar;
                        dA[g0 + h + j] = daz;
                        dA[g0 + 2 * h + j] = dan;
                        dAh[g0 + j] = dar;
                        dAh[g0 + h + j] = daz;
                        dAh[g0 + 2 * h + j] = dan * rg;
                        dh[ro + j] = dht * z; // the direct path z ⊙ h_{t−1}
                    }
                }
                if (s > 0 || needDh0) { // dh_{s−1} += dAh_s · W_hh
                    Gemm.sgemm(false, false, n, h, gh, dAh, go, gh, wHh.data, wHh.offset, h, 1f, dh, 0, h);
                }
            }
            if (needDh0) h0.accumulateGrad(dh, 0);
            weightGrads(d, gh, dA, dAh, x, h0, out, wIh, wHh, bIh, bHh);
        }, inputs);
    }
}
