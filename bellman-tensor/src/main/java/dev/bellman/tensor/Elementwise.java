package dev.bellman.tensor;

import dev.bellman.tensor.kernels.FastMath;
import dev.bellman.tensor.kernels.Vec;

import java.util.Arrays;

/**
 * Elementwise ops: binary ops with NumPy broadcasting, unary ops, comparisons and {@code where}.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>Broadcasting follows NumPy: shapes are aligned on the right, a dimension of 1 stretches.
 *       The forward pass has fast paths without per-element index arithmetic for equal shapes, a
 *       one-element operand, and a trailing-suffix operand (the row bias {@code [n,m] + [m]});
 *       any other combination first materialises both operands at the output shape.</li>
 *   <li>Backward computes {@code gradOut ⊙ ∂out/∂input} at the output shape and sums it over
 *       the broadcast dimensions ({@link #reduceInto}); add and sub skip the product.</li>
 *   <li>The tangent (forward-mode) rule of every op is {@code Σ ∂out/∂input ⊙ tangent(input)},
 *       using the same local partials as backward ({@link #partial}).</li>
 *   <li>At ties, {@code minimum}/{@code maximum} split the gradient evenly between the inputs,
 *       as PyTorch does.</li>
 * </ol>
 */
final class Elementwise {
    private Elementwise() {}

    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MIN = 5, MAX = 6, ATAN2 = 7;
    private static final String[] BINARY_NAMES = {"add", "sub", "mul", "div", "pow", "minimum", "maximum", "atan2"};

    // ================================================================== broadcasting helpers

    /** True when {@code small}, stripped of leading 1s, equals the trailing dimensions of {@code big}. */
    static boolean isSuffix(int[] small, int[] big) {
        int s = 0;
        while (s < small.length && small[s] == 1) s++;
        int len = small.length - s;
        if (len > big.length) return false;
        for (int i = 0; i < len; i++) {
            if (small[s + i] != big[big.length - len + i]) return false;
        }
        return true;
    }

