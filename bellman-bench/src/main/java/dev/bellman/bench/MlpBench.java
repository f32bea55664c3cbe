package dev.bellman.bench;

import dev.bellman.nn.Activation;
import dev.bellman.nn.Mlp;
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
 * The MLP 4-64-64-2 with tanh of {@code tools/bench/torch_bench.py}: forward at batch 1 (under
 * no-grad, as action selection runs, and with the tape recording), and a training step at batch 64
 * (forward, MSE, zero grad, backward, Adam step). Time per call in µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MlpBench {

    Sequential mlp;
    Adam adam;
    float[] x1;
    Tensor x64, t64;

    @Setup(Level.Trial)
    public void setup() {
        Rng rng = new Rng(0);
        mlp = Mlp.builder(4, 64, 64, 2).activation(Activation::tanh).build(rng);
        adam = new Adam(mlp.parameters(), 1e-3);
        x1 = new float[] {0.1f, -0.2f, 0.3f, 0.05f};
        float[] x = new float[64 * 4], t = new float[64 * 2];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
        for (int i = 0; i < t.length; i++) t[i] = rng.nextFloat();
        x64 = Tensor.of(x, 64, 4);
        t64 = Tensor.of(t, 64, 2);
    }

    @Benchmark
    public Tensor forwardBatch1NoGrad() {
        try (var g = Tensor.noGrad()) {
            return mlp.forward(Tensor.of(x1, 1, 4));
        }
    }

    @Benchmark
    public Tensor forwardBatch1Autograd() {
        return mlp.forward(Tensor.of(x1, 1, 4));
    }

    @Benchmark
    public Tensor trainStepBatch64() {
        adam.zeroGrad();
        Tensor loss = Losses.mse(mlp.forward(x64), t64);
        loss.backward();
        adam.step();
        return loss;
    }
}
