package dev.bellman.core.tabular;

import dev.bellman.algorithms.tabular.DynaQ;
import dev.bellman.algorithms.tabular.EpisodeListener;
import dev.bellman.algorithms.tabular.TdResult;
import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Registers {@link DynaQ} as {@code dyna-q} (Dyna-Q+ with {@code kappa > 0}; no checkpoints). */
public final class DynaQProvider implements AlgorithmProvider {
    @Override
    public String id() {
        return "dyna-q";
    }

    @Override
    public String description() {
        return "Tabular Dyna-Q / Dyna-Q+ (Sutton 1990; Sutton & Barto 2018, 8.2-8.3): Q-learning plus planning on a learned model";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.DISCRETE, SpaceKind.DISCRETE);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        DynaQ.Config d = DynaQ.Config.defaults();
        return List.of(
                Hyperparameter.ofInt("planning-steps", d.planningSteps(), "planning updates per real step (0: Q-learning)").atLeast(0),
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "step size alpha").between(1e-12, 1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "discount factor").between(0, 1),
                Hyperparameter.ofDouble("epsilon", d.epsilon(), "exploration probability").between(0, 1),
                Hyperparameter.ofDouble("kappa", d.kappa(), "Dyna-Q+ exploration bonus (0: Dyna-Q)").atLeast(0));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 10_000;
    }

    private static DynaQ.Config config(TrainRequest r) {
        var h = r.hyperparameters();
        return new DynaQ.Config(r.totalTimesteps(), h.getInt("planning-steps"), h.getDouble("learning-rate"),
                h.getDouble("gamma"), h.getDouble("epsilon"), h.getDouble("kappa"), r.seed());
    }

    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        config(request);
        MemoryEstimate table = Td.table(env);
        return MemoryEstimate.builder().bytes("Q-table, model and visit times (4 tables)", 4 * table.bytes()).build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink) {
        DynaQ.Config config = config(request);
        EpisodeListener listener = (timestep, episode, episodicReturn, episodicLength, epsilon) -> {
            sink.record(timestep, MetricsSink.EPISODIC_RETURN, episodicReturn);
            sink.record(timestep, MetricsSink.EPISODIC_LENGTH, episodicLength);
        };
        try (Env<Integer, Integer> env = Envs.make(request.envId(), request.envKwargs())) {
            TdResult result = new DynaQ(config).train(env, listener);
            return new TablePolicy(result.q());
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return TablePolicy.load(directory);
    }
}
