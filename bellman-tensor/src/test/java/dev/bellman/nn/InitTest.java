package dev.bellman.nn;

import dev.bellman.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class InitTest {

    static Tensor param(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return Tensor.parameter(new float[n], shape);
    }

    /** Checks that the rows (wide) or columns (tall) of w viewed as [rows, cols] are orthogonal with norm gain. */
    static void assertOrthogonal(Tensor w, double gain) {
        int rows = w.dim(0), cols = w.size() / rows;
        float[] d = w.toArray();
        boolean tall = rows >= cols;
        int k = Math.min(rows, cols), len = Math.max(rows, cols);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    double x = tall ? d[i * cols + a] : d[a * cols + i];
                    double y = tall ? d[i * cols + b] : d[b * cols + i];
                    dot += x * y;
                }
                assertEquals(a == b ? gain * gain : 0, dot, 1e-5 * Math.max(1, gain * gain), "entry (" + a + "," + b + ")");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"64,8,1.4142135", "8,64,1.0", "16,16,0.01", "5,1,1"})
    void orthogonal_givesGainSquaredIdentity(int rows, int cols, double gain) {
        Tensor w = param(rows, cols);
        Init.orthogonal(w, gain, new Rng(3));
        assertOrthogonal(w, gain);
    }

    @Test
    void orthogonal_convWeightIsOrthogonalWhenFlattened() {
        Tensor w = param(32, 4, 8, 8); // 32 rows of 256: orthonormal rows
        Init.orthogonal(w, Math.sqrt(2), new Rng(5));
        assertOrthogonal(w, Math.sqrt(2));
    }

    @Test
    void orthogonal_isDeterministicPerSeed_andDiffersAcrossSeeds() {
        Tensor a = param(6, 4), b = param(6, 4), c = param(6, 4);
        Init.orthogonal(a, 1, new Rng(11));
        Init.orthogonal(b, 1, new Rng(11));
        Init.orthogonal(c, 1, new Rng(12));
        assertArrayEquals(a.toArray(), b.toArray());
        assertFalse(java.util.Arrays.equals(a.toArray(), c.toArray()));
    }

    @Test
    void orthogonal_rank1_fails() {
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(param(4), 1, new Rng(0)));
    }

    static double[] stats(Tensor t) {
        double s = 0, s2 = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float v : t.toArray()) {
            s += v;
            s2 += (double) v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int n = t.size();
        double mean = s / n;
        return new double[]{mean, Math.sqrt(s2 / n - mean * mean), min, max};
    }

    @Test
    void torchDefault_isUniformWithinOneOverSqrtFanIn_forWeightAndBias() {
        Tensor w = param(256, 100), b = param(256);
        Init.torchDefault(w, b, new Rng(1));
        double bound = 1 / Math.sqrt(100);
        double[] sw = stats(w), sb = stats(b);
        assertTrue(sw[2] >= -bound && sw[3] < bound && sb[2] >= -bound && sb[3] < bound);
        assertTrue(sw[3] > 0.99 * bound && sw[2] < -0.99 * bound, "fills the whole interval");
        assertEquals(bound / Math.sqrt(3), sw[1], 0.02 * bound); // std of U(-a, a) = a/√3
        assertEquals(0, sw[0], 0.02 * bound);
    }

    @Test
    void torchDefault_convUsesInChannelsTimesKernelAsFanIn() {
        Tensor w = param(16, 4, 3, 3);
        assertEquals(36, Init.fanIn(w));
        assertEquals(144, Init.fanOut(w));
        Init.torchDefault(w, null, new Rng(2));
        double[] s = stats(w);
        assertTrue(s[2] >= -1 / 6.0 && s[3] < 1 / 6.0);
    }

    @Test
    void xavierAndHe_haveTheirDocumentedScales() {
        Tensor w = param(300, 200);
        Init.xavierUniform(w, 2, new Rng(1));
        double a = 2 * Math.sqrt(6.0 / 500);
        double[] s = stats(w);
        assertTrue(s[2] >= -a && s[3] < a);
        assertEquals(a / Math.sqrt(3), s[1], 0.01 * a);

        Init.xavierNormal(w, 1, new Rng(2));
        assertEquals(Math.sqrt(2.0 / 500), stats(w)[1], 0.01 * Math.sqrt(2.0 / 500));

        Init.heNormal(w, new Rng(3));
        assertEquals(Math.sqrt(2.0 / 200), stats(w)[1], 0.01 * Math.sqrt(2.0 / 200));

        Init.heUniform(w, new Rng(4));
        double hb = Math.sqrt(6.0 / 200);
        s = stats(w);
        assertTrue(s[2] >= -hb && s[3] < hb);
        assertEquals(hb / Math.sqrt(3), s[1], 0.01 * hb);
    }

    @Test
    void layerInit_orthogonalSetsConstantBias() {
        Tensor w = param(8, 4), b = param(8);
        LayerInit.orthogonal(0.01, 0.5).init(w, b, new Rng(0));
        assertOrthogonal(w, 0.01);
        for (float v : b.toArray()) assertEquals(0.5f, v);
        LayerInit.constant(2f, -1f).init(w, b, new Rng(0));
        assertEquals(2f, w.get(7, 3));
        assertEquals(-1f, b.get(0));
    }
}
