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

/** Registers {@link Trpo} as {@code trpo}. */
public final class TrpoProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "trpo";
    }

    @Override
    public String description() {
        return "TRPO (Schulman et al. 2015), natural gradient by conjugate gradient on exact Fisher-vector products";
    }

    @Override
    public SpaceSupport spaces() {
        return PgProviders.SPACES;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Trpo.Config d = Trpo.Config.defaults("x");
        return List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "the critic's Adam step size").positive(),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "parallel env copies").atLeast(1),
                Hyperparameter.ofInt("num-steps", d.numSteps(), "steps per copy per rollout").atLeast(1),
                Hyperparameter.ofInt("batch-size", d.batchSize(), "critic minibatch size").atLeast(1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("gae-lambda", d.gaeLambda(), "GAE lambda").between(0, 1),
                Hyperparameter.ofDouble("target-kl", d.targetKl(), "trust-region radius: maximum mean KL of a step").positive(),
                Hyperparameter.ofInt("cg-max-steps", d.cgMaxSteps(), "conjugate-gradient iterations").atLeast(1),
                Hyperparameter.ofDouble("cg-damping", d.cgDamping(), "damping added to the Fisher matrix").atLeast(0),
                Hyperparameter.ofDouble("line-search-shrinking-factor", d.lineSearchShrinkingFactor(),
                        "step shrink factor of the backtracking line search")
                        .withRange(new Hyperparameter.Range(0, false, 1, false)),
                Hyperparameter.ofInt("line-search-max-iter", d.lineSearchMaxIter(), "line-search steps tried at most").atLeast(1),
                Hyperparameter.ofInt("n-critic-updates", d.nCriticUpdates(), "critic epochs per rollout").atLeast(1),
                Hyperparameter.ofBoolean("norm-adv", d.normalizeAdvantage(), "normalise advantages over the batch"),
                Hyperparameter.ofDouble("init-log-std", d.initLogStd(), "initial log-std of a Gaussian policy (Box actions)"));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 1_000_000;
    }

    /** The config record for {@code r}. */
    public static Trpo.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new Trpo.Config(r.envId(), r.seed(), r.totalTimesteps(), r.envKwargs(), h.getDouble("learning-rate"),
                h.getInt("num-envs"), h.getInt("num-steps"), h.getInt("batch-size"), h.getDouble("gamma"),
                h.getDouble("gae-lambda"), h.getDouble("target-kl"), h.getInt("cg-max-steps"), h.getDouble("cg-damping"),
                h.getDouble("line-search-shrinking-factor"), h.getInt("line-search-max-iter"),
                h.getInt("n-critic-updates"), h.getBoolean("norm-adv"), h.getDouble("init-log-std"));
    }

    /** Builds the config (every check of its record) and sizes the rollout, env copies and networks. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Trpo.Config c = config(request);
        return PgProviders.estimate(env, 1, c.numEnvs(), c.numSteps(), 6);
    }

    /** Trains with checkpoints (see "Checkpoints: what is saved" in {@link Trpo}). */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return Trpo.train(config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return NetworkPolicy.load(directory);
    }
}
