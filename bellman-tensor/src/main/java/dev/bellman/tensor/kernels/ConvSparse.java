package dev.bellman.tensor.kernels;

/**
 * A stride-1 convolution without padding or dilation on one 8-bit sample that visits only its nonzero input values
 * (the inner loops of {@code ConvSparseBytes}). Each call forms, for every output (or weight-gradient) element, the same
 * FMA chain as {@link ConvDirect} with the terms of zero inputs left out, in the same order: the inputs are visited in
 * increasing index order (channel, row, column), so each output position meets its taps, and each tap its positions,
 * in increasing order. Every lane is its own IEEE operation, so the results do not depend on the vector width. Needs
 * the output channels {@code o} to be a multiple of the vector length ({@link ConvDirect#supports}).
 */
public final class ConvSparse {
    private ConvSparse() {}

    /**
     * {@code out[q·o + oc]} for the {@code ho·wo} output positions q = the FMA chain from 0, over the taps r in order
     * whose input is nonzero, of {@code wt[r·o + oc]·x(q, r)}; x is the sample's bytes {@code [c, h, w]} from
     * {@code xo} read through {@code table}, {@code wt} the weight transposed to {@code [c·kh·kw, o]}.
     */
    public static void forward(byte[] x, int xo, float[] table, int c, int h, int w, int kh, int kw, float[] wt, int o,
                               float[] out) {
        ConvSparseSimd.forward(x, xo, table, c, h, w, kh, kw, wt, o, out);
    }

    /**
     * {@code dwt[r·o + oc]} for every tap r and the output channels oc in {@code [j0, j1)}, continued (it holds the chains
     * over the earlier samples): the FMA chain over the positions q in order whose input x(q, r) is nonzero of
     * {@code gt[gOff + q·o + oc]·x(q, r)}, with {@code gt} the sample's output gradient laid out {@code [ho·wo, o]}.
     * The channel range must satisfy {@link #fitsChannels}.
     */
    public static void weightGrad(byte[] x, int xo, float[] table, int c, int h, int w, int kh, int kw, float[] gt,
                                  int gOff, int o, int j0, int j1, float[] dwt) {
        ConvSparseSimd.weightGrad(x, xo, table, c, h, w, kh, kw, gt, gOff, o, j0, j1, dwt);
    }

    /** Whether {@link #weightGrad} can take the output channels {@code [j0, j1)} (whole vectors, or halves of 16). */
    public static boolean fitsChannels(int j0, int j1) {
        return ConvSparseSimd.fits(j0, j1);
    }
}
