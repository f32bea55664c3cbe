package dev.bellman.algorithms.imitation;

import dev.bellman.core.Hyperparameter;
import dev.bellman.core.Hyperparameters;
import dev.bellman.core.MemoryEstimate;
import dev.bellman.core.TrainRequest;
import dev.bellman.core.demos.Dataset;
import dev.bellman.core.demos.ImitationInputs;
import dev.bellman.env.Env;
import dev.bellman.env.vector.AutoresetMode;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.env.vector.VectorEnvs;

import java.util.List;

/** The hyperparameters, configs and sizes that {@link GailProvider} and {@link AirlProvider} share. */
final class AdversarialProviders {
    private AdversarialProviders() {}

    static List<Hyperparameter> shared() {
        Adversarial.GeneratorConfig g = Adversarial.GeneratorConfig.defaults(1_000_000);
        Adversarial.DiscriminatorConfig d = Adversarial.DiscriminatorConfig.defaults();
        return List.of(
                Hyperparameter.ofDouble("learning-rate", g.learningRate(), "the generator's Adam step size").positive(),
                Hyperparameter.ofInt("num-envs", g.numEnvs(), "env copies of the generator's rollouts").atLeast(1),
                Hyperparameter.ofInt("num-steps", g.numSteps(), "steps per copy per round").atLeast(1),
                Hyperparameter.ofDouble("gamma", g.gamma(), "discount (also AIRL's shaping discount)").between(0, 1),
                Hyperparameter.ofDouble("gae-lambda", g.gaeLambda(), "GAE's lambda").between(0, 1),
                Hyperparameter.ofInt("num-minibatches", g.numMinibatches(), "PPO minibatches per epoch").atLeast(1),
                Hyperparameter.ofInt("update-epochs", g.updateEpochs(), "PPO passes over each rollout").atLeast(1),
                Hyperparameter.ofDouble("clip-coef", g.clipCoef(), "PPO's clipping epsilon").positive(),
                Hyperparameter.ofDouble("ent-coef", g.entCoef(), "entropy bonus coefficient").atLeast(0),
                Hyperparameter.ofDouble("vf-coef", g.vfCoef(), "value-loss coefficient").atLeast(0),
                Hyperparameter.ofDouble("max-grad-norm", g.maxGradNorm(), "gradient-norm clip").positive(),
                Hyperparameter.ofInt("hidden-size", g.hiddenSize(), "width of the actor's and critic's two hidden layers")
                        .atLeast(1),
                Hyperparameter.ofBoolean("anneal-lr", g.annealLr(),
                        "decay the generator's step size linearly to 0"),
                Hyperparameter.ofBoolean("norm-obs", g.normObs(),
                        "the generator sees observations normalised by running statistics (clipped to +-10)"),
                Hyperparameter.ofInt("demo-batch-size", d.demoBatchSize(),
                        "expert transitions per discriminator minibatch (and as many generator ones)").atLeast(1),
                Hyperparameter.ofInt("disc-updates-per-round", d.discUpdatesPerRound(),
                        "discriminator steps after each generator round").atLeast(1),
                Hyperparameter.ofDouble("disc-learning-rate", d.discLearningRate(), "the discriminator's Adam step size")
                        .positive(),
                Hyperparameter.ofInt("disc-hidden-size", d.discHiddenSize(),
                        "width of the reward networks' two ReLU hidden layers").atLeast(1),
                Hyperparameter.ofBoolean("normalize-reward", d.normalizeReward(),
                        "scale the learned reward by its discounted return's running std"),
                Hyperparameter.ofInt("gen-replay-rounds", d.genReplayRounds(),
                        "the discriminator's generator transitions come from the last N rounds").atLeast(1),
                Hyperparameter.ofInt("num-demos", 0, "use the first N episodes of the dataset (0 = all)").atLeast(0));
    }

    static Adversarial.GeneratorConfig generator(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new Adversarial.GeneratorConfig(r.totalTimesteps(), h.getDouble("learning-rate"), h.getInt("num-envs"),
                h.getInt("num-steps"), h.getDouble("gamma"), h.getDouble("gae-lambda"), h.getInt("num-minibatches"),
                h.getInt("update-epochs"), h.getDouble("clip-coef"), h.getDouble("ent-coef"), h.getDouble("vf-coef"),
                h.getDouble("max-grad-norm"), h.getInt("hidden-size"), h.getBoolean("anneal-lr"),
                h.getBoolean("norm-obs"));
    }

    static Adversarial.DiscriminatorConfig discriminator(TrainRequest r) {
        Hyperparameters h = r.hyperparameters();
        return new Adversarial.DiscriminatorConfig(h.getInt("demo-batch-size"), h.getInt("disc-updates-per-round"),
                h.getDouble("disc-learning-rate"), h.getInt("disc-hidden-size"), h.getBoolean("normalize-reward"),
                h.getInt("gen-replay-rounds"));
    }

    static Dataset demos(TrainRequest r, ImitationInputs inputs) {
        int n = r.hyperparameters().getInt("num-demos");
        return n == 0 ? inputs.demos() : inputs.demos().firstEpisodes(n);
    }

    static VectorEnv vectorEnv(TrainRequest r) {
        return VectorEnvs.sync(r.envId(), r.envKwargs(), r.hyperparameters().getInt("num-envs"), AutoresetMode.SAME_STEP);
    }

    static MemoryEstimate preflight(TrainRequest r, Env<?, ?> env) {
        Adversarial.GeneratorConfig g = generator(r);
        Adversarial.DiscriminatorConfig d = discriminator(r);
        long obs = env.observationSpace().flatDim();
        long act = env.actionSpace() instanceof dev.bellman.env.Discrete x ? x.n() : env.actionSpace().flatDim();
        long rows = (long) g.numEnvs() * g.numSteps();
        int hs = g.hiddenSize(), dh = d.discHiddenSize();
        return MemoryEstimate.builder()
                .arrays("rollout (num-envs x num-steps) observations, next observations, actions and scalars", 1,
                        rows * (2 * obs + 2 * act + 10), Float.BYTES)
                .envCopies("env copies (num-envs " + g.numEnvs() + ")", g.numEnvs(), obs)
                .mlp("actor, its gradients and Adam moments", obs, new int[] {hs, hs}, act, 4)
                .mlp("critic, its gradients and Adam moments", obs, new int[] {hs, hs}, 1, 4)
                .mlp("discriminator networks, their gradients and Adam moments", obs + act, new int[] {dh, dh}, 1, 8)
                .build();
    }
}
