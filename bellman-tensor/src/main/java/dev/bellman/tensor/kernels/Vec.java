package dev.bellman.tensor.kernels;

/**
 * Elementwise and reduction primitives on float arrays with offsets, SIMD through the Vector API
 * when {@link Kernels#simdEnabled()}, otherwise plain loops.
 *
 * <p>Elementwise operations give the same result on either path (each element is one IEEE float
 * operation; {@link #axpy} is {@code y + alpha·x} with two roundings, never fused). Reductions
 * ({@link #sum}, {@link #dot}) use a fixed summation order that depends only on n and the path:
 * with SIMD (n ≥ 64), 4 accumulators of 16 lanes take the elements round-robin (accumulator a, lane c
 * sums x[64t + 16a + c] in increasing t), are added as (a0 + a2) + (a1 + a3), their 16 lanes by a
 * fixed pairwise tree (lane c + 8 onto lane c, then c + 4, c + 2, c + 1), and the tail is added last
 * in index order. Hardware with narrower vectors forms exactly these sums with 2 or 4 vectors per
 * 16 lanes, so the result is the same on every machine (and run to run, thread to thread); it may
 * differ in the last bits from the scalar path. {@link #max} follows {@link Math#max} (NaN wins,
 * +0 &gt; −0) and is order-independent.
 *
 * <p>Destination ranges may coincide with a source range (in-place use), but must not partially
 * overlap one.
 */
public final class Vec {
    private Vec() {}

