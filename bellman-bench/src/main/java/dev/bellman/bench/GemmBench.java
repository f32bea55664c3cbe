package dev.bellman.bench;

import dev.bellman.tensor.kernels.Gemm;
import dev.bellman.tensor.kernels.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single-threaded SGEMM throughput, {@code C[m,n] = A[m,k]·B[k,n]} (or with {@code Bᵀ} stored
 * [n,k] as a PyTorch linear layer holds its weight).
 *
 * <p>Reports calls per second and, through the {@code flops} auxiliary counter, floating-point
 * operations per second: the {@code ·flops} line in JMH's output is FLOP/s (2·m·n·k per call).
 * Shapes are {@code "mxnxk"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {

    @Param({"64x256x64", "256x256x256", "32x128x1024", "1x64x4", "64x64x64", "32x2x64", "1x64x64"})
    public String shape;

    @Param({"false"})
    public boolean transB;

    @Param({"true"})
    public boolean simd;

    int m, n, k;
    float[] a, b, c;

    @Setup(Level.Trial)
    public void setup() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        SplittableRandom r = new SplittableRandom(1);
        a = random(r, m * k);
        b = random(r, k * n);
        c = new float[m * n];
        Kernels.setSimdEnabled(simd);
        Kernels.setThreads(1);
    }

    static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** FLOP counter: JMH divides the accumulated count by the measured time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    @Benchmark
    public float[] sgemm(Flops counter) {
        Gemm.sgemm(false, transB, m, n, k, a, 0, k, b, 0, transB ? k : n, 0f, c, 0, n);
        counter.flops += 2L * m * n * k;
        return c;
    }
}
