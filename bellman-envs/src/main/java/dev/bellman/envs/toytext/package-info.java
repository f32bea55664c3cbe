/**
 * Toy-text environments with Gymnasium 1.x semantics, each exposing its full transition model as a
 * {@link dev.bellman.env.TabularModel} for planning: {@code GridWorld-v0} (Sutton &amp; Barto, Example 4.1),
 * {@code FrozenLake-v1}, {@code FrozenLake8x8-v1}, {@code CliffWalking-v0} and {@code Taxi-v3}.
 *
 * <p>Entry points: the environments through the registry ({@code Envs.make("FrozenLake-v1")}), or the models alone
 * through {@link dev.bellman.envs.toytext.ToyTextModels}.
 *
 * <p>Sampling follows Gymnasium's {@code categorical_sample} (cumulative sum, first index above one uniform draw of
 * {@code np_random.random()}), so a seeded reset and the same actions draw what Gymnasium draws.
 */
package dev.bellman.envs.toytext;
