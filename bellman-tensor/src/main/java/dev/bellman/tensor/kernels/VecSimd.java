package dev.bellman.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of {@link Vec}. Elementwise methods return how many leading elements they did;
 * the caller finishes the tail with the same scalar operation.
 */
final class VecSimd {
    private VecSimd() {}

    private static final VectorSpecies<Float> S = GemmSimd.S;
    private static final int VL = GemmSimd.VL;
    private static final int CANON = GemmSimd.CANON;
    private static final int R = GemmSimd.R;

    /** Shortest reduction done with vectors: 4 canonical vectors (64 elements), whatever the hardware's width. */
    static int minReduce() {
        return 4 * CANON;
    }

    /** Elements covered by the vector part of a reduction (a multiple of 64). */
    static int reducedLength(int n) {
        return n - n % (4 * CANON);
    }

    static int add(float[] a, int ao, float[] b, int bo, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(d, dO + i);
        }
        return bound;
    }

    static int sub(float[] a, int ao, float[] b, int bo, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) {
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(d, dO + i);
        }
        return bound;
    }

    static int mul(float[] a, int ao, float[] b, int bo, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(d, dO + i);
        }
        return bound;
    }

    static int axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) {
            FloatVector.fromArray(S, y, yo + i).add(FloatVector.fromArray(S, x, xo + i).mul(alpha))
                    .intoArray(y, yo + i);
        }
        return bound;
    }

    static int addVectorRelu(float[] c, int co, float[] v, int vo, int n) {
        int bound = S.loopBound(n);
        for (int j = 0; j < bound; j += VL) {
            FloatVector.fromArray(S, c, co + j).add(FloatVector.fromArray(S, v, vo + j)).max(0f).intoArray(c, co + j);
        }
        return bound;
    }

    static int scale(float alpha, float[] s, int so, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) FloatVector.fromArray(S, s, so + i).mul(alpha).intoArray(d, dO + i);
        return bound;
    }

    static int addScalar(float c, float[] s, int so, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) FloatVector.fromArray(S, s, so + i).add(c).intoArray(d, dO + i);
        return bound;
    }

    /** {@link Vec#rmsprop}: the same operations per lane as the scalar loop; returns the elements done. */
    static int rmsprop(float[] p, int po, float[] g, int go, float[] v, float[] gAvg, int so,
                       float alpha, float w, float eps, float negLr, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) {
            FloatVector gi = FloatVector.fromArray(S, g, go + i);
            FloatVector vi = FloatVector.fromArray(S, v, so + i).mul(alpha).add(gi.mul(gi).mul(w));
            vi.intoArray(v, so + i);
            FloatVector d;
            if (gAvg != null) {
                FloatVector ga0 = FloatVector.fromArray(S, gAvg, so + i);
                FloatVector ga = ga0.add(gi.sub(ga0).mul(w));
                ga.intoArray(gAvg, so + i);
                d = vi.sub(ga.mul(ga)).sqrt();
            } else {
                d = vi.sqrt();
            }
            d = d.add(eps);
            FloatVector.fromArray(S, p, po + i).add(gi.div(d).mul(negLr)).intoArray(p, po + i);
        }
        return bound;
    }

    /** {@link Vec#adam}: the same operations per lane as the scalar loop; returns the elements done. */
    static int adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int so,
                    float w1, float b2, float w2, float bc2Sqrt, float eps, float negStep, float l2, float decay, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) {
            FloatVector pi = FloatVector.fromArray(S, p, po + i);
            FloatVector gi = FloatVector.fromArray(S, g, go + i);
            if (decay != 1f) pi = pi.mul(decay);
            if (l2 != 0f) gi = gi.add(pi.mul(l2));
            FloatVector m0 = FloatVector.fromArray(S, m, so + i);
            FloatVector mi = m0.add(gi.sub(m0).mul(w1));
            FloatVector vi = FloatVector.fromArray(S, v, so + i).mul(b2).add(gi.mul(gi).mul(w2));
            mi.intoArray(m, so + i);
            vi.intoArray(v, so + i);
            FloatVector s = vi;
            if (vmax != null) {
                s = FloatVector.fromArray(S, vmax, so + i).max(vi);
                s.intoArray(vmax, so + i);
            }
            FloatVector denom = s.sqrt().div(bc2Sqrt).add(eps);
            pi.add(mi.div(denom).mul(negStep)).intoArray(p, po + i);
        }
        return bound;
    }

    /** {@link Vec#firstNonFinite}: the end of the leading blocks of 16 vectors that are all finite ({@code from} if the first is not). */
    static int finitePrefix(float[] a, int from, int to) {
        int i = from;
        int block = 16 * VL;
        while (to - i >= block) {
            FloatVector acc = FloatVector.zero(S);
            for (int k = 0; k < block; k += VL) acc = acc.add(FloatVector.fromArray(S, a, i + k).mul(0f));
            if (acc.test(VectorOperators.IS_NAN).anyTrue()) return i;
            i += block;
        }
        return i;
    }

    static int relu(float[] s, int so, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) FloatVector.fromArray(S, s, so + i).max(0f).intoArray(d, dO + i);
        return bound;
    }

    static int addScalarRelu(float c, float[] s, int so, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) FloatVector.fromArray(S, s, so + i).add(c).max(0f).intoArray(d, dO + i);
        return bound;
    }

    static int reluGradIntoZero(float[] g, int go, float[] x, int xo, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < bound; i += VL) {
            var positive = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f);
            zero.blend(zero.add(FloatVector.fromArray(S, g, go + i)), positive).intoArray(d, dO + i);
        }
        return bound;
    }

    static int addReluGrad(float[] g, int go, float[] x, int xo, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < bound; i += VL) {
            var positive = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f);
            FloatVector t = zero.blend(FloatVector.fromArray(S, g, go + i).neg(), positive);
            FloatVector.fromArray(S, d, dO + i).sub(t).intoArray(d, dO + i);
        }
        return bound;
    }

    static int reluBackward(float[] g, int go, float[] x, int xo, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < bound; i += VL) {
            var positive = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, go + i), positive).intoArray(d, dO + i);
        }
        return bound;
    }

    /**
     * Sum in the canonical order: 4 accumulators of {@link GemmSimd#CANON} lanes take the elements round-robin
     * (accumulator a, lane c sums x[64t + 16a + c] in increasing t), are added as (a0 + a2) + (a1 + a3), and the 16
     * lanes by the pairwise tree of {@link GemmSimd#hsum}; the tail is added last in order. Vectors narrower than 16
     * lanes form the same sums in R groups ({@link #sumGroup}) combined as the 16-lane tree would. n ≥ 64.
     */
    static float sum(float[] x, int xo, int n) {
        int bound = reducedLength(n);
        FloatVector t;
        if (R == 1) {
            t = sumGroup(x, xo, bound, 0);
        } else if (R == 2) {
            t = sumGroup(x, xo, bound, 0).add(sumGroup(x, xo, bound, 1));
        } else {
            t = sumGroup(x, xo, bound, 0).add(sumGroup(x, xo, bound, 2))
                    .add(sumGroup(x, xo, bound, 1).add(sumGroup(x, xo, bound, 3)));
        }
        float s = GemmSimd.hsum(t);
        for (int i = bound; i < n; i++) s += x[xo + i];
        return s;
    }

    /** Canonical lanes g·VL … g·VL + VL − 1 of (a0 + a2) + (a1 + a3) in {@link #sum}. */
    private static FloatVector sumGroup(float[] x, int xo, int bound, int g) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int i = g * VL; i < bound; i += 4 * CANON) {
            s0 = s0.add(FloatVector.fromArray(S, x, xo + i));
            s1 = s1.add(FloatVector.fromArray(S, x, xo + i + CANON));
            s2 = s2.add(FloatVector.fromArray(S, x, xo + i + 2 * CANON));
            s3 = s3.add(FloatVector.fromArray(S, x, xo + i + 3 * CANON));
        }
        return s0.add(s2).add(s1.add(s3));
    }

    /** Dot product in the order of {@link #sum}, each product rounded before it is added. n ≥ 64. */
    static float dot(float[] x, int xo, float[] y, int yo, int n) {
        int bound = reducedLength(n);
        FloatVector t;
        if (R == 1) {
            t = dotGroup(x, xo, y, yo, bound, 0);
        } else if (R == 2) {
            t = dotGroup(x, xo, y, yo, bound, 0).add(dotGroup(x, xo, y, yo, bound, 1));
        } else {
            t = dotGroup(x, xo, y, yo, bound, 0).add(dotGroup(x, xo, y, yo, bound, 2))
                    .add(dotGroup(x, xo, y, yo, bound, 1).add(dotGroup(x, xo, y, yo, bound, 3)));
        }
        float s = GemmSimd.hsum(t);
        for (int i = bound; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }

    private static FloatVector dotGroup(float[] x, int xo, float[] y, int yo, int bound, int g) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int i = g * VL; i < bound; i += 4 * CANON) {
            s0 = s0.add(FloatVector.fromArray(S, x, xo + i).mul(FloatVector.fromArray(S, y, yo + i)));
            s1 = s1.add(FloatVector.fromArray(S, x, xo + i + CANON).mul(FloatVector.fromArray(S, y, yo + i + CANON)));
            s2 = s2.add(FloatVector.fromArray(S, x, xo + i + 2 * CANON)
                    .mul(FloatVector.fromArray(S, y, yo + i + 2 * CANON)));
            s3 = s3.add(FloatVector.fromArray(S, x, xo + i + 3 * CANON)
                    .mul(FloatVector.fromArray(S, y, yo + i + 3 * CANON)));
        }
        return s0.add(s2).add(s1.add(s3));
    }

    /** Max over the first {@link #reducedLength}(n) elements (order-independent). n ≥ 64. */
    static float max(float[] x, int xo, int n) {
        FloatVector m0 = FloatVector.fromArray(S, x, xo), m1 = m0, m2 = m0, m3 = m0;
        int bound = reducedLength(n);
        for (int i = 0; i < bound; i += 4 * VL) {
            m0 = m0.max(FloatVector.fromArray(S, x, xo + i));
            m1 = m1.max(FloatVector.fromArray(S, x, xo + i + VL));
            m2 = m2.max(FloatVector.fromArray(S, x, xo + i + 2 * VL));
            m3 = m3.max(FloatVector.fromArray(S, x, xo + i + 3 * VL));
        }
        float[] lanes = new float[VL];
        m0.max(m1).max(m2.max(m3)).intoArray(lanes, 0);
        float m = lanes[0];
        for (int q = 1; q < VL; q++) m = Math.max(m, lanes[q]);
        return m;
    }
}
