package dev.bellman.bench;

import dev.bellman.tensor.Ops;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One thread against two, alternating in one process (1, 2, 1, 2, … for each case, wall clock, the minimum and the
 * median of the rounds): SGEMM at the shapes of DQN's and SAC's updates in the three transpose forms, and a
 * multilayer perceptron's forward and backward ({@code Ops.linear}, ReLU, a squared-mean loss) at SAC's critic
 * (batch 256, 4-256-256-1), DQN's Q network (128, 4-120-84-2) and PPO's (128, 4-64-64-2) shapes. Wall time gains from
 * the second thread only when the machine's other core is free: record {@code uptime} with the figures.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.ThreadsTable [rounds]}
 */
public final class ThreadsTable {
    private ThreadsTable() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        SplittableRandom r = new SplittableRandom(1);
        System.out.printf("%-28s %12s %12s %12s %12s%n", "case", "1T min µs", "2T min µs", "1T median", "2T median");
        // m, n, k
        int[][] shapes = {{128, 120, 84}, {128, 84, 120}, {120, 84, 128}, {256, 256, 256}};
        String[] forms = {"A·Bᵀ", "Aᵀ·B", "A·B"};
        for (int[] s : shapes) {
            for (int f = 0; f < 3; f++) {
                int m = s[0], n = s[1], k = s[2];
                boolean ta = f == 1, tb = f == 0;
                float[] a = fill(r, m * k), b = fill(r, k * n), c = new float[m * n];
                int lda = ta ? m : k, ldb = tb ? k : n;
                int reps = (int) Math.max(50, 2e8 / (2.0 * m * n * k));
                report(m + "×" + n + "×" + k + " " + forms[f], rounds, reps,
                        () -> Gemm.sgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, c, 0, n));
            }
        }
        mlp("MLP SAC critic 256, 256-256", r, rounds, 256, new int[] {4, 256, 256, 1}, 100);
        mlp("MLP DQN 128, 120-84", r, rounds, 128, new int[] {4, 120, 84, 2}, 500);
        mlp("MLP PPO 128, 64-64", r, rounds, 128, new int[] {4, 64, 64, 2}, 1000);
    }

    private static void mlp(String name, SplittableRandom r, int rounds, int batch, int[] dims, int reps) {
        Tensor[] w = new Tensor[dims.length - 1], b = new Tensor[dims.length - 1];
        for (int l = 0; l < w.length; l++) {
            w[l] = Tensor.parameter(fill(r, dims[l + 1] * dims[l]), dims[l + 1], dims[l]);
            b[l] = Tensor.parameter(fill(r, dims[l + 1]), dims[l + 1]);
        }
        float[] x = fill(r, batch * dims[0]);
        report(name, rounds, reps, () -> {
            Tensor h = Tensor.of(x.clone(), batch, dims[0]);
            for (int l = 0; l < w.length; l++) {
                h = Ops.linear(h, w[l], b[l]);
                if (l < w.length - 1) h = h.relu();
            }
            h.square().mean().backward();
            for (int l = 0; l < w.length; l++) {
                w[l].zeroGrad();
                b[l].zeroGrad();
            }
        });
    }

    private static void report(String name, int rounds, int reps, Runnable body) {
        double[][] t = new double[2][rounds];
        for (int round = -2; round < rounds; round++) { // two rounds of warm-up
            for (int threads = 1; threads <= 2; threads++) {
                Kernels.setThreads(threads);
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) body.run();
                if (round >= 0) t[threads - 1][round] = (System.nanoTime() - t0) / 1e3 / reps;
            }
        }
        Arrays.sort(t[0]);
        Arrays.sort(t[1]);
        System.out.printf("%-28s %12.1f %12.1f %12.1f %12.1f%n", name, t[0][0], t[1][0], t[0][rounds / 2], t[1][rounds / 2]);
        Kernels.setThreads(1);
    }

    private static float[] fill(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 0.2 - 0.1);
        return a;
    }
}