    /** dst = a + b. */
    public static void add(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        check(a, ao, n);
        check(b, bo, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.add(a, ao, b, bo, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = a[ao + i] + b[bo + i];
    }

    /** dst = a − b. */
    public static void sub(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        check(a, ao, n);
        check(b, bo, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.sub(a, ao, b, bo, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = a[ao + i] - b[bo + i];
    }

    /** dst = a ∘ b (elementwise product). */
    public static void mul(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        check(a, ao, n);
        check(b, bo, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.mul(a, ao, b, bo, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = a[ao + i] * b[bo + i];
    }

    /** y += alpha · x (BLAS saxpy; product and sum rounded separately). */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        check(x, xo, n);
        check(y, yo, n);
        int i = Kernels.simdEnabled() ? VecSimd.axpy(alpha, x, xo, y, yo, n) : 0;
        for (; i < n; i++) y[yo + i] = y[yo + i] + alpha * x[xo + i];
    }

    /**
     * c[co + i·n + j] = max(c[co + i·n + j] + v[vo + j], 0) for i &lt; rows, j &lt; n, in place: a bias added to every row
     * and a ReLU ({@link Math#max} semantics) in one pass, the bits of {@link Gemm#addRowVector} then {@link #relu}.
     */
    public static void addRowRelu(float[] c, int co, int rows, int n, float[] v, int vo) {
        check(c, co, rows * n);
        check(v, vo, n);
        for (int i = 0; i < rows; i++) {
            int ci = co + i * n;
            int j = Kernels.simdEnabled() ? VecSimd.addVectorRelu(c, ci, v, vo, n) : 0;
            for (; j < n; j++) c[ci + j] = Math.max(c[ci + j] + v[vo + j], 0f);
        }
    }

    /** dst = alpha · src. */
    public static void scale(float alpha, float[] src, int so, float[] dst, int dO, int n) {
        check(src, so, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.scale(alpha, src, so, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = alpha * src[so + i];
    }

    /** dst = src + c. */
    public static void addScalar(float c, float[] src, int so, float[] dst, int dO, int n) {
        check(src, so, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.addScalar(c, src, so, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = src[so + i] + c;
    }

    /** dst = max(src, 0) with {@link Math#max} semantics (NaN stays NaN, −0 becomes +0). */
    public static void relu(float[] src, int so, float[] dst, int dO, int n) {
        check(src, so, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.relu(src, so, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = Math.max(src[so + i], 0f);
    }

    /** dst = max(src + c, 0) with {@link Math#max} semantics: a bias and a ReLU in one pass. */
    public static void addScalarRelu(float c, float[] src, int so, float[] dst, int dO, int n) {
        check(src, so, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.addScalarRelu(c, src, so, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = Math.max(src[so + i] + c, 0f);
    }

    /**
     * ReLU backward: dst = x &gt; 0 ? grad : 0, where x is the ReLU's input (or output: the mask is
     * the same).
     */
    public static void reluBackward(float[] grad, int go, float[] x, int xo, float[] dst, int dO, int n) {
        check(grad, go, n);
        check(x, xo, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.reluBackward(grad, go, x, xo, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = x[xo + i] > 0f ? grad[go + i] : 0f;
    }

    /**
     * ReLU backward added into an accumulator: {@code if (x > 0) dst += grad}, in one pass, with the bits of that
     * branch (computed as {@code dst − (x > 0 ? −grad : +0)}: {@code dst − (−g)} is {@code dst + g} exactly, and
     * {@code dst − (+0)} is {@code dst} for every dst, −0 and NaN included). x is the ReLU's input or output.
     */
    public static void addReluGrad(float[] grad, int go, float[] x, int xo, float[] dst, int dO, int n) {
        check(grad, go, n);
        check(x, xo, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.addReluGrad(grad, go, x, xo, dst, dO, n) : 0;
        for (; i < n; i++) {
            if (x[xo + i] > 0f) dst[dO + i] += grad[go + i];
        }
    }

    /**
     * The gradient into a ReLU's input written into a fresh buffer, as {@code Tensor.relu}'s backward leaves it:
     * {@code dst = x > 0 ? 0 + grad : +0} (the sum with +0 turns a −0 gradient into +0, as {@code 0 − (−grad)} does),
     * where x is the ReLU's input or output (the mask is the same).
     */
    public static void reluGradIntoZero(float[] grad, int go, float[] x, int xo, float[] dst, int dO, int n) {
        check(grad, go, n);
        check(x, xo, n);
        check(dst, dO, n);
        int i = Kernels.simdEnabled() ? VecSimd.reluGradIntoZero(grad, go, x, xo, dst, dO, n) : 0;
        for (; i < n; i++) dst[dO + i] = x[xo + i] > 0f ? 0f + grad[go + i] : 0f;
    }

    /** dst[dO..dO+n) = value. */
    public static void fill(float value, float[] dst, int dO, int n) {
        check(dst, dO, n);
        java.util.Arrays.fill(dst, dO, dO + n, value);
    }

    /** Sum of x[xo..xo+n) in a fixed order (see the class notes). */
    public static float sum(float[] x, int xo, int n) {
        check(x, xo, n);
        if (Kernels.simdEnabled() && n >= VecSimd.minReduce()) return VecSimd.sum(x, xo, n);
        // scalar: 4 accumulators round-robin, combined pairwise, tail last
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[xo + i];
            s1 += x[xo + i + 1];
            s2 += x[xo + i + 2];
            s3 += x[xo + i + 3];
        }
        float s = (s0 + s2) + (s1 + s3);
        for (; i < n; i++) s += x[xo + i];
        return s;
    }

    /** Dot product of x and y in a fixed order (see the class notes); products and sums rounded separately. */
    public static float dot(float[] x, int xo, float[] y, int yo, int n) {
        check(x, xo, n);
        check(y, yo, n);
        if (Kernels.simdEnabled() && n >= VecSimd.minReduce()) return VecSimd.dot(x, xo, y, yo, n);
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[xo + i] * y[yo + i];
            s1 += x[xo + i + 1] * y[yo + i + 1];
            s2 += x[xo + i + 2] * y[yo + i + 2];
            s3 += x[xo + i + 3] * y[yo + i + 3];
        }
        float s = (s0 + s2) + (s1 + s3);
        for (; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }

    /** Maximum of x[xo..xo+n) with {@link Math#max} semantics; n must be positive. */
    public static float max(float[] x, int xo, int n) {
        if (n <= 0) throw new IllegalArgumentException("max needs at least one element but n was " + n);
        check(x, xo, n);
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (Kernels.simdEnabled() && n >= VecSimd.minReduce()) {
            m = VecSimd.max(x, xo, n);
            i = VecSimd.reducedLength(n);
        }
        for (; i < n; i++) m = Math.max(m, x[xo + i]);
        return m;
    }

    /** Convenience: sum of a whole array. */
    public static float sum(float[] x) {
        return sum(x, 0, x.length);
    }

    /** Convenience: dot product of two whole arrays of equal length. */
    public static float dot(float[] x, float[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("dot needs equal lengths but got " + x.length + " and " + y.length);
        }
        return dot(x, 0, y, 0, x.length);
    }

    /**
     * One step of RMSprop without momentum or weight decay ({@code torch.optim.RMSprop}'s update, see
     * {@code dev.bellman.optim.RmsProp}) on {@code n} elements, each computed by the same float operations on either
     * path (products and sums rounded separately, the square root correctly rounded), so the result does not depend on
     * SIMD or the vector width:
     * <pre>
     *   v ← v·α + w·(g·g)
     *   centered (gAvg not null): ḡ ← ḡ + w·(g − ḡ);  d ← √(v − ḡ·ḡ) + ε;   otherwise d ← √v + ε
     *   θ ← θ + negLr·(g / d)
     * </pre>
     *
     * @param p the parameters, {@code p[po .. po + n)}, updated in place
     * @param g the gradient, {@code g[go .. go + n)}
     * @param v the squared-gradient average, {@code v[so .. so + n)}, updated in place
     * @param gAvg the gradient average of the centered variant ({@code gAvg[so .. so + n)}, updated in place), or null
     * @param w {@code 1 − α}, as the caller rounds it
     * @param negLr minus the step size
     */
    public static void rmsprop(float[] p, int po, float[] g, int go, float[] v, float[] gAvg, int so,
                               float alpha, float w, float eps, float negLr, int n) {
        check(p, po, n);
        check(g, go, n);
        check(v, so, n);
        if (gAvg != null) check(gAvg, so, n);
        int i = Kernels.simdEnabled() ? VecSimd.rmsprop(p, po, g, go, v, gAvg, so, alpha, w, eps, negLr, n) : 0;
        for (; i < n; i++) {
            float gi = g[go + i];
            float vi = v[so + i] * alpha + w * (gi * gi);
            v[so + i] = vi;
            float avg;
            if (gAvg != null) {
                float ga = gAvg[so + i] + w * (gi - gAvg[so + i]);
                gAvg[so + i] = ga;
                avg = (float) Math.sqrt(vi - ga * ga);
            } else {
                avg = (float) Math.sqrt(vi);
            }
            avg = avg + eps;
            p[po + i] = p[po + i] + negLr * (gi / avg);
        }
    }

    /**
     * One step of Adam or AdamW ({@code torch.optim.Adam} / {@code AdamW}'s update, see {@code dev.bellman.optim.Adam})
     * on {@code n} elements, each computed by the same float operations on either path (products and sums rounded
     * separately, never fused; the square root correctly rounded, as {@code (float) Math.sqrt} of a float is; the
     * maximum as {@link Math#max(float, float)}), so the result does not depend on SIMD or the vector width:
     * <pre>
     *   decay ≠ 1 (AdamW):  θ ← θ·decay
     *   l2 ≠ 0 (Adam's L2): g ← g + l2·θ
     *   m ← m + w1·(g − m)
     *   v ← v·b2 + w2·(g·g)
     *   vmax not null (AMSGrad): s ← max(vmax, v), vmax ← s;   otherwise s ← v
     *   θ ← θ + negStep·(m / (√s / bc2Sqrt + ε))
     * </pre>
     *
     * @param p the parameters, {@code p[po .. po + n)}, updated in place
     * @param g the gradient, {@code g[go .. go + n)}
     * @param m the first moment, {@code m[so .. so + n)}, updated in place
     * @param v the second moment, {@code v[so .. so + n)}, updated in place
     * @param vmax AMSGrad's running maximum of v ({@code vmax[so .. so + n)}, updated in place), or null
     * @param w1 {@code 1 − β1}, as the caller rounds it
     * @param b2 β2
     * @param w2 {@code 1 − β2}, as the caller rounds it
     * @param bc2Sqrt √(1 − β2^t), the second moment's bias correction
     * @param negStep minus the step size, −γ / (1 − β1^t)
     * @param l2 L2 weight decay added to the gradient (Adam), 0 for none
     * @param decay decoupled weight decay factor 1 − γλ (AdamW), 1 for none
     */
    public static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so,
                            float w1, float b2, float w2, float bc2Sqrt, float eps, float negStep, float l2, float decay,
                            int n) {
        check(p, po, n);
        check(g, go, n);
        check(m, so, n);
        check(v, so, n);
        if (vmax != null) check(vmax, so, n);
        int i = Kernels.simdEnabled()
                ? VecSimd.adam(p, po, g, go, m, v, vmax, so, w1, b2, w2, bc2Sqrt, eps, negStep, l2, decay, n) : 0;
        for (; i < n; i++) {
            float pi = p[po + i];
            float gi = g[go + i];
            if (decay != 1f) pi = pi * decay;
            if (l2 != 0f) gi = gi + l2 * pi;
            float mi = m[so + i] + w1 * (gi - m[so + i]);
            float vi = v[so + i] * b2 + w2 * (gi * gi);
            m[so + i] = mi;
            v[so + i] = vi;
            float s = vi;
            if (vmax != null) {
                s = Math.max(vmax[so + i], vi);
                vmax[so + i] = s;
            }
            float denom = (float) Math.sqrt(s) / bc2Sqrt + eps;
            p[po + i] = pi + negStep * (mi / denom);
        }
    }

    /**
     * The index of the first element of {@code a[from .. to)} that is NaN or infinite, or −1 if all are finite. The
     * SIMD path skips whole blocks that are finite (each value times 0, summed: 0 unless some value is not finite)
     * and looks for the element in the first block that is not.
     */
    public static int firstNonFinite(float[] a, int from, int to) {
        check(a, from, to - from);
        int i = Kernels.simdEnabled() ? VecSimd.finitePrefix(a, from, to) : from;
        for (; i < to; i++) {
            if (!Float.isFinite(a[i])) return i;
        }
        return -1;
    }

    private static void check(float[] a, int off, int n) {
        if (n < 0 || off < 0 || off + n > a.length) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + " + " + n
                    + ") is out of bounds for an array of length " + a.length);
        }
    }
}