    /** For each flat index of {@code outShape}, the flat index into {@code shape} it broadcasts from. */
    static int[] broadcastMap(int[] shape, int[] outShape) {
        int r = outShape.length, off = r - shape.length;
        int[] st = new int[r];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i + off] = shape[i] == 1 ? 0 : s;
            s *= shape[i];
        }
        int n = Shapes.size(outShape);
        int[] map = new int[n];
        int[] idx = new int[r];
        int cur = 0;
        for (int f = 0; f < n; f++) {
            map[f] = cur;
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                cur += st[d];
                if (idx[d] < outShape[d]) break;
                cur -= st[d] * outShape[d];
                idx[d] = 0;
            }
        }
        return map;
    }

    /** A new contiguous array holding {@code src} (laid out as {@code shape}) broadcast to {@code outShape}. */
    static float[] expand(float[] src, int so, int[] shape, int[] outShape) {
        int n = Shapes.size(outShape), ns = Shapes.size(shape);
        float[] out = new float[n];
        if (n == 0) return out;
        if (ns == n) {
            System.arraycopy(src, so, out, 0, n);
        } else if (ns == 1) {
            Arrays.fill(out, src[so]);
        } else if (isSuffix(shape, outShape)) {
            for (int r = 0; r < n; r += ns) System.arraycopy(src, so, out, r, ns);
        } else {
            int[] map = broadcastMap(shape, outShape);
            for (int i = 0; i < n; i++) out[i] = src[so + map[i]];
        }
        return out;
    }

    /** The tensor's values at the output shape, without copying when the layout already matches. */
    static float[] expanded(Tensor t, int[] outShape) {
        if (t.offset == 0 && t.data.length == t.size && t.size == Shapes.size(outShape)) return t.data;
        return expand(t.data, t.offset, t.shape, outShape);
    }

    /** Tangent of {@code t} at the output shape, or null when it has none. */
    static float[] expandedTangent(Tensor t, int[] outShape) {
        if (t.tangent == null) return null;
        if (t.size == Shapes.size(outShape)) return t.tangent;
        return expand(t.tangent, 0, t.shape, outShape);
    }

    /**
     * Adds {@code sign · d} (laid out as {@code outShape}) into {@code grad} (laid out as
     * {@code target}), summing over the dimensions that {@code target} broadcasts along.
     */
    static void reduceInto(float[] d, int[] outShape, int[] target, float[] grad, float sign) {
        int n = Shapes.size(outShape), nt = grad.length;
        if (nt == n) {
            if (sign == 1f) {
                for (int i = 0; i < n; i++) grad[i] += d[i];
            } else {
                for (int i = 0; i < n; i++) grad[i] += sign * d[i];
            }
        } else if (nt == 1) {
            double s = 0;
            for (int i = 0; i < n; i++) s += d[i];
            grad[0] += (float) (sign * s);
        } else if (isSuffix(target, outShape)) {
            for (int r = 0; r < n; r += nt) {
                for (int j = 0; j < nt; j++) grad[j] += sign * d[r + j];
            }
        } else {
            int[] map = broadcastMap(target, outShape);
            for (int i = 0; i < n; i++) grad[map[i]] += sign * d[i];
        }
    }

    static boolean hasTangent(Tensor a) {
        return a.tangent != null && Tensor.isForwardADEnabled();
    }

    static boolean hasTangent(Tensor a, Tensor b) {
        return (a.tangent != null || b.tangent != null) && Tensor.isForwardADEnabled();
    }

    // ================================================================== binary

    /** {@code a op b} with broadcasting, a new array of {@code outShape}'s size. */
    static float[] raw(int op, float[] a, int ao, int[] as, float[] b, int bo, int[] bs, int[] os) {
        int n = Shapes.size(os);
        float[] out = new float[n];
        if (n == 0) return out;
        int na = Shapes.size(as), nb = Shapes.size(bs);
        if (na == n && nb == n) {
            same(op, a, ao, b, bo, out, 0, n);
        } else if (nb == 1 && na == n) {
            scalarB(op, a, ao, b[bo], out, n);
        } else if (na == 1 && nb == n) {
            scalarA(op, a[ao], b, bo, out, n);
        } else if (na == n && isSuffix(bs, os)) {
            for (int r = 0; r < n; r += nb) same(op, a, ao + r, b, bo, out, r, nb);
        } else if (nb == n && isSuffix(as, os)) {
            for (int r = 0; r < n; r += na) same(op, a, ao, b, bo + r, out, r, na);
        } else {
            float[] ea = expand(a, ao, as, os), eb = expand(b, bo, bs, os);
            same(op, ea, 0, eb, 0, out, 0, n);
        }
        return out;
    }

    private static void same(int op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; }
            default -> { for (int i = 0; i < n; i++) out[oo + i] = apply(op, a[ao + i], b[bo + i]); }
        }
    }

    private static void scalarB(int op, float[] a, int ao, float b, float[] out, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = a[ao + i] + b; }
            case SUB -> { for (int i = 0; i < n; i++) out[i] = a[ao + i] - b; }
            case MUL -> { for (int i = 0; i < n; i++) out[i] = a[ao + i] * b; }
            case DIV -> { for (int i = 0; i < n; i++) out[i] = a[ao + i] / b; }
            default -> { for (int i = 0; i < n; i++) out[i] = apply(op, a[ao + i], b); }
        }
    }

    private static void scalarA(int op, float a, float[] b, int bo, float[] out, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = a + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[i] = a - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[i] = a * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[i] = a / b[bo + i]; }
            default -> { for (int i = 0; i < n; i++) out[i] = apply(op, a, b[bo + i]); }
        }
    }

    private static float apply(int op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> (float) Math.pow(x, y);
            case MIN -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.min(x, y);
            case MAX -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.max(x, y);
            case ATAN2 -> (float) Math.atan2(x, y);
            default -> throw new IllegalStateException("unknown binary op " + op);
        };
    }

    /** ∂out/∂a (wrtA) or ∂out/∂b at one element with inputs x, y and output z. */
    private static float partial(int op, boolean wrtA, float x, float y, float z) {
        switch (op) {
            case ADD: return 1f;
            case SUB: return wrtA ? 1f : -1f;
            case MUL: return wrtA ? y : x;
            case DIV: return wrtA ? 1f / y : -z / y;
            case POW:
                if (wrtA) return y == 0f ? 0f : (float) (y * Math.pow(x, y - 1.0));
                return x == 0f && y >= 0f ? 0f : (float) (z * Math.log(x));
            case MIN:
                if (x == y) return 0.5f;
                return (wrtA ? x < y : y < x) ? 1f : 0f;
            case MAX:
                if (x == y) return 0.5f;
                return (wrtA ? x > y : y > x) ? 1f : 0f;
            case ATAN2: { // z = atan2(x, y): ∂z/∂x = y / (x² + y²), ∂z/∂y = −x / (x² + y²); 0 at the origin
                double r2 = (double) x * x + (double) y * y;
                if (r2 == 0) return 0f;
                return (float) ((wrtA ? y : -x) / r2);
            }
            default: throw new IllegalStateException("unknown binary op " + op);
        }
    }

    static Tensor binary(int op, Tensor a, Tensor b) {
        String name = BINARY_NAMES[op];
        int[] os = Shapes.broadcast(a.shape, b.shape, name);
        float[] out = raw(op, a.data, a.offset, a.shape, b.data, b.offset, b.shape, os);
        Tensor r = Tensor.result(name, out, os, (o, g) -> binaryBackward(op, a, b, o, g), a, b);
        if (hasTangent(a, b)) r.tangent = binaryTangent(op, a, b, r);
        return r;
    }

    private static void binaryBackward(int op, Tensor a, Tensor b, Tensor o, float[] g) {
        int[] os = o.shape;
        switch (op) {
            case ADD, SUB -> {
                if (a.requiresGrad) reduceInto(g, os, a.shape, a.gradBuffer(), 1f);
                if (b.requiresGrad) reduceInto(g, os, b.shape, b.gradBuffer(), op == ADD ? 1f : -1f);
            }
            case MUL -> {
                if (a.requiresGrad) reduceInto(raw(MUL, g, 0, os, b.data, b.offset, b.shape, os), os, a.shape, a.gradBuffer(), 1f);
                if (b.requiresGrad) reduceInto(raw(MUL, g, 0, os, a.data, a.offset, a.shape, os), os, b.shape, b.gradBuffer(), 1f);
            }
            case DIV -> {
                if (a.requiresGrad) reduceInto(raw(DIV, g, 0, os, b.data, b.offset, b.shape, os), os, a.shape, a.gradBuffer(), 1f);
                if (b.requiresGrad) { // d(a/b)/db = -out / b
                    float[] t = raw(MUL, g, 0, os, o.data, 0, os, os);
                    reduceInto(raw(DIV, t, 0, os, b.data, b.offset, b.shape, os), os, b.shape, b.gradBuffer(), -1f);
                }
            }
            default -> {
                float[] xa = expanded(a, os), xb = expanded(b, os), z = o.data;
                int n = z.length;
                if (a.requiresGrad) {
                    float[] d = new float[n];
                    for (int i = 0; i < n; i++) d[i] = g[i] * partial(op, true, xa[i], xb[i], z[i]);
                    reduceInto(d, os, a.shape, a.gradBuffer(), 1f);
                }
                if (b.requiresGrad) {
                    float[] d = new float[n];
                    for (int i = 0; i < n; i++) d[i] = g[i] * partial(op, false, xa[i], xb[i], z[i]);
                    reduceInto(d, os, b.shape, b.gradBuffer(), 1f);
                }
            }
        }
    }

    private static float[] binaryTangent(int op, Tensor a, Tensor b, Tensor r) {
        int[] os = r.shape;
        float[] xa = expanded(a, os), xb = expanded(b, os), z = r.data;
        float[] ta = expandedTangent(a, os), tb = expandedTangent(b, os);
        int n = z.length;
        float[] t = new float[n];
        if (ta != null) for (int i = 0; i < n; i++) t[i] += ta[i] * partial(op, true, xa[i], xb[i], z[i]);
        if (tb != null) for (int i = 0; i < n; i++) t[i] += tb[i] * partial(op, false, xa[i], xb[i], z[i]);
        return t;
    }

    // ================================================================== unary

    static final int NEG = 0, EXP = 1, LOG = 2, SQRT = 3, ABS = 4, SQUARE = 5, CLAMP = 6, RELU = 7, LEAKY_RELU = 8,
            ELU = 9, SIGMOID = 10, SOFTPLUS = 11, ADD_C = 12, MUL_C = 13, DIV_C = 14, RSUB_C = 15, POW_C = 16,
            SIN = 17, COS = 18;

    /** Sizes from which the ReLU gradient takes the SIMD passes instead of the branching loop. */
    private static final int RELU_SIMD_MIN = 64;

    /** PyTorch's softplus threshold: above it softplus(x) = x in float32. */
    private static final float SOFTPLUS_THRESHOLD = 20f;

    static Tensor unary(String name, int code, float p, float q, Tensor x) {
        int n = x.size;
        float[] xd = x.data;
        int xo = x.offset;
        float[] out = new float[n];
        switch (code) {
            case NEG -> { for (int i = 0; i < n; i++) out[i] = -xd[xo + i]; }
            case EXP -> FastMath.exp(xd, xo, out, 0, n);
            case LOG -> { for (int i = 0; i < n; i++) out[i] = (float) Math.log(xd[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) out[i] = (float) Math.sqrt(xd[xo + i]); }
            case ABS -> { for (int i = 0; i < n; i++) out[i] = Math.abs(xd[xo + i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) { float v = xd[xo + i]; out[i] = v * v; } }
            case CLAMP -> { for (int i = 0; i < n; i++) out[i] = Math.min(Math.max(xd[xo + i], p), q); }
            case RELU -> Vec.relu(xd, xo, out, 0, n); // Math.max(x, 0f) per element, the same bits
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) { float v = xd[xo + i]; out[i] = v > 0f ? v : p * v; } }
            case ELU -> { for (int i = 0; i < n; i++) { float v = xd[xo + i]; out[i] = v > 0f ? v : (float) (p * Math.expm1(v)); } }
            case SIGMOID -> FastMath.sigmoid(xd, xo, out, 0, n);
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) {
                    float v = xd[xo + i];
                    out[i] = v > SOFTPLUS_THRESHOLD ? v : (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
                }
            }
            case ADD_C -> { for (int i = 0; i < n; i++) out[i] = xd[xo + i] + p; }
            case MUL_C -> { for (int i = 0; i < n; i++) out[i] = xd[xo + i] * p; }
            case DIV_C -> { for (int i = 0; i < n; i++) out[i] = xd[xo + i] / p; }
            case RSUB_C -> { for (int i = 0; i < n; i++) out[i] = p - xd[xo + i]; }
            case POW_C -> {
                if (p == 2f) {
                    for (int i = 0; i < n; i++) { float v = xd[xo + i]; out[i] = v * v; }
                } else {
                    for (int i = 0; i < n; i++) out[i] = (float) Math.pow(xd[xo + i], p);
                }
            }
            case SIN -> { for (int i = 0; i < n; i++) out[i] = (float) Math.sin(xd[xo + i]); }
            case COS -> { for (int i = 0; i < n; i++) out[i] = (float) Math.cos(xd[xo + i]); }
            default -> throw new IllegalStateException("unknown unary op " + code);
        }
        Tensor r = Tensor.result(name, out, x.shape, (o, g) -> unaryGrad(code, p, q, x.data, x.offset, o.data, g, x.gradBuffer(), n), x);
        if (hasTangent(x)) {
            float[] t = new float[n];
            unaryGrad(code, p, q, x.data, x.offset, out, x.tangent, t, n);
            r.tangent = t;
        }
        return r;
    }

    /** {@code dst += g ⊙ f'(x)}, where y = f(x) is the op's output. */
    private static void unaryGrad(int code, float p, float q, float[] x, int xo, float[] y, float[] g, float[] dst, int n) {
        switch (code) {
            case NEG, RSUB_C -> { for (int i = 0; i < n; i++) dst[i] -= g[i]; }
            case EXP -> { for (int i = 0; i < n; i++) dst[i] += g[i] * y[i]; }
            case LOG -> { for (int i = 0; i < n; i++) dst[i] += g[i] / x[xo + i]; }
            case SQRT -> { for (int i = 0; i < n; i++) dst[i] += g[i] * 0.5f / y[i]; }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    dst[i] += v > 0f ? g[i] : v < 0f ? -g[i] : 0f;
                }
            }
            case SQUARE -> { for (int i = 0; i < n; i++) dst[i] += 2f * x[xo + i] * g[i]; }
            case CLAMP -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    if (v >= p && v <= q) dst[i] += g[i];
                }
            }
            case RELU -> {
                if (n < RELU_SIMD_MIN) {
                    for (int i = 0; i < n; i++) if (x[xo + i] > 0f) dst[i] += g[i];
                } else {
                    Vec.addReluGrad(g, 0, x, xo, dst, 0, n); // the same bits as the branch above, in one SIMD pass
                }
            }
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) dst[i] += x[xo + i] > 0f ? g[i] : p * g[i]; }
            case ELU -> { for (int i = 0; i < n; i++) dst[i] += x[xo + i] > 0f ? g[i] : g[i] * (y[i] + p); }
            case SIGMOID -> { for (int i = 0; i < n; i++) dst[i] += g[i] * y[i] * (1f - y[i]); }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    dst[i] += v > SOFTPLUS_THRESHOLD ? g[i] : (float) (g[i] / (1.0 + Math.exp(-v)));
                }
            }
            case ADD_C -> { for (int i = 0; i < n; i++) dst[i] += g[i]; }
            case SIN -> { for (int i = 0; i < n; i++) dst[i] += g[i] * (float) Math.cos(x[xo + i]); }
            case COS -> { for (int i = 0; i < n; i++) dst[i] -= g[i] * (float) Math.sin(x[xo + i]); }
            case MUL_C -> { for (int i = 0; i < n; i++) dst[i] += g[i] * p; }
            case DIV_C -> { for (int i = 0; i < n; i++) dst[i] += g[i] / p; }
            case POW_C -> {
                if (p == 0f) return;
                if (p == 2f) {
                    for (int i = 0; i < n; i++) dst[i] += 2f * x[xo + i] * g[i];
                } else {
                    for (int i = 0; i < n; i++) dst[i] += (float) (g[i] * p * Math.pow(x[xo + i], p - 1.0));
                }
            }
            default -> throw new IllegalStateException("unknown unary op " + code);
        }
    }

    // ================================================================== ops without a derivative

    static final int GT = 0, LT = 1, GE = 2, LE = 3, EQ = 4;
    private static final String[] CMP_NAMES = {"gt", "lt", "ge", "le", "eq"};

    /** Records {@code out} as the result of an op with no derivative: backward and tangents throw. */
    static Tensor noDerivative(String name, float[] out, int[] shape, Tensor... inputs) {
        for (Tensor in : inputs) {
            if (in.tangent != null && Tensor.isForwardADEnabled()) throw Tensor.noDerivative(name);
        }
        return Tensor.result(name, out, shape, (o, g) -> { throw Tensor.noDerivative(name); }, inputs);
    }

    static Tensor compare(int cmp, Tensor a, Tensor b) {
        String name = CMP_NAMES[cmp];
        int[] os = Shapes.broadcast(a.shape, b.shape, name);
        float[] xa = expanded(a, os), xb = expanded(b, os);
        int n = Shapes.size(os);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = compare(cmp, xa[i], xb[i]) ? 1f : 0f;
        return noDerivative(name, out, os, a, b);
    }

    static Tensor compare(int cmp, Tensor a, float c) {
        String name = CMP_NAMES[cmp];
        int n = a.size;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = compare(cmp, a.data[a.offset + i], c) ? 1f : 0f;
        return noDerivative(name, out, a.shape, a);
    }

    private static boolean compare(int cmp, float x, float y) {
        return switch (cmp) {
            case GT -> x > y;
            case LT -> x < y;
            case GE -> x >= y;
            case LE -> x <= y;
            case EQ -> x == y;
            default -> throw new IllegalStateException("unknown comparison " + cmp);
        };
    }

    static Tensor sign(Tensor x) {
        float[] out = new float[x.size];
        for (int i = 0; i < out.length; i++) out[i] = Math.signum(x.data[x.offset + i]);
        return noDerivative("sign", out, x.shape, x);
    }

    static Tensor floor(Tensor x) {
        float[] out = new float[x.size];
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.floor(x.data[x.offset + i]);
        return noDerivative("floor", out, x.shape, x);
    }

    // ================================================================== where

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] os = Shapes.broadcast(Shapes.broadcast(cond.shape, a.shape, "where"), b.shape, "where");
        float[] c = expanded(cond, os), xa = expanded(a, os), xb = expanded(b, os);
        int n = Shapes.size(os);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = c[i] != 0f ? xa[i] : xb[i];
        Tensor r = Tensor.result("where", out, os, (o, g) -> {
            if (a.requiresGrad) {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) if (c[i] != 0f) d[i] = g[i];
                reduceInto(d, os, a.shape, a.gradBuffer(), 1f);
            }
            if (b.requiresGrad) {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) if (c[i] == 0f) d[i] = g[i];
                reduceInto(d, os, b.shape, b.gradBuffer(), 1f);
            }
        }, a, b);
        if (hasTangent(a, b)) {
            float[] ta = expandedTangent(a, os), tb = expandedTangent(b, os);
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                float[] src = c[i] != 0f ? ta : tb;
                t[i] = src == null ? 0f : src[i];
            }
            r.tangent = t;
        }
        return r;
    }
}
