package dev.bellman.nn;

import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** MuZero's scalar ↔ support transforms (Appendix F; Pohlen et al. 2018). PyTorch agreement: SequenceTorchReferenceTest. */
class SupportTransformTest {

    private final SupportTransform st = SupportTransform.of(300);

    @Test
    void h_knownValues() {
        assertEquals(0.0, st.h(0), 0);
        assertEquals(1.003, st.h(3), 1e-12);      // √4 − 1 + 0.003
        assertEquals(-2.008, st.h(-8), 1e-12);    // −(√9 − 1) − 0.008
        assertEquals(99 + 9.999, st.h(9999), 1e-9);
    }

    @Test
    void hInverse_isTheExactInverse() {
        double[] xs = {0, 1e-6, -0.5, 1, 3, -17.25, 123.456, -9999, 1e6, -3e7};
        for (double x : xs) {
            assertEquals(x, st.hInverse(st.h(x)), 1e-9 * Math.max(1, Math.abs(x)), "round trip of " + x);
        }
        for (double y : new double[]{0, 0.25, -1.003, 7.5, -299.9}) {
            assertEquals(y, st.h(st.hInverse(y)), 1e-9 * Math.max(1, Math.abs(y)), "round trip of y " + y);
        }
        SupportTransform noEps = new SupportTransform(5, 0);
        assertEquals(-8.0, noEps.hInverse(noEps.h(-8)), 1e-12);
    }

    @Test
    void scalarToSupport_isTwoHotAroundH() {
        SupportTransform s10 = SupportTransform.of(10);
        Tensor t = s10.scalarToSupport(new float[]{3f, -8f, 0f});
        assertArrayEquals(new int[]{3, 21}, t.shape());
        float[] row0 = new float[21], row1 = new float[21], row2 = new float[21];
        row0[11] = (float) (1 - 0.003); row0[12] = (float) 0.003;       // h(3) = 1.003
        row1[7] = (float) 0.008; row1[8] = (float) (1 - 0.008);         // h(−8) = −2.008 = −3 + 0.992
        row2[10] = 1f;
        float[] d = t.toArray();
        for (int k = 0; k < 21; k++) {
            assertEquals(row0[k], d[k], 1e-6f, "row 0 atom " + k);
            assertEquals(row1[k], d[21 + k], 1e-6f, "row 1 atom " + k);
            assertEquals(row2[k], d[42 + k], 0f, "row 2 atom " + k);
        }
    }

    @Test
    void scalarToSupport_clampsToTheEdgesOfTheSupport() {
        SupportTransform s10 = SupportTransform.of(10);
        float[] d = s10.scalarToSupport(new float[]{1e6f, -1e6f}).toArray();
        assertEquals(1f, d[20], 0f);
        assertEquals(1f, d[21], 0f);
        assertEquals(2.0, sum(d), 0.0); // nothing else on either row
    }

    @Test
    void supportToScalar_ofTheLogTwoHot_returnsTheScalar() {
        float[] xs = {0f, 3f, -8f, 250.5f, -4321f, 50000f}; // h(50000) ≈ 272.6, inside S = 300
        Tensor probs = st.scalarToSupport(xs);
        float[] p = probs.toArray();
        float[] logits = new float[p.length];
        for (int i = 0; i < p.length; i++) logits[i] = p[i] > 0 ? (float) Math.log(p[i]) : -1e30f;
        float[] back = st.supportToScalar(Tensor.of(logits, probs.shape()));
        for (int i = 0; i < xs.length; i++) {
            assertEquals(xs[i], back[i], 1e-4 * Math.max(1, Math.abs(xs[i])), "round trip of " + xs[i]);
        }
    }

    @Test
    void validation_namesTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SupportTransform(0, 0.001));
        assertEquals("supportSize must be positive but was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SupportTransform(3, -0.1));
        assertEquals("eps must be in [0, 1) but was -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> st.scalarToSupport(new float[]{1f, Float.NaN}));
        assertEquals("scalarToSupport: value NaN at position 1 is not finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> st.supportToScalar(Tensor.zeros(2, 21)));
        assertEquals("supportToScalar: logits [2, 21] must be [N, 601] for support size 300", e.getMessage());
    }

    private static double sum(float[] d) {
        double s = 0;
        for (float v : d) s += v;
        return s;
    }
}
