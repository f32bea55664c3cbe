/**
 * Identity tasks: the trivial environments every algorithm must solve quickly (after Stable-Baselines3's
 * identity envs). Entry points: {@code Envs.make("Identity-v0")}, {@code Envs.make("IdentityContinuous-v0")}, and
 * {@code Envs.make("BarOrientation-v0")}, 0/1 images ({@link dev.bellman.env.ByteBox}) whose answer a convolution
 * finds at every position at once.
 */
package dev.bellman.envs.identity;
