package dev.bellman.algorithms.imitation;

import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.ImitationInputs;
import dev.bellman.core.demos.ImitationProvider;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Registers behavioural cloning ({@link Bc}) as {@code bc}: {@code bellman train --algo bc --env ID --demos DATASET}. */
public final class BcProvider implements ImitationProvider {

    @Override
    public String id() {
        return "bc";
    }

    @Override
    public String description() {
        return "Behavioural cloning (Pomerleau 1991) from --demos: cross-entropy or Gaussian NLL, entropy and L2 terms";
    }

    @Override
    public SpaceSupport spaces() {
        return new SpaceSupport(Set.of(SpaceKind.BOX, SpaceKind.DISCRETE), Set.of(SpaceKind.DISCRETE, SpaceKind.BOX));
    }

    /** BC takes no env steps: it fits the demonstrations. */
    @Override
    public boolean takesEnvSteps() {
        return false;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        List<Hyperparameter> h = new java.util.ArrayList<>(bcHyperparameters(Bc.Config.defaults()));
        h.add(Hyperparameter.ofInt("epoch-eval-episodes", 5,
                "greedy evaluation episodes on the env after each epoch (charts/greedy_return; 0 = none)").atLeast(0));
        return h;
    }

    static List<Hyperparameter> bcHyperparameters(Bc.Config d) {
        return List.of(
                Hyperparameter.ofInt("epochs", d.epochs(), "passes over the demonstrations").atLeast(1),
                Hyperparameter.ofInt("batch-size", d.batchSize(), "state-action pairs per minibatch").atLeast(1),
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam's step size").positive(),
                Hyperparameter.ofDouble("ent-coef", d.entCoef(), "entropy bonus coefficient").atLeast(0),
                Hyperparameter.ofDouble("l2-coef", d.l2Coef(), "coefficient of the weights' squared L2 norm").atLeast(0),
                Hyperparameter.ofInt("hidden-size", d.hiddenSize(), "width of the two hidden layers").atLeast(1),
                Hyperparameter.ofInt("num-demos", 0, "use the first N episodes of the dataset (0 = all)").atLeast(0),
                Hyperparameter.ofInt("num-demo-steps", 0,
                        "use the first N steps of those episodes, the last one cut (0 = all)").atLeast(0));
    }

    static Bc.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new Bc.Config(h.getInt("epochs"), h.getInt("batch-size"), h.getDouble("learning-rate"),
                h.getDouble("ent-coef"), h.getDouble("l2-coef"), h.getInt("hidden-size"), r.seed());
    }

    /** The demonstrations that {@code num-demos} and {@code num-demo-steps} select. */
    static Dataset demos(TrainRequest r, ImitationInputs inputs) {
        int n = r.hyperparameters().getInt("num-demos");
        int steps = r.hyperparameters().getInt("num-demo-steps");
        Dataset d = n == 0 ? inputs.demos() : inputs.demos().firstEpisodes(n);
        return steps == 0 ? d : d.firstSteps(steps);
    }

    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Bc.Config c = config(request);
        long obs = env.observationSpace() instanceof dev.bellman.env.Discrete d ? d.n() : env.observationSpace().flatDim();
        long act = env.actionSpace() instanceof dev.bellman.env.Discrete d ? d.n() : env.actionSpace().flatDim();
        return MemoryEstimate.builder()
                .mlp("policy (hidden-size " + c.hiddenSize() + "), its gradients and Adam moments", obs,
                        new int[] {c.hiddenSize(), c.hiddenSize()}, act, 4)
                .build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, ImitationInputs inputs) {
        int evalEpisodes = request.hyperparameters().getInt("epoch-eval-episodes");
        if (evalEpisodes == 0) return Bc.train(demos(request, inputs), config(request), sink);
        try (Env<?, ?> evalEnv = Envs.make(request.envId(), request.envKwargs())) {
            return Bc.train(demos(request, inputs), config(request), sink, evalEnv, evalEpisodes);
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return ImitationPolicy.load(directory);
    }
}
