package dev.bellman.algorithms.apex;

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
 * Registers {@link ApeX} as {@code apex-dqn}: {@code bellman train --algo apex-dqn} runs the learner and
 * {@code num-actors} actor threads in one JVM.
 */
public final class ApeXProvider implements CheckpointingProvider {
    @Override
    public String id() {
        return ApeX.ID;
    }

    @Override
    public String description() {
        return "Ape-X DQN, actors with per-actor epsilon feeding a learner's prioritized replay (Horgan et al. 2018)";
    }

    @Override
    public SpaceSupport spaces() {
        return SpaceSupport.of(SpaceKind.BOX, SpaceKind.DISCRETE);
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        ApeX.Config d = ApeX.Config.defaults("x");
        return List.of(
                Hyperparameter.ofInt("num-actors", d.numActors(), "actors (threads in one JVM); blocks per round").atLeast(1),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "env copies per actor").atLeast(1),
                Hyperparameter.ofInt("block-steps", d.blockSteps(), "vector steps per actor block").atLeast(1),
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam's step size").positive(),
                Hyperparameter.ofInt("buffer-size", d.bufferSize(), "replay capacity in transitions").atLeast(1),
                Hyperparameter.ofInt("batch-size", d.batchSize(), "transitions per update").atLeast(1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofInt("n-step", d.nStep(), "n of the n-step returns").between(1, 127),
                Hyperparameter.ofDouble("epsilon", d.epsilon(), "epsilon of the per-actor rates eps^(1 + alpha i/(N-1))").between(0, 1),
                Hyperparameter.ofDouble("epsilon-alpha", d.epsilonAlpha(), "alpha of the per-actor exploration rates").atLeast(0),
                Hyperparameter.ofDouble("priority-alpha", d.priorityAlpha(), "the priority exponent").between(0, 1),
                Hyperparameter.ofDouble("priority-beta", d.priorityBeta(), "the importance-sampling exponent at the start, annealed to 1").between(0, 1),
                Hyperparameter.ofInt("learning-starts", d.learningStarts(), "transitions in the replay before the first update").atLeast(0),
                Hyperparameter.ofInt("updates-per-round", d.updatesPerRound(), "K: learner updates between parameter publications").atLeast(1),
                Hyperparameter.ofInt("target-network-frequency", d.targetNetworkFrequency(), "updates between target-network copies").atLeast(1),
                Hyperparameter.ofDouble("max-grad-norm", d.maxGradNorm(), "the gradient-norm clip").positive(),
                Hyperparameter.ofBoolean("deterministic", d.deterministic(), "lockstep rounds, reproducible (false: free-running actors)"),
                Hyperparameter.ofInt("policy-lag", d.policyLag(), "rounds the actors' parameters lag behind in deterministic mode (0 or 1)").between(0, 1));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 100_000;
    }

    /** The config record for {@code r}. */
    public static ApeX.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new ApeX.Config(r.envId(), r.seed(), r.totalTimesteps(), r.envKwargs(), h.getInt("num-actors"),
                h.getInt("num-envs"), h.getInt("block-steps"), h.getDouble("learning-rate"), h.getInt("buffer-size"),
                h.getInt("batch-size"), h.getDouble("gamma"), h.getInt("n-step"), h.getDouble("epsilon"),
                h.getDouble("epsilon-alpha"), h.getDouble("priority-alpha"), h.getDouble("priority-beta"),
                h.getInt("learning-starts"), h.getInt("updates-per-round"), h.getInt("target-network-frequency"),
                h.getDouble("max-grad-norm"), h.getBoolean("deterministic"), h.getInt("policy-lag"));
    }

    /** Builds the config and sizes the replay (with its sum tree), the actors' blocks and env copies, and the networks. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        ApeX.Config c = config(request);
        long obs = env.observationSpace().flatDim();
        long actions = ((Discrete) env.actionSpace()).n();
        long capacity = Math.min(c.bufferSize(), c.totalTimesteps());
        MemoryEstimate.Builder m = MemoryEstimate.builder();
        m.arrays("replay observations and next observations (buffer-size x " + obs + ")", 2, capacity * obs, Float.BYTES);
        m.arrays("replay actions, rewards, flags, horizons", 4, capacity, Float.BYTES);
        m.arrays("replay priorities (sum tree)", 2, capacity, Double.BYTES);
        m.arrays("actor blocks in flight (num-actors x num-envs x block-steps x " + obs + ")", 4L * c.numActors(),
                (long) c.numEnvs() * c.blockSteps() * obs, Float.BYTES);
        m.envCopies("env copies (num-actors x num-envs)", (long) c.numActors() * c.numEnvs(), obs);
        m.mlp("Q-networks and optimizer state", obs, new int[] {64, 64}, actions, 5 + c.numActors());
        return m.build();
    }

    /** Trains learner and actors in this JVM (see "Checkpoints: what is saved" in {@link ApeX}). */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        return ApeX.train(request, sink, checkpoints);
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return ApeXPolicy.load(directory);
    }
}
