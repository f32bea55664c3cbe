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

/** Registers {@link A2c} as {@code a2c}. */
public final class A2cProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "a2c";
    }

    @Override
    public String description() {
        return "A2C, synchronous advantage actor-critic (Mnih et al. 2016; SB3 defaults)";
    }

    @Override
    public SpaceSupport spaces() {
        return PgProviders.SPACES;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        A2c.Config d = A2c.Config.defaults("x");
        return List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "the optimizer's step size").positive(),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "parallel env copies").atLeast(1),
                Hyperparameter.ofInt("num-steps", d.numSteps(), "steps per copy per update").atLeast(1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("gae-lambda", d.gaeLambda(), "GAE lambda (1: n-step returns)").between(0, 1),
                Hyperparameter.ofDouble("ent-coef", d.entCoef(), "the entropy coefficient").atLeast(0),
                Hyperparameter.ofDouble("vf-coef", d.vfCoef(), "the value-loss coefficient").atLeast(0),
                Hyperparameter.ofDouble("max-grad-norm", d.maxGradNorm(), "the gradient-norm clip").positive(),
                Hyperparameter.ofBoolean("use-rms-prop", d.useRmsProp(), "RMSprop (alpha 0.99) instead of Adam"),
                Hyperparameter.ofDouble("rms-prop-eps", d.rmsPropEps(), "epsilon of the optimizer").positive(),
                Hyperparameter.ofBoolean("norm-adv", d.normalizeAdvantage(), "normalise advantages over the batch"),
                Hyperparameter.ofBoolean("shared-network", d.sharedNetwork(), "actor and critic share their hidden layers"),
                Hyperparameter.ofBoolean("anneal-lr", d.annealLr(), "decay the learning rate linearly to 0"),
                Hyperparameter.ofDouble("init-log-std", d.initLogStd(), "initial log-std of a Gaussian policy (Box actions)"));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 500_000;
    }

    /** The config record for {@code r}. */
    public static A2c.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new A2c.Config(r.envId(), r.seed(), r.totalTimesteps(), r.envKwargs(), h.getDouble("learning-rate"),
                h.getInt("num-envs"), h.getInt("num-steps"), h.getDouble("gamma"), h.getDouble("gae-lambda"),
                h.getDouble("ent-coef"), h.getDouble("vf-coef"), h.getDouble("max-grad-norm"), h.getBoolean("use-rms-prop"),
                h.getDouble("rms-prop-eps"), h.getBoolean("norm-adv"), h.getBoolean("shared-network"),
                h.getBoolean("anneal-lr"), h.getDouble("init-log-std"));
    }

    /** Builds the config (every check of its record) and sizes the rollout, env copies and networks. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        A2c.Config c = config(request);
        return PgProviders.estimate(env, 1, c.numEnvs(), c.numSteps(), 4);
    }

    /** Trains with checkpoints (see "Checkpoints: what is saved" in {@link A2c}). */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return A2c.train(config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return NetworkPolicy.load(directory);
    }
}
