package dev.bellman.bench;

import dev.bellman.tensor.kernels.FastMath;
import dev.bellman.tensor.kernels.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * tanh and exp over an array of 4096 floats in [−8, 8]: {@link FastMath} array forms with SIMD
 * ({@code impl=simd}), the same with SIMD off ({@code impl=scalar}), and a loop over
 * {@link Math#tanh}/{@link Math#exp} in double ({@code impl=math}). Time per array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FastMathBench {

    @Param({"simd", "scalar", "math"})
    public String impl;

    float[] x = new float[4096];
    float[] y = new float[4096];

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 16 - 8);
        Kernels.setSimdEnabled(!impl.equals("scalar"));
    }

    @Benchmark
    public float[] tanh() {
        if (impl.equals("math")) {
            for (int i = 0; i < x.length; i++) y[i] = (float) Math.tanh(x[i]);
        } else {
            FastMath.tanh(x, 0, y, 0, x.length);
        }
        return y;
    }

    @Benchmark
    public float[] exp() {
        if (impl.equals("math")) {
            for (int i = 0; i < x.length; i++) y[i] = (float) Math.exp(x[i]);
        } else {
            FastMath.exp(x, 0, y, 0, x.length);
        }
        return y;
    }
}
