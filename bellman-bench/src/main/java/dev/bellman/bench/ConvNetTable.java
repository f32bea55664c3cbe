package dev.bellman.bench;

import dev.bellman.nn.Linear;
import dev.bellman.nn.MinAtarCnn;
import dev.bellman.nn.NatureCnn;
import dev.bellman.nn.Rng;
import dev.bellman.nn.Sequential;
import dev.bellman.optim.Adam;
import dev.bellman.tensor.Losses;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Parallel;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Convolutional workloads side by side with {@code tools/bench/torch_conv_bench.py} (same names, shapes and
 * work): NatureCNN (4×84×84 pixel values as floats, divided by 255 inside the torso) forward at batch 1 and 32
 * under no-grad, and a train step at batch 32 (torso + linear head of 6 actions, MSE against a fixed target,
 * zero grad, backward, Adam); the MinAtar net ({@link MinAtarCnn} + linear head of 6, 4×10×10) train step at
 * batch 32 and forward at batch 1.
 *
 * <p>Prints wall-clock µs per call (median of 5 repeats of ~0.3 s after a warm-up of 2 s) and this thread's CPU
 * µs (which leaves out the other kernel threads when {@code -Dbellman.threads} is above 1, so compare wall times
 * then). Run: {@code tools/bench/conv_bench.sh} (both sides, 1 and 2 threads) or
 * {@code java --add-modules jdk.incubator.vector -Dbellman.threads=N -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.ConvNetTable}.
 */
public final class ConvNetTable {
    private ConvNetTable() {}

    private static Tensor pixels(Rng rng, int n) {
        float[] x = new float[n * 4 * 84 * 84];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(256);
        return Tensor.of(x, n, 4, 84, 84);
    }

    private static Tensor uniform(Rng rng, int... shape) {
        float[] x = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
        return Tensor.of(x, shape);
    }

    private static Runnable trainStep(Sequential net, Tensor x, Tensor target) {
        Adam adam = new Adam(net.parameters(), 1e-3);
        return () -> {
            adam.zeroGrad();
            Tensor loss = Losses.mse(net.forward(x), target);
            loss.backward();
            adam.step();
        };
    }

    private static Runnable noGrad(Sequential net, Tensor x) {
        return () -> {
            try (var g = Tensor.noGrad()) {
                net.forward(x);
            }
        };
    }

    public static void main(String[] args) {
        Rng rng = new Rng(0);
        Sequential nature = new Sequential(new NatureCnn(rng), new Linear(512, 6, rng));
        Sequential minatar = new Sequential(new MinAtarCnn(4, rng), new Linear(128, 6, rng));
        Tensor n32 = pixels(rng, 32), n1 = pixels(rng, 1), nt = uniform(rng, 32, 6);
        Tensor m32 = uniform(rng, 32, 4, 10, 10), m1 = uniform(rng, 1, 4, 10, 10), mt = uniform(rng, 32, 6);

        Map<String, Runnable> work = new LinkedHashMap<>();
        work.put("NatureCNN forward, batch 1, no_grad", noGrad(nature, n1));
        work.put("NatureCNN forward, batch 32, no_grad", noGrad(nature, n32));
        work.put("NatureCNN train step (MSE, Adam), batch 32", trainStep(nature, n32, nt));
        work.put("MinAtar CNN train step (MSE, Adam), batch 32", trainStep(minatar, m32, mt));
        work.put("MinAtar CNN forward, batch 1, no_grad", noGrad(minatar, m1));
        String only = args.length > 0 ? args[0] : null;

        System.out.printf("Bellman, threads %d, %s%n", Parallel.threads(), java.time.Instant.now());
        System.out.printf("%46s %10s %10s%n", "workload", "wall µs", "cpu µs");
        for (var e : work.entrySet()) {
            if (only != null && !e.getKey().contains(only)) continue;
            var t = Timing.measure(e.getValue(), Timing.WALL, 2_000_000_000L, 0, Timing.THREAD_CPU);
            System.out.printf("%46s %10.2f %10.2f%n", e.getKey(), t.wallMicros(), t.cpuMicros());
        }
    }
}
