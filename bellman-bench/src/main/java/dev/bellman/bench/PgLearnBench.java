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

import java.util.ArrayList;
import java.util.List;

/**
 * Learning benchmark of the policy-gradient family (REINFORCE, A2C, A3C, TRPO) on the runs that do not fit the test
 * budget: each (env, algo) with its tuned hyperparameters and budget from {@code hyperparams/<algo>.yml}, over seeds,
 * then a greedy evaluation over 20 episodes. Prints a Markdown table: env, algo, steps, eval mean ± std (per seed and
 * over seeds), wall time, steps/s, and the wall time until the mean of the last 20 training episodes first reached the
 * env's threshold (CartPole-v1 475, Acrobot-v1 −100), to compare A3C's and A2C's time to solve.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bellman-bench/target/benchmarks.jar
 * dev.bellman.bench.PgLearnBench [seeds, default 1,2,3] [filter, e.g. a3c]}. Timings on a shared machine are noisy.
 */
public final class PgLearnBench {

    private PgLearnBench() {}

    record Case(String env, String algo, double threshold) {}

    static final List<Case> CASES = List.of(
            new Case("CartPole-v1", "a2c", 475), new Case("CartPole-v1", "a3c", 475),
            new Case("CartPole-v1", "reinforce", 475), new Case("CartPole-v1", "trpo", 475),
            new Case("Acrobot-v1", "a2c", -100), new Case("Acrobot-v1", "trpo", -100));

    public static void main(String[] args) {
        String[] seedArgs = (args.length > 0 ? args[0] : "1,2,3").split(",");
        String filter = args.length > 1 ? args[1] : "";
        System.out.println("| env | algo | steps | seed | eval mean ± std (20 ep.) | wall s | steps/s | s to train-mean ≥ threshold |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Case c : CASES) {
            if (!(c.env() + " " + c.algo()).contains(filter)) continue;
            List<Double> means = new ArrayList<>();
            for (String s : seedArgs) {
                long seed = Long.parseLong(s.strip());
                AlgorithmProvider p = Algorithms.get(c.algo());
                long steps = TunedHyperparameters.totalTimesteps(c.algo(), c.env(), p.defaultTotalTimesteps());
                double[] recent = new double[20];
                int[] count = {0};
                double[] solvedAt = {Double.NaN};
                long start = System.nanoTime();
                MetricsSink sink = (step, key, value) -> {
                    if (!key.equals(MetricsSink.EPISODIC_RETURN)) return;
                    synchronized (recent) {
                        recent[count[0]++ % recent.length] = value;
                        if (count[0] >= recent.length && Double.isNaN(solvedAt[0])) {
                            double m = 0;
                            for (double v : recent) m += v;
                            if (m / recent.length >= c.threshold()) solvedAt[0] = (System.nanoTime() - start) / 1e9;
                        }
                    }
                };
                Policy policy = p.train(new TrainRequest(c.env(), seed, steps,
                        p.resolve(TunedHyperparameters.hyperparameters(c.algo(), c.env()))), sink);
                double wall = (System.nanoTime() - start) / 1e9;
                Evaluation.Result r;
                try (Env<Object, Object> env = Envs.make(c.env())) {
                    r = Evaluation.evaluate(env, policy, 20, 10_000 + seed);
                }
                means.add(r.mean());
                System.out.printf("| %s | %s | %d | %d | %.1f ± %.1f | %.1f | %.0f | %s |%n", c.env(), c.algo(), steps, seed,
                        r.mean(), r.std(), wall, steps / wall, Double.isNaN(solvedAt[0]) ? "never" : String.format("%.1f", solvedAt[0]));
            }
            double m = 0, v = 0;
            for (double x : means) m += x;
            m /= means.size();
            for (double x : means) v += (x - m) * (x - m);
            System.out.printf("| %s | %s | | all | %.1f ± %.1f over seeds | | | |%n", c.env(), c.algo(), m, Math.sqrt(v / means.size()));
        }
    }
}
