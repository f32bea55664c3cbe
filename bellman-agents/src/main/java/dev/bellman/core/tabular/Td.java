package dev.bellman.core.tabular;

import dev.bellman.algorithms.tabular.TdConfig;
import dev.bellman.algorithms.tabular.TdResult;
import dev.bellman.core.EpisodeMetrics;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.util.List;
import java.util.function.Function;

/**
 * What the Q-learning, SARSA and Expected SARSA adapters share: the hyperparameters (CleanRL's DQN
 * names, kebab-case) mapped onto {@link TdConfig}, and the metrics of a finished run.
 */
final class Td {
    private Td() {}

    static List<Hyperparameter> hyperparameters() {
        TdConfig d = TdConfig.defaults();
        return List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "step size alpha at the start")
                        .withRange(new Hyperparameter.Range(0, false, 1, true)),
                Hyperparameter.ofDouble("end-learning-rate", d.endLearningRate(),
                        "step size alpha at the end (linear decay; equal to learning-rate for a constant one)")
                        .withRange(new Hyperparameter.Range(0, false, 1, true)),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("start-e", d.startE(), "exploration probability epsilon at the start").between(0, 1),
                Hyperparameter.ofDouble("end-e", d.endE(), "exploration probability epsilon after the decay").between(0, 1),
                Hyperparameter.ofDouble("exploration-fraction", d.explorationFraction(),
                        "fraction of total-timesteps over which epsilon decays linearly")
                        .withRange(new Hyperparameter.Range(0, false, 1, true)),
                Hyperparameter.ofDouble("initial-q", d.initialQ(), "initial value of every Q(s, a) (optimistic if high)"));
    }

    static TdConfig config(TrainRequest r) {
        Hyperparameters hp = r.hyperparameters();
        return new TdConfig(r.totalTimesteps(), hp.getDouble("learning-rate"), hp.getDouble("end-learning-rate"),
                hp.getDouble("gamma"), hp.getDouble("start-e"), hp.getDouble("end-e"), hp.getDouble("exploration-fraction"),
                hp.getDouble("initial-q"), r.seed());
    }

    /**
     * Makes the env, wraps it in {@link EpisodeMetrics} so that each finished training episode reaches the
     * sink as it ends (with the exploration rate at that step), and trains with {@code trainer}.
     */
    @SuppressWarnings("unchecked")
    static TablePolicy train(TrainRequest r, MetricsSink sink, Function<TdConfig, Function<Env<Integer, Integer>, TdResult>> algo) {
        TdConfig config = config(r);
        MetricsSink withEpsilon = sink.andThen((step, key, value) -> {
            if (MetricsSink.EPISODIC_LENGTH.equals(key)) {
                sink.record(step, MetricsSink.EPSILON, config.epsilonAt(step));
            }
        });
        TdResult result;
        try (Env<Integer, Integer> env = new EpisodeMetrics<>(Envs.<Integer, Integer>make(r.envId(), r.envKwargs()),
                withEpsilon)) {
            result = algo.apply(config).apply(env);
        }
        return new TablePolicy(result.q());
    }
}
