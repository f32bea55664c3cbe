package dev.bellman.algorithms.imitation;

import dev.bellman.core.Checkpoints;
import dev.bellman.core.MetricsSink;
import dev.bellman.core.Policy;
import dev.bellman.core.demos.Dataset;
import dev.bellman.env.vector.VectorEnv;
import dev.bellman.nn.Module;
import dev.bellman.nn.Rng;
import dev.bellman.tensor.Tensor;

/**
 * Adversarial inverse reinforcement learning (Fu, Luo &amp; Levine 2018, "Learning Robust Rewards with Adversarial
 * Inverse Reinforcement Learning"), as the {@code imitation} library's {@code AIRL} with its
 * {@code BasicShapedRewardNet}: the discriminator is built from a reward and the policy, and its reward term is
 * disentangled from the dynamics' shaping so that it can be re-optimised from scratch.
 *
 * <p>Equations (Fu et al. 2018, §5, eq. 3 and 4):
 * <pre>
 *   f(s, a, s') = g(s) + γ (1 − done) h(s') − h(s)          (g(s, a) with stateOnlyReward = false)
 *   D_E(s, a, s') = exp f / (exp f + π(a|s))   ⇔   ℓ = log π(a|s) − f(s, a, s')   (logit high for the generator)
 *   discriminator:  min  E_expert[softplus(ℓ)] / 2 + E_gen[softplus(−ℓ)] / 2
 *   generator:      r(s, a, s') = f(s, a, s')                  (imitation's reward_train)
 *                   r(s, a, s') = f(s, a, s') − log π(a|s) = log D_E − log(1 − D_E)   (with entropyReward: the
 *                                                               paper's, §5: the generator then maximises
 *                                                               E[f] + H(π), the entropy-regularised RL that AIRL's
 *                                                               recovery argument assumes)
 *   learned reward: g                                           (imitation's reward_test; saved as reward.safetensors)
 * </pre>
 * log π(a|s) is the current generator's, evaluated without gradients. {@code done} is a termination only (a truncated
 * episode's shaping uses its final observation; {@link Adversarial}'s deviation 2). g and h are ReLU MLPs of two
 * hidden layers ({@code imitation}: one of 32 for g, two of 32 for h).
 *
 * <p>Symbols: γ = the generator's {@code gamma} (imitation's reward-net {@code discount_factor}, also 0.99 by default);
 * {@code stateOnlyReward} chooses g(s), the form the paper proves disentangled (Theorem 5.1), over
 * {@code imitation}'s default g(s, a). Metrics as {@link Gail}'s, with {@code charts/learned_episodic_return} the sum
 * of f.
 */
public final class Airl {
    private Airl() {}

    /**
     * Hyperparameters.
     *
     * @param generator the PPO generator's
     * @param discriminator the discriminator's (its hidden size is g's and h's)
     * @param stateOnlyReward whether g depends on the state only
     * @param entropyReward whether the generator's reward is f − log π(a|s) (the paper's) rather than f
     *                      ({@code imitation}'s)
     * @param seed the seed of every random draw
     */
    public record Config(Adversarial.GeneratorConfig generator, Adversarial.DiscriminatorConfig discriminator,
                         boolean stateOnlyReward, boolean entropyReward, long seed) {
        public Config {
            if (generator == null || discriminator == null) {
                throw new IllegalArgumentException("generator and discriminator configs are required");
            }
        }
    }

    /** The discriminator's two networks. */
    private static final class Shaped extends Module {
        final LearnedReward g;
        final RewardMlp h;

        Shaped(LearnedReward g, RewardMlp h) {
            this.g = g;
            registerModule("g", g.g);
            this.h = registerModule("h", h);
        }
    }

    /** f(s, a, s') = g(s[, a]) + γ (1 − done) h(s') − h(s) per row of {@code b}. */
    static Tensor shaped(LearnedReward g, RewardMlp h, float gamma, Adversarial.Batch b) {
        return g.forward(b.obs(), b.act()).add(h.forward(b.nextObs()).mul(b.notDone()).mul(gamma))
                .sub(h.forward(b.obs()));
    }

    /** The generator's reward per row: f, or f − log π(a|s) with {@code entropyReward} ({@code b.logPi()} filled). */
    static Tensor generatorReward(LearnedReward g, RewardMlp h, float gamma, Adversarial.Batch b, boolean entropyReward) {
        Tensor f = shaped(g, h, gamma, b);
        return entropyReward ? f.sub(b.logPi()) : f;
    }

    /**
     * Trains on {@code envs} (SAME_STEP, {@code numEnvs} copies) from {@code demos}; the returned policy saves the
     * learned reward g beside itself ({@link LearnedReward#FILE}).
     */
    public static Policy train(VectorEnv envs, Dataset demos, Config c, MetricsSink sink, Checkpoints checkpoints) {
        Rng root = new Rng(c.seed());
        int hidden = c.discriminator().discHiddenSize();
        LearnedReward g = LearnedReward.create(envs.observationSize(), envs.singleActionSpace(), c.stateOnlyReward(),
                hidden, root.split(), "airl");
        RewardMlp h = new RewardMlp(envs.observationSize(), hidden, root.split());
        Shaped net = new Shaped(g, h);
        float gamma = (float) c.generator().gamma();
        Adversarial.Objective objective = new Adversarial.Objective() {
            @Override
            public Module net() {
                return net;
            }

            @Override
            public boolean needsLogProb() {
                return true;
            }

            @Override
            public Tensor logitsGenIsHigh(Adversarial.Batch b) {
                return b.logPi().sub(shaped(g, h, gamma, b)); // ℓ = log π(a|s) − f
            }

            @Override
            public Tensor rewardTrain(Adversarial.Batch b) {
                return generatorReward(g, h, gamma, b, c.entropyReward());
            }

            @Override
            public Tensor penalty(Adversarial.Batch e, Adversarial.Batch gen, Rng rng) {
                return null;
            }
        };
        return Adversarial.train("airl", envs, demos, c.generator(), c.discriminator(), c.seed(), root, objective, g,
                sink, checkpoints);
    }
}
