/**
 * Demonstration data for imitation and inverse RL: {@link dev.bellman.core.demos.Dataset} (episodes of
 * {@link dev.bellman.core.demos.Episode} with observations, actions, rewards, terminations and truncations, the
 * env's spaces and metadata; summary statistics and a deterministic split by episode), the
 * {@link dev.bellman.core.demos.Recorder} that records episodes of a policy on an env, and the
 * {@link dev.bellman.core.demos.ImitationProvider} interface through which algorithms that learn from such data are
 * registered. The layout follows Farama's Minari (observations have one row more than actions); the file format lives
 * in the {@code bellman-datasets} module.
 */
package dev.bellman.core.demos;
