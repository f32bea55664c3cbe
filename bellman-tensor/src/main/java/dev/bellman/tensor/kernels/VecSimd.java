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

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    static int minReduce() {
        return 4 * VL;
    }

    /** Elements covered by the vector part of a reduction (multiple of 4·VL). */
    static int reducedLength(int n) {
        return n - n % (4 * VL);
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

    static int reluBackward(float[] g, int go, float[] x, int xo, float[] d, int dO, int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < bound; i += VL) {
            var positive = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, go + i), positive).intoArray(d, dO + i);
        }
        return bound;
    }

    /** Sum with 4 round-robin vector accumulators, lanes by a fixed tree, tail in order. n ≥ 4·VL. */
    static float sum(float[] x, int xo, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int bound = reducedLength(n);
        for (int i = 0; i < bound; i += 4 * VL) {
            s0 = s0.add(FloatVector.fromArray(S, x, xo + i));
            s1 = s1.add(FloatVector.fromArray(S, x, xo + i + VL));
            s2 = s2.add(FloatVector.fromArray(S, x, xo + i + 2 * VL));
            s3 = s3.add(FloatVector.fromArray(S, x, xo + i + 3 * VL));
        }
        float s = GemmSimd.hsum(s0.add(s2).add(s1.add(s3)));
        for (int i = bound; i < n; i++) s += x[xo + i];
        return s;
    }

    static float dot(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int bound = reducedLength(n);
        for (int i = 0; i < bound; i += 4 * VL) {
            s0 = s0.add(FloatVector.fromArray(S, x, xo + i).mul(FloatVector.fromArray(S, y, yo + i)));
            s1 = s1.add(FloatVector.fromArray(S, x, xo + i + VL).mul(FloatVector.fromArray(S, y, yo + i + VL)));
            s2 = s2.add(FloatVector.fromArray(S, x, xo + i + 2 * VL).mul(FloatVector.fromArray(S, y, yo + i + 2 * VL)));
            s3 = s3.add(FloatVector.fromArray(S, x, xo + i + 3 * VL).mul(FloatVector.fromArray(S, y, yo + i + 3 * VL)));
        }
        float s = GemmSimd.hsum(s0.add(s2).add(s1.add(s3)));
        for (int i = bound; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }

    /** Max over the first {@link #reducedLength}(n) elements. n ≥ 4·VL. */
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
