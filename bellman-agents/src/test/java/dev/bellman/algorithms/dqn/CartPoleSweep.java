package dev.bellman.algorithms.dqn;

import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.util.HashMap;
import java.util.Map;

/** Ad-hoc sweep main (not a test): args = seed n-step [key=value ...]. */
final class CartPoleSweep {
    public static void main(String[] a) {
        long seed = Long.parseLong(a[0]);
        int n = Integer.parseInt(a[1]);
        Map<String, Object> hp = new HashMap<>(TunedHyperparameters.hyperparameters("dqn", "CartPole-v1"));
        for (int i = 2; i < a.length; i++) { String[] kv = a[i].split("="); hp.put(kv[0], kv[1]); }
        DqnProvider p = new DqnProvider();
        Dqn.Config c = DqnProvider.config(new TrainRequest("CartPole-v1", seed, 50_000, p.resolve(hp)));
        if (n > 0) c = c.withRefinements(true, true, true, n);
        long t0 = System.nanoTime();
        QPolicy q = Dqn.train("CartPole-v1", c, MetricsSink.none());
        try (Env<float[], Integer> env = Envs.make("CartPole-v1")) {
            var r = Evaluation.evaluate(env, q, 20, 10_000 + seed);
            System.out.printf("seed %d n %d %s -> %.1f +- %.1f (%.0f s)%n", seed, n, hp, r.mean(), r.std(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
