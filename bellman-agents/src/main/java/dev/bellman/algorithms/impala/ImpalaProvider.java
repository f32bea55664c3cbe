package dev.bellman.algorithms.impala;

import dev.bellman.core.CheckpointingProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Discrete;
import dev.bellman.env.Env;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Registers {@link Impala} as {@code impala}: {@code bellman train --algo impala} runs the learner and
 * {@code num-actors} actor threads in one JVM.
 */
public final class ImpalaProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return Impala.ID;
    }

    @Override
    public String description() {
        return "IMPALA, actors and a learner with V-trace off-policy correction (Espeholt et al. 2018)";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.DISCRETE);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Impala.Config d = Impala.Config.defaults("x");
        return List.of(
                Hyperparameter.ofInt("num-actors", d.numActors(), "actors (threads in one JVM) and segments per learner batch").atLeast(1),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "env copies per actor").atLeast(1),
                Hyperparameter.ofInt("num-steps", d.numSteps(), "the unroll length n of a segment").atLeast(1),
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "the optimizer's step size").positive(),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("vtrace-lambda", d.vtraceLambda(), "lambda of V-trace's trace coefficients").between(0, 1),
                Hyperparameter.ofDouble("rho-bar", d.rhoBar(), "truncation of the importance weights (targets and advantages)").positive(),
                Hyperparameter.ofDouble("c-bar", d.cBar(), "truncation of V-trace's trace coefficients").positive(),
                Hyperparameter.ofDouble("ent-coef", d.entCoef(), "the entropy bonus").atLeast(0),
                Hyperparameter.ofDouble("vf-coef", d.vfCoef(), "the value-loss coefficient").atLeast(0),
                Hyperparameter.ofDouble("max-grad-norm", d.maxGradNorm(), "the gradient-norm clip").positive(),
                Hyperparameter.ofBoolean("use-rms-prop", d.useRmsProp(), "RMSProp (alpha 0.99, the paper's) instead of Adam"),
                Hyperparameter.ofDouble("optimizer-eps", d.optimizerEps(), "epsilon of the optimizer").positive(),
                Hyperparameter.ofBoolean("deterministic", d.deterministic(), "lockstep rounds, reproducible (false: free-running actors)"),
                Hyperparameter.ofInt("policy-lag", d.policyLag(), "updates the actors' parameters lag behind in deterministic mode (0 or 1)").between(0, 1));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 500_000;
    }

    /** The config record for {@code r}. */
    public static Impala.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new Impala.Config(r.envId(), r.seed(), r.totalTimesteps(), r.envKwargs(), h.getInt("num-actors"),
                h.getInt("num-envs"), h.getInt("num-steps"), h.getDouble("learning-rate"), h.getDouble("gamma"),
                h.getDouble("vtrace-lambda"), h.getDouble("rho-bar"), h.getDouble("c-bar"), h.getDouble("ent-coef"),
                h.getDouble("vf-coef"), h.getDouble("max-grad-norm"), h.getBoolean("use-rms-prop"),
                h.getDouble("optimizer-eps"), h.getBoolean("deterministic"), h.getInt("policy-lag"));
    }

    /** Builds the config and sizes the learner's batch, the actors' segments and env copies, and the networks. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        Impala.Config c = config(request);
        long obs = env.observationSpace().flatDim();
        long actions = ((Discrete) env.actionSpace()).n();
        long rows = (long) c.numActors() * c.numEnvs() * c.numSteps();
        MemoryEstimate.Builder m = MemoryEstimate.builder();
        m.arrays("segments in flight and the learner's batch (num-actors x num-envs x num-steps x " + obs
                + " observation values, with final observations)", 4, rows * obs, Float.BYTES);
        m.arrays("batch rewards, log-probs, values, targets, advantages", 12, rows, Float.BYTES);
        m.envCopies("env copies (num-actors x num-envs)", (long) c.numActors() * c.numEnvs(), obs);
        m.mlp("actor and its optimizer state", obs, new int[] {64, 64}, actions, 4 + c.numActors());
        m.mlp("critic and its optimizer state", obs, new int[] {64, 64}, 1, 4 + c.numActors());
        return m.build();
    }

    /** Trains learner and actors in this JVM (see "Checkpoints: what is saved" in {@link Impala}). */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return Impala.train(request, sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return ImpalaPolicy.load(directory);
    }
}
