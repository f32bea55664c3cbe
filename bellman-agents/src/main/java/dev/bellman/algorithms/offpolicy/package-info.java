/**
 * Off-policy actor-critic for continuous actions: {@link dev.bellman.algorithms.offpolicy.Ddpg} (Lillicrap et
 * al. 2016), {@link dev.bellman.algorithms.offpolicy.Td3} (Fujimoto et al. 2018) and
 * {@link dev.bellman.algorithms.offpolicy.Sac} (Haarnoja et al. 2018), one file and one training loop each,
 * registered for the command line as {@code ddpg}, {@code td3} and {@code sac} by their providers.
 *
 * <p>Entry points: {@code Sac.train(Sac.Config.defaults(), env, seed, totalTimesteps, sink)} (likewise
 * {@code Td3}, {@code Ddpg}) with an {@code Env<float[], float[]>} whose action space is a bounded Box; or
 * {@code Algorithms.get("sac").train(new TrainRequest(envId, seed, steps, hp), sink)}. Tuned per-env values
 * live in {@code hyperparams/ddpg.yml}, {@code td3.yml}, {@code sac.yml}.
 *
 * <p>Shared pieces (each with its own test): the replay storage ({@link dev.bellman.core.replay.ReplayBuffer}),
 * Polyak averaging ({@code Module.polyakFrom}), the tanh-squashed Gaussian
 * ({@link dev.bellman.distributions.TanhGaussian}), the action rescaling between the policy's [−1, 1] and the
 * env's Box ({@code ActionScaler}), and the saved deterministic policy ({@code ActorPolicy}: one
 * {@code actor.safetensors} whose metadata holds sizes and action bounds).
 *
 * <p>Conventions: the replay buffer stores actions in policy units [−1, 1]; exploration and smoothing noise are
 * in those units; the bootstrap mask is {@code terminated} only (time-limit truncation still bootstraps, from
 * the real final observation). Training begins with {@code learningStarts} steps of uniform random actions.
 * Matrix products use the SIMD GEMM; with {@code -Dbellman.threads=2} (the command line's default on two or more
 * cores) the large ones are split over a fixed partition (results identical for any thread count).
 *
 * <p>Checkpoints: each provider supports {@code bellman train --checkpoint-frequency N} and {@code --resume}; the
 * loops save between env steps (after the previous step's gradient steps) one {@code state.bin} holding networks,
 * targets, optimizer states, every generator, the env, the current observation, the replay contents
 * ({@code OffPolicyState}) and the counters, and a resumed run continues bit-identically (see each algorithm's notes).
 */
package dev.bellman.algorithms.offpolicy;
