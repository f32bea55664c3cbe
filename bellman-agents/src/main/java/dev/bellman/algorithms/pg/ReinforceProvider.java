package dev.bellman.algorithms.pg;

import dev.bellman.core.CheckpointingProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;

import dev.bellman.env.Env;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Registers {@link Reinforce} as {@code reinforce}. */
public final class ReinforceProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "reinforce";
    }

    @Override
    public String description() {
        return "REINFORCE (Williams 1992), Monte Carlo policy gradient with an optional learned baseline";
    }

    @Override
    public SpaceSupport spaces() {
        return PgProviders.SPACES;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Reinforce.Config d = Reinforce.Config.defaults("x");
        return List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam's step size (policy and baseline)").positive(),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "parallel env copies").atLeast(1),
                Hyperparameter.ofInt("num-episodes", d.numEpisodes(), "complete episodes per update").atLeast(1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofBoolean("baseline", d.baseline(), "learn a state-value baseline V(s)"),
                Hyperparameter.ofBoolean("normalize-returns", d.normalizeReturns(), "normalise the weights G (or G - V) over the batch"),
                Hyperparameter.ofDouble("ent-coef", d.entCoef(), "the entropy coefficient").atLeast(0),
                Hyperparameter.ofDouble("vf-coef", d.vfCoef(), "the baseline loss coefficient").atLeast(0),
                Hyperparameter.ofDouble("max-grad-norm", d.maxGradNorm(), "the gradient-norm clip").positive(),
                Hyperparameter.ofDouble("init-log-std", d.initLogStd(), "initial log-std of a Gaussian policy (Box actions)"));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 500_000;
    }

    /** The config record for {@code r}. */
    public static Reinforce.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new Reinforce.Config(r.envId(), r.seed(), r.totalTimesteps(), r.envKwargs(), h.getDouble("learning-rate"),
                h.getInt("num-envs"), h.getInt("num-episodes"), h.getDouble("gamma"), h.getBoolean("baseline"),
                h.getBoolean("normalize-returns"), h.getDouble("ent-coef"), h.getDouble("vf-coef"),
                h.getDouble("max-grad-norm"), h.getDouble("init-log-std"));
    }

    /** Builds the config (every check of its record) and sizes the rollout, env copies and networks. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Reinforce.Config c = config(request);
        return PgProviders.estimate(env, 1, c.numEnvs(), 0, 4);
    }

    /** Trains with checkpoints (see "Checkpoints: what is saved" in {@link Reinforce}). */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return Reinforce.train(config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return NetworkPolicy.load(directory);
    }
}
