package dev.bellman.bench;

import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A quick SGEMM table measured in this thread's CPU time (robust on a shared machine, where JMH's
 * wall-clock figures include time the thread spent descheduled): the shapes of {@code GemmBench}
 * and {@code tools/bench/torch_bench.py}, {@code A·B} and {@code A·Bᵀ}, median of 5 repeats.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.GemmTable [--scalar]}
 */
public final class GemmTable {
    private GemmTable() {}

    public static void main(String[] args) {
        boolean scalar = Arrays.asList(args).contains("--scalar");
        Kernels.setSimdEnabled(!scalar);
        Kernels.setThreads(1);
        // the last two: DQN's CleanRL network (4-120-84-2), its middle layer feature-major at batch 128 and at batch 1
        int[][] shapes = {{64, 256, 64}, {256, 256, 256}, {32, 128, 1024}, {1, 64, 4}, {64, 64, 64},
                {32, 2, 64}, {1, 64, 64}, {84, 128, 120}, {1, 84, 120}};
        System.out.printf("simd=%b vectorBits=%d%n", Kernels.simdEnabled(), Kernels.vectorBits());
        System.out.printf("%16s %6s %10s %10s %13s%n", "shape m x n x k", "op", "wall µs", "cpu µs", "GFLOP/s(cpu)");
        for (boolean tb : new boolean[] {false, true}) {
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                SplittableRandom r = new SplittableRandom(1);
                float[] a = GemmBench.random(r, m * k), b = GemmBench.random(r, k * n), c = new float[m * n];
                double flops = 2.0 * m * n * k;
                int iters = (int) Math.max(200, Math.min(2_000_000, 3e8 / flops / (scalar ? 20 : 1)));
                Runnable call = () -> Gemm.sgemm(false, tb, m, n, k, a, 0, k, b, 0, tb ? k : n, 0f, c, 0, n);
                for (int i = 0; i < iters; i++) call.run(); // warm-up
                var t = Timing.median(call, iters, Timing.THREAD_CPU);
                System.out.printf("%16s %6s %10.2f %10.2f %13.1f%n", m + "x" + n + "x" + k, tb ? "A·Bᵀ" : "A·B",
                        t.wallMicros(), t.cpuMicros(), flops / t.cpuNanos());
            }
        }
    }
}
