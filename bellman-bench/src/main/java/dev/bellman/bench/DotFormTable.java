package dev.bellman.bench;

import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Kernels;
import dev.bellman.tensor.kernels.Vec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The kernels whose summation order is fixed across vector widths, timed in this thread's CPU time (median of 5):
 * SGEMM shapes that take the dot form (batch-1 {@code x·Wᵀ}, the MinAtar DQN's hidden layer at batch 32, value and
 * policy heads with n ≤ 4, k tails) and {@link Vec#sum}/{@link Vec#dot}. Run it at the default width and under
 * {@code -XX:UseAVX=2} or {@code -XX:MaxVectorSize=16} to time the narrower paths.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.DotFormTable}
 */
public final class DotFormTable {
    private DotFormTable() {}

    public static void main(String[] args) {
        Kernels.setThreads(1);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // m, n, k, transB
        int[][] shapes = {{1, 64, 64, 1}, {1, 84, 120, 1}, {1, 256, 256, 1}, {1, 64, 100, 1}, {2, 64, 64, 1},
                {16, 64, 200, 1}, {32, 128, 1024, 1}, {64, 1, 64, 0}, {256, 1, 64, 0}, {32, 2, 64, 0}, {64, 2, 67, 1}};
        System.out.printf("vectorBits=%d%n", Kernels.vectorBits());
        System.out.printf("%22s %10s%n", "kernel", "cpu µs");
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean tb = s[3] == 1;
            SplittableRandom r = new SplittableRandom(1);
            float[] a = GemmBench.random(r, m * k), b = GemmBench.random(r, k * n), c = new float[m * n];
            int iters = (int) Math.max(2_000, Math.min(2_000_000, 3e8 / (2.0 * m * n * k)));
            time(mx, String.format("%dx%dx%d %s", m, n, k, tb ? "A·Bᵀ" : "A·B"), iters,
                    () -> Gemm.sgemm(false, tb, m, n, k, a, 0, k, b, 0, tb ? k : n, 0f, c, 0, n));
        }
        for (int n : new int[] {100, 1000, 10_000}) {
            float[] x = GemmBench.random(new SplittableRandom(2), n), y = GemmBench.random(new SplittableRandom(3), n);
            float[] sink = new float[1];
            int iters = Math.max(2_000, 20_000_000 / n);
            time(mx, "Vec.sum n=" + n, iters, () -> sink[0] += Vec.sum(x, 0, n));
            time(mx, "Vec.dot n=" + n, iters, () -> sink[0] += Vec.dot(x, 0, y, 0, n));
        }
    }

    private static void time(ThreadMXBean mx, String name, int iters, Runnable call) {
        for (int i = 0; i < 2 * iters; i++) call.run(); // warm-up
        double[] cpu = new double[5];
        for (int rep = 0; rep < 5; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < iters; i++) call.run();
            cpu[rep] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / iters;
        }
        Arrays.sort(cpu);
        System.out.printf("%22s %10.3f%n", name, cpu[2]);
    }
}
