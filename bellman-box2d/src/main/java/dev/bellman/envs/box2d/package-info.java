/**
 * Gymnasium 1.x's Box2D tasks on JBox2D 2.2.1: {@link dev.bellman.envs.box2d.LunarLander} ({@code LunarLander-v3},
 * {@code LunarLanderContinuous-v3}) and {@link dev.bellman.envs.box2d.BipedalWalker} ({@code BipedalWalker-v3},
 * {@code BipedalWalkerHardcore-v3}) and {@link dev.bellman.envs.box2d.CarRacing} ({@code CarRacing-v3}, from pixels, with
 * Gymnasium's tracks for each seed, {@code CarTrack}'s rules, drawn by a small rasteriser of
 * its own).
 *
 * <p>Constants, shaping terms, termination rules, observations and spaces follow Gymnasium's sources, and the
 * environments draw from {@link dev.bellman.env.NpRandom} what Gymnasium draws from NumPy, so a seed gives the same
 * terrain and the same initial push. The physics engine differs (JBox2D 2.2.1 against Box2D 2.3), so trajectories
 * agree only statistically: the module's conformance test compares Gymnasium's heuristic controllers' returns over 100
 * seeds and the first observation of each seed with figures recorded from Gymnasium by
 * {@code tools/fixtures/box2d_heuristics.py}.
 *
 * <p>{@link dev.bellman.envs.box2d.Box2DRegistration} registers the ids through
 * {@link dev.bellman.env.EnvRegistration}, so {@code Envs.make("LunarLander-v3")} works once this module is on the
 * class path. Physical parameters (engine powers, gravity, wind; motor torque, friction, leg length) are keyword
 * arguments, documented on each class.
 */
package dev.bellman.envs.box2d;
