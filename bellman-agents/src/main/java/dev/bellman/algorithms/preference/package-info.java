/**
 * Learning from pairwise preferences (Christiano et al. 2017): clips of the current policy's behaviour, a
 * {@link dev.bellman.algorithms.preference.RewardModel} ensemble fitted with the
 * {@link dev.bellman.algorithms.preference.BradleyTerry} loss, query selection by ensemble disagreement, and a policy
 * optimised on the learned reward. Entry points: {@link dev.bellman.algorithms.preference.PreferencePpo}
 * ({@code preference-ppo}, Discrete actions) and {@link dev.bellman.algorithms.preference.PreferenceSac}
 * ({@code preference-sac}, Box actions); labellers {@link dev.bellman.algorithms.preference.SyntheticLabeller} (default) and
 * {@link dev.bellman.algorithms.preference.PageLabeller} (answers from the page of {@code bellman label}).
 */
package dev.bellman.algorithms.preference;
