package dev.bellman.algorithms.imitation;

import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.demos.ImitationInputs;
import dev.bellman.core.demos.ImitationProvider;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import dev.bellman.env.TabularModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Registers {@link MaxEntIrl} as {@code maxent-irl}, on envs with a transition model (GridWorld, FrozenLake, ...). The
 * saved model is the greedy policy of the recovered reward and the reward itself ({@code reward.txt}).
 */
public final class MaxEntIrlProvider implements ImitationProvider {

    @Override
    public String id() {
        return "maxent-irl";
    }

    @Override
    public String description() {
        return "Maximum-entropy inverse RL (Ziebart et al. 2008) from --demos on tabular envs with a known model";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.DISCRETE, SpaceKind.DISCRETE);
    }

    @Override
    public Optional<String> incompatibility(Env<?, ?> env) {
        return ImitationProvider.super.incompatibility(env).or(() -> env.unwrapped() instanceof TabularModel
                ? Optional.empty()
                : Optional.of(id() + " needs the env's transition model (a TabularModel, as the toy-text envs provide),"
                        + " but " + (env.spec() == null ? "this env" : env.spec().id()) + " has none"));
    }

    @Override
    public boolean takesEnvSteps() {
        return false;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        MaxEntIrl.Config d = MaxEntIrl.Config.defaults();
        return List.of(
                Hyperparameter.ofInt("iterations", d.iterations(), "gradient steps on the reward parameters").atLeast(1),
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "gradient-ascent step").positive(),
                Hyperparameter.ofInt("horizon", d.horizon(), "horizon of the dynamic programmes (0 = longest demo)")
                        .atLeast(0),
                Hyperparameter.ofDouble("l2-coef", d.l2Coef(), "L2 penalty on the reward parameters").atLeast(0),
                Hyperparameter.ofString("features", "tabular",
                        "reward features: tabular (one value per state) or grid (row + column, square grids)",
                        "tabular", "grid"));
    }

    static MaxEntIrl.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new MaxEntIrl.Config(h.getInt("iterations"), h.getDouble("learning-rate"), h.getInt("horizon"),
                h.getDouble("l2-coef"));
    }

    static double[][] features(String kind, int numStates) {
        if (kind.equals("grid")) {
            int side = (int) Math.round(Math.sqrt(numStates));
            if (side * side != numStates) {
                throw new IllegalArgumentException("features=grid needs a square grid, but the env has " + numStates
                        + " states; use features=tabular");
            }
            return MaxEntIrl.gridFeatures(side, side);
        }
        return MaxEntIrl.tabularFeatures(numStates);
    }

    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        config(request);
        int nS = ((TabularModel) env.unwrapped()).numStates();
        int nA = ((TabularModel) env.unwrapped()).numActions();
        features(request.hyperparameters().getString("features"), nS);
        return MemoryEstimate.builder().arrays("features and soft Q tables", 2, (long) nS * (nS + nA), Double.BYTES)
                .build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, ImitationInputs inputs) {
        try (Env<?, ?> env = Envs.make(request.envId(), request.envKwargs())) {
            TabularModel model = (TabularModel) env.unwrapped();
            double[][] phi = features(request.hyperparameters().getString("features"), model.numStates());
            return MaxEntIrl.train(model, inputs.demos(), phi, config(request), sink).policy();
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return MaxEntIrl.RewardPolicy.load(directory);
    }
}
