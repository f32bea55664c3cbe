package dev.bellman.tensor;

import dev.bellman.tensor.kernels.Parallel;
import dev.bellman.tensor.kernels.Vec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015) as one fused op with a hand-written backward and
 * forward-mode tangent, as {@code torch.nn.functional.batch_norm}.
 *
 * <p>Input {@code x} of shape {@code [N, C, ...]} (rank 2 to 4 and beyond): each channel c is
 * normalised over the {@code M = N · (product of the trailing dims)} values it has in the batch.
 * Symbols: μ_c the batch mean, σ²_c the biased batch variance, x̂ = (x − μ_c)/√(σ²_c + ε),
 * y = γ_c·x̂ + β_c (γ = weight, β = bias, both optional).
 *
 * <p>Training ({@code training = true}) normalises with the batch statistics and, if running
 * statistics are given, updates them in place (also under {@link Tensor#noGrad()}, as PyTorch):
 * {@code running_mean ← (1 − momentum)·running_mean + momentum·μ} and
 * {@code running_var ← (1 − momentum)·running_var + momentum·σ²·M/(M − 1)} (the unbiased variance
 * for the running estimate, the biased one for normalising, as PyTorch). Evaluation normalises
 * with the running statistics, which are then constants.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>Backward in training, per channel, with g = ∂L/∂y and ĝ = g·γ:
 *       {@code ∂L/∂x = (1/√(σ²+ε)) · (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))}; ∂L/∂γ = Σ g·x̂, ∂L/∂β = Σ g.
 *       In evaluation ∂L/∂x = g·γ/√(running_var + ε). The running statistics get no gradient.</li>
 *   <li>Tangent in training: {@code ẋ̂ = (ẋ − mean(ẋ) − x̂·mean(ẋ·x̂))/√(σ²+ε)},
 *       {@code ẏ = γ·ẋ̂ + γ̇·x̂ + β̇}.</li>
 *   <li>The forward pass is one affine pass per channel, {@code y = x·scale + shift} with
 *       scale = γ/√(σ²+ε) and shift = β − μ·scale (PyTorch's CPU kernel uses the same form); nothing
 *       the size of x is kept: the backward pass and the tangent recompute x̂ from x. Per-channel
 *       sums are accumulated in double, each row of a channel (the trailing dims of one sample) in four interleaved
 *       partial sums added in a fixed order at the end (four independent chains of additions instead of one: the
 *       training forward at [256, 64, 9, 9] took 2.4–2.6 ms instead of 3.8, one thread, loaded machine); BatchNorm1d's
 *       rows of one element keep the plain order.</li>
 *   <li>From {@value #PARALLEL_MIN_ELEMENTS} elements the statistics, the affine pass and the backward run over
 *       the kernel threads ({@link Parallel}), one task per block of whole channels (at most 16 blocks, fixed by the
 *       channel count): every channel's sums are formed by one task in the same order as on one thread, so the results
 *       are bitwise the same for any thread count.</li>
 * </ol>
 */
public final class Norms {
    private Norms() {}

    /**
     * Batch normalisation of {@code x [N, C, ...]}; see the class documentation.
     *
     * @param weight γ of shape [C], or null (no scale)
     * @param bias β of shape [C], or null (no shift)
     * @param runningMean running mean [C], updated in place in training; null only in training
     * @param runningVar running variance [C], updated in place in training; null only in training
     * @throws IllegalArgumentException on incompatible shapes, a missing running statistic in
     *     evaluation, or, in training, a single value per channel (no variance), as PyTorch
     */
    /** Elements from which a batch norm splits its channels over the kernel threads. */
    static final int PARALLEL_MIN_ELEMENTS = 1 << 15;

    /** Tasks of blocks of whole channels: at most 16, one when the input is small (a partition fixed by the shapes). */
    private static int tasks(int c, int size) {
        return size < PARALLEL_MIN_ELEMENTS ? 1 : Math.min(c, 16);
    }

    // Per-channel sums over the channel's rows x[o + i·stride .. + len) (i < rows), in double. Each row is summed in
    // four interleaved partial sums (element j of a row into sum j mod 4, the last len mod 4 elements into the first),
    // added as (s0 + s1) + (s2 + s3) at the end: four independent chains where one chain of dependent additions bounded
    // the loop by the adder's latency. A fixed order in plain Java arithmetic (no reassociation by the JIT), so the
    // same bits on every thread count and vector width; a row of one element (BatchNorm1d) is summed in plain order.

    /** Σ x over the channel's rows. */
    static double sum(float[] x, int o, int stride, int rows, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int body = len & ~3;
        for (int i = 0; i < rows; i++) {
            int b = o + i * stride, j = 0;
            for (; j < body; j += 4) {
                s0 += x[b + j];
                s1 += x[b + j + 1];
                s2 += x[b + j + 2];
                s3 += x[b + j + 3];
            }
            for (; j < len; j++) s0 += x[b + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (x − μ)² over the channel's rows, each difference in double. */
    static double sumSquaredDeviations(float[] x, int o, int stride, int rows, int len, double mu) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int body = len & ~3;
        for (int i = 0; i < rows; i++) {
            int b = o + i * stride, j = 0;
            for (; j < body; j += 4) {
                double d0 = x[b + j] - mu, d1 = x[b + j + 1] - mu, d2 = x[b + j + 2] - mu, d3 = x[b + j + 3] - mu;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (; j < len; j++) {
                double d = x[b + j] - mu;
                s0 += d * d;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {Σ g, Σ g·x̂} over the channel's rows, with x̂ = (x − μ)·isd in float as the affine pass computes it; {@code g}
     * from {@code go}, {@code x} from {@code xo + go}.
     */
    static double[] gradientSums(float[] g, float[] x, int xo, int go, int stride, int rows, int len, float mu, float isd) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, h0 = 0, h1 = 0, h2 = 0, h3 = 0;
        int body = len & ~3;
        for (int i = 0; i < rows; i++) {
            int b = go + i * stride, j = 0;
            for (; j < body; j += 4) {
                float g0 = g[b + j], g1 = g[b + j + 1], g2 = g[b + j + 2], g3 = g[b + j + 3];
                a0 += g0;
                a1 += g1;
                a2 += g2;
                a3 += g3;
                h0 += (double) g0 * ((x[xo + b + j] - mu) * isd);
                h1 += (double) g1 * ((x[xo + b + j + 1] - mu) * isd);
                h2 += (double) g2 * ((x[xo + b + j + 2] - mu) * isd);
                h3 += (double) g3 * ((x[xo + b + j + 3] - mu) * isd);
            }
            for (; j < len; j++) {
                a0 += g[b + j];
                h0 += (double) g[b + j] * ((x[xo + b + j] - mu) * isd);
            }
        }
        return new double[]{(a0 + a1) + (a2 + a3), (h0 + h1) + (h2 + h3)};
    }

    public static Tensor batchNorm(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                   boolean training, float momentum, float eps) {
        return batchNorm(x, weight, bias, runningMean, runningVar, training, momentum, eps, false, null);
    }

    /**
     * {@code relu(batchNorm(x, ...) + residual)} as one op (residual may be null: {@code relu(batchNorm(x, ...))}), the
     * AlphaZero tower's "BN, ReLU" and "BN, add the block's input, ReLU": the same float operations per element as the
     * three ops composed ({@code x·scale + shift}, {@code + residual}, {@code max(·, 0)}; in backward the ReLU's mask,
     * then the batch-norm backward and the residual's gradient), so bitwise their results, with two passes over the
     * data fewer forward, four fewer backward, no intermediate tensors, and the mask and the residual's gradient in
     * the batch norm's parallel tasks. Calls with forward-mode tangents compose the three ops.
     *
     * @param residual a tensor of {@code x}'s shape added before the ReLU, or null
     * @see #batchNorm(Tensor, Tensor, Tensor, Tensor, Tensor, boolean, float, float)
     */
    public static Tensor batchNormRelu(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                       boolean training, float momentum, float eps, Tensor residual) {
        if (residual != null && !Arrays.equals(residual.shape, x.shape)) {
            throw new IllegalArgumentException("batchNormRelu: the residual must have the input's shape "
                    + Arrays.toString(x.shape) + " but was " + Arrays.toString(residual.shape));
        }
        boolean tangents = Tensor.isForwardADEnabled() && (x.tangent != null || (weight != null && weight.tangent != null)
                || (bias != null && bias.tangent != null) || (residual != null && residual.tangent != null));
        if (tangents) {
            Tensor y = batchNorm(x, weight, bias, runningMean, runningVar, training, momentum, eps);
            return (residual == null ? y : y.add(residual)).relu();
        }
        return batchNorm(x, weight, bias, runningMean, runningVar, training, momentum, eps, true, residual);
    }

    private static Tensor batchNorm(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                    boolean training, float momentum, float eps, boolean relu, Tensor residual) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("batchNorm: input must be [N, C, ...] but was " + Arrays.toString(x.shape));
        }
        int n = x.shape[0], c = x.shape[1];
        int inner = x.size / Math.max(1, n * c);
        for (Tensor p : new Tensor[]{weight, bias, runningMean, runningVar}) {
            if (p != null && (p.rank() != 1 || p.shape[0] != c)) {
                throw new IllegalArgumentException("batchNorm: weight, bias and running statistics must be [" + c
                        + "] for input " + Arrays.toString(x.shape) + " but one is " + Arrays.toString(p.shape));
            }
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: evaluation mode needs the running mean and variance");
        }
        if (!(eps > 0)) throw new IllegalArgumentException("batchNorm: eps must be positive but was " + eps);
        int m = n * inner;
        if (training && m <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input "
                    + Arrays.toString(x.shape));
        }
        float[] xd = x.data;
        int xo = x.offset;
        float[] mean = new float[c], invStd = new float[c];
        int tasks = tasks(c, x.size);
        if (training) {
            // each channel's statistics in one task: the same sums in the same order whatever thread runs it
            Parallel.forEachTask(tasks, t -> {
                for (int ch = t * c / tasks, end = (t + 1) * c / tasks; ch < end; ch++) {
                    double s = sum(xd, xo + ch * inner, c * inner, n, inner);
                    double mu = s / m, v = sumSquaredDeviations(xd, xo + ch * inner, c * inner, n, inner, mu);
                    double var = v / m;
                    mean[ch] = (float) mu;
                    invStd[ch] = (float) (1.0 / Math.sqrt(var + eps));
                    if (runningMean != null) {
                        int rm = runningMean.offset, rv = runningVar.offset;
                        runningMean.data[rm + ch] = (1 - momentum) * runningMean.data[rm + ch] + momentum * (float) mu;
                        runningVar.data[rv + ch] = (1 - momentum) * runningVar.data[rv + ch]
                                + momentum * (float) (v / (m - 1));
                    }
                }
            });
            if (runningMean != null) {
                runningMean.bumpVersion();
                runningVar.bumpVersion();
            }
        } else {
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = runningMean.data[runningMean.offset + ch];
                invStd[ch] = (float) (1.0 / Math.sqrt((double) runningVar.data[runningVar.offset + ch] + eps));
            }
        }
        // y = x·scale + shift per channel (scale = γ/√(σ²+ε), shift = β − μ·scale): one pass, nothing kept;
        // the backward pass and the tangent recompute x̂ = (x − μ)/√(σ²+ε) from x (whose version the tape checks)
        float[] out = new float[x.size];
        float[] rd = residual == null ? null : residual.data;
        int ro = residual == null ? 0 : residual.offset;
        Parallel.forEachTask(tasks, t -> {
            for (int ch = t * c / tasks, end = (t + 1) * c / tasks; ch < end; ch++) {
                float g = weight == null ? 1f : weight.data[weight.offset + ch];
                float b = bias == null ? 0f : bias.data[bias.offset + ch];
                float scale = g * invStd[ch], shift = b - mean[ch] * scale;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * inner;
                    if (!relu) {
                        for (int j = 0; j < inner; j++) out[base + j] = xd[xo + base + j] * scale + shift;
                    } else if (rd == null) {
                        for (int j = 0; j < inner; j++) out[base + j] = Math.max(xd[xo + base + j] * scale + shift, 0f);
                    } else {
                        for (int j = 0; j < inner; j++) {
                            out[base + j] = Math.max(xd[xo + base + j] * scale + shift + rd[ro + base + j], 0f);
                        }
                    }
                }
            }
        });
        List<Tensor> in = new ArrayList<>(List.of(x));
        if (weight != null) in.add(weight);
        if (bias != null) in.add(bias);
        if (residual != null) in.add(residual);
        Tensor r = Tensor.result(relu ? "batchNormRelu" : "batchNorm", out, x.shape.clone(), (o, gOut) -> {
            float[] gw = weight != null && weight.requiresGrad ? weight.gradBuffer() : null;
            float[] gb = bias != null && bias.requiresGrad ? bias.gradBuffer() : null;
            float[] gx = x.requiresGrad ? x.gradBuffer() : null;
            float[] gr = residual != null && residual.requiresGrad ? residual.gradBuffer() : null;
            // after a ReLU: the gradient at the batch norm's output, 0 − (−g) = 0 + g where the output is positive and
            // +0 elsewhere (the composed ReLU's backward into a fresh buffer), also the residual's gradient
            float[] g = relu ? new float[x.size] : gOut;
            float[] y = o.data;
            // one task per block of channels: each channel's sums and gradient written by one task, in the same order
            Parallel.forEachTask(tasks, t -> {
                for (int ch = t * c / tasks, end = (t + 1) * c / tasks; ch < end; ch++) {
                    if (relu) {
                        for (int i = 0; i < n; i++) {
                            int base = (i * c + ch) * inner;
                            Vec.reluGradIntoZero(gOut, base, y, base, g, base, inner);
                            if (gr != null) Vec.add(gr, base, g, base, gr, base, inner);
                        }
                    }
                    float mu = mean[ch], isd = invStd[ch];
                    double[] sums = gradientSums(g, xd, xo, ch * inner, c * inner, n, inner, mu, isd);
                    double sg = sums[0], sgh = sums[1];
                    if (gw != null) gw[ch] += (float) sgh;
                    if (gb != null) gb[ch] += (float) sg;
                    if (gx == null) continue;
                    float gamma = weight == null ? 1f : weight.data[weight.offset + ch];
                    float is = invStd[ch];
                    if (training) {
                        // ĝ = g·γ: mean(ĝ) = γ·Σg/M, mean(ĝ·x̂) = γ·Σg·x̂/M
                        float mg = (float) (sg / m), mgh = (float) (sgh / m);
                        float k = gamma * is;
                        for (int i = 0; i < n; i++) {
                            int base = (i * c + ch) * inner;
                            for (int j = 0; j < inner; j++) {
                                gx[base + j] += k * (g[base + j] - mg - (xd[xo + base + j] - mu) * isd * mgh);
                            }
                        }
                    } else {
                        float k = gamma * is;
                        for (int i = 0; i < n; i++) {
                            int base = (i * c + ch) * inner;
                            for (int j = 0; j < inner; j++) gx[base + j] += k * g[base + j];
                        }
                    }
                }
            });
        }, in.toArray(new Tensor[0]));
        boolean tw = weight != null && weight.tangent != null, tb = bias != null && bias.tangent != null;
        if ((x.tangent != null || tw || tb) && Tensor.isForwardADEnabled()) {
            float[] t = new float[x.size];
            for (int ch = 0; ch < c; ch++) {
                float gamma = weight == null ? 1f : weight.data[weight.offset + ch];
                float dg = tw ? weight.tangent[ch] : 0f, db = tb ? bias.tangent[ch] : 0f;
                float mt = 0, mth = 0;
                if (training && x.tangent != null) {
                    double st = 0, sth = 0;
                    for (int i = 0; i < n; i++) {
                        int base = (i * c + ch) * inner;
                        for (int j = 0; j < inner; j++) {
                            st += x.tangent[base + j];
                            sth += (double) x.tangent[base + j] * ((xd[xo + base + j] - mean[ch]) * invStd[ch]);
                        }
                    }
                    mt = (float) (st / m);
                    mth = (float) (sth / m);
                }
                float is = invStd[ch];
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * inner;
                    for (int j = 0; j < inner; j++) {
                        float h = (xd[xo + base + j] - mean[ch]) * is;
                        float dh = 0;
                        if (x.tangent != null) {
                            float tx = x.tangent[base + j];
                            dh = training ? (tx - mt - h * mth) * is : tx * is;
                        }
                        t[base + j] = gamma * dh + dg * h + db;
                    }
                }
            }
            r.tangent = t;
        }
        return r;
    }
}
