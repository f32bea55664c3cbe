package dev.bellman.bench;

import dev.bellman.nn.Rng;
import dev.bellman.tensor.Ops;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * One 3×3 stride-1 convolution layer alone (no bias): the no-grad forward, or with {@code train} the taped forward and
 * the backward (input and weight gradients), timed by this thread's CPU time: 5 warm-up repeats, then the min and
 * median of 7 repeats of at least 0.2 s each, µs per call. Used for the Winograd before/after in
 * {@code tools/bench/README.md} ({@code -Dbellman.winograd=false} runs the direct kernels):
 * {@code java --add-modules jdk.incubator.vector -Dbellman.threads=1 [-Dbellman.winograd=false] -cp
 * bellman-bench/target/benchmarks.jar dev.bellman.bench.ConvLayerTable N C H O PADDING [train]}.
 */
public final class ConvLayerTable {
    private ConvLayerTable() {}

    public static void main(String[] args) {
        if (args.length < 5) {
            System.err.println("usage: ConvLayerTable N C H O PADDING [train]   (an N×C×H×H input, O output channels, a 3×3 kernel)");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]), c = Integer.parseInt(args[1]), h = Integer.parseInt(args[2]);
        int o = Integer.parseInt(args[3]), p = Integer.parseInt(args[4]);
        boolean train = args.length > 5 && args[5].equals("train");
        Rng rng = new Rng(1);
        float[] xv = new float[n * c * h * h], wv = new float[o * c * 9];
        for (int i = 0; i < xv.length; i++) xv[i] = (float) rng.nextGaussian();
        for (int i = 0; i < wv.length; i++) wv[i] = (float) rng.nextGaussian() * 0.05f;
        Tensor x = Tensor.parameter(xv, n, c, h, h), w = Tensor.parameter(wv, o, c, 3, 3);
        int ho = h + 2 * p - 2;
        float[] g = new float[n * o * ho * ho];
        for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] res = new double[7];
        for (int rep = 0; rep < 12; rep++) {
            int calls = 0;
            long t0 = mx.getCurrentThreadCpuTime();
            do {
                if (train) {
                    Ops.conv2d(x, w, null, 1, p).backward(g);
                } else {
                    try (var ng = Tensor.noGrad()) {
                        Ops.conv2d(x, w, null, 1, p);
                    }
                }
                calls++;
            } while (mx.getCurrentThreadCpuTime() - t0 < 200_000_000L);
            if (rep >= 5) res[rep - 5] = (mx.getCurrentThreadCpuTime() - t0) / 1e3 / calls;
        }
        Arrays.sort(res);
        System.out.printf("%s n=%d c=%d h=%d o=%d p=%d threads=%d winograd=%s: min %.0f median %.0f µs thread CPU%n",
                train ? "forward+backward" : "no-grad forward", n, c, h, o, p, Kernels.threads(),
                System.getProperty("bellman.winograd", "true"), res[0], res[3]);
    }
}
