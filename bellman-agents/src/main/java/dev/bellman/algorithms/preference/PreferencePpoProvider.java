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
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import dev.bellman.nn.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Registers {@link PreferencePpo} as {@code preference-ppo}. The labeller is the synthetic one (from the env's true
 * reward, {@code labeller-*} noise) unless {@code labeller=page}, when the answers come from the page of
 * {@code bellman label --run-dir D} through the files of {@code label-dir} ({@link PageLabeller}).
 */
public final class PreferencePpoProvider implements AlgorithmProvider {

    @Override
    public String id() {
        return "preference-ppo";
    }

    @Override
    public String description() {
        return "PPO on a reward learned from pairwise preferences (Christiano et al. 2017), synthetic or page labeller";
    }

    @Override
    public SpaceSupport spaces() {
        return new SpaceSupport(Set.of(SpaceKind.BOX), Set.of(SpaceKind.DISCRETE));
    }

    @Override
    public long defaultTotalTimesteps() {
        return PreferencePpo.Config.defaults().totalTimesteps();
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        PreferencePpo.Config d = PreferencePpo.Config.defaults();
        List<Hyperparameter> h = new java.util.ArrayList<>(List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam's step size").positive(),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "number of parallel environment copies").atLeast(1),
                Hyperparameter.ofInt("num-steps", d.numSteps(), "steps per copy in each rollout").atLeast(1),
                Hyperparameter.ofBoolean("anneal-lr", d.annealLr(), "anneal the learning rate linearly to 0"),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("gae-lambda", d.gaeLambda(), "lambda of generalized advantage estimation")
                        .between(0, 1),
                Hyperparameter.ofInt("num-minibatches", d.numMinibatches(), "minibatches per epoch").atLeast(1),
                Hyperparameter.ofInt("update-epochs", d.updateEpochs(), "passes over each rollout").atLeast(1),
                Hyperparameter.ofDouble("clip-coef", d.clipCoef(), "surrogate clipping coefficient epsilon").positive(),
                Hyperparameter.ofDouble("ent-coef", d.entCoef(), "entropy bonus coefficient").atLeast(0),
                Hyperparameter.ofDouble("vf-coef", d.vfCoef(), "value loss coefficient").atLeast(0),
                Hyperparameter.ofDouble("max-grad-norm", d.maxGradNorm(), "global gradient norm clipping threshold")
                        .positive(),
                Hyperparameter.ofInt("hidden-size", d.hiddenSize(), "width of the policy's two hidden layers").atLeast(1)));
        h.addAll(preferenceHyperparameters(d.maxLabels(), d.initialLabels(), d.labelFraction(), d.queryBatch(),
                d.segmentLength(), d.querySelection(), d.candidateFactor(), d.rewardInput(), d.ensembleSize(),
                d.rewardHiddenSize(), d.rewardLearningRate(), d.rewardEpochs(), d.rewardMinibatchSize()));
        return h;
    }

    /** The preference loop's hyperparameters with the given defaults (shared by preference-ppo and preference-sac). */
    static List<Hyperparameter> preferenceHyperparameters(int maxLabels, int initialLabels, double labelFraction,
            int queryBatch, int segmentLength, String querySelection, int candidateFactor, String rewardInput,
            int ensembleSize, int rewardHiddenSize, double rewardLearningRate, int rewardEpochs,
            int rewardMinibatchSize) {
        return List.of(
                Hyperparameter.ofInt("max-labels", maxLabels, "the label budget: comparisons asked in all")
                        .atLeast(1),
                Hyperparameter.ofInt("initial-labels", initialLabels, "labels asked in the first iteration")
                        .atLeast(0),
                Hyperparameter.ofDouble("label-fraction", labelFraction,
                        "fraction of the iterations over which the rest of the budget is spread").between(0, 1),
                Hyperparameter.ofInt("query-batch", queryBatch, "labels asked per round at least").atLeast(1),
                Hyperparameter.ofInt("segment-length", segmentLength, "steps per clip").atLeast(1),
                Hyperparameter.ofString("query-selection", querySelection,
                        "which pairs to ask: highest ensemble disagreement, or random", "disagreement", "random"),
                Hyperparameter.ofInt("candidate-factor", candidateFactor,
                        "candidate pairs drawn per query asked").atLeast(1),
                Hyperparameter.ofString("reward-input", rewardInput, "what the reward model reads", "obs",
                        "obs-action"),
                Hyperparameter.ofInt("ensemble-size", ensembleSize, "reward-model ensemble members").atLeast(1),
                Hyperparameter.ofInt("reward-hidden-size", rewardHiddenSize, "width of a member's hidden layers")
                        .atLeast(1),
                Hyperparameter.ofDouble("reward-learning-rate", rewardLearningRate, "the reward model's Adam step")
                        .positive(),
                Hyperparameter.ofInt("reward-epochs", rewardEpochs, "passes over all comparisons per round")
                        .atLeast(1),
                Hyperparameter.ofInt("reward-minibatch-size", rewardMinibatchSize, "comparisons per gradient step")
                        .atLeast(1),
                Hyperparameter.ofString("labeller", "synthetic",
                        "who answers: synthetic (true reward) or page (bellman label)", "synthetic", "page"),
                Hyperparameter.ofString("label-dir", "",
                        "labeller=page: the directory the page serves (bellman label --run-dir), required then"),
                Hyperparameter.ofDouble("labeller-beta", 0, "synthetic: Boltzmann rationality (0 = exact)").atLeast(0),
                Hyperparameter.ofDouble("labeller-flip", 0, "synthetic: probability of a flipped answer").between(0, 1),
                Hyperparameter.ofDouble("labeller-equal-rate", 0, "synthetic: probability of answering equal")
                        .between(0, 1),
                Hyperparameter.ofDouble("labeller-equal-margin", 0,
                        "synthetic: true returns closer than this are equal").atLeast(0));
    }


    /** The config of a request. */
    static PreferencePpo.Config config(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new PreferencePpo.Config(r.totalTimesteps(), h.getDouble("learning-rate"), h.getInt("num-envs"),
                h.getInt("num-steps"), h.getBoolean("anneal-lr"), h.getDouble("gamma"), h.getDouble("gae-lambda"),
                h.getInt("num-minibatches"), h.getInt("update-epochs"), h.getDouble("clip-coef"),
                h.getDouble("ent-coef"), h.getDouble("vf-coef"), h.getDouble("max-grad-norm"), h.getInt("hidden-size"),
                h.getInt("max-labels"), h.getInt("initial-labels"), h.getDouble("label-fraction"),
                h.getInt("query-batch"), h.getInt("segment-length"), h.getString("query-selection"),
                h.getInt("candidate-factor"), h.getString("reward-input"), h.getInt("ensemble-size"),
                h.getInt("reward-hidden-size"), h.getDouble("reward-learning-rate"), h.getInt("reward-epochs"),
                h.getInt("reward-minibatch-size"), r.seed());
    }

    /**
     * The labeller of a request: the page's files when {@code labeller=page}, else a synthetic labeller whose
     * generator derives from the run's seed (so that its answers repeat with the seed).
     */
    static Labeller labeller(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        if (h.getString("labeller").equals("page")) {
            String dir = h.getString("label-dir");
            if (dir.isBlank()) {
                throw new IllegalArgumentException("labeller=page needs label-dir, the directory that bellman label "
                        + "--run-dir serves, e.g. --set label-dir=runs/prefs");
            }
            return new PageLabeller(Path.of(dir), () -> Envs.make(r.envId(), r.envKwargs()), 250);
        }
        return new SyntheticLabeller(h.getDouble("labeller-beta"), h.getDouble("labeller-flip"),
                h.getDouble("labeller-equal-rate"), h.getDouble("labeller-equal-margin"),
                new Rng(r.seed() ^ 0x5eed_1abe11L));
    }

    /**
     * Builds the config and the labeller (every check of theirs) and sizes the rollout, the actor and critic, the
     * reward ensemble, and the labelled clips at the full budget.
     */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        PreferencePpo.Config c = config(request);
        labeller(request);
        long obs = env.observationSpace().flatDim();
        long actions = env.actionSpace() instanceof dev.bellman.env.Discrete d ? d.n() : 1;
        long input = obs + (c.rewardInput().equals("obs-action") ? actions : 0) + 1;
        long batch = (long) c.numEnvs() * c.numSteps();
        return MemoryEstimate.builder()
                .arrays("rollout observations and reward-model features (num-envs x num-steps)", 2, batch * input,
                        Float.BYTES)
                .arrays("rollout scalars (num-envs x num-steps)", 14, batch, Float.BYTES)
                .envCopies("env copies (num-envs " + c.numEnvs() + ")", c.numEnvs(), obs)
                .mlp("actor, its gradients and Adam moments", obs, new int[] {c.hiddenSize(), c.hiddenSize()}, actions, 4)
                .mlp("critic, its gradients and Adam moments", obs, new int[] {c.hiddenSize(), c.hiddenSize()}, 1, 4)
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
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        PreferencePpo.Config c = config(request);
        Labeller labeller = labeller(request);
        try (VectorEnv envs = request.envKwargs().isEmpty()
                ? VectorEnvs.make(request.envId(), c.numEnvs(), AutoresetMode.SAME_STEP)
                : VectorEnvs.sync(request.envId(), request.envKwargs(), c.numEnvs(), AutoresetMode.SAME_STEP)) {
            return PreferencePpo.train(envs, c, labeller, sink, checkpoints);
        }
    }

    @Override
    public Policy load(Path directory) throws IOException {
        return PreferencePpo.Trained.load(directory);
    }
}
