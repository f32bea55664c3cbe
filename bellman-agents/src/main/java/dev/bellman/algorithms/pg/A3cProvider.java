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

/** Registers {@link A3c} as {@code a3c}. */
public final class A3cProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return "a3c";
    }

    @Override
    public String description() {
        return "A3C, asynchronous advantage actor-critic with worker threads (Mnih et al. 2016)";
    }

    @Override
    public SpaceSupport spaces() {
        return PgProviders.SPACES;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        A3c.Config d = A3c.Config.defaults("x");
        return List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "the shared optimizer's step size").positive(),
                Hyperparameter.ofInt("num-workers", d.numWorkers(), "worker threads").atLeast(1),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "env copies per worker").atLeast(1),
                Hyperparameter.ofInt("num-steps", d.numSteps(), "steps per copy per gradient (t_max)").atLeast(1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("gae-lambda", d.gaeLambda(), "GAE lambda (1: n-step returns)").between(0, 1),
                Hyperparameter.ofDouble("ent-coef", d.entCoef(), "the entropy coefficient").atLeast(0),
                Hyperparameter.ofDouble("vf-coef", d.vfCoef(), "the value-loss coefficient").atLeast(0),
                Hyperparameter.ofDouble("max-grad-norm", d.maxGradNorm(), "the gradient-norm clip of each worker's gradient").positive(),
                Hyperparameter.ofBoolean("use-rms-prop", d.useRmsProp(), "shared RMSprop (alpha 0.99) instead of Adam"),
                Hyperparameter.ofDouble("rms-prop-eps", d.rmsPropEps(), "epsilon of the optimizer").positive(),
                Hyperparameter.ofBoolean("shared-network", d.sharedNetwork(), "actor and critic share their hidden layers"),
                Hyperparameter.ofDouble("init-log-std", d.initLogStd(), "initial log-std of a Gaussian policy (Box actions)"),
                Hyperparameter.ofBoolean("anneal-lr", d.annealLr(), "decay the learning rate linearly to 0 (the paper's schedule)"));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 500_000;
    }

    /** The config record for {@code r}. */
    public static A3c.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new A3c.Config(r.envId(), r.seed(), r.totalTimesteps(), r.envKwargs(), h.getDouble("learning-rate"),
                h.getInt("num-workers"), h.getInt("num-envs"), h.getInt("num-steps"), h.getDouble("gamma"),
                h.getDouble("gae-lambda"), h.getDouble("ent-coef"), h.getDouble("vf-coef"), h.getDouble("max-grad-norm"),
                h.getBoolean("use-rms-prop"), h.getDouble("rms-prop-eps"), h.getBoolean("shared-network"),
                h.getDouble("init-log-std"), h.getBoolean("anneal-lr"));
    }

    /** Builds the config (every check of its record) and sizes the rollout, env copies and networks. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        A3c.Config c = config(request);
        return PgProviders.estimate(env, c.numWorkers(), c.numEnvs(), c.numSteps(), 4 + c.numWorkers());
    }

    /** Trains with checkpoints (see "Checkpoints: what is saved" in {@link A3c}). */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return A3c.train(config(request), sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return NetworkPolicy.load(directory);
    }
}
