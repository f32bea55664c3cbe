package dev.bellman.tensor.kernels;

/**
 * A direct convolution kernel for inference (implicit GEMM): each output element is the fused
 * multiply-add chain over the taps in order, read straight from the input, with no column matrix.
 *
 * <p>For one sample, position {@code q} and output channel {@code o}:
 * {@code out[q·O + o] = fma(x[b(q) + off[K−1]], wt[(K−1)·O + o], … fma(x[b(q) + off[0]], wt[o], 0))}, where
 * {@code wt} is the weight transposed to {@code [K, O]} ({@code K = C·kh·kw} taps), {@code b(q)} the input offset
 * of position q and {@code off[r]} that of tap r. The lanes of a vector hold distinct output channels, so every
 * element's summation order is fixed whatever the vector width: this is the order of
 * {@link Gemm#sgemmInOrder} on the lowered rows, so the result equals lowering the input and multiplying.
 * The SIMD kernel holds 6 positions × 2 vectors of channels in registers (8 positions × 1 vector for a
 * last single vector) and needs {@code O} to be a multiple of the vector length; {@link #supports} says when it applies.
 */
public final class ConvDirect {
    private ConvDirect() {}

    /** Whether {@link #forward} can run for {@code outChannels}: SIMD on and the channels a multiple of the vector length. */
    public static boolean supports(int outChannels) {
        return Kernels.simdEnabled() && outChannels > 0 && outChannels % ConvDirectSimd.lanes() == 0;
    }

    /**
     * Float input: {@code out[outOff + q·O + o]} for q in {@code [0, positions)} (see the class comment), x read at
     * {@code xo + base[q] + off[r]}.
     */
    public static void forward(float[] x, int xo, int[] base, int positions, int[] off, float[] wt, int outChannels,
                               float[] out, int outOff) {
        ConvDirectSimd.forward(x, null, null, xo, base, positions, off, wt, outChannels, out, outOff);
    }

    /** Byte input: as {@link #forward(float[], int, int[], int, int[], float[], int, float[], int)} with each value {@code table[b & 0xFF]}. */
    public static void forward(byte[] x, float[] table, int xo, int[] base, int positions, int[] off, float[] wt,
                               int outChannels, float[] out, int outOff) {
        ConvDirectSimd.forward(null, x, table, xo, base, positions, off, wt, outChannels, out, outOff);
    }

    /**
     * The weight gradient without a column matrix: {@code dwt[r·O + o]} for taps r in {@code [r0, r1)} is the
     * FMA chain, from 0, over samples {@code i < n} and then positions {@code q < positions} in order, of
     * {@code x[xo + i·chw + base[q] + off[r]] · gt[(i·positions + q)·O + o]}, with {@code gt} the output gradient laid
     * out {@code [n, positions, O]}. Float input ({@code xb == null}) or bytes through {@code table}.
     */
    public static void weightGrad(float[] xf, byte[] xb, float[] table, int xo, int chw, int n, int[] base, int positions,
                                  int[] off, int r0, int r1, float[] gt, int outChannels, float[] dwt) {
        ConvDirectSimd.weightGrad(xf, xb, table, xo, chw, n, base, positions, off, r0, r1, gt, outChannels, dwt);
    }
}
