package dev.bellman.bench;

import dev.bellman.nn.AlphaZeroTower;
import dev.bellman.nn.Rng;
import dev.bellman.optim.Sgd;
import dev.bellman.tensor.Tensor;
import dev.bellman.tensor.kernels.Kernels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AlphaZero tower of issue 14 timed side by side with {@code tools/bench/alphazero_bench.py}
 * (the same workloads in PyTorch): 17 planes, 9×9 board, 6 residual blocks × 64 channels, 82
 * actions, value hidden 256. Inference in eval mode under no-grad at batch 1 and 64; a training
 * step at batch 256 in train mode: cross-entropy against soft policy targets plus the value MSE,
 * zero grad, backward, plain SGD (lr 0.01).
 *
 * <p>Per workload: warm-up of at least 2 calls and 3 s, then 5 repeats of a calibrated number of
 * calls (at least 0.3 s each); the medians of wall time and of process CPU time per call (CPU time
 * includes the JIT and GC threads; on a loaded machine wall time is inflated by descheduling), or with {@code CPU=thread}
 * in the environment this thread's CPU time instead (as {@code alphazero_bench.py} then measures too: the figure to
 * compare at one thread on a loaded machine).
 *
 * <p>Run ({@code tools/bench/alphazero_bench.sh} runs both sides for 1 and 2 threads): {@code java
 * --add-modules jdk.incubator.vector -Dbellman.threads=N -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.AlphaZeroTowerTable}
 */
public final class AlphaZeroTowerTable {
    private AlphaZeroTowerTable() {}

    public static void main(String[] args) {
        AlphaZeroTower.Config cfg = AlphaZeroTower.Config.of(17, 9, 6, 64);
        Rng rng = new Rng(0);
        AlphaZeroTower net = new AlphaZeroTower(cfg, rng);
        Sgd sgd = new Sgd(net.parameters(), 0.01);
        Tensor x1 = planes(rng, 1), x64 = planes(rng, 64), x256 = planes(rng, 256);
        float[] pi = new float[256 * cfg.actions()], z = new float[256];
        for (int i = 0; i < 256; i++) {
            double s = 0;
            for (int a = 0; a < cfg.actions(); a++) s += pi[i * cfg.actions() + a] = (float) Math.exp(rng.nextGaussian());
            for (int a = 0; a < cfg.actions(); a++) pi[i * cfg.actions() + a] /= (float) s;
            z[i] = rng.nextFloat() * 2 - 1;
        }
        Tensor pi256 = Tensor.of(pi, 256, cfg.actions()), z256 = Tensor.of(z, 256);

        Map<String, Runnable> work = new LinkedHashMap<>();
        work.put("inference (eval, no_grad), batch 1", () -> infer(net, x1));
        work.put("inference (eval, no_grad), batch 64", () -> infer(net, x64));
        work.put("train step (CE + MSE, SGD), batch 256", () -> {
            net.train();
            AlphaZeroTower.Output out = net.heads(x256);
            Tensor loss = out.policyLogits().logSoftmax(1).mul(pi256).sum(1, false).mean().neg()
                    .add(out.value().squeeze(1).sub(z256).square().mean());
            sgd.zeroGrad();
            loss.backward();
            sgd.step();
        });
        System.out.printf("Bellman AlphaZeroTower 17x9x9, 6 blocks x 64 channels; bellman.threads=%d, simd=%s%n",
                Kernels.threads(), Kernels.simdEnabled());
        // this thread's CPU time with CPU=thread (leaves out the JIT, the collector and, with 2 threads, the worker)
        boolean thread = "thread".equals(System.getenv("CPU"));
        var cpu = thread ? Timing.THREAD_CPU : Timing.PROCESS_CPU;
        System.out.printf("%-42s %12s %12s%n", "workload", "wall ms", thread ? "thread cpu ms" : "cpu ms");
        for (var e : work.entrySet()) {
            var t = Timing.measure(e.getValue(), Timing.WALL, 3_000_000_000L, 2, cpu);
            System.out.printf("%-42s %12.3f %12.3f%n", e.getKey(), t.wallMillis(), t.cpuMillis());
        }
    }

    private static void infer(AlphaZeroTower net, Tensor x) {
        net.eval();
        try (var g = Tensor.noGrad()) {
            net.heads(x);
        }
    }

    private static Tensor planes(Rng rng, int n) {
        float[] d = new float[n * 17 * 81];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextFloat() < 0.3f ? 1f : 0f;
        return Tensor.of(d, n, 17, 9, 9);
    }
}
