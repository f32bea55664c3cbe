package dev.bellman.algorithms.imitation;

import dev.bellman.core.Checkpoints;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Registers {@link Dagger} as {@code dagger}: {@code bellman train --algo dagger --env ID --demos DATASET --expert
 * RUN_DIR}. The budget ({@code --total-timesteps}) caps the env steps of the rollouts.
 */
public final class DaggerProvider implements ImitationProvider {

    @Override
    public String id() {
        return "dagger";
    }

    @Override
    public String description() {
        return "DAgger (Ross et al. 2011): BC on data aggregated from beta-mixed rollouts labelled by --expert";
    }

    @Override
    public SpaceSupport spaces() {
        return new SpaceSupport(Set.of(SpaceKind.BOX, SpaceKind.DISCRETE), Set.of(SpaceKind.DISCRETE, SpaceKind.BOX));
    }

    @Override
    public boolean needsExpert() {
        return true;
    }

    @Override
    public long defaultTotalTimesteps() {
        return 100_000;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        List<Hyperparameter> h = new ArrayList<>(List.of(
                Hyperparameter.ofInt("rounds", 10, "rounds of rollouts, expert labelling and training").atLeast(1),
                Hyperparameter.ofInt("episodes-per-round", 2, "trajectories rolled out per round").atLeast(1),
                Hyperparameter.ofInt("beta-rampdown-rounds", 5,
                        "rounds over which beta (the expert's share of the mixture) falls from 1 to 0").atLeast(0),
                Hyperparameter.ofInt("epochs-per-round", 4, "BC epochs on the aggregated data after each round")
                        .atLeast(1),
                Hyperparameter.ofInt("round-eval-episodes", 5, "greedy evaluation episodes after each round (0 = none)")
                        .atLeast(0)));
        for (Hyperparameter p : BcProvider.bcHyperparameters(Bc.Config.defaults())) {
            if (!p.name().equals("epochs")) h.add(p);
        }
        return h;
    }

    static Dagger.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        Bc.Config bc = new Bc.Config(1, h.getInt("batch-size"), h.getDouble("learning-rate"), h.getDouble("ent-coef"),
                h.getDouble("l2-coef"), h.getInt("hidden-size"), r.seed());
        return new Dagger.Config(h.getInt("rounds"), h.getInt("episodes-per-round"), h.getInt("beta-rampdown-rounds"),
                h.getInt("epochs-per-round"), h.getInt("round-eval-episodes"), r.totalTimesteps(), bc);
    }

    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Dagger.Config c = config(request);
        int hs = c.bc().hiddenSize();
        long obs = env.observationSpace() instanceof dev.bellman.env.Discrete d ? d.n() : env.observationSpace().flatDim();
        long act = env.actionSpace() instanceof dev.bellman.env.Discrete d ? d.n() : env.actionSpace().flatDim();
        return MemoryEstimate.builder()
                .mlp("policy (hidden-size " + hs + "), its gradients and Adam moments", obs, new int[] {hs, hs}, act, 4)
                .arrays("aggregated dataset (up to total-timesteps " + request.totalTimesteps() + " labelled states)", 1,
                        request.totalTimesteps() * (obs + act), Float.BYTES)
                .envCopies("rollout and evaluation envs", 2, obs)
                .build();
    }

    @Override
    public boolean supportsCheckpoints() {
        return true;
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, ImitationInputs inputs) {
        return train(request, sink, inputs, Checkpoints.none());
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink, ImitationInputs inputs, Checkpoints checkpoints) {
        Policy expert = inputs.expertPolicy().orElseThrow(
                () -> new IllegalArgumentException("dagger queries an expert: give --expert RUN_DIR"));
        return Dagger.train(() -> Envs.make(request.envId(), request.envKwargs()), BcProvider.demos(request, inputs), expert,
                config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return ImitationPolicy.load(directory);
    }
}
