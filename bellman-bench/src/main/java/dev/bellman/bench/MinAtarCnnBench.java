package dev.bellman.bench;

import dev.bellman.nn.Linear;
import dev.bellman.nn.MinAtarCnn;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The MinAtar Q-network of {@code tools/bench/torch_bench.py}: {@link MinAtarCnn} torso (conv 3×3,
 * 16 channels → ReLU → flatten → linear 128 → ReLU) and a linear head of 6 actions, on N×4×10×10
 * boards. Training step at batch 32 (forward, MSE on the 6 outputs, zero grad, backward, Adam) and
 * forward at batch 1 under no-grad. Time per call in µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MinAtarCnnBench {

    Sequential net;
    Adam adam;
    Tensor x32, t32, x1;

    @Setup(Level.Trial)
    public void setup() {
        Rng rng = new Rng(0);
        net = new Sequential(new MinAtarCnn(4, rng), new Linear(128, 6, rng));
        adam = new Adam(net.parameters(), 1e-3);
        float[] x = new float[32 * 4 * 10 * 10], t = new float[32 * 6];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
        for (int i = 0; i < t.length; i++) t[i] = rng.nextFloat();
        x32 = Tensor.of(x, 32, 4, 10, 10);
        t32 = Tensor.of(t, 32, 6);
        x1 = Tensor.of(java.util.Arrays.copyOf(x, 400), 1, 4, 10, 10);
    }

    @Benchmark
    public Tensor trainStepBatch32() {
        adam.zeroGrad();
        Tensor loss = Losses.mse(net.forward(x32), t32);
        loss.backward();
        adam.step();
        return loss;
    }

    @Benchmark
    public Tensor forwardBatch1NoGrad() {
        try (var g = Tensor.noGrad()) {
            return net.forward(x1);
        }
    }
}
