/**
 * Classic-control environments, numerically identical to Gymnasium 1.x: {@link dev.bellman.envs.classic.CartPole}
 * (CartPole-v0/v1), {@link dev.bellman.envs.classic.MountainCar} (MountainCar-v0),
 * {@link dev.bellman.envs.classic.MountainCarContinuous} (MountainCarContinuous-v0),
 * {@link dev.bellman.envs.classic.Acrobot} (Acrobot-v1) and {@link dev.bellman.envs.classic.Pendulum} (Pendulum-v1).
 * Registered through {@link dev.bellman.envs.classic.ClassicControlRegistration}; make them with
 * {@code Envs.make("CartPole-v1")}.
 */
package dev.bellman.envs.classic;
