package dev.bellman.tensor;

import dev.bellman.tensor.kernels.ConvSparse;
import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Parallel;
import dev.bellman.tensor.kernels.Vec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The direct convolution's forward and weight gradient on mostly-zero 8-bit input (MinAtar's 0/1 board planes:
 * a Breakout frame sets about 35 of its 400 values), visiting only the nonzero input values. Called by {@link Conv}'s
 * direct path for byte images ({@link ByteImages}) on a stride-1 layer without padding or dilation; it computes
 * exactly the bits of that path ({@link dev.bellman.tensor.kernels.ConvDirect}), only faster:
 *
 * <ul>
 *   <li>Forward: the direct kernel forms each output {@code out[q][o]} as the FMA chain from 0 over the taps r in order,
 *       {@code c = fma(W[o][r], x(q, r), c)}. A tap whose input is 0 leaves c unchanged ({@code W·0} is ±0, and c is
 *       never −0: a sum from +0 becomes −0 only by adding −0 to −0), so the chain over the nonzero taps alone, in the
 *       same order, gives the same value. Visiting the nonzero inputs in increasing index order (channel, row, column)
 *       and adding each to the outputs it reaches visits, for every output, its taps in increasing order.</li>
 *   <li>Weight gradient: {@code dW[o][r]} is the FMA chain from 0 over samples and then positions in order of
 *       {@code g_i(q, o)·x_i(q, r)}; the same argument drops the zero inputs, and visiting each sample's nonzero inputs in
 *       increasing index order visits, for every tap, its positions in increasing order.</li>
 * </ul>
 * Both need the other factor finite (∞·0 is NaN): the weight, or the output gradient, is checked first, and the call
 * returns false (the caller then runs the dense kernel) when a value is not finite, when the layer is not stride 1
 * without padding or dilation, or when more than a quarter of the input values are nonzero (the dense kernel, with its
 * accumulators in registers, is then faster). Each lane of the 16-channel rows is an independent IEEE operation, so the
 * results do not depend on the vector width, and the forward's tasks (one per sample) write disjoint outputs, so they do not
 * depend on the thread count either (the weight gradient's two tasks each take half the output channels, every chain
 * whole). The inner loops are {@link ConvSparse}'s.
 */
final class ConvSparseBytes {
    private ConvSparseBytes() {}

    /** The sparse kernels run when at most 1 / {@value} of the input values are nonzero. */
    static final int DENSITY_DIVISOR = 4;

    private static final class Scratch {
        float[] wt = new float[0], tmp = new float[0], gt = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /** Whether the geometry is one the sparse kernels compute: stride 1, no padding, no dilation, not 1×1. */
    static boolean applies(Conv.Geom g) {
        return g.stride == 1 && g.pad == 0 && g.dil == 1 && !g.pointwise();
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /** Whether at most 1 / {@link #DENSITY_DIVISOR} of {@code x[off .. off + len)} is nonzero (8 bytes at a time). */
    static boolean sparse(byte[] x, int off, int len) {
        int limit = len / DENSITY_DIVISOR, nonzero = 0, i = off, end = off + len;
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONGS.get(x, i);
            // the top bit of each byte: set when the byte is nonzero
            nonzero += Long.bitCount((((v & LOW7) + LOW7) | v) & ~LOW7);
        }
        for (; i < end; i++) {
            if (x[i] != 0) nonzero++;
        }
        return nonzero <= limit;
    }

    /**
     * {@code out [N, O, hw]} = the layer's output without bias, as the direct forward computes it, for the bytes
     * {@code x[xOff ..]} read through {@code table}; false (nothing written) when the sparse kernel does not apply.
     */
    static boolean forward(Conv.Geom g, byte[] x, int xOff, float[] table, float[] wd, int wo, float[] out) {
        if (!applies(g) || !sparse(x, xOff, g.n * g.chw) || Vec.firstNonFinite(wd, wo, wo + g.o * g.ckk) >= 0) return false;
        int o = g.o, ckk = g.ckk;
        // Wᵀ [ckk, O]: a tap's weights for all output channels in one row
        Scratch sc = SCRATCH.get();
        float[] wt = sc.wt = grow(sc.wt, ckk * o);
        Gemm.transpose(wd, wo, ckk, o, ckk, wt, 0, o);
        Parallel.forEachTask(g.n, i -> {
            Scratch ts = SCRATCH.get();
            float[] tmp = ts.tmp = grow(ts.tmp, g.hw * o);
            ConvSparse.forward(x, xOff + i * g.chw, table, g.c, g.h, g.w, g.kh, g.kw, wt, o, tmp);
            Gemm.transpose(tmp, 0, o, g.hw, o, out, i * o * g.hw, g.hw);
        });
        return true;
    }

    /**
     * {@code gw [O, ckk] +=} the weight gradient for the output gradient {@code grad [N, O, hw]}, as the direct weight
     * gradient computes it; false (nothing written) when the sparse kernel does not apply.
     */
    static boolean weightGrad(Conv.Geom g, byte[] x, int xOff, float[] table, float[] grad, float[] gw) {
        int o = g.o, hw = g.hw, ckk = g.ckk;
        if (!applies(g) || !sparse(x, xOff, g.n * g.chw) || Vec.firstNonFinite(grad, 0, g.n * o * hw) >= 0) return false;
        // the output gradient as [N, hw, O]: one position's gradient for all output channels in one row
        Scratch sc = SCRATCH.get();
        float[] gt = sc.gt = grow(sc.gt, g.n * hw * o);
        Parallel.forEachTask(g.n, i -> Gemm.transpose(grad, i * o * hw, hw, o, hw, gt, i * hw * o, o));
        float[] dwt = new float[ckk * o];
        // each chain over the samples in order, then (inside the kernel) the positions in order; two tasks, each the
        // chains of half the output channels, when the halves fill vectors
        int tasks = o % 2 == 0 && ConvSparse.fitsChannels(0, o / 2) ? 2 : 1;
        Parallel.forEachTask(tasks, t -> {
            int j0 = o * t / tasks, j1 = o * (t + 1) / tasks;
            for (int i = 0; i < g.n; i++) {
                ConvSparse.weightGrad(x, xOff + i * g.chw, table, g.c, g.h, g.w, g.kh, g.kw, gt, i * hw * o, o, j0, j1, dwt);
            }
        });
        for (int oc = 0; oc < o; oc++) {
            int row = oc * ckk;
            for (int r = 0; r < ckk; r++) gw[row + r] += dwt[r * o + oc];
        }
        return true;
    }
}
