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
 * Generative adversarial imitation learning (Ho &amp; Ermon 2016, "Generative Adversarial Imitation Learning"), as the
 * {@code imitation} library's {@code GAIL}: a discriminator on (s, a) learns to tell the generator's transitions from
 * the expert's, and a PPO generator maximises the reward that the discriminator's confusion defines.
 *
 * <p>With ℓ(s, a) the discriminator's logit, high for the generator ({@code imitation}'s {@code logits_gen_is_high}),
 * and D_E = 1 − σ(ℓ) its probability that (s, a) is the expert's:
 * <pre>
 *   discriminator:  min  E_expert[softplus(ℓ)] / 2 + E_gen[softplus(−ℓ)] / 2   (+ λ_GP · penalty)
 *   generator:      r(s, a) = −log σ(ℓ(s, a)) = −log(1 − D_E(s, a)) = softplus(−ℓ)
 * </pre>
 * The reward is the {@code −log(1 − D)} form (with D the expert probability), {@code imitation}'s
 * {@code LogSigmoidRewardNet}: always positive, it rewards surviving, which suits CartPole's termination. With
 * {@code logitReward} it is instead {@code log D − log(1 − D) = −ℓ} (Fu et al. 2018's and AIRL's form, also in
 * Orsini et al. 2021's study of adversarial imitation): of either sign, and it does not flatten to 0 where the
 * discriminator is sure the transition is the generator's, so states far from the demonstrations still rank.
 * With {@code entropyReward} the generator's reward also has {@code −log π(a|s)}: the causal-entropy term
 * {@code −λ H(π)} of Ho &amp; Ermon's objective (their eq. 5) with λ = 1, taken as soft RL does (each step's
 * {@code −log π} is a reward, so PPO maximises the discounted future entropy as well), rather than through PPO's
 * per-state {@code ent-coef} bonus, which is how {@code imitation} offers it.
 *
 * <p>Gradient penalty (off by default; {@code imitation} has none): Gulrajani et al. 2017's
 * {@code λ_GP · E[(‖∇_x ℓ(x̂)‖₂ − 1)²]} at {@code x̂ = u x_E + (1 − u) x_G}, u ~ U(0, 1) per row, x = (s, one-hot or
 * Box a). The input gradient is written out from the ReLU MLP's weights ({@link RewardMlp#inputGradient}) since the
 * tensor engine has no double backward.
 *
 * <p>Symbols: {@code gradPenaltyCoef} = λ_GP; the loop, the generator and the deviations from {@code imitation} are
 * {@link Adversarial}'s. Metrics: PPO's losses, {@code losses/disc_loss}, {@code losses/grad_penalty},
 * {@code charts/disc_acc_expert}, {@code charts/disc_acc_gen}, {@code charts/learned_episodic_return} (the sum of r
 * over an episode) and {@code charts/episodic_return} (the env's true return).
 */
public final class Gail {
    private Gail() {}

    /**
     * Hyperparameters.
     *
     * @param generator the PPO generator's
     * @param discriminator the discriminator's
     * @param gradPenaltyCoef λ_GP, 0 for no gradient penalty
     * @param logitReward whether the generator's reward is {@code log D − log(1 − D)} instead of {@code −log(1 − D)}
     * @param entropyReward whether {@code −log π(a|s)} is added to the generator's reward
     * @param seed the seed of every random draw
     */
    public record Config(Adversarial.GeneratorConfig generator, Adversarial.DiscriminatorConfig discriminator,
                         double gradPenaltyCoef, boolean logitReward, boolean entropyReward, long seed) {
        public Config {
            if (generator == null || discriminator == null) {
                throw new IllegalArgumentException("generator and discriminator configs are required");
            }
            if (!(gradPenaltyCoef >= 0)) {
                throw new IllegalArgumentException("gradPenaltyCoef must be >= 0 but was " + gradPenaltyCoef);
            }
        }
    }

    /** Trains on {@code envs} (SAME_STEP, {@code numEnvs} copies) from {@code demos}; see {@link Adversarial}. */
    public static Policy train(VectorEnv envs, Dataset demos, Config c, MetricsSink sink, Checkpoints checkpoints) {
        Rng root = new Rng(c.seed());
        int in = envs.observationSize() + actionFeatures(envs);
        RewardMlp disc = new RewardMlp(in, c.discriminator().discHiddenSize(), root.split());
        float lambda = (float) c.gradPenaltyCoef();
        Adversarial.Objective objective = new Adversarial.Objective() {
            @Override
            public Module net() {
                return disc;
            }

            @Override
            public boolean needsLogProb() {
                return c.entropyReward();
            }

            @Override
            public Tensor logitsGenIsHigh(Adversarial.Batch b) {
                return disc.forward(Tensor.concat(1, b.obs(), b.act()));
            }

            @Override
            public Tensor rewardTrain(Adversarial.Batch b) {
                // r = −log σ(ℓ) = softplus(−ℓ), or r = −ℓ; minus log π(a|s) with entropyReward
                Tensor r = c.logitReward() ? logitsGenIsHigh(b).neg() : logitsGenIsHigh(b).neg().softplus();
                return c.entropyReward() ? r.sub(b.logPi()) : r;
            }

            @Override
            public Tensor penalty(Adversarial.Batch e, Adversarial.Batch g, Rng rng) {
                if (lambda == 0) return null;
                int n = e.size();
                float[] u = new float[n];
                for (int i = 0; i < n; i++) u[i] = rng.nextFloat();
                Tensor uu = Tensor.of(u, n, 1);
                Tensor xe = Tensor.concat(1, e.obs(), e.act());
                Tensor xg = Tensor.concat(1, g.obs(), g.act());
                Tensor xHat = xe.mul(uu).add(xg.mul(uu.rsub(1f))).detach();
                Tensor norm = disc.inputGradient(xHat).square().sum(1, false).add(1e-12f).sqrt();
                return norm.sub(1f).square().mean().mul(lambda);
            }
        };
        return Adversarial.train("gail", envs, demos, c.generator(), c.discriminator(), c.seed(), root, objective, null,
                sink, checkpoints);
    }

    static int actionFeatures(VectorEnv envs) {
        return envs.singleActionSpace() instanceof dev.bellman.env.Discrete d ? d.n() : envs.singleActionSpace().flatDim();
    }
}
