/**
 * Environment wrappers, one concern each, as {@code gymnasium.wrappers}: {@link dev.bellman.env.wrappers.TimeLimit},
 * {@link dev.bellman.env.wrappers.OrderEnforcing}, {@link dev.bellman.env.wrappers.PassiveChecker} (the three
 * {@code Envs.make} applies), episode statistics, action clipping and rescaling, observation and reward
 * normalization, transforms, frame stacking, flattening and GIF recording.
 */
package dev.bellman.env.wrappers;
