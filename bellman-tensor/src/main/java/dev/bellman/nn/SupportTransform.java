package dev.bellman.nn;

import dev.bellman.tensor.Tensor;

/**
 * Categorical value and reward heads: scalars as distributions over the integer support {@code −S … S} after the
 * invertible squashing transform of Pohlen et al. 2018, as MuZero (Schrittwieser et al. 2020, Appendix F) uses.
 * <pre>
 *   h(x)  = sign(x)·(√(|x| + 1) − 1) + ε·x
 *   h⁻¹(y) = sign(y)·(((√(1 + 4ε(|y| + 1 + ε)) − 1) / (2ε))² − 1)      (exact closed form)
 * </pre>
 * {@link #scalarToSupport}: y = clamp(h(x), −S, S) becomes a two-hot vector over the {@code 2S + 1} atoms
 * (probability {@code 1 − (y − ⌊y⌋)} on ⌊y⌋, {@code y − ⌊y⌋} on ⌊y⌋ + 1), the target of
 * {@code Losses.crossEntropy(logits, probs)}; {@link #supportToScalar}: the expectation {@code Σ_k softmax(z)_k·k}
 * mapped back by h⁻¹. The transform is applied in double precision.
 *
 * <p>Symbols: {@code supportSize} = S (MuZero uses 300 for board games and Atari), {@code eps} = ε (0.001 in both
 * papers).
 *
 * @param supportSize S, the largest atom; the support has {@code 2S + 1} atoms
 * @param eps         ε of h, at least 0 (0 makes h⁻¹ the limit {@code (|y| + 1)² − 1}, with sign)
 */
public record SupportTransform(int supportSize, double eps) {

    /** MuZero's ε. */
    public static final double MUZERO_EPS = 0.001;

    public SupportTransform {
        if (supportSize <= 0) throw new IllegalArgumentException("supportSize must be positive but was " + supportSize);
        if (!(eps >= 0 && eps < 1)) throw new IllegalArgumentException("eps must be in [0, 1) but was " + eps);
    }

    /** The transform with MuZero's ε = 0.001. */
    public static SupportTransform of(int supportSize) {
        return new SupportTransform(supportSize, MUZERO_EPS);
    }

    /** The number of atoms, 2S + 1. */
    public int numAtoms() {
        return 2 * supportSize + 1;
    }

    /** h(x) = sign(x)(√(|x| + 1) − 1) + εx. */
    public double h(double x) {
        return Math.signum(x) * (Math.sqrt(Math.abs(x) + 1) - 1) + eps * x;
    }

    /** h⁻¹(y), the exact inverse of {@link #h}. */
    public double hInverse(double y) {
        double a = Math.abs(y);
        double root = eps == 0 ? a + 1 : (Math.sqrt(1 + 4 * eps * (a + 1 + eps)) - 1) / (2 * eps);
        return Math.signum(y) * (root * root - 1);
    }

    /**
     * Two-hot targets {@code [N, 2S + 1]} for scalars {@code x[N]} (atom k − S at column k), a constant tensor.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite (naming it and its position)
     */
    public Tensor scalarToSupport(float[] x) {
        int atoms = numAtoms();
        float[] out = new float[x.length * atoms];
        for (int r = 0; r < x.length; r++) {
            if (!Float.isFinite(x[r])) {
                throw new IllegalArgumentException("scalarToSupport: value " + x[r] + " at position " + r + " is not finite");
            }
            double y = Math.max(-supportSize, Math.min(supportSize, h(x[r])));
            double low = Math.floor(y);
            double p = y - low;
            int k = (int) low + supportSize;
            out[r * atoms + k] = (float) (1 - p);
            if (k + 1 < atoms) out[r * atoms + k + 1] += (float) p; // at y = S, p = 0
        }
        return Tensor.of(out, x.length, atoms);
    }

    /**
     * The scalars {@code h⁻¹(Σ_k softmax(z)_k · (k − S))} for logits {@code z [N, 2S + 1]}; no gradient (for acting,
     * search and targets).
     */
    public float[] supportToScalar(Tensor logits) {
        int atoms = numAtoms();
        int[] s = logits.shape();
        if (s.length != 2 || s[1] != atoms) {
            throw new IllegalArgumentException("supportToScalar: logits " + java.util.Arrays.toString(s) + " must be [N, "
                    + atoms + "] for support size " + supportSize);
        }
        float[] d = logits.data();
        int off = logits.offset();
        float[] out = new float[s[0]];
        for (int r = 0; r < s[0]; r++) {
            int ro = off + r * atoms;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < atoms; k++) max = Math.max(max, d[ro + k]);
            double z = 0, m = 0;
            for (int k = 0; k < atoms; k++) {
                double e = Math.exp(d[ro + k] - max);
                z += e;
                m += e * (k - supportSize);
            }
            out[r] = (float) hInverse(m / z);
        }
        return out;
    }
}
