/**
 * Toy-text environments with Gymnasium 1.x semantics, each exposing its full transition model as a
 * {@link dev.bellman.env.TabularModel} for planning: {@code GridWorld-v0} (Sutton &amp; Barto, Example 4.1),
 * {@code FrozenLake-v1}, {@code FrozenLake8x8-v1}, {@code CliffWalking-v1}, {@code CliffWalkingSlippery-v1} and
 * {@code Taxi-v4} (the former ids {@code CliffWalking-v0} and {@code Taxi-v3} remain as deprecated aliases); and
 * {@link dev.bellman.envs.toytext.Blackjack} ({@code Blackjack-v1}, Sutton &amp; Barto's Example 5.1, observations in a
 * {@code Tuple(Discrete(32), Discrete(11), Discrete(2))}; it has no tabular model); and the deterministic mazes of
 * Sutton &amp; Barto's chapter 8 for Dyna, {@link dev.bellman.envs.toytext.DynaMaze} ({@code DynaMaze-v0},
 * {@code BlockingMaze-v0}, {@code ShortcutMaze-v0}; the last two change their wall after {@code change_at} steps).
 *
 * <p>Entry points: the environments through the registry ({@code Envs.make("FrozenLake-v1")}), or the models alone
 * through {@link dev.bellman.envs.toytext.ToyTextModels}.
 *
 * <p>Sampling follows Gymnasium's {@code categorical_sample} (cumulative sum, first index above one uniform draw of
 * {@code np_random.random()}), so a seeded reset and the same actions draw what Gymnasium draws; Blackjack's cards
 * come from {@code np_random.choice}. Seeded episodes of each id are checked against Gymnasium 1.4.0 step for step
 * ({@code GymnasiumConformanceTest}).
 */
package dev.bellman.envs.toytext;
