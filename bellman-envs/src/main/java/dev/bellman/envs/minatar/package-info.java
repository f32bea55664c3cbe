/**
 * MinAtar (Young &amp; Tian 2019, "MinAtar: An Atari-Inspired Testbed for Thorough and Reproducible Reinforcement
 * Learning Experiments", arXiv:1903.03176): Asterix, Breakout, Freeway, Seaquest and SpaceInvaders as 10×10 images
 * of 0/1 planes, ported from the reference implementation (github.com/kenjyoung/MinAtar) with its dynamics,
 * difficulty ramps, sticky actions (0.1), terminal conditions and rewards.
 *
 * <p>Entry points: {@code Envs.make("MinAtar/Breakout-v0")} (all six actions) and
 * {@code Envs.make("MinAtar/Breakout-v1")} (the game's minimal action set), likewise for the other games, registered
 * as the reference's own Gymnasium registration (no time limit); kwargs {@code sticky_action_prob} and
 * {@code difficulty_ramping}; {@code pixels=true} (and the ids {@code MinAtar/<Game>Pixels-v1}) gives Atari-style
 * stacked 84×84 grayscale screens instead ({@link dev.bellman.envs.minatar.MinAtarRegistration}). Observations are {@link dev.bellman.env.ByteBox#binary} {@code [C, 10, 10]}, channel-first
 * (the reference's {@code state()} is channel-last). Randomness comes from {@link dev.bellman.env.NpRandomState}, NumPy's
 * legacy {@code RandomState} bit for bit, so {@code reset(seed)} and the same actions give the Python package's frames,
 * rewards and terminations ({@code MinAtarConformanceTest} replays trajectories recorded by
 * {@code tools/fixtures/minatar_trajectories.py}). {@link dev.bellman.envs.minatar.MinAtarEnv} documents the details,
 * rendering with MinAtar's colours included.
 */
package dev.bellman.envs.minatar;
