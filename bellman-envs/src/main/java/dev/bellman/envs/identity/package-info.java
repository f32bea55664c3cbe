/**
 * Identity tasks: the trivial environments every algorithm must solve quickly (after Stable-Baselines3's
 * identity envs). Entry points: {@code Envs.make("Identity-v0")}, {@code Envs.make("IdentityContinuous-v0")}.
 */
package dev.bellman.envs.identity;
