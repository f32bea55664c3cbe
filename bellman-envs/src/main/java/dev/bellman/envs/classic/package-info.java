/**
 * Classic-control environments, numerically identical to Gymnasium 1.x: {@link dev.bellman.envs.classic.CartPole}
 * (CartPole-v0/v1), {@link dev.bellman.envs.classic.MountainCar} (MountainCar-v0),
 * {@link dev.bellman.envs.classic.MountainCarContinuous} (MountainCarContinuous-v0),
 * {@link dev.bellman.envs.classic.Acrobot} (Acrobot-v1) and {@link dev.bellman.envs.classic.Pendulum} (Pendulum-v1);
 * also Bellman's CartPoleContinuous-v1 (CartPole with a continuous push,
 * {@link dev.bellman.env.wrappers.CartPoleContinuousAction}). Registered through {@link dev.bellman.envs.classic.ClassicControlRegistration}; make them with
 * {@code Envs.make("CartPole-v1")}.
 *
 * <p>"Numerically identical" means bit for bit: seeded full episodes recorded from Gymnasium 1.4.0 with NumPy 2
 * (tools/reference/gym_episodes.py) replay step for step, float64 internal state included
 * ({@code GymnasiumConformanceTest}). That takes three things beyond the equations: {@code sin}, {@code cos} and
 * {@code x ** 2} computed as glibc computes them, since NumPy and Python call glibc on Linux
 * ({@code GlibcTrig}, {@code GlibcPow}; the JDK's {@code Math.sin} and {@code x * x} round differently on a small
 * fraction of arguments, enough for a 500-step CartPole episode to drift); Python's left-to-right operation order;
 * and NumPy 2's float32 arithmetic where Gymnasium mixes float32 actions or state with Python floats
 * (MountainCarContinuous, Pendulum).
 */
package dev.bellman.envs.classic;
