/**
 * Action distributions for policies, built from differentiable {@link dev.bellman.tensor.Tensor} ops so
 * that log-probabilities, entropies, KL divergences and reparameterised samples carry gradients back to
 * the network that produced their parameters.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link dev.bellman.distributions.Categorical}: discrete actions from logits {@code [B, K]}, with an
 *       optional action mask (Huang and Ontañón 2020, "A Closer Look at Invalid Action Masking").</li>
 *   <li>{@link dev.bellman.distributions.DiagGaussian}: continuous actions, mean {@code [B, D]} and
 *       log-standard-deviation {@code [B, D]} or {@code [D]} (a state-independent parameter, as PPO uses).</li>
 *   <li>{@link dev.bellman.distributions.TanhGaussian}: the squashed Gaussian of SAC (Haarnoja et al. 2018).</li>
 *   <li>{@link dev.bellman.distributions.Bernoulli}: independent binary actions from logits {@code [B, D]}.</li>
 *   <li>{@link dev.bellman.distributions.FisherVectorProduct}: exact Fisher-vector products for TRPO's
 *       conjugate-gradient step (Schulman et al. 2015), by forward-mode JVP and one reverse pass.</li>
 * </ul>
 *
 * <p>Conventions: batch first; per-sample quantities ({@code logProb}, {@code entropy}, {@code kl}) are
 * returned with shape {@code [B]}, summed over the action dimensions of vector-valued distributions (as
 * {@code torch.distributions.Independent(..., 1)}). Sampling takes an explicit {@link dev.bellman.nn.Rng} so
 * that every draw is reproducible from the run's seed; {@code sample} never records a tape,
 * {@code rsample} does.
 */
package dev.bellman.distributions;
