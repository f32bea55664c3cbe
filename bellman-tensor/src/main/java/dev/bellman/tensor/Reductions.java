package dev.bellman.tensor;

/**
 * Reductions along one axis and the softmax family.
 *
 * <p>A tensor is viewed as {@code [outer, n, inner]} around the reduced axis of length n;
 * element {@code (o, k, i)} sits at flat index {@code (o·n + k)·inner + i}.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>{@code max} sends its gradient to the first arg max only (as PyTorch's
 *       {@code max(dim)}), so ties do not split it.</li>
 *   <li>{@code logSumExp} subtracts the maximum before exponentiating and sums in double, so it is
 *       exact for large inputs; an all −∞ slice gives −∞ (a fully masked row), not NaN.</li>
 *   <li>softmax backward: {@code gx = y ⊙ (g − Σ g·y)}; logSoftmax backward:
 *       {@code gx = g − softmax ⊙ Σ g}. The tangent rules are the same linear maps applied to the
 *       input tangent: {@code ty = y ⊙ (tx − Σ y·tx)} and {@code ty = tx − Σ softmax·tx}.</li>
 * </ol>
 */
final class Reductions {
    private Reductions() {}

    static int outer(int[] s, int ax) {
        int o = 1;
        for (int i = 0; i < ax; i++) o *= s[i];
        return o;
    }

    static int inner(int[] s, int ax) {
        int o = 1;
        for (int i = ax + 1; i < s.length; i++) o *= s[i];
        return o;
    }

