package dev.bellman.algorithms.ppo;

import dev.bellman.core.Evaluation;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.util.ArrayList;
import java.util.List;

/** Trains PPO through its provider with the tuned values of hyperparams/ppo.yml, as users get them. */
final class PpoTestSupport {
    private PpoTestSupport() {
    }

    /** One metric as the sink saw it. */
    record Metric(long step, String key, double value) {
    }

    static final PpoProvider PROVIDER = new PpoProvider();

    static TrainRequest tunedRequest(String envId, long seed) {
        return new TrainRequest(envId, seed,
                TunedHyperparameters.totalTimesteps("ppo", envId, PROVIDER.defaultTotalTimesteps()),
                PROVIDER.resolve(TunedHyperparameters.hyperparameters("ppo", envId)));
    }

    static Policy train(TrainRequest request, List<Metric> metrics) {
        MetricsSink sink = (step, key, value) -> metrics.add(new Metric(step, key, value));
        return PROVIDER.train(request, sink);
    }

    static Policy train(TrainRequest request) {
        return train(request, new ArrayList<>());
    }

    /** Greedy evaluation over {@code episodes} episodes of the registered env. */
    static Evaluation.Result evaluate(String envId, Policy policy, int episodes, long seed) {
        try (Env<Object, Object> env = Envs.make(envId)) {
            return Evaluation.evaluate(env, policy, episodes, seed);
        }
    }
}
