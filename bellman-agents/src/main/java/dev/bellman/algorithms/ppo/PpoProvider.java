package dev.bellman.algorithms.ppo;

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
import dev.bellman.core.TunedHyperparameters;
import dev.bellman.env.Box;
import dev.bellman.env.Env;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registers PPO as {@code ppo}: {@link Ppo} on {@code Discrete} action spaces, {@link PpoContinuous} on {@code Box}
 * ones. The declared defaults are CleanRL's {@code ppo.py}'s (plus {@code norm-obs}/{@code norm-reward} off); on Box
 * actions {@link #actionSpaceDefaults} replaces those that differ by CleanRL's {@code ppo_continuous_action.py}'s
 * ({@link PpoContinuous.Config#defaults()}: 1M steps, lr 3e-4, 1 × 2048 steps, 32 minibatches, 10 epochs, no entropy
 * bonus, observation and reward normalisation). The tuned file {@code hyperparams/ppo.yml} holds per-env values.
 */
public final class PpoProvider implements CheckpointingProvider {

    @Override
    public String id() {
        return "ppo";
    }

    @Override
    public String description() {
        return "Proximal Policy Optimization (Schulman et al. 2017), clipped surrogate, GAE; CleanRL's details";
    }

    @Override
    public SpaceSupport spaces() {
        return new SpaceSupport(Set.of(SpaceKind.BOX), Set.of(SpaceKind.DISCRETE, SpaceKind.BOX));
    }

    @Override
    public long defaultTotalTimesteps() {
        return 500_000;
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        Ppo.Config d = Ppo.Config.defaults();
        return List.of(
                Hyperparameter.ofDouble("learning-rate", d.learningRate(), "Adam's step size").positive(),
                Hyperparameter.ofInt("num-envs", d.numEnvs(), "number of parallel environment copies").atLeast(1),
                Hyperparameter.ofInt("num-steps", d.numSteps(), "steps per copy in each rollout").atLeast(1),
                Hyperparameter.ofBoolean("anneal-lr", d.annealLr(), "anneal the learning rate linearly to 0"),
                Hyperparameter.ofDouble("gamma", d.gamma(), "the discount factor").between(0, 1),
                Hyperparameter.ofDouble("gae-lambda", d.gaeLambda(), "lambda of generalized advantage estimation")
                        .between(0, 1),
                Hyperparameter.ofInt("num-minibatches", d.numMinibatches(), "minibatches per epoch").atLeast(1),
                Hyperparameter.ofInt("update-epochs", d.updateEpochs(), "passes over each rollout").atLeast(1),
                Hyperparameter.ofBoolean("norm-adv", d.normAdv(), "normalise advantages per minibatch"),
                Hyperparameter.ofDouble("clip-coef", d.clipCoef(), "surrogate clipping coefficient epsilon")
                        .positive(),
                Hyperparameter.ofBoolean("clip-vloss", d.clipVloss(), "clip the value loss as the surrogate"),
                Hyperparameter.ofDouble("ent-coef", d.entCoef(), "entropy bonus coefficient").atLeast(0),
                Hyperparameter.ofDouble("vf-coef", d.vfCoef(), "value loss coefficient").atLeast(0),
                Hyperparameter.ofDouble("max-grad-norm", d.maxGradNorm(), "global gradient norm clipping threshold")
                        .positive(),
                Hyperparameter.ofDouble("target-kl", d.targetKl(),
                        "stop an update early when the approximate KL exceeds it (0 = never)").atLeast(0),
                Hyperparameter.ofInt("hidden-size", d.hiddenSize(), "width of the two hidden layers").atLeast(1),
                Hyperparameter.ofString("torso", "auto", "Discrete actions only: network torso (auto: MLP for vectors,"
                        + " a CNN shared by actor and critic for [C,H,W] images)", PpoTorso.NAMES.toArray(String[]::new)),
                Hyperparameter.ofBoolean("norm-obs", false, "Box actions only: normalise observations"),
                Hyperparameter.ofBoolean("norm-reward", false, "Box actions only: scale rewards by the return's std"));
    }

    /** On Box actions: CleanRL's {@code ppo_continuous_action.py} defaults where they differ from {@code ppo.py}'s. */
    @Override
    public Map<String, String> actionSpaceDefaults(SpaceKind actions) {
        if (actions != SpaceKind.BOX) return Map.of();
        Ppo.Config d = Ppo.Config.defaults();
        PpoContinuous.Config c = PpoContinuous.Config.defaults();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TunedHyperparameters.TOTAL_TIMESTEPS, Long.toString(c.totalTimesteps()));
        putIfDiffers(m, "learning-rate", d.learningRate(), c.learningRate());
        putIfDiffers(m, "num-envs", d.numEnvs(), c.numEnvs());
        putIfDiffers(m, "num-steps", d.numSteps(), c.numSteps());
        putIfDiffers(m, "anneal-lr", d.annealLr(), c.annealLr());
        putIfDiffers(m, "gamma", d.gamma(), c.gamma());
        putIfDiffers(m, "gae-lambda", d.gaeLambda(), c.gaeLambda());
        putIfDiffers(m, "num-minibatches", d.numMinibatches(), c.numMinibatches());
        putIfDiffers(m, "update-epochs", d.updateEpochs(), c.updateEpochs());
        putIfDiffers(m, "norm-adv", d.normAdv(), c.normAdv());
        putIfDiffers(m, "clip-coef", d.clipCoef(), c.clipCoef());
        putIfDiffers(m, "clip-vloss", d.clipVloss(), c.clipVloss());
        putIfDiffers(m, "ent-coef", d.entCoef(), c.entCoef());
        putIfDiffers(m, "vf-coef", d.vfCoef(), c.vfCoef());
        putIfDiffers(m, "max-grad-norm", d.maxGradNorm(), c.maxGradNorm());
        putIfDiffers(m, "target-kl", d.targetKl(), c.targetKl());
        putIfDiffers(m, "hidden-size", d.hiddenSize(), c.hiddenSize());
        putIfDiffers(m, "norm-obs", false, c.normObs());
        putIfDiffers(m, "norm-reward", false, c.normReward());
        return m;
    }

    private static void putIfDiffers(Map<String, String> m, String name, Object discrete, Object box) {
        if (!discrete.equals(box)) m.put(name, box.toString());
    }

    /** The discrete config of a request. */
    static Ppo.Config discreteConfig(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new Ppo.Config(r.totalTimesteps(), h.getDouble("learning-rate"), h.getInt("num-envs"),
                h.getInt("num-steps"), h.getBoolean("anneal-lr"), h.getDouble("gamma"), h.getDouble("gae-lambda"),
                h.getInt("num-minibatches"), h.getInt("update-epochs"), h.getBoolean("norm-adv"),
                h.getDouble("clip-coef"), h.getBoolean("clip-vloss"), h.getDouble("ent-coef"), h.getDouble("vf-coef"),
                h.getDouble("max-grad-norm"), h.getDouble("target-kl"), h.getInt("hidden-size"), r.seed());
    }

    /** The continuous config of a request. */
    static PpoContinuous.Config continuousConfig(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new PpoContinuous.Config(r.totalTimesteps(), h.getDouble("learning-rate"), h.getInt("num-envs"),
                h.getInt("num-steps"), h.getBoolean("anneal-lr"), h.getDouble("gamma"), h.getDouble("gae-lambda"),
                h.getInt("num-minibatches"), h.getInt("update-epochs"), h.getBoolean("norm-adv"),
                h.getDouble("clip-coef"), h.getBoolean("clip-vloss"), h.getDouble("ent-coef"), h.getDouble("vf-coef"),
                h.getDouble("max-grad-norm"), h.getDouble("target-kl"), h.getInt("hidden-size"),
                h.getBoolean("norm-obs"), h.getBoolean("norm-reward"), r.seed());
    }

    /** A SAME_STEP vector env of the request's env (CartPole natively batched when it has no kwargs). */
    static VectorEnv vectorEnv(TrainRequest r, int numEnvs) {
        return r.envKwargs().isEmpty()
                ? VectorEnvs.make(r.envId(), numEnvs, AutoresetMode.SAME_STEP)
                : VectorEnvs.sync(r.envId(), r.envKwargs(), numEnvs, AutoresetMode.SAME_STEP);
    }

    /**
     * Builds the discrete or continuous config (every check of its record, the batch and minibatch sizes against the
     * budget included) and sizes the rollout storage, the env copies and the actor and critic (two hidden layers of
     * {@code hidden-size}), or the CNN torso with its two heads, with their gradients and Adam's two moments
     * (4 copies).
     */
    @Override
    public MemoryEstimate preflight(TrainRequest request, Env<?, ?> env) {
        boolean box = env.actionSpace() instanceof Box;
        String torso = box ? "mlp"
                : PpoTorso.resolve(request.hyperparameters().getString("torso"), env.observationSpace().shape());
        int hidden = box ? continuousConfig(request).hiddenSize() : discreteConfig(request).hiddenSize();
        Hyperparameters h = request.hyperparameters();
        long numEnvs = h.getInt("num-envs");
        long numSteps = h.getInt("num-steps");
        long obs = env.observationSpace().flatDim();
        // a CNN torso keeps byte observations as bytes
        int obsBytes = !torso.equals("mlp") && env.observationSpace() instanceof dev.bellman.env.ByteBox ? 1 : Float.BYTES;
        long act = box ? env.actionSpace().flatDim() : 1;
        long outputs = box ? act : ((dev.bellman.env.Discrete) env.actionSpace()).n();
        String sizes = "num-envs " + numEnvs + " x num-steps " + numSteps;
        MemoryEstimate.Builder m = MemoryEstimate.builder()
                .arrays("rollout observations (" + sizes + " x " + obs + " observation values)", 2, numEnvs * numSteps * obs,
                        obsBytes)
                .arrays("rollout actions, log-probs, rewards, values, advantages, returns (" + sizes + ")", 2,
                        numEnvs * numSteps * act, Float.BYTES)
                .arrays("rollout scalars (" + sizes + ")", 12, numEnvs * numSteps, Float.BYTES)
                .envCopies("env copies (num-envs " + numEnvs + ")", numEnvs, obs);
        if (!torso.equals("mlp")) {
            long params = PpoTorso.parameterCount(torso, env.observationSpace().shape(), (int) outputs);
            return m.floats(torso + " trunk with actor and critic heads, its gradients and Adam moments (4 copies)",
                    4 * params).build();
        }
        return m
                .mlp("actor (hidden-size " + hidden + "), its gradients and Adam moments", obs, new int[] {hidden, hidden},
                        outputs, 4)
                .mlp("critic (hidden-size " + hidden + "), its gradients and Adam moments", obs, new int[] {hidden, hidden},
                        1, 4)
                .build();
    }

    /**
     * Trains with checkpoints written after whole iterations (so a due checkpoint waits for the end of the
     * rollout-and-update of {@code num-envs * num-steps} steps in which its period ends).
     */
    @Override
    public Policy train(TrainRequest request, MetricsSink sink, Checkpoints checkpoints) {
        int numEnvs = request.hyperparameters().getInt("num-envs");
        try (VectorEnv envs = vectorEnv(request, numEnvs)) {
            if (envs.singleActionSpace() instanceof Box) {
                return PpoContinuous.train(envs, continuousConfig(request), sink, checkpoints);
            }
            return Ppo.train(envs, discreteConfig(request), request.hyperparameters().getString("torso"), sink,
                    checkpoints);
        }
    }

    /**
     * Independent of the budget without a learning-rate anneal: the budget then enters only as the number of
     * iterations, {@code total-timesteps / (num-envs · num-steps)}, so a run's first iterations are those of any run
     * with a larger budget.
     */
    @Override
    public Optional<String> budgetDependence(Hyperparameters hp, long budget) {
        return hp.getBoolean("anneal-lr") ? Optional.of("ppo anneals its learning rate to 0 over total-timesteps"
                + " (anneal-lr true), so a larger budget would change every update; a run with --set anneal-lr=false"
                + " can be raised") : Optional.empty();
    }

    @Override
    public Optional<String> extensibleWhen() {
        return Optional.of("with --set anneal-lr=false");
    }

    @Override
    public Policy load(Path directory) throws IOException {
        Map<String, String> meta = Ppo.Trained.metadata(directory);
        String kind = meta.get("kind");
        if ("discrete".equals(kind)) {
            return Ppo.Trained.load(directory, meta);
        }
        if ("continuous".equals(kind)) {
            return PpoContinuous.Trained.load(directory, meta);
        }
        throw new IOException(directory.resolve(Ppo.Trained.FILE) + " is not a PPO policy (kind = " + kind + ")");
    }
}
