package dev.bellman.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The data transforms of Winograd's F(2×2, 3×3) convolution (used by {@code dev.bellman.tensor.ConvWinograd}), one tile
 * for every channel at once: vectors hold consecutive channels, and every element is the same fixed sequence of float
 * additions and subtractions as in the scalar tail, so the bits do not depend on the vector width. Call only with SIMD
 * on ({@link Kernels#simdEnabled()}).
 */
public final class WinogradSimd {
    private WinogradSimd() {}

    private static final VectorSpecies<Float> S = GemmSimd.S;
    private static final int VL = S.length();

    /**
     * {@code V = Bᵀ·d·B} of the 4×4 patch {@code d[i][j][c] = xl[p0 + i·ld + j·cIn + c]} (channels last) for every
     * channel c: {@code v[v0 + e·vs + c]} for e = 4i + j, with {@code Bᵀ = [[1,0,−1,0],[0,1,1,0],[0,−1,1,0],[0,1,0,−1]]}.
     */
    public static void inputTile(float[] xl, int p0, int ld, int cIn, float[] v, int v0, int vs) {
        int p1 = p0 + ld, p2 = p1 + ld, p3 = p2 + ld, c1 = cIn, c2 = 2 * cIn, c3 = 3 * cIn;
        int c = 0;
        for (; c <= cIn - VL; c += VL) {
            FloatVector d00 = FloatVector.fromArray(S, xl, p0 + c), d01 = FloatVector.fromArray(S, xl, p0 + c1 + c);
            FloatVector d02 = FloatVector.fromArray(S, xl, p0 + c2 + c), d03 = FloatVector.fromArray(S, xl, p0 + c3 + c);
            FloatVector d10 = FloatVector.fromArray(S, xl, p1 + c), d11 = FloatVector.fromArray(S, xl, p1 + c1 + c);
            FloatVector d12 = FloatVector.fromArray(S, xl, p1 + c2 + c), d13 = FloatVector.fromArray(S, xl, p1 + c3 + c);
            FloatVector d20 = FloatVector.fromArray(S, xl, p2 + c), d21 = FloatVector.fromArray(S, xl, p2 + c1 + c);
            FloatVector d22 = FloatVector.fromArray(S, xl, p2 + c2 + c), d23 = FloatVector.fromArray(S, xl, p2 + c3 + c);
            FloatVector d30 = FloatVector.fromArray(S, xl, p3 + c), d31 = FloatVector.fromArray(S, xl, p3 + c1 + c);
            FloatVector d32 = FloatVector.fromArray(S, xl, p3 + c2 + c), d33 = FloatVector.fromArray(S, xl, p3 + c3 + c);
            // Bᵀ·d, rows d0 − d2, d1 + d2, d2 − d1, d1 − d3; then each row times B: r0 − r2, r1 + r2, r2 − r1, r1 − r3
            FloatVector a0 = d00.sub(d20), a1 = d01.sub(d21), a2 = d02.sub(d22), a3 = d03.sub(d23);
            FloatVector b0 = d10.add(d20), b1 = d11.add(d21), b2 = d12.add(d22), b3 = d13.add(d23);
            FloatVector e0 = d20.sub(d10), e1 = d21.sub(d11), e2 = d22.sub(d12), e3 = d23.sub(d13);
            FloatVector f0 = d10.sub(d30), f1 = d11.sub(d31), f2 = d12.sub(d32), f3 = d13.sub(d33);
            int o = v0 + c;
            a0.sub(a2).intoArray(v, o);
            a1.add(a2).intoArray(v, o + vs);
            a2.sub(a1).intoArray(v, o + 2 * vs);
            a1.sub(a3).intoArray(v, o + 3 * vs);
            b0.sub(b2).intoArray(v, o + 4 * vs);
            b1.add(b2).intoArray(v, o + 5 * vs);
            b2.sub(b1).intoArray(v, o + 6 * vs);
            b1.sub(b3).intoArray(v, o + 7 * vs);
            e0.sub(e2).intoArray(v, o + 8 * vs);
            e1.add(e2).intoArray(v, o + 9 * vs);
            e2.sub(e1).intoArray(v, o + 10 * vs);
            e1.sub(e3).intoArray(v, o + 11 * vs);
            f0.sub(f2).intoArray(v, o + 12 * vs);
            f1.add(f2).intoArray(v, o + 13 * vs);
            f2.sub(f1).intoArray(v, o + 14 * vs);
            f1.sub(f3).intoArray(v, o + 15 * vs);
        }
        for (; c < cIn; c++) {
            float d00 = xl[p0 + c], d01 = xl[p0 + c1 + c], d02 = xl[p0 + c2 + c], d03 = xl[p0 + c3 + c];
            float d10 = xl[p1 + c], d11 = xl[p1 + c1 + c], d12 = xl[p1 + c2 + c], d13 = xl[p1 + c3 + c];
            float d20 = xl[p2 + c], d21 = xl[p2 + c1 + c], d22 = xl[p2 + c2 + c], d23 = xl[p2 + c3 + c];
            float d30 = xl[p3 + c], d31 = xl[p3 + c1 + c], d32 = xl[p3 + c2 + c], d33 = xl[p3 + c3 + c];
            float a0 = d00 - d20, a1 = d01 - d21, a2 = d02 - d22, a3 = d03 - d23;
            float b0 = d10 + d20, b1 = d11 + d21, b2 = d12 + d22, b3 = d13 + d23;
            float e0 = d20 - d10, e1 = d21 - d11, e2 = d22 - d12, e3 = d23 - d13;
            float f0 = d10 - d30, f1 = d11 - d31, f2 = d12 - d32, f3 = d13 - d33;
            int o = v0 + c;
            v[o] = a0 - a2;
            v[o + vs] = a1 + a2;
            v[o + 2 * vs] = a2 - a1;
            v[o + 3 * vs] = a1 - a3;
            v[o + 4 * vs] = b0 - b2;
            v[o + 5 * vs] = b1 + b2;
            v[o + 6 * vs] = b2 - b1;
            v[o + 7 * vs] = b1 - b3;
            v[o + 8 * vs] = e0 - e2;
            v[o + 9 * vs] = e1 + e2;
            v[o + 10 * vs] = e2 - e1;
            v[o + 11 * vs] = e1 - e3;
            v[o + 12 * vs] = f0 - f2;
            v[o + 13 * vs] = f1 + f2;
            v[o + 14 * vs] = f2 - f1;
            v[o + 15 * vs] = f1 - f3;
        }
    }

    /**
     * {@code Y = Aᵀ·M·A} of one tile for every output channel o, {@code M[i][j] = m[m0 + (4i + j)·ms + o]},
     * {@code Aᵀ = [[1,1,1,0],[0,1,−1,−1]]}: {@code Y[0][0]} to {@code y[y00 + o]}, {@code Y[0][1]} to
     * {@code y[y00 + cOut + o]} when {@code right}, {@code Y[1][·]} {@code rowStride} further on when {@code down}.
     */
    public static void outputTile(float[] m, int m0, int ms, int cOut, float[] y, int y00, int rowStride,
                                  boolean down, boolean right) {
        int y01 = y00 + cOut, y10 = y00 + rowStride, y11 = y10 + cOut;
        int o = 0;
        for (; o <= cOut - VL; o += VL) {
            int p = m0 + o;
            FloatVector m00 = FloatVector.fromArray(S, m, p), m01 = FloatVector.fromArray(S, m, p + ms);
            FloatVector m02 = FloatVector.fromArray(S, m, p + 2 * ms), m03 = FloatVector.fromArray(S, m, p + 3 * ms);
            FloatVector m10 = FloatVector.fromArray(S, m, p + 4 * ms), m11 = FloatVector.fromArray(S, m, p + 5 * ms);
            FloatVector m12 = FloatVector.fromArray(S, m, p + 6 * ms), m13 = FloatVector.fromArray(S, m, p + 7 * ms);
            FloatVector m20 = FloatVector.fromArray(S, m, p + 8 * ms), m21 = FloatVector.fromArray(S, m, p + 9 * ms);
            FloatVector m22 = FloatVector.fromArray(S, m, p + 10 * ms), m23 = FloatVector.fromArray(S, m, p + 11 * ms);
            // Aᵀ·M: rows m0 + m1 + m2 and m1 − m2 − m3; then times A: r0 + r1 + r2 and r1 − r2 − r3
            FloatVector s0 = m00.add(m10).add(m20), s1 = m01.add(m11).add(m21);
            FloatVector s2 = m02.add(m12).add(m22), s3 = m03.add(m13).add(m23);
            s0.add(s1).add(s2).intoArray(y, y00 + o);
            if (right) s1.sub(s2).sub(s3).intoArray(y, y01 + o);
            if (down) {
                FloatVector m30 = FloatVector.fromArray(S, m, p + 12 * ms), m31 = FloatVector.fromArray(S, m, p + 13 * ms);
                FloatVector m32 = FloatVector.fromArray(S, m, p + 14 * ms), m33 = FloatVector.fromArray(S, m, p + 15 * ms);
                FloatVector t0 = m10.sub(m20).sub(m30), t1 = m11.sub(m21).sub(m31);
                FloatVector t2 = m12.sub(m22).sub(m32), t3 = m13.sub(m23).sub(m33);
                t0.add(t1).add(t2).intoArray(y, y10 + o);
                if (right) t1.sub(t2).sub(t3).intoArray(y, y11 + o);
            }
        }
        for (; o < cOut; o++) {
            int p = m0 + o;
            float m00 = m[p], m01 = m[p + ms], m02 = m[p + 2 * ms], m03 = m[p + 3 * ms];
            float m10 = m[p + 4 * ms], m11 = m[p + 5 * ms], m12 = m[p + 6 * ms], m13 = m[p + 7 * ms];
            float m20 = m[p + 8 * ms], m21 = m[p + 9 * ms], m22 = m[p + 10 * ms], m23 = m[p + 11 * ms];
            float m30 = m[p + 12 * ms], m31 = m[p + 13 * ms], m32 = m[p + 14 * ms], m33 = m[p + 15 * ms];
            float s0 = m00 + m10 + m20, s1 = m01 + m11 + m21, s2 = m02 + m12 + m22, s3 = m03 + m13 + m23;
            float t0 = m10 - m20 - m30, t1 = m11 - m21 - m31, t2 = m12 - m22 - m32, t3 = m13 - m23 - m33;
            y[y00 + o] = s0 + s1 + s2;
            if (right) y[y01 + o] = s1 - s2 - s3;
            if (down) {
                y[y10 + o] = t0 + t1 + t2;
                if (right) y[y11 + o] = t1 - t2 - t3;
            }
        }
    }

    /**
     * The adjoint of {@link #outputTile}: {@code dM = A·dY·Aᵀ} of one tile for every output channel o, with
     * {@code dY[0][0] = y[y00 + o]}, {@code dY[0][1] = y[y00 + cOut + o]} (0 unless {@code right}), {@code dY[1][·]}
     * {@code rowStride} further on (0 unless {@code down}); {@code dM[i][j]} to {@code dm[m0 + (4i + j)·ms + o]}.
     */
    public static void outputTileGrad(float[] y, int y00, int rowStride, boolean down, boolean right, int cOut,
                                      float[] dm, int m0, int ms) {
        int y01 = y00 + cOut, y10 = y00 + rowStride, y11 = y10 + cOut;
        int o = 0;
        FloatVector zero = FloatVector.zero(S);
        for (; o <= cOut - VL; o += VL) {
            FloatVector p = FloatVector.fromArray(S, y, y00 + o);
            FloatVector q = right ? FloatVector.fromArray(S, y, y01 + o) : zero;
            FloatVector r = down ? FloatVector.fromArray(S, y, y10 + o) : zero;
            FloatVector s = down && right ? FloatVector.fromArray(S, y, y11 + o) : zero;
            // A·dY: rows p|q, p + r|q + s, p − r|q − s, −r|−s; then each row [a, b] times Aᵀ: a, a + b, a − b, −b
            FloatVector a1 = p.add(r), b1 = q.add(s), a2 = p.sub(r), b2 = q.sub(s), a3 = r.neg(), b3 = s.neg();
            int d = m0 + o;
            p.intoArray(dm, d);
            p.add(q).intoArray(dm, d + ms);
            p.sub(q).intoArray(dm, d + 2 * ms);
            q.neg().intoArray(dm, d + 3 * ms);
            a1.intoArray(dm, d + 4 * ms);
            a1.add(b1).intoArray(dm, d + 5 * ms);
            a1.sub(b1).intoArray(dm, d + 6 * ms);
            b1.neg().intoArray(dm, d + 7 * ms);
            a2.intoArray(dm, d + 8 * ms);
            a2.add(b2).intoArray(dm, d + 9 * ms);
            a2.sub(b2).intoArray(dm, d + 10 * ms);
            b2.neg().intoArray(dm, d + 11 * ms);
            a3.intoArray(dm, d + 12 * ms);
            a3.add(b3).intoArray(dm, d + 13 * ms);
            a3.sub(b3).intoArray(dm, d + 14 * ms);
            b3.neg().intoArray(dm, d + 15 * ms);
        }
        for (; o < cOut; o++) {
            float p = y[y00 + o], q = right ? y[y01 + o] : 0f, r = down ? y[y10 + o] : 0f, s = down && right ? y[y11 + o] : 0f;
            float a1 = p + r, b1 = q + s, a2 = p - r, b2 = q - s, a3 = -r, b3 = -s;
            int d = m0 + o;
            dm[d] = p;
            dm[d + ms] = p + q;
            dm[d + 2 * ms] = p - q;
            dm[d + 3 * ms] = -q;
            dm[d + 4 * ms] = a1;
            dm[d + 5 * ms] = a1 + b1;
            dm[d + 6 * ms] = a1 - b1;
            dm[d + 7 * ms] = -b1;
            dm[d + 8 * ms] = a2;
            dm[d + 9 * ms] = a2 + b2;
            dm[d + 10 * ms] = a2 - b2;
            dm[d + 11 * ms] = -b2;
            dm[d + 12 * ms] = a3;
            dm[d + 13 * ms] = a3 + b3;
            dm[d + 14 * ms] = a3 - b3;
            dm[d + 15 * ms] = -b3;
        }
    }
}
