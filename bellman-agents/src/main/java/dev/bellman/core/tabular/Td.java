package dev.bellman.core.tabular;

import dev.bellman.algorithms.tabular.EpisodeListener;
import dev.bellman.algorithms.tabular.TdConfig;
import dev.bellman.algorithms.tabular.TdResult;
import dev.bellman.algorithms.tabular.TdCheckpoints;
import dev.bellman.algorithms.tabular.TdState;
import dev.bellman.core.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.util.List;

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

    /** Builds the {@link TdConfig} (every check of its record) and sizes the Q-table: states x actions doubles. */
    static MemoryEstimate preflight(TrainRequest r, Env<?, ?> env) {
        config(r);
        return table(env);
    }

    /** One table of {@code double} per state-action pair of the env's Discrete spaces. */
    static MemoryEstimate table(Env<?, ?> env) {
        long states = ((Discrete) env.observationSpace()).n();
        long actions = ((Discrete) env.actionSpace()).n();
        return MemoryEstimate.builder()
                .arrays("Q-table (" + states + " states x " + actions + " actions)", 1, states * actions, Double.BYTES)
                .build();
    }

    /** One of the TD learners: config, env and listener in, result out. */
    @FunctionalInterface
    interface Learner {
        TdResult train(TdConfig config, Env<Integer, Integer> env, EpisodeListener listener, TdState from,
                       TdCheckpoints checkpoints);
    }

    /**
     * Makes the env and trains with {@code learner}, reporting each finished training episode to the sink
     * as it ends (CleanRL's keys: episodic return and length, and the exploration rate).
     */
    static TablePolicy train(TrainRequest r, MetricsSink sink, Checkpoints checkpoints, Learner learner) {
        TdConfig config = config(r);
        EpisodeListener listener = (timestep, episode, episodicReturn, episodicLength, epsilon) -> {
            sink.record(timestep, MetricsSink.EPISODIC_RETURN, episodicReturn);
            sink.record(timestep, MetricsSink.EPISODIC_LENGTH, episodicLength);
            sink.record(timestep, MetricsSink.EPSILON, epsilon);
        };
        TdResult result;
        try (Env<Integer, Integer> env = Envs.make(r.envId(), r.envKwargs())) {
            TdState from = null;
            if (checkpoints.resumeFrom().isPresent()) {
                Path dir = checkpoints.resumeFrom().get().directory();
                from = TdState.load(dir);
                Checkpoints.restoreEnvs(dir, env);
            }
            TdCheckpoints hook = !checkpoints.enabled() ? TdCheckpoints.NONE
                    : new TdCheckpoints(checkpoints.frequency(), state -> {
                        checkpoints.policyAtStop(() -> new TablePolicy(state.q())); // a stopped run's model
                        checkpoints.save(state.timestep(), dir -> {
                            state.save(dir);
                            Checkpoints.saveEnvs(dir, env);
                        });
                    }, checkpoints::stopRequested);
            result = learner.train(config, env, listener, from, hook);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint: " + e.getMessage(), e);
        }
        return new TablePolicy(result.q());
    }
}
