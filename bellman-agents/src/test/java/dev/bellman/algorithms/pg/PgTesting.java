package dev.bellman.algorithms.pg;

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

/** Trains through the registry with the tuned values users get, and evaluates greedily. */
final class PgTesting {
    private PgTesting() {}

    record Run(Policy policy, List<String> metrics) {}

    /** Trains {@code algo} on {@code env} with the tuned hyperparameters and budget; records every metric but SPS. */
    static Run train(String algo, String env, long seed) {
        AlgorithmProvider p = Algorithms.get(algo);
        long steps = TunedHyperparameters.totalTimesteps(algo, env, p.defaultTotalTimesteps());
        return train(algo, env, seed, steps);
    }

    static Run train(String algo, String env, long seed, long steps) {
        AlgorithmProvider p = Algorithms.get(algo);
        List<String> metrics = new ArrayList<>();
        MetricsSink sink = (step, key, value) -> {
            if (!key.equals(MetricsSink.SPS)) {
                synchronized (metrics) {
                    metrics.add(step + " " + key + " " + value);
                }
            }
        };
        Policy policy = p.train(new TrainRequest(env, seed, steps, p.resolve(TunedHyperparameters.hyperparameters(algo, env))), sink);
        return new Run(policy, metrics);
    }

    static Evaluation.Result evaluate(Policy policy, String env, int episodes) {
        try (Env<Object, Object> e = Envs.make(env)) {
            return Evaluation.evaluate(e, policy, episodes, 10_000);
        }
    }
}
