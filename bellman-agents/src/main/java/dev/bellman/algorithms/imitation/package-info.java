/**
 * Learning from demonstrations: behavioural cloning ({@link dev.bellman.algorithms.imitation.Bc}), DAgger
 * ({@link dev.bellman.algorithms.imitation.Dagger}) with a queryable expert, and maximum-entropy inverse RL on tabular
 * MDPs ({@link dev.bellman.algorithms.imitation.MaxEntIrl}). Data comes as a {@link dev.bellman.core.demos.Dataset};
 * the command line reaches these through their {@link dev.bellman.core.demos.ImitationProvider}s ({@code bc},
 * {@code dagger}, {@code maxent-irl}).
 */
package dev.bellman.algorithms.imitation;
