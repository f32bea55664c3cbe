package dev.bellman.algorithms.preference;

import dev.bellman.core.AlgorithmProvider;
import dev.bellman.core.Checkpoints;
import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.SpaceKind;
import dev.bellman.core.SpaceSupport;
import dev.bellman.core.TrainRequest;
import dev.bellman.env.Env;
import dev.bellman.env.Envs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Registers {@link PreferenceSac} as {@code preference-sac} (Box actions). Labellers as {@link PreferencePpoProvider}:
 * synthetic by default, the page of {@code bellman label} with {@code labeller=page}.
 */
public final class PreferenceSacProvider implements AlgorithmProvider {

    @Override
    public String id() {
        return "preference-sac";
    }

    @Override
    public String description() {
        return "SAC on a reward learned from pairwise preferences (Christiano et al. 2017), synthetic or page labeller";
    }

    @Override
    public SpaceSupport spaces() {
        return new SpaceSupport(Set.of(SpaceKind.BOX), Set.of(SpaceKind.BOX));
    }

    @Override
    public long defaultTotalTimesteps() {
        return PreferenceSac.Config.defaults().totalTimesteps();
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        PreferenceSac.Config d = PreferenceSac.Config.defaults();
        List<Hyperparameter> h = new ArrayList<>(List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam's step size (actor, critics, alpha)")
                        .positive(),
                Hyperparameter.ofInt("buffer-size", d.bufferSize(), "replay buffer capacity").atLeast(1),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("tau", d.tau(), "target smoothing coefficient").between(0, 1),
                Hyperparameter.ofInt("batch-size", d.batchSize(), "transitions per gradient step").atLeast(1),
                Hyperparameter.ofInt("learning-starts", d.learningStarts(), "random steps before learning").atLeast(1),
                Hyperparameter.ofInt("hidden-size", d.hiddenSize(), "width of the networks' hidden layers").atLeast(1),
                Hyperparameter.ofInt("history-size", d.historySize(), "recent steps that clips are cut from")
                        .atLeast(2)));
        for (Hyperparameter p : PreferencePpoProvider.preferenceHyperparameters(d.maxLabels(), d.initialLabels(),
                d.labelFraction(), d.queryBatch(), d.segmentLength(), d.querySelection(), d.candidateFactor(),
                d.rewardInput(), d.ensembleSize(), d.rewardHiddenSize(), d.rewardLearningRate(), d.rewardEpochs(),
                d.rewardMinibatchSize())) {
            h.add(p);
        }
        return h;
    }

    static PreferenceSac.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new PreferenceSac.Config(r.totalTimesteps(), h.getDouble("learning-rate"), h.getInt("buffer-size"),
                h.getDouble("gamma"), h.getDouble("tau"), h.getInt("batch-size"), h.getInt("learning-starts"),
                h.getInt("hidden-size"), h.getInt("max-labels"), h.getInt("initial-labels"),
                h.getDouble("label-fraction"), h.getInt("query-batch"), h.getInt("segment-length"),
                h.getString("query-selection"), h.getInt("candidate-factor"), h.getString("reward-input"),
                h.getInt("ensemble-size"), h.getInt("reward-hidden-size"), h.getDouble("reward-learning-rate"),
                h.getInt("reward-epochs"), h.getInt("reward-minibatch-size"), h.getInt("history-size"), r.seed());
    }

    /** Builds the config and the labeller and sizes the replay buffer, the clip window, networks and labelled clips. */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        PreferenceSac.Config c = config(request);
        PreferencePpoProvider.labeller(request);
        long obs = env.observationSpace().flatDim();
        long act = env.actionSpace().flatDim();
        long input = obs + (c.rewardInput().equals("obs-action") ? act : 0) + 1;
        long capacity = Math.min(c.bufferSize(), request.totalTimesteps());
        int[] hidden = {c.hiddenSize(), c.hiddenSize()};
        return MemoryEstimate.builder()
                .arrays("replay buffer (buffer-size " + capacity + "): observations, next observations, actions, "
                        + "rewards, flags", capacity, 2 * obs + act + 2, Float.BYTES)
                .arrays("clip window (history-size " + c.historySize() + ")", c.historySize(), obs + act + 3,
                        Float.BYTES)
                .mlp("actor, its gradients and Adam moments", obs, hidden, 2 * act, 4)
                .mlp("two critics and their targets, gradients and Adam moments", obs + act, hidden, 1, 8)
                .mlp("reward model member x ensemble-size, with gradients and Adam moments", input,
                        new int[] {c.rewardHiddenSize(), c.rewardHiddenSize()}, 1, 4 * c.ensembleSize())
                .arrays("labelled clips (2 per label, max-labels " + c.maxLabels() + ")", 2L * c.maxLabels(),
                        (long) c.segmentLength() * (input + obs), Float.BYTES)
                .build();
    }

    @Override
    public Policy train(TrainRequest request, MetricsSink sink) {
        return train(request, sink, Checkpoints.none());
    }

    @Override
    public boolean supportsCheckpoints() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        PreferenceSac.Config c = config(request);
        Labeller labeller = PreferencePpoProvider.labeller(request);
        try (Env<float[], float[]> env = (Env<float[], float[]>) (Env<?, ?>) Envs.make(request.envId(),
                request.envKwargs())) {
            return PreferenceSac.train(env, c, labeller, sink, checkpoints);
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return PreferenceSac.Trained.load(directory);
    }
}
