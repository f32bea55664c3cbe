/**
 * Model-based RL: learned dynamics, model-predictive control, PETS and MBPO (Dyna-Q, the tabular member of the
 * family, lives in {@link dev.bellman.algorithms.tabular.DynaQ}).
 *
 * <p>Pieces, each usable alone:
 * <ul>
 *   <li>Models: {@link dev.bellman.algorithms.modelbased.DynamicsEnsemble} (deterministic MLP or probabilistic
 *       ensemble predicting normalised state deltas, PETS' bounded log-variance), fitted on a
 *       {@link dev.bellman.algorithms.modelbased.TransitionData}; the known reward and termination of an env as
 *       {@link dev.bellman.algorithms.modelbased.TaskFunctions} (Pendulum-v1, MountainCarContinuous-v0,
 *       CartPoleContinuous-v1), Pendulum's also on the autodiff tape
 *       ({@link dev.bellman.algorithms.modelbased.DifferentiableTaskFunctions}).</li>
 *   <li>What planners roll out: {@link dev.bellman.algorithms.modelbased.RolloutModel}, implemented by
 *       {@link dev.bellman.algorithms.modelbased.EnsembleRollouts} (trajectory sampling TS1 / TS∞ / mean),
 *       {@link dev.bellman.algorithms.modelbased.PendulumModel} (Pendulum's true dynamics as pure functions, also on the
 *       autodiff tape), {@link dev.bellman.algorithms.modelbased.EnsembleGradientRollouts} (the ensemble's means on the
 *       tape) and {@link dev.bellman.algorithms.modelbased.SnapshotRollouts} (any snapshottable env, moved by
 *       {@code Snapshottable} snapshots: the true model of every classic-control env).</li>
 *   <li>Planners ({@link dev.bellman.algorithms.modelbased.Planner}): random shooting, CEM (PETS settings, warm start by
 *       shifting), MPPI (Williams et al. 2017) and gradient-based shooting (Adam on the actions through a
 *       {@link dev.bellman.algorithms.modelbased.DifferentiableRolloutModel}).</li>
 *   <li>Algorithms: {@link dev.bellman.algorithms.modelbased.Pets} ({@code pets}: CEM, or with {@code planner=gradient}
 *       gradient shooting, through the ensemble, refit every
 *       episode, checkpoints, model-error CSV and PNG saved with the policy) and
 *       {@link dev.bellman.algorithms.modelbased.Mbpo} ({@code mbpo}: SAC on branched model rollouts, checkpoints).</li>
 * </ul>
 *
 * <p>Entry points: {@code new Cem(new PendulumModel(), new Planner.Bounds(low, high, 25), new Cem.Config(200, 20, 4,
 * 0.1)).act(obs, rng)} plans with the true model; {@code Algorithms.get("pets").train(request, sink)} or
 * {@code bellman train --algo pets --env Pendulum-v1 --eval-episodes 5} trains (MPC is slow to evaluate: each step
 * plans, so keep {@code --eval-episodes} small).
 */
package dev.bellman.algorithms.modelbased;
