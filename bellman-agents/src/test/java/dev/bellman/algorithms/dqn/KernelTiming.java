package dev.bellman.algorithms.dqn;

import dev.bellman.nn.Rng;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.kernels.Gemm;
import java.lang.management.ManagementFactory;
import java.util.List;

/** Ad-hoc timing main (not a test). */
final class KernelTiming {
    public static void main(String[] a) {
        int in = Integer.parseInt(a[0]), h1 = Integer.parseInt(a[1]), h2 = Integer.parseInt(a[2]), b = Integer.parseInt(a[3]);
        var mx = ManagementFactory.getThreadMXBean();
        Dqn.QNetwork net = new Dqn.QNetwork(new Dqn.Architecture(new int[]{in}, 2, 0, List.of(h1, h2), false, "mlp", false), new Rng(1));
        FusedAdam opt = new FusedAdam(net.parameters(), 1e-4);
        Rng r = new Rng(2);
        float[] x = new float[b * in]; for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        int[] act = new int[b]; float[] y = new float[b], q = new float[b * 2];
        for (int rep = 0; rep < 3; rep++) {
            int n = 3000;
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) net.lossAndGrad(x, b, act, y, null, false, null, null);
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) net.qValues(x, b, q);
            long t2 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) opt.step();
            long t3 = mx.getCurrentThreadCpuTime();
            float[] w = new float[h1 * h2], xx = new float[b * h1], yy = new float[b * h2];
            for (int i = 0; i < n; i++) Gemm.sgemm(false, true, b, h2, h1, xx, 0, h1, w, 0, h1, 0f, yy, 0, h2);
            long t4 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) Gemm.sgemm(true, false, h2, h1, b, yy, 0, h2, xx, 0, h1, 0f, w, 0, h1);
            long t5 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) Gemm.sgemm(false, false, b, h1, h2, yy, 0, h2, w, 0, h1, 0f, xx, 0, h1);
            long t6 = mx.getCurrentThreadCpuTime();
            double f = 2.0 * b * h1 * h2;
            System.out.printf("lossAndGrad %.1f us, forward %.1f us, adam %.1f us | xWt %.1f us (%.1f GF/s), dYtX %.1f us (%.1f), dYW %.1f us (%.1f)%n",
                    (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n,
                    (t4 - t3) / 1e3 / n, f * n / (t4 - t3), (t5 - t4) / 1e3 / n, f * n / (t5 - t4), (t6 - t5) / 1e3 / n, f * n / (t6 - t5));
        }
    }
}
