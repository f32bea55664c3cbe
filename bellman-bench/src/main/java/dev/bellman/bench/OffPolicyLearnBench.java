package dev.bellman.bench;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Algorithms;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.tensor.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Learning benchmark of the off-policy continuous-control algorithms (DDPG, TD3, SAC) at their tuned
 * (RL Zoo) settings and budgets from {@code hyperparams/<algo>.yml}: full-size networks, too slow for
 * the unit-test budget. Each run trains with a fixed seed, then evaluates the deterministic policy over
 * 10 episodes ({@link Evaluation#evaluate}, eval seed 10000 + seed), and prints one Markdown row as soon as it
 * finishes, then the whole table.
 *
 * <p>Run (after {@code ./mvnw -B -o install -DskipTests}):
 * <pre>
 * java --add-modules jdk.incubator.vector -Dbellman.threads=2 -cp bellman-bench/target/benchmarks.jar \
 *     dev.bellman.bench.OffPolicyLearnBench [ALGO:ENV ...] [--seeds 1,2,3]
 * </pre>
 * Without runs given: sac, td3, ddpg on Pendulum-v1 (20k steps each) and sac on MountainCarContinuous-v0 (50k).
 * Wall times depend on the machine's load: on a shared machine they measure the share of the cores the run got;
 * the process CPU time (all JVM threads) is printed beside them.
 */
public final class OffPolicyLearnBench {
    private OffPolicyLearnBench() {}

    public static void main(String[] args) {
        List<String[]> runs = new ArrayList<>();
        long[] seeds = {1, 2, 3};
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seeds")) {
                String[] s = args[++i].split(",");
                seeds = new long[s.length];
                for (int j = 0; j < s.length; j++) seeds[j] = Long.parseLong(s[j].strip());
            } else {
                String[] r = args[i].split(":", 2);
                if (r.length != 2) throw new IllegalArgumentException("a run is ALGO:ENV (e.g. sac:Pendulum-v1) but was " + args[i]);
                runs.add(r);
            }
        }
        if (runs.isEmpty()) {
            runs.add(new String[]{"sac", "Pendulum-v1"});
            runs.add(new String[]{"td3", "Pendulum-v1"});
            runs.add(new String[]{"ddpg", "Pendulum-v1"});
            runs.add(new String[]{"sac", "MountainCarContinuous-v0"});
        }
        String header = "| env | algo | seed | steps | eval mean ± std (10 ep.) | wall s | steps/s | process CPU s |\n|---|---|---|---|---|---|---|---|";
        System.out.println("threads=" + Parallel.threads() + ", cores=" + Runtime.getRuntime().availableProcessors());
        System.out.println(header);
        List<String> rows = new ArrayList<>();
        for (long seed : seeds) {
            for (String[] run : runs) {
                String row = runOne(run[0], run[1], seed);
                System.out.println(row);
                rows.add(row);
            }
        }
        System.out.println();
        System.out.println(header);
        rows.forEach(System.out::println);
    }

    static String runOne(String algo, String envId, long seed) {
        AlgorithmProvider provider = Algorithms.get(algo);
        long steps = TunedHyperparameters.totalTimesteps(algo, envId, provider.defaultTotalTimesteps());
        var hp = provider.resolve(TunedHyperparameters.hyperparameters(algo, envId));
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        Policy policy = provider.train(new TrainRequest(envId, seed, steps, hp), MetricsSink.none());
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        Evaluation.Result r;
        try (Env<?, ?> env = Envs.make(envId)) {
            r = Evaluation.evaluate(env, policy, 10, 10_000 + seed);
        }
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f ± %.1f | %.0f | %.0f | %.0f |",
                envId, algo, seed, steps, r.mean(), r.std(), wall, steps / wall, cpu);
    }

    /** CPU time of the whole JVM (all threads, JIT and GC included): on a loaded machine, closer to what idle cores need. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }
}