    static int[] reducedShape(int[] s, int ax, boolean keepDim) {
        if (keepDim) {
            int[] r = s.clone();
            r[ax] = 1;
            return r;
        }
        int[] r = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != ax) r[j++] = s[i];
        return r;
    }

    /** out[o, i] = scale · Σ_k x[o, k, i]. */
    private static void sumAxis(float[] x, int xo, int outer, int n, int inner, float scale, float[] out) {
        if (inner == 1) {
            for (int o = 0; o < outer; o++) {
                double s = 0;
                int base = xo + o * n;
                for (int k = 0; k < n; k++) s += x[base + k];
                out[o] = (float) (s * scale);
            }
            return;
        }
        for (int o = 0; o < outer; o++) {
            int ob = o * inner;
            for (int k = 0; k < n; k++) {
                int base = xo + (o * n + k) * inner;
                for (int i = 0; i < inner; i++) out[ob + i] += x[base + i];
            }
            if (scale != 1f) for (int i = 0; i < inner; i++) out[ob + i] *= scale;
        }
    }

    /** gx[o, k, i] += scale · g[o, i]. */
    private static void broadcastBack(float[] g, int outer, int n, int inner, float scale, float[] gx) {
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < n; k++) {
                int base = (o * n + k) * inner;
                for (int i = 0; i < inner; i++) gx[base + i] += scale * g[o * inner + i];
            }
        }
    }

    static Tensor sum(Tensor x, int axis, boolean keepDim, boolean mean) {
        String name = mean ? "mean" : "sum";
        int ax = Shapes.axis(axis, x.rank(), name);
        int n = x.shape[ax], outer = outer(x.shape, ax), inner = inner(x.shape, ax);
        float scale = mean ? 1f / n : 1f;
        float[] out = new float[outer * inner];
        sumAxis(x.data, x.offset, outer, n, inner, scale, out);
        Tensor r = Tensor.result(name, out, reducedShape(x.shape, ax, keepDim),
                (o, g) -> broadcastBack(g, outer, n, inner, scale, x.gradBuffer()), x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[outer * inner];
            sumAxis(x.tangent, 0, outer, n, inner, scale, t);
            r.tangent = t;
        }
        return r;
    }

    static Tensor meanAll(Tensor x) {
        int n = x.size;
        double s = 0;
        for (int i = 0; i < n; i++) s += x.data[x.offset + i];
        float scale = 1f / n;
        Tensor r = Tensor.result("mean", new float[]{(float) (s / n)}, new int[0], (o, g) -> {
            float[] gx = x.gradBuffer();
            float gv = g[0] * scale;
            for (int i = 0; i < n; i++) gx[i] += gv;
        }, x);
        if (Elementwise.hasTangent(x)) {
            double t = 0;
            for (float v : x.tangent) t += v;
            r.tangent = new float[]{(float) (t / n)};
        }
        return r;
    }

    /** Index k of the first maximum of each (o, i) slice; NaN counts as the maximum. */
    private static int[] argmaxRaw(float[] x, int xo, int outer, int n, int inner) {
        int[] arg = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = xo + o * n * inner + i;
                float best = x[base];
                int bk = 0;
                for (int k = 1; k < n && !Float.isNaN(best); k++) {
                    float v = x[base + k * inner];
                    if (v > best || Float.isNaN(v)) {
                        best = v;
                        bk = k;
                    }
                }
                arg[o * inner + i] = bk;
            }
        }
        return arg;
    }

    static int[] argmax(Tensor x, int axis) {
        int ax = Shapes.axis(axis, x.rank(), "argmax");
        int n = x.shape[ax];
        if (n == 0) throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + java.util.Arrays.toString(x.shape) + " is empty");
        return argmaxRaw(x.data, x.offset, outer(x.shape, ax), n, inner(x.shape, ax));
    }

    static Tensor max(Tensor x, int axis, boolean keepDim) {
        int ax = Shapes.axis(axis, x.rank(), "max");
        int n = x.shape[ax], outer = outer(x.shape, ax), inner = inner(x.shape, ax);
        if (n == 0) throw new IllegalArgumentException("max: axis " + axis + " of shape " + java.util.Arrays.toString(x.shape) + " is empty");
        int[] arg = argmaxRaw(x.data, x.offset, outer, n, inner);
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                out[o * inner + i] = x.data[x.offset + (o * n + arg[o * inner + i]) * inner + i];
            }
        }
        Tensor r = Tensor.result("max", out, reducedShape(x.shape, ax, keepDim), (o, g) -> {
            float[] gx = x.gradBuffer();
            for (int oo = 0; oo < outer; oo++) {
                for (int i = 0; i < inner; i++) gx[(oo * n + arg[oo * inner + i]) * inner + i] += g[oo * inner + i];
            }
        }, x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[outer * inner];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) t[o * inner + i] = x.tangent[(o * n + arg[o * inner + i]) * inner + i];
            }
            r.tangent = t;
        }
        return r;
    }

    static Tensor maxAll(Tensor x) {
        if (x.size == 0) throw new IllegalArgumentException("maxAll: tensor of shape " + java.util.Arrays.toString(x.shape) + " is empty");
        int k = argmaxRaw(x.data, x.offset, 1, x.size, 1)[0];
        Tensor r = Tensor.result("maxAll", new float[]{x.data[x.offset + k]}, new int[0],
                (o, g) -> x.gradBuffer()[k] += g[0], x);
        if (Elementwise.hasTangent(x)) r.tangent = new float[]{x.tangent[k]};
        return r;
    }

    /** lse[o, i] = log Σ_k exp(x[o, k, i]), computed stably. */
    private static float[] logSumExpRaw(float[] x, int xo, int outer, int n, int inner) {
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = xo + o * n * inner + i;
                float m = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) m = Math.max(m, x[base + k * inner]);
                if (m == Float.NEGATIVE_INFINITY || m == Float.POSITIVE_INFINITY) {
                    out[o * inner + i] = m;
                    continue;
                }
                double s = 0;
                for (int k = 0; k < n; k++) s += Math.exp(x[base + k * inner] - m);
                out[o * inner + i] = (float) (m + Math.log(s));
            }
        }
        return out;
    }

    static Tensor logSumExp(Tensor x, int axis, boolean keepDim) {
        int ax = Shapes.axis(axis, x.rank(), "logSumExp");
        int n = x.shape[ax], outer = outer(x.shape, ax), inner = inner(x.shape, ax);
        float[] out = logSumExpRaw(x.data, x.offset, outer, n, inner);
        Tensor r = Tensor.result("logSumExp", out, reducedShape(x.shape, ax, keepDim), (o, g) -> {
            float[] gx = x.gradBuffer();
            for (int oo = 0; oo < outer; oo++) {
                for (int k = 0; k < n; k++) {
                    int base = (oo * n + k) * inner;
                    for (int i = 0; i < inner; i++) {
                        float gi = g[oo * inner + i];
                        if (gi != 0f) gx[base + i] += gi * (float) Math.exp(x.data[x.offset + base + i] - out[oo * inner + i]);
                    }
                }
            }
        }, x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[outer * inner];
            for (int oo = 0; oo < outer; oo++) {
                for (int k = 0; k < n; k++) {
                    int base = (oo * n + k) * inner;
                    for (int i = 0; i < inner; i++) {
                        t[oo * inner + i] += x.tangent[base + i] * (float) Math.exp(x.data[x.offset + base + i] - out[oo * inner + i]);
                    }
                }
            }
            r.tangent = t;
        }
        return r;
    }

    static Tensor softmax(Tensor x, int axis, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        int ax = Shapes.axis(axis, x.rank(), name);
        int n = x.shape[ax], outer = outer(x.shape, ax), inner = inner(x.shape, ax);
        float[] y = new float[x.size];
        float[] xd = x.data;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i, xb = x.offset + base;
                float m = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) m = Math.max(m, xd[xb + k * inner]);
                double s = 0;
                if (Float.isInfinite(m)) { // all −∞ (or a +∞): NaN results, as PyTorch
                    s = Double.NaN;
                } else {
                    for (int k = 0; k < n; k++) s += Math.exp(xd[xb + k * inner] - m);
                }
                double ls = Math.log(s);
                for (int k = 0; k < n; k++) {
                    double z = (double) xd[xb + k * inner] - m;
                    y[base + k * inner] = (float) (log ? z - ls : Math.exp(z) / s);
                }
            }
        }
        Tensor r = Tensor.result(name, y, x.shape, (o, g) -> {
            float[] gx = x.gradBuffer();
            softmaxLinear(log, true, y, g, gx, outer, n, inner);
        }, x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[x.size];
            softmaxLinear(log, false, y, x.tangent, t, outer, n, inner);
            r.tangent = t;
        }
        return r;
    }

    /**
     * dst += J·v ({@code transposed} false, tangents) or Jᵀ·v (backward), J the Jacobian along the
     * axis. softmax: J = diag(y) − y·yᵀ is symmetric, J·v = y ⊙ (v − Σ y·v). logSoftmax with
     * p = exp(y): J = I − 1·pᵀ, so J·v = v − Σ p·v and Jᵀ·v = v − p·Σ v.
     */
    private static void softmaxLinear(boolean log, boolean transposed, float[] y, float[] v, float[] dst,
                                      int outer, int n, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double s = 0;
                if (log && transposed) {
                    for (int k = 0; k < n; k++) s += v[base + k * inner];
                } else if (log) {
                    for (int k = 0; k < n; k++) s += v[base + k * inner] * Math.exp(y[base + k * inner]);
                } else {
                    for (int k = 0; k < n; k++) s += (double) v[base + k * inner] * y[base + k * inner];
                }
                float sf = (float) s;
                for (int k = 0; k < n; k++) {
                    int j = base + k * inner;
                    if (log && transposed) {
                        dst[j] += v[j] - (float) Math.exp(y[j]) * sf;
                    } else if (log) {
                        dst[j] += v[j] - sf;
                    } else {
                        dst[j] += y[j] * (v[j] - sf);
                    }
                }
            }
        }
    }
}
