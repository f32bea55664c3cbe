package dev.bellman.core.tabular;

import dev.bellman.algorithms.tabular.EnvModels;
import dev.bellman.algorithms.tabular.Mdp;
import dev.bellman.algorithms.tabular.PlanningConfig;
import dev.bellman.algorithms.tabular.PlanningResult;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.TabularModel;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What the value-iteration and policy-iteration adapters share: the hyperparameters and the model look-up. */
final class Planning {
    private Planning() {}

    static List<Hyperparameter> hyperparameters() {
        return List.of(
                Hyperparameter.ofDouble("gamma", PlanningConfig.DEFAULT_GAMMA, "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("tolerance", PlanningConfig.DEFAULT_TOLERANCE,
                        "stop when a sweep changes no value by more than this (max norm)").positive(),
                Hyperparameter.ofInt("max-iterations", PlanningConfig.DEFAULT_MAX_ITERATIONS,
                        "give up after this many sweeps").atLeast(1));
    }

    static PlanningConfig config(Hyperparameters hp) {
        return new PlanningConfig(hp.getDouble("gamma"), hp.getDouble("tolerance"), hp.getInt("max-iterations"));
    }

    /** Empty when the env exposes its transition model; otherwise why not. */
    static Optional<String> needsModel(String algo, Env<?, ?> env) {
        if (env.unwrapped() instanceof TabularModel) {
            return Optional.empty();
        }
        return Optional.of(algo + " plans with the env's transition model (a TabularModel, as the toy-text envs"
                + " provide), but " + (env.spec() == null ? "this env" : env.spec().id()) + " has none");
    }

    /** Makes the env, reads its model into an {@link Mdp}, solves it and logs what planning did. */
    static TablePolicy plan(TrainRequest request, MetricsSink sink, Function<Mdp, PlanningResult> solver) {
        Mdp mdp;
        try (Env<?, ?> env = Envs.make(request.envId(), request.envKwargs())) {
            mdp = EnvModels.mdp(env);
        }
        PlanningResult result = solver.apply(mdp);
        double[] d0 = mdp.initialDistribution();
        double start = 0;
        for (int s = 0; s < d0.length; s++) {
            start += d0[s] * result.values()[s];
        }
        // Planning takes no env steps; its metrics are logged at step 0.
        sink.record(0, "charts/iterations", result.iterations());
        sink.record(0, "losses/residual", result.residual());
        sink.record(0, "charts/initial_state_value", start);
        sink.record(0, "charts/converged", result.converged() ? 1 : 0);
        return new TablePolicy(result.toQTable());
    }
}
