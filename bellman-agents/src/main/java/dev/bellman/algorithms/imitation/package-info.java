/**
 * Learning from demonstrations: behavioural cloning ({@link dev.bellman.algorithms.imitation.Bc}), DAgger
 * ({@link dev.bellman.algorithms.imitation.Dagger}) with a queryable expert, and maximum-entropy inverse RL on tabular
 * MDPs ({@link dev.bellman.algorithms.imitation.MaxEntIrl}), and adversarial imitation with a PPO generator:
 * GAIL ({@link dev.bellman.algorithms.imitation.Gail}) and AIRL ({@link dev.bellman.algorithms.imitation.Airl}), whose
 * learned reward ({@link dev.bellman.algorithms.imitation.LearnedReward}) other algorithms can re-optimise on
 * {@link dev.bellman.algorithms.imitation.LearnedRewardEnv}. Data comes as a {@link dev.bellman.core.demos.Dataset};
 * the command line reaches these through their {@link dev.bellman.core.demos.ImitationProvider}s ({@code bc},
 * {@code dagger}, {@code maxent-irl}, {@code gail}, {@code airl}).
 */
package dev.bellman.algorithms.imitation;
