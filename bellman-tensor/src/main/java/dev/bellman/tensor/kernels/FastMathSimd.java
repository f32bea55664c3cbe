package dev.bellman.tensor.kernels;

import static dev.bellman.tensor.kernels.FastMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of {@link FastMath}: the same float operations lane-wise, so each lane is
 * bitwise equal to the scalar function. Each method returns how many leading elements it did;
 * the caller finishes the tail with the scalar function.
 */
final class FastMathSimd {
    private FastMathSimd() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.min(EXP_HI).max(EXP_LO);
        FloatVector t = xc.mul(LOG2E).add(MAGIC);
        IntVector n = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS);
        FloatVector fn = t.sub(MAGIC);
        FloatVector r = xc.sub(fn.mul(LN2_HI));
        r = r.sub(fn.mul(LN2_LO));
        FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5);
        FloatVector y = r.mul(r).mul(p).add(r).add(1f);
        IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = n.sub(n1);
        FloatVector s1 = (FloatVector) n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = (FloatVector) n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = x.mul(x);
        FloatVector q = z.mul(T0).add(T1).mul(z).add(T2).mul(z).add(T3).mul(z).add(T4);
        FloatVector small = q.mul(z).mul(x).add(x);
        FloatVector e = exp(ax.add(ax));
        FloatVector y = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
        VectorMask<Float> isSmall = ax.compare(VectorOperators.LT, TANH_SMALL);
        // copySign(branch result, x)
        IntVector yb = (IntVector) y.blend(small, isSmall).reinterpretAsInts();
        IntVector xb = (IntVector) x.reinterpretAsInts();
        return (FloatVector) yb.and(0x7FFFFFFF).or(xb.and(0x80000000)).reinterpretAsFloats();
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector d = e.add(1f);
        VectorMask<Float> nonNeg = x.compare(VectorOperators.GE, 0f);
        return e.blend(FloatVector.broadcast(S, 1f), nonNeg).div(d);
    }

    static int exp(float[] src, int so, float[] dst, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) exp(FloatVector.fromArray(S, src, so + i)).intoArray(dst, dO + i);
        return bound;
    }

    static int tanh(float[] src, int so, float[] dst, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) tanh(FloatVector.fromArray(S, src, so + i)).intoArray(dst, dO + i);
        return bound;
    }

    static int sigmoid(float[] src, int so, float[] dst, int dO, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += VL) sigmoid(FloatVector.fromArray(S, src, so + i)).intoArray(dst, dO + i);
        return bound;
    }
}
