package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

import java.util.Arrays;

/**
 * Weight initialisers with the semantics of {@code torch.nn.init}; each fills a tensor's storage
 * in place from a seeded {@link Rng}, so the same seed gives the same network.
 *
 * <p>Fans follow PyTorch: for a weight of shape {@code [out, in, k...]}, fan_in = in·∏k and
 * fan_out = out·∏k.
 *
 * <ul>
 *   <li>{@link #orthogonal}: Saxe et al. (2014); a Gaussian matrix's QR factor with the signs fixed
 *       so that R has a positive diagonal, times {@code gain} (as {@code orthogonal_}).</li>
 *   <li>{@link #xavierUniform}/{@link #xavierNormal}: Glorot and Bengio (2010).</li>
 *   <li>{@link #heUniform}/{@link #heNormal}/{@link #kaimingUniform}: He et al. (2015).</li>
 *   <li>{@link #torchDefault}: what {@code nn.Linear} and {@code nn.Conv2d} do on construction:
 *       kaiming_uniform with a = √5, which is U(−1/√fan_in, 1/√fan_in), for the weight and the
 *       same bound for the bias.</li>
 * </ul>
 * The random numbers are Bellman's, not PyTorch's: distributions match, draws do not.
 */
public final class Init {
    private Init() {}

    /** fan_in of a weight of rank ≥ 2 ({@code shape[1]·∏shape[2:]}). */
    public static int fanIn(Tensor w) {
        int[] s = fanShape(w);
        return s[1] * receptive(s);
    }

    /** fan_out of a weight of rank ≥ 2 ({@code shape[0]·∏shape[2:]}). */
    public static int fanOut(Tensor w) {
        int[] s = fanShape(w);
        return s[0] * receptive(s);
    }

    private static int[] fanShape(Tensor w) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException("fan in and fan out need a tensor of rank >= 2 but the shape was "
                    + Arrays.toString(w.shape()));
        }
        return w.shape();
    }

    private static int receptive(int[] s) {
        int r = 1;
        for (int i = 2; i < s.length; i++) r *= s[i];
        return r;
    }

    /** Fills with {@code value}. */
    public static void constant(Tensor t, float value) {
        Arrays.fill(t.data(), t.offset(), t.offset() + t.size(), value);
    }

    /** Fills with U(lo, hi). */
    public static void uniform(Tensor t, double lo, double hi, Rng rng) {
        if (!(lo <= hi)) throw new IllegalArgumentException("uniform needs lo <= hi but got [" + lo + ", " + hi + ")");
        float[] d = t.data();
        for (int i = 0; i < t.size(); i++) d[t.offset() + i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }

    /** Fills with N(mean, std²). */
    public static void normal(Tensor t, double mean, double std, Rng rng) {
        if (!(std >= 0)) throw new IllegalArgumentException("std must be >= 0 but was " + std);
        float[] d = t.data();
        for (int i = 0; i < t.size(); i++) d[t.offset() + i] = (float) (mean + std * rng.nextGaussian());
    }

    /** Xavier/Glorot uniform: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)). */
    public static void xavierUniform(Tensor w, double gain, Rng rng) {
        double a = gain * Math.sqrt(6.0 / (fanIn(w) + fanOut(w)));
        uniform(w, -a, a, rng);
    }

    /** Xavier/Glorot normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)). */
    public static void xavierNormal(Tensor w, double gain, Rng rng) {
        normal(w, 0, gain * Math.sqrt(2.0 / (fanIn(w) + fanOut(w))), rng);
    }

    /**
     * Kaiming uniform for a leaky-ReLU gain with negative slope {@code a}, fan_in mode:
     * U(−b, b) with b = √3 · √(2 / (1 + a²)) / √fan_in.
     */
    public static void kaimingUniform(Tensor w, double a, Rng rng) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double bound = Math.sqrt(3.0) * gain / Math.sqrt(fanIn(w));
        uniform(w, -bound, bound, rng);
    }

    /** He uniform (ReLU gain √2, fan_in): U(−√(6/fan_in), √(6/fan_in)). */
    public static void heUniform(Tensor w, Rng rng) {
        kaimingUniform(w, 0, rng);
    }

    /** He normal (ReLU gain √2, fan_in): N(0, 2/fan_in). */
    public static void heNormal(Tensor w, Rng rng) {
        normal(w, 0, Math.sqrt(2.0 / fanIn(w)), rng);
    }

    /**
     * PyTorch's default for {@code nn.Linear}/{@code nn.Conv2d}: weight and bias (may be null) from
     * U(−1/√fan_in, 1/√fan_in).
     */
    public static void torchDefault(Tensor weight, Tensor bias, Rng rng) {
        kaimingUniform(weight, Math.sqrt(5), rng); // bound = √3·√(2/6)/√fan_in = 1/√fan_in
        if (bias != null) {
            int fanIn = fanIn(weight);
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            uniform(bias, -bound, bound, rng);
        }
    }

    /**
     * Orthogonal initialisation (Saxe et al. 2014) as {@code torch.nn.init.orthogonal_}: the weight,
     * viewed as a matrix W of shape [rows = shape[0], cols = size/rows], becomes gain·Q where Q has
     * orthonormal columns (rows ≥ cols, WᵀW = gain²·I) or orthonormal rows (rows < cols, WWᵀ = gain²·I).
     *
     * <p>Q is the QR factor of a standard Gaussian matrix (transposed first when rows < cols), with
     * signs chosen so that R has a positive diagonal, which makes Q Haar-distributed. It is
     * computed here by modified Gram–Schmidt with one re-orthogonalisation pass in double precision,
     * which yields that same (unique) factor.
     */
    public static void orthogonal(Tensor w, double gain, Rng rng) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException("orthogonal init needs a tensor of rank >= 2 but the shape was "
                    + Arrays.toString(w.shape()));
        }
        int rows = w.dim(0);
        int cols = rows == 0 ? 0 : w.size() / rows;
        if (rows == 0 || cols == 0) return;
        double[][] g = new double[rows][cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) g[r][c] = rng.nextGaussian();
        boolean transpose = rows < cols;
        int n = Math.max(rows, cols), m = Math.min(rows, cols);
        // a[j] is column j of the tall n×m matrix A (G, or Gᵀ when rows < cols).
        double[][] a = new double[m][n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (transpose) a[r][c] = g[r][c];
                else a[c][r] = g[r][c];
            }
        }
        for (int j = 0; j < m; j++) {
            double[] v = a[j];
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += a[k][i] * v[i];
                    for (int i = 0; i < n; i++) v[i] -= dot * a[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += v[i] * v[i];
            norm = Math.sqrt(norm);
            if (norm == 0) throw new ArithmeticException("orthogonal init: degenerate Gaussian sample");
            for (int i = 0; i < n; i++) v[i] /= norm;
        }
        float[] d = w.data();
        int off = w.offset();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double q = transpose ? a[r][c] : a[c][r];
                d[off + r * cols + c] = (float) (gain * q);
            }
        }
    }
}
