package dev.bellman.bench;

import dev.bellman.algorithms.ppo.Ppo;
import dev.bellman.algorithms.ppo.PpoProvider;
import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.CartPoleVectorEnv;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PPO learning and speed runs, printed as Markdown tables.
 *
 * <ul>
 *   <li>{@code speed}: CleanRL's {@code ppo.py} defaults on CartPole-v1 (4 envs × 128 steps, 4 epochs, 4 minibatches,
 *       lr 2.5e-4 annealed, 64-64 tanh, 500,000 steps) on the native {@link CartPoleVectorEnv}: wall time, this
 *       thread's CPU time, steps/s, the first step at which the mean of the last 20 training episodes reaches 475,
 *       and a greedy evaluation over 20 episodes. (CleanRL's {@code ppo.py} takes 207–217 s for this on this
 *       machine, Debian torch 1.13, one thread.)</li>
 *   <li>{@code learn}: the tuned configs of {@code hyperparams/ppo.yml} (CartPole-v1, Acrobot-v1, Pendulum-v1)
 *       through the {@code ppo} provider, greedy evaluation over 20 episodes.</li>
 * </ul>
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.PpoLearnBench [speed|learn|all] [--seeds 1,2,3] [--envs CartPole-v1,Pendulum-v1]
 * [--set gamma=0.95,total-timesteps=500000]} ({@code --set} overrides the tuned values of every env in {@code learn}).
 * Timings on a shared machine are noisy; the CPU column counts only this thread's time on a core.
 */
public final class PpoLearnBench {
    private PpoLearnBench() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
        long[] seeds = {1};
        List<String> envs = List.of("CartPole-v1", "Acrobot-v1", "Pendulum-v1");
        Map<String, Object> overrides = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--seeds")) {
                seeds = Arrays.stream(args[i + 1].split(",")).mapToLong(Long::parseLong).toArray();
            } else if (args[i].equals("--envs")) {
                envs = List.of(args[i + 1].split(","));
            } else if (args[i].equals("--set")) {
                for (String kv : args[i + 1].split(",")) {
                    String[] p = kv.split("=", 2);
                    overrides.put(p[0], p[1]);
                }
            }
        }
        if (mode.equals("speed") || mode.equals("all")) {
            speed(seeds);
        }
        if (mode.equals("learn") || mode.equals("all")) {
            learn(envs, seeds, overrides);
        }
    }

    /** CleanRL's default CartPole run. */
    static void speed(long[] seeds) {
        System.out.println("## PPO CartPole-v1, CleanRL ppo.py defaults (4 x 128, 4 epochs, 4 minibatches, 500k steps)");
        System.out.println();
        System.out.println("| seed | wall s | cpu s | steps/s (wall) | first step mean20 >= 475 | eval mean ± std (20) |");
        System.out.println("|---|---|---|---|---|---|");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (long seed : seeds) {
            Ppo.Config config = Ppo.Config.defaults().withSeed(seed);
            Threshold threshold = new Threshold(475, 20);
            long wall0 = System.nanoTime();
            long cpu0 = mx.getCurrentThreadCpuTime();
            Policy policy;
            try (CartPoleVectorEnv env = new CartPoleVectorEnv(config.numEnvs(), AutoresetMode.SAME_STEP)) {
                policy = Ppo.train(env, config, threshold);
            }
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            Evaluation.Result eval = evaluate("CartPole-v1", policy, seed);
            System.out.printf("| %d | %.1f | %.1f | %.0f | %s | %.1f ± %.1f |%n", seed, wall, cpu,
                    config.totalTimesteps() / wall, threshold.first < 0 ? "never" : Long.toString(threshold.first),
                    eval.mean(), eval.std());
        }
        System.out.println();
    }

    /** The tuned configs through the provider. */
    static void learn(List<String> envIds, long[] seeds, Map<String, Object> overrides) {
        PpoProvider provider = new PpoProvider();
        System.out.println("## PPO, tuned configs (hyperparams/ppo.yml), greedy evaluation over 20 episodes");
        System.out.println();
        System.out.println("| env | algo | seed | steps | eval mean ± std | wall s | cpu s | steps/s (wall) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String envId : envIds) {
            for (long seed : seeds) {
                long steps = TunedHyperparameters.totalTimesteps("ppo", envId, provider.defaultTotalTimesteps());
                Map<String, Object> values = new HashMap<>(TunedHyperparameters.hyperparameters("ppo", envId));
                values.putAll(overrides);
                Object budget = values.remove(TunedHyperparameters.TOTAL_TIMESTEPS);
                if (budget != null) {
                    steps = Long.parseLong(budget.toString());
                }
                TrainRequest request = new TrainRequest(envId, seed, steps, provider.resolve(values));
                long wall0 = System.nanoTime();
                long cpu0 = mx.getCurrentThreadCpuTime();
                Policy policy = provider.train(request, MetricsSink.none());
                double wall = (System.nanoTime() - wall0) / 1e9;
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                Evaluation.Result eval = evaluate(envId, policy, seed);
                System.out.printf("| %s | ppo | %d | %d | %.1f ± %.1f | %.1f | %.1f | %.0f |%n", envId, seed, steps,
                        eval.mean(), eval.std(), wall, cpu, steps / wall);
            }
        }
        System.out.println();
    }

    private static Evaluation.Result evaluate(String envId, Policy policy, long seed) {
        try (Env<Object, Object> env = Envs.make(envId)) {
            return Evaluation.evaluate(env, policy, 20, 10_000 + seed);
        }
    }

    /** Records the first step at which the mean of the last {@code window} training episode returns reaches a level. */
    private static final class Threshold implements MetricsSink {
        private final double level;
        private final int window;
        private final List<Double> returns = new ArrayList<>();
        private double sum;
        long first = -1;

        Threshold(double level, int window) {
            this.level = level;
            this.window = window;
        }

        @Override
        public void record(long globalStep, String key, double value) {
            if (!key.equals(EPISODIC_RETURN)) {
                return;
            }
            returns.add(value);
            sum += value;
            if (returns.size() > window) {
                sum -= returns.get(returns.size() - 1 - window);
            }
            if (first < 0 && returns.size() >= window && sum / window >= level) {
                first = globalStep;
            }
        }
    }
}
