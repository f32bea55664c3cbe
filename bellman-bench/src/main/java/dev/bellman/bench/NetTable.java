package dev.bellman.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network workloads of {@link MlpBench} and {@link MinAtarCnnBench} timed in this thread's CPU
 * time (median of 5 repeats after 2 s of CPU time of warm-up), for a shared machine where wall-clock figures are
 * inflated by descheduling. CPU time of garbage-collector threads is not included.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.NetTable}
 */
public final class NetTable {
    private NetTable() {}

    public static void main(String[] args) {
        MlpBench mlp = new MlpBench();
        mlp.setup();
        MinAtarCnnBench cnn = new MinAtarCnnBench();
        cnn.setup();
        Map<String, Runnable> work = new LinkedHashMap<>();
        work.put("MLP 4-64-64-2 tanh forward, batch 1, no_grad", mlp::forwardBatch1NoGrad);
        work.put("MLP 4-64-64-2 tanh forward, batch 1, autograd", mlp::forwardBatch1Autograd);
        work.put("MLP train step (MSE, Adam), batch 64", mlp::trainStepBatch64);
        work.put("MinAtar CNN train step (MSE, Adam), batch 32", cnn::trainStepBatch32);
        work.put("MinAtar CNN forward, batch 1, no_grad", cnn::forwardBatch1NoGrad);
        System.out.printf("%46s %10s %10s%n", "workload", "wall µs", "cpu µs");
        for (var e : work.entrySet()) {
            Runnable r = e.getValue();
            // warm up for 2 s of this thread's CPU time (Vector API code is very slow until C2
            // compiles it), then calibrate to ~0.3 s per repeat, run that count once more, and time it
            Timing.warmUp(r, Timing.THREAD_CPU, 2_000_000_000L, 0);
            int n = Timing.callsFor(r, 300_000_000L);
            for (int i = 0; i < n; i++) r.run();
            var t = Timing.median(r, n, Timing.THREAD_CPU);
            System.out.printf("%46s %10.2f %10.2f%n", e.getKey(), t.wallMicros(), t.cpuMicros());
        }
    }
}
