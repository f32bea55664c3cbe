package dev.bellman.bench;

import dev.bellman.nn.Lstm;
import dev.bellman.nn.LstmCell;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Recurrent;
import dev.bellman.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LSTM workloads of {@code tools/bench/lstm_bench.py} (input 64, hidden 128), timed in this thread's CPU time as
 * {@link NetTable} (median of 5 repeats after 2 s of CPU time of warm-up):
 * one {@link LstmCell} step under no-grad at batch 1 and 32, and an {@link Lstm} over 16 steps at batch 32,
 * forward and backward of {@code sum(output ⊙ w)} (gradients into the input and all parameters).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.LstmTable}
 */
public final class LstmTable {
    private LstmTable() {}

    static final int I = 64, H = 128, T = 16;

    public static void main(String[] args) {
        Rng rng = new Rng(0);
        LstmCell cell = new LstmCell(I, H, rng);
        Lstm lstm = new Lstm(I, H, rng);
        Recurrent.LstmState s1 = new Recurrent.LstmState(random(rng, 1, H), random(rng, 1, H));
        Recurrent.LstmState s32 = new Recurrent.LstmState(random(rng, 32, H), random(rng, 32, H));
        Tensor x1 = random(rng, 1, I), x32 = random(rng, 32, I);
        float[] xs = random(rng, T, 32, I).toArray();
        Tensor w = random(rng, T, 32, H);
        Map<String, Runnable> work = new LinkedHashMap<>();
        work.put("LSTMCell(64,128) step, batch 1, no_grad", () -> {
            try (var g = Tensor.noGrad()) { cell.forward(x1, s1); }
        });
        work.put("LSTMCell(64,128) step, batch 32, no_grad", () -> {
            try (var g = Tensor.noGrad()) { cell.forward(x32, s32); }
        });
        work.put("LSTM(64,128) T=16 batch 32, fwd+bwd", () -> {
            lstm.zeroGrad();
            Tensor x = Tensor.parameter(xs.clone(), T, 32, I);
            lstm.forward(x).mul(w).sum().backward();
        });
        System.out.printf("%44s %10s %10s%n", "workload", "wall µs", "cpu µs");
        for (var e : work.entrySet()) {
            var t = Timing.measure(e.getValue(), Timing.THREAD_CPU, 2_000_000_000L, 0, Timing.THREAD_CPU);
            System.out.printf("%44s %10.2f %10.2f%n", e.getKey(), t.wallMicros(), t.cpuMicros());
        }
    }

    private static Tensor random(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = rng.nextFloat() * 2 - 1;
        return t;
    }
}
